"""The pattern lexicon: which verbs and nouns name which CAMEO events.

The data lives in the language-data directory's ``coder/`` folder: ``patterns.yaml`` (hand-written
rules, tried first) and ``verbs_base.csv`` (verb facts extracted from PETRARCH-2's dictionary by
``scripts/build_coder_lexicon.py``). ``build_lexicon`` reads them from a ``DataSource``; the
lexicon matches a spaCy token against them and knows nothing about actors (the coder's job).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from detente.langdata.source import DataSource, LanguageDataError
from detente.nlp.table import doc_memo
from detente.nlp.tokens import tok_of

NONE_CODE = "none"  # a rule that matches and deliberately yields no event


@dataclass(frozen=True)
class VerbRule:
    lemma: str
    code: str
    obj: frozenset[str] = frozenset()
    prt: str | None = None
    prep: str | None = None
    prep_obj: frozenset[str] = frozenset()
    comp: frozenset[str] = frozenset()  # lemma of an infinitive complement ("declined to comment")
    mutual: bool = False
    weak: bool = False
    needs_target: bool = False  # "went to Beijing" is a visit, "came to power" is not
    no_obj: bool = False  # only without a direct object ("thousands demonstrated")
    # words of a naming complement: "called the launch *intolerable*", "described it *as a provocation*";
    # "*" = any complement
    compl: frozenset[str] = frozenset()
    origin: str = "lexicon"  # "lexicon" (patterns.yaml) or "petrarch" (verbs_base.csv)
    agentless: bool = False  # "a bomb exploded in X": an event with no source, kept with its place

    def describe(self) -> str:
        parts = [self.lemma]
        if self.prt:
            parts.append(self.prt)
        if self.obj:
            parts.append("+obj(" + _short(self.obj) + ")")
        if self.prep:
            parts.append(f"+{self.prep}" + (f"({_short(self.prep_obj)})" if self.prep_obj else ""))
        if self.compl:
            parts.append("+as(" + _short(self.compl) + ")")
        return f"verb:{' '.join(parts)} -> {self.code} [{self.origin}]"


@dataclass(frozen=True)
class NounRule:
    lemma: str
    code: str
    target_preps: tuple[str, ...] = ()
    source_preps: tuple[str, ...] = ("by", "of")
    mods: frozenset[str] = frozenset()
    mutual: bool = False
    modifier_target: bool = False  # "North Korea sanctions": a bare actor modifier is the target
    # only as the object of these prepositions or verbs ("*at* the request of X", "*submitted* a request")
    only_after: frozenset[str] = frozenset()
    #: another code where the noun carries one of its words ("suspension *of aid*": 162, where the
    #: suspension of trade is 163): (code, words) pairs, the first that holds wins
    mod_codes: tuple[tuple[str, frozenset[str]], ...] = ()

    def describe(self) -> str:
        mods = f" with ({_short(self.mods)})" if self.mods else ""
        return f"noun:{self.lemma}{mods} -> {self.code}"


@dataclass
class Lexicon:
    verbs: dict[str, list[VerbRule]] = field(default_factory=dict)
    nouns: dict[str, NounRule] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    antecedents: dict[str, frozenset[str]] = field(default_factory=dict)  # "test" -> earlier-event lemmas
    threat_complements: dict[str, frozenset[str]] = field(default_factory=dict)  # "pay" -> {dearly, price}
    lemma_fixes: dict[str, str] = field(default_factory=dict)  # lemmas the small model gets wrong
    verdict_words: frozenset[str] = frozenset()  # "said the raid was a massacre": criticism (patterns.yaml blame_words)

    def lemma(self, tok) -> str:
        """The token's lemma, with the parser's known slips mended ("staged" → "stag" → "stage")."""
        low = tok.lemma_.lower()
        return self.lemma_fixes.get(low, low)

    def match_verb(self, tok, skip: set | frozenset = frozenset()) -> tuple[VerbRule | None, object | None]:
        """The first rule (not in ``skip``) whose conditions hold for verb ``tok``, and the object it used.

        Without ``skip`` the answer is kept for the document (``nlp.table`` memo, per lexicon): the
        rules' trigger search and the learned lexicon votes ask it of the same verbs (issue 14)."""
        rules = self.verbs.get(tok.lemma_.lower())
        if rules is None:
            rules = self.verbs.get(self.lemma_fixes.get(tok.lemma_.lower(), ""))
        if not rules:
            return None, None
        doc = tok.doc  # held here: a plain-Python token holds its document weakly
        tok = tok_of(tok)  # the walks below read plain-Python tokens (nlp/tokens.py)
        if skip:
            return self._first_rule(tok, rules, skip)
        memo = doc_memo(doc, self, "match_verb")
        found = memo.get(tok.i)
        if found is None:
            found = memo[tok.i] = self._first_rule(tok, rules, skip)
        return found

    def _first_rule(self, tok, rules: list[VerbRule], skip: set | frozenset) -> tuple[VerbRule | None, object | None]:
        """``match_verb`` once the verb's lemma has ``rules``."""
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        conjs = [g for o in objs for g in o.conjuncts]  # "seized San Cristobal and several towns"
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            objs.append(tok.head)  # "the sanctions imposed by X": the modified noun is the object
        for rule in rules:
            if skip and rule in skip:  # (hashing a rule reads every field: only when there is a skip)
                continue
            used = None
            if rule.obj:
                used = next((o for o in objs if _word_in(o, rule.obj) or _mod_in(o, rule.obj)
                             or _of_object_in(o, rule.obj)), None) or next(
                    (o for o in conjs if _word_in(o, rule.obj)), None)
                if used is None:
                    continue
            if rule.no_obj and any(c.dep_ == "dobj" for c in tok.children):
                continue
            if rule.comp and not any(c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in rule.comp
                                     for c in tok.children):  # "gave X 72 hours to leave": an advcl
                continue
            if rule.compl and not _complement_in(tok, rule.compl):
                continue
            if rule.prt and not any(
                c.dep_ in ("prt", "prep", "advmod") and c.lower_ == rule.prt and not _names_time(c)
                for c in tok.children
            ):
                continue
            if rule.prep:
                preps = [c for c in _prep_holders(tok, rule.prt)
                         if c.dep_ in ("prep", "dative", "agent") and c.lower_ == rule.prep]
                if not preps:
                    continue
                if rule.prep_obj and not any(
                    _word_in(p, rule.prep_obj) for pr in preps for p in pr.children if p.dep_ == "pobj"
                ):
                    continue
            return rule, used
        return None, None

    def match_noun(self, tok) -> NounRule | None:
        """The nominal-event rule for noun ``tok`` when its required modifiers are present."""
        rule = None
        tok = tok_of(tok)
        for child in tok.children:  # a two-word entry first: "hunger strike", "general strike"
            if child.dep_ in ("compound", "amod") and child.i == tok.i - 1:
                rule = self.nouns.get(f"{child.lower_} {tok.lower_}") or self.nouns.get(
                    f"{child.lower_} {tok.lemma_.lower()}")
        rule = rule or self.nouns.get(tok.lower_) or self.nouns.get(tok.lemma_.lower())
        if rule is None:
            return None
        if rule.mods and not (_mod_in(tok, rule.mods) or _of_object_in(tok, rule.mods)):
            return None
        if rule.only_after and not ((tok.dep_ == "pobj" and tok.head.lower_ in rule.only_after) or (
                tok.dep_ == "dobj" and tok.head.lemma_.lower() in rule.only_after)):
            return None
        for code, words in rule.mod_codes:
            if _mod_in(tok, words) or _of_object_in(tok, words):
                return replace(rule, code=code, mod_codes=())
        return rule


