"""A fitted store forecaster, saved in the store: what tuning chose, its rules, the graph it saw
and the history index over that graph.

``detente forecast fit`` tunes the model once (the expensive part) and saves it with the store's
event watermark (how many counted events there were, up to which day). A later ``detente
forecast`` loads it and answers: the history index is read with it, not rebuilt. Events added
after the watermark join the history with the parameters kept (the index is then rebuilt); any
other change (events up to the watermark added or removed, relations the model never saw)
refits, with a message.

**The saved format, for every forecaster.** A saved model is one ``.npz`` blob (arrays only,
``allow_pickle=False``: reading a store never runs code) plus a JSON description:

- the model's state: ``attribute_state`` by default, every attribute ``fit``/``tune`` set
  (numpy arrays as ``a.*``, ``RuleBodies`` as ``r.*``, JSON values in the description), the
  history left out. A model holding anything else (a scikit-learn estimator, a config object)
  is ``Saveable``: its ``save_state()`` arrays are stored as ``m.*`` and its ``load_state`` gets
  them back (it may call ``attribute_state``/``restore_attributes`` for the plain part).
  ``load_state`` must stay cheap — no scikit-learn or scipy import, scoring runs from the
  arrays — since ``detente forecast`` has about a second for everything;
- ``i.*`` — ``HistoryIndex.parts()`` of the history the model observed, as small integer steps
  (``observe`` with them skips the sort, most of the cost of an answer); the graph's
  quadruples are read back from them;
- ``g.*`` — the graph's entity and relation names (UTF-8 JSON), and its quadruples when no
  index was saved.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Protocol, cast, runtime_checkable

import numpy as np

from detente.forecast.queries import RuleBodies
from detente.forecast.store_graph import ForecastError, StoreGraph
from detente.registry import DEFAULT_FORECASTER

FORMAT = 2  # 1: no history index (still read: the index is rebuilt); 2 adds ``i.*`` and ``m.*``
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


def _narrow(a: np.ndarray) -> np.ndarray:
    """Integers in the smallest signed type that holds them (fewer bytes to read back)."""
    if not a.size:
        return a
    lo, hi = int(a.min()), int(a.max())
    for t in (np.int8, np.int16, np.int32):
        if np.iinfo(t).min <= lo and hi <= np.iinfo(t).max:
            return a.astype(t)
    return a


def _pack_index(parts: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``HistoryIndex.parts()`` as small integers: sorted keys and pointers as differences."""
    return {"i.key_step": _narrow(np.diff(parts["triple_key"], prepend=0)),
            "i.occ_n": _narrow(np.diff(parts["occ_ptr"])),
            "i.occ_time": _narrow(parts["occ_time"])}


def _unpack_index(z: Mapping[str, np.ndarray]) -> dict[str, np.ndarray] | None:
    if "i.key_step" not in z:
        return None
    n = z["i.occ_n"]
    ptr = np.zeros(len(n) + 1, np.int64)
    np.cumsum(n, out=ptr[1:])
    return {"triple_key": np.cumsum(z["i.key_step"], dtype=np.int64), "occ_ptr": ptr,
            "occ_time": z["i.occ_time"].astype(np.int64)}


