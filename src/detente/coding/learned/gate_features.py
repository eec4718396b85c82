"""Who acts on whom around the trigger: what the relevance gate reads beside the words.

A sentence the rules coded nothing in is scored by the relevance gate alone, and the gate, trained
where nearly every event sentence has a rule event, read such sentences as non-events (docs/coder.md,
"coder-arbiter"). What tells a reported political act from a disaster, a match or a market report is
often not a word but its actors: a subject and an object the actor resolver knows (a country, a
person in office, a sector such as police or rebels) around the verb. These features say that, per
sentence, from the candidate actors ``features.candidate_features`` already made: the kind of the
trigger's subject and of its object (resolver kind, sector, entity type), whether both are coded,
and how many candidates are coded. Out of fold over every development set they lift the gate's AUC
from 0.968 to 0.982 (0.909 to 0.934 on the sentences without a typed rule event).
"""

from __future__ import annotations

from detente.coding.learned.features import Candidate, SentenceFeatures

SUBJECT_PATHS = ("nsubj", "nsubjpass", "agent/pobj")
OBJECT_PATHS = ("dobj", "pobj", "dative", "pobj/prep")


def actor_features(x: SentenceFeatures) -> dict[str, float]:
    """The sentence's actor structure as ``act_*`` features (one dictionary, merged into the
    trigger's by the gate's vectoriser)."""
    cands = x.candidates
    coded = sum(c.mention is not None for c in cands)
    out = {f"act_ncoded={min(coded, 3)}": 1.0, f"act_ncand={min(len(cands), 4)}": 1.0}
    both = True
    for role, paths in (("subj", SUBJECT_PATHS), ("obj", OBJECT_PATHS)):
        hit = next((c for c in cands if c.features.get("path") in paths), None)
        if hit is None:
            out[f"act_{role}_none"] = 1.0
            both = False
            continue
        out[f"act_{role}_kind={_kind(hit)}"] = 1.0
        out[f"act_{role}_res={hit.features.get('resolved')}"] = 1.0
        out[f"act_{role}_sector={hit.sector or '-'}"] = 1.0
        both = both and hit.mention is not None
    if both:
        out["act_subj_obj_coded"] = 1.0
    return out


def _kind(c: Candidate) -> str:
    f = c.features
    return f"{f.get('resolved')}|{c.sector or '-'}|{f.get('ent')}"
