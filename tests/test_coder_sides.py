"""Who did it and to whom (issue 10, sources and targets): unnamed victims, acts at home, peoples named
with the country they live in, measures that repeat the document's earlier target.

All sentences are our own, written for these tests."""

from __future__ import annotations

from coder_helpers import coded_events, triples


def routes(events) -> set[str]:
    return {(e.explanation.get("target") or {}).get("route") for e in events}


def test_force_on_unnamed_people_hits_the_doers_own_country(coder):
    events = coded_events(coder, "Zambian soldiers raided a market town on Friday, killing eleven.", "2011-05-06")
    assert ("ZMB", "ZMB", "19") in triples(events)
    assert "unnamed-victims" in routes(events)


def test_victims_of_a_participle_are_of_the_country_the_main_clause_struck(coder):
    events = coded_events(coder, "Ethiopian jets bombed Eritrean army camps on Tuesday, wounding dozens.",
                          "1999-02-09")
    wounded = [e for e in events if e.explanation["trigger"] == "wounding"]
    assert wounded and all(e.target is not None and e.target.country == "ERI" for e in wounded)


def test_unnamed_victims_with_another_country_named_are_not_guessed_at_home(coder):
    events = coded_events(coder, "Malian rebels killed eleven people near the Algerian frontier.", "2012-03-01")
    assert not any(e.source is not None and e.target is not None and e.source.country == "MLI"
                   and e.target.country == "MLI" for e in events)


def test_kazakh_is_a_demonym(coder):
    events = coded_events(coder, "Kazakh officials met Chinese officials in Astana.", "2022-01-03")
    assert ("KAZ", "CHN", "04") in triples(events)


def test_an_aimed_act_naming_no_other_actor_is_aimed_at_home(coder):
    events = coded_events(coder, "The Kazakh interior minister warned on Monday that anyone who marched without "
                                 "a permit would be jailed.", "2022-01-03")
    assert ("KAZ", "KAZ", "13") in triples(events)
    assert "home(no other actor)" in routes(events)


def test_an_appeal_naming_no_addressee_is_not_aimed_at_home(coder):
    events = coded_events(coder, "The Peruvian president appealed on Sunday for calm.", "2017-03-19")
    assert all(e.target is None or e.target.country != "PER" for e in events if e.cameo.startswith("02"))


def test_no_home_target_when_the_story_just_named_another_side(coder):
    text = ("Canada imposed new tariffs on Brazilian steel on Monday.\n\n"
            "Mexico's economy minister said Mexico could also impose tariffs of its own.")
    events = coded_events(coder, text, "2019-04-01")
    mexican = [e for e in events if e.source is not None and e.source.country == "MEX"]
    assert mexican and all(e.target is None or e.target.country != "MEX" for e in mexican)


def test_a_people_named_with_the_country_it_lives_in_acts_as_that_country(coder):
    events = coded_events(coder, "Serbs in Kosovo rallied against the new border rules on Sunday.", "2013-07-01")
    assert events and all(e.source.country == "KSV" for e in events)


def test_sanctions_of_its_own_repeat_the_earlier_target(coder):
    text = ("The European Union froze the assets of Belarusian officials on Monday.\n\n"
            "Switzerland and Norway are expected to announce sanctions of their own.")
    events = coded_events(coder, text, "2021-06-21")
    aimed = {(e.source.country, e.target.country) for e in events
             if e.explanation["trigger"] == "sanctions" and e.target is not None}
    assert {("CHE", "BLR"), ("NOR", "BLR")} <= aimed


def test_a_truce_declared_by_sides_of_two_countries_is_between_them(coder):
    events = coded_events(coder, "The Ethiopian and Eritrean leaders declared a ceasefire on Tuesday.", "2000-06-13")
    assert {("ETH", "ERI", "08"), ("ERI", "ETH", "08")} <= triples(events)
    assert ("ETH", "ETH", "08") not in triples(events)



def test_cooperation_by_sides_of_two_countries_with_no_target_is_with_each_other(coder):
    events = coded_events(coder, "Bolivia and Chile agreed on Monday to resume formal talks on sea access.",
                          "2018-10-01")
    resumed = {(e.source.country, e.target.country if e.target else None) for e in events
               if e.explanation["trigger"] == "resume"}
    assert resumed == {("BOL", "CHL"), ("CHL", "BOL")}
