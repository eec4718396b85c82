"""The coder's learned parts: estimator contract, features, actor matching, the shipped bundle,
and the hybrid coder's rules-first integration."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sklearn.base import clone
from spacy.tokens import Doc
from spacy.vocab import Vocab
from typer.testing import CliRunner

from detente.cli import app
from detente.coding.learned.data import actor_matches, load_non_events
from detente.coding.learned.features import Candidate, SentenceFeatures, main_trigger, trigger_features
from detente.coding.learned.models import DyadRanker, EventTypeClassifier, RelevanceGate
from detente.coding.learned.parts import ARTEFACT, Decision, Thresholds, load_parts

runner = CliRunner()


def _feats(text: str, lemma: str, cands: list[tuple[str, str]] = ()) -> SentenceFeatures:
    return SentenceFeatures(text=text, trigger={"lemma": lemma},
                            candidates=[Candidate(t, 0, len(t), {"path1": p, "lemma": t.lower()}) for t, p in cands])


TOY = [("Alpha bombed Beta.", "bomb", "ASSAULT"), ("Gamma shelled Delta.", "shell", "ASSAULT"),
       ("Alpha met Beta.", "meet", "CONSULT"), ("Gamma met Delta.", "meet", "CONSULT")] * 3


@pytest.mark.parametrize("estimator", [EventTypeClassifier(min_df=1), RelevanceGate(min_df=1), DyadRanker()])
def test_estimators_follow_the_scikit_learn_contract(estimator):
    params = estimator.get_params()
    assert clone(estimator).get_params() == params
    X = [_feats(t, lemma, [("Alpha", "nsubj"), ("Beta", "dobj")]) for t, lemma, _ in TOY]
    if isinstance(estimator, DyadRanker):
        y = [(0, 1)] * len(X)
    elif isinstance(estimator, RelevanceGate):
        y = [int(lab == "ASSAULT") for _, _, lab in TOY]
    else:
        y = [lab for _, _, lab in TOY]
    fitted = estimator.fit(X, y)
    assert fitted is estimator
    assert len(estimator.predict(X)) == len(X)
    assert estimator.score(X, y) == 1.0  # greater is better; the toy set is separable


def test_dyad_ranker_respects_the_allowed_mask():
    X = [_feats("Alpha met Beta.", "meet", [("Alpha", "nsubj"), ("Beta", "dobj"), ("talks", "pobj")])] * 4
    ranker = DyadRanker().fit(X, [(0, 1)] * 4)
    (src, tgt), _ = ranker.choose(X[0], [False, True, True])
    assert src != 0 and tgt != 0


@pytest.mark.parametrize("pred, gold, same", [
    ("Iranian Foreign Minister Mohammad Javad Zarif", "Zarif", True),
    ("the Senate President's aide", "Senate President's aide", True),
    ("U.S. Supreme Court", "U.S. Supreme Court decision", True),
    ("Russia", "Ukraine", False),
    (None, "Russia", False),
    ("the army", "army of Chad", True),
])
def test_actor_matching(pred, gold, same):
    assert actor_matches(pred, gold) is same


def _doc(words, heads, deps, pos, lemmas):
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_trigger_is_the_complement_of_a_reporting_verb_and_carries_negation_and_passive():
    # "Officials said Alpha was not attacked by Beta"
    doc = _doc(["Officials", "said", "Alpha", "was", "not", "attacked", "by", "Beta"],
               [1, 1, 5, 5, 5, 1, 5, 6],
               ["nsubj", "ROOT", "nsubjpass", "auxpass", "neg", "ccomp", "agent", "pobj"],
               ["NOUN", "VERB", "PROPN", "AUX", "PART", "VERB", "ADP", "PROPN"],
               ["official", "say", "Alpha", "be", "not", "attack", "by", "Beta"])
    sent = doc[:]
    trig = main_trigger(sent)
    assert trig.text == "attacked"
    f = trigger_features(sent, trig)
    assert f["lemma"] == "attack" and f["negated"] == 1.0 and f["passive"] == 1.0
    assert f["root_lemma"] == "say"


def test_xcomp_and_object_features():
    # "Alpha refused to sign the deal"
    doc = _doc(["Alpha", "refused", "to", "sign", "the", "deal"], [1, 1, 3, 1, 5, 3],
               ["nsubj", "ROOT", "aux", "xcomp", "det", "dobj"],
               ["PROPN", "VERB", "PART", "VERB", "DET", "NOUN"], ["Alpha", "refuse", "to", "sign", "the", "deal"])
    f = trigger_features(doc[:], main_trigger(doc[:]))
    assert f["xcomp=refuse+sign"] == 1.0 and f["xcomp_obj=sign+deal"] == 1.0


def test_non_events_are_our_own_sentences():
    rows = load_non_events()
    assert len(rows) > 100 and not any(r.relevant for r in rows)


def test_shipped_bundle_is_small_and_loads():
    from importlib import resources

    ref = resources.files("detente.coding.learned").joinpath("data", ARTEFACT)
    assert ref.is_file()
    with resources.as_file(ref) as path:
        assert path.stat().st_size < 2_000_000
    parts = load_parts()
    assert set(parts.event_type.classes_) >= {"ASSAULT", "CONSULT", "AGREE"}
    # make models may choose an open gate (0.0) by cross-validation; a closed one (>= 1) would
    # switch the learned additions off.
    assert 0 <= parts.thresholds.gate < 1 and 0 < parts.thresholds.event_type < 1


def test_decision_needs_every_part_confident():
    t = Thresholds(gate=0.5, event_type=0.5, actor=0.2)
    good = Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.6, 0.5))
    assert good.confident(t)
    assert not Decision(0.3, "ASSAULT", 0.8, "19", (0, 1), (0.6, 0.5)).confident(t)
    assert not Decision(0.9, "ASSAULT", 0.4, "19", (0, 1), (0.6, 0.5)).confident(t)
    assert not Decision(0.9, "ASSAULT", 0.8, "19", (0, None), (0.6, 0.0)).confident(t)


def _roles(*rows):
    import numpy as np

    return np.array(rows, dtype=float)


def test_recode_needs_a_sure_classifier_that_names_another_type():
    t = Thresholds(recode=0.7)
    d = Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.6, 0.5))
    assert d.recodes(t, "CONSULT")
    assert not d.recodes(t, "ASSAULT")  # same PLOVER type: the rules' finer code stays
    assert not d.recodes(Thresholds(recode=0.9), "CONSULT")  # unsure
    assert not d.recodes(Thresholds(), "CONSULT")  # off by default
    assert not d.recodes(t, None)  # no rule event to recode


def test_ranker_fills_an_empty_side_and_fixes_a_wrong_one_only_when_sure():
    roles = _roles([0.1, 0.8, 0.1], [0.2, 0.1, 0.7], [0.5, 0.1, 0.4])
    d = Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.8, 0.7), roles)
    t = Thresholds(fill_target=0.6, fix_target=0.6, fix_source=0.9)
    assert d.better_actor(2, None, True, 0, t) == 1  # the rules had no target
    assert d.better_actor(2, 2, False, 0, t) == 1  # the rules' target scores lower
    assert d.better_actor(2, 1, False, 0, t) is None  # the rules' target is the ranker's choice
    assert d.better_actor(2, None, True, 1, t) is None  # candidate 1 is the source: 2 (0.4) is not sure
    assert d.better_actor(1, 2, False, 1, t) is None  # 0.8 < fix_source 0.9
    assert d.better_actor(2, None, True, 0, Thresholds()) is None  # off by default
    assert d.better_actor(2, 2, False, 0, t, allowed=[True, False, True]) is None  # only coded mentions may replace


def _rule_event(code="040", plover="CONSULT", source=None, target=None):
    from detente.records import Event

    return Event(id="d:0:0", doc_id="d", sentence_id="d:0", sentence="s", date=None, date_precision="unknown",
                 goldstein=1.0, quad_class=1, cameo=code, cameo_root=code[:2], plover_event=plover,
                 source=source, target=target, pattern=f"verb:x -> {code}",
                 explanation={"trigger": "x", "depth": 0}, trigger_start=0, trigger_end=1)


def test_plan_per_decision_path():
    from detente.coding.learned.plan import Plan, plan_sentence
    from detente.records import Actor

    f = _feats("Alpha hit Beta.", "hit", [("Alpha", "nsubj"), ("Beta", "dobj")])
    f.candidates[1].start, f.candidates[1].end = 10, 14
    d = Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.8, 0.7), _roles([0.1, 0.8, 0.1], [0.1, 0.1, 0.8]))
    alpha = Actor("Alpha", start=0, end=5)
    consult = _rule_event(source=alpha)
    t = Thresholds(gate=0.5, event_type=0.5, recode=0.7, fill_target=0.6)
    assert plan_sentence(f, d, [], t) == Plan("learned", source=0, target=1)  # no rule fired
    assert plan_sentence(f, d, [], Thresholds(gate=0.95)) == Plan("rules")  # ... and the gate is unsure
    assert plan_sentence(f, d, [consult], t) == Plan("corrected", recode=True, source=None, target=1)
    assert plan_sentence(f, d, [consult], Thresholds()) == Plan("rules")
    both = _rule_event("190", "ASSAULT", alpha, Actor("Beta", start=10, end=14))
    assert plan_sentence(f, d, [both], t) == Plan("rules")  # agreeing type, same actors
    kept = plan_sentence(f, d, [consult], replace(t, replace=0.75))  # least score 0.8 (type, target)
    assert not kept.keep and plan_sentence(f, d, [consult], replace(t, replace=0.85)).keep


def test_rules_top_remembers_the_top_event_of_a_list_while_it_holds_the_same_events():
    from detente.coding.evaluate import best_event
    from detente.coding.learned.plan import rules_top
    from detente.records import Actor

    deep = replace(_rule_event("190", "ASSAULT", Actor("Alpha"), Actor("Beta")), id="d:0:1",
                   explanation={"trigger": "x", "depth": 2})
    main = _rule_event()
    ruled = [deep, main]
    assert rules_top(ruled) is best_event(ruled) is main and rules_top(ruled) is main
    ruled.remove(main)  # the same list, other events: asked again, not remembered
    assert rules_top(ruled) is deep and rules_top([]) is None


def _assault_read_as_consult():
    """A sentence the classifier reads as ASSAULT (0.8) where the rules coded a CONSULT with the
    same actors: its features, the decision, the rules' event and a stand-in sentence span."""
    from detente.records import Actor

    f = _feats("Alpha hit Beta.", "hit", [("Alpha", "nsubj"), ("Beta", "dobj")])
    f.candidates[1].start, f.candidates[1].end = 10, 14
    d = Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.8, 0.7), _roles([0.1, 0.8, 0.1], [0.1, 0.1, 0.8]))
    consult = _rule_event(source=Actor("Alpha", start=0, end=5), target=Actor("Beta", start=10, end=14))
    sent = type("S", (), {"start_char": 0})()
    return f, d, consult, sent


