"""Event modality from the dependency tree."""

from __future__ import annotations

import pytest

from detente.coding.modality import PRECEDENCE, ModalityResult, modality_of
from detente.langdata import LanguageData


def mod(nlp, text: str, trigger: str) -> ModalityResult:
    tok = next(t for t in nlp(text) if t.text == trigger)
    return modality_of(tok, LanguageData.default().modality)


CASES = [
    # negation
    ("China did not attend the talks.", "attend", "negated"),
    ("Kim never visited Beijing.", "visited", "negated"),
    ("Beijing no longer buys coal from the North.", "buys", "negated"),
    ("Nobody attended the reception.", "attended", "negated"),
    ("Japan imposed no sanctions.", "imposed", "negated"),
    ("There were no talks.", "talks", "negated"),
    ("Trump cancelled the summit.", "summit", "negated"),
    ("Washington called off the exercises.", "exercises", "negated"),
    ("The delegation left without signing the deal.", "signing", "negated"),
    ("Seoul denied that it had shipped oil.", "shipped", "negated"),
    ("Japan has yet to lift its sanctions.", "lift", "negated"),
    # the refusal is an event in its own right; what was refused did not happen
    ("China refused to attend the talks.", "attend", "negated"),
    ("China refused to attend the talks.", "refused", "asserted"),
    # modal verbs and speculation
    ("China could cut off oil.", "cut", "hypothetical"),
    ("Beijing may have supplied fuel.", "supplied", "hypothetical"),
    ("Perhaps Moscow will mediate.", "mediate", "hypothetical"),
    ("It is possible that China will impose sanctions.", "impose", "hypothetical"),
    ("China is likely to retaliate.", "retaliate", "hypothetical"),
    ("Tokyo is considering new sanctions.", "sanctions", "hypothetical"),
    ("A possible summit was discussed.", "summit", "hypothetical"),
    # conditionals
    ("If North Korea tests a missile, China will cut off oil.", "tests", "hypothetical"),
    ("If North Korea tests a missile, China will cut off oil.", "cut", "hypothetical"),
    ("It is unclear whether Kim will visit Seoul.", "visit", "hypothetical"),
    # prescriptive
    ("The United States should impose sanctions.", "impose", "prescriptive"),
    ("Seoul must respond.", "respond", "prescriptive"),
    ("Seoul has to respond.", "respond", "prescriptive"),
    ("Washington called on Beijing to impose sanctions.", "impose", "prescriptive"),
    ("Trump urged Xi to cut off oil.", "cut", "prescriptive"),
    ("Stop the tests.", "Stop", "prescriptive"),
    ("It is time for Washington to open a channel.", "open", "prescriptive"),
    # future
    ("Trump will visit Beijing.", "visit", "future"),
    ("Trump is going to meet Kim.", "meet", "future"),
    ("Xi plans to visit Pyongyang.", "visit", "future"),
    ("Xi is expected to visit Pyongyang.", "visit", "future"),
    ("Xi is to visit Seoul.", "visit", "future"),
    ("Xi's plan to visit Pyongyang was announced.", "visit", "future"),
    ("The upcoming summit will be historic.", "summit", "future"),
    ("Trump said he would meet Kim.", "meet", "future"),  # 'would' under a past 'said': future in the past
    # reported
    ("North Korea fired a missile, officials said.", "fired", "reported"),
    ("Officials said that North Korea fired a missile.", "fired", "reported"),
    ("According to Seoul, the North launched a rocket.", "launched", "reported"),
    ("North Korea reportedly tested an engine.", "tested", "reported"),
    ("Kim is said to have visited Beijing.", "visited", "reported"),
    # gerunds after a preposition, and infinitives hanging from nouns
    ("Xi refrained from visiting North Korea.", "visiting", "negated"),
    ("China stopped short of endorsing the plan.", "endorsing", "negated"),
    ("Kim showed interest in visiting Seoul.", "visiting", "hypothetical"),
    ("China has no plan to visit Seoul.", "visit", "negated"),
    ("China cancelled its plan to visit Seoul.", "visit", "negated"),
    ("Xi would not have been in a position to visit Pyongyang.", "visit", "hypothetical"),
    # a purpose clause shares its clause's modality
    ("Kim travelled to Beijing to meet Xi.", "meet", "asserted"),
    ("China could cut off oil to send a message.", "send", "hypothetical"),
    # asserted
    ("Xi visited Pyongyang.", "visited", "asserted"),
    ("China held talks with the United States.", "talks", "asserted"),
    ("China imposed sanctions after North Korea tested a missile.", "tested", "asserted"),
    ("Trump did not attend but sent a delegation.", "sent", "asserted"),
    ("Officials said that North Korea fired a missile.", "said", "asserted"),
]


@pytest.mark.parametrize("text, trigger, label", CASES)
def test_modality(nlp, text: str, trigger: str, label: str) -> None:
    assert mod(nlp, text, trigger).label == label


@pytest.mark.parametrize(
    "text, trigger, label",
    [
        ("Trump will not attend the summit.", "attend", "negated"),  # negated beats future
        (
            "The United States should not impose sanctions.",
            "impose",
            "prescriptive",
        ),  # prescriptive beats negated
        ("Kim might not attend.", "attend", "hypothetical"),  # hypothetical beats negated
        ("Officials said North Korea did not fire a missile.", "fire", "negated"),  # negated beats reported
        ("Officials said China could cut off oil.", "cut", "hypothetical"),  # hypothetical beats reported
        ("Officials said China will cut off oil.", "cut", "future"),  # future beats reported
        ("Perhaps China will cut off oil.", "cut", "hypothetical"),  # hypothetical beats future
    ],
)
def test_precedence(nlp, text: str, trigger: str, label: str) -> None:
    assert mod(nlp, text, trigger).label == label


def test_scope_negation_does_not_cross_into_a_finite_clause(nlp) -> None:
    assert mod(nlp, "China did not say that it imposed sanctions.", "imposed").label != "negated"


def test_cues_name_the_deciding_words(nlp) -> None:
    assert mod(nlp, "China did not attend the talks.", "attend").cues == ["not"]
    assert "refuse" in mod(nlp, "China refused to attend the talks.", "attend").cues[0]
    assert mod(nlp, "Xi visited Pyongyang.", "visited").cues == []


def test_precedence_lists_every_label_once() -> None:
    assert sorted(PRECEDENCE) == sorted(
        ["asserted", "negated", "hypothetical", "prescriptive", "future", "reported"]
    )
    assert PRECEDENCE[-1] == "asserted"
