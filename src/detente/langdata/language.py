"""``LanguageData``: every dictionary, pattern, word list and code table the coder, the actor
resolver, modality and the ontology read, loaded from one directory.

``LanguageData.from_dir()`` reads the package's directory (``langdata/data``);
``LanguageData.from_dir(path)`` lays a user's directory over it (extend or override: see
``langdata/source.py`` and docs/coder.md). Components receive the object; none of them reads
package files on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from detente.actors.data import Tables, load_tables
from detente.actors.lexicon import Lexicon as AliasLexicon
from detente.coding.modality import build_cues
from detente.coding.patterns import Lexicon, build_lexicon
from detente.coding.subcodes import SubcodeTables, build_subcodes
from detente.langdata.source import DataSource
from detente.langdata.words import Words
from detente.ontology import Ontology

TIME_PACKAGE_DIR = Path(__file__).resolve().parents[1] / "time" / "data"


@dataclass(eq=False)
class LanguageData:
    """The language data of one directory (with the package's under it)."""

    source: DataSource
    lexicon: Lexicon  # verb and noun patterns (coder/patterns.yaml, coder/verbs_base.csv)
    words: Words  # the coder's word lists (coder/words.yaml)
    codes: Words  # the coder's CAMEO code families and remapping tables (coder/codes.yaml)
    modality: dict[str, Any]  # modality cues (coder/modality.yaml)
    subcodes: SubcodeTables  # appeal/intent/demand/reject sub-codes (coder/subcodes.yaml)
    actors: Tables  # actor dictionaries (actors/*.csv)
    actor_words: Words  # the resolver's word lists (actors/words.yaml)
    ontology: Ontology  # CAMEO codes → Goldstein, QuadClass, PLOVER (ontology/cameo_events.csv)
    _aliases: dict[int, AliasLexicon] = field(default_factory=dict, repr=False)

    _default: ClassVar[LanguageData | None] = None

    @classmethod
    def from_dir(cls, path: str | Path | None = None) -> LanguageData:
        """The package's language data, with the user's directory ``path`` laid over it."""
        source = DataSource.at(path)
        words = Words(source.yaml("coder/words.yaml"), "coder/words.yaml")
        return cls(
            source=source,
            lexicon=build_lexicon(source, words.lemma_fixes),
            words=words,
            codes=Words(source.yaml("coder/codes.yaml"), "coder/codes.yaml"),
            modality=build_cues(source.yaml("coder/modality.yaml")),
            subcodes=build_subcodes(source.yaml("coder/subcodes.yaml")),
            actors=load_tables(source),
            actor_words=Words(source.yaml("actors/words.yaml"), "actors/words.yaml"),
            ontology=Ontology(source),
        )

    @classmethod
    def default(cls) -> LanguageData:
        """The package's data, loaded on first use and shared (it is read-only)."""
        if cls._default is None:
            cls._default = cls.from_dir()
        return cls._default

    @property
    def time_dir(self) -> Path:
        """The folder of time words handed to the time module: the user's ``time/`` if present,
        else the package's (the time module owns its format; docs/time-and-modality.md)."""
        user = self.source.user
        if user is not None and (user / "time").is_dir():
            return user / "time"
        return TIME_PACKAGE_DIR

    def alias_lexicon(self, tokenizer) -> AliasLexicon:
        """The actor phrase lexicon, tokenised once per tokenizer."""
        key = id(tokenizer)
        if key not in self._aliases:
            self._aliases[key] = AliasLexicon(self.actors.aliases, tokenizer)
        return self._aliases[key]
