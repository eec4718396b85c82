"""How much CPU a `detente` command spends before its own code runs: start-up, measured.

Each round runs ``detente ARGS`` in a fresh interpreter per ``--python`` (interleaved, the order
rotating) and records the process's CPU (user + system, from process start) when the command's
body first imports ``--mark`` (default ``detente.api``: the forecast, events and report commands
import it first), and at the end; medians are printed. Run with several interpreters (another
checkout's venv) to compare before and after:

    python scripts/cli_startup.py --python .venv/bin/python --python ../main/.venv/bin/python \
        --rounds 9 -- forecast --source CHN --target PRK --db icews18.duckdb
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child(mark: str, args: list[str]) -> None:
    """Run the command in this process; print {"reach": CPU at the mark, "end": CPU at the end}."""
    marks: dict[str, float] = {}

    class Mark:
        def find_spec(self, name: str, path: object = None, target: object = None) -> None:
            if name == mark and "reach" not in marks:
                marks["reach"] = _cpu()

    sys.meta_path.insert(0, Mark())  # type: ignore[arg-type]
    sys.argv = ["detente", *args]
    from detente.cli import main

    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):
        main()
    marks["end"] = _cpu()
    print(json.dumps(marks))


def main() -> None:
    import argparse
    import os
    import statistics
    import subprocess
    import time

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", action="append", help="An interpreter with detente installed (repeatable).")
    parser.add_argument("--mark", default="detente.api", help="The module whose first import marks the command.")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("args", nargs="*", help="The detente command's arguments (after --).")
    opts = parser.parse_args()
    pythons = opts.python or [sys.executable]
    runs: dict[str, list[tuple[float, float, float]]] = {p: [] for p in pythons}
    loads = [os.getloadavg()[0]]
    for r in range(opts.rounds):
        for py in pythons[r % len(pythons):] + pythons[:r % len(pythons)]:
            start = time.perf_counter()
            done = subprocess.run([py, __file__, "--child", opts.mark, *opts.args],
                                  capture_output=True, text=True, check=True)
            marks = json.loads(done.stdout.strip().splitlines()[-1])
            runs[py].append((marks.get("reach", float("nan")), marks["end"], time.perf_counter() - start))
        loads.append(os.getloadavg()[0])
    for py, v in runs.items():
        reach, end, wall = (statistics.median(x[i] for x in v) for i in range(3))
        print(f"{py}: to the command {reach:.3f} CPU-s, whole {end:.3f} CPU-s, wall {wall:.2f} s (median of {len(v)})")
    print(f"load average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:  # before argparse: the child's CPU is the command's own
        child(sys.argv[2], sys.argv[3:])
    else:
        main()
