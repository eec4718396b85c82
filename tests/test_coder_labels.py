"""Third push of issue 3: CAMEO sub-codes for appeals, intentions, demands and rejections read from
what is asked for, and halting military activity as de-escalation (087).

All sentences are our own, written for these tests."""

from __future__ import annotations

import pytest

from detente.coding.coder import EventCoder
from detente.coding.config import CoderConfig
from detente.coding.subcodes import family_code
from detente.langdata import LanguageData
from detente.records import Document


def codes(coder: EventCoder, text: str) -> set[str]:
    _doc, _sentences, events = next(coder.code_documents([Document(id="t", text=text, date="2019-03-01")]))
    return {e.cameo for e in events}


def test_family_table_follows_the_act() -> None:
    t = LanguageData.default().subcodes
    assert family_code(t, "appeal", "072") == "0232"
    assert family_code(t, "demand", "0841") == "1053"
    assert family_code(t, "reject", "040") == "125"
    assert family_code(t, "intent", "0871") == "0356"
    assert family_code(t, "reject", "051") is None  # CAMEO has no "reject diplomatic cooperation"
    assert t.slot_of("999") is None


@pytest.mark.parametrize("text, expected", [
    ("Angola asked Portugal for military aid.", "0232"),
    ("Kenya urged Uganda to release the prisoners.", "0253"),
    ("Iran demanded a meeting with Iraq.", "106"),
    ("Israel refused to lift the curfew in Gaza.", "1241"),
])
def test_subcode_from_content(coder: EventCoder, text: str, expected: str) -> None:
    assert expected in codes(coder, text)


def test_subcodes_switch() -> None:
    assert "020" in codes(EventCoder(config=CoderConfig(subcodes=False)), "Angola asked Portugal for military aid.")


def test_intention_to_yield_is_035(coder: EventCoder) -> None:
    assert "0353" in codes(coder, "Syria agreed to release the Lebanese prisoners.")


def test_halting_drills_is_deescalation(coder: EventCoder) -> None:
    assert "087" in codes(coder, "The United States suspended its military drills with South Korea.")


def test_joint_exercises_are_military_cooperation(coder: EventCoder) -> None:
    text = "French and Egyptian warships launched war games in the Mediterranean."
    assert "062" in codes(coder, text)
    assert "150" in codes(EventCoder(config=CoderConfig(joint_drills=False)), text)


@pytest.mark.parametrize("text, expected", [
    ("Uganda banned opposition candidates from the election.", "1722"),
    ("Five hundred Ugandan rebels surrendered last week.", "0874"),
    ("Israeli soldiers beat Palestinian detainees.", "182"),
    ("Iraq appealed to the U.N. to bring an end to the trade embargo.", "0254"),
])
def test_lexicon_labels(coder: EventCoder, text: str, expected: str) -> None:
    assert expected in codes(coder, text)
