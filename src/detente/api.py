"""The Python API: ``db = detente.open("korea.duckdb")`` and everything the CLI does, as methods.

Every CLI command is a thin layer over one call here (as sqlite-utils' CLI is over its
``Database``). Results are pandas DataFrames or the project's records and result types;
heavy parts (spaCy, statsmodels, the forecasters) load only when a method needs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.export_csv import EXPORT_SQL, write_csv_batches
from detente.filters import event_filter
from detente.records import Document, Event
from detente.registry import DEFAULT_FORECASTER
from detente.store import EventFilter, Store, default_db_path

if TYPE_CHECKING:  # pandas and the rest load with the methods that use them
    import networkx as nx
    import pandas as pd

    from detente.analysis import Scope, TriangleResult
    from detente.analysis.network import Brokerage
    from detente.analysis.triangle import Question
    from detente.bargain import SimulationResult
    from detente.coding import Coder
    from detente.corpus import IngestCallbacks, IngestReport
    from detente.corpus.limits import ReadLimits
    from detente.export import EventFrame
    from detente.forecast.result import Forecast
    from detente.jobs import MainJobResult
    from detente.scale import ScaleConfig
    from detente.store.importers import ImportReport

TRIANGLE = ("CHN", "PRK", "USA")


@dataclass
class Triangle:
    """A VAR over the six directed dyads of three actors, and the Granger questions it answers."""

    actors: list[str]
    freq: str
    result: TriangleResult
    questions: list[Question]

    def to_frame(self) -> pd.DataFrame:
        """One row per question: kind, cause, effect, F, p, answer."""
        import pandas as pd

        return pd.DataFrame([{"kind": q.kind, "cause": q.cause, "effect": q.effect, "F": q.F, "p": q.p,
                              "answer": q.answer} for q in self.questions])


@dataclass
class Network:
    """The analysed actors and their busiest partners: the graph, centralities, the triangle's broker."""

    graph: nx.DiGraph
    centrality: pd.DataFrame
    broker: str | None
    brokerage: list[Brokerage]


