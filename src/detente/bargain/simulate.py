"""Run a scenario through the models: forecasts with Monte Carlo spread, leverage, EUM rounds.

`simulate_file` is the library entry point `detente simulate` and `detente demo` share;
`SimulationResult.to_json()` is the flat-records JSON the report renders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detente.bargain.eum import ExpectedUtility
from detente.bargain.issue import Issue, weighted_median
from detente.bargain.leverage import leverage, who_moves_whom
from detente.bargain.models import BargainModel, get_model
from detente.bargain.montecarlo import Distribution, monte_carlo, summary
from detente.bargain.scenario import Scenario, load_scenario
from detente.bargain.smp import SMPResult, SpatialModelOfPolitics, input_from_scenario

MODEL_CHOICES = ("cm", "nash", "eum", "smp")


@dataclass
class SimulationResult:
    scenario: str
    issues: list[dict]
    distributions: list[Distribution]
    leverage: list[dict]
    rounds: list[dict]
    moves: list[dict]
    influence: list[dict]
    paths: dict[str, tuple[tuple[str, ...], np.ndarray, float]] = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)
    smp: SMPResult | None = None  # the joint run of KTAB's SMP over all issues, when asked for

    @property
    def forecasts(self) -> list[dict]:
        return summary(self.distributions)

    def to_json(self) -> dict:
        """Flat lists of records (see docs/bargain.md) so the report can render them generically."""
        return {
            "scenario": self.scenario,
            "issues": self.issues,
            "forecasts": self.forecasts,
            "leverage": self.leverage,
            "rounds": self.rounds,
            "moves": self.moves,
            "influence": self.influence,
            "histograms": [h for d in self.distributions if len(d.samples) > 1 for h in d.histogram()],
            "figures": list(self.figures),
            **(smp_records(self.smp) if self.smp is not None else {}),
        }

    def write_figures(self, directory: Path) -> list[Path]:
        """One outcome-distribution PNG per issue and one EUM round-path PNG per issue (if run)."""
        from detente.bargain.plots import figure_paths, plot_outcomes, plot_rounds

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for meta in self.issues:
            iid = meta["id"]
            out_png, rounds_png = figure_paths(directory, iid)
            dists = [d for d in self.distributions if d.issue == iid]
            written.append(plot_outcomes(iid, meta["name"], dists, out_png))
            if iid in self.paths:
                actors, xy, final = self.paths[iid]
                written.append(plot_rounds(meta["name"], actors, xy, final, rounds_png))
        self.figures = [str(p) for p in written]
        return written


def smp_records(res: SMPResult) -> dict[str, list[dict]]:
    """SMP as flat records: per turn the change and expected outcome, at the end each actor's position."""
    dims = res.dimensions
    turns = [{"turn": t, **({"fractional_change": round(res.fractional[t - 1], 4)} if t else {}),
              **{d: round(float(v), 3) for d, v in zip(dims, res.expected_at(t))}} for t in range(res.n_turns + 1)]
    final = [{"actor": a, **{d: round(float(res.positions[-1, i, k]), 3) for k, d in enumerate(dims)},
              "win_probability": round(float(res.probabilities[-1, i]), 4)} for i, a in enumerate(res.actors)]
    return {"smp_turns": turns, "smp_final": final}


class _EUMReadouts:
    """Both EUM readouts (final mean, final median) of one draw share a single run."""

    def __init__(self, eum: ExpectedUtility) -> None:
        self.eum = eum
        self._issue: Issue | None = None  # holding the issue keeps the identity check valid
        self._final: np.ndarray | None = None

    def final(self, issue: Issue) -> np.ndarray:
        if self._issue is not issue:
            self._issue, self._final = issue, self.eum.run(issue)[0][-1]
        assert self._final is not None
        return self._final

    def mean(self, issue: Issue) -> float:
        return self.eum.readout_of(issue, self.final(issue)) if issue.n > 1 else float(issue.positions[0])

    def median(self, issue: Issue) -> float:
        return weighted_median(self.final(issue), issue.weights) if issue.n > 1 else float(issue.positions[0])


