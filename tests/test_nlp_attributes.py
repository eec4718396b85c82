"""The attribute ruler's fast match finds exactly spaCy's matches (nlp/attributes.py)."""

from __future__ import annotations

import pytest
from spacy.pipeline.attributeruler import AttributeRuler

from detente.nlp.attributes import FastMatch, speed_up_attribute_ruler

TEXTS = [
    "Pyongyang said on Tuesday that it would not give up its weapons, and Washington warned it again.",
    "There is no deal yet, but there are talks; the envoys ain't gonna stop, y'all. Let's see.",
    "Nothing was agreed.  Everyone left.\n\nSomebody who knows said that those talks could resume.",
    "Got to go: c'm on, gotta run, nuthin' more.",
    "",
]


def _before_ruler(nlp, text: str):
    names = [name for name, _ in nlp.pipeline]
    with nlp.select_pipes(enable=names[:names.index("attribute_ruler")]):
        return nlp(text)


def test_fast_match_is_spacys(nlp) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastMatch(ruler)
    for text in TEXTS:
        doc = _before_ruler(nlp, text)
        assert fast(doc) == AttributeRuler.match(ruler, doc), text


def test_the_pipeline_uses_it_and_sets_the_same_attributes(nlp) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.__dict__.get("match"), FastMatch)
    for text in TEXTS:
        fast_doc = nlp(text)
        doc = _before_ruler(nlp, text)
        AttributeRuler.set_annotations(ruler, doc, AttributeRuler.match(ruler, doc))
        names = [name for name, _ in nlp.pipeline]
        for name in names[names.index("attribute_ruler") + 1:]:
            doc = nlp.get_pipe(name)(doc)
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in fast_doc] == \
            [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_a_pattern_it_does_not_know_keeps_spacys_matcher(nlp) -> None:
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks", "OP": "+"}]], {"POS": "NOUN"})
    assert not speed_up_attribute_ruler(blank)
    assert "match" not in ruler.__dict__
    ruler2 = spacy.blank("en").add_pipe("attribute_ruler")
    ruler2.add([[{"LOWER": {"IN": ["talks", "envoys"]}}, {"IS_SPACE": False}]], {"POS": "NOUN"})
    doc = spacy.blank("en")("the talks and envoys talks")
    assert FastMatch(ruler2)(doc) == AttributeRuler.match(ruler2, doc)


def test_annotations_other_than_token_columns_are_left_to_spacy() -> None:
    import spacy
    from spacy.tokens import Token

    from detente.nlp.attributes import FastAnnotations

    Token.set_extension("detente_test_flag", default=False, force=True)
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks"}]], {"POS": "NOUN", "LEMMA": "talk", "MORPH": "Number=Plur"})
    ruler.add([[{"LOWER": "envoys"}]], {"_": {"detente_test_flag": True}})
    ruler.add([[{"LOWER": "the"}, {"LOWER": "talks"}]], {"TAG": "NNS"}, index=-1)
    assert speed_up_attribute_ruler(nlp)
    assert isinstance(ruler.__dict__.get("set_annotations"), FastAnnotations)
    for text in ("the talks resumed", "the envoys and the talks", ""):
        fast, slow = nlp(text), nlp.make_doc(text)
        AttributeRuler.set_annotations(ruler, slow, AttributeRuler.match(ruler, slow))
        assert [(t.pos_, t.tag_, t.lemma_, str(t.morph), t._.detente_test_flag) for t in fast] == \
            [(t.pos_, t.tag_, t.lemma_, str(t.morph), t._.detente_test_flag) for t in slow]
    assert [t._.detente_test_flag for t in nlp("the envoys")] == [False, True]
    bad = spacy.blank("en").add_pipe("attribute_ruler")
    bad.add([[{"LOWER": "talks"}]], {"POS": "NOUN"}, index=2)  # outside the match: spaCy's error
    doc = spacy.blank("en")("talks")
    with pytest.raises(ValueError):
        FastAnnotations(bad)(doc, AttributeRuler.match(bad, doc))