COMPLEMENT_DEPS = ("oprd", "xcomp", "ccomp", "acomp")


def naming_complements(tok) -> list:
    """What a verb of naming says its object is: ``called it [a grave threat]``,
    ``described the talks [as productive]``."""
    out = [c for c in tok.children if c.dep_ in COMPLEMENT_DEPS and c.pos_ in ("NOUN", "ADJ", "PROPN")]
    out += [p for pr in tok.children if pr.dep_ == "prep" and pr.lower_ == "as"
            for p in pr.children if p.dep_ in ("pobj", "amod", "acomp")]
    return out


def _complement_in(tok, words: frozenset[str]) -> bool:
    for comp in naming_complements(tok):
        if "*" in words:
            return True
        if _word_in(comp, words) or any(c.dep_ in ("amod", "compound", "advmod", "conj", "acomp") and _word_in(c, words)
                                        for c in comp.children) or _of_object_in(comp, words):
            return True
    return False


def _prep_holders(tok, prt: str | None) -> list:
    """The verb's children, and with a particle rule the particle's too: the parser hangs "of" on
    "out" in "pulled out of the talks", "from" on "away" in "walked away from the deal"."""
    kids = list(tok.children)
    if prt:
        kids += [g for c in kids if c.lower_ == prt and c.dep_ in ("prt", "prep", "advmod") for g in c.children]
    return kids


def _names_time(prep) -> bool:
    """"called ... on Sunday": a preposition whose object is a date is not the verb's particle."""
    return any(p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in prep.children)


def _short(words: frozenset[str], n: int = 3) -> str:
    w = sorted(words)
    return "|".join(w[:n]) + ("|…" if len(w) > n else "")


