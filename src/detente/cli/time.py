"""CLI commands: `detente time` (TIMEX3 tagging of files) and `detente eval time` (TempEval-3 scores)."""

from __future__ import annotations

import json
import sys
import time as clock
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import typer
from rich.table import Table

from detente.cli.app import app, console, err_console, eval_app, fail, warn
from detente.corpus.dates import DateError, parse_date
from detente.time import TimeData, TimeDataError, TimexRecord, tag_text

_REPO = Path(__file__).resolve().parents[3]
#: ../shared beside the project, seen from the working folder or from the package's checkout.
EVAL_DIR_CANDIDATES = (Path("..") / "shared" / "eval" / "time", _REPO.parent / "shared" / "eval" / "time",
                       _REPO.parent.parent / "shared" / "eval" / "time")  # fmt: skip
EVAL_SETS = {"aquaint": "tbaq_aquaint_timex.jsonl", "timebank": "tbaq_timebank_timex.jsonl"}
DataOption = typer.Option(None, "--lang-data", help="Folder with time_words.yaml / timex.yaml overriding the package's.")


def _data(path: Path | None) -> TimeData:
    if path is not None and not Path(path).is_dir():
        fail(f"{path}: not a folder (--lang-data wants a folder with time_words.yaml and/or timex.yaml)")
    try:
        return TimeData.from_dir(path) if path else TimeData.default()
    except TimeDataError as exc:
        fail(str(exc))


def _read(name: str) -> list[tuple[str, str, str | None]]:
    """The documents of one input: (name, text to tag, date from manifest, front matter or meta).

    A .jsonl file gives one document a line, named ``file:id``."""
    if name == "-":
        return [(name, sys.stdin.read(), None)]
    from detente.corpus.collect import collect
    from detente.corpus.text import DecodeError, decode_bytes

    path = Path(name)
    if path.is_dir():
        fail(f"{name}: a folder (give its files, e.g. {name}/*.txt)")
    if not path.is_file():
        fail(f"{name}: no such file")
    found = collect([path])
    failed = [p for p in found.problems if p.level == "failed"]
    if failed or not found.documents:
        fail(str(failed[0]) if failed else f"{name}: no text")
    if path.suffix.lower() == ".txt":
        try:
            return [(name, decode_bytes(path.read_bytes()), found.documents[0].date)]  # the file as read
        except (OSError, DecodeError) as exc:
            fail(f"{name}: {exc}")
    if len(found.documents) == 1:
        return [(name, found.documents[0].text, found.documents[0].date)]
    return [(f"{name}:{doc.id}", doc.text, doc.date) for doc in found.documents]


def _timeml(text: str, records: list[TimexRecord], doc: str, dct: str | None) -> str:
    out, at = [], 0
    for k, r in enumerate(records, 1):
        mod = f" mod={quoteattr(r.mod)}" if r.mod else ""
        out.append(escape(text[at : r.start]))
        out.append(f'<TIMEX3 tid="t{k}" type="{r.type}" value={quoteattr(r.value)}{mod}>{escape(r.text)}</TIMEX3>')
        at = r.end
    out.append(escape(text[at:]))
    return f"<TimeML doc={quoteattr(doc)} dct={quoteattr(dct or '')}>\n<TEXT>{''.join(out)}</TEXT>\n</TimeML>"


@app.command("time")
def time_command(
    files: list[str] = typer.Argument(..., help="Text files (.txt, .md, .html, .jsonl) or - for standard input."),
    dct: str = typer.Option(None, "--dct", help="Document date YYYY-MM-DD (default: the file's manifest or metadata date)."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one expression a line) or timeml (the text with TIMEX3 tags)."),
    lang_data: Path = DataOption,
) -> None:
    """Find every time expression in the files and give its TIMEX3 type and value.

    Offsets (start, end) count characters of the file's text as read: UTF-8, newlines kept; for
    .md, .html and .jsonl, of the text the reader extracts. Relative expressions ("last week")
    are resolved against --dct, else the date ingest would use (manifest, front matter, HTML meta).

    Example: detente time article.txt --dct 2013-03-22 --format jsonl
    """
    if fmt not in ("jsonl", "timeml"):
        fail(f"--format must be jsonl or timeml, not {fmt!r}")
    given = None
    if dct is not None:
        try:
            given = parse_date(dct)
        except DateError as exc:
            fail(f"--dct {dct!r}: {exc}")
    data = _data(lang_data)
    for name in files:
        for doc, text, meta_date in _read(name):
            day = given or meta_date
            if day is None:
                warn(f"{doc}: no document date (give --dct): relative expressions get no value")
            records = tag_text(text, day, doc=doc, data=data)
            if fmt == "jsonl":
                for r in records:
                    sys.stdout.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
            else:
                sys.stdout.write(_timeml(text, records, doc, day) + "\n")


