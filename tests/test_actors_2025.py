"""Actors of 2023-2025 news: generic mentions, armed groups, agencies, regions and office holders
current in 2025 (our own sentences), the build script's reading of the reference dictionaries,
and `detente eval actors`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from detente.actors import ActorResolver
from detente.actors.coverage import Case, Coverage, score_case


@pytest.fixture(scope="module")
def res() -> ActorResolver:
    return ActorResolver()


# (sentence, document date, mention text, expected code)
CASES = [
    # nationality adjective / plural demonym + sector noun
    ("Pakistani troops shelled posts across the frontier.", "2025-05-08", "Pakistani troops", "PAKMIL"),
    ("A Chinese official called the tariffs bullying.", "2025-04-10", "Chinese official", "CHNGOV"),
    ("The Sudanese army took back the airport.", "2025-03-21", "Sudanese army", "SDNMIL"),
    ("The Russians sent waves of drones overnight.", "2025-03-21", "Russians", "RUS"),
    ("Ukrainian pilots flew the new jets for the first time.", "2025-03-21", "Ukrainian pilots", "UKRMIL"),
    ("Israeli defense officials denied the claim.", "2025-03-21", "Israeli defense officials", "ISRMIL"),
    # state forces and agencies known by their own names
    ("The IDF said it hit a depot near the border.", "2025-06-01", "IDF", "ISRMIL"),
    ("The Revolutionary Guards said they downed a drone.", "2025-06-14", "Revolutionary Guards", "IRNMIL"),
    ("ICE agents detained the workers at a plant.", "2025-09-05", "ICE", "USACOP"),
    ("The SBU claimed the blast in the city.", "2025-06-01", "SBU", "UKRSPY"),
    ("The Department of War announced new deployments.", "2025-09-10", "Department of War", "USAMIL"),
    # armed groups active in 2023-2025
    ("The Rapid Support Forces shelled a camp for displaced people.", "2025-04-13", "Rapid Support Forces", "SDNREB"),
    ("M23 fighters entered the city on Monday.", "2025-01-27", "M23", "CODREB"),
    ("Hayat Tahrir al-Sham fighters reached the capital.", "2024-12-08", "Hayat Tahrir al-Sham", "SYRREB"),
    ("Islamic Jihad fired rockets from the strip.", "2023-05-10", "Islamic Jihad", "PSEREB"),
    ("Ansar Allah claimed the attack on the tanker.", "2024-01-12", "Ansar Allah", "YEMREB"),
    ("The TTP claimed the bombing of a police station.", "2025-02-01", "TTP", "PAKREB"),
    # regions name their country
    ("Drones struck a fuel depot in Darfur.", "2025-05-04", "Darfur", "SDN"),
    ("Fighting spread across North Kivu.", "2025-02-01", "North Kivu", "COD"),
    ("Shelling hit villages in Balochistan.", "2025-05-07", "Balochistan", "PAK"),
    # office holders current in 2025
    ("Mohammed Shia al-Sudani visited the border.", "2025-03-01", "Mohammed Shia al-Sudani", "IRQGOV"),
    ("Amir Khan Muttaqi received the delegation.", "2025-10-09", "Amir Khan Muttaqi", "AFGGOV"),
    ("Karol Nawrocki signed the bill.", "2025-09-01", "Karol Nawrocki", "POLGOV"),
    ("Eyal Zamir approved the plans.", "2025-08-08", "Eyal Zamir", "ISRMIL"),
    ("Naim Qassem rejected disarmament.", "2025-08-15", "Naim Qassem", "LBNREB"),
    ("Asim Munir met the visiting general.", "2025-06-18", "Asim Munir", "PAKMIL"),
    ("Mohamed Hamdan Dagalo announced a rival government.", "2025-04-15", "Mohamed Hamdan Dagalo", "SDNREB"),
    ("Abiy Ahmed opened the dam.", "2025-09-09", "Abiy Ahmed", "ETHGOV"),
    ("King Abdullah II met the envoy in Amman.", "2025-02-11", "King Abdullah II", "JORGOV"),
    ("Steve Witkoff flew to Moscow.", "2025-04-11", "Steve Witkoff", "USAGOV"),
    # dated roles: the same person before and after a change of office
    ("Herzi Halevi briefed the cabinet.", "2024-06-01", "Herzi Halevi", "ISRMIL"),
    ("Herzi Halevi spoke at a memorial.", "2025-06-01", "Herzi Halevi", "ISRELI"),
    ("Hibatullah Akhundzada issued a decree.", "2019-06-01", "Hibatullah Akhundzada", "AFGREB"),
    ("Hibatullah Akhundzada issued a decree.", "2024-06-01", "Hibatullah Akhundzada", "AFGGOV"),
    # a title resolves to the holder at the date
    ("The Polish president vetoed the law.", "2025-10-01", "Polish president", "POLGOV"),
    ("The Iraqi prime minister flew to Tehran.", "2024-01-15", "Iraqi prime minister", "IRQGOV"),
]


@pytest.mark.parametrize("text,date,mention,code", CASES)
def test_mention_codes(res, nlp, text, date, mention, code):
    found = {m.text: m.code for m in res.resolve(nlp(text), date)}
    assert [c for t, c in found.items() if mention in t][:1] == [code], found


def test_surname_alone_needs_an_earlier_full_name(res, nlp):
    """An envoy's surname alone is nobody; after the full name it is that person."""
    alone = res.resolve(nlp("Witkoff arrived in Doha on Sunday."), "2025-05-01")
    assert all(m.code is None for m in alone if m.text == "Witkoff")
    both = res.resolve(nlp("Steve Witkoff arrived in Doha. Witkoff met the emir."), "2025-05-01")
    assert [m.code for m in both if m.text == "Witkoff"] == ["USAGOV"]


