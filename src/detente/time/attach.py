"""Which time expression belongs to an event, and the verb tense that dates bare months.

Works on the spaCy tokens the coder already has (no re-parsing). A date belongs to the clause
whose head it first reaches going up the dependency tree; gerund clauses under a preposition
("since taking power in 2011") are see-through. The event's own clause comes first, then the
verbs that govern a nominal trigger or an infinitive ("held talks last week", "refused last
week to attend"), never a date in another finite clause of the same sentence.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from detente.nlp import span_text
from detente.nlp.table import token_table
from detente.nlp.tokens import doc_tokens, tok_of
from detente.time.expressions import Point, normalise, resolve_point, to_resolution
from detente.time.lexicon import TimeData
from detente.time.model import TimeResolution, active_data, parse_iso, using, words

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _set(key: str) -> frozenset[str]:
    """A word list of the event dater's data (``time_words.yaml``) as a set."""
    return active_data().word_set(key)


@dataclass
class Candidate:
    """One time expression of a sentence, with its way up the tree (independent of any trigger)."""

    tokens: tuple[int, int]  # token span (start, end) in the Doc
    root: object  # the span's syntactic root (an ``nlp.tokens.Tok``)
    text: str  # the expression's own words, with a preposition just before it ("in March")
    path: list[int]  # token indices from the root up to its clause head (inclusive)
    span_preps: list[tuple[int, str]]  # (position in path, "since"/"from"/...) met on the way up
    base: str = ""  # the expression's own words only
    relational: int | None = None  # path position of "before/after" governing a reference event

    def owner_for(self, trigger_i: int) -> tuple[int | None, str]:
        """The clause head (or the trigger itself, if on the way) and the expression text to resolve."""
        try:
            pos = self.path.index(trigger_i)
        except ValueError:
            pos = len(self.path) - 1
        if self.relational is not None and pos >= self.relational:
            return None, self.text  # the date of a reference event, not of this one
        prep = next((w for k, w in self.span_preps if k <= pos), None)
        if prep and self.base.split()[0].lower() != prep:
            return self.path[pos], f"{prep} {self.base}"
        return self.path[pos], self.text


def _is_clause_head(tok) -> bool:
    if tok.dep_ == "ROOT":
        return True
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ not in _set("clause_deps"):
        return False
    # a gerund inside a prepositional phrase ("since taking power") is see-through
    return not (tok.dep_ == "pcomp" and tok.tag_ == "VBG")


def _climb(root) -> tuple[list[int], list[tuple[int, str]], int | None]:
    """From a date up to its clause head, noting span prepositions ("since", "from") on the way,
    and where the date stops being a time and becomes a reference event: "before [the test in
    September]" dates the test, not the verb above it."""
    path: list[int] = []
    preps: list[tuple[int, str]] = []
    relational = None
    noun_seen = False
    cur = root
    for _ in range(40):
        if cur.dep_ == "prep" and cur.lower_ in _set("span_prepositions"):
            preps.append((len(path), cur.lower_))
        if relational is None and noun_seen and cur.lower_ in _set("relational"):
            relational = len(path)
        if cur is not root and cur.pos_ in ("NOUN", "PROPN") and cur.ent_type_ not in ("DATE", "TIME"):
            noun_seen = True
        path.append(cur.i)
        if (cur is not root and _is_clause_head(cur)) or cur.head.i == cur.i:
            break
        cur = cur.head
    return path, preps, relational


#: the word lists ``_fallback_token`` accepts a token from by its spelling alone
_SPELLED = ("months", "weekdays", "fallback_words", "seasons")


def _may_be_fallback(table, i: int, spelled) -> bool:
    """``_fallback_token``'s first test, read from the token table: most tokens stop here."""
    return table.lower[i] in spelled or table.tag[i] == "CD" or table.pos[i] == "NOUN"


