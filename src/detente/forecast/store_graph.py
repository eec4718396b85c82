"""Forecasting on the user's own store: events → a temporal graph → ranked next events, explained.

Entities are countries (ISO alpha-3) where the event names one, else the CAMEO actor code, else
the actor text; relations are CAMEO event codes (or their roots); time is the day. Only counted
modalities (asserted, reported, future) enter by default. The model is fitted on every event
before the forecast day, tuned on the last tenth of days when there is enough data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from detente.forecast.combined import Combined
from detente.forecast.data import with_inverse
from detente.forecast.harness import sample_groups
from detente.forecast.index import ObjectCounts
from detente.forecast.neighbours import neighbour_lines
from detente.forecast.providers import provider_lines
from detente.forecast.queries import build_block, explained_evidence
from detente.ontology import lookup
from detente.records import COUNTED_MODALITIES
from detente.registry import DEFAULT_FORECASTER

if TYPE_CHECKING:  # frames arrive from the store; a saved model with no newer events needs none
    import pandas as pd

    from detente.forecast.saved import Lookup

COLUMNS = "day, source_code, source_country, source_text, target_code, target_country, target_text, cameo, cameo_root"


@dataclass
class StoreGraph:
    """Integer quadruples plus the names behind the ids."""

    quads: np.ndarray
    entities: list[str]
    relations: list[str]  # CAMEO codes
    day0: dt.date
    entity_id: dict[str, int] = field(default_factory=dict)

    def day_of(self, t: int) -> str:
        return (self.day0 + dt.timedelta(days=int(t))).isoformat()

    def time_of(self, day: dt.date) -> int:
        return (day - self.day0).days


def _side(frame: pd.DataFrame, prefix: str, level: str) -> pd.Series:
    code = frame[f"{prefix}_code"].where(frame[f"{prefix}_code"].notna() & (frame[f"{prefix}_code"] != ""))
    text = frame[f"{prefix}_text"]
    if level == "actor":
        return code.fillna(text)
    country = frame[f"{prefix}_country"].where(frame[f"{prefix}_country"].notna() & (frame[f"{prefix}_country"] != ""))
    return country.fillna(code).fillna(text)


def edges(frame: pd.DataFrame, level: str = "country", relation: str = "code") -> pd.DataFrame:
    """An events frame (columns as in ``COLUMNS``) → usable edges: ``s``, ``o``, ``rel`` (text) and ``day``."""
    f = frame.copy()
    f["s"], f["o"] = _side(f, "source", level), _side(f, "target", level)
    f["rel"] = f["cameo_root"] if relation == "root" else f["cameo"]
    f = f.dropna(subset=["s", "o", "rel", "day"])
    f = f[(f["s"] != f["o"]) & (f["rel"].astype(str) != "")]
    f["rel"] = f["rel"].astype(str)
    return f


def extend_graph(g: StoreGraph, frame: pd.DataFrame, level: str = "country", relation: str = "code") -> StoreGraph | None:
    """``g`` plus the events of ``frame`` (new entities get new ids); None when a relation is new."""
    f = edges(frame, level, relation)
    if f.empty:
        return g
    if not set(f["rel"]) <= set(g.relations):
        return None
    entities = list(g.entities) + sorted((set(f["s"]) | set(f["o"])) - set(g.entity_id))
    eid = {e: i for i, e in enumerate(entities)}
    rid = {r: i for i, r in enumerate(g.relations)}
    import pandas as pd

    days = pd.to_datetime(f["day"]).dt.date
    new = np.stack([f["s"].map(eid).to_numpy(), f["rel"].map(rid).to_numpy(), f["o"].map(eid).to_numpy(),
                    np.array([(d - g.day0).days for d in days])], 1).astype(np.int64)
    return StoreGraph(np.unique(np.concatenate([g.quads, new]), axis=0), entities, g.relations, g.day0, eid)


def graph_from_frame(frame: pd.DataFrame, level: str = "country", relation: str = "code") -> StoreGraph:
    """Build the graph from an events frame (columns as in ``COLUMNS``)."""
    f = edges(frame, level, relation)
    if f.empty:
        return StoreGraph(np.zeros((0, 4), np.int64), [], [], dt.date.today())
    import pandas as pd

    days = pd.to_datetime(f["day"]).dt.date
    day0 = min(days)
    entities = sorted(set(f["s"]) | set(f["o"]))
    relations = sorted(set(f["rel"]))
    eid = {e: i for i, e in enumerate(entities)}
    rid = {r: i for i, r in enumerate(relations)}
    quads = np.stack([f["s"].map(eid).to_numpy(), f["rel"].map(rid).to_numpy(),
                      f["o"].map(eid).to_numpy(), np.array([(d - day0).days for d in days])], 1).astype(np.int64)
    quads = np.unique(quads, axis=0)
    return StoreGraph(quads, entities, relations, day0, eid)


def load_store_graph(store, level: str = "country", relation: str = "code", modalities=COUNTED_MODALITIES,
                     origin: str | None = None) -> StoreGraph:
    from detente.store import EventFilter

    frame = store.events_frame(EventFilter(modality=list(modalities), origin=origin), columns=COLUMNS)
    return graph_from_frame(frame, level, relation)


def fit_model(g: StoreGraph, t_query: int, min_events: int = 200, max_tune: int = 3000,
              model_name: str = DEFAULT_FORECASTER) -> Combined:
    """Fit on events before ``t_query``; tune on the last tenth of days when there is enough data.

    ``model_name`` is any forecaster of ``detente.registry`` (explanations need the rule-based ones).
    """
    from detente.registry import create

    history = g.quads[g.quads[:, 3] < t_query]
    model = create("forecaster", model_name)
    N, R = len(g.entities), len(g.relations)
    days = np.unique(history[:, 3])
    if len(history) >= min_events and len(days) >= 10:
        cut = days[int(len(days) * 0.9)]
        train, valid = history[history[:, 3] < cut], history[history[:, 3] >= cut]
        model.fit(train, N, R)
        model.observe(history)
        model.tune(model.query_set(sample_groups(with_inverse(valid, R), max_tune)))
        model.relearn(model.facts)  # rules again, from everything, now that the weights are set
    else:
        model.fit(history, N, R)
    return model


def relation_label(g: StoreGraph, r: int) -> tuple[str, str]:
    code = g.relations[r % len(g.relations)]
    entry = lookup(code)
    return code, entry.name if entry else code


def explain(model: Combined, g: StoreGraph, qs, q: int, cand: int, limit: int = 4) -> list[str]:
    """Past events and rules behind one candidate of one query, most recent first."""
    R = len(g.relations)
    s, r, t = int(qs.s[q]), int(qs.r[q]), int(qs.t[q])
    e = int(qs.ce[cand])
    src, tgt = g.entities[s], g.entities[e]
    lines: list[str] = []
    ev = qs.raw
    pm = ev.psi_pos == cand
    if pm.any():
        dts = np.sort(ev.psi_dt[pm])
        lines.append(f"{src} → {tgt} '{relation_label(g, r)[1]}' happened {len(dts)}× before, "
                     f"last on {g.day_of(t - int(dts[0]))}")
    rm = np.flatnonzero(ev.rule_pos == cand)
    decay = getattr(model, "rule_lam", 0.0)  # a forecaster without rules has no rule firings to order
    rm = rm[np.argsort(-(ev.rule_conf[rm] * np.exp2(-decay * ev.rule_dt[rm])), kind="stable")]
    head = relation_label(g, r)[1]
    for k in rm[:limit]:
        b = int(ev.rule_body[k])
        bcode, bname = relation_label(g, b)
        who = f"{src} → {tgt}" if b < R else f"{tgt} → {src}"
        lines.append(f"{who} '{bname}' ({bcode}) on {g.day_of(t - int(ev.rule_dt[k]))}; "
                     f"rule ⇒ '{head}', confidence {ev.rule_conf[k]:.2f}")
    lines += neighbour_lines(qs, cand, src, tgt, lambda back: g.day_of(t - back))
    lines += provider_lines(model, qs, cand, tgt, head, g.entities)
    if not lines:
        lines.append(f"no direct history; share of '{head}' events aimed at {tgt}: {qs.cxi[cand]:.3f}")
    return lines


def relation_prior(model: Combined, s: int, t: int, half_life: float = 30.0) -> np.ndarray:
    """P(r | source): the source's recent use of each relation (half-life in days), one pseudo-event
    spread like the whole store so unused relations keep a little weight."""
    R = model.R
    f = model.facts
    past = (f[:, 1] < R) & (f[:, 3] < t)
    glob = np.bincount(f[past, 1], minlength=R).astype(np.float64)
    glob /= max(glob.sum(), 1.0)
    own = past & (f[:, 0] == s)
    p = np.bincount(f[own, 1], weights=np.exp2(-(t - f[own, 3]) / half_life), minlength=R) + glob
    return p / p.sum()


def forecast(model: Combined, g: StoreGraph, source: str, target: str | None, t_query: int,
             top: int = 10) -> list[dict]:
    """Ranked next events from ``source`` (to ``target``, or to anyone), each with its explanation.

    Within one relation the model's scores rank objects; across relations they are not
    comparable, so each is turned into a share of its relation's total score and weighted by
    how much the source uses that relation: ``P(r | source) · score(e) / Σ score``.
    """
    s = g.entity_id[source]
    R = len(g.relations)
    rels = np.arange(R)
    counts = ObjectCounts(model.facts, model.N, model.R2)
    counts.advance(t_query)
    qs = build_block(model.index, counts, model.bodies(), t_query, np.full(R, s), rels, np.full(R, -1),
                     model.evidence_grid())
    sparse = model.sparse(qs)
    bg = model.uses_bg(qs) & (counts.total[:R] > 0)
    total = bg.astype(np.float64) + np.bincount(qs.cq, weights=sparse, minlength=R)
    weight = relation_prior(model, s, t_query) / np.maximum(total, 1e-12)
    out = []
    if target is not None:
        e = g.entity_id[target]
        scores = np.where(bg, counts.xi(rels, np.full(R, e)), 0.0)
        hit = qs.ce == e
        np.add.at(scores, qs.cq[hit], sparse[hit])
        scores *= weight
        best = np.argsort(-scores, kind="stable")[:top]
        qs.raw = explained_evidence(model.index, model.bodies(), qs, np.flatnonzero(hit & np.isin(qs.cq, best)))
        for r in best:
            cands = np.flatnonzero(hit & (qs.cq == r))
            lines = explain(model, g, qs, int(r), int(cands[0]), 4) if len(cands) else [
                f"no history between them; {target} is the object of {int(counts.counts[r, e])} of "
                f"{int(counts.total[r])} '{relation_label(g, int(r))[1]}' events"]
            out.append(_row(g, s, e, int(r), float(scores[r]), lines))
        return out
    full = (np.where(bg[qs.cq], qs.cxi, 0.0) + sparse) * weight[qs.cq]
    full[qs.ce == s] = -1.0
    best = np.argsort(-full, kind="stable")[:top]
    qs.raw = explained_evidence(model.index, model.bodies(), qs, best)
    for c in best:
        out.append(_row(g, s, int(qs.ce[c]), int(qs.cq[c]), float(full[c]), explain(model, g, qs, int(qs.cq[c]), int(c))))
    return out


def _row(g: StoreGraph, s: int, e: int, r: int, score: float, lines: list[str]) -> dict:
    code, name = relation_label(g, r)
    return {"source": g.entities[s], "target": g.entities[e], "relation": r, "cameo": code, "name": name,
            "score": round(score, 6), "explanation": lines}


class ForecastError(ValueError):
    """A store forecast that cannot be made (no such actor, no history, bad date): one line."""


class NeedsFit(ForecastError):
    """A forecast asked not to fit (``unsaved="raise"``) that would fit a model ``forecast fit`` could
    save; the message says why (no saved model, or the events it saw changed)."""


def forecast_store(store, source: str, target: str | None = None, date: str | None = None, top: int = 10,
                   level: str = "country", relations: str = "code", origin: str | None = None,
                   model: str = DEFAULT_FORECASTER, use_saved: bool = True, unsaved: str = "fit",
                   found: Lookup | None = None) -> dict:
    """Rank the next events with the model ``forecast fit`` saved (else fit on the events before
    ``date``); the JSON the report shows.

    Returns ``{"query": {...}, "predictions": [...]}``, the query saying how the model came
    about (``fit``: saved or fitted now) and why (``note``); raises ``ForecastError`` for bad input.
    ``unsaved="raise"``: where ``forecast fit`` could save a model this forecast would fit (none
    saved, or the events it saw changed), raise ``NeedsFit`` instead of fitting one for this
    answer only. ``found``: ``saved.look_up``'s answer when the caller has it (not looked up again).
    """
    from detente.forecast.saved import Lookup, look_up

    if found is None:
        found = look_up(store, level, relations, origin, model, date) if use_saved else Lookup()
    if found.refit and unsaved == "raise":
        raise NeedsFit(found.refit)
    saved, note = found.saved, found.note
    g = saved.graph if saved is not None else load_store_graph(store, level, relations, origin=origin)
    if len(g.quads) == 0:
        raise ForecastError("no events with a source, a target and a day")
    src = source.upper() if source.upper() in g.entity_id else source
    tgt = None if target is None else (target.upper() if target.upper() in g.entity_id else target)
    if src not in g.entity_id:
        raise ForecastError(f"no events with actor {source!r}")
    if tgt is not None and tgt not in g.entity_id:
        raise ForecastError(f"no events with actor {target!r}")
    if date:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise ForecastError(f"date {date!r} is not YYYY-MM-DD") from None
        t_query = g.time_of(day)
        if t_query <= 0:
            raise ForecastError(f"date {date} is not after the first event ({g.day_of(0)})")
    else:
        t_query = int(g.quads[:, 3].max()) + 1
    before = g.quads[:, 3] < t_query
    history = g.quads if before.all() else g.quads[before]  # the usual query: the whole history, no copy
    if saved is not None and t_query > saved.fitted_until(g):
        fitted = saved.observed(history)
        how = "saved"
    else:
        if saved is not None:
            note = f"{g.day_of(t_query)} is inside the saved model's history: fitted a model for that day"
        try:
            fitted = fit_model(g, t_query, model_name=model)
        except KeyError as exc:
            raise ForecastError(str(exc).strip("'\"")) from None
        how = "fitted now"
    preds = forecast(fitted, g, src, tgt, t_query, top)
    query = {"source": src, "target": tgt, "date": g.day_of(t_query), "level": level, "relations": relations,
             "origin": origin, "model": fitted.name, "history_events": int(len(history)), "fit": how,
             "note": note}
    return {"query": query, "predictions": preds}
