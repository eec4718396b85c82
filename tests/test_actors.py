"""Behaviour of the actor resolver: names, roles at dates, coreference, titles, IGOs, sectors."""

from __future__ import annotations

import pytest

from detente.actors import ActorMention, ActorResolver


@pytest.fixture(scope="module")
def res() -> ActorResolver:
    return ActorResolver()


def mentions(res, nlp, text: str, date: str | None = "2018-06-01") -> list[ActorMention]:
    return res.resolve(nlp(text), date)


def codes(res, nlp, text: str, date: str | None = "2018-06-01") -> list[tuple[str, str | None]]:
    return [(m.text, m.code) for m in mentions(res, nlp, text, date) if m.code]


@pytest.mark.parametrize("text,code", [
    ("China", "CHN"), ("the United States", "USA"), ("the U.S.", "USA"), ("US", "USA"), ("DPRK", "PRK"),
    ("ROK", "KOR"), ("PRC", "CHN"), ("U.K.", "GBR"), ("UAE", "ARE"), ("North Korean", "PRK"),
    ("Chinese", "CHN"), ("American", "USA"), ("South Korean", "KOR"), ("Beijing", "CHNGOV"),
    ("Pyongyang", "PRKGOV"), ("Washington", "USAGOV"), ("the White House", "USAGOV"),
    ("the Kremlin", "RUSGOV"), ("Seoul", "KORGOV"), ("Tokyo", "JPNGOV"), ("Moscow", "RUSGOV"),
    ("Zhongnanhai", "CHNGOV"), ("Downing Street", "GBRGOV"), ("the Blue House", "KORGOV"),
    ("Pentagon", "USAMIL"), ("Rwanda", "RWA"), ("Switzerland", "CHE"), ("Georgian", "GEO"),
])
def test_countries_capitals_abbreviations(res, text, code):
    m = res.lookup(text, "2018-06-01")
    assert m is not None and m.code == code, (text, m)
    assert m.country == code[:3]


def test_lowercase_us_is_not_a_country(res, nlp):
    assert codes(res, nlp, "They told us nothing.") == []


def test_sentence_offsets_and_to_actor(res, nlp):
    doc = nlp("Officials in Beijing met envoys.")
    m = [x for x in res.resolve(doc, "2018-01-01") if x.code == "CHNGOV"][0]
    assert doc.text[m.start_char:m.end_char] == "Beijing"
    a = m.to_actor(offset=3)
    assert (a.code, a.country, a.start) == ("CHNGOV", "CHN", m.start_char - 3)


@pytest.mark.parametrize("date,name", [("2016-05-01", "Barack Obama"), ("2018-05-01", "Donald Trump"),
                                       ("2022-03-01", "Joe Biden"), ("2025-06-01", "Donald Trump")])
def test_title_resolves_by_date(res, date, name):
    m = res.lookup("the American president", date)
    assert m.code == "USAGOV" and m.kind == "title" and name in m.how


def test_titles(res):
    assert "Xi Jinping" in res.lookup("the Chinese president", "2018-01-01").how
    assert "Kim Jong Un" in res.lookup("North Korea's leader", "2018-01-01").how
    assert "Kim Jong Il" in res.lookup("North Korea's leader", "2005-01-01").how
    assert "Kang Kyung-wha" in res.lookup("the South Korean foreign minister", "2019-01-01").how
    m = res.lookup("the U.S. secretary of state", "2017-06-01")
    assert m.code == "USAGOV" and "Tillerson" in m.how
    assert "Moon Jae-in" in res.lookup("the president of South Korea", "2018-04-27").how
    assert res.lookup("the former South Korean president", "2018-01-01").code == "KORELI"
    assert res.lookup("the UN secretary-general", "2018-01-01").code == "IGOUNO"


def test_people_time_bounded(res):
    assert res.lookup("Barack Obama", "2012-01-01").code == "USAGOV"
    assert res.lookup("Barack Obama", "2018-01-01").code == "USAELI"
    assert res.lookup("Donald Trump", "2023-01-01").code == "USAELI"
    assert res.lookup("Donald Trump", "2025-03-01").code == "USAGOV"
    assert res.lookup("Donald Trump", "2015-01-01").code == "USA"
    assert res.lookup("Ban Ki-moon", "2010-01-01").code == "IGOUNO"
    assert res.lookup("Ban Ki-moon", "2005-01-01").code == "KORGOV"


