"""Real news copy (issue 10, part 3): lines as boundaries, datelines, places as targets, symmetric
and agentless events, actors in context, modality and codes. All sentences are our own."""

from __future__ import annotations

import pytest

from detente.analysis.events import Scope, load_dyad_events, parse_actors
from detente.coding.coder import EventCoder
from detente.nlp.lines import hard_wrapped, line_starts
from detente.records import Document
from detente.store import Store


def coded(coder: EventCoder, text: str, date: str = "2025-06-10"):
    return next(coder.code_documents([Document(id="n", text=text, date=date)]))


def triples(events) -> set[tuple]:
    def country(a):
        return None if a is None else (a.country or (a.code or "")[:3] or None)
    return {(country(e.source), country(e.target), e.cameo[:2]) for e in events}


# -- lines --------------------------------------------------------------------------------------
def test_headline_dateline_and_bullets_are_sentences_of_their_own(coder):
    text = ("Navy Ships Gather Off Disputed Atoll\n"
            "MANILA, June 9 — Philippine vessels shadowed Chinese ships near the atoll on Monday.\n"
            "- Beijing protested to Manila\n"
            "Photo: a patrol boat at dawn")
    _d, sentences, events = coded(coder, text)
    assert [s.text.split()[0] for s in sentences] == ["Navy", "MANILA,", "-", "Photo:"]
    assert all(e.source.text != "MANILA" for e in events if e.source)


def test_hard_wrapped_prose_keeps_its_sentences():
    text = "The envoy from Norway met officials of\nSudan in Khartoum on Monday and the two sides\nagreed to talk again."
    assert hard_wrapped(text) and line_starts(text) == []
    assert not hard_wrapped("Talks Resume\nThe envoy arrived.") and line_starts("Talks Resume\nThe envoy arrived.") == [13]


def test_a_dateline_on_any_line_is_a_place_not_an_actor(coder):
    _d, _s, events = coded(coder, "Envoys Meet\n(ANKARA) - Greece criticised Turkey over the drilling survey.")
    assert ("GRC", "TUR", "11") in triples(events)
    assert all(e.source.country != "TUR" for e in events)


# -- places, symmetric and agentless events --------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("China's navy held large drills around Taiwan on Saturday.", ("CHN", "TWN", "15")),
    ("Russian drones hit Odesa overnight.", ("RUS", "UKR", "19")),
    ("Deadly clashes between Armenia and Azerbaijan broke out along the border.", ("ARM", "AZE", "19")),
    ("Deadly clashes between Armenia and Azerbaijan broke out along the border.", ("AZE", "ARM", "19")),
    ("Qatar mediated between Rwanda and Congo.", ("QAT", "COD", "04")),
    ("Syria used sarin gas against the town.", ("SYR", "SYR", "20")),  # no other actor named: at home
    ("Kenya expelled Somalia's ambassador on Friday.", ("KEN", "SOM", "16")),
    ("Latvia downgraded diplomatic relations with Belarus.", ("LVA", "BLR", "16")),
    ("North Korea vowed a merciless response to the drills by South Korea.", ("PRK", "KOR", "13")),
    ("Indian and Pakistani soldiers exchanged fire across the frontier.", ("PAK", "IND", "19")),
    ("Armenia and Azerbaijan swapped prisoners on Thursday.", ("AZE", "ARM", "08")),
    ("Turkish strikes killed four fighters in northern Iraq.", ("TUR", "IRQ", "19")),
])
def test_news_events(coder, text, expected):
    assert expected in triples(coded(coder, text)[2])


@pytest.mark.parametrize("text, expected", [
    ("Russian drones struck Sumy overnight.", ("RUS", "UKR", "19")),  # a town from GeoNames
    ("Government troops shelled Kassala on Monday.", ("SDN", "SDN", "19")),
])
def test_a_town_names_its_country_as_the_target(coder, text, expected):
    assert expected in triples(coded(coder, text)[2])


@pytest.mark.parametrize("text, expected", [
    ("Beijing fired rockets into waters off Taiwan on Friday.", ("CHN", "TWN", "15")),
    ("India moved tanks toward its border with Pakistan.", ("IND", "PAK", "15")),
])
def test_a_place_noun_names_its_country(coder, text, expected):
    assert expected in triples(coded(coder, text)[2])


@pytest.mark.parametrize("text, target", [
    ("A former Peruvian minister was shot dead outside her home on Friday.", "PER"),
    ("Two Malian soldiers were killed when a roadside bomb struck their convoy.", "MLI"),
    ("A car bomb tore through a crowded market in Mogadishu on Sunday.", "SOM"),
])
def test_force_with_no_doer_named_is_kept_with_source_unknown(coder, text, target):
    events = coded(coder, text)[2]
    assert any(e.source is None and e.target.country == target and e.cameo[:2] == "18" for e in events)


@pytest.mark.parametrize("text, expected", [
    ("Peru's government lifted the curfew in Cusco on Monday.", ("PER", "PER", "08")),
    ("Bolivia's president resigned on Sunday.", ("BOL", "BOL", "08")),
])
def test_yielding_with_no_one_named_is_done_at_home(coder, text, expected):
    assert expected in triples(coded(coder, text)[2])


