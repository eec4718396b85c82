"""Names in imported data sets (people, organisations) → actor codes, through the actor dictionary.

The store's importers take this as a callback (``import_tkg(..., resolve=resolve_names)``), so
the store never loads the language pipeline itself.
"""

from __future__ import annotations


def resolve_names(names: list[str], date: str | None = None) -> dict[str, tuple[str | None, str | None, str | None]]:
    """People and organisations named in a data set → (code, country, sector), via the actor dictionary.

    Names are tokenised in one batch (no tagging or parsing: the dictionary needs only tokens).
    When the dictionary or the pipeline cannot load, every name stays unresolved.
    """
    try:
        from detente.actors import ActorResolver
        from detente.nlp import load_pipeline

        resolver, nlp = ActorResolver(), load_pipeline()
    except Exception:  # a missing or broken dictionary must not stop an import
        return {}
    skip = [p for p in nlp.pipe_names if p != "tok2vec"]
    out: dict[str, tuple[str | None, str | None, str | None]] = {}
    texts = (n.replace("-", " ") for n in names)
    for name, doc in zip(names, nlp.pipe(texts, batch_size=512, disable=skip)):
        # only a mention of the whole name counts: "Latin America" is not "America"
        found = [m for m in resolver.resolve(doc, date) if m.code and m.start == 0 and m.end == len(doc)]
        if found:
            out[name] = (found[0].code, found[0].country, found[0].sector)
    return out
