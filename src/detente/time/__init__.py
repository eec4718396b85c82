"""Time: time expressions → dates and TIMEX3 values, against the document date.

``tag_text`` finds and normalises every time expression of a text (TIMEX3: DATE, TIME,
DURATION, SET); ``resolve_expression`` reads one short string ("late March", "two days
later"); ``resolve_event_time`` finds the expression that belongs to one event in a parsed
sentence. ``TimeData.from_dir`` loads the words they use; ``TimeConfig`` holds the tagger's
settings. See docs/time-and-modality.md for the rules and choices.
"""

from detente.time.attach import resolve_event_time, tense_of
from detente.time.expressions import resolve_expression
from detente.time.lexicon import TimeConfig, TimeData, TimeDataError
from detente.time.model import TimeResolution
from detente.time.tagger import TimexRecord, tag_text

__all__ = [
    "TimeConfig",
    "TimeData",
    "TimeDataError",
    "TimeResolution",
    "TimexRecord",
    "resolve_event_time",
    "resolve_expression",
    "tag_text",
    "tense_of",
]
