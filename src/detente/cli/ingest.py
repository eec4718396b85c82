"""CLI commands: ingest (documents into the store), run and demo (the main job end to end)."""

from __future__ import annotations

import importlib
import time
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from detente.api import Database
from detente.cli.app import (
    DbOption,
    app,
    console,
    db_path,
    err_console,
    fail,
    say_problem,
    styled,
    text_column,
    warn,
)
from detente.coding import Coder, SentenceOnlyCoder, get_coder
from detente.corpus import CoderUnavailable, IngestCallbacks, IngestReport, Problem
from detente.corpus.limits import MB, ReadLimits
from detente.jobs import TRIANGLE, MainJobResult, OutputFolderError, run_main_job
from detente.nlp import ModelMissing
from detente.records import Document
from detente.resources import bundled_example
from detente.scale.cluster import ClusterError
from detente.store import StoreError

ManifestOption = typer.Option(
    None, "--manifest", help="CSV with columns file,date,title,publisher[,url]; overrides folder manifests.",
    show_default=False,
)
CoderOption = typer.Option(
    "default", "--coder", hidden=True, help="default | sentences | module:Name (a Coder class or factory)."
)
VerboseOption = typer.Option(False, "--verbose", "-v", help="Print one line per stored document.")
ClusterOption = typer.Option(
    None, "--cluster", help="Code on Dask workers: local (one per core), local:N, or a scheduler address "
    "tcp://host:8786 (needs detente[scale]; see docs/scale.md).", show_default=False,
)
LakeOption = typer.Option(
    None, "--lake", help="Write to an event lake (a folder of Parquet files by year and month) instead of a "
    "store file; read it with --db DIR (see docs/scale.md).", show_default=False,
)
LangDataOption = typer.Option(
    None, "--lang-data", help="Your language-data directory (actors, people, verb patterns), laid over the "
    "package's; see docs/coder.md.", show_default=False,
)
MaxSizeOption = typer.Option(
    ReadLimits.max_bytes // MB, "--max-size", min=1, metavar="MB",
    help="Refuse files larger than this many megabytes (long texts under it are coded in pieces).",
)
FollowLinksOption = typer.Option(
    False, "--follow-links", help="Read symbolic links met in folders (skipped with a warning by default).",
)


def read_limits(max_size: int, follow_links: bool) -> ReadLimits:
    return ReadLimits(max_bytes=max_size * MB, follow_links=follow_links)


class Rates:
    """Documents and sentences coded per second of wall time, since the first one was asked for."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.documents = 0
        self.sentences = 0

    def add(self, n_sentences: int) -> None:
        self.documents += 1
        self.sentences += n_sentences

    def __str__(self) -> str:
        wall = max(time.perf_counter() - self.started, 1e-9)
        return (f"{self.documents} documents, {self.sentences} sentences in {wall:.1f} s: "
                f"{self.documents / wall:.1f} documents/s, {self.sentences / wall:.1f} sentences/s")


class RichCallbacks(IngestCallbacks):
    """A progress bar on stderr, problems as one line each, optionally one line per document."""

    def __init__(self, verbose: bool = False, rates: bool = False) -> None:
        self.verbose = verbose
        self.rates = Rates() if rates else None  # documents and sentences per second (--cluster)
        self.live = err_console.is_terminal  # a bar in a pipe or log file is noise
        self.progress = Progress(
            SpinnerColumn(), text_column("{task.description}", style="bold"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), text_column("{task.fields[doc]}"), console=err_console, transient=True,
        )
        self.task = None
        self.step_task = None

    def problem(self, problem: Problem) -> None:
        say_problem("warning" if problem.level == "warning" else "error", str(problem))

    def start(self, total: int) -> None:
        if self.rates is not None:
            self.rates.started = time.perf_counter()  # from the first document to code, not the reading
        if total:
            self.task = self.progress.add_task("coding", total=total, doc="")
            if self.live:
                self.progress.start()

    def coded(self, n_sentences: int) -> None:
        if self.rates is not None:
            self.rates.add(n_sentences)

    def document(self, doc: Document, status: str, n_events: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=1, doc=str(self.rates) if self.rates else doc.id)
        if self.verbose:
            console.print(f"{status} {doc.id} ({n_events} events)", highlight=False)

    def piece(self, doc: Document, done: int, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, doc=f"{doc.id} (piece {done}/{total})")

    def step(self, name: str) -> None:
        """A named step after coding (the report): a spinner with the step's name."""
        if self.step_task is None:
            self.step_task = self.progress.add_task(name, total=None, doc="")
            if self.live:
                self.progress.start()
        else:
            self.progress.update(self.step_task, description=name)

    def close(self) -> None:
        if self.live and (self.task is not None or self.step_task is not None):
            self.progress.stop()