def _fallback_token(tok) -> bool:
    """A stray month, weekday, season, period or year word; only for tokens ``_may_be_fallback``
    let through (every test below needs one of its spellings, a CD tag or a NOUN)."""
    low = tok.lower_
    data = active_data()
    w = data.words
    if low in w["months"] and tok.tag_ == "NNP" and (len(low) > 4 or low in data.word_set("short_full_months")):
        return True
    if low in w["weekdays"] and tok.tag_ == "NNP" and len(low) > 5:
        return True
    if low in data.word_set("fallback_words") or low in w["seasons"]:
        return True
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in data.word_set("period_nouns"):
        return any(ch.lower_ in data.word_set("period_marks") for ch in tok.children)
    return tok.tag_ == "CD" and bool(_YEAR.fullmatch(tok.text))


def candidates(sent) -> list[Candidate]:
    """Every time expression in the sentence (DATE/TIME entities, then stray month/year words),
    computed once per sentence (and time data) and reused for every trigger in it: kept with the
    document's token table (``TokenTable.memo``) while the document lives."""
    doc = sent.doc
    memo = token_table(doc).memo
    ents = memo.get("time.ents")
    if ents is None:
        ents = memo["time.ents"] = [(e.start, e.end) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    data = active_data()
    key = ("time.candidates", id(data), sent.start, sent.end)
    kept = memo.get(key)
    if kept is None or kept[0] is not data:  # the data object too: an id may be reused
        kept = memo[key] = (data, _build(sent, [r for r in ents if sent.start <= r[0] < sent.end]))
    return kept[1]


def _build(sent, spans: list[tuple[int, int]]) -> list[Candidate]:
    covered = {i for s, e in spans for i in range(s, e)}
    doc = sent.doc
    table, toks = token_table(doc), doc_tokens(doc)
    spelled = active_data().any_of(*_SPELLED)
    for i in range(sent.start, sent.end):
        if i in covered or not _may_be_fallback(table, i, spelled):
            continue
        tok = toks[i]
        if _fallback_token(tok):
            sub = [t.i for t in tok.subtree]
            s, e = (min(sub), max(sub) + 1) if len(sub) <= 5 and tok.pos_ != "VERB" else (tok.i, tok.i + 1)
            if not covered.intersection(range(s, e)):
                spans.append((s, e))
                covered.update(range(s, e))
    out = []
    for s, e in _merge_ranges(table.lower, sorted(spans)):
        span = doc[s:e]
        text = base = span_text(span)  # ``span.text``, sliced from the document's text once
        if table.lower[s] not in words()["prepositions"] and s > sent.start and table.dep[s - 1] == "prep":
            text = f"{table.lower[s - 1]} {text}"
        root = toks[span.root.i]
        path, preps, relational = _climb(root)
        out.append(Candidate((s, e), root, text, path, preps, base, relational))
    return out


def _merge_ranges(lower: list[str], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join "between March 2018 | and | June 2019" (two entities) into one range expression;
    ``lower``: the document's lower-case words."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            openers = _set("range_openers")
            opener = lower[ps] if lower[ps] in openers else (lower[ps - 1] if ps > 0 else "")
            if opener in openers and s - pe == 1 and lower[pe] in _set("range_joiners"):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def scope(trigger) -> list:
    """The event's clause heads, nearest first: the trigger, the verb governing a nominal
    trigger, infinitive governors ("refused ... to attend"), the first conjunct of a
    subject-less conjunct, and the trigger's own infinitive complements."""
    heads = [trigger]
    cur = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        for _ in range(6):
            if cur.dep_ not in _set("noun_up_deps") or cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                heads.append(cur)
                break
    for _ in range(4):
        if cur.pos_ not in ("VERB", "AUX") or cur.head.i == cur.i:
            break
        if cur.dep_ == "xcomp" or (
            cur.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in cur.children)
        ):
            cur = cur.head
            heads.append(cur)
        else:
            break
    heads.extend(c for c in trigger.children if c.dep_ == "xcomp")
    # "the last leader to visit X was Hu in 2005": an infinitive describing the subject of "be"
    # takes the copula's date
    if (cur.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
            and cur.head.dep_ in ("nsubj", "attr") and cur.head.head.lemma_ == "be"):
        heads.append(cur.head.head)
    # a narrative conjunct with its own subject and the same tense ("talks broke down in February,
    # and Kim returned home"): the first conjunct's date, last of all
    if cur.dep_ == "conj" and cur.head.tag_ == cur.tag_ == "VBD" and cur.head not in heads:
        heads.append(cur.head)
    return heads


def tense_of(trigger) -> str | None:
    """The event's tense, "past" | "present" | "future" | None, from its verb or governing verb."""
    verb = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        mods = {c.lower_ for c in trigger.children if c.dep_ in ("amod", "compound")}
        if mods & _set("future_modifiers"):
            return "future"
        heads = scope(trigger)
        if len(heads) < 2:
            return None
        verb = heads[1]
    return _verb_tense(verb, 0)


def _verb_tense(verb, depth: int) -> str | None:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in aux}
    if aux_words & _set("future_auxiliaries"):
        return "future"
    if "going" in aux_words or verb.lemma_ in ("go",) and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    if any(a.tag_ == "MD" for a in aux):
        return None  # would/could/might/should: no direction
    if verb.tag_ == "VB" and "to" in aux_words and verb.dep_ in ("xcomp", "acl") and depth < 4:
        gov = verb.head
        if gov.lemma_.lower() in words()["future_governors"] or gov.lower_ == "is" or gov.lower_ == "are":
            return "future"
        return _verb_tense(gov, depth + 1)
    if verb.tag_ == "VBD" or any(a.tag_ in ("VBD",) for a in aux):
        return "past"
    if verb.tag_ == "VBN" and aux_words & _set("perfect_auxiliaries"):
        return "past"
    if verb.tag_ == "VBN" and not aux:
        return "past"  # a bare participle reports a completed act: "a deadline agreed in December"
    if verb.tag_ == "VBG" and not aux and verb.dep_ in ("pcomp", "advcl", "acl", "xcomp") and depth < 4:
        return _verb_tense(verb.head, depth + 1)  # "after hosting Kim": the tense of the main clause
    if verb.tag_ in ("VBZ", "VBP", "VBG"):
        return "present"
    if verb.tag_ == "VB" and aux_words & _set("do_auxiliaries"):
        return "present"
    return None