def _predictors(models: Sequence[str], eum: ExpectedUtility) -> dict[str, Callable[[Issue], float]]:
    """Name → issue → forecast. The EUM contributes two readouts (final mean and median) of one run."""
    out: dict[str, Callable[[Issue], float]] = {}
    for name in models:
        if name == "smp":
            continue  # SMP is one joint run over all issues (see simulate)
        if name == "eum":
            readouts = _EUMReadouts(eum)
            out["eum"], out["eum_median"] = readouts.mean, readouts.median
        else:
            model: BargainModel = get_model(name)
            out[name] = model.predict_issue
    return out


def _eum_records(eum: ExpectedUtility, issue: Issue, paths: dict, rounds_rec: list, moves_rec: list,
                 influence: list) -> None:
    """The EUM's rounds, moves and who-moved-whom on one issue, appended to the given lists."""
    xy, moves = eum.run(issue)
    paths[issue.name] = (issue.actors, xy, eum.readout_of(issue, xy[-1]))
    rounds_rec.extend({"issue": issue.name, "round": r, "actor": a, "position": round(float(xy[r, j]), 3)}
                      for r in range(xy.shape[0]) for j, a in enumerate(issue.actors))
    moves_rec.extend({"issue": issue.name, "round": m["round"], "actor": issue.actors[m["actor"]],
                      "by": issue.actors[m["by"]], "kind": m["kind"], "from": round(m["from"], 3),
                      "to": round(m["to"], 3)} for m in moves)
    influence.extend(who_moves_whom(issue, moves))


def simulate(scenario: Scenario, models: Sequence[str] = MODEL_CHOICES, runs: int = 200, seed: int = 0,
             rounds: int = 10, leverage_actors: int = 25, smp_options: dict | None = None,
             progress: Callable[[str, int], Callable[[], None]] | None = None) -> SimulationResult:
    """Forecast every issue with every model; `progress(label, total)` returns a tick callback."""
    unknown = [m for m in models if m not in MODEL_CHOICES]
    if unknown:
        raise ValueError(f"unknown model {unknown[0]!r} (choose from {', '.join(MODEL_CHOICES)})")
    eum = ExpectedUtility(rounds=rounds)
    predictors = _predictors(models, eum)
    dists: list[Distribution] = []
    lev: list[dict] = []
    rounds_rec: list[dict] = []
    moves_rec: list[dict] = []
    influence: list[dict] = []
    paths: dict = {}
    for k, issue in enumerate(scenario.issues() if predictors else []):
        tick = progress(f"Monte Carlo: {issue.name}", runs) if progress else None
        dists.extend(monte_carlo(predictors, issue, runs=runs, seed=seed + k, progress=tick))
        lever = {name: f for name, f in predictors.items() if name != "eum_median"}
        tick = progress(f"Leverage: {issue.name}", len(lever) * min(issue.n, leverage_actors)) if progress else None
        for name, predict in lever.items():
            lev.extend(leverage(predict, issue, name, max_actors=leverage_actors, tick=tick))
        if "eum" in models:
            _eum_records(eum, issue, paths, rounds_rec, moves_rec, influence)
    smp = None
    if "smp" in models:  # deterministic and joint over the issues: one run, no Monte Carlo or leverage
        smp = SpatialModelOfPolitics(**(smp_options or {})).run(input_from_scenario(scenario))
        dists.extend(Distribution("smp", dim, float(v), np.array([v]))
                     for dim, v in zip(smp.dimensions, smp.expected_outcome))
    return SimulationResult(scenario=scenario.name, issues=scenario.issue_labels(), distributions=dists,
                            leverage=lev, rounds=rounds_rec, moves=moves_rec, influence=influence, paths=paths,
                            smp=smp)


def simulate_file(path: Path, models: Sequence[str] = MODEL_CHOICES, runs: int = 200, seed: int = 0,
                  **options) -> SimulationResult:
    """Load a scenario (YAML or KTAB CSV) and simulate it; raises ScenarioError on a bad file."""
    return simulate(load_scenario(Path(path)), models=models, runs=runs, seed=seed, **options)