def resolve_coder(name: str) -> Coder:
    """``default`` (the event coder), ``sentences`` (split only), or ``module:Name`` for a plug-in."""
    if name == "default":
        return get_coder()
    if name == "sentences":
        return SentenceOnlyCoder()
    module, _, attr = name.partition(":")
    try:
        factory = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError, ValueError):
        fail(f"unknown coder {name!r} (use default, sentences or module:Name)")
    return factory()


def ingest_table(report: IngestReport, store: Path | None = None) -> Table:
    table = Table(title="ingest" + (f" → {store}" if store else ""), title_justify="left")
    counts = report.counts()
    if report.skipped:  # only when a manifest left files out, so the usual table stays five columns
        counts["skipped (not in manifest)"] = report.skipped
    for name in counts:
        table.add_column(name, justify="right", style="red" if name == "failed" and report.failed else None)
    table.add_row(*(str(v) for v in counts.values()))
    return table


def _print_skipped(report: IngestReport, verbose: bool) -> None:
    if verbose:
        for path in report.skipped_files:
            console.print(f"skipped {path} (not in its folder's manifest.csv)", highlight=False)


def _finish(report: IngestReport) -> None:
    if not report.ok:
        bad = sum(p.counts_as_failure for p in report.problems)
        fail(f"{bad} problem{'s' if bad != 1 else ''} with the input (see above); everything else was stored")


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .html, .jsonl).", show_default=False),
    manifest: Path | None = ManifestOption,
    db: Path | None = DbOption,
    verbose: bool = VerboseOption,
    coder: str = CoderOption,
    lang_data: Path | None = LangDataOption,
    max_size: int = MaxSizeOption,
    follow_links: bool = FollowLinksOption,
    cluster: str | None = ClusterOption,
    lake: Path | None = LakeOption,
) -> None:
    """Read documents, code their events and store them; unchanged documents are skipped.

    Example: [bold]detente ingest articles/ --manifest articles/meta.csv --db korea.duckdb[/bold]
    Example: [bold]detente ingest articles/ --lang-data my-lang/ --db korea.duckdb[/bold]
    Example: [bold]detente ingest articles/ --cluster local:2 --db korea.duckdb[/bold]
    Example: [bold]detente ingest articles/ --cluster local:2 --lake lake/[/bold]
    """
    if lang_data is not None and not lang_data.is_dir():
        fail(f"{lang_data}: language-data directory not found")
    if cluster is not None:
        check_cluster(cluster)
    store_path = lake if lake is not None else db_path(db)
    if lake is not None:
        make_lake(lake)
    callbacks = RichCallbacks(verbose, rates=cluster is not None)
    # on a cluster each worker builds the default coder itself (once); other coders are shipped
    chosen = (None if coder == "default" else resolve_coder(coder)) if cluster else _lazy(coder, lang_data)
    try:
        with Database(store_path) as database:
            report = database.ingest(paths, manifest=manifest, coder=chosen, callbacks=callbacks, command="ingest",
                                     lang_data=lang_data, cluster=cluster,
                                     limits=read_limits(max_size, follow_links))
    except StoreError as exc:
        fail(str(exc))
    except ClusterError as exc:
        fail(str(exc))
    except (ModelMissing, CoderUnavailable) as exc:
        fail(str(exc))
    finally:
        callbacks.close()
    _print_skipped(report, verbose)
    console.print(ingest_table(report, store_path))
    if callbacks.rates is not None and callbacks.rates.documents:
        err_console.print(f"coded on {cluster}: {callbacks.rates}", highlight=False, soft_wrap=True)
    _finish(report)


def make_lake(lake: Path) -> None:
    """The lake's folder, made if missing; a file there is refused."""
    if lake.exists() and not lake.is_dir():
        fail(f"--lake {lake}: is a file; a lake is a folder")
    try:
        lake.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"--lake {lake}: cannot make the folder ({exc.strerror})")


def check_cluster(cluster: str) -> None:
    """A bad ``--cluster`` value fails before the store is opened."""
    from detente.scale.cluster import parse_cluster

    try:
        parse_cluster(cluster)
    except ClusterError as exc:
        fail(str(exc))


