"""Build the self-contained HTML report: read the store, run the analyses, render the sections."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import pandas as pd

from detente.analysis.dyads import FREQS, auto_freq, dyad_panel, dyad_summary, window
from detente.analysis.events import (
    AnalysisError,
    Scope,
    busiest_actors,
    check_date,
    load_dyad_events,
    load_partner_counts,
    load_timeline,
    parse_actors,
    scope_counts,
)
from detente.analysis.network import build_network, centrality, triangle_broker
from detente.analysis.timeline import timeline_rows
from detente.analysis.triangle_study import TriangleSettings, study_triangle
from detente.records import COUNTED_MODALITIES
from detente.report import png
from detente.report.charts import period_hover
from detente.report.extras import extra_sections, read_json, result_sections
from detente.report.html import esc
from detente.report.sections import (
    Section,
    corpus_section,
    dyads_section,
    network_section,
    timeline_section,
    triangle_section,
)
from detente.report.summary import biggest_shifts, summary_section
from detente.store import Store

TIMELINE_LIMIT = 500
Progress = Callable[[str], None]


def _resource(name: str) -> str:
    return (resources.files("detente.report") / "data" / name).read_text(encoding="utf-8")


def corpus_info(store: Store, scope: Scope, db: Path, in_scope: int, span: str) -> dict[str, Any]:
    """Counts for the corpus section; documents ranked by how many events they gave."""
    stats = store.stats()
    n_docs, n_events = stats["documents"], stats["events"]
    docs = store.documents_by_date(limit=200)
    all_modalities = replace(scope, modalities=None)
    by_modality = [{"modality": m, "n": n, "counted": m in (scope.modalities or COUNTED_MODALITIES)}
                   for m, n in scope_counts(store, all_modalities, "modality")]
    return {
        "db": str(db), "documents": int(n_docs), "events": int(n_events), "in_scope": in_scope,
        "actors": [a.label for a in scope.actors], "window": span,
        "by_origin": [{"origin": o, "n": n} for o, n in scope_counts(store, all_modalities, "origin")],
        "by_modality": by_modality, "counted": list(scope.modalities or COUNTED_MODALITIES),
        "dedupe": scope.dedupe, "docs": docs, "docs_total": int(n_docs),
    }


def plotly_bundle() -> str:
    """plotly.js for the page: the partial "basic" bundle (scatter, bar, pie; 1.2 MB) shipped with the
    package, else the full bundle of the plotly package (4.8 MB). See scripts/update_plotly_bundle.sh."""
    bundle = resources.files("detente.report") / "data" / "plotly-basic.min.js"
    if bundle.is_file():
        return bundle.read_text(encoding="utf-8")
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)


def content_security_policy(page: str) -> str:
    """A policy that lets exactly the page's own inline scripts run (by hash) and loads nothing.

    Every string from a document is escaped, and this is the second wall: a script that slipped
    in would not match a hash. Styles stay inline (plotly adds its own), images are data URIs.
    """
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
                      for m in dict.fromkeys(SCRIPT.findall(page)))
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data: blob:;"
            " font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


def render(title: str, subtitle: str, sections: list[Section]) -> str:
    """The page: template + CSS + plotly.js (once, inline) + the sections, under a CSP."""
    from detente import __version__

    nav = "".join(f'<a href="#{esc(s.id)}">{esc(s.title)}</a>' for s in sections)
    body = "\n".join(f'<section id="{esc(s.id)}"><h2>{esc(s.title)}</h2>\n{s.body}\n</section>' for s in sections)
    page = Template(_resource("template.html")).safe_substitute(
        title=esc(title), subtitle=esc(subtitle), nav=nav, sections=body, css=_resource("style.css"),
        plotlyjs=plotly_bundle(), version=esc(__version__),
        built=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    return page.replace("$csp", esc(content_security_policy(page)), 1)


def write_pngs(sections: list[Section], data: dict[str, Any], png_dir: Path) -> list[Path]:
    """The figures as PNG files (matplotlib), named after the charts."""
    png_dir.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    panel, freq = data["panel"], data["freq"]
    if panel and any(f["events"].sum() for f in panel.values()):
        out.append(png.dyads_png(panel, freq, png_dir / "dyads.png"))
        out.append(png.quadclass_png(panel, freq, png_dir / "quadclass.png"))
    study = data.get("study")
    res = study.result if study is not None and study.ok else None
    if res is not None:
        out.append(png.granger_png(res, png_dir / "granger.png"))
        if res.irf is not None:
            out.append(png.irf_png(res, png_dir / "irf.png"))
    g = data.get("graph")
    if g is not None and g.number_of_edges():
        out.append(png.network_png(g, data.get("broker"), png_dir / "network.png"))
    return out


@dataclass
class ReportOptions:
    """How the report is built (the CLI's options); the triangle's own rules are in ``TriangleSettings``."""

    freq: str = "auto"
    triangle: TriangleSettings = field(default_factory=TriangleSettings)
    timeline_limit: int = TIMELINE_LIMIT


def dyads_and_triangle(events: pd.DataFrame, labels: list[str], scope: Scope, opts: ReportOptions,
                       sections: list[Section], data: dict[str, Any], progress: Progress) -> None:
    """The dyad series (over the whole window) and the triangle (over its own, see ``study_triangle``)."""
    progress("dyad series")
    span = window(events, scope.since, scope.until)
    start, end = span if span else (None, None)
    freq = auto_freq(start, end) if opts.freq == "auto" else opts.freq
    panel = dyad_panel(events, labels, freq, start, end) if span else {}
    summary = dyad_summary(panel) if panel else pd.DataFrame()
    sections.append(dyads_section(panel, summary, period_hover(events, freq), freq, data["counts"]))
    data.update(panel=panel, freq=freq, summary=summary, shifts=biggest_shifts(panel, events, freq) if panel else [])
    progress("triangle VAR")
    if len(labels) >= 3:
        tri = labels[:3]
        study = study_triangle(events, tri, replace(opts.triangle, since=scope.since, until=scope.until))
        more = f"With {len(labels)} actors the triangle uses the first three: {', '.join(tri)}." if len(labels) > 3 else None
        sections.append(triangle_section(study, more))
        data["study"] = study


def build_sections(store: Store, db: Path, scope: Scope, opts: ReportOptions,
                   progress: Progress) -> tuple[list[Section], dict[str, Any]]:
    labels = [a.label for a in scope.actors]
    progress("reading events")
    events = load_dyad_events(store, scope)
    timeline, total = load_timeline(store, replace(scope, modalities=None), limit=opts.timeline_limit)
    span_ = window(events, scope.since, scope.until)
    span = f"{span_[0].date()} – {span_[1].date()}" if span_ else "(no dated events)"
    info = corpus_info(store, scope, db, total, span)
    sections = [corpus_section(info)]
    sections.append(timeline_section(timeline_rows(timeline, scope.modalities or COUNTED_MODALITIES), total,
                                     opts.timeline_limit))
    data: dict[str, Any] = {"events": events, "info": info,
                            "counts": {"store": info["events"], "in_scope": total, "among": len(events)}}
    dyads_and_triangle(events, labels, scope, opts, sections, data, progress)
    progress("network")
    g = build_network(load_partner_counts(store, scope), labels)
    broker, scores = (triangle_broker(g, labels[:3]) if len(labels) >= 3 else (None, None))
    sections.append(network_section(g, centrality(g), broker, scores))
    data.update(graph=g, broker=broker)
    return sections, data


def summary_first(sections: list[Section], data: dict[str, Any], extras_dir: Path | None,
                  results: Sequence[Any] = (), result_bargain: Any = None) -> list[Section]:
    """The summary section, built from every other section's data, goes on top.

    ``results`` (``Forecast``) and ``result_bargain`` (``SimulationResult``) are handed over in memory.
    """
    forecasts: list[tuple[str, dict]] = []
    bargain = None
    for f in results:
        q = f.to_json().get("query") or {}
        pair = [str(q["source"]), str(q["target"])] if len(results) > 1 and q.get("target") else []
        forecasts.append(("forecasts" + "".join(f"-{p}" for p in pair), f.to_json()))
    if result_bargain is not None:
        bargain = result_bargain.to_json()
    if extras_dir:
        for path in sorted(extras_dir.glob("forecast*.json")):
            parsed, _ = read_json(path)
            if isinstance(parsed, dict):
                forecasts.append(("forecasts" + "".join(f"-{p}" for p in path.stem.split("-")[1:]), parsed))
        parsed, _ = read_json(extras_dir / "bargain.json") if (extras_dir / "bargain.json").is_file() else (None, None)
        bargain = parsed if isinstance(parsed, dict) else bargain
    info = data["info"]
    top = summary_section({
        "events_total": info["events"], "in_scope": info["in_scope"], "actors": info["actors"],
        "window": info["window"], "summary": data.get("summary", pd.DataFrame()), "shifts": data.get("shifts", []),
        "freq": data.get("freq", "week"), "study": data.get("study"), "forecasts": forecasts, "bargain": bargain,
    })
    return [top, *sections]


def write_report(
    db: Path | Store, out: Path, actors: list[str] | None = None, since: str | None = None, until: str | None = None,
    png_dir: Path | None = None, extras_dir: Path | None = None, *, freq: str = "auto", maxlags: int = 8,
    ic: str = "aic", dedupe: bool = True, timeline_limit: int = TIMELINE_LIMIT, title: str | None = None,
    progress: Progress | None = None, correction: str = "holm", forecasts: Sequence[Any] = (), bargain: Any = None,
) -> Path:
    """Write the self-contained HTML report for ``actors`` and return its path.

    Without ``actors`` the report is about the three countries in the most counted events.
    ``freq="auto"`` picks day, week or month from the window's length (see ``auto_freq``); the
    triangle picks its own window and period (see ``study_triangle``), as ``detente triangle`` does.
    ``db`` is a store file or an open ``Store`` (the Python API's, read and left open);
    ``forecasts`` (``Forecast``) and ``bargain`` (``SimulationResult``) add their sections, as the
    JSON files in ``extras_dir`` do. Raises ``StoreError`` for a missing store and ``AnalysisError``
    for bad actors or dates.
    """
    progress = progress or (lambda _step: None)
    if freq != "auto" and freq not in FREQS:
        raise AnalysisError(f"unknown frequency {freq!r} (use {', '.join(FREQS)})")
    since, until = check_date(since, "--since"), check_date(until, "--until")
    opts = ReportOptions(freq=freq, timeline_limit=timeline_limit,
                         triangle=TriangleSettings(freq=freq, maxlags=maxlags, ic=ic, correction=correction))
    opts.triangle.validate()
    out = Path(out)

    def read(store: Store, path: Path) -> tuple[Scope, list[Section], dict[str, Any]]:
        chosen = actors or busiest_actors(store, 3, since, until) or None
        scope = Scope(parse_actors(chosen), since=since, until=until, dedupe=dedupe)
        return (scope, *build_sections(store, path, scope, opts, progress))

    if isinstance(db, Store):
        scope, sections, data = read(db, db.path)
        db = db.path
    else:
        db = Path(db)
        with Store(db, read_only=True) as store:
            scope, sections, data = read(store, db)
    sections.extend(result_sections(forecasts, bargain))
    sections.extend(extra_sections(Path(extras_dir) if extras_dir else None))
    sections = summary_first(sections, data, Path(extras_dir) if extras_dir else None, forecasts, bargain)
    labels = ", ".join(a.label for a in scope.actors)
    when = f" · {since or '…'} to {until or '…'}" if since or until else ""
    progress("writing HTML")
    out.parent.mkdir(parents=True, exist_ok=True)
    html_text = render(title or f"detente report: {labels}", f"Actors {labels}{when} · per {data['freq']} · store {db.name}",
                       sections)
    out.write_text(html_text, encoding="utf-8")
    if png_dir:
        progress("writing PNG figures")
        write_pngs(sections, data, Path(png_dir))
    return out