def test_an_unsure_correction_is_a_second_event_beside_the_rules_one():
    from detente.coding.learned.hybrid import hybrid_events
    from detente.records import Document

    f, d, consult, sent = _assault_read_as_consult()
    t = Thresholds(recode=0.7, replace=0.9)
    events = hybrid_events(Document(id="d", text=f.text), 0, sent, f, d, [consult], t)
    assert [e.cameo_root for e in events] == ["04", "19"] and events[0] is consult
    assert events[1].id == "d:0:1" and events[1].explanation["decided_by"]["beside_rule_event"] == "d:0:0"
    from detente.explain import decided_by

    assert "second reading beside the rules' event d:0:0" in decided_by(events[1].explanation)
    replaced = hybrid_events(Document(id="d", text=f.text), 0, sent, f, d, [consult], replace(t, replace=0.5))
    assert [e.cameo_root for e in replaced] == ["19"]


class _FixedArbiter:
    def __init__(self, p: float) -> None:
        self.p = p

    def score(self, f, d, top, plan, rule_type) -> float:
        return self.p


def test_the_arbiter_puts_a_better_second_reading_on_top():
    from detente.coding.evaluate import best_event
    from detente.coding.learned.hybrid import hybrid_events
    from detente.coding.learned.plan import plan_sentence
    from detente.explain import decided_by
    from detente.records import Document

    f, d, consult, sent = _assault_read_as_consult()
    t = Thresholds(recode=0.7, replace=1.0, on_top=0.6)
    doc = Document(id="d", text=f.text)
    assert not plan_sentence(f, d, [consult], t, _FixedArbiter(0.4)).on_top
    assert plan_sentence(f, d, [consult], replace(t, on_top=1.0), _FixedArbiter(0.99)).arbiter is None  # off
    below = hybrid_events(doc, 0, sent, f, d, [consult], t, arbiter=_FixedArbiter(0.4))
    assert best_event(below) is consult and len(below) == 2
    above = hybrid_events(doc, 0, sent, f, d, [consult], t, arbiter=_FixedArbiter(0.7))
    assert [e.cameo_root for e in above] == ["19", "04"] and best_event(above) is above[0]  # both kept
    assert "arbiter 0.7: this reading goes on top of it" in decided_by(above[0].explanation)


