"""The boosted model with several sets of feature providers, one tuning, one test pass (issue 18).

``python -m detente.forecast.ablation DATA_DIR --variants none,recent,peers,recent+peers``

The length-2 base model is tuned once on validation (exactly as ``--model boost`` does); then,
per variant, the trees are cross-fitted and refitted on the same tuning queries with that
variant's providers (``BoostConfig.providers``), and the test split is read once, each block ranked
by every variant and by the base model (``paths``). Each variant follows the procedure of a separate
``detente bench forecast --model boost`` run with those providers (same seed, same tuning
queries, ``Boosted.tune_trees`` after one base tuning); CPU seconds are split into the shared part and each variant's own (trees + ranking).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

import numpy as np

from detente.forecast.boost import BoostConfig, Boosted
from detente.forecast.combined import CombinedPaths
from detente.forecast.data import TKG, load_tkg, with_inverse
from detente.forecast.harness import MAX_TUNE, cpu_seconds, peak_rss_mb, tuning_queries
from detente.forecast.metrics import summarize
from detente.forecast.recent import fit_decay


def parse_variants(text: str) -> list[tuple[str, ...]]:
    """``none,recent,recent+peers`` → ``[(), ("recent",), ("recent", "peers")]``."""
    return [() if v == "none" else tuple(v.split("+")) for v in text.split(",") if v]


def _trees(model: Boosted, qs, extra: tuple[str, ...]) -> dict:
    """Cross-fit and refit the trees with providers ``extra`` on the already tuned base model."""
    model.config = replace(model.config, providers=extra)
    model.selection["chosen"] = model.selection.get("base_chosen", model.selection.get("chosen"))
    model.tune_trees(qs)
    return {"trees": model.trees, "exchange": model.exchange, "config": model.config,
            "check": dict(model.boost_check)}


def ablation(data: TKG, variants: list[tuple[str, ...]], max_tune: int | None = MAX_TUNE) -> dict:
    """Single-step test figures of every variant (and of the base model), tuned on validation."""
    cpu0 = cpu_seconds()
    model = Boosted(config=BoostConfig(providers=variants[0]))
    model.fit(data.train, data.num_entities, data.num_relations)
    model.observe(np.concatenate([data.train, data.valid]))
    qs = tuning_queries(model, data, max_tune)
    CombinedPaths.tune(model, qs)
    model.selection["base_chosen"] = model.selection.get("chosen")
    shared = cpu_seconds() - cpu0
    states, cpu = {}, {}
    for v in variants:
        c0 = cpu_seconds()
        states[v] = _trees(model, qs, v)
        cpu[v] = cpu_seconds() - c0
    del qs
    model.observe(np.concatenate([data.train, data.valid, data.test]))
    ranks: dict = {v: [] for v in [*variants, "paths"]}
    boosted = next((s for s in states.values() if s["trees"] is not None), None)
    model.trees = boosted["trees"] if boosted else None  # the test grid then holds every column any variant needs
    for block in model.blocks(with_inverse(data.test, data.num_relations)):
        for v, st in states.items():
            c0 = cpu_seconds()
            model.trees, model.exchange, model.config = st["trees"], st["exchange"], st["config"]
            ranks[v].append(model.ranks(block))
            cpu[v] += cpu_seconds() - c0
        model.trees = None
        ranks["paths"].append(model.ranks(block))
    name = {v: "+".join(v) or "none" for v in variants}
    return {"dataset": data.name, "setting": "single-step", "shared_cpu_seconds": round(shared, 1),
            "cpu_seconds": round(cpu_seconds() - cpu0, 1), "peak_rss_mb": round(peak_rss_mb(), 1),
            "paths": summarize(np.concatenate(ranks["paths"])),
            "variants": {name[v]: {**summarize(np.concatenate(ranks[v])), **states[v]["check"],
                                   "boosted": states[v]["trees"] is not None, "own_cpu_seconds": round(cpu[v], 1)}
                         for v in variants}}


def provider_cost(data: TKG, steps: int, extra: tuple[str, ...] = ("recent", "peers")) -> dict:
    """CPU per test query of the providers' columns alone, on the first ``steps`` test steps.

    History: train + valid + test (single-step); blocks built as at test time with the
    neighbour columns and no rules (rules do not change what the providers compute).
    """
    from types import SimpleNamespace

    from detente.forecast.boost import provider
    from detente.forecast.evidence import EvidenceGrid
    from detente.forecast.index import HistoryIndex, ObjectCounts
    from detente.forecast.queries import iter_blocks

    R2 = 2 * data.num_relations
    facts = with_inverse(np.concatenate([data.train, data.valid, data.test]), data.num_relations)
    index = HistoryIndex(facts, data.num_entities, R2)
    counts = ObjectCounts(facts, data.num_entities, R2)
    model, fit_cpu = SimpleNamespace(index=index), 0.0
    if "recent" in extra:  # the decay as tuning would fit it: on the history before the validation days
        c0 = cpu_seconds()
        model.provider_recent_decay = fit_decay(index, int(data.valid[:, 3].min()))
        fit_cpu = cpu_seconds() - c0
    test_q = with_inverse(data.test, data.num_relations)
    test_q = test_q[test_q[:, 3] < np.unique(test_q[:, 3])[:steps].max() + 1]
    grid = replace(EvidenceGrid(), neighbours=BoostConfig().neighbours)
    cpu, queries, cands = dict.fromkeys(extra, 0.0), 0, 0
    for block in iter_blocks(index, counts, None, test_q, grid=grid):
        for name in extra:
            c0 = cpu_seconds()
            provider(name)(block, model)
            cpu[name] += cpu_seconds() - c0
        queries, cands = queries + len(block), cands + len(block.cq)
    per_query = {name: round(1000 * v / max(queries, 1), 3) for name, v in cpu.items()}
    return {"dataset": data.name, "extra": list(extra), "queries": queries, "candidates_per_query": round(cands / max(queries, 1), 1),
            "cpu_ms_per_query": round(sum(per_query.values()), 3), "cpu_ms_per_query_by_provider": per_query, "decay_fit_cpu_seconds": round(fit_cpu, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1)}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="a TKG folder (train/valid/test.txt)")
    ap.add_argument("--variants", default="none,recent,peers,recent+peers",
                    help="provider sets, comma-separated; '+' joins providers; 'none' for no providers")
    ap.add_argument("--max-tune", type=int, default=MAX_TUNE)
    ap.add_argument("--cost", type=int, default=0, metavar="STEPS",
                    help="only time the providers on this many test steps (first variant's providers)")
    args = ap.parse_args(argv)
    if args.cost:
        result = provider_cost(load_tkg(args.data), args.cost, parse_variants(args.variants)[0])
        print(json.dumps(result, indent=1))
        return result
    result = ablation(load_tkg(args.data), parse_variants(args.variants), args.max_tune or None)
    print(json.dumps(result, indent=1, default=str))
    return result


if __name__ == "__main__":
    main()
