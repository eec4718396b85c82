"""A user's language-data directory: extending and overriding the package's data, bad files, and
using it from ingest, eval and a spaCy pipeline. All names and sentences are our own inventions."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli.app import app
from detente.coding.coder import EventCoder
from detente.langdata import LanguageData, LanguageDataError
from detente.records import Document
from detente.store import Store
from hand_parse import hand_parse

PEOPLE = """name,aliases,short,country,code,role,start,end,gender
Ana Verdes,,Verdes,PER,PERGOV,FM,2024-02-01,,f
Ana Verdes,,,PER,PERELI,PRIV,2010-01-01,2024-02-01,f
"""
ORGS = """alias,code,kind
Andean Water Council,IGOAWC,org
"""
PATTERNS = """verbs:
  outflank:
    - {code: "1723"}
  condemn: none
"""

OUTFLANKED = """
Peru       PROPN nsubj 2 peru NNP GPE
outflanked VERB  ROOT  0 outflank
Chile      PROPN dobj  2 chile NNP GPE
.          PUNCT punct 2
"""


def user_dir(root: Path) -> Path:
    (root / "actors").mkdir(parents=True)
    (root / "coder").mkdir()
    (root / "actors" / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (root / "actors" / "orgs.csv").write_text(ORGS, encoding="utf-8")
    (root / "coder" / "patterns.yaml").write_text(PATTERNS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def mine(tmp_path_factory) -> LanguageData:
    return LanguageData.from_dir(user_dir(tmp_path_factory.mktemp("lang") / "my-lang"))


def coded(coder: EventCoder, text: str, date: str = "2025-05-01"):
    return next(coder.code_documents([Document(id="u", text=text, date=date)]))[2]


def test_a_verb_pattern_of_the_user_fires(nlp, mine):
    doc = hand_parse(nlp.vocab, OUTFLANKED)
    events = EventCoder(mine).code_parsed(Document(id="u", text=doc.text, date="2025-05-01"), doc)[2]
    assert [(e.source.country, e.target.country, e.cameo) for e in events] == [("PER", "CHL", "1723")]
    assert "outflank" not in LanguageData.default().lexicon.verbs  # the package is untouched


def test_the_user_switches_a_package_verb_off(mine):
    assert "condemn" not in mine.lexicon.verbs
    assert "condemn" in LanguageData.default().lexicon.verbs
    assert mine.lexicon.verbs["denounce"] == LanguageData.default().lexicon.verbs["denounce"]  # the rest stays


def test_a_person_with_dated_roles_and_an_organisation(mine):
    coder = EventCoder(mine)
    now = coded(coder, "Ana Verdes criticised the Andean Water Council.")
    assert [(e.source.code, e.target.code if e.target else None) for e in now] == [("PERGOV", "IGOAWC")]
    before = coded(coder, "Ana Verdes criticised the Andean Water Council.", "2020-05-01")
    assert before[0].source.code == "PERELI"
    titled = coded(coder, "Peru's foreign minister criticised the Andean Water Council.")
    assert "Ana Verdes" in titled[0].explanation["source"]["how"]


def test_a_user_row_with_the_package_key_replaces_it(tmp_path):
    root = tmp_path / "lang"
    (root / "actors").mkdir(parents=True)
    (root / "actors" / "countries_extra.csv").write_text("alias,code,kind\nUS,CAN,country\n", encoding="utf-8")
    rows = LanguageData.from_dir(root).source.rows("actors/countries_extra.csv", key="alias")
    assert [r["code"] for r in rows if r["alias"] == "US"] == ["CAN"]


def test_a_listed_file_overrides_the_package(tmp_path):
    root = tmp_path / "lang"
    (root / "coder").mkdir(parents=True)
    (root / "lang.yaml").write_text("replace: [coder/verbs_base.csv]\n", encoding="utf-8")
    (root / "coder" / "verbs_base.csv").write_text("lemma,code,object,particle,prep,prep_object\n"
                                                  "outflank,190,,,,\n", encoding="utf-8")
    lang = LanguageData.from_dir(root)
    assert all(r.origin == "lexicon" for rules in lang.lexicon.verbs.values() for r in rules
               if r.lemma != "outflank")
    assert [r.code for r in lang.lexicon.verbs["outflank"]] == ["190"]


@pytest.mark.parametrize("name, text, problem", [
    ("coder/patterns.yaml", "verbs: [unclosed\n", "not valid YAML"),
    ("coder/patterns.yaml", "verbs:\n  outflank: [{obj: [x]}]\n", "needs a 'code'"),
    ("actors/people.csv", "name,code\nX,PER\n", "missing column"),
    ("lang.yaml", "replace: coder/patterns.yaml\n", "expected a mapping"),
])
def test_a_bad_file_is_one_error_naming_it(tmp_path, name, text, problem):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LanguageDataError, match=problem) as err:
        LanguageData.from_dir(tmp_path)
    assert Path(name).name in str(err.value)


def test_a_missing_directory_is_an_error(tmp_path):
    with pytest.raises(LanguageDataError, match="not found"):
        LanguageData.from_dir(tmp_path / "nowhere")


@pytest.mark.slow
def test_ingest_and_eval_take_the_users_directory(tmp_path):
    lang = user_dir(tmp_path / "my-lang")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Ana Verdes criticised the Andean Water Council on Monday.", encoding="utf-8")
    (docs / "manifest.csv").write_text("file,date\na.txt,2025-05-05\n", encoding="utf-8")
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(docs), "--db", str(db), "--lang-data", str(lang)])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as st:
        assert {(e.source.code, e.target.code) for e in st.events()} == {("PERGOV", "IGOAWC")}
    bad = runner.invoke(app, ["ingest", str(docs), "--db", str(db), "--lang-data", str(tmp_path / "none")])
    assert bad.exit_code == 1 and "language-data directory not found" in bad.output
    (lang / "coder" / "patterns.yaml").write_text("verbs: [", encoding="utf-8")
    broken = runner.invoke(app, ["eval", "coder", "--set", "wire-dev", "--limit", "1", "--lang-data", str(lang)])
    assert broken.exit_code == 1 and "patterns.yaml: not valid YAML" in broken.output


@pytest.mark.slow
def test_the_coder_is_a_spacy_component():
    import spacy

    from detente.nlp import MODEL_NAMES

    nlp = next((spacy.load(n) for n in MODEL_NAMES if spacy.util.is_package(n)), None)
    if nlp is None:
        pytest.skip("no spaCy English model")
    nlp.add_pipe("detente_coder", config={"joint_drills": False})
    doc = nlp("Brazil condemned Argentina on Tuesday.")
    assert [(e.source.country, e.target.country, e.cameo) for e in doc._.events] == [("BRA", "ARG", "111")]
    assert nlp.get_pipe("detente_coder").config.joint_drills is False
