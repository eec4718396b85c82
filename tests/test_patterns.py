"""The pattern lexicon: loading both data files and matching tokens."""

from __future__ import annotations

import pytest

from detente.coding.patterns import NONE_CODE
from detente.langdata import LanguageData
from detente.nlp import parse


@pytest.fixture(scope="module")
def lex():
    return LanguageData.default().lexicon


def _tok(text: str, word: str):
    doc = next(parse([text]))
    return next(t for t in doc if t.text == word)


def test_lexicon_loads_curated_and_petrarch_rules(lex):
    assert lex.verbs["visit"][0].code == "042"
    assert any(r.origin == "petrarch" for rules in lex.verbs.values() for r in rules)
    assert lex.nouns["visit"].target_preps == ("to",)
    assert "be" not in lex.verbs  # blocked verbs never trigger


def test_yaml_on_off_are_words_not_booleans(lex):
    prts = {r.prt for r in lex.verbs["call"]}
    assert {"on", "off"} <= prts


def test_verb_with_object_rule(lex):
    rule, used = lex.match_verb(_tok("The United States imposed sanctions on Iran.", "imposed"))
    assert rule.code == "163" and used.text == "sanctions"


def test_verb_with_particle_rule(lex):
    rule, _ = lex.match_verb(_tok("China called on Russia to act.", "called"))
    assert rule.code == "020"


def test_rule_that_suppresses_an_event(lex):
    rule, _ = lex.match_verb(_tok("The minister went home.", "went"))
    assert rule is not None and rule.code == NONE_CODE


def test_lemma_fix_for_staged(lex):
    rule, _ = lex.match_verb(_tok("Students staged rallies in the capital.", "staged"))
    assert rule is not None and rule.code.startswith("14")


def test_noun_rule_needs_its_modifier(lex):
    assert lex.match_noun(_tok("The missile test alarmed Japan.", "test")).code == "150"
    assert lex.match_noun(_tok("The test alarmed Japan.", "test")) is None


def test_suspension_of_imports(lex):
    rule = lex.match_noun(_tok("The suspension of coal imports hurt trade.", "suspension"))
    assert rule is not None and rule.code == "163"
