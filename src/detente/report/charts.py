"""Interactive plotly figures for the report. Hover labels carry the events behind each point."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from detente.analysis.dyads import dyad_name, period_start
from detente.analysis.timeline import actor_text, date_text, event_name
from detente.analysis.triangle import TriangleResult
from detente.ontology import QUAD_CLASS_NAMES
from detente.report.html import hover_esc as esc
from detente.report.html import hover_lines

QUAD_COLORS = {1: "#74c476", 2: "#238b45", 3: "#fd8d3c", 4: "#cb181d"}
DYAD_COLORS = ["#1f77b4", "#aec7e8", "#d62728", "#ff9896", "#2ca02c", "#98df8a", "#9467bd", "#c5b0d5",
               "#8c564b", "#c49c94", "#e377c2", "#f7b6d2"]
LAYOUT = dict(template="plotly_white", margin=dict(l=50, r=20, t=40, b=40), hoverlabel=dict(align="left"))


def event_line(r: dict) -> str:
    """One event as a hover line: date, code name, actors' words, and the quote when there is one."""
    code = str(r.get("cameo") or "")
    date = date_text(r.get("date"), r.get("date_precision"), r.get("day")) or "?"
    who = f"{actor_text(r, 'source')} → {actor_text(r, 'target')}"
    text = f"{date} {code} {event_name(code)} ({who})"
    n = int(r.get("n_reports") or 1)
    if n > 1:
        text += f" ×{n} reports"
    quote = r.get("sentence")
    head = hover_lines(text, max_chars=140)
    return head + ("<br><i>“" + hover_lines(quote, max_chars=200) + "”</i>" if isinstance(quote, str) and quote else "")


def period_hover(events: pd.DataFrame, freq: str, per_point: int = 3) -> dict[tuple[str, str, pd.Timestamp], str]:
    """For each (src, tgt, period): the strongest few events, escaped, as hover text."""
    if events.empty:
        return {}
    ev = events.assign(period=period_start(events["day"], freq).to_numpy(),
                       strength=pd.to_numeric(events["goldstein"], errors="coerce").abs().fillna(0))
    ev = ev.sort_values(["strength", "day"], ascending=[False, True])
    sizes = ev.groupby(["src", "tgt", "period"]).size()
    out: dict[tuple[str, str, pd.Timestamp], str] = {}
    for key, grp in ev.groupby(["src", "tgt", "period"]).head(per_point).groupby(["src", "tgt", "period"]):
        lines = [event_line(r) for r in grp.to_dict("records")]
        more = int(sizes[key]) - len(lines)
        if more > 0:
            lines.append(f"… and {more} more")
        out[(key[0], key[1], pd.Timestamp(key[2]))] = "<br>".join(lines)
    return out


def dyad_lines(panel: dict[tuple[str, str], pd.DataFrame], hover: dict, freq: str,
               value: str = "goldstein_sum") -> go.Figure:
    """Goldstein sum per period for every directed dyad; hover lists the events behind the point."""
    fig = go.Figure()
    for i, ((a, b), f) in enumerate(panel.items()):
        texts = [hover.get((a, b, pd.Timestamp(p)), "no events") for p in f.index]
        fig.add_trace(go.Scatter(
            x=f.index, y=f[value], mode="lines+markers", name=dyad_name(a, b), hovertext=texts,
            line=dict(color=DYAD_COLORS[i % len(DYAD_COLORS)], width=1.6), marker=dict(size=4),
            customdata=f["events"].astype(int).tolist(),
            hovertemplate=f"<b>{esc(dyad_name(a, b))}</b> %{{x|%Y-%m-%d}}<br>Goldstein sum %{{y:.1f}},"
                          " %{customdata} events<br>%{hovertext}<extra></extra>",
        ))
    fig.update_layout(**LAYOUT, title=f"Goldstein sum per {freq} (cooperation > 0 > conflict)",
                      hovermode="closest", legend=dict(orientation="h", y=-0.15))
    return fig


