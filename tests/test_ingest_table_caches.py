"""The rule side's per-document and per-data caches give what the uncached code gives."""

from __future__ import annotations

import pytest

from detente.actors import ActorResolver
from detente.nlp import table as table_module
from detente.nlp.table import token_table
from detente.time import attach
from detente.time.expressions import resolve_point
from detente.time.lexicon import TimeData
from detente.time.model import using

TEXT = ("SEOUL, May 2 (Wire) -- The South Korean foreign minister met the Chinese ambassador in Seoul on "
        "Monday, two days after the North fired a missile; the U.S. State Department and the UN Security "
        "Council condemned the launch. Pro-Russian rebels and a Norwegian-brokered truce were not discussed.")


class _Everything:
    """A prefix set that holds every prefix: the lexicon tries every alias length, as before."""

    def __contains__(self, item) -> bool:
        return True


def test_lexicon_prefix_skip_finds_the_same_matches(nlp) -> None:
    lexicon = ActorResolver().lexicon
    doc = nlp(TEXT)
    found = lexicon.matches(doc)
    real = lexicon.prefixes
    try:
        lexicon.prefixes = _Everything()  # type: ignore[assignment]
        assert lexicon.matches(doc) == found
    finally:
        lexicon.prefixes = real
    assert any(doc[m.start:m.end].text == "South Korean" for m in found)


def test_mention_offsets_and_text_come_from_the_table(nlp) -> None:
    doc = nlp(TEXT)
    for m in ActorResolver().resolve(doc, "2018-05-02"):
        span = doc[m.start:m.end]
        assert (m.start_char, m.end_char, m.text) == (span.start_char, span.end_char, span.text)


def test_table_strings_survive_a_cleared_shared_dict(nlp) -> None:
    doc = nlp(TEXT)
    first = token_table(doc)
    table_module._NAMES.clear()
    table_module._NAMES[0] = ""
    again = table_module._build(doc)
    assert (again.text, again.lower, again.lemma, again.dep) == (first.text, first.lower, first.lemma, first.dep)


def test_resolved_points_are_copies_of_one_resolution() -> None:
    first = attach._resolve_point("on Monday", "2018-05-02", "past", None, None)
    assert first == resolve_point("on Monday", "2018-05-02", "past")
    first.reason = "changed by a caller"
    again = attach._resolve_point("on Monday", "2018-05-02", "past", None, None)
    assert again is not first and again == resolve_point("on Monday", "2018-05-02", "past")


def test_date_candidates_are_kept_per_document_and_time_data(nlp) -> None:
    doc = nlp(TEXT)
    sent = next(doc.sents)
    found = attach.candidates(sent)
    assert attach.candidates(sent) is found  # kept with the document's table
    other = TimeData.from_dir(None)
    with using(other):
        assert attach.candidates(sent) is not found  # another time data: worked out again
    assert [c.text for c in found] == [c.text for c in attach._build(sent, [
        (e.start, e.end) for e in doc.ents if e.label_ in ("DATE", "TIME") and sent.start <= e.start < sent.end])]


@pytest.mark.parametrize("text", [TEXT, "Kim said nothing."])
def test_events_do_not_depend_on_what_was_cached(coder, text: str) -> None:
    from detente.records import Document

    docs = [Document(id="a", text=text, date="2018-05-02")]
    first = [e.to_json() for _, _, events in coder.code_documents(docs) for e in events]
    table_module._NAMES.clear()
    table_module._NAMES[0] = ""
    assert [e.to_json() for _, _, events in coder.code_documents(docs) for e in events] == first