def _is_anchored(text: str) -> bool:
    """Whether an expression counts from an anchor date ("two days later", "that day")."""
    return _cue_pattern(_set("anchored_cues")).search(text.lower()) is not None


@lru_cache(maxsize=8)
def _cue_pattern(cues: frozenset[str]) -> re.Pattern[str]:
    """One regular expression for a word list, longest cue first (compiled once per list)."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(cues, key=len, reverse=True))) + r")\b")


def _anchor(cands: list[Candidate], before: int, doc_date, tense) -> Point | None:
    """The latest calendar date earlier in the sentence, for "two days later"."""
    for c in reversed(cands):
        if c.tokens[0] >= before:
            continue
        norm = normalise(c.text)
        if _YEAR.search(norm) or any(w in words()["months"] for w in norm.split()):
            p = _resolve_point(c.text, doc_date, tense, None, None)
            if p:
                return p
    return None


def _resolve_point(text: str, doc_date: str | None, tense: str | None, context_year: int | None,
                   anchor: Point | None) -> Point | None:
    """``resolve_point``, each expression resolved once per document date, tense and time data (the
    triggers of a sentence share its dates): a copy of the kept ``Point``, which callers may change."""
    if anchor is not None:
        return resolve_point(text, doc_date, tense, context_year=context_year, anchor=anchor)
    points = active_data().points
    key = (text, doc_date, tense, context_year)
    p = points.get(key, _UNSEEN)  # one look-up: another thread may clear the memo in between
    if p is _UNSEEN:
        if len(points) > 20000:  # a long ingest meets every date once: keep the memo bounded
            points.clear()
        p = points[key] = resolve_point(text, doc_date, tense, context_year=context_year)
    return None if p is None else copy(p)


_UNSEEN: Any = object()


def _names_another_thing(root, trigger) -> bool:
    """A date that modifies some other noun ("suspended the August exercises", "the 2018 Olympics")
    dates that thing, not this event (unless the noun is the trigger: "the June 12 summit")."""
    head = root.head
    return (
        root.dep_ in ("compound", "amod", "nmod", "poss", "nummod")
        and head.pos_ in ("NOUN", "PROPN")
        and head.i != trigger.i
        and head.lemma_.lower() not in _set("period_nouns") | _set("day_part_nouns")
        and head.ent_type_ not in ("DATE", "TIME")
    )


def _measures_a_record(cand, text: str, sent) -> bool:
    """"the first trip since 2011" dates the record, not the event: a since-span after an ordinal
    or superlative in the same sentence is not the event's time."""
    if not text.lower().startswith("since"):
        return False
    start, table, record = cand.tokens[0], token_table(sent.doc), _set("record_words")
    return any(table.lower[i] in record and table.dep[i] == "amod" for i in range(sent.start, min(start, sent.end)))


