"""Minorities are coded by the country they live in, as CAMEO's coders and the event sets do:
"ethnic Albanians demonstrated in Serbia" are Serbia's people (SRB), "Bosnian Serbs" Bosnia's (BIH).

Two rules, both on the resolver's output (the word lists are in ``actors/words.yaml``):

- *Residence first* (``merge_residence``): a country or demonym right before an ethnic-group word
  that is itself a demonym ("Bosnian Serbs", "Kosovo Albanians", "Bosnian Serb forces") is one
  actor of the first country.
- *Ethnic minorities* (``ethnic_residence``): a demonym after "ethnic" ("ethnic Turks",
  "ethnic Albanian guerrillas") takes the country the sentence names as a place ("in Serbia"),
  else the first other country the sentence names that is not a subject (a state condemning attacks on a
  minority is not its home); with no such country it keeps its own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from detente.actors.data import split_code
from detente.nlp.table import token_table

if TYPE_CHECKING:
    from detente.actors.mention import ActorMention

PEOPLE_KINDS = ("country", "demonym")
#: a country acting in the sentence (its subject) is not where a minority lives
SPEAKER_DEPS = ("nsubj", "nsubjpass")


def merge_residence(doc, items: list, words) -> list:
    """"Bosnian Serbs": the item of the first word spans the ethnic-group word after it."""
    lower = token_table(doc).lower
    out: list = []
    for it in items:
        prev = out[-1] if out else None
        if (prev is not None and it.alias.kind == "demonym" and prev.alias.kind in PEOPLE_KINDS
                and prev.end == it.start and it.end - it.start == 1 and lower[it.start] in words.ethnic_groups
                and split_code(prev.alias.code)[0] != split_code(it.alias.code)[0]):
            out[-1] = type(prev)(prev.start, it.end, prev.alias)
            continue
        out.append(it)
    return out


def ethnic_residence(doc, mentions: list[ActorMention], words) -> list[ActorMention]:
    """An "ethnic X" mention takes the country it lives in (see the module docstring)."""
    lower = token_table(doc).lower
    for k, m in enumerate(mentions):
        if not m.country or m.start == 0 or lower[m.start - 1] not in words.ethnic_markers:
            continue
        sent = doc[m.start].sent
        others = [x for x in mentions if sent.start <= x.start < sent.end and x is not m
                  and x.country and x.country != m.country and x.kind != "org"  # an armed group is no place
                  and doc[x.start:x.end].root.dep_ not in SPEAKER_DEPS]  # "the US condemned attacks on ethnic Serbs"
        if not others:
            continue
        place = next((x for x in others if doc[x.start:x.end].root.dep_ == "pobj"
                      and doc[x.start:x.end].root.head.lower_ in words.residence_preps), others[0])
        code = place.country + (m.sector or "")
        mentions[k] = replace(m, code=code, country=place.country,
                              how=m.how + f"; ethnic minority: coded by where it lives ('{place.text}')")
    return mentions
