"""The pages: server-rendered shells (Jinja2, autoescaped) that ``static/app.js`` fills from the API."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(str(files("detente.web") / "templates"))))
CHARTS = ("/", "/events", "/analysis", "/scenario")  # the pages that load plotly.js
PAGES = [("/", "Overview"), ("/events", "Events"), ("/analysis", "Dyads · triangle · network"),
         ("/forecast", "Forecast"), ("/scenario", "Scenario"), ("/upload", "Upload"), ("/docs", "API")]


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    config = request.app.state.config
    return templates.TemplateResponse(request, name, {"pages": PAGES, "path": request.url.path,
                                                      "read_only": config.read_only,
                                                      "charts": request.url.path in CHARTS, **context})


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    with request.app.state.hub.reader() as db:
        stats = db.stats()
        docs = db.documents().sort_values("events", ascending=False).head(8).to_dict(orient="records")
    return render(request, "overview.html", stats=stats, docs=docs, db=request.app.state.config.db.name)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request) -> HTMLResponse:
    from detente.records import MODALITIES

    return render(request, "events.html", modalities=MODALITIES)


@router.get("/analysis", response_class=HTMLResponse)
def analysis_page(request: Request) -> HTMLResponse:
    return render(request, "analysis.html")


@router.get("/forecast", response_class=HTMLResponse)
def forecast_page(request: Request) -> HTMLResponse:
    return render(request, "forecast.html")


@router.get("/scenario", response_class=HTMLResponse)
def scenario_page(request: Request) -> HTMLResponse:
    return render(request, "scenario.html")


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> HTMLResponse:
    return render(request, "upload.html", limit=request.app.state.config.max_upload_bytes)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API's endpoints and parameters from /openapi.json, drawn here (no CDN: no Swagger UI)."""
    spec = request.app.openapi()
    endpoints = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                  "params": [(p["name"], p["in"], p.get("required", False), p.get("description", ""))
                             for p in op.get("parameters", [])]}
                 for path, ops in spec["paths"].items() for method, op in ops.items()]
    return render(request, "docs.html", endpoints=endpoints)
