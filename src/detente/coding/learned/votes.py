"""Lexicon votes: what the rules' own pattern lexicon says of *every* verb and event noun of a
sentence, as soft features of the type classifier (branch coder-dense, issue 10).

The rules build an event only where a pattern matches *and* the actors resolve and attach; where
they fail (no actor, wrong attachment, a reported clause) their lexicon still knows what the
words mean. Each verb or event noun the lexicon matches (``Lexicon.match_verb`` /
``match_noun``, the rules' first matching pattern) votes for its PLOVER type and CAMEO root,
weighted by 1 / (1 + its distance): the dependency hops up to the main trigger, or, for a word not
under the trigger (the reporting verb above it, another clause), up to the sentence's root. The
trigger's own vote and the nearest vote (the first in the sentence on a tie) are features of
their own. Measured out of fold on plv-train (docs/coder.md,
"coder-dense"): type accuracy 0.788 → 0.808; the relevance gate does not use them (they cost it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from detente.coding.learned.data import plv_type
from detente.coding.learned.features import SentenceFeatures, main_trigger
from detente.coding.patterns import NONE_CODE, Lexicon
from detente.nlp.table import token_table
from detente.nlp.tokens import doc_tokens

#: how far up the tree a vote's distance is counted (further is the same as this far)
MAX_HOPS = 10
#: dependency labels under which an adjective heads a clause the lexicon may know ("was critical of")
ADJ_CLAUSE_DEPS = frozenset({"ROOT", "conj", "xcomp", "ccomp"})
#: the parts of speech a vote can come from (``_code``): any other word is passed over unread
VOTING_POS = frozenset({"VERB", "AUX", "ADJ", "NOUN", "PROPN"})


def _hops(tok, trig) -> int:
    """Dependency hops from ``tok`` up to the trigger (or to the root where the trigger is not above it)."""
    hops = 0
    while tok.i != trig.i and tok.head.i != tok.i and hops < MAX_HOPS:
        tok, hops = tok.head, hops + 1
    return hops


def _code(tok, lexicon: Lexicon, pos: str, dep: str) -> tuple[str | None, str]:
    """The code of the rules' first matching pattern for ``tok`` (its ``pos_`` and ``dep_`` given)
    and its kind (v: verb, n: noun)."""
    if pos in ("VERB", "AUX") or (pos == "ADJ" and dep in ADJ_CLAUSE_DEPS):
        rule, _ = lexicon.match_verb(tok)
        return (rule.code if rule else None), "v"
    if pos in ("NOUN", "PROPN"):
        noun = lexicon.match_noun(tok)
        return (noun.code if noun else None), "n"
    return None, ""


def lexicon_votes(sent, lexicon: Lexicon, type_of: Callable[[str], str | None]) -> dict[str, float]:
    """The sentence's lexicon votes: ``lexv_type=T`` / ``lexv_root=R`` / ``lexv_vtype=T`` (verbs) /
    ``lexv_ntype=T`` (nouns), each summed over the matching words with weight 1 / (1 + distance to
    the trigger); ``lexv_trig=T`` / ``lexv_trigroot=R`` for the trigger's own match,
    ``lexv_near=T`` / ``lexv_nearroot=R`` for the nearest; ``lexv_none`` where no word matches.
    ``type_of`` maps a CAMEO code to its PLV type (None: untyped)."""
    trig = main_trigger(sent)
    votes: dict[str, float] = {}
    nearest: tuple[int, str, str] | None = None
    table = token_table(sent.doc)  # parts of speech from the document's table, then its plain-Python words
    pos, dep, toks = table.pos, table.dep, doc_tokens(sent.doc)
    for i in range(sent.start, sent.end):
        if pos[i] not in VOTING_POS:
            continue
        tok = toks[i]
        code, kind = _code(tok, lexicon, pos[i], dep[i])
        if not code or code == NONE_CODE:
            continue
        root, typ = code[:2], type_of(code) or "untyped"
        hops = _hops(tok, trig)
        weight = 1.0 / (1 + hops)
        for name in (f"lexv_type={typ}", f"lexv_root={root}", f"lexv_{kind}type={typ}"):
            votes[name] = votes.get(name, 0.0) + weight
        if tok.i == trig.i:
            votes[f"lexv_trig={typ}"] = 1.0
            votes[f"lexv_trigroot={root}"] = 1.0
        if nearest is None or hops < nearest[0]:
            nearest = (hops, typ, root)
    if nearest is None:
        votes["lexv_none"] = 1.0
    else:
        votes[f"lexv_near={nearest[1]}"] = 1.0
        votes[f"lexv_nearroot={nearest[2]}"] = 1.0
    return votes


def with_votes(f: SentenceFeatures, sent, lexicon: Lexicon, ontology) -> SentenceFeatures:
    """The record with the sentence's lexicon votes (``SentenceFeatures.votes``); ``ontology``
    gives a code's PLOVER type (``Ontology.lookup``)."""

    def type_of(code: str) -> str | None:
        entry = ontology.lookup(code)
        return plv_type(entry.plover_event) if entry else None

    return replace(f, votes=lexicon_votes(sent, lexicon, type_of))
