"""Named word lists and code tables read from YAML, as attributes (``words.target_preps``)."""

from __future__ import annotations

from typing import Any

from detente.langdata.source import LanguageDataError


class WordList(tuple):
    """An ordered word list (order matters for priorities) with set-speed membership."""

    def __new__(cls, items=()) -> WordList:
        obj = super().__new__(cls, items)
        obj._set = frozenset(obj)
        return obj

    def __contains__(self, item: object) -> bool:
        return item in self._set

    def __and__(self, other) -> frozenset:
        return self._set & frozenset(other)

    __rand__ = __and__

    def covers(self, text: str) -> bool:
        """Whether ``text`` starts with one of the entries (code prefixes: "15" covers "150")."""
        return text.startswith(tuple(self))


def _word(value: Any) -> Any:
    """YAML 1.1 reads bare on/off/yes/no as booleans: turn them back into words."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return value if isinstance(value, (int, float)) else str(value)


def _value(value: Any) -> Any:
    if isinstance(value, list):
        return WordList(_word(v) for v in value)
    if isinstance(value, dict):
        return {str(_word(k)): _value(v) for k, v in value.items()}
    return value


class Words:
    """The entries of one YAML file; an entry the algorithms ask for and the file lacks is an error."""

    def __init__(self, raw: dict, origin: str) -> None:
        self._origin = origin
        for key, value in raw.items():
            setattr(self, str(key), _value(value))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise LanguageDataError(f"{self._origin}: no entry {name!r}")