class Database:
    """One detente store file. Open it with ``detente.open(path)``; use it as a context manager.

    ``read_only=True`` refuses a missing file (the CLI's reading commands open stores so).
    """

    def __init__(self, path: str | Path | None = None, read_only: bool = False, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.store = Store(self.path, read_only=read_only, create=create)
        self._fitted: dict[tuple, Any] = {}  # ``fit_forecaster``'s models, as saved (``forecast`` reads no copy back)

    @classmethod
    def from_store(cls, store: Store) -> Database:
        """A ``Database`` over a store handle already open (``detente serve``'s per-request cursors)."""
        db = cls.__new__(cls)
        db.path, db.store, db._fitted = store.path, store, {}
        return db

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<detente.Database {self.path}>"

    # -- putting events in -----------------------------------------------------------------
    def ingest(self, paths: str | Path | Iterable[str | Path], manifest: str | Path | None = None,
               coder: Coder | None = None, callbacks: IngestCallbacks | None = None,
               command: str = "api", lang_data: str | Path | None = None,
               limits: ReadLimits | None = None, cluster: Any = None,
               scale: ScaleConfig | None = None, write_batch: int | None = None) -> IngestReport:
        """Read, code and store documents (files or folders); unchanged documents are skipped.

        ``write_batch`` documents go into the store per transaction (default: the coder's batch;
        1 lets readers see each document as soon as it is coded, as ``detente serve`` does).

        ``lang_data`` is a language-data directory laid over the package's (``--lang-data``);
        ``coder`` any object with ``code_documents`` (default: the event coder); ``limits``
        bound what is read (size cap, links: ``corpus.limits.ReadLimits``). ``cluster``
        (``local``, ``local:N``, ``tcp://host:8786`` or a ``distributed.Client``) codes on Dask
        workers; the records are written here, through the same write path (docs/scale.md).
        """
        from detente.coding import get_coder
        from detente.corpus import ingest_paths

        if self.store.lake is not None:  # a lake: batches of Parquet files (docs/scale.md)
            return self._ingest_lake(paths, manifest, coder, callbacks, command, lang_data, limits, cluster, scale)
        if cluster is not None or scale is not None:
            from detente.scale import DaskCoder, ScaleConfig, open_client

            config = scale or ScaleConfig(cluster=cluster or "local")
            with open_client(cluster or config.cluster) as client:
                dask_coder = DaskCoder(client, config, coder=coder,
                                       lang_data=str(lang_data) if lang_data is not None else None)
                items = [paths] if isinstance(paths, (str, Path)) else list(paths)
                return ingest_paths(self.store, items, manifest=manifest, coder=dask_coder, callbacks=callbacks,
                                    command=command, batch_size=config.batch_size, limits=limits)
        if coder is None and lang_data is not None:
            coder = get_coder(lang_data=str(lang_data))
        items = [paths] if isinstance(paths, (str, Path)) else list(paths)
        return ingest_paths(self.store, items, manifest=manifest, coder=coder, callbacks=callbacks, command=command,
                            limits=limits, write_batch=write_batch)

    def _ingest_lake(self, paths: Any, manifest: Any, coder: Any, callbacks: Any, command: str, lang_data: Any,
                     limits: Any, cluster: Any, scale: Any) -> IngestReport:
        """Ingest into the lake this database reads, then read it again (the new batches included)."""
        from contextlib import ExitStack

        from detente.coding import get_coder
        from detente.corpus import ingest_paths
        from detente.corpus.ingest import BATCH
        from detente.store.lake import LakeWriter

        items = [paths] if isinstance(paths, (str, Path)) else list(paths)
        with ExitStack() as stack:
            if cluster is not None or scale is not None:
                from detente.scale import DaskCoder, ScaleConfig, open_client

                config = scale or ScaleConfig(cluster=cluster or "local")
                client = stack.enter_context(open_client(cluster or config.cluster))
                coder = DaskCoder(client, config, coder=coder, lang_data=str(lang_data) if lang_data else None)
                batch = config.batch_size
            else:
                coder = coder or (get_coder(lang_data=str(lang_data)) if lang_data is not None else None)
                batch = BATCH
            writer = LakeWriter(self.path, batch_size=batch)
            stack.callback(writer.close)
            report = ingest_paths(writer, items, manifest=manifest, coder=coder, callbacks=callbacks,
                                  command=command, batch_size=batch, limits=limits)
        self.store.close()
        self.store = Store(self.path)
        return report

    def import_(self, fmt: str, path: str | Path, origin: str | None = None,
                progress: Any = None) -> ImportReport:
        """Import an event data set: ``fmt`` is ``tkg``, ``icews`` or ``gdelt``."""
        from detente.store.importers import IMPORTERS, ImportError_

        if fmt not in IMPORTERS:
            raise ImportError_(f"unknown format {fmt!r} (use {', '.join(IMPORTERS)})")
        kwargs: dict[str, Any] = {"progress": progress}
        if origin:
            kwargs["origin"] = origin
        if fmt == "tkg":  # people and organisations through the actor dictionary
            from detente.actors.names import resolve_names

            kwargs["resolve"] = resolve_names
        return IMPORTERS[fmt](self.store, Path(path), **kwargs)

    # -- reading ---------------------------------------------------------------------------
    def query(self, **filters: Any) -> EventFilter:
        """The checked ``EventFilter`` for keyword filters (see ``events``); bad values raise ``FilterError``."""
        return event_filter(**filters)

    def events(self, source: str | None = None, target: str | None = None, actor: str | None = None,
               since: str | None = None, until: str | None = None, code: str | None = None,
               modality: str | Sequence[str] | None = None, origin: str | None = None, doc: str | None = None,
               limit: int | None = None) -> EventFrame:
        """Events as a DataFrame (one row per event, the store's columns), in date order.

        ``source``/``target``/``actor`` (either side) take a country (``PRK``) or an actor code
        prefix (``CHNGOV``); ``since``/``until`` take ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
        ``code`` a CAMEO prefix; ``modality`` one or more modalities. The frame writes the CLI's
        formats: ``.to_jsonl(path)``, ``.to_csv(path)``, ``.to_parquet(path)``.
        """
        import pandas as pd

        from detente.export import EventFrame

        flt = event_filter(actor=actor, source=source, target=target, since=since, until=until, code=code,
                           modality=modality, origin=origin, doc=doc, limit=limit)
        frames = list(self.store.event_frames(flt))
        return EventFrame(frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True))

    def records(self, flt: EventFilter | None = None) -> list[Event]:
        """Events as ``Event`` records (nested actors, the explanation parsed)."""
        return self.store.events(flt)

    def event(self, event_id: str) -> Event | None:
        return self.store.event(event_id)

    def count(self, flt: EventFilter | None = None) -> int:
        return self.store.count_events(flt)

    def export(self, flt: EventFilter, fmt: str, out: Any) -> int:
        """Stream the events of ``flt`` as ``jsonl``/``csv`` to a text stream, or ``parquet`` to a path."""
        if fmt == "parquet":
            return self.store.events_to_parquet(flt, EXPORT_SQL, Path(out))
        if fmt == "csv":
            return write_csv_batches(self.store.event_batches(flt, EXPORT_SQL), out)
        from detente.export import write_jsonl

        return {"jsonl": write_jsonl}[fmt](self.store.event_frames(flt, "*"), out)

    def explain(self, event_id: str) -> str:
        """How one event was coded: actors and how they were resolved, pattern, modality, date."""
        from detente.explain import explain_lines

        found = self.store.event(event_id)
        if found is None:
            raise KeyError(f"no event with id {event_id!r} in {self.path}")
        return "\n".join(explain_lines(found))

    def documents(self) -> pd.DataFrame:
        """One row per document: id, date, title, publisher, url, path, format, hash, sentences, events."""
        import pandas as pd

        counts = self.store.document_counts()
        rows = [document_row(d, counts.get(d.id, {})) for d in self.store.documents()]
        return pd.DataFrame(rows, columns=[*DOCUMENT_COLUMNS, "sentences", "events"])

    def stats(self) -> dict[str, Any]:
        """Counts: documents, sentences, events (by origin, modality, quad class), first and last day, runs."""
        return self.store.stats()

    # -- analyses --------------------------------------------------------------------------
    def scope(self, actors: str | Sequence[str] = TRIANGLE, since: str | None = None, until: str | None = None,
              dedupe: bool = True) -> Scope:
        """Which events an analysis reads; ``CHN+HKG`` merges two actors under the first name."""
        from detente.analysis import Scope, parse_actors
        from detente.analysis.events import check_date

        return Scope(parse_actors(list(actors) if not isinstance(actors, str) else actors),
                     since=check_date(since, "since"), until=check_date(until, "until"), dedupe=dedupe)

    def dyad_events(self, actors: str | Sequence[str] = TRIANGLE, since: str | None = None,
                    until: str | None = None) -> pd.DataFrame:
        """Counted events between two analysed actors, duplicates merged, labelled ``src``/``tgt``."""
        from detente.analysis import load_dyad_events

        return load_dyad_events(self.store, self.scope(actors, since, until))

    def dyads(self, actors: str | Sequence[str] = TRIANGLE, since: str | None = None, until: str | None = None,
              freq: str = "week") -> pd.DataFrame:
        """Per directed dyad: events, Goldstein sum and mean, cooperation/conflict shares, active periods."""
        from detente.analysis import dyad_panel, dyad_summary

        scope = self.scope(actors, since, until)
        events = self.dyad_events(actors, since, until)
        return dyad_summary(dyad_panel(events, [a.label for a in scope.actors], _freq(freq), scope.since,
                                       scope.until))

    def triangle(self, actors: str | Sequence[str] = TRIANGLE, since: str | None = None,
                 until: str | None = None, freq: str = "week", maxlags: int = 8, ic: str = "aic") -> Triangle:
        """A VAR on the six directed dyads of three actors with Granger tests (reciprocity, pass-through)."""
        from detente.analysis import AnalysisError, dyad_panel, fit_var, panel_matrix, triangle_questions

        scope = self.scope(actors, since, until)
        labels = [a.label for a in scope.actors]
        if len(labels) != 3:
            raise AnalysisError(f"a triangle needs three actors, got {len(labels)}")
        if ic.lower() not in ("aic", "bic"):
            raise AnalysisError(f"ic must be aic or bic, not {ic!r}")
        events = self.dyad_events(actors, since, until)
        if events.empty:
            raise AnalysisError("no counted events among these actors in this window")
        panel = dyad_panel(events, labels, _freq(freq), scope.since, scope.until)
        res = fit_var(panel_matrix(panel), maxlags, ic.lower())
        return Triangle(labels, freq, res, triangle_questions(labels, res) if res.ok else [])

    def network(self, actors: str | Sequence[str] = TRIANGLE, since: str | None = None,
                until: str | None = None, partners: int = 12) -> Network:
        """The actors and their busiest partners: centralities and, for three actors, the broker."""
        from detente.analysis import build_network, centrality, load_partner_counts, triangle_broker

        scope = self.scope(actors, since, until)
        labels = [a.label for a in scope.actors]
        g = build_network(load_partner_counts(self.store, scope), labels, max_partners=partners)
        broker, scores = triangle_broker(g, labels) if len(labels) == 3 else (None, [])
        return Network(g, centrality(g), broker, list(scores))

    def forecast(self, source: str, target: str | None = None, date: str | None = None, top: int = 10,
                 level: str = "country", relations: str = "code", origin: str | None = None,
                 model: str = DEFAULT_FORECASTER, unsaved: str = "fit") -> Forecast:
        """The likely next events from ``source`` (to ``target``, or its likely targets), explained.

        ``model`` names a forecaster of ``detente.registry`` (a plug-in's too); the default is
        ``registry.DEFAULT_FORECASTER`` (``boost``). Without a saved model (``fit_forecaster``) one
        is fitted for this call: minutes on a large store with ``boost``; ``unsaved="raise"``
        raises ``NeedsFit`` (a ``ForecastError`` saying why) instead where ``fit_forecaster``
        could save one. The saved model is read and checked against the events once per call (a
        model this ``Database`` just fitted is not read back; it is kept for this ``Database``'s later
        calls, so use one ``Database`` per thread, as the web app does).
        """
        from detente.forecast.result import Forecast
        from detente.forecast.saved import look_up
        from detente.forecast.store_graph import forecast_store

        found = look_up(self.store, level, relations, origin, model, date,
                        known=self._fitted.get((level, relations, origin, model)))
        return Forecast.from_json(forecast_store(self.store, source, target, date, top, level, relations, origin,
                                                 model=model, unsaved=unsaved, found=found))

    def forecaster_needs_fit(self, level: str = "country", relations: str = "code", origin: str | None = None,
                             model: str = DEFAULT_FORECASTER, date: str | None = None) -> str | None:
        """Why ``forecast`` (for ``date``; None: the day after the last event) would fit ``model``
        now where ``fit_forecaster`` could save it once: no saved model, or the events it saw
        changed. None when the saved one serves (or ``date`` is inside the history)."""
        from detente.forecast.saved import unsaved_reason

        return unsaved_reason(self.store, level, relations, origin, model, date)

    def fit_forecaster(self, level: str = "country", relations: str = "code", origin: str | None = None,
                       model: str = DEFAULT_FORECASTER, actors: Sequence[str | None] = ()) -> dict[str, Any]:
        """Fit and tune a forecaster on every counted event and save it in the store (later
        ``forecast`` calls load it); returns what was saved (facts, entities, watermark) and what
        model selection on validation chose (``selection``; None for a model without one).
        ``actors``: a query's source and target, checked before the fit (an unknown one fails fast)."""
        from detente.forecast.saved import SavedModel, fit_and_save

        saved, meta, data = fit_and_save(self.store, level, relations, origin, model, actors)
        self._fitted[(level, relations, origin, model)] = SavedModel.from_bytes(meta, data)
        return {**saved.meta(), "selection": getattr(saved.model, "selection", None)}

    def report(self, out: str | Path, **options: Any) -> Path:
        """Write the self-contained HTML report; options as ``detente.report.write_report``."""
        from detente.report import write_report

        return write_report(self.store, Path(out), **options)


