"""Timelines: events in date order with actors, code, modality and the quoted sentence."""

from __future__ import annotations

import pandas as pd

from detente.ontology import QUAD_CLASS_NAMES, name_of
from detente.records import COUNTED_MODALITIES


def event_name(code: str) -> str:
    """The CAMEO name for display (the table's root names are in capitals: ``REJECT`` → ``Reject``)."""
    name = name_of(code) or ""
    return name.capitalize() if name.isupper() else name


def _text(value: object) -> str | None:
    """A present, non-empty string, else None (pandas gives NaN for missing strings)."""
    return value if isinstance(value, str) and value else None


def actor_text(row: pd.Series | dict, side: str) -> str:
    """``CHN (Beijing)``: the analysed label, with the words the document used when they differ."""
    label = _text(row.get("src" if side == "source" else "tgt"))
    code = _text(row.get(f"{side}_code")) or _text(row.get(f"{side}_country"))
    text = _text(row.get(f"{side}_text"))
    main = label or code or text
    if main is None:
        return "–"
    extra = text if text and text != main else (code if code and code != main else None)
    return f"{main} ({extra})" if extra else main


def date_text(date: object, precision: object = None, day: object = None) -> str:
    """A date shown at its precision: a year-precision date is "2022", a month one "2022-03"."""
    text = _text(date) or (pd.Timestamp(day).date().isoformat() if day is not None and not pd.isna(day) else "")
    keep = {"year": 4, "month": 7}.get(_text(precision) or "")
    return text[:keep] if keep and len(text) >= keep else text


def timeline_rows(events: pd.DataFrame, counted: tuple[str, ...] = COUNTED_MODALITIES) -> list[dict]:
    """Plain rows for a timeline table or chart, oldest first; strings are raw (escape when rendering)."""
    rows: list[dict] = []
    for _, r in events.iterrows():
        code = str(r.get("cameo") or "")
        q = r.get("quad_class")
        q = int(q) if q is not None and not pd.isna(q) else None
        g = r.get("goldstein")
        day = r.get("day")
        rows.append({
            "id": r.get("id"),
            "date": date_text(r.get("date"), r.get("date_precision"), day),
            "day": None if day is None or pd.isna(day) else pd.Timestamp(day),
            "source": actor_text(r, "source"),
            "target": actor_text(r, "target"),
            "src": _text(r.get("src")) or "–", "tgt": _text(r.get("tgt")) or "–",
            "cameo": code,
            "event": event_name(code),
            "quad_class": q,
            "quad_name": QUAD_CLASS_NAMES.get(q, "") if q else "",
            "goldstein": None if g is None or pd.isna(g) else float(g),
            "modality": _text(r.get("modality")) or "",
            "counted": (_text(r.get("modality")) or "asserted") in counted,
            "sentence": _text(r.get("sentence")) or "",
            "doc_id": _text(r.get("doc_id")) or "",
            "origin": _text(r.get("origin")) or "",
            "n_reports": int(r.get("n_reports") or 1),
            "among": bool(r.get("among", True)),
        })
    return rows
