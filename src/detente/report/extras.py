"""Forecast and bargaining results (``forecast.json``, ``bargain.json``), rendered generically.

Their producers evolve independently, so anything record-shaped becomes a table, anything
else a key/value list, and figure paths become embedded PNGs; nothing is trusted as HTML.
"""

from __future__ import annotations

import json
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


def forecast_section(path: Path) -> Section:
    """One forecast file; ``forecast-USA-PRK.json`` becomes the section "Forecasts: USA → PRK"."""
    pair = path.stem.split("-")[1:]
    sid = "forecasts" + "".join(f"-{p}" for p in pair)
    title = "Forecasts" + (f": {' → '.join(pair)}" if pair else "")
    data, err = read_json(path)
    if err or not isinstance(data, dict):
        return Section(sid, title, note(err or f"{path.name}: expected a JSON object", "warning"))
    parts = [note(f"From {path.name}: what the temporal knowledge-graph model expects next, ranked by score.")]
    if "query" in data:
        parts.append(render_value(data["query"], "Query"))
    if "predictions" in data:
        parts.append(render_value(data["predictions"], "Predictions"))
    for k, v in data.items():
        if k not in ("query", "predictions"):
            parts.append(render_value(v, k))
    return Section(sid, title, "\n".join(parts))


def bargain_section(path: Path) -> Section:
    data, err = read_json(path)
    if err or not isinstance(data, dict):
        return Section("bargaining", "Bargaining", note(err or f"{path.name}: expected a JSON object", "warning"))
    parts = [note(f"From {path.name}: bargaining over the scenario's issues.")]
    order = ["scenario", "issues", "forecasts", "leverage", "rounds"]
    for k in order + [k for k in data if k not in order and k != "figures"]:
        if k in data:
            parts.append(render_value(data[k], k))
    if data.get("figures"):
        figs, warns = figures_html(list(data["figures"]), path.parent)
        parts.append(f"<div class='figures'>{figs}</div>")
        parts.extend(note(w, "warning") for w in warns)
    return Section("bargaining", "Bargaining", "\n".join(parts))


def extra_sections(extras_dir: Path | None) -> list[Section]:
    """The forecast and bargaining sections present in ``extras_dir`` (section ids from the file names)."""
    if not extras_dir:
        return []
    out = []
    # forecast.json, or one forecast-SOURCE-TARGET.json per dyad
    for path in sorted(extras_dir.glob("forecast*.json")):
        out.append(forecast_section(path))
    if (extras_dir / "bargain.json").is_file():
        out.append(bargain_section(extras_dir / "bargain.json"))
    return out