class _FixedTakeover:
    def __init__(self, p: float) -> None:
        self.p = p

    def score_row(self, f, row) -> float:
        assert "type_margin" in row and any(k.startswith("rule_type=") for k in row)
        return self.p


def test_the_takeover_puts_the_learned_reading_on_top_of_the_rules():
    from detente.coding.evaluate import best_event
    from detente.coding.learned.hybrid import hybrid_events
    from detente.coding.learned.plan import plan_sentence, planned_events, planned_top
    from detente.explain import decided_by
    from detente.records import Document

    f, d, consult, sent = _assault_read_as_consult()
    t = Thresholds(learned_top=0.5)  # every correction off: only the takeover may act
    doc = Document(id="d", text=f.text)
    assert plan_sentence(f, d, [consult], t, takeover=_FixedTakeover(0.4)).lead is None
    assert plan_sentence(f, d, [consult], replace(t, learned_top=1.0), takeover=_FixedTakeover(0.9)).lead is None
    plan = plan_sentence(f, d, [consult], t, takeover=_FixedTakeover(0.7))
    assert plan.lead is not None and plan.lead.recode and planned_top(f, d, [consult], plan)[0] == "ASSAULT"
    assert len(planned_events(f, d, [consult], plan)) == 2
    events = hybrid_events(doc, 0, sent, f, d, [consult], t, takeover=_FixedTakeover(0.7))
    assert [e.cameo_root for e in events] == ["19", "04"] and best_event(events) is events[0]
    assert events[1] is consult and events[0].id == "d:0:1"
    assert "takeover arbiter 0.7: the learned parts' own reading goes on top" in decided_by(events[0].explanation)


