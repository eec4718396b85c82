"""KTAB's spatial model of politics (SMP): actors challenge, bargain and vote, turn by turn.

One joint position per actor over all dimensions. Each turn: risk attitudes from a
probabilistic Condorcet election; every actor estimates, for each possible target, the
probability and expected gain of a challenge (principals plus third parties who join the side
they expect to serve them); each actor challenges its best target; the pair's bargain is
interpolated with salience² × probability² weights; each actor's queue of bargains (status quo,
its own, those it received) is voted on by all, and the likeliest is adopted. Turns repeat until
the last step is under 2% of the first. Equations, options and where this differs from the
BDM/Scholz EUM: docs/bargain.md. Function names of KTAB's sources are given where we follow them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente.bargain.issue import Issue
from detente.bargain.models import BargainModel
from detente.bargain.scenario import Scenario, ScenarioError
from detente.bargain.smpcore import (
    BIG_R_ADJUST,
    BIG_R_RANGES,
    PCE_MODELS,
    VICTORY_MODELS,
    VOTING_RULES,
    basic_utility,
    batch_pce,
    big_r,
    coalitions,
    estimated_risk,
    option_probabilities,
    salience_distance,
    scalar_pce,
    unique_positions,
    vote,
)

THIRD_PARTY = ("semi", "full", "none")
INTERPOLATIONS = ("s2p2", "s1p1", "s2pmax")
BARGAIN_MODELS = ("init_only", "init_rcvr", "pw_compromise")
TRANSITIONS = ("deterministic", "stochastic")


@dataclass
class SMPInput:
    """Actors on KTAB's internal scale: positions and saliences (n, d) in [0, 1], capabilities (n,)."""

    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    positions: np.ndarray
    saliences: np.ndarray
    capabilities: np.ndarray
    labels: tuple[str, ...] = ()  # readable dimension names (default: the dimension ids)

    def __post_init__(self) -> None:
        self.labels = tuple(self.labels) or tuple(self.dimensions)
        self.positions = np.asarray(self.positions, dtype=float).reshape(len(self.actors), -1)
        self.saliences = np.asarray(self.saliences, dtype=float).reshape(self.positions.shape)
        self.capabilities = np.asarray(self.capabilities, dtype=float).reshape(len(self.actors))
        if self.positions.shape[1] != len(self.dimensions):
            raise ValueError(f"{self.positions.shape[1]} position columns for {len(self.dimensions)} dimensions")
        if len(self.actors) < 2:
            raise ValueError("SMP needs at least two actors")
        if np.any(self.capabilities <= 0):
            raise ValueError("every capability must be positive (KTAB's votes need a positive weight)")
        if np.any((self.saliences ** 2).sum(axis=1) <= 0):
            raise ValueError("every actor needs a positive salience on some dimension")


def input_from_scenario(scenario: Scenario) -> SMPInput:
    """Every issue a dimension; positions /100, saliences as given (0–1), as KTAB reads its CSV.

    An actor without a position on an issue sits at the issue's status quo (else 50) with
    salience 0 there. An actor whose saliences add up to more than 1 has them scaled to sum to 1
    (SMP reads a salience as a share of attention). Actors with no capability or no salience
    cannot vote in SMP and are left out.
    """
    issues = scenario.issues()
    names = [a.name for a in scenario.spec.actors]
    n, d = len(names), len(issues)
    pos, sal, cap = np.full((n, d), np.nan), np.zeros((n, d)), np.zeros(n)
    for k, issue in enumerate(issues):
        rows = [names.index(a) for a in issue.actors]
        pos[rows, k] = issue.positions / 100.0
        sal[rows, k] = issue.saliences
        cap[rows] = issue.capabilities
        default = (issue.status_quo if issue.status_quo is not None else 50.0) / 100.0
        pos[np.isnan(pos[:, k]), k] = default
    total = sal.sum(axis=1)
    sal = np.where(total[:, None] > 1.0, sal / np.where(total > 1.0, total, 1.0)[:, None], sal)
    keep = (cap > 0) & (total > 0)
    if keep.sum() < 2:
        raise ScenarioError(f"{scenario.source}: SMP needs two actors with capability and salience")
    return SMPInput(actors=tuple(a for a, k in zip(names, keep) if k), dimensions=tuple(i.name for i in issues),
                    labels=tuple(i.meta.get("label", i.name) for i in issues),
                    positions=pos[keep], saliences=sal[keep], capabilities=cap[keep])


