"""Readers and metadata: each format, manifests and their precedence, decoding, dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.corpus import collect, parse_bound, parse_date, read_file
from detente.corpus.dates import DateError
from detente.corpus.text import DecodeError, decode_bytes

TEXT = "North Korea visited China in March. The talks went on for two days."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def by_id(folder_or_paths, manifest=None):
    paths = folder_or_paths if isinstance(folder_or_paths, list) else [folder_or_paths]
    got = collect(paths, manifest)
    return {d.id: d for d in got.documents}, got.problems


def test_txt_document_id_is_stem_and_hash_is_stable(tmp_path):
    write(tmp_path / "kim-beijing.txt", TEXT + "\r\n")
    docs, problems = by_id(tmp_path)
    doc = docs["kim-beijing"]
    assert doc.text == TEXT and doc.format == "txt" and doc.date is None
    assert [p.level for p in problems] == ["warning"] and "no publication date" in problems[0].message
    again, _ = by_id(tmp_path)
    assert again["kim-beijing"].content_hash == doc.content_hash and len(doc.content_hash) == 64


def test_markdown_front_matter_and_body_cleanup(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: Summit in Singapore\ndate: 2018-06-12\npublisher: Desk\n"
          "url: https://example.org/a\n---\n# Heading\n\nThe **leaders** met, see [the text](http://x.org).\n")
    docs, problems = by_id(tmp_path)
    d = docs["a"]
    assert (d.title, d.date, d.publisher, d.url) == ("Summit in Singapore", "2018-06-12", "Desk", "https://example.org/a")
    assert "**" not in d.text and "the text" in d.text and "http://x.org" not in d.text and "---" not in d.text
    assert problems == []


def test_markdown_heading_is_title_and_bad_front_matter_is_reported(tmp_path):
    write(tmp_path / "b.md", "---\ntitle: [unclosed\n---\n# The Hanoi summit\n\nIt ended early.\n")
    docs, problems = by_id(tmp_path)
    assert docs["b"].title == "The Hanoi summit"
    assert any("front matter" in p.message and p.level == "error" for p in problems)


def test_html_main_text_without_boilerplate_or_script(tmp_path):
    html = """<html><head><title>Kim in Beijing</title>
    <meta property="article:published_time" content="2018-03-28T09:00:00+08:00">
    <meta property="og:site_name" content="Wire"><link rel="canonical" href="javascript:alert(1)">
    <script>var secret = "do-not-keep";</script></head>
    <body><nav>Home | World | Sport | Weather</nav><article><h1>Kim in Beijing</h1>
    <p>North Korean leader Kim Jong Un visited China and met President Xi Jinping in Beijing.</p>
    <p>The trip was his first abroad since taking power.<script>alert("x")</script></p></article>
    <footer>Copyright 2018 Wire. All rights reserved.</footer></body></html>"""
    write(tmp_path / "page.html", html)
    docs, problems = by_id(tmp_path)
    d = docs["page"]
    assert "visited China" in d.text and "first abroad" in d.text
    assert "do-not-keep" not in d.text and "alert" not in d.text and "<" not in d.text
    assert "All rights reserved" not in d.text and "Weather" not in d.text
    assert (d.title, d.date, d.publisher, d.url) == ("Kim in Beijing", "2018-03-28", "Wire", None)
    assert any("not http/https" in p.message for p in problems)


def test_jsonl_one_document_per_line_with_bad_lines_reported(tmp_path):
    lines = [
        json.dumps({"id": "j1", "text": TEXT, "title": "T1", "date": "2019-02-27", "publisher": "P",
                    "url": "https://e.org/1"}),
        "{not json",
        json.dumps({"id": "j3", "text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "No id here, so the line number names it.", "date": "2019-02-30"}),
    ]
    write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    docs, problems = by_id(tmp_path)
    assert set(docs) == {"j1", "batch-5"}
    assert docs["j1"].date == "2019-02-27" and docs["j1"].format == "jsonl"
    assert docs["batch-5"].date is None
    text = [str(p) for p in problems]
    assert any("batch.jsonl:2" in t and "not valid JSON" in t for t in text)
    assert any("batch.jsonl:3" in t and "empty document" in t for t in text)
    assert any("batch.jsonl:4" in t and "not a JSON object" in t for t in text)
    assert any("batch.jsonl:5" in t and "impossible date '2019-02-30'" in t for t in text)


def test_folders_are_walked_recursively_skipping_hidden_and_other_files(tmp_path):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "sub" / "deeper" / "b.md", TEXT)
    write(tmp_path / ".hidden" / "c.txt", TEXT)
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    docs, _ = by_id(tmp_path)
    assert set(docs) == {"a", "b"}


def test_metadata_precedence_cli_manifest_over_folder_manifest_over_file(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "a.md", "---\ntitle: From file\ndate: 2017-01-01\npublisher: File Pub\n---\n" + TEXT)
    write(corpus / "b.md", "---\ntitle: B from file\ndate: 2017-01-02\npublisher: B File Pub\n---\n" + TEXT)
    write(corpus / "c.md", "---\ntitle: C from file\ndate: 2017-01-03\n---\n" + TEXT)
    write(corpus / "manifest.csv", "file,date,title,publisher\na.md,2018-01-01,From folder,\n"
          "b.md,2018-01-02,,Folder Pub\nc.md,,,\n")
    given = write(tmp_path / "mine.csv", "file,date,title,publisher,url\na.md,2019-01-01,,,https://e.org/a\n")
    docs, problems = by_id(corpus, given)
    a, b, c = docs["a"], docs["b"], docs["c"]
    # --manifest wins for a's date; an empty cell falls through to the next source, field by field.
    assert (a.date, a.title, a.publisher, a.url) == ("2019-01-01", "From folder", "File Pub", "https://e.org/a")
    assert (b.date, b.title, b.publisher) == ("2018-01-02", "B from file", "Folder Pub")
    assert (c.date, c.title) == ("2017-01-03", "C from file")
    assert problems == []


def test_manifest_matches_relative_paths_and_jsonl_ids(tmp_path):
    write(tmp_path / "sub" / "x.txt", TEXT)
    write(tmp_path / "feed.jsonl", json.dumps({"id": "j9", "text": TEXT}) + "\n")
    manifest = write(tmp_path / "m.csv", "file,date,title,publisher\nsub/x.txt,2018-06-12,X,\nj9,2019-02-28,J,\n")
    docs, problems = by_id(tmp_path, manifest)
    assert docs["x"].date == "2018-06-12" and docs["j9"].date == "2019-02-28"
    assert problems == []


def test_impossible_manifest_date_warns_and_falls_back(tmp_path):
    write(tmp_path / "a.md", "---\ndate: 2017-05-05\n---\n" + TEXT)
    write(tmp_path / "b.txt", TEXT)
    write(tmp_path / "manifest.csv", "file,date,title,publisher\na.md,2019-02-30,,\nb.txt,yesterday,,\n")
    docs, problems = by_id(tmp_path)
    assert docs["a"].date == "2017-05-05" and docs["b"].date is None
    msgs = {p.path.rsplit("/", 1)[-1]: p.message for p in problems}
    assert "impossible date '2019-02-30'" in msgs["a.md"] and "using 2017-05-05" in msgs["a.md"]
    assert "unreadable date 'yesterday'" in msgs["b.txt"] and "date unknown" in msgs["b.txt"]
    assert all(p.level == "error" for p in problems)


def test_malformed_manifest_rows_are_reported_and_the_rest_applies(tmp_path):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "b.txt", TEXT)
    write(tmp_path / "manifest.csv", "file,date,title,publisher\na.txt,2018-01-01,A,P\nb.txt,2018\n"
          ",2018-01-01,,\na.txt,2018-02-02,again,\nghost.txt,2018-01-01,,\n")
    docs, problems = by_id(tmp_path)
    assert docs["a"].date == "2018-01-01" and docs["b"].date is None
    text = " | ".join(str(p) for p in problems)
    assert "row 3: malformed row" in text and "row 4: malformed row" in text and "row 5: malformed row" in text
    assert "row 6: no file 'ghost.txt'" in text


@pytest.mark.parametrize("content, message", [
    ("", "empty manifest"),
    ("name,date\na.txt,2018-01-01\n", "no 'file' column"),
])
def test_unusable_manifest(tmp_path, content, message):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "manifest.csv", content)
    docs, problems = by_id(tmp_path)
    assert "a" in docs and any(message in p.message for p in problems)


def test_missing_manifest_and_missing_path(tmp_path):
    docs, problems = by_id([tmp_path / "nowhere"], tmp_path / "none.csv")
    assert docs == {}
    assert {p.message for p in problems} == {"manifest not found", "no such file or folder"}


def test_duplicate_ids_keep_the_first(tmp_path):
    write(tmp_path / "a" / "same.txt", TEXT)
    write(tmp_path / "b" / "same.md", TEXT)
    docs, problems = by_id(tmp_path)
    assert docs["same"].format == "txt" and any("duplicate document id 'same'" in p.message for p in problems)


def test_bad_files_are_rejected_with_reasons(tmp_path):
    cases = {
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
        "controls.txt": (bytes(range(1, 9)) * 40, "binary"),
        "empty.txt": (b"  \n\t\n", "empty document"),
        "empty.jsonl": (b"\n\n", "empty document"),
        "page.pdf": (b"%PDF", "unsupported file type"),
    }
    for name, (data, message) in cases.items():
        docs, problems = read_file(write(tmp_path / name, data))
        assert docs == [] and len(problems) == 1 and message in problems[0].message, name
        assert problems[0].path.endswith(name)


def test_decoding_utf8_boms_and_legacy_encodings():
    assert decode_bytes("Pyongyang – Beijing".encode()) == "Pyongyang – Beijing"
    assert decode_bytes("\ufeffhello".encode()) == "hello"
    assert decode_bytes("Пхеньян и Пекин обсудили санкции и переговоры.".encode("utf-16")).startswith("Пхеньян")
    assert "Пекин" in decode_bytes("Пхеньян и Пекин обсудили санкции и переговоры.".encode("cp1251"))
    with pytest.raises(DecodeError):
        decode_bytes(b"abc\x00def")


def test_undecodable_bytes_are_rejected(tmp_path):
    docs, problems = read_file(write(tmp_path / "bad.txt", bytes(range(128, 256)) * 3))
    assert docs == [] and "undecodable text" in problems[0].message


@pytest.mark.parametrize("value, expected", [
    ("2018-06-12", "2018-06-12"), ("2018-06-12T10:00:00Z", "2018-06-12"), ("12 June 2018", "2018-06-12"),
    ("June 12, 2018", "2018-06-12"), ("2018/06/12", "2018-06-12"), ("", None), (None, None),
])
def test_parse_date_accepts(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2019-02-30", "2018-13-01", "03/04/2018", "soon", "0001-01-01"])
def test_parse_date_rejects(value):
    with pytest.raises(DateError):
        parse_date(value)


def test_parse_bound_periods():
    assert parse_bound("2018") == "2018-01-01" and parse_bound("2018", end=True) == "2018-12-31"
    assert parse_bound("2019-02", end=True) == "2019-02-28" and parse_bound("2019-02-03") == "2019-02-03"
    for bad in ("2019-02-30", "2019-13", "last week"):
        with pytest.raises(DateError):
            parse_bound(bad)


def test_folder_manifest_lists_the_documents(tmp_path):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "README.md", "# About this folder\n\nNotes.")
    write(tmp_path / "gold" / "expected.jsonl", json.dumps({"doc": "a", "cameo_root": "04"}) + "\n")
    write(tmp_path / "sub" / "b.txt", TEXT)
    write(tmp_path / "manifest.csv", "file,date,title,publisher\na.txt,2018-01-01,,\nsub/b.txt,2018-01-02,,\n")
    got = collect([tmp_path])
    assert {d.id: d.date for d in got.documents} == {"a": "2018-01-01", "b": "2018-01-02"}
    assert sorted(p.name for p in got.skipped) == ["README.md", "expected.jsonl"] and got.problems == []
    explicit = collect([tmp_path / "README.md"])  # named on the command line: always read
    assert [d.id for d in explicit.documents] == ["README"]


def test_a_file_named_twice_is_read_once(tmp_path):
    write(tmp_path / "a.txt", TEXT)
    docs, problems = by_id([tmp_path, tmp_path / "a.txt"])
    assert list(docs) == ["a"] and all("duplicate" not in p.message for p in problems)


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.txt", TEXT)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    import detente.corpus.limits

    monkeypatch.setattr(detente.corpus.limits, "open", denied, raising=False)  # root may read anything
    docs, problems = read_file(path)
    assert docs == [] and problems[0].message == "unreadable file (Permission denied)"
