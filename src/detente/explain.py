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
    top = ex.get("top_arbiter")
    if top:  # coding/learned/top.py
        lines.append(f"on top:   top arbiter {top.get('score')}: this reading goes above event {top.get('above')}")
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
    if d.get("part") in ("pair proposal", "learned proposal"):
        return proposal_line(d)
    if d.get("part") == "reroot":  # coding/learned/reroot.py
        whose = "the rules'" if d.get("of") == "rules" else f"the {d.get('of')} event's"
        return (f"decided by: a second reading: root {d.get('root')} at {d.get('score')} beside {whose} "
                f"{d.get('rule_root')} (event {d.get('beside_event')}, which stays)")
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
        if d.get("takeover") and beside:
            beside += (f"; takeover arbiter {d['takeover'].get('score')}: the learned parts' own reading "
                       "goes on top")
        return "decided by: rules, then " + "; ".join(said) + beside
    return (f"decided by: learned parts only — relevance gate {d.get('gate')}, event type {d.get('type')} "
            f"{d.get('type_score')} (CAMEO root {d.get('root')}), dyad ranker source {d.get('source_score')} "
            f"target {d.get('target_score')}")


def proposal_line(d: dict[str, Any]) -> str:
    """An event the pair proposals added (``coding/learned/pairs.py``), with the ranker's scores."""
    if d["part"] == "pair proposal":
        sides = "; ".join(f"{side} {d[side]['score']} (the rules said {d[side]['rule'] or 'none'})"
                          for side in ("source", "target") if d.get(side))
        if d.get("why") == "domestic":
            return (f"decided by: a learned pair proposal — the event {d.get('rule_code')} with the dyad ranker's "
                    "mention on its empty side, of the sentence's only country; that event stays")
        return (f"decided by: a learned pair proposal — the rules' event {d.get('rule_code')} with the dyad "
                f"ranker's coded {sides}; the rules' event stays")
    return (f"decided by: a learned proposal ({d.get('why')}) — relevance gate {d.get('gate')}, event type "
            f"{d.get('type')} {d.get('type_score')} (CAMEO root {d.get('root')}), dyad ranker source "
            f"{d.get('source_score')} target {d.get('target_score')}")
