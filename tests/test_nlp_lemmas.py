"""The memo lemmatizer sets exactly spaCy's lemmas (nlp/lemmas.py), and the line-break component the
same sentence starts as a word-by-word walk (nlp/lines.py). All sentences are our own."""

from __future__ import annotations

from spacy.attrs import IDS, SENT_START
from spacy.lang.en.lemmatizer import EnglishLemmatizer

from detente.nlp.lemmas import MemoLemmatizer
from detente.nlp.lines import LineBreaks, dateline_spans, line_starts

TEXTS = [
    "Pyongyang said on Tuesday that it would not give up its weapons, and Washington warned it again.",
    "The envoys were meeting; talks had been stalled by the leaders' best-known rivalries.",
    "Nothing was agreed.  Everyone left.\n\nSomebody who knows said those talks could resume.",
    "Seoul's ministers walked out, walking out again as they'd walked out before.",
    "",
    "Ran.",
]
ATTRS = [IDS[a] for a in ("ORTH", "LEMMA", "POS", "TAG", "MORPH", "DEP", "HEAD", "ENT_TYPE")]


def _with_spacys_lemmatizer(nlp, text: str):
    """``text`` through the pipeline with spaCy's own lemmatizer ``__call__`` in place of the memo's."""
    names = [name for name, _ in nlp.pipeline]
    lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(enable=names[:names.index("lemmatizer")]):
        doc = nlp(text)
    doc = EnglishLemmatizer.__call__(lemmatizer, doc)
    with nlp.select_pipes(enable=names[names.index("lemmatizer") + 1:]):
        return nlp(doc)


def test_the_pipeline_uses_the_memo_and_gets_spacys_lemmas(nlp) -> None:
    assert type(nlp.get_pipe("lemmatizer")) is MemoLemmatizer
    for _ in range(2):  # the second time every lemma comes from the memo
        for text in TEXTS:
            doc, ref = nlp(text), _with_spacys_lemmatizer(nlp, text)
            assert [t.lemma_ for t in doc] == [t.lemma_ for t in ref], text
            assert (doc.to_array(ATTRS) == ref.to_array(ATTRS)).all(), text


def test_the_memo_keys_on_word_part_of_speech_and_morphology(nlp) -> None:
    for _ in range(2):  # then from the memo: one word, two parts of speech, two lemmas
        doc = nlp("We saw the saw.")
        assert [(t.pos_, t.lemma_) for t in doc if t.lower_ == "saw"] == [("VERB", "see"), ("NOUN", "saw")]
    memo = nlp.get_pipe("lemmatizer")._memo
    for t in doc:
        if (t.orth, t.pos, t.morph.key) in memo:
            assert memo[t.orth, t.pos, t.morph.key] == t.lemma


def test_a_lemma_the_attribute_ruler_set_is_kept(nlp) -> None:
    doc = nlp("They ain't leaving, y'all.")
    ref = _with_spacys_lemmatizer(nlp, "They ain't leaving, y'all.")
    assert [t.lemma_ for t in doc] == [t.lemma_ for t in ref]


def _walk(doc, dateline: str):
    """The sentence starts as a word-by-word walk sets them (the component's rule, spelled out)."""
    starts, spans = set(line_starts(doc.text)), dateline_spans(doc.text, dateline)
    for tok in doc[1:]:
        if any(a < tok.idx <= b for a, b in spans):
            tok.is_sent_start = False
        elif tok.idx in starts and not tok.is_space:
            tok.is_sent_start = True
    return doc


def test_line_breaks_set_the_starts_of_a_word_by_word_walk(nlp) -> None:
    dateline = r"[A-Z]{3,}(?:, [A-Z][a-z]+\.? \d{1,2})? [—-] "
    texts = TEXTS + [
        "Talks Resume In Geneva\nGENEVA, March 3 — Envoys met.\n- first point\n- second point\n\n  Photo: envoys",
        "The envoy from Norway met officials of\nSudan in Khartoum on Monday and\nagreed to talk again.\n\nNew part.",
        "HANOI - Leaders met.\n \nHANOI - Again.", "\n", "One\n", "A\nB",
    ]
    component = LineBreaks(dateline)
    for text in texts:
        fast, slow = component(nlp.make_doc(text)), _walk(nlp.make_doc(text), dateline)
        assert fast.to_array([SENT_START]).tolist() == slow.to_array([SENT_START]).tolist(), text
