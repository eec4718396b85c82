"""The JSON API: every reading call of ``detente.Database``, a simulation, and ingest jobs.

Each handler is a thin layer over the library call the CLI makes; bad parameters raise the
library's own errors, which ``app.py`` turns into 422 replies with their one-line message.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Body, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from detente.api import document_row
from detente.filters import event_filter
from detente.records import Event
from detente.registry import DEFAULT_FORECASTER
from detente.web.config import UPLOAD_SUFFIXES
from detente.web.hub import StoreHub

router = APIRouter(prefix="/api")
ACTORS = "CHN,PRK,USA"
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")


def plain(value: Any) -> Any:
    """JSON-ready values: numpy scalars and arrays, NaN (→ null), timestamps, tuples."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (pd.Timestamp, pd.Period)):
        return str(value.date() if isinstance(value, pd.Timestamp) else value)
    if value is pd.NaT:
        return None
    return value


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [plain(r) for r in frame.to_dict(orient="records")]


def spans(e: Event) -> dict[str, list[int]]:
    """Where the source, target and trigger sit in the event's sentence (character offsets), for highlighting."""
    out: dict[str, list[int]] = {}
    for name, span in (("source", (e.source.start, e.source.end) if e.source else (None, None)),
                       ("target", (e.target.start, e.target.end) if e.target else (None, None)),
                       ("trigger", (e.trigger_start, e.trigger_end))):
        if span[0] is not None and span[1] is not None and 0 <= span[0] < span[1] <= len(e.sentence or ""):
            out[name] = [int(span[0]), int(span[1])]
    return out


def hub(request: Request) -> StoreHub:
    return request.app.state.hub


@router.get("/events", summary="Events, filtered and paged (the event schema of `detente events --format jsonl`)")
def events(request: Request, source: str | None = None, target: str | None = None, actor: str | None = None,
           since: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive"),
           until: str | None = None, code: str | None = Query(None, description="CAMEO prefix, e.g. 04"),
           modality: list[str] | None = Query(None, description="one or more; repeat or comma-separate"),
           origin: str | None = None, doc: str | None = None,
           limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)) -> dict[str, Any]:
    flt = event_filter(actor, source, target, since, until, code, modality, origin, doc)
    with hub(request).reader() as db:
        total = db.count(flt)
        flt.limit, flt.offset = limit, offset
        found = db.records(flt)
    return {"total": total, "offset": offset, "limit": limit, "events": [e.to_json() for e in found],
            "spans": {e.id: spans(e) for e in found}}


@router.get("/timeline", summary="Events per month under the same filters as /api/events")
def timeline(request: Request, source: str | None = None, target: str | None = None, actor: str | None = None,
             since: str | None = None, until: str | None = None, code: str | None = None,
             modality: list[str] | None = Query(None), origin: str | None = None,
             doc: str | None = None) -> dict[str, Any]:
    with hub(request).reader() as db:
        frame = db.events(source, target, actor, since, until, code, modality, origin, doc)
    if frame.empty:
        return {"months": []}
    months = pd.to_datetime(frame["day"]).dt.to_period("M").astype(str)
    grouped = frame.assign(month=months).groupby(["month", "quad_class"]).size().reset_index(name="events")
    return {"months": frame_rows(grouped)}


@router.get("/events/{event_id}", summary="One event with the explanation of `detente explain`")
def event(request: Request, event_id: str) -> dict[str, Any]:
    with hub(request).reader() as db:
        found = db.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return {"event": found.to_json(), "spans": spans(found), "explanation": db.explain(event_id)}


@router.get("/documents", summary="Documents with their sentence and event counts (`detente docs`)")
def documents(request: Request) -> dict[str, Any]:
    with hub(request).reader() as db:
        counts = db.store.document_counts()
        rows = [document_row(d, counts.get(d.id, {})) for d in db.store.documents()]
    return {"documents": plain(rows)}


@router.get("/stats", summary="What the store holds (`detente stats`)")
def stats(request: Request) -> dict[str, Any]:
    with hub(request).reader() as db:
        return plain(db.stats())


@router.get("/dyads", summary="Per directed dyad: summary and the series per period (`detente dyad`)")
def dyads(request: Request, actors: str = ACTORS, since: str | None = None, until: str | None = None,
          freq: str = "week") -> dict[str, Any]:
    from detente.analysis import FREQS, AnalysisError, dyad_panel, dyad_summary

    if freq not in FREQS:  # db.dyads' check, made before the panel is built
        raise AnalysisError(f"freq must be one of {', '.join(FREQS)}")

    def compute() -> dict[str, Any]:
        with hub(request).reader() as db:  # db.dyads, keeping the panel it summarises
            scope = db.scope(actors, since, until)
            panel = dyad_panel(db.dyad_events(actors, since, until), [a.label for a in scope.actors], freq,
                               scope.since, scope.until)
        series = [{"source": a, "target": b, "points": frame_rows(frame.reset_index())} for (a, b), frame in panel.items()]
        return {"actors": [a.label for a in scope.actors], "freq": freq, "summary": frame_rows(dyad_summary(panel)),
                "series": series}

    return hub(request).cached(("dyads", actors, since, until, freq), compute)


