"""Recall of the rules, fifth push (issue 10): nominal events whose parties hang on a verb of happening
("clashes erupted between X and Y"), requests named as the occasion of another act ("at the request of
X"), and the PETRARCH lexicon conversion (scripts/build_coder_lexicon.py). All sentences are our own;
each row is (text, a triple that must be coded) or (text, a triple that must not)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from coder_helpers import coded_events
from coder_helpers import triples as triples_of


def triples(coder, text: str) -> set[tuple]:
    return triples_of(coded_events(coder, text, "2025-06-10"))


FOUND = [
    # a fight or talks as the subject of a verb of happening: the verb's "between" names both sides
    ("Deadly clashes erupted between Peru and Ecuador along the river on Sunday.", ("PER", "ECU", "19")),
    ("Deadly clashes erupted between Peru and Ecuador along the river on Sunday.", ("ECU", "PER", "19")),
    ("Fighting broke out between Sudanese and Chadian troops near the border.", ("SDN", "TCD", "19")),
    ("Fighting broke out between Sudanese and Chadian troops near the border.", ("TCD", "SDN", "19")),
    ("Heavy fighting between Armenia and Azerbaijan continued for a third day.", ("AZE", "ARM", "19")),
    ("Skirmishes flared between Eritrean and Ethiopian forces overnight.", ("ERI", "ETH", "19")),
    ("Talks took place between Serbia and Kosovo in Brussels on Monday.", ("KSV", "SRB", "04")),
    # "at the request of X", "at X's request": X asked whoever acted
    ("French troops entered the town at the request of the Malian government.", ("MLI", "FRA", "02")),
    ("Russian paratroopers landed in Kazakhstan at Kazakhstan's request.", ("KAZ", "RUS", "02")),
    ("British police detained the banker in London at the request of a Spanish court.", ("ESP", "GBR", "02")),
    # a reaction drawn from someone: "from X" on the noun as well as on the verb
    ("Chinese ships blocked a Philippine supply boat, prompting a protest from Manila.", ("PHL", "CHN", "14")),
    # a particle rule's preposition hung on the particle: "walked away from", "pulled out of"
    ("Kenya walked away from the deal with Somalia on Sunday.", ("KEN", "SOM", "12")),
]

NOT_FOUND = [
    # a fight with no parties named is no event between countries
    ("Fighting broke out in the capital on Monday.", ("SDN", "TCD", "19")),
    # a verb that is not one of happening does not lend its "between" phrase
    ("The clashes were described between sessions as regrettable.", ("PER", "ECU", "19")),
    # a request is coded only as the occasion of an act ("at the request of"), not when it is turned down
    ("Yemen rejected an Egyptian request to open the crossing.", ("EGY", "YEM", "02")),
]


@pytest.mark.parametrize("text, triple", FOUND)
def test_occurrences_are_coded(coder, text, triple):
    assert triple in triples(coder, text)


@pytest.mark.parametrize("text, triple", NOT_FOUND)
def test_occurrences_do_not_overreach(coder, text, triple):
    assert triple not in triples(coder, text)


# -- the lexicon conversion (a dev script; tested on a tiny dictionary in PETRARCH's format) -------------

DICTIONARY = """\
&TREATY
+TREATY
+PACT

####### VERB PATTERNS #######

---  LEAVE_TALKS   [---]  ---
+WALK_AWAY {+WALKED_AWAY +WALKING_AWAY}
QUIT [080]
- * (FROM TALKS)                                     [164]         # WALKED_AWAY
- * (FROM &TREATY)                                   [161]         # QUIT
- * {PEACE PROCESS}                                  [164]         # QUITTING
- * {AIR RAID}                                       [195]         # QUIT
- * RAID                                             [190]         # QUIT
- * POST                                             [080]         # SOMEONE_ELSE
"""


@pytest.fixture(scope="module")
def build_script():
    path = Path(__file__).resolve().parents[1] / "scripts" / "build_coder_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_coder_lexicon", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _facts(build_script, tmp_path) -> dict[tuple, str]:
    src = tmp_path / "verbs.txt"
    src.write_text(DICTIONARY, encoding="utf-8")
    out = tmp_path / "verbs_base.csv"
    build_script.main(str(src), out)
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    return {tuple(r.split(",")[:5]): r.split(",")[5] for r in rows}


def test_patterns_found_with_an_inflected_verb_are_kept(build_script, tmp_path):
    facts = _facts(build_script, tmp_path)
    assert facts[("walk", "away", "", "from", "talks")] == "164"  # "# WALKED_AWAY" names walk_away
    assert facts[("quit", "", "process", "", "")] == "164"  # "# QUITTING" names quit
    assert facts[("quit", "", "", "from", "pact")] == "161"  # a noun set becomes one fact per noun
    assert not any(k[2] == "post" for k in facts)  # written for a verb outside the block: not kept


def test_a_one_word_object_pattern_beats_a_phrase_ending_in_it(build_script, tmp_path):
    assert _facts(build_script, tmp_path)[("quit", "", "raid", "", "")] == "190"  # not {AIR RAID}'s 195


def test_inflections_of_a_verb(build_script):
    forms = build_script.inflections("+WALK_AWAY {+WALKED_AWAY}", "walk_away")
    assert forms["walked_away"] == forms["walks_away"] == "walk_away"
    assert build_script.inflections("RAM", "ram")["rammed"] == "ram"
    assert build_script.inflections("THROW {THREW THROWN}", "throw")["threw"] == "throw"
