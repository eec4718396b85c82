"""What the learned parts see of a parsed sentence: the trigger's dependency features and the
candidate actor mentions with their path to the trigger.

Everything here reads only spaCy ``Span``/``Token`` objects and the actor resolver's public
``ActorMention`` records, so the learned parts do not depend on the rule coder's internals.
A sentence is turned into a plain :class:`SentenceFeatures` record once; the estimators work on
those records, so cross-validation never re-parses.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace

from detente.nlp import span_text
from detente.nlp.table import doc_memo, token_table

#: Verbs that report someone else's act: the event is in their complement clause.
REPORTING = frozenset({"say", "tell", "report", "add", "state", "claim", "note", "announce", "write",
                       "believe", "think", "according"})
#: Entity types that are never actors.
NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "LAW",
                            "LANGUAGE", "WORK_OF_ART", "EVENT"})
ACTOR_HEAD_POS = ("PROPN", "NOUN", "PRON")


@dataclass
class Candidate:
    """One possible actor: a noun phrase of the sentence (character offsets into the sentence)."""

    text: str
    start: int
    end: int
    features: dict[str, float | str]
    mention: object | None = None  # the resolver's ActorMention overlapping it, when one with a code does
    sector: str | None = None  # the sector of any resolver mention overlapping it ("police" → COP)


@dataclass
class SentenceFeatures:
    """The plain record the estimators consume: text, trigger features and candidate actors."""

    text: str
    trigger: dict[str, float | str] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    trigger_text: str = ""
    #: the pattern lexicon's votes for every verb and event noun of the sentence (``votes.py``)
    votes: dict[str, float] = field(default_factory=dict)


def main_trigger(sent):
    """The token carrying the sentence's event: its root, or the complement of a reporting root
    ("X said Y attacked Z" is about the attack). Kept per document (its position: ``Span.root``
    walks the sentence; the votes, the features and the learned events ask it of one sentence
    two or three times; issue 14)."""
    memo = doc_memo(sent.doc, main_trigger, "main_trigger")
    key = (sent.start, sent.end)
    i = memo.get(key)
    if i is None:
        i = memo[key] = _main_trigger(sent).i
    return sent.doc[i]


def _main_trigger(sent):
    root = sent.root
    seen = 0
    while root.lemma_.lower() in REPORTING and seen < 3:
        comp = next((c for c in root.children if c.dep_ in ("ccomp", "xcomp", "advcl") and c.pos_ in ("VERB", "AUX")),
                    None)
        if comp is None:
            break
        root, seen = comp, seen + 1
    return root


def trigger_features(sent, trig) -> dict[str, float | str]:
    """Lemma, verb+object, verb+preposition, negation, passive and xcomp of the trigger."""
    lemma = trig.lemma_.lower()
    f: dict[str, float | str] = {"lemma": lemma, "pos": trig.pos_}
    if sent.root.i != trig.i:
        f["root_lemma"] = sent.root.lemma_.lower()
    for c in trig.children:
        dep = c.dep_
        if dep in ("dobj", "obj", "attr", "acomp", "oprd"):
            f[f"obj={lemma}+{c.lemma_.lower()}"] = 1.0
            f["obj_lemma"] = c.lemma_.lower()
        elif dep == "prep":
            f[f"prep={lemma}+{c.lower_}"] = 1.0
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                f[f"prep_obj={c.lower_}+{obj.lemma_.lower()}"] = 1.0
        elif dep == "prt":
            f[f"prt={lemma}+{c.lower_}"] = 1.0
        elif dep == "neg":
            f["negated"] = 1.0
        elif dep in ("nsubjpass", "auxpass"):
            f["passive"] = 1.0
        elif dep == "xcomp":
            f[f"xcomp={lemma}+{c.lemma_.lower()}"] = 1.0
            f["xcomp_lemma"] = c.lemma_.lower()
            for g in c.children:
                if g.dep_ in ("dobj", "obj"):
                    f[f"xcomp_obj={c.lemma_.lower()}+{g.lemma_.lower()}"] = 1.0
        elif dep == "aux" and c.lower_ in ("will", "would", "could", "may", "might", "should", "must"):
            f["modal"] = 1.0
    if trig.head.i != trig.i and trig.dep_ == "xcomp":
        f[f"governor={trig.head.lemma_.lower()}"] = 1.0
    return f


def _path_at(i: int, trig: int, heads: list[int], dep: list[str], lower: list[str]) -> str:
    """Dependency labels from token ``i``'s head up to the trigger (or the root), at most 4 hops, by
    index from the document's heads, labels and lower-case words."""
    steps: list[str] = []
    cur = i
    for _ in range(4):
        if cur == trig:
            return "/".join(steps) or "self"
        label = dep[cur]
        head = heads[cur]
        if label in ("pobj", "pcomp") and dep[head] in ("prep", "agent"):
            label = f"{dep[head]}:{lower[head]}"
            cur, head = head, heads[head]
        steps.append(label)
        if head == cur:
            break
        cur = head
    return "/".join(steps) + ("" if cur == trig else "@elsewhere")


