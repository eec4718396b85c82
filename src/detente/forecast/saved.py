"""A fitted store forecaster, saved in the store: what tuning chose, its rules and the graph it saw.

``detente forecast fit`` tunes the model once (the expensive part) and saves it with the store's
event watermark (how many counted events there were, up to which day). A later ``detente
forecast`` loads it and only rebuilds the history index: about a second on ICEWS18. Events added
after the watermark join the history with the parameters kept; any other change (events up to
the watermark added or removed, relations the model never saw) refits, with a message.

The model's state is every attribute ``fit``/``tune`` set except the history index (rebuilt by
``observe``): arrays travel as ``.npz`` bytes, plain values as JSON (no pickle: reading a store
never runs code). A forecaster with state of another kind is ``Saveable``: it saves itself
(``save_state()`` → arrays stored as ``m.*`` and JSON values; ``load_state`` gets them back,
cheaply: ``boost`` keeps its trees as plain arrays); any other cannot be saved (``ForecastError``).
The names follow fc-start's saved format (``attribute_state``, ``restore_attributes``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Protocol, cast, runtime_checkable

import numpy as np

from detente.forecast.queries import RuleBodies
from detente.forecast.store_graph import ForecastError, StoreGraph

_REBUILT = ("index", "facts")  # observe() makes these from the history
_RULES = "rules"  # a RuleBodies attribute: saved field by field

#: A model's saved state: named arrays and JSON-able plain values.
State = tuple[dict[str, np.ndarray], dict[str, Any]]


@runtime_checkable
class Saveable(Protocol):
    """A forecaster whose state is more than arrays, ``RuleBodies`` and JSON values saves itself."""

    def save_state(self) -> State:
        """(arrays, plain values) that ``load_state`` turns back into this fitted model."""
        ...

    def load_state(self, arrays: Mapping[str, np.ndarray], plain: dict[str, Any]) -> None:
        """Restore ``save_state``'s output into a fresh instance (cheap: no heavy imports)."""
        ...


def model_name(model: str, level: str, relations: str, origin: str | None) -> str:
    """The key a fitted model is saved under: one per (forecaster, entity level, relation level, origin)."""
    return f"{model}:{level}:{relations}:{origin or '*'}"


def attribute_state(model: Any, skip: tuple[str, ...] = ()) -> State:
    """(arrays, plain values) of the model's attributes, the history and ``skip`` left out."""
    arrays: dict[str, np.ndarray] = {}
    plain: dict[str, Any] = {}
    for key, value in vars(model).items():
        if key in _REBUILT or key in skip:
            continue
        if isinstance(value, np.ndarray):
            arrays[f"a.{key}"] = value
        elif isinstance(value, RuleBodies):
            plain[_RULES + ":" + key] = -1 if value.paths is None else len(value.paths)
            for f in fields(RuleBodies):
                part = getattr(value, f.name)
                if f.name == "paths":
                    for i, arr in enumerate(part or ()):
                        arrays[f"r.{key}.paths.{i}"] = np.asarray(arr)
                else:
                    arrays[f"r.{key}.{f.name}"] = np.asarray(part)
        else:
            try:
                json.dumps(value)
            except TypeError:
                raise ForecastError(f"cannot save {type(model).__name__}: its {key!r} is a "
                                    f"{type(value).__name__}") from None
            plain[key] = value
    return arrays, plain


def restore_attributes(model: Any, arrays: Mapping[str, np.ndarray], plain: dict[str, Any]) -> None:
    """Set the attributes ``attribute_state`` saved."""
    for key, value in plain.items():
        if key.startswith(_RULES + ":"):
            attr = key.split(":", 1)[1]
            paths = tuple(arrays[f"r.{attr}.paths.{i}"] for i in range(value)) if value >= 0 else None
            setattr(model, attr, RuleBodies(arrays[f"r.{attr}.ptr"], arrays[f"r.{attr}.body_rel"],
                                            arrays[f"r.{attr}.conf"], paths))
        else:
            setattr(model, key, value)
    for name in arrays:
        if name.startswith("a."):
            setattr(model, name[2:], arrays[name])