def test_the_takeover_adds_a_learned_event_where_no_rule_typed_one():
    from detente.coding.learned.plan import plan_sentence, planned_top

    f = _feats("Alpha hit Beta.", "hit", [("Alpha", "nsubj"), ("Beta", "dobj")])
    d = Decision(0.3, "ASSAULT", 0.4, "19", (0, 1), (0.8, 0.7), _roles([0.1, 0.8, 0.1], [0.1, 0.1, 0.8]))
    t = Thresholds(gate=0.5, event_type=0.5, learned_top=0.5)  # under the learned-only thresholds
    assert plan_sentence(f, d, [], t).part == "rules"
    plan = plan_sentence(f, d, [], t, takeover=_FixedTakeover(0.8))
    assert plan.lead is not None and plan.lead.part == "learned"
    assert planned_top(f, d, [], plan)[:2] == ("ASSAULT", "19")


def test_the_takeover_arbiter_learns_from_rows_weighted_per_set():
    from detente.coding.learned.arbiter import Arbiter

    rows = [{"source_kind=person": 1.0}, {"source_kind=country": 1.0}] * 6
    labels = [1, 0] * 6
    even = Arbiter.fit(rows, labels)
    tilted = Arbiter.fit(rows, labels, weights=[1.0, 5.0] * 6)
    assert even.proba({"source_kind=person": 1.0}) > 0.5 > even.proba({"source_kind=country": 1.0})
    assert tilted.proba({}) < even.proba({})  # the heavier negatives pull the intercept down


def test_development_sets_weigh_by_their_events_so_each_sentence_counts_once():
    import numpy as np

    from detente.coding.learned import train

    big = np.array([90, 100, 100, 0, 0, 0])  # 90 of 100 gold events found, no actors
    small = np.array([1, 10, 10, 0, 0, 0])  # 1 of 10
    assert train.set_scores([big, small])["recall"] == round((90 + 1) / 110, 4)
    assert train.row_weights(["plv", "plv", "plv", "wire"]) == [1.0] * 4
    # the choice before, kept for comparison: each set the same
    assert train.set_mean([0.9, 0.1], [100, 10], weighting="equal") == 0.5
    assert train.row_weights(["plv", "plv", "plv", "wire"], weighting="equal") == [2 / 3, 2 / 3, 2 / 3, 2.0]