def quad_bars(panel: dict[tuple[str, str], pd.DataFrame], freq: str) -> go.Figure:
    """Stacked event counts by QuadClass, one small panel per directed dyad."""
    keys = list(panel)
    cols = 2
    rows = max(1, math.ceil(len(keys) / cols))
    fig = make_subplots(rows=rows, cols=cols, shared_xaxes=True, subplot_titles=[dyad_name(a, b) for a, b in keys],
                        vertical_spacing=0.08 if rows > 1 else 0.2)
    for i, key in enumerate(keys):
        f = panel[key]
        for q in (1, 2, 3, 4):
            fig.add_trace(go.Bar(
                x=f.index, y=f[f"q{q}"], name=QUAD_CLASS_NAMES[q], marker_color=QUAD_COLORS[q],
                legendgroup=str(q), showlegend=i == 0,
                hovertemplate=f"{esc(dyad_name(*key))} %{{x|%Y-%m-%d}}: %{{y}} {QUAD_CLASS_NAMES[q].lower()}<extra></extra>",
            ), row=i // cols + 1, col=i % cols + 1)
    fig.update_layout(**LAYOUT, barmode="stack", title=f"Events per {freq} by QuadClass",
                      height=max(320, 200 * rows), legend=dict(orientation="h", y=-0.08))
    return fig


def granger_heatmap(res: TriangleResult) -> go.Figure:
    """p-values of every Granger test: row = effect, column = cause (dark = strong evidence).

    Drawn as square scatter markers, not a heatmap trace, so the report can embed plotly's small
    "basic" bundle (scatter, bar, pie).
    """
    rows = [r for r in res.granger.to_dict("records") if r["p"] == r["p"]]
    fig = go.Figure(go.Scatter(
        x=[r["cause"] for r in rows], y=[r["effect"] for r in rows], mode="markers+text",
        text=[f"{r['p']:.3f}" for r in rows],
        textfont=dict(size=11, color=["#fff" if r["p"] < 0.08 else "#1d2430" for r in rows]),
        marker=dict(symbol="square", size=54, color=[r["p"] for r in rows], colorscale="Blues", reversescale=True,
                    cmin=0, cmax=0.2, colorbar=dict(title="p"), line=dict(color="#fff", width=1)),
        hovertemplate="does %{x} precede %{y}?<br>raw p = %{text}<extra></extra>",
    ))
    order = dict(categoryorder="array", categoryarray=res.variables, showgrid=False)
    fig.update_layout(**LAYOUT, title=f"Granger tests, VAR({res.lag}): raw p-values of every pair",
                      xaxis=dict(title="cause (its past …)", **order),
                      yaxis=dict(title="effect (… predicts this)", autorange="reversed", **order), height=480)
    return fig


def irf_chart(res: TriangleResult) -> go.Figure:
    """Orthogonalised impulse responses; a menu picks which dyad is shocked.

    The chart opens on the cause of the strongest Granger result, the shock most worth seeing.
    """
    names = res.variables
    k = len(names)
    first = 0
    if not res.granger.empty and res.granger["p"].notna().any():
        first = names.index(res.granger.loc[res.granger["p"].idxmin(), "cause"])
    h = np.arange(res.irf.shape[0])
    fig = go.Figure()
    for j, impulse in enumerate(names):
        for i, response in enumerate(names):
            fig.add_trace(go.Scatter(
                x=h, y=res.irf[:, i, j], name=response, visible=(j == first),
                line=dict(color=DYAD_COLORS[i % len(DYAD_COLORS)]),
                error_y=dict(type="data", symmetric=False, array=res.irf_upper[:, i, j] - res.irf[:, i, j],
                             arrayminus=res.irf[:, i, j] - res.irf_lower[:, i, j], thickness=0.8, width=2)
                if res.irf_lower is not None else None,
                hovertemplate=f"shock to {esc(impulse)} → {esc(response)}<br>period %{{x}}: %{{y:.2f}}<extra></extra>",
            ))
    buttons = []
    for j, impulse in enumerate(names):
        vis = [jj == j for jj in range(k) for _ in range(k)]
        buttons.append(dict(label=f"shock: {impulse}", method="update",
                            args=[{"visible": vis}, {"title": f"Responses to a shock in {impulse}"}]))
    fig.update_layout(**LAYOUT, title=f"Responses to a shock in {names[first]}", xaxis_title="periods after the shock",
                      yaxis_title="response (Goldstein sum)", height=440,
                      updatemenus=[dict(buttons=buttons, active=first, direction="down", x=1.0, xanchor="right",
                                        y=1.15)])
    return fig


def network_chart(g: nx.DiGraph, broker: str | None) -> go.Figure:
    """Analysed actors inside, partners around; arrows coloured by net Goldstein, width by volume."""
    inner = [n for n in g.nodes if g.nodes[n].get("analysed")]
    outer = [n for n in g.nodes if not g.nodes[n].get("analysed")]
    pos: dict[str, tuple[float, float]] = {}
    inner_r = 0.45 if outer else 1.0
    for ring, nodes, turn in ((inner_r, inner, 0.0), (1.0, outer, math.pi / max(3, len(inner)))):
        for i, n in enumerate(nodes):
            angle = math.pi / 2 + turn + 2 * math.pi * i / max(1, len(nodes))
            pos[n] = (ring * math.cos(angle), ring * math.sin(angle)) if len(nodes) > 1 or ring > 0.5 else (0.0, 0.0)
    fig = go.Figure()
    top = max([d["events"] for _, _, d in g.edges(data=True)] or [1])
    mx, my, mtext = [], [], []
    arrows: list[dict] = []  # set at once: plotly re-validates every annotation on each add
    for u, v, d in g.edges(data=True):
        if d["events"] < 0.02 * top:  # hairline ties clutter the picture; the tables keep them
            continue
        (x0, y0), (x1, y1) = pos[u], pos[v]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1.0
        ox, oy = -dy / length * 0.04, dx / length * 0.04  # offset so u→v and v→u do not overlap
        color = "#238b45" if d["goldstein_sum"] > 0 else ("#cb181d" if d["goldstein_sum"] < 0 else "#888")
        arrows.append(dict(x=x1 - dx * 0.09 + ox, y=y1 - dy * 0.09 + oy, ax=x0 + dx * 0.09 + ox,
                           ay=y0 + dy * 0.09 + oy, xref="x", yref="y", axref="x", ayref="y", showarrow=True,
                           arrowhead=2, arrowsize=1, arrowwidth=1 + 5 * math.sqrt(d["events"] / top),
                           arrowcolor=color, opacity=0.75, text=""))
        mx.append((x0 + x1) / 2 + ox)
        my.append((y0 + y1) / 2 + oy)
        mtext.append(f"<b>{esc(u)} → {esc(v)}</b><br>{d['events']} events: {d['coop']} cooperative, "
                     f"{d['conflict']} conflictual<br>Goldstein sum {d['goldstein_sum']:.1f}")
    fig.add_trace(go.Scatter(x=mx, y=my, mode="markers", marker=dict(size=10, opacity=0), hovertext=mtext,
                             hoverinfo="text", showlegend=False))
    names = list(g.nodes)
    strength = [sum(d["events"] for _, _, d in g.in_edges(n, data=True)) +
                sum(d["events"] for _, _, d in g.out_edges(n, data=True)) for n in names]
    smax = max(strength or [1]) or 1
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in names], y=[pos[n][1] for n in names], mode="markers+text", text=[esc(n) for n in names],
        textposition="middle center", showlegend=False,
        marker=dict(size=[26 + 30 * math.sqrt(s / smax) for s in strength],
                    color=["#ffd92f" if n == broker else ("#9ecae1" if g.nodes[n].get("analysed") else "#eeeeee")
                           for n in names], line=dict(color="#333", width=1)),
        hovertext=[f"<b>{esc(n)}</b>{' (broker)' if n == broker else ''}<br>{s} events sent+received"
                   for n, s in zip(names, strength)], hoverinfo="text",
    ))
    fig.update_layout(**LAYOUT, annotations=arrows, title="Network: arrows sender → receiver (green: net cooperation, red: net conflict)",
                      xaxis=dict(visible=False, range=[-1.25, 1.25]), yaxis=dict(visible=False, range=[-1.2, 1.2],
                      scaleanchor="x"), height=560)
    return fig