def test_four_kims(res, nlp):
    assert res.lookup("Kim Jong Un", "2018-06-12").code == "PRKGOV"
    assert res.lookup("Kim Jong Il", "2005-01-01").code == "PRKGOV"
    assert res.lookup("Kim Jong Il", "2015-01-01").code == "PRKELI"  # died December 2011
    assert res.lookup("Kim Jong Nam", "2016-01-01").code == "PRK"  # private person, never GOV
    assert res.lookup("Kim Yo Jong", "2018-02-10").code == "PRKGOV"
    text = ("Kim Jong Nam was killed in Kuala Lumpur. Kim had lived abroad for years.\n\n"
            "Kim Yo Jong visited Seoul. Kim met Moon Jae-in.")
    ms = [m for m in mentions(res, nlp, text, "2018-02-10") if m.kind == "person"]
    kims = [(m.text, m.how.split(": ")[1].split(" (")[0]) for m in ms if m.text == "Kim"]
    assert kims == [("Kim", "Kim Jong Nam"), ("Kim", "Kim Yo Jong")]
    assert [m.code for m in ms if m.text == "Kim"] == ["PRK", "PRKGOV"]


def test_short_names_from_earlier_mentions(res, nlp):
    text = "Xi Jinping hosted Kim Jong Un in Beijing. Xi praised Kim, and Trump welcomed the talks."
    ms = mentions(res, nlp, text, "2018-03-28")
    people = {(m.text, m.code) for m in ms if m.kind == "person"}
    assert ("Xi", "CHNGOV") in people and ("Kim", "PRKGOV") in people and ("Trump", "USAGOV") in people
    xi = [m for m in ms if m.text == "Xi"][0]
    assert "after full mention" in xi.how


def test_bare_short_name_without_earlier_mention(res):
    assert "Moon Jae-in" in res.lookup("Moon said", "2018-05-01").how
    assert "Kim Jong Un" in res.lookup("Kim said", "2018-05-01").how  # the only leader named Kim
    assert res.lookup("moon", "2018-05-01") is None


def test_title_plus_name_is_one_mention(res, nlp):
    ms = mentions(res, nlp, "Chinese President Xi Jinping met U.S. President Donald Trump.", "2017-04-06")
    assert [(m.text, m.code, m.kind) for m in ms] == [
        ("Chinese President Xi Jinping", "CHNGOV", "person"), ("U.S. President Donald Trump", "USAGOV", "person")]


@pytest.mark.parametrize("text,code", [
    ("the UN", "IGOUNO"), ("UN Security Council", "IGOUNO"), ("the IAEA", "IGOUNOIAE"),
    ("the European Union", "IGOEUREEC"), ("NATO", "IGOWSTNAT"), ("ASEAN", "IGOSEAASN"), ("BRICS", "IGOBUS"),
    ("the G20", "IGOBUS"), ("the WTO", "IGOBUSWTO"), ("the IMF", "IGOBUSIMF"), ("the World Bank", "IGOUNODEVWBK"),
    ("the African Union", "IGOAFRAFU"),
])
def test_igos(res, text, code):
    m = res.lookup(text)
    assert m.code == code and m.country is None and m.kind == "org"


@pytest.mark.parametrize("text,code", [
    ("Chinese officials", "CHNGOV"), ("the North Korean military", "PRKMIL"), ("American banks", "USABUS"),
    ("the Chinese government", "CHNGOV"), ("South Korean media", "KORMED"), ("Beijing's foreign ministry", "CHNGOV"),
    ("North Korea's military", "PRKMIL"), ("the government of North Korea", "PRKGOV"), ("Russian troops", "RUSMIL"),
])
def test_sector_words(res, text, code):
    m = res.lookup(text)
    assert m.code == code and m.sector == code[3:6] and m.kind == "sector", (text, m)


def test_coordinated_sector(res, nlp):
    assert codes(res, nlp, "Chinese and Russian officials met.") == [("Chinese", "CHNGOV"), ("Russian officials", "RUSGOV")]


def test_bare_sector_stays_uncoded(res, nlp):
    ms = mentions(res, nlp, "Officials said nothing.")
    assert ms and ms[0].code is None and ms[0].sector == "GOV"


def test_pronouns_and_regime(res, nlp):
    text = ("North Korea tested a missile. Its neighbours protested, and the regime ignored them. "
            "Moon Jae-in said he was worried.\n\nHe left.")
    ms = mentions(res, nlp, text, "2018-01-01")
    got = [(m.text, m.code) for m in ms if m.kind == "pronoun"]
    assert ("Its", "PRK") in got and ("the regime", "PRKGOV") in got and ("he", "KORGOV") in got
    assert ("He", "KORGOV") not in got  # another paragraph: no antecedent


def test_the_north(res, nlp):
    assert ("the North", "PRK") in codes(res, nlp, "Seoul warned the North.")
    assert codes(res, nlp, "They went to the North.") == []


