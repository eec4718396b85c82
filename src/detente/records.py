"""Plain records that the pipeline stages pass to each other.

Every stage speaks in these types and never reaches into another stage's internals.
An ``Event`` serialises to the project's one event schema (``Event.to_json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DatePrecision = Literal["day", "month", "year", "document", "unknown"]
Modality = Literal["asserted", "negated", "hypothetical", "prescriptive", "future", "reported"]
MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "prescriptive", "future", "reported")
#: Modalities that count in analyses by default; the others are stored and shown as such.
COUNTED_MODALITIES: tuple[str, ...] = ("asserted", "reported", "future")


@dataclass
class Document:
    """One ingested text with its metadata. ``date`` anchors every relative date in it."""

    id: str
    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD, or None when unknown
    content_hash: str | None = None
    format: str | None = None  # txt | md | html | jsonl


@dataclass
class Sentence:
    doc_id: str
    index: int  # position in the document, 0-based
    text: str
    start: int  # character offsets in Document.text
    end: int

    @property
    def id(self) -> str:
        return f"{self.doc_id}:{self.index}"


@dataclass
class Actor:
    """A resolved actor: ``code`` is a CAMEO actor code (``CHNGOV``), ``country`` ISO alpha-3."""

    text: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    start: int | None = None  # character span in the sentence (evidence)
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "code": self.code, "country": self.country, "sector": self.sector}


@dataclass
class Event:
    """One coded (or imported) event, with its evidence."""

    id: str
    doc_id: str | None
    sentence_id: str | None
    sentence: str | None
    date: str | None
    date_precision: DatePrecision
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float | None
    quad_class: int | None
    plover_event: str | None = None
    plover_mode: str | None = None
    modality: str = "asserted"
    confidence: float = 1.0
    pattern: str | None = None
    origin: str = "coded"
    date_end: str | None = None
    trigger_start: int | None = None  # character span of the trigger in the sentence
    trigger_end: int | None = None
    explanation: dict[str, Any] = field(default_factory=dict)  # how it was coded, for `explain`

    def to_json(self) -> dict[str, Any]:
        """The project's event schema (one object per line of ``events --format jsonl``)."""
        d = {
            "id": self.id,
            "doc_id": self.doc_id,
            "sentence_id": self.sentence_id,
            "sentence": self.sentence,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_end": self.date_end,
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover_event": self.plover_event,
            "plover_mode": self.plover_mode,
            "modality": self.modality,
            "confidence": self.confidence,
            "pattern": self.pattern,
            "origin": self.origin,
        }
        return d

