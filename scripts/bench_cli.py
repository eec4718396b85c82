"""Whole-process CPU and wall time of `detente` commands, next to bare DuckDB, interleaved.

Each command runs as its own process (start-up included, as a user meets it: ``detente --help``
and the commands' ``--help`` are start-up alone, no store opened); CPU is user +
system time of the finished child (every thread), rounds rotate the order (A B C, B C A, …) and
medians are reported. ``--before`` adds the same commands run by another `detente` executable
(an older checkout), so before and after interleave too.

    python scripts/bench_cli.py --events-db /tmp/s10m.duckdb --forecast-db /tmp/icews18.duckdb \
        --models combined,boost --json cli.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from detente.export_csv import EXPORT_SQL


def commands(events_db: Path | None, forecast_db: Path | None, out: Path,
             models: list[str]) -> dict[str, list[str]]:
    """Name → `detente` arguments. The first three are start-up alone (no store is opened)."""
    cmds = {"help": ["--help"], "events --help": ["events", "--help"], "forecast --help": ["forecast", "--help"]}
    for model in models if forecast_db else ():
        cmds[f"forecast {model} CHN PRK"] = ["forecast", "--source", "CHN", "--target", "PRK", "--model", model,
                                             "--db", str(forecast_db)]
    for target in ("AFG", "PRK") if events_db else ():
        cmds[f"events CHN {target} csv"] = ["events", "--source", "CHN", "--target", target, "--format", "csv",
                                            "-o", str(out), "--db", str(events_db)]
    return cmds


def bare(events_db: Path, target: str, out: Path) -> list[str]:
    """The same dyad as CSV from Python and DuckDB alone (plain equality on the country columns)."""
    sql = (f"COPY (SELECT {EXPORT_SQL} FROM events WHERE source_country = 'CHN' AND target_country = '{target}'"
           f" ORDER BY day, id) TO '{out}' (HEADER)")
    return [sys.executable, "-c", f"import duckdb; duckdb.connect({str(events_db)!r}, read_only=True).execute({sql!r})"]


def run(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one finished child process."""
    r0, w0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - w0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events-db", type=Path, help="A store with the 10 M synthetic events.")
    parser.add_argument("--forecast-db", type=Path, help="A store with a fitted forecaster (detente forecast fit).")
    parser.add_argument("--before", help="Another detente executable to interleave with this one.")
    parser.add_argument("--before-forecast-db", type=Path,
                        help="The store --before forecasts from, when its saved model is in an older format "
                             "(default: --forecast-db).")
    parser.add_argument("--models", default="combined",
                        help="Comma-separated forecasters to time on --forecast-db (each needs `forecast fit --model`).")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    detente = shutil.which("detente", path=str(Path(sys.executable).parent)) or "detente"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "events.csv"
        models = [m for m in args.models.split(",") if m]
        jobs = {f"after {k}": [detente, *a]
                for k, a in commands(args.events_db, args.forecast_db, out, models).items()}
        if args.before:
            jobs.update({f"before {k}": [args.before, *a]
                         for k, a in commands(args.events_db, args.before_forecast_db or args.forecast_db, out,
                                              models).items()})
        for target in ("AFG", "PRK") if args.events_db else ():
            jobs[f"bare CHN {target} csv"] = bare(args.events_db, target, out)
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in jobs}
        loads = [os.getloadavg()[0]]
        names = list(jobs)
        for r in range(args.rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                times[name].append(run(jobs[name]))
            loads.append(os.getloadavg()[0])
    result = {name: {"wall_median": round(statistics.median(w for w, _ in v), 3),
                     "cpu_median": round(statistics.median(c for _, c in v), 3)} for name, v in times.items()}
    for name, v in sorted(result.items()):
        print(f"{name:28s} CPU {v['cpu_median']:6.2f} s   wall {v['wall_median']:6.2f} s")
    print(f"load average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f}")
    if args.json:
        args.json.write_text(json.dumps({"commands": result, "load_1min": loads}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