def test_the_arbiter_learns_which_reading_is_better():
    from detente.coding.learned.arbiter import Arbiter

    rows = [{"type_score": p, "rule_type_score": 1 - p} for p in (0.9, 0.8, 0.85, 0.2, 0.1, 0.3)] * 3
    labels = [1, 1, 1, 0, 0, 0] * 3
    arbiter = Arbiter.fit(rows, labels)
    assert arbiter.proba({"type_score": 0.9, "rule_type_score": 0.1}) > 0.5
    assert arbiter.proba({"type_score": 0.1, "rule_type_score": 0.9}) < 0.5
    assert 0 < Arbiter.fit(rows[:2], [1, 1]).proba({}) < 1  # one class: a constant


def test_learned_code_belongs_to_the_predicted_type():
    from detente.coding.learned.data import plover_of_code
    from detente.coding.learned.parts import code_for

    assert code_for("ASSAULT", "19") == "190"
    assert plover_of_code(code_for("ASSAULT", "17")) == "ASSAULT"  # 170 itself is COERCE


def test_rule_events_become_features_of_the_learned_parts():
    from detente.coding.learned.features import with_rules
    from detente.records import Actor, Event

    f = _feats("Alpha met Beta.", "meet", [("Alpha", "nsubj"), ("Beta", "dobj")])
    f.candidates[1].start, f.candidates[1].end = 10, 14
    rule = Event(id="e", doc_id="d", sentence_id="d:0", sentence=f.text, date=None, date_precision="unknown",
                 goldstein=1.0, quad_class=1, cameo="040", cameo_root="04",
                 plover_event="CONSULT", source=Actor("Alpha", start=0, end=5), target=Actor("Beta", start=10, end=14),
                 pattern="verb:meet -> 040", explanation={"trigger": "met", "depth": 0})
    g = with_rules(f, [rule])
    assert g.trigger["rule_top"] == "CONSULT" and g.trigger["rule_code"] == "040" and g.trigger["rule_kind"] == "verb"
    assert g.candidates[0].features.get("rule_src") == 1.0 and g.candidates[1].features.get("rule_tgt") == 1.0
    assert "rule_top" not in f.trigger  # the record itself is not changed
    assert with_rules(f, []).trigger["rule_top"] == "none"


class _NoRules:
    """A rule coder that never fires (so the learned parts decide)."""

    def code_parsed(self, doc, parsed):
        from detente.records import Sentence

        sents = [Sentence(doc.id, i, s.text, s.start_char, s.end_char) for i, s in enumerate(parsed.sents)]
        return doc, sents, []


