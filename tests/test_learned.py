"""The coder's learned parts: estimator contract, features, actor matching, the shipped bundle,
and the hybrid coder's rules-first integration."""

from __future__ import annotations

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
    assert 0 < parts.thresholds.gate < 1 and 0 < parts.thresholds.event_type < 1


def test_decision_needs_every_part_confident():
    t = Thresholds(gate=0.5, event_type=0.5, actor=0.2)
    good = Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.6, 0.5))
    assert good.confident(t)
    assert not Decision(0.3, "ASSAULT", 0.8, "19", (0, 1), (0.6, 0.5)).confident(t)
    assert not Decision(0.9, "ASSAULT", 0.4, "19", (0, 1), (0.6, 0.5)).confident(t)
    assert not Decision(0.9, "ASSAULT", 0.8, "19", (0, None), (0.6, 0.0)).confident(t)


def test_where_rules_fired_a_confident_classifier_overrides_or_reranks():
    t = Thresholds(gate=0.5, event_type=0.5, actor=0.2, override=0.7)
    d = Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.6, 0.5))
    assert d.confident(t, {"CONSULT"}, "CONSULT")
    assert d.confident(t, {"CONSULT", "ASSAULT"}, "CONSULT")  # the rules' top event has another type
    assert not d.confident(t, {"ASSAULT"}, "ASSAULT")  # the rules' top event has this type
    assert not Decision(0.9, "ASSAULT", 0.6, "19", (0, 1), (0.6, 0.5)).confident(t, {"CONSULT"}, "CONSULT")
    assert Decision(0.9, "ASSAULT", 0.6, "19", (0, 1), (0.6, 0.5)).confident(t, set())
    rerank = Thresholds(gate=0.5, event_type=0.5, actor=0.2, override=0.7, rerank=True)
    assert d.confident(rerank, {"ASSAULT"}, "ASSAULT", same_actors=False)  # same type, other actors
    assert not d.confident(rerank, {"ASSAULT"}, "ASSAULT", same_actors=True)
    weak_actors = Decision(0.9, "ASSAULT", 0.8, "19", (0, 1), (0.6, 0.1))
    assert not weak_actors.confident(t) and weak_actors.confident(t, {"CONSULT"}, "CONSULT")


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

    thresholds = Thresholds()

    def decide(self, feats, allowed=None):
        out = []
        for f in feats:
            idx = [k for k, c in enumerate(f.candidates) if c.mention is not None or c.sector]
            dyad = (idx[0], idx[1]) if len(idx) > 1 else (None, None)
            out.append(Decision(0.9, "ASSAULT", 0.8, "19", dyad, (0.7, 0.6)))
        return out


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
    assert any("decided by: learned parts" in line for line in explain_lines(ev))


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
