"""Scenario files (YAML): issues, actors, numbers with ranges and evidence, checked field by field.

Every problem is reported as one line naming the field, e.g.
`scenario.yaml: actors[2].positions.sanctions: 140 is outside 0–100`. The format is described
with an example in docs/bargain.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, overload

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from detente.bargain.issue import HIGH, LOW, Issue
from detente.yamlsafe import load_yaml


class ScenarioError(ValueError):
    """A scenario problem, already phrased as `file: field: what is wrong`."""


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doc: str
    quote: str | None = None
    event: str | None = None


class Number(BaseModel):
    """A number with an optional uncertainty range and the evidence or assumption behind it."""

    model_config = ConfigDict(extra="forbid")
    value: float
    range: tuple[float, float] | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    assumption: str | None = None

    @property
    def bounds(self) -> tuple[float, float]:
        return self.range if self.range is not None else (self.value, self.value)


NumberLike = float | Number


class IssueSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str | None = None
    low: str = Field(description="what position 0 means")
    high: str = Field(description="what position 100 means")
    status_quo: NumberLike | None = None


class ActorSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    code: str | None = None
    capability: NumberLike
    risk: float | None = None
    positions: dict[str, NumberLike]
    saliences: dict[str, NumberLike]


class ScenarioSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str | None = None
    period: str | None = None
    issues: list[IssueSpec]
    actors: list[ActorSpec]


@overload
def as_number(v: NumberLike) -> Number: ...
@overload
def as_number(v: None) -> None: ...
def as_number(v: NumberLike | None) -> Number | None:
    return v if isinstance(v, Number) or v is None else Number(value=float(v))


def _loc(parts: tuple) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "scenario"


def _first_error(err: ValidationError) -> str:
    """The first pydantic error as `field: message`, skipping its union-branch noise."""
    errors = err.errors()
    # in a `float | Number` union, a mapping fails the float branch first; report the Number branch
    e = next((x for x in errors if not ("float" in x["loc"] and isinstance(x.get("input"), dict))), errors[0])
    loc = tuple(p for p in e["loc"] if p not in ("float", "Number", "function-after[...]"))
    loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "tuple["))))
    msg = e["msg"]
    if e["type"] == "missing":
        msg = "missing (required)"
    elif e["type"] == "extra_forbidden":
        msg = "unknown field"
    elif e["type"] in ("float_parsing", "float_type"):
        msg = f"{e.get('input')!r} is not a number"
    return f"{_loc(loc)}: {msg}"


MAX_CAPABILITY = 1e15


def _check_number(num: Number, where: str, lo: float, hi: float, unit: str) -> None:
    for label, v in (("value", num.value), *(() if num.range is None else (("range", num.range[0]),
                                                                          ("range", num.range[1])))):
        if not np.isfinite(v) or v < lo or v > hi:
            raise ScenarioError(f"{where}: {v:g} is outside {unit}" + (" (in its range)" if label == "range" else ""))
    if num.range is not None:
        a, b = num.range
        if a > b:
            raise ScenarioError(f"{where}.range: [{a:g}, {b:g}] has low > high")
        if not a <= num.value <= b:
            raise ScenarioError(f"{where}: {num.value:g} is outside its own range [{a:g}, {b:g}]")


def check(spec: ScenarioSpec) -> float:
    """Semantic checks pydantic cannot express; returns the salience scale (1 or 100)."""
    ids = _check_names(spec)
    for k, issue in enumerate(spec.issues):
        if issue.status_quo is not None:
            _check_number(as_number(issue.status_quo), f"issues[{k}].status_quo", LOW, HIGH, "0–100")
    all_sal = [as_number(v).value for a in spec.actors for v in a.saliences.values()]
    # the scale most saliences use, so a single stray value is reported at its own field
    scale = 100.0 if sum(s > 1 for s in all_sal) > len(all_sal) / 2 else 1.0
    for k, actor in enumerate(spec.actors):
        _check_actor(k, actor, ids, scale)
    _check_bargaining(spec, ids)
    return scale


def _check_names(spec: ScenarioSpec) -> list[str]:
    """Some issues and actors, each named once; returns the issue ids."""
    if not spec.issues:
        raise ScenarioError("issues: no issues")
    if not spec.actors:
        raise ScenarioError("actors: no actors")
    ids = [i.id for i in spec.issues]
    for k, iid in enumerate(ids):
        if iid in ids[:k]:
            raise ScenarioError(f"issues[{k}].id: {iid!r} is used twice")
    names = [a.name for a in spec.actors]
    for k, nm in enumerate(names):
        if nm in names[:k]:
            raise ScenarioError(f"actors[{k}].name: {nm!r} is used twice")
    return ids


def _check_actor(k: int, actor: ActorSpec, ids: list[str], scale: float) -> None:
    """One actor's capability, risk, and a position and a salience on the same known issues."""
    cap = as_number(actor.capability)
    # only ratios of capabilities matter; the cap keeps sums and products finite (1e308 overflowed)
    _check_number(cap, f"actors[{k}].capability", 0.0, MAX_CAPABILITY, "0–1e15 (only ratios matter)")
    if actor.risk is not None and not 0.1 <= actor.risk <= 10:
        raise ScenarioError(f"actors[{k}].risk: {actor.risk:g} is outside 0.1–10")
    for field in ("positions", "saliences"):
        for iid in getattr(actor, field):
            if iid not in ids:
                raise ScenarioError(f"actors[{k}].{field}.{iid}: unknown issue (issues are {', '.join(ids)})")
    for iid, v in actor.positions.items():
        _check_number(as_number(v), f"actors[{k}].positions.{iid}", LOW, HIGH, "0–100")
        if iid not in actor.saliences:
            raise ScenarioError(f"actors[{k}].saliences.{iid}: missing (the actor has a position on {iid})")
    for iid, v in actor.saliences.items():
        _check_salience(f"actors[{k}].saliences.{iid}", as_number(v), scale)
        if iid not in actor.positions:
            raise ScenarioError(f"actors[{k}].positions.{iid}: missing (the actor has a salience on {iid})")