class _SureParts:
    """Parts that always call an assault by the first resolved mention on the second."""

    def __init__(self, thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds or Thresholds()

    def decide(self, feats, allowed=None):
        out = []
        for f in feats:
            idx = [k for k, c in enumerate(f.candidates) if c.mention is not None or c.sector]
            dyad = (idx[0], idx[1]) if len(idx) > 1 else (None, None)
            roles = _roles(*([0.9, 0.05, 0.05] for _ in f.candidates))
            if None not in dyad:
                roles[dyad[0]], roles[dyad[1]] = [0.1, 0.7, 0.2], [0.1, 0.3, 0.6]
            out.append(Decision(0.9, "ASSAULT", 0.8, "19", dyad, (0.7, 0.6), roles))
        return out


class _OneRule:
    """A rule coder that codes a meeting by the first resolved mention, with no target."""

    def __init__(self, resolver) -> None:
        self.resolver = resolver

    def code_parsed(self, doc, parsed):
        from detente.records import Sentence

        sents = [Sentence(doc.id, i, s.text, s.start_char, s.end_char) for i, s in enumerate(parsed.sents)]
        first = next(m for m in self.resolver.resolve(parsed, doc.date) if m.code)
        event = _rule_event(source=first.to_actor(0))
        return doc, sents, [event]


def test_hybrid_emits_a_learned_event_with_provenance_where_no_rule_fired():
    from detente.coding.learned import HybridCoder
    from detente.explain import explain_lines
    from detente.records import Document

    coder = HybridCoder(rules=_NoRules(), parts=_SureParts())
    doc = Document(id="d", text="Russian troops pounded positions of Ukraine near the border.", date="2024-05-02")
    _, _, events = next(coder.code_documents([doc]))
    assert len(events) == 1
    ev = events[0]
    assert ev.cameo == "190" and ev.pattern.startswith("learned")
    assert ev.source.country == "RUS" and ev.target.country == "UKR"
    assert ev.explanation["decided_by"]["gate"] == 0.9
    assert any("decided by: learned parts only" in line for line in explain_lines(ev))


def test_hybrid_recodes_a_rule_event_and_fills_its_target_keeping_its_provenance():
    from detente.coding.learned import HybridCoder
    from detente.explain import explain_lines
    from detente.ontology import lookup
    from detente.records import Document

    doc = Document(id="d", text="Russian troops pounded positions of Ukraine near the border.", date="2024-05-02")
    coder = HybridCoder(parts=_SureParts(Thresholds(recode=0.5, fill_target=0.5)))
    coder.rules = _OneRule(coder.resolver)
    _, _, events = next(coder.code_documents([doc]))
    assert len(events) == 1
    ev = events[0]
    assert (ev.cameo, ev.cameo_root, ev.plover_event) == ("190", "19", "ASSAULT")
    assert (ev.goldstein, ev.quad_class) == (lookup("190").goldstein, lookup("190").quad_class)
    assert ev.source.country == "RUS" and ev.target.country == "UKR"
    assert ev.pattern == "verb:x -> 040" and ev.id == "d:0:0"  # the rule's provenance stays
    assert ev.explanation["decided_by"]["part"] == "classifier recode + dyad ranker"
    line = next(line for line in explain_lines(ev) if line.startswith("decided by"))
    assert "classifier recode to ASSAULT 0.8" in line and "dyad ranker target 0.6 (the rules had none)" in line
    unsure = HybridCoder(parts=_SureParts())  # every correction off: the rule event as it was
    unsure.rules = _OneRule(unsure.resolver)
    ev = next(unsure.code_documents([doc]))[2][0]
    assert ev.cameo == "040" and ev.target is None
    assert any(line == "decided by: rules (the pattern above)" for line in explain_lines(ev))


def test_learned_actors_outside_the_actor_tables_keep_their_text_and_sector():
    from detente.coding.learned import HybridCoder
    from detente.records import Document

    coder = HybridCoder(rules=_NoRules(), parts=_SureParts())
    doc = Document(id="d", text="Police fired tear gas at the protesters outside the stadium.")
    _, _, events = next(coder.code_documents([doc]))
    assert len(events) == 1
    src, tgt = events[0].source, events[0].target
    assert (src.text, src.code, src.sector) == ("Police", None, "COP")
    assert tgt.sector == "OPP" and tgt.code is None and "protesters" in tgt.text
    assert "not in the actor tables" in events[0].explanation["source"]["how"]


def test_hybrid_without_learned_parts_is_the_rules():
    from detente.coding.config import CoderConfig
    from detente.coding.learned import HybridCoder
    from detente.records import Document

    coder = HybridCoder(config=CoderConfig(learned=False), rules=_NoRules())
    assert next(coder.code_documents([Document(id="d", text="Russia shelled Ukraine.")]))[2] == []


def test_cli_refuses_plv_train_without_cv_and_missing_training_data(tmp_path):
    res = runner.invoke(app, ["eval", "coder", "--set", "plv-train"])
    assert res.exit_code != 0 and "cross-validation" in res.output
    res = runner.invoke(app, ["train", "coder", "--data", str(tmp_path), "--out", str(tmp_path / "x.joblib")])
    assert res.exit_code != 0 and "not found" in res.output
    assert not (tmp_path / "x.joblib").exists()
    res = runner.invoke(app, ["train", "coder", "--objective", "accuracy", "--out", str(tmp_path / "x.joblib")])
    assert res.exit_code != 0 and "--objective must be one of recall, f1, f2" in res.output


def test_training_with_one_seed_gives_the_same_weights():
    import numpy as np

    from detente.coding.learned.data import Example
    from detente.coding.learned.train import fit_parts

    examples, feats = [], []
    for k, (text, lemma, label) in enumerate(TOY + [("Rain fell on Alpha.", "fall", None)] * 3):
        examples.append(Example(str(k), text, label is not None, label, "19" if label == "ASSAULT" else "04",
                                source="Alpha" if label else None, target="Beta" if label else None))
        feats.append(_feats(text, lemma, [("Alpha", "nsubj"), ("Beta", "dobj")]))
    a, b = fit_parts(examples, feats, seed=0), fit_parts(examples, feats, seed=0)
    for part in ("event_type", "root", "gate", "dyad"):
        assert np.array_equal(getattr(a, part).model_.coef_, getattr(b, part).model_.coef_)


def test_threshold_search_turns_on_only_the_corrections_that_pay():
    from detente.coding.learned.data import Example
    from detente.coding.learned.train import _search, hybrid_objective
    from detente.records import Actor

    examples, feats, decisions, rules = [], [], [], []
    roles = _roles([0.1, 0.8, 0.1], [0.1, 0.1, 0.8])
    for k in range(4):  # the rules call an assault a meeting; the classifier is sure it is an assault
        f = _feats("Alpha hit Beta.", "hit", [("Alpha", "nsubj"), ("Beta", "dobj")])
        f.candidates[1].start, f.candidates[1].end = 10, 14
        examples.append(Example(str(k), f.text, True, "ASSAULT", "19", source="Alpha", target="Beta"))
        feats.append(f)
        decisions.append(Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.8, 0.8), roles))
        rules.append([_rule_event(source=Actor("Alpha", start=0, end=5), target=Actor("Beta", start=10, end=14))])
    for k in range(2):  # non-events the gate is unsure of and no rule coded
        examples.append(Example(f"n{k}", "Rain fell.", False))
        feats.append(_feats("Rain fell on Alpha and Beta.", "fall", [("Alpha", "pobj"), ("Beta", "conj")]))
        decisions.append(Decision(0.3, "ASSAULT", 0.9, "19", (0, 1), (0.8, 0.8), roles))
        rules.append([])

    def score(t):
        return sum(hybrid_objective(examples, feats, decisions, rules, t))

    chosen = _search(score, Thresholds(gate=0.5))
    assert chosen.recode <= 0.8 and chosen.gate > 0.3
    assert (chosen.fill_target, chosen.fix_target, chosen.fix_source) == (1.0, 1.0, 1.0)
    assert hybrid_objective(examples, feats, decisions, rules, chosen) == (1.0, 1.0)


