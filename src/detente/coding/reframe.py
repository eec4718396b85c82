"""CAMEO conventions for events that did not (yet) happen.

CAMEO codes a stated intention as the intention itself: "X will send aid" is 033 (express
intent to provide aid), "X will attack" is 138 (threaten military force). And "X said Y must
do Z" is X demanding of Y (10x). These small tables say how; the coder applies them.
"""

from __future__ import annotations

from detente.coding.subcodes import family_code

# cooperative roots whose sub-code in the 03/10/12 families follows the act (data/subcodes.yaml)
SLOTTED_ROOTS = frozenset({"04", "05", "06", "07", "08"})

# root of the intended action → CAMEO "express intent" (03x) or "threaten" (13x) code
INTENT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "034"}
THREAT = {"15": "138", "16": "131", "17": "132", "18": "138", "19": "138", "20": "138"}
SPECIFIC = {"163": "1312", "161": "1313", "162": "1311", "045": "039", "057": "032", "0871": "0356"}
OBLIGATION = frozenset({"must", "should", "ought"})
# "all sides should show restraint": an obligation laid on no named actor is an appeal (020)
GENERIC_AGENTS = frozenset({"side", "sides", "party", "parties", "everyone", "everybody", "all", "country",
                            "countries", "community", "nations", "governments", "world", "states"})


# root/code of a refused cooperative action → CAMEO "reject" (12x) code
REFUSAL = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124", "057": "127",
           "045": "126", "038": "126"}


def refusal_code(code: str, modality: str) -> str | None:
    """A negated cooperative event ("did not agree", "failed to reach a deal") is a rejection."""
    if modality != "negated":
        return None
    if code[:2] in SLOTTED_ROOTS:
        return family_code("reject", code) or REFUSAL.get(code[:2])
    return REFUSAL.get(code) or REFUSAL.get(code[:2])


# "X agreed / offered / is ready / vowed to <action>": the action is stated as an intention
INTENT_GOVERNORS = frozenset({"agree", "offer", "pledge", "promise", "vow", "swear", "willing", "ready",
                              "prepared", "intend", "plan", "commit", "threaten", "decide", "determined"})


def is_intention(trigger) -> bool:
    """The trigger is the infinitive complement of a verb or adjective of intention."""
    return trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in INTENT_GOVERNORS


# The CAMEO codebook (030): "cooperative actions reported in future tense are also taken to imply
# intentions". Measured on the development sets, following it beats keeping the act's code (CAMEO-manual
# root accuracy 0.617 vs 0.581, PLOVER recall 0.43 vs 0.40), although our own dispatches list announced
# visits as 04 (korea-example recall 0.39 vs 0.41). Set False to keep the act's code with modality "future".
FUTURE_AS_INTENT = True


def intent_code(code: str, modality: str) -> str | None:
    """The 03x/13x code for an intended event, or None when the event keeps its code."""
    if modality not in (("future", "intended") if FUTURE_AS_INTENT else ("intended",)):
        return None
    if code in SPECIFIC and code[:2] in INTENT:
        return SPECIFIC[code]
    if code[:2] in SLOTTED_ROOTS:
        return family_code("intent", code) or INTENT.get(code[:2])
    return INTENT.get(code[:2]) or THREAT.get(code[:2])


def demand_code(embedded_code: str | None) -> str:
    """The 10x code for "X said Y must <embedded>"."""
    if not embedded_code:
        return "100"
    return family_code("demand", embedded_code) or "100"  # by what is demanded (data/subcodes.yaml)


def obligation_complement(verb):
    """The complement clause of a statement verb that carries an obligation modal, if any."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    clauses += [g for c in clauses for g in c.conjuncts]  # "said X would comply, and that Y should stop"
    for child in clauses:
        for aux in child.children:
            if aux.dep_ in ("aux", "auxpass") and aux.lower_ in OBLIGATION:
                return child
        if child.lemma_ == "have" and child.tag_ in ("VBZ", "VBP", "VB") and any(
            c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in child.children
        ):
            return next(c for c in child.children if c.dep_ == "xcomp")
    return None


def force_code(code: str, source_sector: str | None) -> str | None:
    """CAMEO separates violence by military forces (19x) from other violence (18x)."""
    military = bool(source_sector) and "MIL" in source_sector
    if code in ("180", "181") and military:  # an assassination (186) stays one, whoever does it
        return "190"
    return None


FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})


def threat_complement(verb, table: dict[str, frozenset[str]]):
    """"X said Y would pay dearly / regret it / face consequences": the complement clause that makes a
    statement a threat against Y (CAMEO 130), or None."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    for child in clauses + [g for c in clauses for g in c.conjuncts]:
        if child.lemma_.lower() not in table:
            continue
        if not any(a.dep_ == "aux" and a.lower_ in FUTURE_AUX for a in child.children):
            continue
        words = table[child.lemma_.lower()]
        around = {w.lower_ for c in child.children if c.dep_ in ("dobj", "advmod", "prep", "npadvmod")
                  for w in c.subtree}
        if "*" in words or around & words:
            return child
    return None


# "X will withdraw its force / halt mediation / impose sanctions unless (if) Y …": an act made conditional
# on the other side's conduct is an ultimatum, coded by CAMEO as the matching threat (13x)
CONDITIONAL_THREAT = {"0874": "136", "164": "134", "165": "135", "166": "136", "161": "1313", "162": "1311",
                      "163": "1312", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}
CONDITION_MARKS = frozenset({"if", "unless"})
UNREAL_MODALITIES = ("future", "hypothetical", "intended")


def has_condition(trigger) -> bool:
    """The trigger carries an if/unless clause of its own."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children)
               for c in trigger.children)


def conditional_threat_code(code: str, trigger, modality: str) -> str | None:
    """The 13x code for a coercive (or withdrawing) act not yet done and conditioned on if/unless."""
    if modality not in UNREAL_MODALITIES or not has_condition(trigger):
        return None
    return CONDITIONAL_THREAT.get(code) or CONDITIONAL_THREAT.get(code[:2])


def conditional_refusal(trigger, modality: str, cues: list[str]) -> bool:
    """"X will not accept refugees if war starts": a negated act that is hypothetical only because of
    its if-clause is still a refusal."""
    return (modality == "hypothetical" and list(cues) == ["if-clause"]
            and any(c.dep_ == "neg" for c in trigger.children))