DOCUMENT_COLUMNS = ("id", "date", "title", "publisher", "url", "path", "format", "content_hash")


def document_row(d: Document, counts: dict[str, int]) -> dict[str, Any]:
    """A document's metadata with its sentence and event counts (``docs --format jsonl``)."""
    return {**{c: getattr(d, c) for c in DOCUMENT_COLUMNS}, **counts}


def _freq(freq: str) -> str:
    from detente.analysis import FREQS, AnalysisError

    if freq not in FREQS:
        raise AnalysisError(f"freq must be one of {', '.join(FREQS)}")
    return freq


def open(path: str | Path | None = None, read_only: bool = False) -> Database:  # noqa: A001 (like sqlite3.connect)
    """Open (or create) a store: ``db = detente.open("korea.duckdb")``."""
    return Database(path, read_only=read_only)


def simulate(scenario: str | Path | Any, model: str | Sequence[str] = "all", runs: int = 200, seed: int = 0,
             rounds: int = 10, leverage: int = 25, smp_options: dict[str, Any] | None = None,
             progress: Any = None) -> SimulationResult:
    """Forecast each issue of a bargaining scenario (a YAML/KTAB path or a ``Scenario``)."""
    from detente.bargain.scenario import Scenario, load_scenario
    from detente.bargain.simulate import MODEL_CHOICES
    from detente.bargain.simulate import simulate as run_simulation

    scen = scenario if isinstance(scenario, Scenario) else load_scenario(Path(scenario))
    models = tuple(MODEL_CHOICES) if model == "all" else ((model,) if isinstance(model, str) else tuple(model))
    return run_simulation(scen, models=models, runs=runs, seed=seed, rounds=rounds, leverage_actors=leverage,
                          smp_options=smp_options, progress=progress)


def report(db: Database | str | Path, out: str | Path, **options: Any) -> Path:
    """Write the HTML report of a store (a ``Database`` or a path): ``detente.report(db, "r.html")``."""
    from detente.report import write_report

    source = db.store if isinstance(db, Database) else Path(db)
    return write_report(source, Path(out), **options)


def run(paths: str | Path | Iterable[str | Path], out: str | Path, **options: Any) -> MainJobResult:
    """The main job: a fresh store in ``out``, events coded, bargaining, a forecast, ``out/report.html``."""
    from detente.jobs import run_main_job

    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    return run_main_job(items, out, **options)
