"""How one event was coded, as plain lines of text (``detente explain`` and ``Database.explain``)."""

from __future__ import annotations

from typing import Any

from detente.records import Event


def explain_lines(event: Event) -> list[str]:
    """Code, sentence, trigger and pattern, which part decided (rules or learned parts), both actors
    and how they were resolved, modality, date, confidence."""
    ex = event.explanation or {}
    lines = [f"{event.id}  CAMEO {event.cameo} {ex.get('code_name') or ''}"
             f"  goldstein {event.goldstein}  quad {event.quad_class}  PLOVER {event.plover_event or '-'}"]
    if event.sentence:
        lines.append(f"sentence: {event.sentence}")
    lines.append(f"trigger:  {ex.get('trigger', '?')}  pattern {event.pattern}")
    lines.append(decided_by(ex))
    for side in ("source", "target"):
        arg = ex.get(side)
        if arg:
            lines.append(f"{side}:   {arg.get('text') or ''} → {arg.get('code')} ({arg.get('country')}); "
                         f"via {arg.get('route') or ''}; {arg.get('how') or ''}")
        else:
            lines.append(f"{side}:   none found")
    mod = ex.get("modality") or {}
    cues = ", ".join(mod.get("cues") or []) or "no cue"
    lines.append(f"modality: {event.modality} (cues: {cues})")
    date = ex.get("date") or {}
    lines.append(f"date:     {event.date} [{event.date_precision}] {date.get('reason') or ''}")
    lines.append(f"confidence: {event.confidence} ({'; '.join(ex.get('confidence') or [])})")
    return lines


def decided_by(ex: dict[str, Any]) -> str:
    """Which part decided: the rules (a pattern), the rules corrected by the classifier (recode)
    and/or the dyad ranker, or the learned parts alone — with their scores."""
    d = ex.get("decided_by")
    if not d:
        return "decided by: rules (the pattern above)"
    if d.get("part") != "learned":
        said = []
        rec = d.get("recode")
        if rec:
            said.append(f"classifier recode to {rec.get('type')} {rec.get('type_score')} (CAMEO root "
                        f"{rec.get('root')}; the rules said {d.get('rule_code')})")
        for side in ("source", "target"):
            fix = d.get(side)
            if fix:
                was = f"the rules said {fix['rule']}" if fix.get("rule") else "the rules had none"
                said.append(f"dyad ranker {side} {fix.get('score')} ({was})")
        beside = f" — a second reading beside the rules' event {d['beside_rule_event']}, which stays" if d.get(
            "beside_rule_event") else ""
        arb = d.get("arbiter")
        if arb and beside:
            place = "on top of it" if arb.get("on_top") else "below it"
            beside += f"; arbiter {arb.get('score')}: this reading goes {place}"
        return "decided by: rules, then " + "; ".join(said) + beside
    return (f"decided by: learned parts only — relevance gate {d.get('gate')}, event type {d.get('type')} "
            f"{d.get('type_score')} (CAMEO root {d.get('root')}), dyad ranker source {d.get('source_score')} "
            f"target {d.get('target_score')}")
