"""Small HTML helpers. Every string that may come from a document goes through ``esc``."""

from __future__ import annotations

import base64
import html
import json
import math
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import plotly.io as pio


def esc(value: Any) -> str:
    """Text → HTML-safe text (quotes too, so it is safe inside attributes)."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def fmt(value: Any, digits: int = 2) -> str:
    """A cell value as escaped text: floats rounded, missing as an en dash, containers as JSON."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:,.{digits}f}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (list, tuple, dict)):
        return esc(json.dumps(value, ensure_ascii=False, default=str))
    return esc(value)


def hover_esc(value: Any) -> str:
    """Text for a plotly label: ``&``, ``<`` and ``>`` escaped, quotes kept.

    Plotly decodes ``&lt;``, ``&gt;`` and ``&amp;`` back into visible characters without treating
    them as markup, but shows ``&quot;`` literally; with ``<`` escaped no tag (and so no attribute)
    can start, so quotes need no escaping here. Attributes and HTML use ``esc``.
    """
    return "" if value is None else html.escape(str(value), quote=False)


def hover_lines(text: str, width: int = 80, max_chars: int = 220) -> str:
    """Text for a plotly hover label: shortened, wrapped with ``<br>``, each piece escaped."""
    text = " ".join(str(text).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    return "<br>".join(hover_esc(line) for line in textwrap.wrap(text, width)) if text else ""


def table(rows: Iterable[dict[str, Any]], columns: list[tuple[str, str]] | None = None, cls: str = "",
          raw: set[str] | None = None, digits: int = 2) -> str:
    """An HTML table; ``columns`` are (key, heading) pairs (default: every key, in first-seen order).

    Cells are escaped unless their key is in ``raw`` (for HTML this module built itself).
    """
    rows = list(rows)
    if columns is None:
        seen: dict[str, None] = {}
        for r in rows:
            for k in r:
                seen.setdefault(k, None)
        columns = [(k, k) for k in seen]
    raw = raw or set()
    head = "".join(f"<th>{esc(h)}</th>" for _, h in columns)
    body = []
    for r in rows:
        cells = []
        for k, _ in columns:
            v = r.get(k)
            cells.append(f"<td>{v if k in raw else fmt(v, digits)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def figure_html(fig: Any, div_id: str, height: int | None = None) -> str:
    """A plotly figure as a div + script; plotly.js itself is embedded once in the page head.

    Plotly's JSON encoder writes ``<``, ``>`` and ``/`` as ``\\u003c`` etc., so no string in the
    figure can close the script element.
    """
    if height:
        fig.update_layout(height=height)
    body = pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})
    return f'<div class="chart" data-chart="{esc(div_id)}">{body}</div>'


def png_data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def note(text: str, kind: str = "note") -> str:
    return f'<p class="{esc(kind)}">{esc(text)}</p>'