def _with_prefix(arrays: Mapping[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    """The arrays under ``prefix``, the prefix taken off (all read now: an npz reads lazily)."""
    return {k[len(prefix):]: arrays[k] for k in arrays if k.startswith(prefix)}


def forward_quads(parts: Mapping[str, np.ndarray], num_entities: int, num_relations: int) -> np.ndarray:
    """The ``[s, r, o, t]`` facts (no inverses) an index holds, sorted as ``np.unique`` sorts them."""
    N, R2 = num_entities, 2 * num_relations
    key = parts["triple_key"].astype(np.int64)
    ptr = np.asarray(parts["occ_ptr"], np.int64)
    fwd = (key // N) % R2 < num_relations  # per triple: the forward ones, then their occurrences
    n = np.diff(ptr)[fwd]
    key = key[fwd]
    out = np.empty((int(n.sum()), 4), np.int64)
    out[:, 0] = np.repeat(key // (R2 * N), n)
    out[:, 1] = np.repeat((key // N) % R2, n)
    out[:, 2] = np.repeat(key % N, n)
    start = ptr[:-1][fwd]  # each forward triple's occurrences, in order
    out[:, 3] = parts["occ_time"][np.repeat(start - (np.cumsum(n) - n), n) + np.arange(len(out))]
    return out


@dataclass
class SavedModel:
    model: Any  # a forecaster of ``detente.registry``, fitted
    graph: StoreGraph
    watermark: dict[str, Any]  # {"events": n, "last_day": "YYYY-MM-DD"}
    name: str = DEFAULT_FORECASTER
    index_parts: dict[str, np.ndarray] | None = None  # HistoryIndex.parts() over every quadruple of ``graph``

    def to_bytes(self) -> tuple[dict[str, Any], bytes]:
        """(meta, data): the description stored as JSON and the arrays as ``.npz``."""
        own = isinstance(self.model, Saveable)
        state = self.model.save_state() if own else attribute_state(self.model)
        arrays = {f"m.{k}" if own else k: v for k, v in state[0].items()}
        g = self.graph
        index = getattr(self.model, "index", None)
        if index is not None and len(index.facts) == 2 * len(g.quads):  # it saw the whole graph
            arrays.update(_pack_index(index.parts()))
        else:
            arrays["g.quads"] = g.quads.astype(np.int32)
        names = json.dumps({"entities": g.entities, "relations": g.relations}, ensure_ascii=False)
        arrays["g.names"] = np.frombuffer(names.encode("utf-8"), np.uint8)
        buf = io.BytesIO()
        np.savez(buf, allow_pickle=False, **cast(dict[str, Any], arrays))
        return {**self.meta(), "state": state[1]}, buf.getvalue()

    @classmethod
    def from_bytes(cls, meta: dict[str, Any], data: bytes) -> SavedModel:
        from detente.registry import create

        z = np.load(io.BytesIO(data), allow_pickle=False)
        model = create("forecaster", meta["model"])
        if isinstance(model, Saveable):
            model.load_state(_with_prefix(z, "m."), meta["state"])
        else:
            restore_attributes(model, z, meta["state"])
        if "g.names" in z:
            names = json.loads(z["g.names"].tobytes().decode("utf-8"))
            entities, relations = names["entities"], names["relations"]
        else:  # format 1
            entities, relations = z["g.entities"].tolist(), z["g.relations"].tolist()
        parts = _unpack_index(z)
        if parts is not None:
            quads = forward_quads(parts, len(entities), len(relations))
        else:
            quads = z["g.quads"].astype(np.int64)
        g = StoreGraph(quads, entities, relations, dt.date.fromisoformat(meta["day0"]),
                       {e: i for i, e in enumerate(entities)})
        return cls(model, g, meta["watermark"], meta["model"], parts)

    def observed(self, history: np.ndarray) -> Any:
        """The model, answering from ``history`` (the saved index is used when it covers exactly that)."""
        model = self.model
        model.N = len(self.graph.entities)
        parts = self.index_parts
        whole = parts is not None and len(history) == len(self.graph.quads) and int(parts["occ_ptr"][-1]) == 2 * len(history)
        return model.observe(history, parts if whole else None)

    def fitted_until(self, g: StoreGraph) -> int:
        """The graph time of the watermark's last day: later queries may use the saved parameters."""
        return g.time_of(dt.date.fromisoformat(self.watermark["last_day"]))

    def meta(self) -> dict[str, Any]:
        return {"model": self.name, "format": FORMAT, "day0": self.graph.day0.isoformat(),
                "watermark": self.watermark, "entities": len(self.graph.entities),
                "relations": len(self.graph.relations), "facts": int(len(self.graph.quads))}


def _counted(origin: str | None, **kwargs: Any) -> Any:
    from detente.records import COUNTED_MODALITIES
    from detente.store import EventFilter

    return EventFilter(modality=list(COUNTED_MODALITIES), origin=origin, **kwargs)


def fit_saved(store: Any, level: str = "country", relations: str = "code", origin: str | None = None,
              model: str = DEFAULT_FORECASTER, actors: Sequence[str | None] = ()) -> SavedModel:
    """Fit and tune on every counted event of the store, and save the model in it (``forecast fit``).
    An unknown model name, an empty store and any of ``actors`` (a query about to be answered) without
    events are one-line ``ForecastError``s raised before the fit, which may take minutes."""
    return fit_and_save(store, level, relations, origin, model, actors)[0]


def fit_and_save(store: Any, level: str = "country", relations: str = "code", origin: str | None = None,
                 model: str = DEFAULT_FORECASTER, actors: Sequence[str | None] = ()
                 ) -> tuple[SavedModel, dict[str, Any], bytes]:
    """``fit_saved``, with what was saved (meta, data): ``SavedModel.from_bytes`` of them is the
    model every later forecast loads (a forecast right after the fit answers from it, not from the
    live fit, so its answer is the same as theirs)."""
    from detente.forecast.store_graph import fit_model, load_store_graph
    from detente.registry import forecasters

    known = forecasters()
    if model not in known:
        raise ForecastError(f"unknown forecaster model {model!r} (choose from {', '.join(sorted(known))})")
    watermark = store.event_watermark(_counted(origin))
    g = load_store_graph(store, level, relations, origin=origin)
    if len(g.quads) == 0:
        raise ForecastError("no events with a source, a target and a day")
    for actor in actors:
        if actor is not None and actor not in g.entity_id and actor.upper() not in g.entity_id:
            raise ForecastError(f"no events with actor {actor!r}")
    try:
        fitted = fit_model(g, int(g.quads[:, 3].max()) + 1, model_name=model)
    except KeyError as exc:
        raise ForecastError(str(exc).strip("'\"")) from None
    saved = SavedModel(fitted, g, watermark, model)
    meta, data = saved.to_bytes()
    store.save_model(model_name(model, level, relations, origin), meta, data)
    return saved, meta, data


def _inside(date: str | None, last: str | None) -> bool:
    """Whether a forecast for ``date`` fits a model for that day whatever is saved: ``date`` lies
    inside the history up to ``last``, or is no ISO date (``forecast_store``'s one-line error)."""
    if date is None:
        return False
    try:
        day = dt.date.fromisoformat(date).isoformat()
    except ValueError:
        return True
    return last is not None and day <= last


def unsaved_reason(store: Any, level: str = "country", relations: str = "code", origin: str | None = None,
                   model: str = DEFAULT_FORECASTER, date: str | None = None) -> str | None:
    """Why a forecast for ``date`` (None: the day after the last event) would fit a model that
    ``forecast fit`` could save for the next calls: none saved, or events up to its watermark
    changed since. None when the saved model serves, and when ``date`` lies inside the stored
    history (a model for that day is fitted whatever is saved; a bad date is ``forecast_store``'s
    one-line error). Cheap: the saved model's description and one count, not its arrays
    (``look_up`` answers the same along with the model itself).
    """
    meta = store.model_meta(model_name(model, level, relations, origin))
    mark = meta["watermark"] if meta is not None else store.event_watermark(_counted(origin))
    last = mark.get("last_day")
    if _inside(date, last):
        return None
    if meta is None:
        return f"no saved {model} model"
    if last is None or store.count_events(_counted(origin, until=last)) != mark["events"]:
        return f"events up to the saved {model} model's last day changed since `forecast fit`"
    return None


@dataclass
class Lookup:
    """What a store forecast answers from, found with one read of the saved model and one count."""

    saved: SavedModel | None = None  # serves the forecast: events since its watermark joined its history
    note: str | None = None  # said with the answer
    refit: str | None = None  # why the forecast would fit now what ``forecast fit`` could save (``unsaved_reason``)


def look_up(store: Any, level: str = "country", relations: str = "code", origin: str | None = None,
            model: str = DEFAULT_FORECASTER, date: str | None = None, known: SavedModel | None = None) -> Lookup:
    """The saved model with the events added since its watermark, what to say, and why a forecast
    for ``date`` would fit one ``forecast fit`` could save (as ``unsaved_reason``, without its count).

    ``known``: the model as this session just saved it (``fit_and_save``): not read back from the
    store, but still checked against the events (one count) and extended with later ones.
    """
    if known is None:
        got = store.load_model(model_name(model, level, relations, origin))
        if got is None:  # nothing saved: fitting now is the normal path, no message
            last = store.event_watermark(_counted(origin))["last_day"] if date is not None else None
            return Lookup(refit=None if _inside(date, last) else f"no saved {model} model")
        meta, data = got
        mark = meta["watermark"]
    else:
        mark = known.watermark
    last = mark.get("last_day")
    if last is None or store.count_events(_counted(origin, until=last)) != mark["events"]:
        return Lookup(note="events up to the saved model's last day changed since `forecast fit`: refitted now",
                      refit=None if _inside(date, last) else
                      f"events up to the saved {model} model's last day changed since `forecast fit`")
    return _with_newer(store, known or SavedModel.from_bytes(meta, data), level, relations, origin)


def _with_newer(store: Any, saved: SavedModel, level: str, relations: str, origin: str | None) -> Lookup:
    """``saved`` with the events after its watermark in its history (a copy: ``saved`` is kept)."""
    from detente.forecast.store_graph import COLUMNS, extend_graph

    since = (dt.date.fromisoformat(saved.watermark["last_day"]) + dt.timedelta(days=1)).isoformat()
    if not store.count_events(_counted(origin, since=since)):  # the usual case: no frame, no pandas
        return Lookup(saved)
    newer = store.events_frame(_counted(origin, since=since), columns=COLUMNS)
    grown = extend_graph(saved.graph, newer, level, relations)
    if grown is None:
        return Lookup(note="events since `forecast fit` use relations the saved model never saw: refitted now")
    return Lookup(replace(saved, graph=grown, index_parts=None),  # a longer history: the index is rebuilt
                  f"{len(newer):,} events since `forecast fit` joined the history; parameters kept "
                  "(run `detente forecast fit` to retune)")


def load_saved(store: Any, level: str = "country", relations: str = "code", origin: str | None = None,
               model: str = DEFAULT_FORECASTER) -> tuple[SavedModel | None, str | None]:
    """The saved model with the events added since its watermark, or (None, why it cannot serve)."""
    found = look_up(store, level, relations, origin, model)
    return found.saved, found.note