@dataclass
class TurnRecord:
    """What one turn did: who challenged whom, with what probability and gain, and what each adopted."""

    targets: np.ndarray  # targets[i] = j challenged by i, or -1
    p_win: np.ndarray  # i's estimate that it beats its target
    gain: np.ndarray  # i's expected gain from that challenge
    adopted: list[tuple[int, int]] = field(default_factory=list)  # per actor: (initiator, receiver) or (k, k)


@dataclass
class SMPResult:
    """The state history: positions (turns + 1, n, d) on 0–100, win probabilities (turns + 1, n)."""

    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    positions: np.ndarray
    probabilities: np.ndarray
    fractional: list[float]
    turns: list[TurnRecord]
    labels: tuple[str, ...] = ()

    @property
    def n_turns(self) -> int:
        return self.positions.shape[0] - 1

    @property
    def expected_outcome(self) -> np.ndarray:
        """Σ over distinct final positions of probability × position, per dimension (0–100)."""
        return self.expected_at(self.n_turns)

    def expected_at(self, t: int) -> np.ndarray:
        reps, _ = unique_positions(self.positions[t] / 100.0)
        p = self.probabilities[t, reps]
        return (p[:, None] * self.positions[t, reps]).sum(axis=0) / p.sum()

    def to_json(self) -> dict:
        """The exchange format of `detente simulate --model smp --json`."""
        return {
            "model": "smp",
            "turns": self.n_turns,
            "dimensions": [{"name": label, "id": d, "expected_outcome": round(float(v), 4)}
                           for d, label, v in zip(self.dimensions, self.labels or self.dimensions,
                                                  self.expected_outcome)],
            "actors": [{"name": a, "positions": np.round(self.positions[:, i, :], 4).tolist(),
                        "probabilities": np.round(self.probabilities[:, i], 6).tolist()}
                       for i, a in enumerate(self.actors)],
            "fractional_change": [round(f, 6) for f in self.fractional],
        }


def _round4(x: np.ndarray) -> np.ndarray:
    """KTAB rounds bargains to 4 decimals on the 0–1 scale: int(0.5 + 10⁴x) / 10⁴."""
    return np.trunc(0.5 + x * 10000.0) / 10000.0