def doc_chunks(doc) -> list:
    """The document's noun chunks, found once (``Span.noun_chunks`` walks the whole document)."""
    try:
        return sorted(doc.noun_chunks, key=_start)  # in text order already; ``_spans`` relies on it
    except ValueError:  # no parse (a blank pipeline)
        return []


def _start(span) -> int:
    return span.start


def _spans(sent, chunks: list | None = None) -> list[tuple[int, int]]:
    """Token spans of the noun phrases that could be actors: noun chunks, then named entities not
    covered by one (both cut to the sentence)."""
    out: list[tuple[int, int]] = []
    covered: set[int] = set()
    chunks = doc_chunks(sent.doc) if chunks is None else chunks
    # the chunks come in text order: the sentence's are a slice found by bisection, not by a scan
    lo = bisect_left(chunks, sent.start, key=_start)
    hi = bisect_left(chunks, sent.end, lo=lo, key=_start)
    chunks = [ch for ch in chunks[lo:hi] if ch.end <= sent.end]
    for ch in chunks:
        if ch.root.pos_ not in ACTOR_HEAD_POS or ch.root.ent_type_ in NON_ACTOR_ENTS:
            continue
        out.append((ch.start, ch.end))
        covered.update(range(ch.start, ch.end))
    for ent in _sentence_ents(sent):
        if ent.label_ in NON_ACTOR_ENTS or any(i in covered for i in range(ent.start, ent.end)):
            continue
        out.append((ent.start, ent.end))
    return sorted(out)


#: the last document's named entities (one tuple, replaced whole: safe across threads)
_LAST_ENTS: dict[str, tuple] = {}


def _sentence_ents(sent) -> list:
    """``sent.ents`` (the entities wholly inside the sentence, in order) from the document's entities
    found once: ``Span.ents`` builds every entity ``Span`` of the document on each call."""
    doc = sent.doc
    last = _LAST_ENTS.get("doc")
    if last is None or last[0] is not doc:
        last = (doc, list(doc.ents))
        _LAST_ENTS["doc"] = last
    ents = last[1]
    out = []
    for ent in ents[bisect_left(ents, sent.start, key=_start):]:
        if ent.end > sent.end:
            break
        out.append(ent)
    return out


