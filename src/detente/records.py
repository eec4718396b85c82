"""Plain records that the pipeline stages pass to each other.

Every stage speaks in these types and never reaches into another stage's internals.
An ``Event`` serialises to the project's one event schema (``Event.to_json``).

The ``Event`` fields are the schema, defined once: ``to_json`` follows their order, and the
store's columns and DDL, the importers' projections and the CSV/Parquet export columns are
derived from them (``store/schema.py``). Field metadata says where a field goes: ``json``
(False: stored, not in the JSON), ``sql`` (a column type other than the one its Python type
gives), ``wide`` (long text: last among the export columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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
    start: int | None = field(default=None, metadata={"json": False})  # character span in the sentence (evidence)
    end: int | None = field(default=None, metadata={"json": False})

    def to_json(self) -> dict[str, Any]:
        return json_fields(self)


def json_fields(record: Any) -> dict[str, Any]:
    """The fields of a record that belong in its JSON, in field order; nested records as their JSON."""
    out: dict[str, Any] = {}
    for f in fields(record):
        if f.metadata.get("json", True):
            value = getattr(record, f.name)
            out[f.name] = value.to_json() if hasattr(value, "to_json") else value
    return out


@dataclass
class Event:
    """One coded (or imported) event, with its evidence."""

    id: str
    doc_id: str | None
    sentence_id: str | None
    sentence: str | None = field(metadata={"wide": True})
    date: str | None
    date_precision: DatePrecision
    date_end: str | None = field(default=None, kw_only=True)
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float | None
    quad_class: int | None = field(metadata={"sql": "TINYINT"})
    plover_event: str | None = None
    plover_mode: str | None = None
    modality: str = "asserted"
    confidence: float = 1.0
    pattern: str | None = None
    origin: str = "coded"
    # character span of the trigger in the sentence
    trigger_start: int | None = field(default=None, metadata={"json": False})
    trigger_end: int | None = field(default=None, metadata={"json": False})
    # how it was coded, for `explain` (stored as JSON text)
    explanation: dict[str, Any] = field(default_factory=dict, metadata={"json": False})

    def to_json(self) -> dict[str, Any]:
        """The project's event schema (one object per line of ``events --format jsonl``)."""
        return json_fields(self)