def test_recall_objective_keeps_the_rules_event_beside_a_recode():
    from detente.coding.learned.data import Example
    from detente.coding.learned.train import recall_objective, select_thresholds, set_counts, set_scores
    from detente.records import Actor

    examples, feats, decisions, rules = [], [], [], []
    roles = _roles([0.1, 0.8, 0.1], [0.1, 0.1, 0.8])
    for k in range(4):  # the rules call each a meeting; three are assaults (the classifier's), one a meeting
        f = _feats("Alpha hit Beta.", "hit", [("Alpha", "nsubj"), ("Beta", "dobj")])
        f.candidates[1].start, f.candidates[1].end = 10, 14
        gold = ("ASSAULT", "19") if k else ("CONSULT", "04")
        examples.append(Example(str(k), f.text, True, gold[0], None, source="Alpha", target="Beta", origin="a"))
        feats.append(f)
        decisions.append(Decision(0.9, "ASSAULT", 0.6, "19", (0, 1), (0.8, 0.8), roles))
        rules.append([_rule_event(source=Actor("Alpha", start=0, end=5), target=Actor("Beta", start=10, end=14))])
    chosen, report = select_thresholds(examples, feats, decisions, rules, "recall")
    assert chosen.recode <= 0.6 < chosen.replace  # recoded (the top event's F1), beside the rules' event (recall)
    assert report["hybrid_oof"]["recall"] == 1.0 and report["rules_oof"]["recall"] == 0.25
    floor = set_counts(examples, feats, decisions, rules, Thresholds(gate=1.1, event_type=1.1))
    goal = recall_objective(floor)
    assert goal(set_counts(examples, feats, decisions, rules, chosen)) > goal(floor)
    assert set_scores(floor)["recall"] == 0.25
