"""``CoderConfig``: the event coder's switches, in one object (no module globals to patch).

Each switch turns one measured rule on or off; docs/coder.md gives the measurements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class CoderConfig:
    #: a reaction with no target in a sentence naming exactly one other country is aimed at it
    sole_other: bool = True
    #: joint exercises of several forces are military cooperation (062), not a show of force
    joint_drills: bool = True
    #: appeals, intentions, demands, rejections take their sub-code from what they ask for
    subcodes: bool = True
    #: PETRARCH's fallback: the first actor after the verb in its clause when no grammatical target
    clause_fallback: bool = True
    #: "will suspend imports from Sunday": a dated coercive measure is the act, not a threat
    scheduled_acts: bool = True
    #: cooperative acts in the future tense are intentions (03x), as the CAMEO codebook says
    future_as_intent: bool = True
    #: bare actor words ("rebels", "police") may act with CAMEO's country-less code (---REB)
    sector_only: bool = True
    #: a visit to another country that happened is also hosted by it (043, host → visitor)
    host_visits: bool = True
    #: a bare state organ acting ("troops", "the army") is the state of the sentence's first country
    sentence_state: bool = True
    #: force with no doer named ("X was killed", "a bomb tore through Y") is kept with source unknown
    agentless_force: bool = True
    #: documents parsed per spaCy batch
    batch_size: int = 16
    #: a user's language-data directory laid over the package's (None: the package's only)
    lang_data: str | None = None
    #: the learned parts beside the rules (coding/learned): events where the rules coded none; where
    #: they did, a confident classifier recodes and the dyad ranker completes their top event
    #: (docs/coder.md, "Learned parts")
    learned: bool = True
    #: with the learned parts on, let them also propose events beside the rules' (learned/pairs.py):
    #: more recall for a little precision; off keeps only the rules' events and their corrections
    proposals: bool = True
    #: with the learned parts on, add a second reading with another CAMEO root beside an event where
    #: the reroot model is sure enough (learned/reroot.py): recall on "label wrong" for some precision
    reroot: bool = True
    #: with the learned parts on, let the takeover arbiter put the learned parts' own reading on top
    #: of the rules' (learned/arbiter.py): +0.016 type + source + target on PLV's top event, but it
    #: needs every learned decision of every sentence and costs about a tenth of the parse's CPU
    #: (coding fell below 0.75 of the parse with it), so it is off unless asked for
    takeover: bool = False

    @classmethod
    def from_dict(cls, values: dict) -> CoderConfig:
        """A config from a mapping (spaCy's component config); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown coder setting(s): {', '.join(unknown)}")
        return cls(**values)

    def to_dict(self) -> dict:
        return asdict(self)
