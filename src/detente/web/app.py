"""The FastAPI application of ``detente serve``: API, pages, static files, guard, error replies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from detente.web.config import WebConfig
from detente.web.hub import StoreHub
from detente.web.routes_api import router as api_router
from detente.web.routes_pages import router as page_router
from detente.web.security import guard

STATIC = Path(str(files("detente.web") / "static"))


def user_errors() -> tuple[type[Exception], ...]:
    """The library's errors for bad input: each becomes a 422 with its one-line message."""
    from detente.analysis import AnalysisError
    from detente.bargain.scenario import ScenarioError
    from detente.filters import FilterError
    from detente.forecast.store_graph import ForecastError

    return (FilterError, AnalysisError, ScenarioError, ForecastError)


def plotly_js() -> Path:
    """plotly.js from the plotly package (served locally: the pages reach no network)."""
    return Path(str(files("plotly") / "package_data" / "plotly.min.js"))


def default_scenario() -> Path:
    from detente.resources import bundled_example

    return Path(bundled_example()) / "scenario.yaml"


def create_app(config: WebConfig) -> FastAPI:
    """The app over ``config.db``; the store opens when the app starts and closes when it stops."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.hub = StoreHub(config)
        try:
            yield
        finally:
            app.state.hub.close()

    app = FastAPI(title="detente", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Events, analyses, forecasts and bargaining over a detente store.")
    app.state.config = config
    app.state.scenario_path = config.scenario or default_scenario()
    app.middleware("http")(guard(config))
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript")

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> JSONResponse:
        lines = [f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()]
        return JSONResponse({"detail": "; ".join(lines), "errors": exc.errors()}, status_code=422)

    for error in user_errors():
        app.add_exception_handler(error, _unprocessable)
    return app


async def _unprocessable(request: Request, exc: Exception) -> JSONResponse:
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return JSONResponse({"detail": first}, status_code=422)
