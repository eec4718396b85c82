"""The time module's language data, loaded from one directory, and its settings.

``TimeData.from_dir(path)`` reads ``time_words.yaml`` (the event dater's words) and
``timex.yaml`` (the TIMEX3 tagger's words) from ``path``; with no path, the package's own
``detente/time/data``. A user's directory may hold either file, or both: a file it lacks comes
from the package; in a file it has, a mapping extends the package's mapping of the same key
(the user's entries win) and a list replaces the package's list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import yaml

FILES = ("time_words.yaml", "timex.yaml")


def _package_text(name: str) -> str:
    return resources.files("detente.time").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _load(text: str):
    """YAML through libyaml when it is there (five times faster), else the pure-Python reader."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class TimeDataError(ValueError):
    """A time data file that cannot be read (the message names the file)."""


@dataclass
class TimeData:
    """Every word list the time module uses: ``words`` (event dater) and ``timex`` (tagger)."""

    words: dict[str, Any]
    timex: dict[str, Any]
    source: str = "package"
    _sets: dict[str, frozenset] = field(default_factory=dict, repr=False, compare=False)
    #: expressions already resolved with no anchor (``time.attach``): (text, document date, tense,
    #: context year) → the ``Point`` or None; the words above decide them, so they live with the words
    points: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)
    _default: ClassVar[TimeData | None] = None

    def word_set(self, key: str) -> frozenset:
        """A word list of ``time_words.yaml`` as a set (built once per list)."""
        if key not in self._sets:
            self._sets[key] = frozenset(self.words[key])
        return self._sets[key]

    def any_of(self, *keys: str) -> frozenset:
        """The words of several lists as one set (built once per combination): a cheap first test."""
        name = "|".join(keys)
        if name not in self._sets:
            self._sets[name] = frozenset().union(*(self.word_set(k) for k in keys))
        return self._sets[name]

    @classmethod
    def from_dir(cls, path: str | Path | None = None) -> TimeData:
        """Load the data from a directory (missing files and keys come from the package)."""
        parts: dict[str, dict[str, Any]] = {}
        for name in FILES:
            data = _load(_package_text(name)) or {}
            if path is not None:
                own = Path(path) / name
                if own.is_file():
                    try:
                        extra = _load(own.read_text(encoding="utf-8")) or {}
                    except (OSError, yaml.YAMLError) as exc:
                        raise TimeDataError(f"{own}: cannot read time data ({exc.__class__.__name__})") from exc
                    if not isinstance(extra, dict):
                        raise TimeDataError(f"{own}: expected a mapping of word lists")
                    for key, value in extra.items():
                        if isinstance(value, dict) and isinstance(data.get(key), dict):
                            data[key] = {**data[key], **value}  # a mapping extends the package's
                        else:
                            data[key] = value  # a list or value replaces it
            parts[name] = data
        return cls(parts["time_words.yaml"], parts["timex.yaml"], str(path) if path else "package")

    @cached_property
    def rules(self) -> list:
        """The tagger's compiled grammar for these words (built on first use)."""
        from detente.time.grammar import build_rules

        return build_rules(self)

    @classmethod
    def default(cls) -> TimeData:
        """The package's data, read on first use and shared (pass your own to override)."""
        if cls._default is None:
            cls._default = cls.from_dir(None)
        return cls._default


@dataclass
class TimeConfig:
    """Settings of the TIMEX3 tagger.

    ``tense_window``: how many characters around an expression the tense cues are looked for
    (within its sentence); ``right_weight``: how much farther a cue after the expression counts
    than one before it (the governing verb usually comes first). ``default_tense``: the tense assumed when no cue is found (news
    reports mostly what has happened). ``types``: which TIMEX3 types to emit.
    ``day_parts_in_value``: write "Friday night" as 2018-06-15TNI rather than 2018-06-15 (news
    annotation does both; the plain date is the more common). ``quarter_window``: how near (in
    characters) a named quarter must be for "a year earlier" to mean that quarter a year before;
    ``anchor_window``: how near the date named last must be for "that day", "the next day" or a
    bare "10 p.m." to count from it rather than from the document date; ``tense_slack_days``:
    how far past the document date a bare month or day may lie and still be this year's in a
    past-tense sentence (and before it, next year's in a future one).
    """

    tense_window: int = 90
    right_weight: float = 2.0
    default_tense: str = "past"
    types: tuple[str, ...] = ("DATE", "TIME", "DURATION", "SET")
    day_parts_in_value: bool = False
    quarter_window: int = 1000
    anchor_window: int = 1000
    tense_slack_days: int = 62
