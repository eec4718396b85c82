"""Forecast and bargaining results (``forecast.json``, ``bargain.json``), rendered generically.

Their producers evolve independently, so anything record-shaped becomes a table, anything
else a key/value list, and figure paths become embedded PNGs; nothing is trusted as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from detente.report.html import esc, fmt, note, png_data_uri, table
from detente.report.sections import Section

MAX_ROWS = 200
SCROLL_ROWS = 15


def read_json(path: Path) -> tuple[Any, str | None]:
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except (OSError, ValueError) as exc:
        return None, f"{path.name} could not be read: {str(exc).splitlines()[0]}"


def render_value(value: Any, title: str | None = None) -> str:
    """Records → table; a dict → key/value table; a list of scalars → a list; else text."""
    head = f"<h3>{esc(title)}</h3>" if title else ""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        rows = [flatten(v) for v in value[:MAX_ROWS]]
        more = note(f"Showing {MAX_ROWS} of {len(value)} rows.") if len(value) > MAX_ROWS else ""
        body = table(rows)
        if len(rows) > SCROLL_ROWS:  # long tables scroll inside the page instead of stretching it
            body = f"<div class='scroll'>{body}</div>"
        return head + body + more
    if isinstance(value, dict):
        rows = [{"key": k, "value": v} for k, v in value.items()]
        return head + table(rows, [("key", ""), ("value", "")], cls="facts")
    if isinstance(value, list):
        if not value:
            return head + note("(none)")
        return head + "<ul>" + "".join(f"<li>{fmt(v)}</li>" for v in value[:MAX_ROWS]) + "</ul>"
    return head + f"<p>{fmt(value)}</p>"


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """Lists of scalars read better joined (``explanation`` lines), the rest stays as is."""
    out: dict[str, Any] = {}
    for k, v in record.items():
        if isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v):
            out[k] = "; ".join(str(x) for x in v)
        else:
            out[k] = v
    return out


def find_figure(path: Path, base: Path) -> Path | None:
    """A PNG named absolutely, beside the JSON, relative to the working folder, or by its name beside the JSON."""
    if path.suffix.lower() != ".png":
        return None
    for candidate in (path, base / path, Path.cwd() / path, base / path.name):
        if candidate.is_file():
            return candidate
    return None


def figures_html(paths: list[Any], base: Path) -> tuple[str, list[str]]:
    """PNG figures embedded as data URIs; missing or non-PNG paths give a warning, not a failure."""
    parts, warns = [], []
    for p in paths:
        path = find_figure(Path(str(p)), base)
        if path is None:
            warns.append(f"figure {p} not found (or not a PNG)")
            continue
        parts.append(f'<figure><img alt="{esc(path.name)}" src="{png_data_uri(path)}"><figcaption>{esc(path.name)}'
                     "</figcaption></figure>")
    return "".join(parts), warns


def ranked_predictions(predictions: list) -> tuple[list[dict], list[dict]]:
    """(specific, broad): full CAMEO codes and two-digit root codes, each ranked by score on its own.

    A root code ("04 Consult") and a full code under it ("042 Make a visit") are not alternatives,
    so ranking them together would compare a category with one of its members.
    """
    rows = [p for p in predictions if isinstance(p, dict)]
    key = lambda p: -float(p.get("score") or 0)  # noqa: E731
    broad = sorted([p for p in rows if len(str(p.get("cameo") or "")) == 2], key=key)
    specific = sorted([p for p in rows if p not in broad], key=key)
    return specific, broad


def prediction_rows(predictions: list[dict]) -> list[dict]:
    """Names, not relation ids: rank, event name with its code, target, score and the explanation."""
    return [{"rank": i, "event": f"{p.get('name') or '?'} ({p.get('cameo') or '?'})", "target": p.get("target"),
             "score": p.get("score"), "why": "; ".join(str(x) for x in p.get("explanation") or [])}
            for i, p in enumerate(predictions, 1)]


def forecast_section(path: Path) -> Section:
    """One forecast file; ``forecast-USA-PRK.json`` becomes the section "Forecasts: USA → PRK"."""
    data, err = read_json(path)
    return forecast_data_section(data, path.stem.split("-")[1:], path.name, err)


def forecast_data_section(data: Any, pair: list[str], origin: str, err: str | None = None) -> Section:
    """A forecast (``Forecast.to_json()``) of the dyad ``pair``; ``origin`` names where it came from."""
    sid = "forecasts" + "".join(f"-{p}" for p in pair)
    title = "Forecasts" + (f": {' → '.join(pair)}" if pair else "")
    if err or not isinstance(data, dict):
        return Section(sid, title, note(err or f"{origin}: expected a JSON object", "warning"))
    parts = [note(f"From {origin}: what the temporal knowledge-graph model expects next, ranked by score.")]
    if isinstance(data.get("query"), dict):
        q = data["query"]
        parts.append(f"<p>Next events from <b>{esc(q.get('source', '?'))}</b> to <b>{esc(q.get('target') or 'anyone')}"
                     f"</b> after {esc(q.get('date', '?'))}, learned from {fmt(q.get('history_events'))} earlier events"
                     f" (model {esc(q.get('model', '?'))}).</p>")
    cols = [("rank", "#"), ("event", "event"), ("target", "target"), ("score", "score"), ("why", "why")]
    specific, broad = ranked_predictions(data.get("predictions") or [])
    if specific:
        parts.append("<h3>Specific events</h3>" + table(prediction_rows(specific), cols, digits=3))
    if broad:
        parts.append("<h3>Broad categories (CAMEO root codes)</h3>" + table(prediction_rows(broad), cols, digits=3))
    if not specific and not broad:
        parts.append(note("No predictions."))
    rest = [render_value(v, k) for k, v in data.items() if k not in ("query", "predictions")]
    if rest:
        parts.append("<details><summary>Other fields</summary>" + "".join(rest) + "</details>")
    return Section(sid, title, "\n".join(parts))


def result_sections(forecasts: Sequence[Any] = (), bargain: Any = None) -> list[Section]:
    """Sections for results handed over in memory (``Forecast``, ``SimulationResult``: anything with ``to_json``)."""
    from detente.report.bargaining import bargain_data_section

    out = []
    for f in forecasts:
        data = f.to_json()
        query = data.get("query") or {}
        pair = [str(query["source"]), str(query["target"])] if len(forecasts) > 1 and query.get("target") else []
        out.append(forecast_data_section(data, pair, f"the forecast of {query.get('source')}"
                                         f" → {query.get('target') or 'anyone'}"))
    if bargain is not None:
        out.append(bargain_data_section(bargain.to_json(), "the bargaining simulation", Path.cwd()))
    return out


def extra_sections(extras_dir: Path | None) -> list[Section]:
    """The forecast and bargaining sections present in ``extras_dir`` (section ids from the file names)."""
    if not extras_dir:
        return []
    out = []
    # forecast.json, or one forecast-SOURCE-TARGET.json per dyad
    for path in sorted(extras_dir.glob("forecast*.json")):
        out.append(forecast_section(path))
    if (extras_dir / "bargain.json").is_file():
        from detente.report.bargaining import bargain_section  # it renders its appendix with this module

        out.append(bargain_section(extras_dir / "bargain.json"))
    return out