@dataclass
class SavedModel:
    model: Any  # a forecaster of ``detente.registry``, fitted
    graph: StoreGraph
    watermark: dict[str, Any]  # {"events": n, "last_day": "YYYY-MM-DD"}
    name: str = "combined"

    def to_bytes(self) -> tuple[dict[str, Any], bytes]:
        """(meta, data): the description stored as JSON and the arrays as compressed ``.npz``."""
        own = isinstance(self.model, Saveable)
        arrays, plain = self.model.save_state() if own else attribute_state(self.model)
        arrays = {f"m.{k}" if own else k: v for k, v in arrays.items()}
        g = self.graph
        arrays.update({"g.quads": g.quads.astype(np.int32), "g.entities": np.array(g.entities, dtype=str),
                       "g.relations": np.array(g.relations, dtype=str)})
        buf = io.BytesIO()
        np.savez_compressed(buf, allow_pickle=False, **cast(dict[str, Any], arrays))
        return {**self.meta(), "state": plain}, buf.getvalue()

    @classmethod
    def from_bytes(cls, meta: dict[str, Any], data: bytes) -> SavedModel:
        from detente.registry import create

        z = np.load(io.BytesIO(data), allow_pickle=False)
        model = create("forecaster", meta["model"])
        if isinstance(model, Saveable):
            model.load_state({k[2:]: z[k] for k in z.files if k.startswith("m.")}, meta["state"])
        else:
            restore_attributes(model, {k: z[k] for k in z.files}, meta["state"])
        entities = z["g.entities"].tolist()
        g = StoreGraph(z["g.quads"].astype(np.int64), entities, z["g.relations"].tolist(),
                       dt.date.fromisoformat(meta["day0"]), {e: i for i, e in enumerate(entities)})
        return cls(model, g, meta["watermark"], meta["model"])

    def fitted_until(self, g: StoreGraph) -> int:
        """The graph time of the watermark's last day: later queries may use the saved parameters."""
        return g.time_of(dt.date.fromisoformat(self.watermark["last_day"]))

    def meta(self) -> dict[str, Any]:
        return {"model": self.name, "day0": self.graph.day0.isoformat(), "watermark": self.watermark,
                "entities": len(self.graph.entities), "relations": len(self.graph.relations),
                "facts": int(len(self.graph.quads))}


def _counted(origin: str | None, **kwargs: Any) -> Any:
    from detente.records import COUNTED_MODALITIES
    from detente.store import EventFilter

    return EventFilter(modality=list(COUNTED_MODALITIES), origin=origin, **kwargs)


def fit_saved(store: Any, level: str = "country", relations: str = "code", origin: str | None = None,
              model: str = "combined") -> SavedModel:
    """Fit and tune on every counted event of the store, and save the model in it (``forecast fit``)."""
    from detente.forecast.store_graph import fit_model, load_store_graph

    watermark = store.event_watermark(_counted(origin))
    g = load_store_graph(store, level, relations, origin=origin)
    if len(g.quads) == 0:
        raise ForecastError("no events with a source, a target and a day")
    try:
        fitted = fit_model(g, int(g.quads[:, 3].max()) + 1, model_name=model)
    except KeyError as exc:
        raise ForecastError(str(exc).strip("'\"")) from None
    saved = SavedModel(fitted, g, watermark, model)
    meta, data = saved.to_bytes()
    store.save_model(model_name(model, level, relations, origin), meta, data)
    return saved


def load_saved(store: Any, level: str = "country", relations: str = "code", origin: str | None = None,
               model: str = "combined") -> tuple[SavedModel | None, str | None]:
    """The saved model with the events added since its watermark, or (None, why it cannot serve)."""
    from detente.forecast.store_graph import COLUMNS, extend_graph

    got = store.load_model(model_name(model, level, relations, origin))
    if got is None:
        return None, None  # nothing saved: fitting now is the normal path, no message
    meta, data = got
    mark = meta["watermark"]
    last = mark.get("last_day")
    if last is None or store.count_events(_counted(origin, until=last)) != mark["events"]:
        return None, "events up to the saved model's last day changed since `forecast fit`: refitted now"
    saved = SavedModel.from_bytes(meta, data)
    since = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    if not store.count_events(_counted(origin, since=since)):  # the usual case: no frame, no pandas
        return saved, None
    newer = store.events_frame(_counted(origin, since=since), columns=COLUMNS)
    grown = extend_graph(saved.graph, newer, level, relations)
    if grown is None:
        return None, "events since `forecast fit` use relations the saved model never saw: refitted now"
    saved.graph = grown
    return saved, (f"{len(newer):,} events since `forecast fit` joined the history; parameters kept "
                   "(run `detente forecast fit` to retune)")
