"""The coder as a spaCy pipeline component: ``nlp.add_pipe("detente_coder")``.

Any English pipeline with a parser and NER can code events (the factory is registered through
the ``spacy_factories`` entry point, so no import is needed once detente is installed)::

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("detente_coder", config={"lang_data": "my-lang"})
    doc = nlp("China condemned the missile test.")
    doc._.events  # list[detente.records.Event]

Set ``doc._.detente_date`` (ISO date) before the component runs to anchor relative dates and roles
(with ``nlp.pipe`` use ``as_tuples`` and set it in between, or call the component yourself).
"""

from __future__ import annotations

from dataclasses import fields

from spacy.language import Language

from detente.coding.coder import EventCoder
from detente.coding.config import CoderConfig

DEFAULT_CONFIG = {f.name: f.default for f in fields(CoderConfig)}


@Language.factory("detente_coder", default_config=DEFAULT_CONFIG)
def make_coder(nlp: Language, name: str, sole_other: bool, joint_drills: bool, subcodes: bool,
               clause_fallback: bool, scheduled_acts: bool, future_as_intent: bool, sector_only: bool,
               batch_size: int, lang_data: str | None, learned: bool = True, host_visits: bool = True,
               agentless_force: bool = True, proposals: bool = True, reroot: bool = True,
               takeover: bool = False, sentence_state: bool = True):
    """An ``EventCoder`` with the component's settings, sharing the pipeline's tokenizer (wrapped in
    the ``HybridCoder`` when the learned parts are on)."""
    config = CoderConfig(sole_other=sole_other, joint_drills=joint_drills, subcodes=subcodes,
                         clause_fallback=clause_fallback, scheduled_acts=scheduled_acts,
                         future_as_intent=future_as_intent, sector_only=sector_only,
                         batch_size=batch_size, lang_data=lang_data, learned=learned, host_visits=host_visits,
                         agentless_force=agentless_force, proposals=proposals, reroot=reroot,
                         takeover=takeover, sentence_state=sentence_state)
    if learned:
        from detente.coding.learned import HybridCoder

        return HybridCoder(config=config, tokenizer=nlp.tokenizer)
    return EventCoder(config=config, tokenizer=nlp.tokenizer)