def test_bare_title_takes_country_from_paragraph(res, nlp):
    ms = mentions(res, nlp, "France hosted the summit. The president spoke first.", "2018-01-01")
    m = [x for x in ms if x.kind == "title"][0]
    assert m.code == "FRAGOV" and "Macron" in m.how


def test_no_document_date(res, nlp):
    assert res.lookup("Pyongyang", None).code == "PRKGOV"
    assert res.lookup("the Chinese president", None).code == "CHNGOV"  # no holder without a date
    assert res.lookup("Kim Jong Un", None).code == "PRKGOV"
    ms = mentions(res, nlp, "Xi Jinping spoke. Xi left.", None)
    assert [m.code for m in ms] == ["CHNGOV", "CHNGOV"]


def test_discards(res, nlp):
    assert codes(res, nlp, "Tensions rose on the Korean Peninsula and in the South China Sea.") == []


def test_mentions_sorted_non_overlapping(res, nlp):
    ms = mentions(res, nlp, "The U.S. and China, North Korea's main ally, met at the UN with Japanese diplomats.")
    ends = [(m.start, m.end) for m in ms]
    assert ends == sorted(ends) and all(a[1] <= b[0] for a, b in zip(ends, ends[1:]))


def test_subject_pronoun_prefers_subject(res, nlp):
    ms = mentions(res, nlp, "Trump told Xi that he would raise tariffs.", "2018-06-01")
    assert [(m.text, m.how.split("→ ")[1]) for m in ms if m.kind == "pronoun"] == [("he", "'Trump' (USAGOV)")]


def test_capital_inside_another_name_is_not_an_actor(res, nlp):
    assert codes(res, nlp, "He wrote for the Washington Examiner.") == []
    assert codes(res, nlp, "Washington said no.") == [("Washington", "USAGOV")]


def test_plural_demonyms(res):
    assert res.lookup("Nigerians").code == "NGA"
    assert res.lookup("Iraqis").code == "IRQ"


def test_history_aside_does_not_capture_later_short_name(res, nlp):
    text = ("Kim Jong Un went to Beijing. Xi had met his father, the late Kim Jong Il, in 2009. "
            "Kim wants sanctions relief.")
    ms = mentions(res, nlp, text, "2019-06-20")
    assert [m.code for m in ms if m.text == "Kim"] == ["PRKGOV"]
    assert [m.code for m in ms if m.text == "Kim Jong Il"] == ["PRKELI"]


def test_possessive_and_adjective_sector_words(res, nlp):
    # "official news agency" is an agent phrase (state media), not the sector word "official"
    assert codes(res, nlp, "North Korea's official news agency said so.") == [
        ("North Korea's official news agency", "PRKGOVMED")]
    assert all(m.kind != "sector" for m in mentions(res, nlp, "China's official goal is clear."))


def test_pronoun_gender(res, nlp):
    text = "Kim Yo Jong met Moon Jae-in in Seoul, and she said the visit went well. He agreed."
    got = [(m.text, m.how.split("→ ")[1]) for m in mentions(res, nlp, text, "2018-02-10") if m.kind == "pronoun"]
    assert got == [("she", "'Kim Yo Jong' (PRKGOV)"), ("He", "'Moon Jae-in' (KORGOV)")]


def test_demonym_led_forces_are_that_countrys_military() -> None:
    from detente.actors import ActorResolver
    from detente.nlp import parse

    doc = next(parse(["Vietnamese-led forces shelled the camps."]))
    assert [m.code for m in ActorResolver().resolve(doc, None)] == ["VNMMIL"]


def test_title_with_unknown_name_takes_a_country_from_context() -> None:
    from detente.actors import ActorResolver
    from detente.nlp import parse

    r = ActorResolver()
    doc = next(parse(["Iraq rejected the plan. Foreign Minister Ali Ahmed said it was unfair."]))
    assert [m.code for m in r.resolve(doc, None)] == ["IRQ", "IRQGOV"]
    doc = next(parse(["President Dos Sontas has yielded to demands from rebels in Angola."]))
    first = r.resolve(doc, None)[0]
    assert (first.text, first.code) == ("President Dos Sontas", "AGOGOV")


def test_militia_is_unaligned_armed_force_and_money_is_no_country() -> None:
    from detente.actors import ActorResolver
    from detente.nlp import parse

    r = ActorResolver()
    doc = next(parse(["The camp was attacked by Burundian militiamen."]))
    assert [m.code for m in r.resolve(doc, None)] == ["BDIUAF"]
    doc = next(parse(["President Jean-Bertrand Aristide misused US$50 million."]))
    first = r.resolve(doc, None)[0]
    assert first.text == "President Jean-Bertrand Aristide" and first.code is None
