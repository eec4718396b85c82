"""The record the resolver hands to the event coder (contract in the developers' notes)."""

from __future__ import annotations

from dataclasses import dataclass

from detente.records import Actor


@dataclass
class ActorMention:
    start: int  # first token index in the spaCy Doc
    end: int  # token index after the mention (exclusive)
    start_char: int  # character offsets in the Doc text
    end_char: int
    text: str
    code: str | None  # CAMEO actor code: "CHN", "CHNGOV", "PRKMIL", "USAGOV", "IGOUNO", ...
    country: str | None  # ISO 3166 alpha-3, or None (international organisations)
    sector: str | None  # "GOV", "MIL", "BUS", "MED", ... or None
    kind: str  # country | capital | demonym | person | title | org | sector | pronoun
    how: str  # one line on how it was resolved (shown by `detente explain`)

    def to_actor(self, offset: int = 0) -> Actor:
        """The evidence-carrying record; ``offset`` makes the span relative to a sentence."""
        return Actor(self.text, self.code, self.country, self.sector,
                     self.start_char - offset, self.end_char - offset)
