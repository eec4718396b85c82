"""Event coding: from parsed sentences, resolved actors and times to coded events."""

from detente.coding.base import CodedDocument, Coder, SentenceOnlyCoder, get_coder

__all__ = ["Coder", "CodedDocument", "SentenceOnlyCoder", "get_coder"]