def resolve_event_time(sent, trigger, doc_date: str | None, *, data: TimeData | None = None) -> TimeResolution:
    """The event's date: its own time expression resolved against the document date.

    With no expression of its own, the document date at precision "document" (or, with no
    document date either, date None at precision "unknown"). ``data``: the language data
    (default: the package's, or the data of an enclosing ``using``).
    """
    with using(data):
        return _resolve_event_time(sent, trigger, doc_date)


def _resolve_event_time(sent, trigger, doc_date: str | None) -> TimeResolution:
    trigger = tok_of(trigger)  # the walks read plain-Python tokens (nlp/tokens.py)
    toks = doc_tokens(sent.doc)
    heads = scope(trigger)
    rank = {h.i: k for k, h in enumerate(heads)}
    cands = candidates(sent)
    mine = []
    for c in cands:
        owner, text = c.owner_for(trigger.i)
        if owner in rank and not _names_another_thing(c.root, trigger) and not _measures_a_record(c, text, sent):
            mine.append((c, owner, text))
    if mine:
        tense = tense_of(trigger)
        years = [
            int(m[0]) for _, _, t in mine for m in [_YEAR.search(t)] if m and not re.search(r"\d{4}s", t)
        ]
        context_year = years[0] if len(set(years)) == 1 else None
        best: tuple | None = None
        for c, owner, text in mine:
            # an expression on a governing verb takes that verb's tense ("on Saturday they agreed to
            # resume talks": the agreeing is past even though the resuming is to come)
            own_tense = tense
            if rank[owner] > 0 and toks[owner].pos_ in ("VERB", "AUX"):
                own_tense = _verb_tense(toks[owner], 0) or tense
            anchor = _anchor(cands, c.tokens[0], doc_date, own_tense) if _is_anchored(text) else None
            p = _resolve_point(text, doc_date, own_tense, None if _YEAR.search(text) else context_year, anchor)
            if p is None:
                continue
            key = (rank[owner], ("day", "month", "year").index(p.precision), abs(c.root.i - trigger.i))
            if best is None or key < best[0]:
                best = (key, owner, text, p)
        if best:
            _, owner, text, p = best
            res = to_resolution(p, text)
            where = "its own clause" if rank[owner] == 0 else f"the governing '{toks[owner].text}'"
            res.reason = f"'{text}' in {where}: {p.reason}"
            return res
        if doc_date is None or parse_iso(doc_date) is None:
            texts = ", ".join(t for _, _, t in mine)
            return TimeResolution(
                None, "unknown", None, texts, "a time expression but no document date to anchor it"
            )
    if doc_date and parse_iso(doc_date):
        return TimeResolution(
            doc_date[:10], "document", None, None, "no time expression of its own: the document date"
        )
    return TimeResolution(None, "unknown", None, None, "no time expression and no document date")


__all__ = ["resolve_event_time", "tense_of", "scope", "candidates", "normalise"]