class _LazyCoder:
    """The default coder, built only when a document needs coding (a no-op rerun never loads it)."""

    def __init__(self, lang_data: Path | None = None) -> None:
        self.coder: Coder | None = None
        self.lang_data = lang_data

    def code_documents(self, docs, n_process: int = 1):
        if self.coder is None:
            try:
                self.coder = get_coder(lang_data=str(self.lang_data) if self.lang_data else None)
            except Exception as exc:  # a coder that cannot start is one line, not a failure per document
                raise CoderUnavailable(f"the event coder cannot start: {type(exc).__name__}: {exc}") from exc
        return self.coder.code_documents(docs, n_process=n_process)


def _lazy(name: str, lang_data: Path | None = None) -> Coder:
    return _LazyCoder(lang_data) if name == "default" else resolve_coder(name)


def summary_tables(result: MainJobResult) -> list[Table]:
    s = result.summary
    counts = Table(title="store", title_justify="left")
    for name in ("documents", "sentences", "events"):
        counts.add_column(name, justify="right")
    counts.add_row(str(s["documents"]), str(s["sentences"]), str(s["events"]))
    tables = [ingest_table(result.ingest), counts]
    if s["events"]:
        from detente.ontology import name_of

        roots = Table(title="events by CAMEO root", title_justify="left")
        roots.add_column("root")
        roots.add_column("name")
        roots.add_column("events", justify="right")
        for root, n in s["events_by_root"].items():
            roots.add_row(str(root), name_of(str(root)) or "", str(n))
        modality = Table(title="events by modality", title_justify="left")
        modality.add_column("modality")
        modality.add_column("events", justify="right")
        for m, n in s["events_by_modality"].items():
            modality.add_row(str(m), str(n))
        tables += [roots, modality]
    return tables


def _main_job(paths: list[Path], out: Path, manifest: Path | None, verbose: bool, coder: str, command: str,
              actors: list[str] | None = None, force: bool = False, limits: ReadLimits | None = None) -> None:
    if out.exists() and not out.is_dir():
        fail(f"{out} exists and is not a folder")
    callbacks = RichCallbacks(verbose)
    try:
        result = run_main_job(paths, out, manifest=manifest, coder=_lazy(coder), callbacks=callbacks, command=command,
                              step=callbacks.step, actors=actors, force=force, limits=limits)
    except (StoreError, OutputFolderError) as exc:
        fail(str(exc))
    except (ModelMissing, CoderUnavailable) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write to {out}: {exc.strerror or exc}")
    finally:
        callbacks.close()
    _print_skipped(result.ingest, verbose)
    for table in summary_tables(result):
        console.print(table)
    for note in result.notes:
        warn(note)
    console.print(f"store:  {result.db_path}", highlight=False)
    if result.report_path:
        console.print(styled("report: ", (str(result.report_path), "bold")), highlight=False)
    if result.report_error:
        fail(result.report_error)
    _finish(result.ingest)


@app.command()
def run(
    path: list[Path] = typer.Argument(..., help="Files or folders of documents.", show_default=False),
    out: Path = typer.Option(Path("detente-output"), "--out", "-o", help="Folder for the store and report."),
    manifest: Path | None = ManifestOption,
    verbose: bool = VerboseOption,
    coder: str = CoderOption,
    actors: str | None = typer.Option(
        None, "--actors", help="Comma-separated actors for the report and forecast (default: the three busiest countries)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace a store in OUT that `run` did not make."),
    max_size: int = MaxSizeOption,
    follow_links: bool = FollowLinksOption,
) -> None:
    """The main job on your documents: a fresh store in OUT, events coded, OUT/report.html written.

    A `scenario.yaml` beside the documents is simulated too. Example:
    [bold]detente run articles/ -o korea-output --actors CHN,PRK,USA[/bold]
    """
    chosen = [a.strip().upper() for a in actors.split(",") if a.strip()] if actors else None
    _main_job(path, out, manifest, verbose, coder, "run", chosen, force, read_limits(max_size, follow_links))


@app.command()
def demo(
    out: Path = typer.Option(Path("demo-output"), "--out", "-o", help="Folder for the store and report."),
    verbose: bool = VerboseOption,
    coder: str = CoderOption,
    force: bool = typer.Option(False, "--force", help="Replace a store in OUT that `demo` did not make."),
) -> None:
    """The main job on the bundled China – North Korea – United States example (examples/korea).

    Example: [bold]detente demo -o demo-output[/bold]
    """
    example = bundled_example()
    if not example.is_dir():
        fail(f"bundled example not found at {example} (examples/korea ships with the source tree)")
    _main_job([example], out, None, verbose, coder, "demo", list(TRIANGLE), force)
