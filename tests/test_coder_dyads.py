"""Who is source and target (issue 10, branch coder-dyads): minorities coded by where they live,
elided coordinated names, bare state organs taking the sentence's state, a hosted guest's visit, and
the pair proposals reaching every coordinated subject. All sentences are our own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coder_helpers import coded_events, triples
from detente.coding.learned.pairs import co_sources
from detente.records import Actor, Event


def _countries(events, side: str) -> set:
    return {getattr(e, side).country for e in events if getattr(e, side) is not None}


@pytest.mark.parametrize("text, date, want", [
    # "ethnic X": the country the sentence names as the place, else the first other one
    ("About two hundred ethnic Hungarians rallied in Slovakia on Sunday.", "2009-09-06", ("SVK", "14")),
    ("Ethnic Russians protested on Monday against the Estonian police.", "2007-04-30", ("EST", "14")),
    # residence first: "Bosnian Serbs", "Kosovo Albanians"
    ("Bosnian Serbs rallied in Banja Luka against the new police law.", "2005-10-01", ("BIH", "14")),
    ("Kosovo Albanians protested on Monday against the talks with Belgrade.", "2006-02-20", ("KSV", "14")),
])
def test_minorities_act_as_the_country_they_live_in(coder, text, date, want):
    events = coded_events(coder, text, date)
    assert any(e.source is not None and e.source.country == want[0] and e.cameo.startswith(want[1]) for e in events)


def test_an_ethnic_group_with_no_other_country_named_keeps_its_own():
    from detente.actors import ActorResolver
    from detente.nlp import load_pipeline

    doc = load_pipeline()("Ethnic Armenians gathered for the anniversary.")
    (m,) = [m for m in ActorResolver().resolve(doc, "2015-04-24") if m.text == "Armenians"]
    assert m.country == "ARM"


def test_a_state_acting_in_the_sentence_is_not_where_a_minority_lives():
    from detente.actors import ActorResolver
    from detente.nlp import load_pipeline

    doc = load_pipeline()("The United States condemned the attacks on ethnic Armenians.")
    (m,) = [m for m in ActorResolver().resolve(doc, "2015-04-24") if m.text == "Armenians"]
    assert m.country == "ARM"


def test_a_residence_demonym_composes_with_a_sector_word(coder):
    events = coded_events(coder, "Bosnian Serb forces shelled the outskirts of the town.", "1994-04-10")
    assert "BIH" in _countries(events, "source")


def test_north_and_south_korea_are_two_countries(coder):
    events = coded_events(coder, "North and South Korea agreed on Friday to reopen the liaison office.", "2018-04-27")
    assert {"PRK", "KOR"} <= _countries(events, "source")


def test_an_elided_name_needs_a_known_full_name():
    from detente.actors import ActorResolver
    from detente.nlp import load_pipeline

    doc = load_pipeline()("Smith and South Korea signed the letter.")
    assert [m.text for m in ActorResolver().resolve(doc, "2018-01-01")] == ["South Korea"]


@pytest.mark.parametrize("text, date, want", [
    ("Soldiers opened fire on a crowd in the Nigerian city of Kano on Friday.", "2012-01-20", "NGA"),
    ("Chad's president met the envoy on Monday as the army shelled rebel positions.", "2008-02-04", "TCD"),
])
def test_a_bare_state_organ_is_the_state_the_sentence_names(coder, text, date, want):
    events = coded_events(coder, text, date)
    organs = [e for e in events if e.source is not None and "sentence-state" in e.explanation["source"]["route"]]
    assert organs and all(e.source.country == want for e in organs)


def test_gunmen_take_no_state():
    from detente.coding.coder import EventCoder

    events = coded_events(EventCoder(), "Gunmen attacked a bus in the Kenyan town of Mandera.", "2014-11-22")
    assert not any("sentence-state" in (e.explanation.get("source") or {}).get("route", "") for e in events)


def test_a_hosted_guest_made_the_visit(coder):
    events = coded_events(coder, "Prime Minister Tony Abbott hosted Indonesia's president in Canberra on Friday.",
                          "2014-07-04")
    assert ("AUS", "IDN", "04") in triples(events) and ("IDN", "AUS", "04") in triples(events)
    visits = [e for e in events if e.cameo == "042"]
    assert visits and visits[0].source.country == "IDN"


TEXT = "Chile and Peru closed their ports to ships from Bolivia."


def _event(source: str, route: str, target: str | None = None, code: str = "191", start: int = 15) -> Event:
    actor = lambda c: Actor(c, c, c, None, 0, 1)  # noqa: E731
    return Event(id="d:0:0", doc_id="d", sentence_id="d:0", sentence=TEXT, date=None, date_precision="unknown",
                 goldstein=-5.0, quad_class=4, cameo=code, cameo_root=code[:2], plover_event="COERCE",
                 source=actor(source), target=actor(target) if target else None, pattern="verb:close -> 191",
                 explanation={"trigger": "closed", "depth": 0, "source": {"route": route}},
                 trigger_start=start, trigger_end=start + 6)


def test_co_sources_are_the_coordinated_subjects_of_the_same_act():
    top = _event("CHL", "subject")
    peru = _event("PER", "subject/conj")
    assert co_sources([top, peru], top) == [peru]
    assert co_sources([peru, top], peru) == [top]  # whichever of them is on top
    # another trigger, another code, another target, or a source not coordinated: not a co-source
    assert co_sources([top, _event("PER", "subject/conj", start=40)], top) == []
    assert co_sources([top, _event("PER", "subject/conj", code="172")], top) == []
    assert co_sources([top, _event("PER", "subject/conj", target="BOL")], top) == []
    assert co_sources([top, replace(peru, explanation={"source": {"route": "subject"}})], top) == []


@pytest.mark.parametrize("text, name, code", [
    ("Two men were arrested in Belfast overnight.", "Belfast", "GBR"),
    ("The talks on Northern Ireland resumed in London.", "Northern Ireland", "GBR"),
    ("A Basque separatist group called a truce.", "Basque separatist group", "ESPREB"),
    ("Troops moved towards South Ossetia on Friday.", "South Ossetia", "GEO"),
    ("Shining Path and Tupac Amaru rebels clashed.", "Tupac Amaru rebels", "PERREB"),
    ("The mediator shuttled between the Emirates and Qatar.", "the Emirates", "ARE"),
])
def test_regions_peoples_and_groups_of_one_state(text, name, code):
    from detente.actors import ActorResolver
    from detente.nlp import load_pipeline

    found = {m.text: m.code for m in ActorResolver().resolve(load_pipeline()(text), "2000-01-01")}
    assert found.get(name) == code


def test_doers_acting_in_a_capital_are_not_the_state_there(coder):
    events = coded_events(coder, "Gunmen killed nine people in Nairobi on Sunday.", "2013-09-22")
    killings = [e for e in events if e.cameo.startswith("18")]
    assert killings and all(e.source is not None and e.source.country is None for e in killings)
    events = coded_events(coder, "Protesters stormed the Ukrainian parliament on Sunday.", "2013-09-22")
    assert any("bare-on-state" in (e.explanation.get("source") or {}).get("route", "") and e.source.country == "UKR"
               for e in events)  # a state acted on, not a place


@pytest.mark.parametrize("text, date, want", [
    ("Kosovo's prime minister urged European Union members, including Spain and Greece, to recognise its "
     "independence.", "2010-07-23", {("KSV", "ESP", "02"), ("KSV", "GRC", "02")}),
    ("Several countries, including Iran and Syria, condemned the strike on Monday.", "2013-09-02",
     {("IRN", None, "11"), ("SYR", None, "11")}),
])
def test_members_named_with_including_are_actors_too(coder, text, date, want):
    assert want <= triples(coded_events(coder, text, date))


def test_a_bare_organ_is_not_the_state_it_acts_on(coder):
    events = coded_events(coder, "Officials met Iranian diplomats in Geneva on Monday.", "2013-09-02")
    assert all("sentence-state" not in (e.explanation.get("source") or {}).get("route", "") for e in events)
