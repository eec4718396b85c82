"""Property-based fuzzing of every input reader: any input gives records or one-line errors, never
an exception escaping to the user. The ``suite`` profile (tests/conftest.py) keeps it fast and
repeatable; ``HYPOTHESIS_PROFILE=deep pytest tests/test_fuzz.py`` searches much longer."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.bargain.scenario import ScenarioError, load_scenario, parse_scenario
from detente.corpus import DateError, parse_bound, parse_date, read_file
from detente.corpus.manifest import read_manifest
from detente.corpus.markdown import split_front_matter
from detente.corpus.readers import read_jsonl
from detente.store import Store
from detente.store.importers import GDELT_COLUMNS, ImportError_, import_gdelt, import_icews, import_tkg

WORK = Path(tempfile.mkdtemp(prefix="detente-fuzz-"))

# Cells that reach deep into the readers: plausible values, edge cases and hostile text.
cells = st.one_of(
    st.sampled_from(["", "2018-06-12", "2019-02-30", "20180612", "042", "42", "abc", "1e308", "NaN", "China",
                     "North Korea", "Government (China)", "[/x] Party", "\\", "'", '"', "*a", "&a", "---", "null"]),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=20),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30) | cells,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def one_line(problems) -> None:
    for p in problems:
        assert str(p) and "\n" not in str(p), p


def write(name: str, data: bytes | str) -> Path:
    path = WORK / name
    path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    return path


@given(st.lists(st.lists(cells, max_size=6), max_size=6), st.binary(max_size=40))
def test_manifest_reader(rows, noise):
    text = "\n".join(",".join(r) for r in [["file", "date", "title", "publisher", "url"], *rows])
    for data in (text.encode("utf-8", "replace"), noise, text.encode("utf-8", "replace") + noise):
        manifest, problems = read_manifest(write("manifest.csv", data))
        one_line(problems)
        if manifest is not None:
            assert all(e.row >= 2 for e in manifest.entries.values())


@given(st.dictionaries(st.sampled_from(["title", "date", "publisher", "url", "tags"]), json_values, max_size=5),
       st.text(max_size=80), cells)
def test_front_matter(fields, yaml_text, body):
    front_texts = [json.dumps(fields, default=str), yaml_text]
    for front in front_texts:
        meta, rest, error = split_front_matter(f"---\n{front}\n---\n{body}")
        assert isinstance(meta, dict) and isinstance(rest, str)
        assert error is None or "\n" not in error
        docs, problems = read_file(write("doc.md", f"---\n{front}\n---\nNorth Korea visited China. {body}"))
        one_line(problems)
        assert all(isinstance(v, str | int | float | bool | dt.date) for d in docs for v in d.meta.values())


@given(st.lists(st.one_of(json_values.map(lambda v: json.dumps(v, default=str)),
                          st.dictionaries(st.sampled_from(["id", "text", "date", "title", "url", "publisher"]),
                                          json_values).map(lambda d: json.dumps(d, default=str)),
                          cells), max_size=6))
def test_jsonl_reader(lines):
    path = WORK / "feed.jsonl"
    docs, problems = read_jsonl(path, "\n".join(lines))
    one_line(problems)
    assert all(d.text and isinstance(d.id, str) for d in docs)


@given(st.one_of(cells, json_values, st.dates(), st.datetimes()))
def test_date_parsing(value):
    try:
        got = parse_date(value)
    except DateError as exc:
        assert "\n" not in str(exc)
    else:
        assert got is None or dt.date.fromisoformat(got)
    for end in (False, True):
        try:
            dt.date.fromisoformat(parse_bound(str(value), end=end))
        except DateError as exc:
            assert "\n" not in str(exc)


@given(st.one_of(json_values, st.fixed_dictionaries(
    {"name": cells, "issues": st.lists(st.dictionaries(
        st.sampled_from(["id", "name", "low", "high", "status_quo"]), json_values), max_size=2),
     "actors": st.lists(st.dictionaries(
         st.sampled_from(["name", "capability", "positions", "saliences", "risk"]), json_values), max_size=3)})),
       st.binary(max_size=60))
def test_scenario_loader(data, noise):
    for attempt in (lambda: parse_scenario(data), lambda: load_scenario(write("scenario.yaml", noise))):
        try:
            attempt()
        except ScenarioError as exc:
            assert "\n" not in str(exc).strip()


@given(st.binary(max_size=80))
def test_any_bytes_in_any_supported_file(data):
    for name in ("x.txt", "x.md", "x.html", "x.jsonl"):
        docs, problems = read_file(write(name, data))
        one_line(problems)


# -- importers ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store():
    with Store(WORK / "fuzz.duckdb") as s:
        yield s


def tsv(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(c.replace("\t", " ").replace("\n", " ").replace("\r", " ") for c in r)
                     for r in rows) + "\n"


def must_import_or_say_why(store, fn, path: Path, **kwargs) -> None:
    try:
        report = fn(store, path, **kwargs)
    except ImportError_ as exc:
        assert "\n" not in str(exc) and str(path) in str(exc), exc
    else:
        assert report.events >= 0


ids = st.integers(1, 6).map(str) | cells  # few distinct ids: duplicates are likely
days = st.dates(dt.date(2017, 1, 1), dt.date(2019, 12, 31)).map(str) | cells
codes = st.sampled_from(["042", "42", "190", "1", "0431", "abc", ""]) | cells
names = st.sampled_from(["China", "North Korea", "Government (China)", "[/x] Party", ""]) | cells


def ragged(row: st.SearchStrategy) -> st.SearchStrategy:
    """Rows, now and then cut short or run long."""
    return st.tuples(row, st.sampled_from([0, 0, 0, 0, 1, 3, -1])).map(
        lambda r: list(r[0])[: len(r[0]) - r[1]] if r[1] >= 0 else [*r[0], "extra"])


@given(st.lists(ragged(st.tuples(ids, days, names, names, codes, names, names)), max_size=5))
def test_icews_importer(store, rows):
    header = ["Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code", "Target Name", "Target Country"]
    must_import_or_say_why(store, import_icews, write("e.tab", tsv([header, *rows])))


@given(st.lists(ragged(st.tuples(ids, days.map(lambda d: d.replace("-", "")), codes, codes, names)),
                min_size=1, max_size=3))
def test_gdelt_importer(store, rows):
    def full(r: list[str]) -> list[str]:
        cells = [""] * len(GDELT_COLUMNS)
        for name, value in zip(("GLOBALEVENTID", "SQLDATE", "EventCode", "EventRootCode", "Actor1Name"), r):
            cells[GDELT_COLUMNS.index(name)] = value
        return cells[: len(GDELT_COLUMNS) - (5 - len(r))] if len(r) < 5 else cells

    must_import_or_say_why(store, import_gdelt, write("g.CSV", tsv([full(r) for r in rows])))


@given(st.lists(ragged(st.tuples(names, st.sampled_from(["Make a visit", "Threaten", "?"]) | cells, names, days)),
                max_size=5))
def test_tkg_importer(store, rows):
    must_import_or_say_why(store, import_tkg, write("t_named.tsv", tsv(rows)), map_people=False)