def test_title_word_before_a_known_name_is_not_a_verb(res, nlp):
    """"Sayed" before a known full name is part of the name, and no one else's surname."""
    ms = res.resolve(nlp("Foreign Minister Sayed Abbas Araghchi spoke to reporters."), "2025-06-20")
    assert "IRNGOV" in {m.code for m in ms}
    assert "PSEGOV" not in {m.code for m in ms}


def test_a_generic_senate_is_not_the_us_senate(res, nlp):
    ms = res.resolve(nlp("The Philippine Senate approved the treaty."), "2025-03-01")
    assert "USAGOVLEG" not in {m.code for m in ms}


def test_palestinian_authority_is_an_organisation_not_a_former_official(res, nlp):
    ms = res.resolve(nlp("The Palestinian Authority condemned the raid."), "2025-03-01")
    assert [m.code for m in ms if "Authority" in m.text] == ["PSEGOV"]


def test_coverage_scores_codes_and_strings():
    from detente.actors.mention import ActorMention

    def m(a: int, b: int, text: str, code: str | None) -> ActorMention:
        return ActorMention(0, 1, a, b, text, code, code[:3] if code else None, None, "country", "")

    cov = Coverage("wire-dev")
    score_case(cov, Case("x", None, codes=["ISRMIL", "PSE", "---REB"]), [m(0, 3, "Israeli", "ISR")], keep=5)
    assert (cov.gold, cov.found, cov.exact) == (2, 1, 0)
    assert [x["miss"] for x in cov.misses] == ["code", "country"]
    strings = Coverage("plv-train")
    text = "Sudanese army shelled a camp."
    score_case(strings, Case(text, None, strings=["Sudanese army", "a camp"]), [m(0, 13, "Sudanese army", "SDNMIL")], 0)
    assert (strings.gold, strings.found, strings.exact) == (2, 1, 1)


def _build_module():
    path = Path(__file__).resolve().parents[1] / "scripts" / "build_actors.py"
    spec = importlib.util.spec_from_file_location("build_actors", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_build_reads_codes_on_later_lines_and_open_ended_roles():
    """Our own miniature dictionary in the TABARI layout the build script reads."""
    build = _build_module()
    text = "\n".join([
        "NORTHERN_LEAGUE_FRONT_  # a group with its code on the next line",
        "+NLF_",
        "\t[XYZREB]",
        "JANE_Q_EXAMPLE_",
        "\t[XYZGOV 050101-101231]",
        "\t[XYZGOV >120101]",
        "\t[XYZELI]",
    ])
    entries = build._entries(text)
    assert [e.name for e in entries] == ["Northern League Front", "Jane Q Example"]
    assert entries[0].undated == ["XYZREB"] and entries[0].aliases == ["NLF"]
    assert entries[1].spans == [("XYZGOV", "2005-01-01", "2010-12-31"), ("XYZGOV", "2012-01-01", build.FILE_DATE)]
    assert entries[1].undated == ["XYZELI"]


def test_eval_actors_cli_rejects_a_test_set():
    from typer.testing import CliRunner

    from detente.cli import load_commands

    result = CliRunner().invoke(load_commands(), ["eval", "actors", "--set", "wire-test"])
    assert result.exit_code != 0
    assert "test sets are not read" in result.output
