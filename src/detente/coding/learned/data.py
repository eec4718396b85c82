"""Development data for the learned parts, read into one plain record, and the actor matching
used both to label candidates for training and to score type + source + target.

Sources (all development sets; PETR-2 and wire-test are never read here):
``plv_train.jsonl`` (PLOVER type, source/target strings), ``plover_gsr_cameo.json`` (PLOVER 0.5
type, actor strings), ``cameo_manual_examples.jsonl`` (CAMEO code), the bundled ``wire-dev``
split (codes; its sentences with no event are non-events), and our own non-event sentences
(``evaldata/non_events.txt``: disasters, sports, markets, opinion without an act).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from detente.ontology import lookup

PLV_FILE = "plv_train.jsonl"
GSR_FILE = "plover_gsr_cameo.json"
MANUAL_FILE = "cameo_manual_examples.jsonl"
NON_EVENTS_FILE = "non_events.txt"
#: PLOVER 0.5 / ontology names → the 15 types of the PLV set (YIELD covers CAMEO 08).
TO_PLV = {"DISAPPROVE": "ACCUSE", "DEMAND": "REQUEST", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE",
          "RETREAT": "YIELD", "CONCEDE": "YIELD"}
PLV_TYPES = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE", "PROTEST",
             "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN", "YIELD")


@dataclass
class Example:
    """One development sentence: what the learned parts may be trained on."""

    id: str
    text: str
    relevant: bool
    plover: str | None = None  # one of PLV_TYPES
    root: str | None = None  # CAMEO root "01".."20"
    source: str | None = None  # actor as written (PLV, PLOVER examples) ...
    target: str | None = None
    source_code: str | None = None  # ... or as a CAMEO actor code (wire-dev)
    target_code: str | None = None
    origin: str = ""
    #: a sentence's further gold events (root, source code, target code) where it has several
    #: (wire-dev); training uses the first, threshold choice scores them all as ``eval coder`` does
    more: tuple[tuple[str, str | None, str | None], ...] = ()


def plv_type(name: str | None) -> str | None:
    if not name:
        return None
    name = TO_PLV.get(name, name)
    return name if name in PLV_TYPES else None


def plover_of_code(code: str | None) -> str | None:
    entry = lookup(code) if code else None
    return plv_type(entry.plover_event) if entry else None


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def load_plv(directory: Path) -> list[Example]:
    return [Example(r["id"], r["text"], True, plv_type(r["plover"]), None, r.get("source"), r.get("target"),
                    origin="plv-train") for r in _jsonl(Path(directory) / PLV_FILE)]


def _actor_text(side) -> str | None:
    if isinstance(side, list) and side:
        return side[0].get("actorText")
    return None


def load_gsr(directory: Path) -> list[Example]:
    rows = json.loads((Path(directory) / GSR_FILE).read_text(encoding="utf-8"))
    return [Example(r["id"], r["text"], True, plv_type(r["event"]), None, _actor_text(r.get("source")),
                    _actor_text(r.get("target")), origin="plover")
            for r in rows if r.get("text") and r.get("event") != "DOCUMENT"]


def load_manual(directory: Path) -> list[Example]:
    return [Example(f"cameo-{i}", r["text"], True, plover_of_code(r["code"]), r["code"][:2], origin="cameo-manual")
            for i, r in enumerate(_jsonl(Path(directory) / MANUAL_FILE))]


def load_wire_dev() -> list[Example]:
    from detente.coding.evaluate import load_wire

    out = []
    for g in load_wire("dev"):
        if not g.events:
            out.append(Example(g.id, g.text, False, origin="wire-dev"))
            continue
        e = g.events[0]
        out.append(Example(g.id, g.text, True, plover_of_code(e["code"]), e["code"][:2],
                           source_code=e.get("source"), target_code=e.get("target"), origin="wire-dev",
                           more=tuple((m["code"][:2], m.get("source"), m.get("target")) for m in g.events[1:])))
    return out


def load_non_events() -> list[Example]:
    text = resources.files("detente.evaldata").joinpath(NON_EVENTS_FILE).read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [Example(f"non-event-{i}", ln, False, origin="non-events") for i, ln in enumerate(lines)]


def load_development(directory: Path) -> list[Example]:
    """Every development example, in a fixed order (training is reproducible)."""
    return load_plv(directory) + load_gsr(directory) + load_manual(directory) + load_wire_dev() + load_non_events()


# -- matching actors to gold strings -----------------------------------------------------------
_DROP = frozenset({"the", "a", "an", "'s", "’s"})


def _tokens(text: str) -> list[str]:
    words = re.findall(r"[\w.]+|'s|’s", text.lower())
    return [w.strip(".") for w in words if w not in _DROP and w.strip(".")]


@lru_cache(maxsize=1 << 16)  # pure; threshold choice asks the same pairs hundreds of times
def actor_matches(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted actor string names the gold one. Both are lower-cased and stripped of
    punctuation, articles and possessive 's; they match when one's word sequence contains the
    other's ("Zarif" ~ "Iranian Foreign Minister Mohammad Javad Zarif"), or when their word sets
    overlap with F1 ≥ 0.5 ("the Senate President's aide" ~ "Senate President's aide")."""
    if not predicted or not gold:
        return False
    p, g = _tokens(predicted), _tokens(gold)
    if not p or not g:
        return False
    if _contains(p, g) or _contains(g, p):
        return True
    common = len(set(p) & set(g))
    if not common:
        return False
    prec, rec = common / len(set(p)), common / len(set(g))
    return 2 * prec * rec / (prec + rec) >= 0.5


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return any(big[i:i + n] == small for i in range(len(big) - n + 1))
