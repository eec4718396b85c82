"""Scenario validation (one line naming the field), KTAB import, and the bundled Korea scenario."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, shared_path
from detente.bargain.scenario import ScenarioError, as_number, load_scenario, parse_scenario

GOOD = {
    "name": "test",
    "issues": [{"id": "sanctions", "low": "none", "high": "full"}, {"id": "talks", "low": "no", "high": "yes",
                                                                     "status_quo": 20}],
    "actors": [
        {"name": "A", "capability": 10, "positions": {"sanctions": 90, "talks": 30},
         "saliences": {"sanctions": 0.9, "talks": 0.5}},
        {"name": "B", "capability": {"value": 8, "range": [6, 10], "assumption": "guess"},
         "positions": {"sanctions": 20, "talks": 80}, "saliences": {"sanctions": 0.6, "talks": 0.7}},
        {"name": "C", "capability": 3, "positions": {"sanctions": 50, "talks": 60},
         "saliences": {"sanctions": 0.5, "talks": 0.5}},
    ],
}


def broken(edit) -> str:
    data = copy.deepcopy(GOOD)
    edit(data)
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(data, "scenario.yaml")
    msg = str(exc.value)
    assert "\n" not in msg
    return msg


def test_good_scenario_builds_issues():
    scen = parse_scenario(GOOD)
    issues = scen.issues()
    assert [i.name for i in issues] == ["sanctions", "talks"]
    assert issues[0].actors == ("A", "B", "C")
    assert issues[1].status_quo == 20
    lo, hi = issues[0].meta["ranges"]["capabilities"]
    assert lo.tolist() == [10, 6, 3] and hi.tolist() == [10, 10, 3]


def test_position_out_of_range_names_the_field():
    msg = broken(lambda d: d["actors"][2]["positions"].update(sanctions=140))
    assert msg == "scenario.yaml: actors[2].positions.sanctions: 140 is outside 0–100"


@pytest.mark.parametrize("edit, expected", [
    (lambda d: d["actors"][0].pop("capability"), "actors[0].capability: missing"),
    (lambda d: d.pop("name"), "name: missing"),
    (lambda d: d["issues"][0].pop("low"), "issues[0].low: missing"),
    (lambda d: d.update(actors=[]), "actors: no actors"),
    (lambda d: d.update(issues=[]), "issues: no issues"),
    (lambda d: d["actors"][1]["saliences"].update(talks=-0.2), "actors[1].saliences.talks: -0.2 is outside 0–1"),
    (lambda d: d["actors"][1]["saliences"].update(talks=150), "actors[1].saliences.talks: 150 is outside 0–1"),
    (lambda d: [a["saliences"].update(talks=70, sanctions=60) for a in d["actors"][1:]]
     + [d["actors"][0]["saliences"].update(talks=50)], "actors[0].saliences.sanctions: 0.9 looks like a 0–1"),
    (lambda d: [a["saliences"].update(talks=170, sanctions=60) for a in d["actors"]],
     "actors[0].saliences.talks: 170 is outside 0–100"),
    (lambda d: [a["saliences"].update(talks=0) for a in d["actors"]], "issues[1] (talks): every salience is 0"),
    (lambda d: d["actors"][0]["positions"].update(sanction=5), "actors[0].positions.sanction: unknown issue"),
    (lambda d: d["actors"][0]["saliences"].pop("talks"), "actors[0].saliences.talks: missing"),
    (lambda d: d["actors"][0]["positions"].update(talks="high"), "actors[0].positions.talks: 'high' is not a number"),
    (lambda d: d["actors"][1].update(capability={"value": 8, "range": [9, 10]}), "actors[1].capability: 8 is outside its own range"),
    (lambda d: d["actors"][1].update(capability={"range": [9, 10]}), "actors[1].capability.value: missing"),
    (lambda d: d["actors"][0].update(capability=-1), "actors[0].capability: -1 is outside"),
    (lambda d: d["actors"][0].update(name="B"), "actors[1].name: 'B' is used twice"),
    (lambda d: d["issues"][1].update(status_quo=101), "issues[1].status_quo: 101 is outside 0–100"),
    (lambda d: d.update(actors=d["actors"][:1]), "issues[0] (sanctions): fewer than two actors"),
    (lambda d: d["actors"][0].update(colour="red"), "actors[0].colour: unknown field"),
])
def test_bad_scenarios_get_one_line_naming_the_field(edit, expected):
    msg = broken(edit)
    assert msg.startswith("scenario.yaml: ")
    assert expected in msg


def test_load_scenario_file_errors(tmp_path: Path):
    bad = tmp_path / "s.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"s.yaml: not valid YAML \(line"):
        load_scenario(bad)
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "missing.yaml")
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="expected a mapping"):
        load_scenario(bad)


def test_ktab_import():
    scen = load_scenario(shared_path("data", "ktab", "SOE-Pol-Comp.csv"))
    issues = scen.issues()
    assert [i.name for i in issues] == ["policy", "competitive"]
    first = issues[0]
    assert first.n == 13 and first.actors[0] == "XJ"
    assert first.capabilities[0] == 100.0 and first.positions[0] == 30.0
    assert first.saliences[0] == pytest.approx(0.24)  # 0–100 file scale → 0–1
    big = load_scenario(shared_path("data", "ktab", "dummyData-a160.csv")).issues()
    assert len(big) == 1 and big[0].n == 160


def test_ktab_import_errors(tmp_path: Path):
    f = tmp_path / "k.csv"
    f.write_text("Name,Desc,3,1,\nActor,Description,Power,P,S\nA,a,1,50,50\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="announces 3 actors"):
        load_scenario(f)
    f.write_text("Name,Desc,2,1,\nActor,Description,Power,P,S\nA,a,1,50,50\nB,b,x,20,20\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="line 4"):
        load_scenario(f)


# --- the bundled Korea scenario ------------------------------------------------------------

KOREA = EXAMPLES / "korea" / "scenario.yaml"


def _numbers(spec):
    for k, issue in enumerate(spec.issues):
        if issue.status_quo is not None:
            yield f"issues[{k}].status_quo", issue.status_quo
    for k, actor in enumerate(spec.actors):
        yield f"actors[{k}].capability", actor.capability
        for field in ("positions", "saliences"):
            for iid, v in getattr(actor, field).items():
                yield f"actors[{k}].{field}.{iid}", v


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).lower()


@pytest.mark.skipif(not KOREA.exists(), reason="examples/korea/scenario.yaml not written yet")
def test_korea_scenario_is_valid_and_every_number_is_justified():
    scen = load_scenario(KOREA)
    names = {a.name for a in scen.spec.actors}
    assert {"United States", "China", "North Korea", "South Korea", "Japan", "Russia"} <= names
    assert len(scen.spec.issues) >= 2
    for where, value in _numbers(scen.spec):
        num = as_number(value)
        assert num.evidence or (num.assumption and num.range), f"{where}: neither evidence nor an assumption with a range"


@pytest.mark.skipif(not KOREA.exists(), reason="examples/korea/scenario.yaml not written yet")
def test_korea_citations_exist_and_quotes_appear():
    data = yaml.safe_load(KOREA.read_text(encoding="utf-8"))
    docs = {p.stem: p for p in (EXAMPLES / "korea").iterdir() if p.suffix in (".txt", ".md", ".html")}
    cited = 0

    def walk(node):
        nonlocal cited
        if isinstance(node, dict):
            if "doc" in node and "quote" in node:
                cited += 1
                assert node["doc"] in docs, f"cited doc {node['doc']!r} is not in examples/korea"
                text = _norm(docs[node["doc"]].read_text(encoding="utf-8"))
                assert _norm(node["quote"]) in text, f"quote not found in {node['doc']}: {node['quote']!r}"
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    assert cited >= 10