@eval_app.command("time")
def eval_time(
    set_name: str = typer.Option("aquaint", "--set", help="aquaint or timebank (TempEval-3 training documents)."),
    data_dir: Path = typer.Option(None, "--data", help="Folder with the gold files (default ../shared/eval/time)."),
    errors: int = typer.Option(0, "--errors", help="List this many wrong or missed expressions."),
    json_path: Path = typer.Option(None, "--json", help="Also write the scores to this JSON file."),
    lang_data: Path = DataOption,
) -> None:
    """Score the TIMEX3 tagger as TempEval-3 does: span F1 (strict, relaxed), value accuracy, value F1.

    Both sets are development data (the rules were written looking at them); the test documents
    are held out. Needs ../shared (or --data).

    Example: detente eval time --set timebank --errors 20
    """
    from detente.time.score import evaluate, load_gold

    if set_name not in EVAL_SETS:
        fail(f"--set must be one of {', '.join(EVAL_SETS)}, not {set_name!r}")
    folder = data_dir or next((c for c in EVAL_DIR_CANDIDATES if c.is_dir()), EVAL_DIR_CANDIDATES[0])
    path = Path(folder) / EVAL_SETS[set_name]
    if not path.is_file():
        fail(f"{path}: gold file not found (give --data, the folder of {EVAL_SETS[set_name]})")
    try:
        docs = load_gold(path)
    except (OSError, ValueError) as exc:
        fail(str(exc))
    data = _data(lang_data)
    wall, cpu = clock.perf_counter(), clock.process_time()
    score = evaluate(docs, lambda text, dct: tag_text(text, dct, data=data))
    wall, cpu = clock.perf_counter() - wall, clock.process_time() - cpu
    s = score.summary()
    table = Table(title=f"time expressions — {set_name}: {len(docs)} documents, {s['gold']} gold, {s['system']} found")
    for col in ("measure", "P", "R", "F1"):
        table.add_column(col, justify="right" if col != "measure" else "left")
    for key, label in (("strict", "span, strict"), ("relaxed", "span, relaxed")):
        table.add_row(label, f"{s[key + '_p']:.3f}", f"{s[key + '_r']:.3f}", f"{s[key + '_f1']:.3f}")
    table.add_row("value (relaxed match)", "", "", f"{s['value_f1']:.3f}")
    console.print(table)
    chars = sum(len(d["text"]) for d in docs)
    console.print(f"value accuracy on matched spans: {s['value_accuracy']:.3f}; type accuracy: {s['type_accuracy']:.3f}")
    console.print(f"time: {wall:.2f} s wall, {cpu:.2f} s CPU ({chars / max(wall, 1e-9) / 1000:.0f}k characters/s)")
    for miss in score.misses[:errors]:
        g, got = miss.get("gold") or {}, miss.get("got") or {}
        err_console.print(f"  {miss['kind']:8} {miss['doc']}: gold {g.get('text')!r}={g.get('value')} "
                          f"got {got.get('text')!r}={got.get('value')}", highlight=False, markup=False)  # fmt: skip
    if json_path:
        try:
            Path(json_path).write_text(json.dumps({"set": set_name, **s, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3)}, indent=2))
        except OSError as exc:
            fail(f"cannot write {json_path}: {exc.strerror}")
        console.print(f"wrote {json_path}")