def test_a_mediator_with_no_party_named_mediates_for_every_other_country(coder):
    events = coded(coder, "Chad and Sudan signed a truce brokered by Qatar on Friday.")[2]
    assert {("QAT", "TCD", "04"), ("QAT", "SDN", "04")} <= triples(events)


def test_agentless_force_can_be_switched_off():
    from detente.coding.config import CoderConfig

    off = EventCoder(config=CoderConfig(agentless_force=False))
    assert not coded(off, "Two Malian soldiers were killed when a roadside bomb struck their convoy.")[2]


def test_a_town_name_read_as_a_person_is_no_place(coder):
    events = coded(coder, "Nadia Kassala criticised Chile on Monday.")[2]
    assert all(e.source is None or e.source.country != "SDN" for e in events)


def test_a_visit_is_also_hosted(coder):
    events = coded(coder, "Brazil's president visited Angola on Tuesday.")[2]
    assert {("BRA", "AGO", "042"), ("AGO", "BRA", "043")} <= {
        (e.source.country, e.target.country, e.cameo) for e in events}
    planned = coded(coder, "Brazil's president will visit Angola next week.")[2]
    assert not any(e.cameo == "043" for e in planned)


def test_held_drills_around_a_place_are_not_joint_exercises(coder):
    assert all(e.cameo != "062" for e in coded(coder, "China's navy held large drills around Taiwan on Saturday.")[2])


def test_an_agentless_blast_is_kept_with_no_source_and_analyses_skip_it(coder, tmp_path):
    doc = Document(id="b", text="A car bomb exploded near a market in Mogadishu on Sunday. "
                                "Kenya condemned Somalia's militants.", date="2025-06-08")
    _d, sentences, events = next(coder.code_documents([doc]))
    blast = [e for e in events if e.source is None]
    assert [(b.target.country, b.cameo[:2]) for b in blast] == [("SOM", "18")]
    with Store(tmp_path / "s.duckdb") as st:
        st.save_document(doc, sentences, events)
        assert any(e.source is None for e in st.events())
        frame = load_dyad_events(st, Scope(parse_actors("KEN,SOM")))
        assert len(frame) and frame["src"].notna().all()


# -- actors in context -----------------------------------------------------------------------------
def test_a_surname_inside_another_name_is_not_the_leader(coder):
    _d, _s, events = coded(coder, "Senior Colonel Li Xi of the Chinese navy warned the Philippine crew.")
    assert all("Xi Jinping" not in (e.explanation["source"] or {}).get("how", "") for e in events)


def test_a_ministers_surname_alone_needs_the_full_name_earlier(coder):
    assert not coded(coder, "Motegi criticised Beijing on Monday.", "2025-11-10")[2]
    text = "Foreign Minister Toshimitsu Motegi arrived in Seoul.\nMotegi criticised Beijing on Monday."
    events = coded(coder, text, "2025-11-10")[2]
    assert ("JPN", "CHN", "11") in triples(events)


def test_a_name_word_is_not_a_statement_verb(coder):
    _d, _s, events = coded(coder, "Foreign Minister Sayed Abbas Araghchi visited Muscat on Sunday.")
    assert all(not e.cameo.startswith("01") for e in events)
    assert ("IRN", "OMN", "04") in triples(events)


def test_an_unknown_name_takes_no_country_from_another_line(coder):
    text = "Japan's cabinet met on Monday.\nMinister Tavita Lolo criticised the plan."
    _d, _s, events = coded(coder, text)
    assert all(e.source.country != "JPN" for e in events if "Lolo" in e.source.text)


@pytest.mark.parametrize("text, date, who", [
    ("Thailand's prime minister visited Phnom Penh.", "2025-10-01", "Anutin Charnvirakul"),
    ("Cambodia's defence minister visited Bangkok.", "2025-06-01", "Tea Seiha"),
    ("Ukraine's prime minister visited Warsaw.", "2025-09-01", "Yulia Svyrydenko"),
    ("Israel's foreign minister visited Berlin.", "2025-03-01", "Gideon Saar"),
    ("Rwanda's foreign minister visited Doha.", "2025-03-01", "Olivier Nduhungirehe"),
])
def test_office_holders_current_in_2025(coder, text, date, who):
    events = coded(coder, text, date)[2]
    assert any(who in e.explanation["source"]["how"] for e in events)


# -- modality ------------------------------------------------------------------------------------
def test_calling_on_someone_to_sanction_is_a_request_not_a_sanction(coder):
    events = coded(coder, "Lithuania called on the European Union to sanction Minsk.")[2]
    assert {e.cameo[:2] for e in events} == {"02"}


def test_a_threat_to_act_is_one_threat_not_also_the_act(coder):
    events = coded(coder, "Ecuador threatened to impose tariffs on Colombian goods.")[2]
    assert {e.cameo[:2] for e in events} == {"13"}


def test_a_statement_by_no_one_negates_what_it_reports(coder):
    events = coded(coder, "None of the reports said Serbia attacked the convoy.")[2]
    assert events and all(e.modality == "negated" for e in events if e.cameo.startswith("19"))