class SpatialModelOfPolitics(BargainModel):
    """KTAB's SMP with KTAB's defaults; every sub-model is a constructor option (docs/bargain.md).

    `run(SMPInput)` gives the whole history; `predict_issue(issue)` runs the one-dimensional SMP
    and returns its expected outcome, so SMP sits in the DEU harness beside the other models.
    Cost per turn grows as n³ (n actors): each actor weighs every target with every third party.
    """

    name, label = "smp", "spatial model of politics (KTAB)"

    def __init__(self, victory: str = "linear", voting: str = "proportional", pce: str = "conditional",
                 transitions: str = "deterministic", big_r_range: str = "mid", big_r_adjust: str = "one_third",
                 third_party: str = "semi", interpolation: str = "s2p2", bargain: str = "init_only",
                 min_turns: int = 2, max_turns: int = 100, min_change: float = 0.02, seed: int = 0) -> None:
        self.victory, self.voting, self.pce, self.transitions = victory, voting, pce, transitions
        self.big_r_range, self.big_r_adjust, self.third_party = big_r_range, big_r_adjust, third_party
        self.interpolation, self.bargain = interpolation, bargain
        self.min_turns, self.max_turns, self.min_change, self.seed = min_turns, max_turns, min_change, seed

    # the scikit-learn contract (get_params, set_params, score = -MAE) comes from BargainModel

    def check_options(self) -> None:
        """A ValueError naming the first option that is not one of its choices."""
        choices = {"victory": VICTORY_MODELS, "voting": VOTING_RULES, "pce": PCE_MODELS,
                   "big_r_range": BIG_R_RANGES, "big_r_adjust": BIG_R_ADJUST, "third_party": THIRD_PARTY,
                   "interpolation": INTERPOLATIONS, "bargain": BARGAIN_MODELS, "transitions": TRANSITIONS}
        for what, allowed in choices.items():
            value = getattr(self, what)
            if value not in allowed:
                raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")

    # --- one state ------------------------------------------------------------------------------
    def utilities(self, x: np.ndarray, data: SMPInput) -> tuple[np.ndarray, np.ndarray]:
        """Distances D (i's view of j) and risk attitudes R (KTAB SMPState::setAllAUtil)."""
        d = salience_distance(x, x, data.saliences)
        neutral = basic_utility(d, 0.0)
        p = option_probabilities(self.pce, self.victory, coalitions(self.voting, data.capabilities, neutral))
        return d, big_r(p, self.big_r_range)

    def win_probabilities(self, x: np.ndarray, d: np.ndarray, r: np.ndarray, data: SMPInput) -> np.ndarray:
        """Each actor's probability that its position prevails, each judging with its own risk (pDist(-1))."""
        reps, holder = unique_positions(x)
        own = basic_utility(d, r[:, None])
        p = scalar_pce(data.capabilities, own[:, reps], "proportional", self.victory, self.pce)
        return p[holder]

    def _u_block(self, hs: np.ndarray, d: np.ndarray, r: np.ndarray) -> np.ndarray:
        """u[b, a, c] = h_b's estimate of a's utility for c's position: rows use R̂(h, a)."""
        rhat = estimated_risk(r[hs][:, None], r[None, :], self.big_r_adjust)
        return basic_utility(d[None, :, :], rhat[:, :, None])

    def _third_party(self, w: np.ndarray, uni: np.ndarray, unj: np.ndarray, unn: np.ndarray,
                     ci: np.ndarray, cj: np.ndarray) -> np.ndarray:
        """Each third party's vote for i over j (KTAB vProbLittle + thirdPartyVoteSU)."""
        v = vote(self.voting, w, uni - unj)
        cni = np.where(v > 0, ci + v, ci)
        cnj = np.where(v < 0, cj - v, cj)
        pin = cni / (cni + cnj)
        pjn = 1.0 - pin
        if self.third_party == "full":
            a, b, c, e = uni + uni + uni, unj + unj + unj, uni + uni + uni, unj + unj + unj
        elif self.third_party == "semi":
            a, b, c, e = uni + uni + unn, unj + unj + unj, uni + uni + uni, unj + unj + unn
        else:
            a, b, c, e = uni + uni + unn, unj + unj + unn, uni + uni + unn, unj + unj + unn
        return vote(self.voting, w, ((pin * a) + (pjn * b)) - ((pin * c) + (pjn * e)))

    def _principals(self, uii, uij, uji, ujj, i, j, data: SMPInput):
        """The principals' own votes: coalition strengths (i over j, j over i) before third parties."""
        s, c = data.saliences.sum(axis=1), data.capabilities
        con_i = vote(self.voting, s[i] * c[i], uii - uij)
        con_j = vote(self.voting, s[j] * c[j], uji - ujj)
        chij = np.where(con_i > 0, 1e-10 + con_i, 1e-10)
        chji = np.where(con_i < 0, 1e-10 - con_i, 1e-10)
        return np.where(con_j > 0, chij + con_j, chij), np.where(con_j < 0, chji - con_j, chji)

    def _contest(self, u_n_i, u_n_j, u_nn, chij, chji, third, data: SMPInput):
        """Add the third parties (last axis, in KTAB's order) and return P[i beats j]."""
        w = data.saliences.sum(axis=1) * data.capabilities
        v = self._third_party(w, u_n_i, u_n_j, u_nn, chij[..., None], chji[..., None])
        pos = np.where(third & (v > 0), v, 0.0)
        neg = np.where(third & (v < 0), -v, 0.0)
        chij = np.cumsum(np.concatenate([chij[..., None], pos], axis=-1), axis=-1)[..., -1]
        chji = np.cumsum(np.concatenate([chji[..., None], neg], axis=-1), axis=-1)[..., -1]
        return chij / (chij + chji), chji / (chij + chji)

    @staticmethod
    def _gain(phij, phji, uki, ukj, sj):
        """k's expected gain from the challenge over the status quo (KTAB's UtilChlg − UtilSQ)."""
        vict, lose = uki + uki, ukj + ukj
        contest = phij * vict + phji * lose
        return ((1 - sj) * vict + sj * contest) - (uki + ukj)

    def best_targets(self, d: np.ndarray, r: np.ndarray, data: SMPInput,
                     block: int = 1_500_000) -> tuple[np.ndarray, np.ndarray]:
        """For every actor i, its own estimate of P[i beats j] and of its gain, for all j (bestChallenge).

        Vectorised over blocks of challengers × targets × third parties: the n³ step of a turn.
        """
        n = len(r)
        p_all, gain_all = np.zeros((n, n)), np.full((n, n), -np.inf)
        rows = max(1, block // (n * n))
        s = data.saliences.sum(axis=1)
        idx = np.arange(n)
        for start in range(0, n, rows):
            hs = idx[start:start + rows]
            u = self._u_block(hs, d, r)  # u[b, a, c], b = challenger i = h = k
            b = np.arange(len(hs))
            uii = u[b, hs, hs][:, None]
            uij = u[b, hs, :]  # (b, j)
            uji = u[b, :, hs]  # (b, j): u_b[j, i]
            ujj = np.diagonal(u, axis1=1, axis2=2)  # (b, j)
            ii, jj = hs[:, None], idx[None, :]
            chij, chji = self._principals(uii, uij, uji, ujj, ii, jj, data)
            u_n_i = uji[:, None, :]  # (b, 1, n): u[n, i]
            u_n_j = np.swapaxes(u, 1, 2)  # (b, j, n): u[n, j]
            u_nn = ujj[:, None, :]
            third = (idx[None, None, :] != ii[..., None]) & (idx[None, None, :] != jj[..., None])
            phij, phji = self._contest(u_n_i, u_n_j, u_nn, chij, chji, third, data)
            gain = self._gain(phij, phji, uii, uij, s[None, :])
            gain[b, hs] = -np.inf
            p_all[hs], gain_all[hs] = phij, gain
        return p_all, gain_all

    def estimate(self, d: np.ndarray, r: np.ndarray, h: int, k: int, i: int, j: int,
                 data: SMPInput) -> tuple[float, float]:
        """h's estimate of P[i beats j] and of k's gain from i challenging j (KTAB probEduChlg)."""
        u = self._u_block(np.array([h]), d, r)[0]
        n = len(r)
        chij, chji = self._principals(u[i, i], u[i, j], u[j, i], u[j, j], i, j, data)
        third = (np.arange(n) != i) & (np.arange(n) != j)
        phij, phji = self._contest(u[:, i], u[:, j], np.diagonal(u), chij, chji, third, data)
        s = data.saliences.sum(axis=1)
        return float(phij), float(self._gain(phij, phji, u[k, i], u[k, j], s[j]))

    # --- bargains and turns ---------------------------------------------------------------------
    def _interpolate(self, xi, xj, si, sj, p_i, p_j):
        """The bargain both of i and j are offered (KTAB interpolateBrgn), per dimension."""
        if self.interpolation == "s2pmax":
            di, dj = max(p_j - p_i, 0.0), max(p_i - p_j, 0.0)
            dik = (di * sj**2) / ((di * sj**2) + 1e-6 + ((1 - di) * si**2))
            djk = (dj * si**2) / ((dj * si**2) + 1e-6 + ((1 - dj) * sj**2))
            return xi + dik * (xj - xi), xj + djk * (xi - xj)
        power = 2 if self.interpolation == "s2p2" else 1
        wi = si**power * p_i**power
        wj = sj**power * p_j**power
        bi = _round4(((wi + 1e-6) * xi + wj * xj) / (wi + 1e-6 + wj))
        bj = _round4((wi * xi + (1e-6 + wj) * xj) / (wi + 1e-6 + wj))
        return bi, bj

    def _bargain(self, i: int, j: int, p_iij: float, x, d, r, data: SMPInput):
        """The positions the (i, j) bargain offers i and j under the chosen bargaining model."""
        s = data.saliences
        bi, bj = self._interpolate(x[i], x[j], s[i], s[j], p_iij, 1 - p_iij)
        if self.bargain == "init_only":
            return [(bi, bj)]
        # KTAB reads j's view from the gain slot of probEduChlg (its source does); we keep that.
        p_jij = self.estimate(d, r, j, i, i, j, data)[1]
        ci, cj = self._interpolate(x[i], x[j], s[i], s[j], p_jij, 1 - p_jij)
        if self.bargain == "init_rcvr":
            return [(bi, bj), (ci, cj)]
        cap = data.capabilities
        wi, wj = cap[i] * s[i].sum(), cap[i] * s[j].sum()  # KTAB weighs j's view with i's capability
        return [((wi * bi + wj * ci) / (wi + wj), (wi * bj + wj * cj) / (wi + wj))]

    def _offer_utilities(self, x, d, r, data: SMPInput, offers: list, block: int = 2_000_000):
        """Each voter's mean utility of the status quo (n,) and of the state after each offer (n, O).

        After offer (i, j) every position stays but i's and j's; a voter adds its utilities in
        KTAB's order (i's new, j's new, then the others), so the rounding is KTAB's.
        """
        n = len(x)
        own = basic_utility(d, r[:, None])  # own[a, c]: a's utility of c's position
        sq = np.add.reduce(own.T, axis=0, initial=0.0) / n
        if not offers:
            return sq, np.empty((n, 0))
        ends = np.concatenate([np.stack([o[2] for o in offers]), np.stack([o[3] for o in offers])])
        u_new = basic_utility(salience_distance(x, ends, data.saliences), r[:, None])  # (n, 2 O)
        n_off = len(offers)
        init = np.array([o[0] for o in offers])
        rcvr = np.array([o[1] for o in offers])
        out = np.empty((n, n_off))
        step = max(1, block // (n * n))
        cols = np.arange(n)[:, None, None]
        for start in range(0, n_off, step):
            b = slice(start, min(n_off, start + step))
            rest = np.where((cols == init[b]) | (cols == rcvr[b]), 0.0, own.T[:, :, None])  # [c, a, o]
            seq = np.concatenate([u_new[None, :, b], u_new[None, :, n_off:][:, :, b], rest], axis=0)
            out[:, b] = np.add.reduce(seq, axis=0, initial=0.0) / n
        return sq, out

    def _choose(self, queues: list[list[int]], sq: np.ndarray, u_off: np.ndarray, data: SMPInput,
                rng: np.random.Generator, budget: int = 2_000_000) -> list[int]:
        """Every actor's vote over its queue (KTAB scalarPCE); queues of one length are voted together."""
        n = len(queues)
        choice = [0] * n
        by_size: dict[int, list[int]] = {}
        for k, mine in enumerate(queues):
            if mine:
                by_size.setdefault(len(mine) + 1, []).append(k)
        for m, ks in by_size.items():
            step = max(1, budget // (n * m * m))
            for start in range(0, len(ks), step):
                group = ks[start:start + step]
                u = np.stack([np.column_stack([sq, u_off[:, queues[k]]]) for k in group])
                if len(group) == 1 and step == 1:
                    p = scalar_pce(data.capabilities, u[0], self.voting, self.victory, self.pce)[None]
                else:
                    p = batch_pce(data.capabilities, u, self.voting, self.victory, self.pce)
                for k, pk in zip(group, p):
                    choice[k] = (int(np.argmax(pk)) if self.transitions == "deterministic"
                                 else int(rng.choice(m, p=pk / pk.sum())))
        return choice

    def step(self, x: np.ndarray, data: SMPInput, rng: np.random.Generator):
        """One turn from positions x (0–1 scale): new positions and the turn's record."""
        n = len(x)
        d, r = self.utilities(x, data)
        p_all, gain = self.best_targets(d, r, data)
        best = np.argmax(gain, axis=1)
        best_gain = gain[np.arange(n), best]
        targets = np.where(best_gain > 1e-5, best, -1)
        offers: list[tuple[int, int, np.ndarray, np.ndarray]] = []
        for i in range(n):
            j = int(targets[i])
            if j >= 0:
                offers.extend((i, j, bi, bj) for bi, bj in self._bargain(i, j, float(p_all[i, j]), x, d, r, data))
        sq, u_off = self._offer_utilities(x, d, r, data, offers)
        new_x = x.copy()
        record = TurnRecord(targets=targets, p_win=p_all[np.arange(n), best], gain=best_gain)
        queues = [[m for m, o in enumerate(offers) if k in (o[0], o[1])] for k in range(n)]
        choice = self._choose(queues, sq, u_off, data, rng)
        for k, mine in enumerate(queues):  # k's queue: the status quo, then every offer k is party to
            if choice[k] == 0:
                record.adopted.append((k, k))
                continue
            i, j, pi, pj = offers[mine[choice[k] - 1]]
            new_x[k] = pi if k == i else pj
            record.adopted.append((i, j))
        return new_x, record, d, r

    def run(self, data: SMPInput) -> SMPResult:
        """Turns until the last step is below `min_change` of the first (KTAB smpStopFn)."""
        self.check_options()
        rng = np.random.default_rng(self.seed)
        x = data.positions.copy()
        history, probs, fractional, records = [x], [], [], []
        first = None
        for turn in range(1, self.max_turns + 1):
            new_x, record, d, r = self.step(x, data, rng)
            probs.append(self.win_probabilities(x, d, r, data))
            records.append(record)
            history.append(new_x)
            dist = float(np.sqrt(((new_x - x) ** 2).sum(axis=1)).sum())
            if first is None:
                first = dist + 1e-4
            fractional.append(dist / first)
            x = new_x
            if turn >= self.min_turns and fractional[-1] < self.min_change:
                break
        d, r = self.utilities(x, data)
        probs.append(self.win_probabilities(x, d, r, data))
        return SMPResult(actors=data.actors, dimensions=data.dimensions, positions=np.array(history) * 100.0,
                         probabilities=np.array(probs), fractional=fractional, turns=records, labels=data.labels)

    def predict_issue(self, issue: Issue) -> float:
        """The expected outcome of the one-dimensional SMP on this issue (0–100)."""
        if issue.n < 2:
            return float(issue.positions[0]) if issue.n else float("nan")
        keep = (issue.saliences > 0) & (issue.capabilities > 0)
        if keep.sum() < 2:
            return float(np.average(issue.positions, weights=issue.weights)) if issue.weights.sum() > 0 else 50.0
        data = SMPInput(actors=tuple(a for a, k in zip(issue.actors, keep) if k), dimensions=(issue.name,),
                        positions=issue.positions[keep, None] / 100.0,
                        saliences=np.minimum(issue.saliences[keep, None], 1.0),
                        capabilities=issue.capabilities[keep])
        return float(self.run(data).expected_outcome[0])
