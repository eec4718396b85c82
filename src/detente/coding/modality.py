"""Event modality from the dependency tree: did it happen, or is it denied, possible, demanded,
planned, or only reported?

``modality_of(trigger, cues)`` walks from the trigger up its chain of governing clauses and collects
cues (cue words in the language data's ``coder/modality.yaml``, read by ``build_cues``):

* on each clause head: modal auxiliaries (will → future, could/might/would → hypothetical,
  should/must → prescriptive), negation, conditional markers (if/whether/unless), an if-clause
  attached to it, sentence adverbs (possibly, reportedly), "according to";
* on the way up: the governing word's own meaning ("refused to X" → X negated, "urged Y to X" →
  prescriptive, "plans to X" → future, "said that X" → reported, "it is possible that X");
* for a nominal trigger: its determiners and modifiers ("no talks", "a possible summit") and the
  verb it is the object or subject of ("cancelled the summit").

Scope: an infinitive (xcomp) inherits everything from its governor; a finite complement clause
(ccomp) does not inherit the governor's negation or future (it has its own tense); an adverbial
clause in the past tense inherits only "reported"; a relative clause inherits nothing.
When several labels apply, PRECEDENCE decides (see docs/time-and-modality.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detente.langdata.source import LanguageDataError
from detente.nlp.tokens import sent_tokens, tok_of

#: Highest first. A modal of obligation or possibility scopes over negation ("should not",
#: "might not" are not denials of a fact); negation beats future ("will not attend" is a denial);
#: any of these beats plain attribution ("officials said X will not attend" → negated).
PRECEDENCE = ("prescriptive", "hypothetical", "negated", "future", "reported", "asserted")

_ALL = frozenset(PRECEDENCE)
_PAST_REPORT_TAGS = {"VBD", "VBN"}


@dataclass
class ModalityResult:
    label: str  # "asserted" | "negated" | "hypothetical" | "prescriptive" | "future" | "reported"
    cues: list[str] = field(default_factory=list)  # the words that decided it


def build_cues(raw: dict) -> dict[str, Any]:
    """The cue lexicons of ``coder/modality.yaml``: lists become sets, governor lists lemma → label
    maps; the one table of modal auxiliaries also gives the sets other rules ask for (``modal_words``,
    ``obligation``, ``future_aux``)."""
    try:
        return _cues(raw)
    except (KeyError, AttributeError, TypeError) as exc:
        raise LanguageDataError(f"coder/modality.yaml: missing or malformed entry {exc}") from None


def _cues(raw: dict) -> dict[str, Any]:
    out: dict[str, Any] = dict(raw)
    modal = {str(k): str(v) for k, v in raw["modal_aux"].items()}
    out["modal_aux"] = modal
    out["backshifted"] = frozenset(raw.get("backshifted", ()))
    out["modal_words"] = frozenset(modal)
    out["obligation"] = frozenset(w for w, label in modal.items() if label == "prescriptive")
    # "said Y would pay dearly": future, and a would under a past reporting verb (future in the past)
    out["future_aux"] = frozenset(w for w, label in modal.items() if label == "future") | out["backshifted"]
    for key in (
        "negating_subjects",
        "negators",
        "negating_determiners",
        "conditional_marks",
        "hypothetical_adverbs",
        "reported_adverbs",
        "imperative_lead",
        "copulas",
        "negating_preps",
        "negating_gerund_preps",
        "condition_marks",
    ):
        out[key] = set(raw[key])
    for key in (
        "governors_infinitive",
        "governors_clause",
        "governors_object",
        "governors_gerund",
        "noun_modifiers",
    ):
        table: dict[str, str] = {}
        for label in PRECEDENCE:  # the earlier (stronger) label wins for a word listed twice
            for word in raw[key].get(label, []):
                table.setdefault(str(word), label)
        out[key] = table
    return out


class _Collector:
    """Labels with their cue words, filtered by what may cross the current clause boundary."""

    def __init__(self, cues: dict[str, Any]) -> None:
        self.cues = cues
        self.found: dict[str, list[str]] = {}
        self.allowed: frozenset[str] = _ALL

    def add(self, label: str | None, cue: str) -> None:
        if label and label in self.allowed:
            self.found.setdefault(label, []).append(cue)

    def narrow(self, keep: set[str] | frozenset[str]) -> None:
        self.allowed = self.allowed & frozenset(keep)


def _local(tok, col: _Collector) -> None:
    """Cues attached directly to one clause head."""
    c = col.cues
    kids = list(tok.children)
    kids += [
        g for ch in kids if ch.dep_ in ("aux", "auxpass") for g in ch.children if g.dep_ in ("aux", "neg")
    ]
    for ch in kids:
        low, dep = ch.lower_, ch.dep_
        if dep in ("aux", "auxpass") and (ch.tag_ == "MD" or low in c["modal_aux"]):
            col.add(c["modal_aux"].get(low) or c["modal_aux"].get(ch.lemma_.lower()), low)
        elif dep == "neg" or (dep in ("advmod", "preconj") and low in c["negators"]):
            col.add("negated", low)
        elif dep == "advmod" and low == "longer" and any(g.lower_ == "no" for g in ch.children):
            col.add("negated", "no longer")
        elif dep == "mark" and low in c["conditional_marks"]:
            col.add("hypothetical", low)
        elif dep == "advmod" and low in c["hypothetical_adverbs"]:
            col.add("hypothetical", low)
        elif dep == "advmod" and low in c["reported_adverbs"]:
            col.add("reported", low)
        elif dep == "prep" and low == "according":
            col.add("reported", "according to")
        elif dep == "advcl" and any(m.dep_ == "mark" and m.lower_ in c["condition_marks"] for m in ch.children):
            col.add("hypothetical", "if-clause")
    if _imperative(tok, c):
        col.add("prescriptive", f"imperative '{tok.text}'")
    if tok.pos_ in ("VERB", "AUX") and (neg := _negative_argument(tok, c)):
        col.add("negated", neg)


def _imperative(tok, c: dict[str, Any]) -> bool:
    """A subject-less base-form verb opening the sentence ("Stop the tests", "Do not provoke ...")."""
    if tok.tag_ != "VB" or tok.dep_ not in ("ROOT", "ccomp", "parataxis", "advcl"):
        return False
    for ch in tok.children:
        if ch.dep_ in ("nsubj", "nsubjpass", "expl", "mark") or (
            ch.dep_.startswith("aux") and ch.lower_ != "do"
        ):
            return False
    lead = [t for t in sent_tokens(tok.sent) if t.i < tok.i and not t.is_punct]
    return all(t.lower_ in c["imperative_lead"] for t in lead)


def _negative_argument(tok, c: dict[str, Any]) -> str | None:
    """A negative argument: "Neither side made ...", "nobody attended", "imposed no sanctions"."""
    for ch in tok.children:
        if ch.dep_ in ("nsubj", "nsubjpass", "dobj"):
            if ch.lower_ in c["negating_subjects"]:
                return ch.lower_
            for det in ch.children:
                if det.dep_ == "det" and det.lower_ in c["negating_determiners"]:
                    return f"{det.lower_} {ch.lower_}"
    return None


def _words_of(gov, c: dict[str, Any]) -> list[str]:
    """The governor's lemma, and for 'be'-predicates their adjectives ("it is possible that")."""
    out = [gov.lemma_.lower(), gov.lower_]
    if gov.lemma_ in c["copulas"]:
        out += [ch.lemma_.lower() for ch in gov.children if ch.dep_ in ("acomp", "attr", "oprd")]
    return out


