"""``span_text``: the coder's cheap sentence text is spaCy's own ``Span.text``."""

from __future__ import annotations

from detente.nlp import span_text


def test_span_text_equals_spacy_text_for_sentences_and_odd_spans(nlp) -> None:
    texts = ["Seoul said on Monday  that talks would resume.\n\nPyongyang   did not reply.  ",
             "BEIJING (Reuters) -\nChina\u2019s envoy met Kim; the U.S. protested!\tNo comment.",
             "", "   "]
    for doc in nlp.pipe(texts):
        spans = list(doc.sents) + [doc[i:j] for i in range(len(doc)) for j in range(i, min(len(doc), i + 4) + 1)]
        for span in spans:
            assert span_text(span) == span.text
    a, b = nlp("One text here."), nlp("Another, longer text here.")
    assert span_text(a[0:2]) == "One text" and span_text(b[0:2]) == "Another," and span_text(a[1:3]) == "text here"
