"""CLI commands: serve (the web app and JSON API) and bench serve (its load benchmark)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from detente.cli.app import DbOption, app, bench_app, console, db_path, fail

WEB_EXTRA = "detente serve needs the web extra: pip install 'detente[web]'"


@app.command()
def serve(
    db: Path | None = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; anything but loopback needs --token."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    token: str | None = typer.Option(None, "--token", envvar="DETENTE_TOKEN",
                                     help="Required on every request (Bearer header, or ?token= once in a browser)."),
    read_only: bool = typer.Option(False, "--read-only", help="Open the store read-only; no uploads."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help="Where uploads are written (default: uploads/ beside the store)."),
    max_upload_mb: float = typer.Option(20.0, "--max-upload-mb", min=0.001, help="Largest upload (all files together)."),
) -> None:
    """Serve the store as a web app (events, analyses, forecasts, scenarios, uploads) and a JSON API.

    Example: [bold]detente serve --db demo-output/detente.duckdb[/bold]  (then open http://127.0.0.1:8000/)
    """
    try:
        import uvicorn

        from detente.web import WebConfig, create_app
    except ImportError:
        fail(WEB_EXTRA)
    path = db_path(db)
    if read_only and not path.exists():
        fail(f"no store at {path} (run `detente ingest` or `detente demo` first)")
    try:
        config = WebConfig(db=path, host=host, port=port, token=token, read_only=read_only, data_dir=data_dir,
                           max_upload_bytes=int(max_upload_mb * 1024 * 1024))
    except ValueError as exc:
        fail(str(exc))
    from detente.store import Store, StoreError

    try:  # open once up front, so a locked or foreign file is a one-line error, not a server crash
        Store(path, read_only=read_only).close()
    except StoreError as exc:
        fail(str(exc))
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    console.print(f"serving {path} on [bold]http://{shown}:{port}/[/bold]" + ("?token=…" if token else "")
                  + (" (read-only)" if read_only else "") + " — Ctrl+C stops", highlight=False)
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning", timeout_keep_alive=30)


@bench_app.command("serve")
def bench_serve(
    db: Path = typer.Option(..., "--db", help="A store to copy and serve (e.g. demo-output/detente.duckdb)."),
    clients: int = typer.Option(50, "--clients", min=1, help="Concurrent clients."),
    seconds: float = typer.Option(30.0, "--seconds", min=1, help="How long the clients query."),
    ingest: Path | None = typer.Option(None, "--ingest", help="Folder of documents uploaded at the start (default: the bundled example)."),
    no_ingest: bool = typer.Option(False, "--no-ingest", help="Readers only (the baseline)."),
    port: int = typer.Option(8765, "--port", help="Loopback port for the server under test."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the figures here."),
) -> None:
    """Load on the loopback address: clients query events and dyads while an upload is ingested.

    Example: [bold]detente bench serve --db demo-output/detente.duckdb --clients 50 --seconds 30[/bold]
    """
    try:
        from detente.web.bench import BenchConfig, run_bench
    except ImportError:
        fail(WEB_EXTRA)
    if not db.exists():
        fail(f"no store at {db}")
    try:
        result = run_bench(BenchConfig(db=db, clients=clients, seconds=seconds, ingest=ingest, port=port,
                                           no_ingest=no_ingest))
    except RuntimeError as exc:
        fail(str(exc).splitlines()[0])
    for key, value in result.items():
        console.print(f"{key:>22}: {value}", highlight=False)
    if json_out:
        json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
