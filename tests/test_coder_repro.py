"""coder-repro: the learned bundle is a pure function of its data and seed. Two builds with seed 0
save the same bytes, and ``scripts/train_coder.py --check`` names each field that differs. Our
own toy sentences, fitted in a fraction of a second."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import joblib

from detente.coding.learned.data import Example
from detente.coding.learned.features import Candidate, SentenceFeatures
from detente.coding.learned.parts import save_parts
from detente.coding.learned.train import fit_parts

TOY = [("Alpha bombed Beta.", "bomb", "ASSAULT"), ("Gamma shelled Delta.", "shell", "ASSAULT"),
       ("Alpha met Beta.", "meet", "CONSULT"), ("Gamma met Delta.", "meet", "CONSULT"),
       ("Rain fell on Alpha.", "fall", None)] * 3


def _script():
    path = Path(__file__).resolve().parents[1] / "scripts" / "train_coder.py"
    spec = importlib.util.spec_from_file_location("train_coder", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _fit():
    examples, feats = [], []
    for k, (text, lemma, label) in enumerate(TOY):
        examples.append(Example(str(k), text, label is not None, label, "19" if label == "ASSAULT" else "04",
                                source="Alpha" if label else None, target="Beta" if label else None))
        feats.append(SentenceFeatures(text=text, trigger={"lemma": lemma}, candidates=[
            Candidate(t, 0, len(t), {"path1": p, "lemma": t.lower()}) for t, p in (("Alpha", "nsubj"), ("Beta", "dobj"))]))
    return fit_parts(examples, feats, seed=0)


def test_two_builds_with_seed_0_save_the_same_bytes(tmp_path):
    for name in ("a", "b"):
        save_parts(_fit(), tmp_path / f"{name}.joblib")
    assert (tmp_path / "a.joblib").read_bytes() == (tmp_path / "b.joblib").read_bytes()
    saved = joblib.load(tmp_path / "a.joblib")["parts"]
    # scikit-learn's cached id(stop_words) is a memory address: another process would save another
    assert not hasattr(saved.event_type.vectoriser_.text, "_stop_words_id")
    assert _script().differences(saved, joblib.load(tmp_path / "b.joblib")["parts"]) == []


def test_check_names_each_field_that_differs_and_by_how_much():
    differences = _script().differences
    a, b = _fit(), _fit()
    b.thresholds = replace(b.thresholds, on_top=0.4)
    b.gate.model_.coef_ = b.gate.model_.coef_ + 0.5
    b.meta["origins"] = ["plv"]
    lines = differences(a, b, "learned.joblib")
    assert "learned.joblib.thresholds.on_top: 1.0 != 0.4" in lines
    assert any(line.startswith("learned.joblib.gate.model_.coef_:") and "max |difference| 0.5" in line for line in lines)
    assert "learned.joblib.meta.origins: only in the rebuilt one" in lines
    assert len(lines) == 3
    assert differences({"w": [1.0, 2.0]}, {"w": [1.0, 2.5]}, "pairs.json") == ["pairs.json.w[1]: 2.0 != 2.5"]