def _governor(gov, table: str, col: _Collector, skip: set[str] = frozenset()) -> None:
    tab = col.cues[table]
    for w in _words_of(gov, col.cues):
        if w in tab and w not in skip:
            col.add(tab[w], f"{w} ({gov.text})")
            return


def _noun_cues(noun, col: _Collector) -> object | None:
    """Cues on a nominal trigger; returns the verb/adjective it hangs from, if any."""
    c = col.cues
    for ch in noun.children:
        low = ch.lower_
        if ch.dep_ in ("det", "neg") and low in c["negating_determiners"]:
            col.add("negated", low)
        elif ch.dep_ in ("amod", "compound", "nmod") and low in c["noun_modifiers"]:
            col.add(c["noun_modifiers"][low], low)
    cur = noun
    for _ in range(5):
        head = cur.head
        if head.i == cur.i or cur.dep_ not in (
            "prep",
            "dobj",
            "nsubj",
            "nsubjpass",
            "pobj",
            "attr",
            "conj",
            "appos",
            "dative",
        ):
            return None
        if head.dep_ == "prep" or head.pos_ == "ADP":
            if head.lower_ in c["negating_preps"] or (
                head.lower_ == "of" and head.head.lower_ == "instead"
            ):
                col.add("negated", head.lower_)
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            particles = c["negating_particles"].get(head.lemma_.lower(), [])
            if any(ch.dep_ == "prt" and ch.lower_ in particles for ch in head.children):
                col.add("negated", f"{head.lemma_} off/out ({head.text})")
            elif cur.dep_ in ("dobj", "nsubjpass", "nsubj", "attr"):
                _governor(head, "governors_object", col)
            return head
        cur = head
    return None


def _has_to(tok) -> bool:
    return any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children)


def _subject(tok) -> bool:
    return any(ch.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for ch in tok.children)


