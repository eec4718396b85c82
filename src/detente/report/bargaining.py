"""The bargaining section as charts: predicted outcomes with their Monte Carlo spread, positions over
rounds, leverage; the raw records go into a collapsed appendix.

``bargain.json`` evolves with the bargaining models (new models, new record kinds), so every chart
reads only the fields it needs and skips what it does not find; unknown keys still reach the
appendix as generic tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from detente.report.charts import DYAD_COLORS, LAYOUT
from detente.report.extras import figures_html, read_json, render_value
from detente.report.html import figure_html, note
from detente.report.html import hover_esc as hesc
from detente.report.sections import Section

MODEL_SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x", "star", "cross"]
APPENDIX_ORDER = ["scenario", "issues", "forecasts", "leverage", "rounds", "moves", "influence"]


def _records(data: dict, key: str, *fields: str) -> list[dict]:
    """The records under ``key`` that have every field named (others are left to the appendix)."""
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [r for r in value if isinstance(r, dict) and all(f in r and r[f] is not None for f in fields)]


def issue_names(data: dict) -> dict[str, str]:
    return {str(i["id"]): str(i.get("name") or i["id"]) for i in _records(data, "issues", "id")}


def outcome_chart(data: dict) -> go.Figure | None:
    """Each model's predicted outcome per issue, with the middle 80% of the Monte Carlo draws as a bar."""
    rows = _records(data, "forecasts", "issue", "model", "outcome")
    if not rows:
        return None
    names = issue_names(data)
    issues = list(dict.fromkeys(str(r["issue"]) for r in rows))
    models = list(dict.fromkeys(str(r["model"]) for r in rows))
    fig = go.Figure()
    for i, model in enumerate(models):
        sel = [r for r in rows if str(r["model"]) == model]
        has_spread = all(r.get("low") is not None and r.get("high") is not None for r in sel)
        offset = (i - (len(models) - 1) / 2) * 0.5 / max(1, len(models))  # models side by side within an issue
        fig.add_trace(go.Scatter(
            x=[float(r["outcome"]) for r in sel], y=[issues.index(str(r["issue"])) + offset for r in sel],
            customdata=[names.get(str(r["issue"]), str(r["issue"])) for r in sel],
            mode="markers", name=hesc(model),
            marker=dict(size=12, symbol=MODEL_SYMBOLS[i % len(MODEL_SYMBOLS)], color=DYAD_COLORS[(2 * i) % 12]),
            error_x=dict(type="data", symmetric=False, array=[float(r["high"]) - float(r["outcome"]) for r in sel],
                         arrayminus=[float(r["outcome"]) - float(r["low"]) for r in sel]) if has_spread else None,
            hovertemplate=f"{hesc(model)}: %{{x:.1f}}<extra>%{{customdata}}</extra>",
        ))
    sq = [(issues.index(str(i["id"])), float(i["status_quo"])) for i in _records(data, "issues", "id", "status_quo")
          if str(i["id"]) in issues]
    if sq:
        fig.add_trace(go.Scatter(x=[v for _, v in sq], y=[n for n, _ in sq], mode="markers", name="status quo",
                                 marker=dict(size=16, symbol="line-ns-open", color="#333", line=dict(width=2)),
                                 hovertemplate="status quo: %{x:.1f}<extra></extra>"))
    fig.update_layout(**LAYOUT, title="Predicted outcome per issue (bars: middle 80% of Monte Carlo draws)",
                      xaxis=dict(title="position (0–100)", range=[-2, 102]), height=200 + 90 * len(issues),
                      legend=dict(orientation="h", y=-0.25),
                      yaxis=dict(autorange="reversed", tickvals=list(range(len(issues))), showgrid=False,
                                 ticktext=[hesc(names.get(i, i)) for i in issues]))
    return fig