def _check_salience(where: str, num: Number, scale: float) -> None:
    _check_number(num, where, 0.0, scale, "0–1 (the scale most saliences use)" if scale == 1 else "0–100")
    if scale == 100 and 0 < num.value < 1:
        raise ScenarioError(f"{where}: {num.value:g} looks like a 0–1 salience but others use 0–100")


def _check_bargaining(spec: ScenarioSpec, ids: list[str]) -> None:
    """Every issue has two actors or more with a position, some salience and some capability."""
    for k, iid in enumerate(ids):
        held = [a for a in spec.actors if iid in a.positions]
        if len(held) < 2:
            raise ScenarioError(f"issues[{k}] ({iid}): fewer than two actors hold a position")
        if sum(as_number(a.saliences[iid]).value for a in held) <= 0:
            raise ScenarioError(f"issues[{k}] ({iid}): every salience is 0, so no one would bargain")
        if sum(as_number(a.capability).value for a in held) <= 0:
            raise ScenarioError(f"issues[{k}] ({iid}): every capability is 0")


class Scenario:
    """A validated scenario: the spec plus its issues as model-ready `Issue`s."""

    def __init__(self, spec: ScenarioSpec, source: str = "scenario") -> None:
        self.spec = spec
        self.source = source
        self.salience_scale = check(spec)

    @property
    def name(self) -> str:
        return self.spec.name

    def issue_labels(self) -> list[dict[str, Any]]:
        return [{"id": i.id, "name": i.name or i.id, "low": i.low, "high": i.high} for i in self.spec.issues]

    def issues(self) -> list[Issue]:
        """Point values for every issue, with each number's range kept in `meta['ranges']`."""
        out = []
        for issue in self.spec.issues:
            held = [a for a in self.spec.actors if issue.id in a.positions]
            nums = {
                "positions": [as_number(a.positions[issue.id]) for a in held],
                "saliences": [as_number(a.saliences[issue.id]) for a in held],
                "capabilities": [as_number(a.capability) for a in held],
            }
            scale = {"positions": 1.0, "saliences": self.salience_scale, "capabilities": 1.0}
            arrays = {k: np.array([n.value for n in v]) / scale[k] for k, v in nums.items()}
            ranges: dict[str, tuple[Any, Any]] = {k: (np.array([n.bounds[0] for n in v]) / scale[k], np.array([n.bounds[1] for n in v]) / scale[k])
                      for k, v in nums.items()}
            sq = as_number(issue.status_quo)
            if sq is not None:
                ranges["status_quo"] = sq.bounds
            risks = [a.risk for a in held]
            out.append(Issue(
                name=issue.id,
                actors=tuple(a.name for a in held),
                status_quo=None if sq is None else sq.value,
                risk=np.array(risks, dtype=float) if all(r is not None for r in risks) else None,
                meta={"ranges": ranges, "label": issue.name or issue.id, "low": issue.low, "high": issue.high},
                positions=arrays["positions"], saliences=arrays["saliences"], capabilities=arrays["capabilities"],
            ))
        return out


def parse_scenario(data: Any, source: str = "scenario") -> Scenario:
    """Validate already-loaded YAML data; raises ScenarioError with `source: field: problem`."""
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: expected a mapping with name, issues and actors")
    try:
        spec = ScenarioSpec.model_validate(data)
        return Scenario(spec, source)
    except ValidationError as exc:
        raise ScenarioError(f"{source}: {_first_error(exc)}") from None
    except ScenarioError as exc:
        raise ScenarioError(f"{source}: {exc}") from None


def load_scenario(path: Path) -> Scenario:
    """A scenario from YAML, or from a KTAB SMP CSV when the file ends in .csv."""
    path = Path(path)
    if not path.exists():
        raise ScenarioError(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        from detente.bargain.ktab import load_ktab

        return load_ktab(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))  # no aliases: a bomb is one line
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path.name}: not UTF-8 text (bad byte at {exc.start})") from None
    except OSError as exc:
        raise ScenarioError(f"{path.name}: unreadable ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None)
        where = f" (line {mark.line + 1}{': ' + problem if problem else ''})" if mark else ""
        raise ScenarioError(f"{path.name}: not valid YAML{where}") from None
    except RecursionError:
        raise ScenarioError(f"{path.name}: not valid YAML (nested too deeply)") from None
    return parse_scenario(data, path.name)
