"""Time: each event's own time expression → a date with precision, against the document date.

``resolve_expression`` reads a short string ("late March", "two days later", "since 2011");
``resolve_event_time`` finds the expression that belongs to one event in a parsed sentence.
See docs/time-and-modality.md for the rules and choices.
"""

from detente.time.attach import resolve_event_time, tense_of
from detente.time.expressions import resolve_expression
from detente.time.model import TimeResolution

__all__ = ["TimeResolution", "resolve_event_time", "resolve_expression", "tense_of"]
