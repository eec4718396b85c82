"""Held-out validation without touching test: tune on the earlier half of the validation days,
rank the later half (single-step), for the combination, + length-2 rules and + re-ranker at once.

One ``Reranked`` fit serves all three: with the length-2 weights and θ set to zero it is exactly the
tuned combination (its base is tuned with length-2 rules off). Usage:
``python -m detente.forecast.heldout ../shared/data/tkg/ICEWS14``
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from typing import Any

import numpy as np

from detente.forecast.data import TKG, load_tkg, with_inverse
from detente.forecast.harness import peak_rss_mb, tuning_queries
from detente.forecast.metrics import summarize
from detente.forecast.rerank import Reranked


def split_valid(data: TKG) -> TKG:
    """The data set with validation = earlier half of its days and "test" = the later half."""
    days = np.unique(data.valid[:, 3])
    cut = days[len(days) // 2]
    return replace(data, valid=data.valid[data.valid[:, 3] < cut], test=data.valid[data.valid[:, 3] >= cut])


def heldout(data: TKG, max_tune_queries: int | None = 40_000) -> dict:
    """MRR etc. on the later validation half for combined / paths / rerank (one fit, one tuning)."""
    half = split_valid(data)
    start = time.perf_counter()
    model = Reranked()
    model.fit(half.train, half.num_entities, half.num_relations)
    model.observe(np.concatenate([half.train, half.valid]))
    qs = tuning_queries(model, half, max_tune_queries)
    model.tune(qs)
    del qs
    model.observe(np.concatenate([half.train, half.valid, half.test]))
    theta, path_w, path_scale = model.theta.copy(), model.path_w, model.path_scale
    ranks: dict[str, list[np.ndarray]] = {"combined": [], "paths": [], "rerank": []}
    for block in model.blocks(with_inverse(half.test, half.num_relations)):
        ranks["rerank"].append(model.ranks(block))
        model.theta[:] = 0.0
        ranks["paths"].append(model.ranks(block))
        model.path_w, model.path_scale = 0.0, 0.0
        ranks["combined"].append(model.ranks(block))
        model.theta[:], model.path_w, model.path_scale = theta, path_w, path_scale
    out: dict[str, Any] = {"dataset": data.name,
                           "protocol": "tune on earlier half of valid days, rank the later half"}
    out.update({k: summarize(np.concatenate(v)) for k, v in ranks.items()})
    out.update({"seconds": round(time.perf_counter() - start, 1), "peak_rss_mb": round(peak_rss_mb(), 1),
                "params": {k: v for k, v in model.params().items() if not isinstance(v, list)}})
    return out


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["boost"]):
        sys.exit("usage: python -m detente.forecast.heldout DATA_DIR [boost]")
    if sys.argv[2:] == ["boost"]:  # the length-2 model against the boosted re-ranker (boost.py)
        from detente.forecast.boost import heldout_boost

        print(json.dumps(heldout_boost(load_tkg(sys.argv[1])), indent=1))
    else:
        print(json.dumps(heldout(load_tkg(sys.argv[1])), indent=1))
