"""The DEU validation table and the EUM timing on KTAB's 160-actor file (`detente bench bargain`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from detente.bargain.deu import cross_validated_mae, load_deu, mae_record
from detente.bargain.eum import ExpectedUtility
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
}


def bench_deu(path: Path, rounds: int = 10, tick: Callable[[str], None] | None = None) -> dict:
    """MAE of every model against DEU's recorded outcomes. No model here has fitted parameters,
    so nothing is tuned on the issues it is scored on — except `blend_cv`, fitted out of fold."""
    by_caps = {False: load_deu(path), True: load_deu(path, equal_capabilities=True)}
    models: dict[str, dict] = {}
    for name, (make, equal, need_sq) in ENTRIES.items():
        start = time.perf_counter()
        rec = mae_record(make(rounds), by_caps[equal], need_status_quo=need_sq)
        rec["seconds"] = round(time.perf_counter() - start, 3)
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
