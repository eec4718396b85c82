"""ActorResolver: spaCy Doc → actor mentions with CAMEO codes, roles at the document date and
in-document coreference. The data decides what is an actor; spaCy's tokens and dependency
labels only help with composition (``Chinese`` + ``officials``) and pronoun filtering.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from detente.actors.coref import DocMemory
from detente.actors.data import Alias, split_code
from detente.actors.ellipsis import elided_names
from detente.actors.lexicon import Match
from detente.actors.mention import ActorMention
from detente.actors.minorities import ethnic_residence, merge_residence
from detente.actors.roles import by_short, code_at, holder, norm_date
from detente.nlp.table import doc_text, token_table

if TYPE_CHECKING:
    from detente.langdata import LanguageData

COUNTRYISH = ("country", "demonym", "capital", "seat", "org", "city")
_PRIORITY = {"discard": 0, "person": 1, "org": 2, "seat": 2, "capital": 3, "country": 3, "demonym": 4,
             "city": 5, "title": 6, "sector": 7, "anaphora": 8}


PENDING = " (country: next in sentence)"


def _sentence_country(doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A titled unknown person with no country named before ("President Dos Santos has conceded to demands
    from ... Angola") takes the first country named after it in the same sentence (PETRARCH-style)."""
    for k, m in enumerate(mentions):
        if m.code is not None or not m.how.endswith(PENDING):
            continue
        sent_end = doc[m.start].sent.end
        later = next((x for x in mentions[k + 1:] if x.start < sent_end and x.country
                      and doc[x.start].ent_type_ != "MONEY"), None)  # not "US$50 million"
        how = m.how[: -len(PENDING)]
        if later is None:
            mentions[k] = replace(m, how=how + " (no country)")
            continue
        mentions[k] = replace(m, code=later.country + "GOV", country=later.country,
                              how=how + f", country from later in the sentence ('{later.text}')")
    return mentions


@dataclass
class Item:
    start: int
    end: int
    alias: Alias


def _pick(match: Match) -> Alias:
    return min(match.aliases, key=lambda a: _PRIORITY.get(a.kind, 9))


def _stance_prefix(doc, it: Item, w) -> bool:
    """"pro-Russian rebels", "anti-American protests", "a Norwegian-brokered deal": a stance towards
    or a sponsorship by a country, not the country acting."""
    if it.alias.kind not in ("country", "demonym"):
        return False
    table = token_table(doc)
    text, lower = table.text, table.lower
    if it.start >= 2 and text[it.start - 1] in ("-", "\u2011") and lower[it.start - 2] in w.stance_prefixes:
        return True
    # "a Norwegian-brokered ceasefire", "the Syrian-backed militia": a sponsor, not the actor itself
    return it.end + 1 < len(text) and text[it.end] in ("-", "\u2011") and lower[it.end + 1] in w.sponsor_suffixes


NAME_ENTITIES = ("PERSON", "")
PLACE_ENTITIES = ("GPE", "LOC", "FAC", "")


def _not_a_town(doc, it: Item) -> bool:
    """A generated town name counts only as a proper noun that is not part of a longer name the
    parser found ("Nadia Kassala", "Aurora Energy"); the small parser often calls a lone unknown
    town a PERSON, so a one-word entity does not count against it."""
    if it.alias.extra != "gazetteer":
        return False
    span = doc[it.start:it.end]
    if any(t.pos_ != "PROPN" for t in span):
        return True
    for ent in {t.ent_type_ and (t.ent_type_, _ent_bounds(t)) for t in span} - {""}:
        kind, (start, end) = ent
        if kind not in PLACE_ENTITIES and (start < it.start or end > it.end):
            return True
    return False


