"""Negation carried across coordinated verbs (our own sentences)."""

from __future__ import annotations

import pytest

from detente.coding.modality import modality_of
from detente.langdata import LanguageData
from detente.nlp import parse


def labels(text: str) -> dict[str, str]:
    doc = next(iter(parse([text])))
    return {t.text: modality_of(t, LanguageData.default().modality).label for t in doc if t.pos_ == "VERB"}


@pytest.mark.parametrize("text,verbs", [
    ("Pyongyang has neither tested nor launched a missile this year.", ("tested", "launched")),
    ("Seoul did not protest or retaliate.", ("protest", "retaliate")),
    ("The North has not conducted a test or launched a rocket since May.", ("conducted", "launched")),
])
def test_negation_spans_the_coordination(text, verbs):
    got = labels(text)
    assert all(got[v] == "negated" for v in verbs), got


def test_plain_coordination_stays_asserted():
    got = labels("Beijing tested a rocket and launched a satellite.")
    assert got["tested"] == "asserted" and got["launched"] == "asserted"
