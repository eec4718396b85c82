"""Which actor mention covers each token: the index every argument reader works on.

``MentionIndex`` also settles what the resolver cannot see token by token: a country-less sector
word coordinated with a state's actor ("President X and opposition leader Y"), "the two leaders"
(the last two countries named), a numbered UN resolution, and leading datelines (never actors).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from detente.nlp.lines import dateline_spans
from detente.nlp.table import doc_text, token_table


@dataclass
class Arg:
    mention: object  # ActorMention
    route: str  # "subject", "object", "prep:to", "possessor", ...


class MentionIndex:
    """Which actor mention (if any) covers each token of a parsed document."""

    def __init__(self, doc, mentions, words, sector_only: bool = True) -> None:
        self.words = words
        self.by_token: list[object | None] = [None] * len(doc)
        datelines = dateline_spans(doc_text(doc), words.dateline)
        self._place(mentions, datelines, len(doc), sector_only)
        self._coordinated_sectors(doc)
        self.pairs: dict[int, tuple] = {}
        for i, low in enumerate(token_table(doc).lower):  # "the two leaders met": the last two countries named before
            if low in words.pair_nouns and any(c.lower_ in words.pair_numbers for c in doc[i].children):
                pair = self._last_two(doc[i])
                if pair:
                    self.pairs[i] = pair
        dateline = datelines[0][1] if datelines and datelines[0][0] == 0 else 0
        self._resolutions(doc, dateline)

    def _place(self, mentions, datelines, n: int, sector_only: bool) -> None:
        """Each mention on its tokens; none inside a dateline; a bare sector word ("rebels", "police")
        only with ``sector_only``, coded CAMEO-style with no country (``---REB``)."""
        for m in mentions:
            if any(a <= m.start_char < b for a, b in datelines):
                continue
            if m.code is None and m.country is None:
                if not (sector_only and m.sector):
                    continue
                m = replace(m, code="---" + m.sector)  # "rebels", "police": CAMEO's country-less agent code
            for i in range(m.start, min(m.end, n)):
                self.by_token[i] = m

    def _coordinated_sectors(self, doc) -> None:
        """"President Kibaki and opposition leader Odinga": the opposition of Kibaki's country."""
        w = self.words
        for i, m in enumerate(self.by_token):
            if m is None or m.code != "---" + (m.sector or "") or m.sector not in w.coordinated_sectors:
                continue
            head = doc[i]
            while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
                head = head.head  # "opposition leader Raila Odinga": the name carries the conjunction
            state = next((self.by_token[c.i] for c in head.conjuncts if self.by_token[c.i] is not None
                          and self.by_token[c.i].country), None)
            if state is not None:
                own = replace(m, code=state.country + m.sector, country=state.country,
                              how=f"{m.how}; the country of its coordinated {state.text}")
                self.by_token[m.start:m.end] = [own] * (m.end - m.start)

    def _resolutions(self, doc, dateline: int) -> None:
        """"Resolution 2375 caps shipments ...": a numbered resolution acts for the Council."""
        n = len(doc)
        for i, low in enumerate(token_table(doc).lower):
            if low not in self.words.resolution_words or i + 1 >= n:
                continue  # most tokens: the cheap test first
            tok, nxt = doc[i], doc[i + 1]
            if nxt.like_num and self.by_token[i] is None and tok.idx >= dateline:
                self.by_token[i] = self.by_token[nxt.i] = _resolution_mention(tok, nxt)

    def at(self, tok):
        return self.by_token[tok.i]

    def mentions_in(self, span) -> list:
        """The distinct mentions covering tokens of ``span`` (a sentence), in order."""
        out: list = []
        for m in self.by_token[span.start:span.end]:
            if m is not None and (not out or out[-1] is not m):
                out.append(m)
        return out

    def _last_two(self, tok) -> tuple | None:
        """The two most recent mentions of different countries within the last ~80 tokens."""
        found: list = []
        for i in range(tok.i - 1, max(-1, tok.i - int(self.words.pair_window)), -1):
            m = self.by_token[i]
            if m is not None and m.country and all(m.country != f.country for f in found) \
                    and not _names_a_place(tok.doc, m, self.words):
                found.append(m)
                if len(found) == 2:
                    return found[1], found[0]
        return None


def _names_a_place(doc, m, words) -> bool:
    """"met in Singapore", "a summit at Camp David": a country or city named as where it happened."""
    last = doc[min(m.end, len(doc)) - 1]
    return (getattr(m, "kind", "") in ("capital", "country", "city") and last.dep_ == "pobj"
            and last.head.lower_ in words.place_heads)


def _resolution_mention(tok, num):
    from detente.actors import ActorMention

    return ActorMention(tok.i, num.i + 1, tok.idx, num.idx + len(num.text), f"{tok.text} {num.text}", "IGOUNO",
                        None, None, "org", "a numbered resolution stands for the UN Security Council")


def dateline_end(text: str, words) -> int:
    """Character offset where a leading dateline ("SEOUL, Sept. 4 — ") ends, or 0."""
    spans = dateline_spans(text, words.dateline)
    return spans[0][1] if spans and spans[0][0] == 0 else 0


def countryless(m) -> bool:
    """A sector word with no country ("rebels", "police"): it may act, but is never a target."""
    return (m.code or "").startswith("---")