def _ent_bounds(tok) -> tuple[int, int]:
    """The token span of the named entity ``tok`` is in."""
    start, end = tok.i, tok.i + 1
    doc = tok.doc
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _in_unknown_name(doc, i: int, covered: set[int]) -> bool:
    """"Senior Captain Li Xi", "Sayed Abbas Araghchi": a surname next to another capitalised name word
    that no entry covers is part of someone else's name, not the known person's surname."""
    text = token_table(doc).text
    for k in (i - 1, i + 1):
        if 0 <= k < len(text) and k not in covered and text[k][:1].isupper():
            t = doc[k]
            if t.text[:1].isupper() and t.is_alpha and t.pos_ in ("PROPN", "VERB") and t.ent_type_ in NAME_ENTITIES \
                    and not (k == i - 1 and t.is_sent_start):
                return True
    return False


def _with_sector(code: str, sector: str) -> str:
    country, _ = split_code(code)
    return (country or code) + sector if country else code


class ActorResolver:
    """Resolves parsed documents against the actor tables and words of one ``LanguageData``
    (the package's when none is given)."""

    def __init__(self, lang: LanguageData | None = None, tokenizer=None) -> None:
        if lang is None:
            from detente.langdata import LanguageData

            lang = LanguageData.default()
        if tokenizer is None:
            from detente.nlp import load_pipeline

            tokenizer = load_pipeline().tokenizer
        self.tables, self.words = lang.actors, lang.actor_words
        self.lexicon = lang.alias_lexicon(tokenizer)

    # ---------------------------------------------------------------- public API
    def lookup(self, text: str, date: str | None = None) -> ActorMention | None:
        """Resolve a bare string ('Beijing', 'the Chinese president'): the longest mention in it."""
        from detente.nlp import load_pipeline

        mentions = self.resolve(load_pipeline()(text), date)
        return max(mentions, key=lambda m: (m.code is not None, m.end - m.start), default=None)

    def resolve(self, doc, doc_date: str | None) -> list[ActorMention]:
        """Every actor mention in ``doc``, sorted and non-overlapping, coreference resolved."""
        date = norm_date(doc_date)
        items = self._items(doc)
        mem = DocMemory(doc_text(doc), not_surnames=self.words.not_surnames)
        out: list[ActorMention] = []
        i = 0
        while i < len(items):
            m, used = self._compose(doc, items, i, date, mem, out)
            i += max(used, 1)
            if m is not None:
                out.append(m)
                mem.add(m)
        return ethnic_residence(doc, _sentence_country(doc, out), self.words)

    # ---------------------------------------------------------------- candidates
    def _items(self, doc) -> list[Item]:
        items = [Item(m.start, m.end, _pick(m)) for m in self.lexicon.matches(doc)]
        items = [it for it in items if not _stance_prefix(doc, it, self.words) and not _not_a_town(doc, it)]
        items = merge_residence(doc, items, self.words)
        items = elided_names(doc, items, self.lexicon, self.words.coordinators,
                             lambda aliases: min(aliases, key=lambda a: _PRIORITY.get(a.kind, 9)), Item)
        covered = {t for it in items for t in range(it.start, it.end)}
        names = {w.lower() for it in items if it.alias.kind == "person"
                 for w in self.tables.people[it.alias.person].name.replace("-", " ").split()}
        extra = []
        table = token_table(doc)
        for i, (text, low) in enumerate(zip(table.text, table.lower)):
            if i in covered or not text[:1].isupper():
                continue
            if (low in self.tables.shorts or low in names) and not _in_unknown_name(doc, i, covered):
                extra.append(Item(i, i + 1, Alias(text, "short")))
        return sorted(items + extra, key=lambda it: it.start)

    # ---------------------------------------------------------------- composition
    def _mention(self, doc, start: int, end: int, code: str | None, kind: str, how: str,
                 sector: str | None = None) -> ActorMention:
        table = token_table(doc)
        if 0 <= start < end <= len(table.idx):  # the span's offsets and text, read from the table
            start_char, end_char = table.idx[start], table.idx[end - 1] + len(table.text[end - 1])
            text = table.doc_text[start_char:end_char]
        else:
            span = doc[start:end]
            start_char, end_char, text = span.start_char, span.end_char, span.text
        country, sec = split_code(code) if code else (None, None)
        return ActorMention(start, end, start_char, end_char, text, code, country,
                            sector if sector is not None else sec, kind, how)

    def _gap(self, doc, a: int, b: int, allowed: set[str], possessive: bool = True) -> bool:
        """Tokens a..b-1 are only modifiers (and an optional possessive)."""
        lower = token_table(doc).lower
        return all(lower[k] in allowed or (possessive and lower[k] in self.words.possessive)
                   for k in range(a, b))

    def _compose(self, doc, items: list[Item], i: int, date, mem: DocMemory, out) -> tuple:
        it = items[i]
        kind = it.alias.kind
        nxt = items[i + 1] if i + 1 < len(items) else None
        if kind == "discard":
            return None, 1
        if kind in COUNTRYISH:
            return self._countryish(doc, items, i, date, mem, out)
        if kind in ("person", "short"):
            return self._person(doc, it, it.start, date, mem, ""), 1
        if kind == "title":
            start = it.start - 1 if it.start and doc[it.start - 1].lower_ in self.words.honorifics else it.start
            if nxt and nxt.alias.kind in ("person", "short") and self._gap(doc, it.end, nxt.start, set(), False):
                m = self._person(doc, nxt, start, date, mem, f"title '{it.alias.text}' + ")
                if m is not None:
                    return m, 2
            if nxt and nxt.alias.kind in COUNTRYISH and nxt.start == it.end + 1 and doc[it.end].lower_ == "of" \
                    or nxt and nxt.alias.kind in COUNTRYISH and nxt.start == it.end + 2 \
                    and doc[it.end].lower_ == "of" and doc[it.end + 1].lower_ == "the":
                return self._title(doc, it.start, nxt.end, nxt.alias.code, it.alias.code, date, set(), nxt, mem), 2
            return self._bare(doc, it, date, mem), 1
        if kind == "sector":
            if nxt and nxt.alias.kind in COUNTRYISH and doc[it.end].lower_ in ("of", "from") and \
                    self._gap(doc, it.end + 1, nxt.start, {"the"}, False):
                code = _with_sector(nxt.alias.code, it.alias.code)
                return self._mention(doc, it.start, nxt.end, code, "sector",
                                     f"sector '{it.alias.text}' of {nxt.alias.text}"), 2
            if doc[it.end - 1].pos_ not in ("NOUN", "PROPN"):
                return None, 1  # "official" goal, "general" rule: adjectives are not actors
            return self._bare(doc, it, date, mem), 1
        if kind == "anaphora":
            if it.alias.extra and nxt and nxt.alias.kind in COUNTRYISH and doc[it.end].lower_ == "of" and \
                    self._gap(doc, it.end + 1, nxt.start, {"the"}, False):
                return self._mention(doc, it.start, nxt.end, _with_sector(nxt.alias.code, it.alias.extra),
                                     "sector", f"'{it.alias.text}' of {nxt.alias.text}"), 2
            return self._anaphora(doc, it, mem), 1
        if kind == "short":
            return None, 1
        return None, 1

    def _countryish(self, doc, items, i, date, mem, out) -> tuple:
        it = items[i]
        code = it.alias.code
        j = i + 1
        mods: set[str] = set()
        if j < len(items):
            nxt = items[j]
            close = self._gap(doc, it.end, nxt.start, self.words.modifiers)
            if close and nxt.alias.kind == "title":  # the words between them: only here (the gap may be long)
                gap_words = set(token_table(doc).lower[it.end:nxt.start])
                mods = gap_words | ({doc[it.start - 1].lower_} if it.start else set())
                after = items[j + 1] if j + 1 < len(items) else None
                if after and after.alias.kind in ("person", "short") and after.start == nxt.end:
                    m = self._person(doc, after, it.start, date, mem, f"'{it.alias.text} {nxt.alias.text}' + ")
                    if m is not None:
                        return m, 3
                if it.alias.kind == "org" and len(code) > 3:  # "Boko Haram leader Abubakar Shekau": the group's
                    return self._mention(doc, it.start, nxt.end, code, "org",
                                         f"org '{it.alias.text}' + title '{nxt.alias.text}'"), 2
                return self._title(doc, it.start, nxt.end, code, nxt.alias.code, date, mods, it, mem), 2
            if close and nxt.alias.kind in ("person",) and (
                    it.alias.kind == "demonym" and nxt.start == it.end
                    or it.alias.kind == "country" and nxt.start == it.end + 1 and doc[it.end].lower_ in self.words.possessive):
                m = self._person(doc, nxt, it.start, date, mem, f"'{doc[it.start:nxt.start].text}' + ")
                stated = split_code(code)[0]
                if m is not None and stated and m.country and m.country != stated:
                    # "Jordan's King Abdullah": the name also fits a Saudi king; the stated country wins
                    m = self._mention(doc, it.start, nxt.end, _with_sector(stated, "GOV"), "person",
                                      f"{m.how}; but the text says {it.alias.text}: {stated}GOV")
                return m, 2
            if close and nxt.alias.kind == "sector" and doc[nxt.end - 1].pos_ in ("NOUN", "PROPN"):
                sec = nxt.alias.code
                # "FARC commander", "Hamas fighters": a group keeps its own role code
                new = code if it.alias.kind == "org" and len(code) > 3 else _with_sector(code, sec)
                self._coordinated(doc, it, out, sec)
                return self._mention(doc, it.start, nxt.end, new, "sector",
                                     f"{it.alias.kind} '{it.alias.text}' + sector '{nxt.alias.text}'"), 2
        if it.alias.kind == "capital" and self._name_part(doc, it, items[j] if j < len(items) else None):
            return None, 1
        kind = "capital" if it.alias.kind in ("capital", "seat") else \
            ("org" if it.alias.kind == "org" else it.alias.kind)
        kind = "country" if kind == "city" else kind
        return self._mention(doc, it.start, it.end, code, kind, f"{it.alias.kind} '{it.alias.text}'"), 1

    @staticmethod
    def _name_part(doc, it: Item, nxt: Item | None) -> bool:
        """'Washington Examiner', 'Beijing Olympics': a capital that begins another proper name."""
        if it.end >= len(doc) or (nxt is not None and nxt.start == it.end):
            return False
        tok = doc[it.end]
        return tok.text[:1].isupper() and tok.pos_ == "PROPN" and tok.ent_type_ not in ("DATE", "TIME", "GPE")

    def _coordinated(self, doc, it: Item, out: list[ActorMention], sector: str) -> None:
        """'Chinese and Russian officials': the sector also applies to the earlier conjuncts."""
        end = it.start
        for k in range(len(out) - 1, -1, -1):
            m = out[k]
            if not all(doc[t].lower_ in self.words.coordinators for t in range(m.end, end)) or m.end == end:
                break
            if m.kind not in ("country", "demonym") or not m.code or len(m.code) != 3:
                break
            out[k] = self._mention(doc, m.start, m.end, m.code + sector, m.kind, m.how + f" + shared sector {sector}")
            end = m.start

    def _title(self, doc, start, end, code, role, date, mods, country_item, mem: DocMemory) -> ActorMention:
        country, _ = split_code(code)
        base = country or code
        text = f"title {role} of {country_item.alias.text}"
        if mods & self.words.former and country:
            return self._mention(doc, start, end, country + "ELI", "title", text + ": former (ELI)")
        if mods & self.words.no_holder:
            return self._mention(doc, start, end, _with_sector(code, "GOV"), "title", text + ": deputy, no holder")
        p = holder(self.tables, base, role, date)
        if p is not None:
            pc, why = code_at(p, date)
            m = self._mention(doc, start, end, pc, "title", f"{text} at {date}: {p.name} ({why})")
            mem.genders[id(m)] = p.gender
            return m
        fallback = _with_sector(code, "GOV") if country else code
        return self._mention(doc, start, end, fallback, "title", text + f": no known holder at {date}")

    def _person(self, doc, it: Item, start: int, date, mem: DocMemory, prefix: str) -> ActorMention | None:
        if start == it.start and start and doc[start - 1].lower_ in self.words.honorifics:
            start -= 1
        if it.alias.kind == "person":
            p = self.tables.people[it.alias.person]
            mem.register(p)
            how = "full name"
        else:
            p = mem.named(it.alias.text, date)
            how = "short name after full mention"
            if p is None:
                p, how = by_short(self.tables, it.alias.text, date)
                if p is None:
                    return None
        code, why = code_at(p, date)
        m = self._mention(doc, start, it.end, code, "person", f"{prefix}{how}: {p.name} ({why})")
        mem.genders[id(m)] = p.gender
        return m

    def _bare(self, doc, it: Item, date, mem: DocMemory) -> ActorMention:
        """A title or sector word without a country of its own: see docs/actors.md for the rule."""
        definite = it.start > 0 and doc[it.start - 1].lower_ == "the"
        start = it.start - 1 if definite else it.start
        singular = doc[it.end - 1].tag_ not in ("NNS", "NNPS")
        named = self._unknown_name_end(doc, it) if it.alias.kind == "title" else None
        if named is not None:  # "Foreign Minister Ali Ahmed": a title with a name we do not know
            ante = mem.last_country(doc[it.start].idx)
            if ante is not None and ante.code:
                return self._mention(doc, it.start, named, _with_sector(ante.country or ante.code, "GOV"), "title",
                                     f"title '{it.alias.text}' + unknown name '{doc[it.end:named].text}', "
                                     f"country from paragraph ('{ante.text}')")
            return self._mention(doc, it.start, named, None, "title", f"title '{it.alias.text}' + unknown name "
                                 f"'{doc[it.end:named].text}'{PENDING}", sector="GOV")
        if definite and singular and it.alias.kind == "title":
            ante = mem.last_country(doc[it.start].idx)
            if ante is not None and ante.code:
                item = Item(ante.start, ante.end, Alias(ante.text, ante.kind, ante.code))
                m = self._title(doc, start, it.end, ante.code, it.alias.code, date, set(), item, mem)
                m.how = "bare title, country from paragraph: " + m.how
                return m
        sector = it.alias.code if it.alias.kind == "sector" else "GOV"
        return self._mention(doc, start if definite else it.start, it.end, None, it.alias.kind,
                             f"bare {it.alias.kind} '{it.alias.text}' (no country)", sector=sector)

    @staticmethod
    def _unknown_name_end(doc, it: Item) -> int | None:
        """End of the proper name right after a title ("Foreign Minister Ali Ahmed"), or None."""
        k = it.end
        while k < len(doc) and (doc[k].pos_ == "PROPN" and doc[k].ent_type_ == "PERSON" or k > it.end and
                                doc[k].text == "-" and k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN"):
            k += 1  # "Jean-Bertrand Aristide"
        return k if k > it.end else None

    def _anaphora(self, doc, it: Item, mem: DocMemory) -> ActorMention | None:
        want, target = it.alias.code, it.alias.extra
        tok = doc[it.start]
        if want.startswith("fixed:"):
            need = set(target.split("|"))
            if not need & mem.countries:
                return None
            return self._mention(doc, it.start, it.end, want[6:], "pronoun",
                                 f"country: '{it.alias.text}' with {'/'.join(sorted(need & mem.countries))} in text")
        if want.startswith("like:"):  # "the alliance": the most recent alliance named
            ante = mem.like(tok.idx, tuple(want[5:].split("|")))
            return None if ante is None else self._mention(doc, it.start, it.end, ante.code, "pronoun",
                                                           f"{want}: '{it.alias.text}' → '{ante.text}' ({ante.code})")
        if it.end - it.start == 1 and tok.lower_ == "it" and (tok.dep_ == "expl" or
                                                              tok.head.lemma_ in self.words.expletive_heads):
            return None
        subject = want == "person" and tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in self.words.subject_pronouns
        gender = self.words.pronoun_genders.get(tok.lower_, "")
        ante = mem.antecedent(tok.idx, want, subject_of=tok.sent.start if subject else None, doc=doc, gender=gender)
        if ante is None:
            return None
        code = ante.code
        if target and code:
            code = _with_sector(code, target)
        m = self._mention(doc, it.start, it.end, code, "pronoun",
                          f"{want}: '{it.alias.text}' → '{ante.text}' ({ante.code})")
        mem.genders[id(m)] = mem.genders.get(id(ante), "")
        return m
