"""Evaluation metrics on hand-made gold, set loaders, and the coder CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.coding.evaluate import (
    actor_country,
    best_event,
    evaluate,
    gold_country,
    load_set,
    score_tuples,
)
from detente.records import Actor, Event

runner = CliRunner()


def ev(src: str | None, tgt: str | None, code: str, conf: float = 0.9, depth: int = 0, start: int = 0) -> Event:
    def actor(c):
        return Actor(text=c, code=c, country=c[:3]) if c else None

    return Event(id="x", doc_id="d", sentence_id="d:0", sentence="", date=None, date_precision="unknown",
                 source=actor(src), target=actor(tgt), cameo=code, cameo_root=code[:2], goldstein=0.0,
                 quad_class=1, confidence=conf, trigger_start=start, explanation={"depth": depth},
                 plover_event="CONSULT" if code.startswith("04") else None)


def test_gold_country():
    assert gold_country("USAGOV") == "USA"
    assert gold_country("---LEG") is None
    assert gold_country("") is None and gold_country(None) is None
    assert gold_country("IGOUNOMIL") == "IGO"


def test_actor_country_uses_igo_for_organisations():
    assert actor_country(Actor(text="UN", code="IGOUNO", country=None)) == "IGO"
    assert actor_country(Actor(text="China", code="CHN", country="CHN")) == "CHN"
    assert actor_country(None) is None


def test_score_tuples_multiset_matching_and_exact_codes():
    gold = [([("USA", "CHN", "04"), ("USA", "CHN", "04")], ["042", "043"]), ([("RUS", None, "11")], ["111"])]
    pred = [([("USA", "CHN", "04"), ("USA", "CHN", "04"), ("CHN", "USA", "04")], ["042", "042", "040"]),
            ([], [])]
    s = score_tuples(gold, pred)
    # duplicates in a sentence's predictions collapse; one of two gold tuples is matched
    assert (s.n_gold, s.n_pred, s.matched, s.exact) == (3, 2, 1, 1)
    assert s.precision == pytest.approx(0.5) and s.recall == pytest.approx(1 / 3)
    assert s.f1 == pytest.approx(0.4)


def test_best_event_prefers_main_clause_then_confidence():
    deep = ev("USA", None, "111", conf=0.9, depth=2)
    main = ev("USA", None, "042", conf=0.6, depth=0, start=10)
    assert best_event([deep, main]) is main
    assert best_event([]) is None


def _write_sets(tmp: Path) -> Path:
    (tmp / "petr2_gsr_validation.jsonl").write_text(
        json.dumps({"id": "s1", "date": "20190101", "text": "China criticised Japan.",
                    "events": [{"source": "CHNGOV", "target": "JPN", "code": "111"}]}) + "\n"
        + json.dumps({"id": "s2", "date": "20190101", "text": "It rained.", "events": []}) + "\n")
    (tmp / "cameo_manual_examples.jsonl").write_text(
        json.dumps({"code": "111", "root": "11", "name": "Criticize", "text": "China criticised Japan."}) + "\n")
    (tmp / "plover_gsr_cameo.json").write_text(json.dumps([
        {"id": "DOC", "event": "DOCUMENT"},
        {"id": "p1", "event": "DISAPPROVE", "text": "China criticised Japan.",
         "source": [{"code": "CHN"}], "target": [{"code": "JPN"}]},
        {"id": "p2", "event": "AGREE", "text": "China and Japan agreed.",
         "source": [{"code": "CHN"}, {"code": "JPN"}], "target": ""},
    ]))
    return tmp


def test_loaders_read_each_format(tmp_path):
    d = _write_sets(tmp_path)
    petr = load_set("petr2", d)
    assert petr[0].date == "2019-01-01" and petr[0].events[0]["code"] == "111"
    assert load_set("cameo-manual", d)[0].code == "111"
    plover = load_set("plover", d)
    assert len(plover) == 2 and plover[0].events[0]["plover"] == "ACCUSE"  # 0.5 name → 2021 name
    assert {(e["source"], e["target"]) for e in plover[1].events} == {("CHN", "JPN"), ("JPN", "CHN")}


def test_evaluate_cameo_manual_and_petr2(tmp_path):
    d = _write_sets(tmp_path)
    cm = evaluate("cameo-manual", load_set("cameo-manual", d), [[ev("CHN", "JPN", "111")]])
    assert cm["root_accuracy"] == 1.0 and cm["exact_code_accuracy"] == 1.0
    petr = evaluate("petr2", load_set("petr2", d), [[ev("CHN", "JPN", "112")], [ev("USA", None, "010")]])
    assert petr["recall"] == 1.0 and petr["precision"] == 0.5 and petr["exact_code_accuracy"] == 0.0


def test_cli_eval_coder_writes_json(tmp_path):
    d = _write_sets(tmp_path)
    out = tmp_path / "m.json"
    result = runner.invoke(app, ["eval", "coder", "--set", "petr2", "--data", str(d), "--json", str(out)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text())
    assert metrics["gold"] == 1 and "precision" in metrics and "recall" in metrics


def test_cli_eval_coder_rejects_unknown_set(tmp_path):
    result = runner.invoke(app, ["eval", "coder", "--set", "nope", "--data", str(tmp_path)])
    assert result.exit_code != 0
    result = runner.invoke(app, ["eval", "coder", "--set", "petr2", "--data", str(tmp_path / "missing")])
    assert result.exit_code != 0


def test_cli_bench_coder(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("China criticised Japan on Monday. Japan protested.\n")
    out = tmp_path / "b.json"
    result = runner.invoke(app, ["bench", "coder", "--corpus", str(corpus), "--repeat", "1", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    for stage in ("parse", "pipeline", "code", "ingest"):
        assert data[f"{stage}_sentences_per_s"] > 0 and data[f"{stage}_sentences_per_cpu_s"] > 0
    assert data["pipeline_over_parse_cpu"] > 0 and data["ingest_over_pipeline_cpu"] > 0
    assert data["sentences"] == data["ingested_sentences"] == 2  # the store got what the parser saw
    assert data["batch_size"] == 16 and data["ingest_gc_cpu_seconds_median"] >= 0
    assert data["coding_cpu_seconds_median"] > 0 and data["coding_cpu_over_parse_cpu"] > 0
    assert data["aa_parse_cpu"] > 0 and len(data["aa_parse_cpu_range"]) == 2  # the bare parse against itself
    assert len(data["ingest_over_parse_cpu_rounds"]) == 1 and data["ingest_over_parse_cpu_paired"] > 0
    assert all(len(v) == 1 for v in data["rounds_cpu_seconds"].values())  # the warm-up round is not timed
    assert data["warmup_rounds"] == 1 and "parse_again" in data["rounds_cpu_seconds"]
    result = runner.invoke(app, ["bench", "coder", "--corpus", str(corpus), "--repeat", "1", "--batch-size", "2",
                                 "--coder", "rules", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["batch_size"] == 2
    assert runner.invoke(app, ["bench", "coder", "--corpus", str(tmp_path / "none")]).exit_code != 0


def test_cli_explain(tmp_path):
    from detente.coding.coder import EventCoder
    from detente.records import Document
    from detente.store import Store

    db = tmp_path / "s.duckdb"
    doc, sents, events = next(EventCoder().code_documents(
        [Document(id="k", text="Chinese President Xi Jinping visited Pyongyang.", date="2019-06-20")]))
    with Store(db) as store:
        store.save_document(doc, sents, events)
    result = runner.invoke(app, ["explain", events[0].id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    for word in ("042", "visit", "source", "target", "modality", "date"):
        assert word in result.output
    missing = runner.invoke(app, ["explain", "nope:0:0", "--db", str(db)])
    assert missing.exit_code != 0


def test_wire_set_is_bundled_and_split():
    from detente.ontology import lookup

    dev, test = load_set("wire-dev"), load_set("wire-test")
    assert len(dev) >= 100 and len(test) >= 50
    assert not {g.id for g in dev} & {g.id for g in test}
    for g in dev + test:
        for e in g.events:
            assert lookup(e["code"]) is not None, (g.id, e["code"])


def test_cli_eval_coder_lists_misses_of_a_development_set(tmp_path):
    out = tmp_path / "misses.jsonl"
    result = runner.invoke(app, ["eval", "coder", "--set", "wire-dev", "--limit", "12", "--misses", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all({"id", "text", "gold", "missed", "predicted"} <= set(r) for r in rows)


@pytest.mark.parametrize("name", ["petr2", "wire-test"])
def test_cli_eval_coder_never_lists_a_test_set(tmp_path, name):
    result = runner.invoke(app, ["eval", "coder", "--set", name, "--misses", str(tmp_path / "m.jsonl")])
    assert result.exit_code != 0
    assert "test set" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "m.jsonl").exists()