def candidate_actors(sent, trig, mentions=(), chunks: list | None = None) -> list[Candidate]:
    """Noun phrases of the sentence with the features the dyad ranker scores (``chunks``: the
    document's noun chunks, when the caller has them)."""
    doc = sent.doc
    spans = _spans(sent, chunks)
    own = [m for m in mentions if sent.start <= m.start < sent.end]
    for m in own:  # resolved mentions the chunker missed ("Beijing's", a title inside a longer chunk)
        if not any(s <= m.start < e for s, e in spans):
            spans.append((m.start, m.end))
    spans.sort()
    out: list[Candidate] = []
    n = len(spans)
    table = token_table(doc)  # the heads' attributes by index: no Token per attribute or step
    heads, dep, lemma, t = table.head, table.dep, table.lemma, trig.i
    trig_lemma = lemma[t].lower()  # the same for every candidate
    passive = any(c.dep_ == "nsubjpass" for c in trig.children)
    for rank, (s, e) in enumerate(spans):
        span = doc[s:e]
        h = span.root.i
        mention = next((m for m in own if m.start < e and s < m.end and m.code), None)
        typed = mention or next((m for m in own if m.start < e and s < m.end and m.sector), None)
        path = _path_at(h, t, heads, dep, table.lower)
        before = h < t
        f: dict[str, float | str] = {
            "path": path,
            "path1": path.split("/")[0],
            "lemma": lemma[h].lower(),
            "ent": table.ent_type[h] or "none",
            "pos": table.pos[h],
            "side": "before" if before else "after",
            "first": 1.0 if rank == 0 else 0.0,
            "last": 1.0 if rank == n - 1 else 0.0,
            "rank": str(min(rank, 4)),
            "distance": str(min(abs(h - t) // 3, 4)),
            "resolved": mention.kind if mention is not None else "no",
            "sector": (typed.sector or "none") if typed is not None else "no",
            f"path+trigger={path}|{trig_lemma}": 1.0,
            f"side+passive={'before' if before else 'after'}|{passive}": 1.0,
        }
        if dep[h] == "poss":
            f["possessive"] = 1.0
        start = span.start_char - sent.start_char
        text = span_text(span)  # ``span.text``, sliced: spaCy's joins a new Token per word on every call
        out.append(Candidate(text, start, start + len(text), f, mention, typed.sector if typed else None))
    return out


def sentence_features(sent, mentions=(), chunks: list | None = None) -> SentenceFeatures:
    """The record for one spaCy sentence ``Span``; ``mentions`` are the resolver's for its document,
    ``chunks`` its noun chunks (``doc_chunks``; found here when not given)."""
    trig = main_trigger(sent)
    return SentenceFeatures(text=span_text(sent).strip(), trigger=trigger_features(sent, trig),
                            candidates=candidate_actors(sent, trig, mentions, chunks), trigger_text=trig.text)


def with_rules(f: SentenceFeatures, events: list) -> SentenceFeatures:
    """The record with what the rules coded in the sentence added (stacking): the type, root,
    code, trigger and pattern kind of their top event and every type they coded go to the
    classifiers; each candidate learns whether it is the top event's source or target. The
    rules run first in the hybrid anyway, so these features cost nothing at coding time."""
    from detente.coding.evaluate import best_event
    from detente.coding.learned.data import plv_type

    top = best_event(events)
    trigger = dict(f.trigger)
    if top is None:
        trigger["rule_top"] = "none"
        return replace(f, trigger=trigger)
    kind = (top.pattern or "").split(":")[0] if ":" in (top.pattern or "") else "other"
    typ = plv_type(top.plover_event) or "untyped"
    trigger.update({"rule_top": typ, "rule_root": top.cameo_root or "none", "rule_kind": kind,
                    f"rule_top_kind={typ}|{kind}": 1.0, "rule_code": (top.cameo or "")[:3],
                    "rule_trigger": str(top.explanation.get("trigger") or "").lower()})
    for e in events:
        if plv_type(e.plover_event):
            trigger[f"rule_any={plv_type(e.plover_event)}"] = 1.0
    candidates = []
    for c in f.candidates:
        extra = {name: 1.0 for name, actor in (("rule_src", top.source), ("rule_tgt", top.target))
                 if _overlaps(c, actor)}
        candidates.append(replace(c, features={**c.features, **extra}) if extra else c)
    return replace(f, trigger=trigger, candidates=candidates)


def _overlaps(c: Candidate, actor) -> bool:
    return actor is not None and actor.start is not None and c.start < actor.end and actor.start < c.end