@router.get("/triangle", summary="VAR on the six directed dyads with Granger tests (`detente triangle`)")
def triangle(request: Request, actors: str = ACTORS, since: str | None = None, until: str | None = None,
             freq: str = "week", maxlags: int = Query(8, ge=1, le=52), ic: str = "aic") -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        with hub(request).reader() as db:
            tri = db.triangle(actors, since, until, freq, maxlags, ic)
        res = tri.result
        return plain({"actors": tri.actors, "freq": freq, "ok": res.ok, "lag": res.lag, "ic": res.ic,
                      "periods": res.n_periods, "warnings": res.warnings, "questions": frame_rows(tri.to_frame())})

    return hub(request).cached(("triangle", actors, since, until, freq, maxlags, ic), compute)


@router.get("/network", summary="The actors and their busiest partners (`detente network`)")
def network(request: Request, actors: str = ACTORS, since: str | None = None, until: str | None = None,
            partners: int = Query(12, ge=1, le=100)) -> dict[str, Any]:
    import networkx as nx

    def compute() -> dict[str, Any]:
        with hub(request).reader() as db:
            net = db.network(actors, since, until, partners)
        pos = nx.spring_layout(net.graph, seed=7) if len(net.graph) else {}
        nodes = [{"id": n, "x": float(pos[n][0]), "y": float(pos[n][1])} for n in net.graph.nodes]
        edges = [{"source": a, "target": b, **plain(d)} for a, b, d in net.graph.edges(data=True)]
        return {"nodes": nodes, "edges": edges, "centrality": frame_rows(net.centrality), "broker": net.broker}

    return hub(request).cached(("network", actors, since, until, partners), compute)


@router.get("/forecast", summary="Ranked next events for a pair, with the past events and rules behind each")
def forecast(request: Request, source: str, target: str | None = None, date: str | None = None,
             top: int = Query(10, ge=1, le=100), model: str = DEFAULT_FORECASTER) -> dict[str, Any]:
    event_filter(source=source, target=target, since=date)  # the CLI's checks and messages
    with hub(request).reader() as db:
        return plain(db.forecast(source, target, date, top, model=model).to_json())


@router.get("/scenario", summary="The scenario the scenario page starts from (the bundled example's)")
def scenario(request: Request) -> dict[str, Any]:
    import yaml

    path: Path = request.app.state.scenario_path
    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


@router.post("/simulate", summary="Bargaining simulation of a posted scenario (`detente simulate`)")
def simulate(scenario: dict[str, Any] = Body(..., embed=True), model: str = Body("cm", embed=True),
             runs: int = Body(20, ge=1, le=500, embed=True), seed: int = Body(0, embed=True)) -> dict[str, Any]:
    import detente
    from detente.bargain.scenario import parse_scenario
    from detente.bargain.simulate import MODEL_CHOICES

    if model != "all" and model not in MODEL_CHOICES:
        raise HTTPException(422, f"model must be all or one of {', '.join(MODEL_CHOICES)}")
    result = detente.simulate(parse_scenario(scenario, "scenario"), model=model, runs=runs, seed=seed)
    return plain(json.loads(json.dumps(result.to_json(), default=plain)))


@router.post("/ingest", status_code=202, summary="Upload documents (txt/md/html/jsonl, a manifest.csv) to ingest")
async def ingest(request: Request, files: list[UploadFile] = File(...)) -> JSONResponse:
    if request.app.state.config.read_only:  # the one write; a simulation computes and stores nothing
        raise HTTPException(403, "the server is read-only (--read-only)")
    limit = request.app.state.config.max_upload_bytes
    got: dict[str, bytes] = {}
    size = 0
    for f in files:
        name = Path(f.filename or "").name
        if not SAFE_NAME.fullmatch(name) or not name.lower().endswith(UPLOAD_SUFFIXES):
            raise HTTPException(422, f"{name or 'a file'}: not an accepted file name (letters, digits, . _ -; "
                                     f"ending {', '.join(UPLOAD_SUFFIXES)})")
        if name in got:
            raise HTTPException(422, f"{name}: given twice")
        data = await f.read(limit - size + 1)
        size += len(data)
        if size > limit:
            raise HTTPException(413, f"upload larger than {limit} bytes")
        got[name] = data
    job = hub(request).submit(got)
    return JSONResponse(job.to_json(), status_code=202)


@router.get("/jobs/{job_id}", summary="An ingest job's status and progress")
def job(request: Request, job_id: str) -> dict[str, Any]:
    found = hub(request).jobs.get(job_id)
    if found is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return found.to_json()
