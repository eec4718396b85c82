"""The report's sections as HTML fragments, from analysis results. Strings are escaped here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from detente.analysis.network import Brokerage
from detente.analysis.triangle_study import TriangleStudy
from detente.report import charts
from detente.report.html import esc, figure_html, fmt, note, table


@dataclass
class Section:
    id: str
    title: str
    body: str
    figures: dict[str, Any] = field(default_factory=dict)  # name → plotly figure (for PNG export)


def warnings_html(items: list[str]) -> str:
    return "".join(f'<p class="warning">⚠ {esc(w)}</p>' for w in items)


def corpus_section(info: dict[str, Any]) -> Section:
    """What the report is built from: documents, origins, modalities, the window."""
    parts = [
        f"<p>Store <code>{esc(info['db'])}</code>: {fmt(info['documents'])} documents, {fmt(info['events'])} events"
        f" in total; {fmt(info['in_scope'])} events involve {esc(', '.join(info['actors']))} in the window"
        f" {esc(info['window'])}.</p>",
        "<div class='cols'>",
        "<div><h3>Events by origin</h3>" + table(info["by_origin"], [("origin", "origin"), ("n", "events")]) + "</div>",
        "<div><h3>Events by modality</h3>" + table(info["by_modality"], [("modality", "modality"), ("n", "events"),
                                                                         ("counted", "counted")]) + "</div>",
        "</div>",
        note(f"Counted modalities: {', '.join(info['counted'])}; the others are stored and shown in the timeline"
             " only. Duplicate reports (same source, target, CAMEO code and day) are counted once."
             if info["dedupe"] else f"Counted modalities: {', '.join(info['counted'])}. Duplicates are kept."),
    ]
    if info["docs"]:
        cols = [("date", "date"), ("title", "title"), ("publisher", "publisher"), ("id", "document"),
                ("events", "events")]
        shown = f"{len(info['docs'])} of {info['docs_total']}" if info["docs_total"] > len(info["docs"]) else str(
            len(info["docs"]))
        parts.append(f"<details><summary><b>Documents</b> ({shown}, by date; click to open)</summary>"
                     + table(info["docs"], cols, cls="docs") + "</details>")
    return Section("corpus", "Corpus", "\n".join(parts))


def timeline_section(rows: list[dict], total: int, limit: int) -> Section:
    """The chart and the table of events, every modality, with the quoted sentence."""
    figs: dict[str, Any] = {}
    parts = []
    if not rows:
        parts.append(note("No events involve these actors in this window."))
        return Section("timeline", "Timeline", "\n".join(parts))
    if any(r["among"] and r["day"] is not None for r in rows):
        fig = charts.timeline_chart(rows)
        figs["timeline"] = fig
        parts.append(figure_html(fig, "chart-timeline"))
    if total > len(rows):
        parts.append(note(f"Showing {len(rows)} of {total:,} events (cap {limit}): quoted events first, then events"
                          " among the analysed actors, spread over time (the most intense of each dyad and week"
                          " first). The chart shows"
                          " events among the analysed actors; the table also lists their other partners."))
    quotes = any(r["sentence"] for r in rows)  # imported data sets carry no sentences: no empty column
    body = []
    for r in rows:
        badge = "" if r["counted"] else ' <span class="badge">not counted</span>'
        quad = f'<span class="q q{r["quad_class"]}">{esc(r["quad_name"])}</span>' if r["quad_class"] else ""
        reports = f' <span class="muted">×{r["n_reports"]} reports</span>' if r["n_reports"] > 1 else ""
        quote = f"<td class='quote'>{esc(r['sentence'])}{reports}</td>" if quotes else ""
        body.append(
            f"<tr><td class='nowrap'>{esc(r['date'])}</td><td>{esc(r['source'])}</td><td>{esc(r['target'])}</td>"
            f"<td><code>{esc(r['cameo'])}</code> {esc(r['event'])}{'' if quotes else reports}<br>{quad}</td>"
            f"<td>{esc(r['modality'])}{badge}</td>{quote}"
            f"<td class='muted'>{esc(r['doc_id'] or r['origin'])}</td></tr>")
    head = ["date", "source", "target", "event", "modality"] + (["quote"] if quotes else []) + ["document"]
    parts.append("<div class='scroll'><table class='timeline'><thead><tr>" + "".join(f"<th>{h}</th>" for h in head)
                 + "</tr></thead><tbody>" + "".join(body) + "</tbody></table></div>")
    return Section("timeline", "Timeline", "\n".join(parts), figs)


def dyads_section(panel: dict, summary: pd.DataFrame, hover: dict, freq: str,
                  counts: dict[str, int] | None = None) -> Section:
    figs: dict[str, Any] = {}
    parts = [note(f"Directed dyads per {freq}; empty periods are zeros. Goldstein scores run from −10 (most"
                  " conflictual) to +10 (most cooperative); cooperation = QuadClass 1–2, conflict = 3–4.")]
    if summary.empty or summary["events"].sum() == 0:
        c = counts or {}
        parts.append(note(f"No dated, counted events between these actors in this window. The store holds"
                          f" {c.get('store', 0):,} events; {c.get('in_scope', 0):,} involve one of these actors (any"
                          " modality, any partner; see the timeline).", "warning"))
    if panel and next(iter(panel.values())).shape[0]:
        figs["dyads"] = charts.dyad_lines(panel, hover, freq)
        figs["quadclass"] = charts.quad_bars(panel, freq)
        parts.append(figure_html(figs["dyads"], "chart-dyads"))
        parts.append(figure_html(figs["quadclass"], "chart-quadclass"))
    cols = [("dyad", "dyad"), ("events", "events"), ("goldstein_sum", "Goldstein sum"),
            ("goldstein_mean", "mean"), ("q1", "verbal coop."), ("q2", "material coop."), ("q3", "verbal confl."),
            ("q4", "material confl."), ("coop_share", "coop. share"), ("conflict_share", "conflict share"),
            ("active_periods", "active periods"), ("periods", "periods")]
    parts.append(table(summary.to_dict("records"), cols))
    return Section("dyads", "Dyads", "\n".join(parts), figs)


def triangle_section(study: TriangleStudy | None, extra_note: str | None = None) -> Section:
    """The verdict first, then the window and checks that back it, then the tests and charts."""
    figs: dict[str, Any] = {}
    if study is None:
        return Section("triangle", "Triangle", note("The triangle needs three actors.", "warning"))
    res = study.result
    kind = "verdict" if study.ok else "verdict warning"
    parts = [f'<p class="{kind}">{esc(study.verdict())}</p>',
             f"<p>Vector autoregression on the six directed Goldstein-sum series of {esc(', '.join(study.actors))}"
             f" per {esc(study.freq)} (Goldstein &amp; Pevehouse 1997).</p>"]
    if extra_note:
        parts.append(note(extra_note))
    facts = [{"item": "window", "value": f"{study.window_text}: {study.window_rule}"},
             {"item": f"{study.period_word} in the window", "value": study.periods},
             {"item": "series in the model", "value": len(res.variables) if res else 0},
             {"item": "differenced (unit roots)", "value": study.differenced}]
    if res is not None and res.ok:
        facts += [{"item": f"lags ({res.ic.upper()}, at most {res.lag_cap})", "value": res.lag},
                  {"item": f"{study.period_word} used in estimation", "value": res.n_obs}]
    parts.append(table(facts, [("item", ""), ("value", "")], cls="facts"))
    parts.append(warnings_html(study.warnings))
    if study.checks:
        rows = [{"series": c.name, "events": c.events, "active": f"{c.active_periods} of {c.periods}",
                 "adf": c.adf_p, "kpss": c.kpss_p, "stationarity": c.stationarity, "used": c.used}
                for c in study.checks]
        parts.append("<details><summary>Pre-fit checks per series</summary>" + table(
            rows, [("series", "series"), ("events", "events"), ("active", f"{study.period_word} with events"),
                   ("adf", "ADF p"), ("kpss", "KPSS p"), ("stationarity", "stationarity"), ("used", "in the model")],
            digits=3) + note("ADF: small p = no unit root; KPSS: small p = not stationary. A series needs events in"
                             " at least half of the periods.") + "</details>")
    if study.ok:
        parts.append("<h3>Questions</h3>")
        parts.append(note("“Precede” means Granger-cause: past values of the first dyad improve the forecast of the"
                          " second beyond its own past (F test). Reciprocity: B answers A; pass-through: pressure"
                          " A puts on B shows up in what B does to C. Partial R² is the effect size; adjusted p"
                          f" corrects for asking {len(study.tested)} questions at once ({study.settings.correction})."))
        qrows = [{"kind": q.kind, "question": q.text, "test": f"{q.cause} ⇒ {q.effect}", "F": q.F,
                  "r2": q.partial_r2, "p": q.p, "p_adj": q.p_adjusted, "answer": q.answer}
                 for q in sorted(study.questions, key=lambda q: q.p_adjusted if q.p_adjusted is not None else 2)]
        parts.append(table(qrows, [("kind", "kind"), ("question", "question"), ("test", "test"), ("F", "F"),
                                   ("r2", "partial R²"), ("p", "p"), ("p_adj", "adjusted p"), ("answer", "holds")],
                           digits=3))
        figs["granger"] = charts.granger_heatmap(res)
        parts.append(figure_html(figs["granger"], "chart-granger"))
        if res.irf is not None:
            figs["irf"] = charts.irf_chart(res)
            parts.append(figure_html(figs["irf"], "chart-irf"))
            parts.append(note("Orthogonalised impulse responses (Cholesky, series in the order listed) with 95% bands."))
    return Section("triangle", "Triangle", "\n".join(parts), figs)


def broker_absent(scores: list[Brokerage]) -> str:
    """Why no broker is named: nobody ties to both others, or the best scores tie."""
    top = max(s.score for s in scores)
    if top <= 0:
        return " (no actor is tied to both others)"
    tied = [s.actor for s in scores if abs(s.score - top) < 1e-9]
    return f" ({' and '.join(esc(a) for a in tied)} tie at {top:.2f})"


def network_section(g: nx.DiGraph, cen: pd.DataFrame, broker: str | None, scores: list[Brokerage] | None) -> Section:
    figs: dict[str, Any] = {}
    parts = []
    if g.number_of_edges() == 0:
        parts.append(note("No counted events between these actors and their partners in this window.", "warning"))
    else:
        figs["network"] = charts.network_chart(g, broker)
        parts.append(figure_html(figs["network"], "chart-network"))
    if scores:
        parts.append("<h3>Broker</h3>")
        parts.append(note("Brokerage of X between Y and Z = min(t(X,Y), t(X,Z)) / (min(t(X,Y), t(X,Z)) + t(Y,Z)),"
                          " with t(u,v) the events u→v plus v→u: near 1 when X deals with both while they barely"
                          " deal directly; triangle betweenness (distance = 1/t, the three actors only) breaks"
                          " ties, and when actors still tie no broker is named."))
        parts.append(f"<p>Broker: <b>{esc(broker) if broker else 'none'}</b>{'' if broker else broker_absent(scores)}"
                     "</p>")
        rows = [{"actor": s.actor, "score": s.score, "ties": f"{s.ties[0]:.0f} / {s.ties[1]:.0f}",
                 "direct": s.direct, "betweenness": s.betweenness} for s in scores]
        parts.append(table(rows, [("actor", "actor"), ("score", "brokerage"), ("ties", "ties to the other two"),
                                  ("direct", "their direct tie"), ("betweenness", "triangle betweenness")]))
    parts.append("<h3>Centrality</h3>")
    cols = [("actor", "actor"), ("analysed", "analysed"), ("sent", "sent"), ("received", "received"),
            ("coop_sent", "coop. sent"), ("conflict_sent", "conflict sent"), ("partners", "partners"),
            ("betweenness", "network betweenness")]
    parts.append(table(cen.to_dict("records") if len(cen) else [], cols, digits=3))
    parts.append(note("Network betweenness: the share of shortest paths (distance = 1/events) between all actors"
                      " shown that pass through the actor. Partners of unknown country are left out."))
    return Section("network", "Network", "\n".join(parts), figs)
