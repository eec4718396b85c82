"""Coder rules on parses built by hand: what each rule does, whatever the statistical parser says.

All sentences are our own, written for these tests."""

from __future__ import annotations

import pytest

from detente.coding.coder import EventCoder
from detente.records import Document
from hand_parse import hand_parse


def events_of(coder: EventCoder, nlp, rows: str, date: str = "2025-03-01"):
    doc = hand_parse(nlp.vocab, rows)
    _d, _s, events = coder.code_parsed(Document(id="h", text=doc.text, date=date), doc)
    return events


def triples(events) -> set[tuple]:
    return {(e.source.country, e.target.country if e.target else None, e.cameo) for e in events}


SUBJECT_VERB_OBJECT = """
Brazil     PROPN nsubj 2 brazil NNP GPE
condemned  VERB  ROOT  0 condemn
Argentina  PROPN dobj  2 argentina NNP GPE
.          PUNCT punct 2
"""

PASSIVE_WITH_AGENT = """
Chile      PROPN nsubjpass 3 chile NNP GPE
was        AUX   auxpass   3 be VBD
condemned  VERB  ROOT      0 condemn VBN
by         ADP   agent     3
Peru       PROPN pobj      4 peru NNP GPE
.          PUNCT punct     3
"""

FUTURE_AID = """
Norway     PROPN nsubj 3 norway NNP GPE
will       AUX   aux   3 will MD
send       VERB  ROOT  0 send VB
aid        NOUN  dobj  3
to         ADP   dative 3
Sudan      PROPN pobj  5 sudan NNP GPE
.          PUNCT punct 3
"""

APPEAL = """
Egypt      PROPN nsubj 2 egypt NNP GPE
urged      VERB  ROOT  0 urge
Libya      PROPN dobj  2 libya NNP GPE
to         PART  aux   5
release    VERB  xcomp 2 release VB
the        DET   det   7
prisoners  NOUN  dobj  5 prisoner NNS
.          PUNCT punct 2
"""

REFUSED = """
Kenya      PROPN nsubj 2 kenya NNP GPE
refused    VERB  ROOT  0 refuse
to         PART  aux   4
meet       VERB  xcomp 2 meet VB
Uganda     PROPN dobj  4 uganda NNP GPE
.          PUNCT punct 2
"""

TALKS_BETWEEN = """
Talks      NOUN  nsubj 5 talk NNS
between    ADP   prep  1
Russia     PROPN pobj  2 russia NNP GPE
and        CCONJ cc    3
Ukraine    PROPN conj  3 ukraine NNP GPE
resumed    VERB  ROOT  0 resume
.          PUNCT punct 6
"""


@pytest.mark.parametrize("rows, expected", [
    pytest.param(SUBJECT_VERB_OBJECT, {("BRA", "ARG", "111")}, id="subject-verb-object"),
    pytest.param(PASSIVE_WITH_AGENT, {("PER", "CHL", "111")}, id="passive agent acts"),
    pytest.param(FUTURE_AID, {("NOR", "SDN", "033")}, id="future aid is an intention"),
    pytest.param(APPEAL, {("EGY", "LBY", "0253")}, id="urging a release is an appeal for it"),
    pytest.param(REFUSED, {("KEN", "UGA", "125")}, id="refusing to meet rejects talks"),
    pytest.param(TALKS_BETWEEN, {("RUS", "UKR", "046"), ("UKR", "RUS", "046")}, id="talks between go both ways"),
])
def test_rule_on_a_hand_built_parse(coder, nlp, rows, expected):
    found = triples(events_of(coder, nlp, rows))
    assert expected <= found


def test_hand_parse_carries_what_the_rules_read(nlp):
    doc = hand_parse(nlp.vocab, PASSIVE_WITH_AGENT)
    assert [t.dep_ for t in doc][:3] == ["nsubjpass", "auxpass", "ROOT"]
    assert doc[2].lemma_ == "condemn" and doc[0].ent_type_ == "GPE" and doc[2].head.i == 2
    assert len(list(doc.sents)) == 1
