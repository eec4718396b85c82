"""CLI command `detente eval actors`: actor coverage of the resolver on the development sets."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from detente.cli.app import console, eval_app, fail


@eval_app.command("actors")
def eval_actors(
    set_name: str = typer.Option("all", "--set", help="wire-dev | korea-example | plover | plv-train | all "
                                 "(development sets only: test sets are not read)."),
    data: Path = typer.Option(None, "--data", help="Folder with plover/plv-train gold files "
                              "(default ../shared/eval/events)."),
    misses: int = typer.Option(0, "--misses", min=0, help="Also print up to N missed gold actors per set."),
    json_out: Path = typer.Option(None, "--json", help="Also write the figures (and listed misses) to this JSON file."),
    lang_data: Path = typer.Option(None, "--lang-data", help="Your language-data directory laid over the package's."),
) -> None:
    """How often the actor resolver finds each gold source/target: with the right country (found) and
    full code (exact), or, for plv-train's actor strings, a resolved mention overlapping the string (covered).

    Example: detente eval actors --set wire-dev --misses 20
    """
    from detente.actors.coverage import DEV_SETS, actor_coverage, resolver_function
    from detente.langdata import LanguageData, LanguageDataError

    names = DEV_SETS if set_name == "all" else (set_name,)
    if set_name != "all" and set_name not in DEV_SETS:
        fail(f"unknown set {set_name!r}; choose one of {', '.join(DEV_SETS)}, all (test sets are not read)")
    if data is None:
        from detente.resources import shared_dir

        data = shared_dir() / "eval" / "events"
    needs_data = [n for n in names if n in ("plover", "plv-train")]
    if needs_data and not Path(data).is_dir():
        fail(f"gold folder {data} not found (use --data)")
    try:
        lang = LanguageData.from_dir(lang_data) if lang_data else None
    except LanguageDataError as exc:
        fail(str(exc))
    run = resolver_function(lang)
    results = [actor_coverage(n, Path(data), run, keep=misses) for n in names]
    table = Table(title="actor coverage")
    for col in ("set", "gold actors", "found / covered", "exact / mentioned"):
        table.add_column(col, justify="left" if col == "set" else "right")
    for r in results:
        d = r.as_dict()
        vals = list(d.values())
        table.add_row(r.set_name, str(d["gold_actors"]), str(vals[2]), str(vals[3]))
    console.print(table)
    for r in results:
        for m in r.misses:
            console.print(f"[{r.set_name}] {m['gold']}: {m['text']}  ours: {m['ours']}", markup=False, highlight=False)
    if json_out:
        Path(json_out).write_text(json.dumps([r.as_dict() | {"misses": r.misses} for r in results], indent=1) + "\n",
                                  encoding="utf-8")