def modality_of(trigger, cues: dict[str, Any]) -> ModalityResult:
    """The event's modality and the cue words that decided it (see the module docstring);
    ``cues`` is ``LanguageData.modality``."""
    col = _Collector(cues)
    cur = trigger = tok_of(trigger)  # the walk reads plain-Python tokens (nlp/tokens.py)
    if trigger.pos_ in ("NOUN", "PROPN"):
        verb = _noun_cues(trigger, col)
        if verb is None:
            return _decide(col)
        cur = verb
    _local(cur, col)
    for _ in range(12):
        cur = _climb(cur, trigger, col)
        if cur is None:
            break
    return _decide(col)


def _climb(cur, trigger, col: _Collector):
    """One step up from ``cur`` towards the root, collecting the cues of the words passed: the next
    token, or None where the trigger's modality goes no further."""
    if cur.pos_ in ("NOUN", "PROPN") and cur is not trigger:  # "a position to visit", "its plan to visit"
        verb = _noun_cues(cur, col)
        if verb is not None:
            _local(verb, col)
        return verb
    dep, head = cur.dep_, cur.head
    if head.i == cur.i or dep == "ROOT" or (dep == "relcl" and not _has_to(cur)):
        return None
    if dep == "pcomp" and head.dep_ == "prep":
        return _gerund_step(head, col)
    if not _clause_step(cur, dep, head, col):
        return None
    _local(head, col)
    return head


def _clause_step(cur, dep: str, head, col: _Collector) -> bool:
    """Cues of a clause's link to its head (infinitive, reported clause, coordination, adverbial
    clause); False for a link that passes no modality on."""
    if dep == "xcomp" or (dep in ("acl", "relcl", "advcl") and _has_to(cur)):
        if dep == "advcl":  # "travelled to Beijing to meet Xi": a purpose shares its clause's modality
            pass
        elif head.lemma_ in ("have", "be") and any(ch.lower_ == "yet" for ch in head.children):
            col.add("negated", f"{head.lower_} yet to")  # "has yet to lift": not done so far
        else:
            skip = {"be"} if head.lemma_ == "be" and not _has_to(cur) else set()
            _governor(head, "governors_infinitive", col, skip)
    elif dep in ("ccomp", "parataxis", "csubj"):
        _backshift(col, head)
        col.narrow({"hypothetical", "prescriptive", "reported", "negated"} if _denial(head, col.cues) else
                   {"hypothetical", "prescriptive", "reported"})  # fmt: skip
        _governor(head, "governors_clause", col)
    elif dep == "conj":
        if _subject(cur) or _tag_family(cur) != _tag_family(head):
            col.narrow({"reported"})
    elif dep == "advcl":
        past = cur.tag_ in ("VBD",) or any(
            ch.tag_ == "VBD" for ch in cur.children if ch.dep_.startswith("aux")
        )
        col.narrow({"reported"} if past else {"reported", "hypothetical", "prescriptive", "future"})
    else:
        return False
    return True


def _gerund_step(prep, col: _Collector):
    """"refrained from visiting", "interest in visiting", "instead of visiting": the gerund's
    governor, or None when the preposition hangs on nothing."""
    gov = prep.head
    if prep.lower_ in col.cues["negating_gerund_preps"] or gov.lower_ == "instead":
        col.add("negated", prep.lower_)
    else:
        _governor(gov, "governors_gerund", col)
    col.narrow({"reported", "hypothetical", "prescriptive", "future"})
    if gov.i == prep.i:
        return None
    if gov.pos_ in ("VERB", "AUX"):
        _local(gov, col)
    return gov


def _tag_family(tok) -> str:
    """The parser often tags the second of "had not tested or launched" VBD: one past family."""
    return "VBN" if tok.tag_ in ("VBD", "VBN") else tok.tag_


def _denial(head, c: dict[str, Any]) -> bool:
    """"denied that X …", "none of the statements said X …": the clause's negation reaches X."""
    if head.lemma_.lower() == "deny":
        return True
    return any(ch.dep_ in ("nsubj", "nsubjpass") and ch.lower_ in c["negating_subjects"] for ch in head.children)


def _backshift(col: _Collector, head) -> None:
    """Backshift: in "said it would impose", 'would' under a past reporting verb is a future in the past."""
    clause = col.cues["governors_clause"]
    if head.tag_ in _PAST_REPORT_TAGS and head.lemma_.lower() in clause:
        hyp = col.found.get("hypothetical", [])
        shifted = [w for w in hyp if w in col.cues["backshifted"]]
        if shifted and clause[head.lemma_.lower()] == "reported":
            hyp.remove(shifted[0])
            if not hyp:
                col.found.pop("hypothetical")
            col.found.setdefault("future", []).append(f"{shifted[0]} (future in the past)")


def _decide(col: _Collector) -> ModalityResult:
    for label in PRECEDENCE[:-1]:
        if col.found.get(label):
            return ModalityResult(label, list(col.found[label]))
    return ModalityResult("asserted", [])


__all__ = ["ModalityResult", "PRECEDENCE", "build_cues", "modality_of"]