def rounds_chart(data: dict) -> go.Figure | None:
    """Positions over the rounds of the expected-utility model; a menu picks the issue."""
    rows = _records(data, "rounds", "issue", "round", "actor", "position")
    if not rows:
        return None
    issues = list(dict.fromkeys(str(r["issue"]) for r in rows))
    names = issue_names(data)
    fig = go.Figure()
    owners: list[str] = []
    for issue in issues:
        sel = [r for r in rows if str(r["issue"]) == issue]
        for j, actor in enumerate(dict.fromkeys(str(r["actor"]) for r in sel)):
            path = sorted((int(r["round"]), float(r["position"])) for r in sel if str(r["actor"]) == actor)
            fig.add_trace(go.Scatter(x=[p[0] for p in path], y=[p[1] for p in path], mode="lines+markers",
                                     name=hesc(actor), visible=issue == issues[0],
                                     line=dict(color=DYAD_COLORS[(2 * j) % 12]), marker=dict(size=5),
                                     hovertemplate=f"{hesc(actor)}, round %{{x}}: %{{y:.1f}}<extra></extra>"))
            owners.append(issue)
    label = {i: hesc(names.get(i, i)) for i in issues}
    buttons = [dict(label=label[issue], method="update",
                    args=[{"visible": [o == issue for o in owners]}, {"title": f"Positions over rounds: {label[issue]}"}])
               for issue in issues]
    fig.update_layout(**LAYOUT, title=f"Positions over rounds: {label[issues[0]]}", xaxis=dict(title="round"),
                      yaxis=dict(title="position (0–100)"), height=420,
                      updatemenus=[dict(buttons=buttons, x=1.0, xanchor="right", y=1.18)] if len(issues) > 1 else [])
    return fig


def leverage_chart(data: dict) -> go.Figure | None:
    """How far each actor's leaving moves the predicted outcome (mean over models), per issue."""
    rows = _records(data, "leverage", "actor", "issue", "outcome", "outcome_without")
    if not rows:
        return None
    shift: dict[tuple[str, str], list[float]] = {}
    for r in rows:
        shift.setdefault((str(r["issue"]), str(r["actor"])), []).append(abs(float(r["outcome_without"]) - float(r["outcome"])))
    mean = {k: sum(v) / len(v) for k, v in shift.items()}
    actors = sorted({a for _, a in mean}, key=lambda a: -sum(v for (_, b), v in mean.items() if b == a))
    names = issue_names(data)
    fig = go.Figure()
    for i, issue in enumerate(dict.fromkeys(k[0] for k in mean)):
        fig.add_trace(go.Bar(x=actors, y=[mean.get((issue, a), 0.0) for a in actors], name=hesc(names.get(issue, issue)),
                             marker_color=DYAD_COLORS[(2 * i) % 12],
                             hovertemplate=f"{hesc(issue)}<br>%{{x}}: outcome moves %{{y:.1f}}<extra></extra>"))
    fig.update_layout(**LAYOUT, barmode="group", height=380, legend=dict(orientation="h", y=-0.2),
                      title="Leverage: how far the predicted outcome moves without the actor (mean over models)",
                      yaxis=dict(title="points on 0–100"))
    return fig


def bargain_section(path: Path) -> Section:
    """Charts first; every record, and the PNG figures, in a collapsed appendix."""
    data, err = read_json(path)
    return bargain_data_section(data, path.name, path.parent, err)


def bargain_data_section(data: Any, origin: str, base: Path, err: str | None = None) -> Section:
    """A bargaining result (``SimulationResult.to_json()``); figure paths resolve against ``base``."""
    if err or not isinstance(data, dict):
        return Section("bargaining", "Bargaining", note(err or f"{origin}: expected a JSON object", "warning"))
    figs: dict[str, Any] = {}
    parts = [note(f"From {origin}: bargaining over the scenario's issues (positions 0–100).")]
    for name, build in (("bargain_outcomes", outcome_chart), ("bargain_rounds", rounds_chart),
                        ("bargain_leverage", leverage_chart)):
        fig = build(data)
        if fig is not None:
            figs[name] = fig
            parts.append(figure_html(fig, f"chart-{name.replace('_', '-')}"))
    appendix = [render_value(data[k], k) for k in APPENDIX_ORDER + [k for k in data if k not in APPENDIX_ORDER]
                if k in data and k not in ("figures", "histograms")]
    if data.get("figures") and figs:  # the charts above show the same: name the PNG files, do not embed them
        appendix.append(note("Figures as PNG files beside " + origin + ": "
                             + ", ".join(Path(str(p)).name for p in data["figures"]) + "."))
    elif data.get("figures"):
        pics, warns = figures_html(list(data["figures"]), base)
        appendix.append(f"<div class='figures'>{pics}</div>")
        parts.extend(note(w, "warning") for w in warns)
    parts.append("<details class='appendix'><summary>Appendix: the raw records and figures of "
                 f"{origin}</summary>" + "\n".join(appendix) + "</details>")
    return Section("bargaining", "Bargaining", "\n".join(parts), figs)
