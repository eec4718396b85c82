"""A fitted store forecaster, saved in the store: tuned parameters, rules and the graph they saw.

``detente forecast fit`` tunes the combined model once (the expensive part) and saves it with
the store's event watermark (how many counted events there were, up to which day). A later
``detente forecast`` loads it and only re-reads the history index: under a second on ICEWS18.
Events added after the watermark join the history with the parameters kept; any other change
(events before the watermark added or removed, new relations) refits, with a message.
Arrays travel as ``.npz`` bytes (no pickle: a store file never runs code when read).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import numpy as np

from detente.forecast.combined import Combined
from detente.forecast.queries import RuleBodies
from detente.forecast.store_graph import StoreGraph

_ARRAYS = ("lam", "alpha", "w")


def model_name(level: str, relations: str, origin: str | None) -> str:
    """The key a fitted model is saved under: one per (entity level, relation level, origin)."""
    return f"combined:{level}:{relations}:{origin or '*'}"


@dataclass
class SavedModel:
    model: Combined
    graph: StoreGraph
    watermark: dict  # {"events": n, "last_day": "YYYY-MM-DD"}

    def to_bytes(self) -> bytes:
        m, g = self.model, self.graph
        m._ensure()  # untuned (little data): the default parameters, as arrays
        rules = m.rules if m.rules is not None else RuleBodies.empty(m.R2)
        arrays = {name: np.asarray(getattr(m, name)) for name in _ARRAYS}
        arrays.update(rule_ptr=rules.ptr, rule_body=rules.body_rel, rule_conf=rules.conf,
                      quads=g.quads.astype(np.int32), entities=np.array(g.entities, dtype=str),
                      relations=np.array(g.relations, dtype=str),
                      scalars=np.array([m.N, m.R, m.rule_lam, m.rule_beta, m.path_scale], dtype=np.float64))
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, meta: dict) -> SavedModel:
        z = np.load(io.BytesIO(data), allow_pickle=False)
        N, R, rule_lam, rule_beta, path_scale = z["scalars"].tolist()
        m = Combined()
        m.N, m.R = int(N), int(R)
        m.rule_lam, m.rule_beta, m.path_scale = rule_lam, rule_beta, path_scale
        for name in _ARRAYS:
            setattr(m, name, z[name])
        m.rules = RuleBodies(z["rule_ptr"], z["rule_body"], z["rule_conf"])
        entities = z["entities"].tolist()
        g = StoreGraph(z["quads"].astype(np.int64), entities, z["relations"].tolist(),
                       dt.date.fromisoformat(meta["day0"]), {e: i for i, e in enumerate(entities)})
        return cls(m, g, meta["watermark"])

    def fitted_until(self, g: StoreGraph) -> int:
        """The graph time of the watermark's last day: later queries may use the saved parameters."""
        return g.time_of(dt.date.fromisoformat(self.watermark["last_day"]))

    def meta(self) -> dict:
        return {"day0": self.graph.day0.isoformat(), "watermark": self.watermark,
                "entities": len(self.graph.entities), "relations": len(self.graph.relations),
                "facts": int(len(self.graph.quads))}


def _counted(origin: str | None, **kwargs):
    from detente.records import COUNTED_MODALITIES
    from detente.store import EventFilter

    return EventFilter(modality=list(COUNTED_MODALITIES), origin=origin, **kwargs)


def fit_saved(store, level: str = "country", relations: str = "code", origin: str | None = None) -> SavedModel:
    """Fit and tune on every counted event of the store, and save the model in it (``forecast fit``)."""
    from detente.forecast.store_graph import ForecastError, fit_model, load_store_graph

    watermark = store.event_watermark(_counted(origin))
    g = load_store_graph(store, level, relations, origin=origin)
    if len(g.quads) == 0:
        raise ForecastError("no events with a source, a target and a day")
    saved = SavedModel(fit_model(g, int(g.quads[:, 3].max()) + 1), g, watermark)
    store.save_model(model_name(level, relations, origin), saved.meta(), saved.to_bytes())
    return saved


def load_saved(store, level: str = "country", relations: str = "code",
               origin: str | None = None) -> tuple[SavedModel | None, str | None]:
    """The saved model with the events added since its watermark, or (None, why it cannot serve)."""
    from detente.forecast.store_graph import COLUMNS, extend_graph

    got = store.load_model(model_name(level, relations, origin))
    if got is None:
        return None, "no saved model: fitted one now (`detente forecast fit` saves one, then answers take a second)"
    meta, data = got
    mark = meta["watermark"]
    last = mark.get("last_day")
    if last is None or store.count_events(_counted(origin, until=last)) != mark["events"]:
        return None, "events up to the saved model's last day changed since `forecast fit`: refitted now"
    saved = SavedModel.from_bytes(data, meta)
    since = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    newer = store.events_frame(_counted(origin, since=since), columns=COLUMNS)
    if newer.empty:
        return saved, None
    grown = extend_graph(saved.graph, newer, level, relations)
    if grown is None:
        return None, "events since `forecast fit` use relations the saved model never saw: refitted now"
    saved.graph = grown
    return saved, (f"{len(newer):,} events since `forecast fit` joined the history; parameters kept "
                   "(run `detente forecast fit` to retune)")
