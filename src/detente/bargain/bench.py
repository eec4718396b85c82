"""The DEU validation table and the SMP/EUM timings on KTAB's files (`detente bench bargain`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from detente.bargain.deu import cross_validated_mae, load_deu, mae_record
from detente.bargain.eum import ExpectedUtility
from detente.bargain.issue import Issue
from detente.bargain.models import (
    BargainModel,
    Blend,
    Compromise,
    Median,
    Midpoint,
    Nash,
    StatusQuo,
    WeightedMedian,
)
from detente.bargain.smp import SpatialModelOfPolitics

T = TypeVar("T")

# name → (model factory, equal capabilities?, needs a reference point?)
ENTRIES: dict[str, tuple[Callable[[int], BargainModel], bool, bool]] = {
    "compromise": (lambda r: Compromise(), False, False),
    "compromise_equal": (lambda r: Compromise(), True, False),
    "nash": (lambda r: Nash("quadratic"), False, True),
    "nash_equal": (lambda r: Nash("quadratic"), True, True),
    "nash_linear": (lambda r: Nash("linear"), False, True),
    "eum": (lambda r: ExpectedUtility(rounds=r), False, False),
    "eum_median": (lambda r: ExpectedUtility(rounds=r, readout="median"), False, False),
    "eum_q05": (lambda r: ExpectedUtility(rounds=r, q=0.5, t=1.0), False, False),
    "eum_clipped_p": (lambda r: ExpectedUtility(rounds=r, probability="clipped"), False, False),
    "eum_strongest_offer": (lambda r: ExpectedUtility(rounds=r, offer_rule="strongest"), False, False),
    "median": (lambda r: Median(), False, False),
    "weighted_median": (lambda r: WeightedMedian(), False, False),
    "midpoint": (lambda r: Midpoint(), False, False),
    "status_quo": (lambda r: StatusQuo(), False, True),
    "smp": (lambda r: SpatialModelOfPolitics(), False, False),
}


def bench_deu(path: Path, rounds: int = 10, tick: Callable[[str], None] | None = None) -> dict:
    """MAE of every model against DEU's recorded outcomes. No model here has fitted parameters,
    so nothing is tuned on the issues it is scored on — except `blend_cv`, fitted out of fold."""
    by_caps = {False: load_deu(path), True: load_deu(path, equal_capabilities=True)}
    models: dict[str, dict] = {}
    for name, (make, equal, need_sq) in ENTRIES.items():
        start, cpu = time.perf_counter(), time.process_time()
        rec = mae_record(make(rounds), by_caps[equal], need_status_quo=need_sq)
        rec["seconds"] = round(time.perf_counter() - start, 3)
        rec["cpu_seconds"] = round(time.process_time() - cpu, 3)
        models[name] = rec
        if tick:
            tick(name)
    # the one model with a fitted parameter, scored by 10-fold cross-validation across proposals
    start = time.perf_counter()
    scored = [i for i in by_caps[False] if i.outcome is not None]
    models["blend_cv"] = {"mae": round(cross_validated_mae(Blend, scored, folds=10), 4), "n": len(scored),
                          "lambda_all": Blend().fit(scored).lam,
                          "seconds": round(time.perf_counter() - start, 3)}
    if tick:
        tick("blend_cv")
    return {"data": str(path), "issues": len(by_caps[False]), "rounds": rounds, "models": models}


def time_eum(path: Path, rounds: int = 10, repeats: int = 3) -> dict:
    """Wall time of the EUM on each issue of a KTAB file (best of `repeats`)."""
    from detente.bargain.ktab import load_ktab

    out = []
    for issue in load_ktab(path).issues():
        model = ExpectedUtility(rounds=rounds)
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            forecast = model.predict_issue(issue)
            best = min(best, time.perf_counter() - start)
        out.append({"issue": issue.name, "actors": issue.n, "rounds": rounds, "seconds": round(best, 4),
                    "forecast": round(forecast, 3)})
    return {"file": str(path), "timings": out}


# KTAB's own per-turn CPU time (optimised build, SMP-NOTES.md in ../shared/data/ktab): 40 and 80 actors.
KTAB_CPU_PER_TURN = {40: 0.44, 80: 4.9, 160: 78.0}
KTAB_FILES = {40: "dummyData-a040.csv", 80: "dummyData-a080.csv", 160: "dummyData-a160.csv"}


def random_smp_input(n: int, dims: int = 1, seed: int = 0):
    """n random actors like KTAB's dummyData files: capability 1–200, position 0–1, salience 0.1–0.9."""
    from detente.bargain.smp import SMPInput

    rng = np.random.default_rng(seed)
    return SMPInput(actors=tuple(f"A{k:04d}" for k in range(n)), dimensions=tuple(f"d{k}" for k in range(dims)),
                    positions=rng.uniform(0.0, 1.0, (n, dims)),
                    saliences=rng.uniform(0.1, 0.9, (n, dims)) / dims,
                    capabilities=rng.uniform(1.0, 200.0, n))


def _cpu(fn: Callable[[], T], repeats: int) -> tuple[float, float, T]:
    """Median CPU and wall seconds over `repeats` calls, and the last result."""
    cpu: list[float] = []
    wall: list[float] = []
    out: Any = None
    for _ in range(repeats):
        c, w = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return float(np.median(cpu)), float(np.median(wall)), out


def time_ktab(folder: Path, sizes: tuple[int, ...] = (40, 80, 160, 500), turns: int = 3, repeats: int = 3,
              tick: Callable[[str], None] | None = None) -> list[dict]:
    """CPU seconds per SMP turn and per EUM evaluation (10 rounds) for KTAB's files and random actors.

    Sizes with a KTAB file (40, 80, 160) use it; others use `random_smp_input(n)` (seed 0). SMP
    runs exactly `turns` turns; each figure is the median of `repeats` runs.
    """
    from detente.bargain.ktab import load_ktab
    from detente.bargain.smp import SpatialModelOfPolitics, input_from_scenario

    rows = []
    for n in sizes:
        name = KTAB_FILES.get(n)
        if name is not None and (Path(folder) / name).is_file():
            data, source = input_from_scenario(load_ktab(Path(folder) / name)), name
        else:
            data, source = random_smp_input(n), f"random (seed 0, {n} actors)"
        smp = SpatialModelOfPolitics(min_turns=turns, max_turns=turns)
        reps = repeats if n <= 160 else 1
        cpu, wall, res = _cpu(lambda smp=smp, data=data: smp.run(data), reps)  # type: ignore[misc]
        issue = Issue(name="d0", actors=data.actors, positions=data.positions[:, 0] * 100.0,
                      saliences=data.saliences[:, 0], capabilities=data.capabilities)
        eum_cpu, eum_wall, forecast = _cpu(
            lambda issue=issue: ExpectedUtility(rounds=10).predict_issue(issue), reps)  # type: ignore[misc]
        per_turn = cpu / res.n_turns
        ktab = KTAB_CPU_PER_TURN.get(n)
        rows.append({"actors": n, "source": source, "smp_turns": res.n_turns,
                     "smp_cpu_per_turn": round(per_turn, 4), "smp_wall_per_turn": round(wall / res.n_turns, 4),
                     "ktab_cpu_per_turn": ktab, "speedup": None if ktab is None else round(ktab / per_turn, 1),
                     "eum_cpu_10_rounds": round(eum_cpu, 4), "eum_wall_10_rounds": round(eum_wall, 4),
                     "eum_forecast": round(float(forecast), 3)})
        if tick:
            tick(source)
    return rows
