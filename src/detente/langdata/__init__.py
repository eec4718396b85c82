"""Language data: the dictionaries, patterns, word lists and code tables of the coder, the actor
resolver, modality and the ontology, read from one directory (see docs/coder.md)."""

from detente.langdata.source import PACKAGE_DIR, DataSource, LanguageDataError

__all__ = ["PACKAGE_DIR", "DataSource", "LanguageData", "LanguageDataError"]


def __getattr__(name: str):
    # LanguageData imports the loaders of coding/actors/ontology, which import this package's
    # ``source`` module: loaded on first use so that either side may be imported first
    if name == "LanguageData":
        from detente.langdata.language import LanguageData

        return LanguageData
    raise AttributeError(name)