def timeline_chart(rows: list[dict]) -> go.Figure:
    """Events among the analysed actors by date and dyad: colour = QuadClass, hollow = not counted."""
    fig = go.Figure()
    dated = [r for r in rows if r["day"] is not None and r.get("among", True)]
    for q in (1, 2, 3, 4, None):
        for counted in (True, False):
            sel = [r for r in dated if r["quad_class"] == q and r["counted"] == counted]
            if not sel:
                continue
            name = (QUAD_CLASS_NAMES.get(q, "uncoded") if q else "uncoded") + ("" if counted else " (not counted)")
            fig.add_trace(go.Scatter(
                x=[r["day"] for r in sel], y=[f"{r['src']}→{r['tgt']}" for r in sel], mode="markers", name=name,
                marker=dict(color=QUAD_COLORS.get(q, "#999"), size=10,
                            symbol="circle" if counted else "circle-open", line=dict(width=1.5, color=QUAD_COLORS.get(q, "#999"))),
                hovertext=[f"<b>{esc(r['date'])}</b> {esc(r['source'])} → {esc(r['target'])}<br>"
                           f"{esc(r['cameo'])} {esc(r['event'])} · {esc(r['modality'])}"
                           + (f"<br><i>“{hover_lines(r['sentence'])}”</i>" if r["sentence"] else "") for r in sel],
                hoverinfo="text",
            ))
    n_rows = len({f"{r['src']}→{r['tgt']}" for r in dated})
    hint = "hover for the quoted sentence" if any(r["sentence"] for r in dated) else "hover for details"
    fig.update_layout(**LAYOUT, title=f"Timeline ({hint})", hovermode="closest",
                      height=max(300, 120 + 22 * n_rows), legend=dict(orientation="h", y=-0.2))
    return fig