def _word_in(tok, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


def _mod_in(tok, words: frozenset[str]) -> bool:
    """A compound/adjective modifier of ``tok`` (``coal imports``, ``missile test``) is in ``words``."""
    return any(c.dep_ in ("compound", "amod", "nmod") and _word_in(c, words) for c in tok.children)


def _of_object_in(tok, words: frozenset[str]) -> bool:
    """``the suspension of coal imports``: the object of ``of`` (or its modifier) is in ``words``; for an
    amount also of ``in`` (``gave Yemen $2 billion in aid``)."""
    preps = ("of", "in") if tok.pos_ == "NUM" else ("of",)
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and (_word_in(pobj, words) or _mod_in(pobj, words)):
                    return True
    return False


def _str(value) -> str | None:
    """YAML 1.1 reads bare ``on``/``off`` as booleans; turn them back into the words."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return None if value is None else str(value).lower()


def _words(values) -> frozenset[str]:
    out: set[str] = set()
    for v in values or ():
        w = _str(v) or ""
        out.add(w)
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            out.add(w[:-1])  # crude singular so "sanctions" also matches "sanction"
    return frozenset(out)


def _yaml_rules(data: dict) -> tuple[dict[str, list[VerbRule]], set[str]]:
    verbs: dict[str, list[VerbRule]] = {}
    blocked: set[str] = set()
    for lemma, rules in (data.get("verbs") or {}).items():
        lemma = str(lemma).lower()
        if rules == NONE_CODE or rules is None:
            blocked.add(lemma)
            verbs[lemma] = []
            continue
        verbs[lemma] = [
            VerbRule(
                lemma=lemma,
                code=_code(r, lemma),
                obj=_words(r.get("obj")),
                prt=_str(r.get("prt")),
                prep=_str(r.get("prep")),
                prep_obj=_words(r.get("prep_obj")),
                comp=_words(r.get("comp")),
                mutual=bool(r.get("mutual", False)),
                weak=bool(r.get("weak", False)),
                needs_target=bool(r.get("needs_target", False)),
                no_obj=bool(r.get("no_obj", False)),
                compl=_words(r.get("compl")),
                agentless=bool(r.get("agentless", False)),
            )
            for r in rules
        ]
    return verbs, blocked


def _code(rule, lemma: str) -> str:
    if not isinstance(rule, dict) or "code" not in rule:
        raise LanguageDataError(f"coder/patterns.yaml: the rule for {lemma!r} needs a 'code' ({rule!r})")
    return str(rule["code"])


def _csv_rules(source: DataSource) -> dict[str, list[VerbRule]]:
    verbs: dict[str, list[VerbRule]] = {}
    for row in source.rows("coder/verbs_base.csv", required=("lemma", "code")):
        rule = VerbRule(
            lemma=row["lemma"],
            code=row["code"],
            obj=_words([row["object"]] if row.get("object") else []),
            prt=row.get("particle") or None,
            prep=row.get("prep") or None,
            prep_obj=_words([row["prep_object"]] if row.get("prep_object") else []),
            weak=row["code"] == "010",  # plain statements only count when nothing else does
            origin="petrarch",
        )
        verbs.setdefault(rule.lemma, []).append(rule)
    for rules in verbs.values():  # most specific first: conditions before the bare default
        rules.sort(key=_specificity)
    return verbs


def _specificity(rule: VerbRule) -> int:
    """Sort key, most specific rule first: an object, a preposition's object, a preposition, a particle."""
    return -(bool(rule.obj) * 4 + bool(rule.prep_obj) * 2 + bool(rule.prep) + bool(rule.prt))


def build_lexicon(source: DataSource, lemma_fixes: dict[str, str] | None = None) -> Lexicon:
    """Both data files merged: hand-written rules first, then PETRARCH-derived ones."""
    data = source.yaml("coder/patterns.yaml")
    curated, blocked = _yaml_rules(data)
    base = _csv_rules(source)
    verbs: dict[str, list[VerbRule]] = {}
    for lemma in set(curated) | set(base):
        if lemma in blocked:
            continue
        verbs[lemma] = curated.get(lemma, []) + base.get(lemma, [])
    nouns = {
        str(lemma).lower(): NounRule(
            lemma=str(lemma).lower(),
            code=_code(r, str(lemma)),
            target_preps=tuple(_str(p) or "" for p in r.get("target_preps") or ()),
            source_preps=tuple(_str(p) or "" for p in r.get("source_preps") or ("by", "of")),
            mods=_words(r.get("mods")),
            mutual=bool(r.get("mutual", False)),
            modifier_target=r.get("modifier") == "target",
            only_after=_words(r.get("only_after")),
            mod_codes=tuple((str(code), _words(words)) for code, words in (r.get("mod_codes") or {}).items()),
        )
        for lemma, r in (data.get("nouns") or {}).items()
    }
    antecedents = {str(k).lower(): frozenset(str(w).lower() for w in v)
                   for k, v in (data.get("antecedents") or {}).items()}
    threats = {str(k).lower(): frozenset(str(w).lower() for w in v)
               for k, v in (data.get("threat_complements") or {}).items()}
    return Lexicon(verbs=verbs, nouns=nouns, light_verbs=frozenset(data.get("light_verbs") or ()),
                   antecedents=antecedents, threat_complements=threats, lemma_fixes=dict(lemma_fixes or {}),
                   verdict_words=_words(data.get("blame_words")))
