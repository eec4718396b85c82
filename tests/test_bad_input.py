"""Hostile inputs to ingest: alias bombs, stray bytes, devices, pipes, huge and long files, links."""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager

from detente.corpus import collect, read_file
from detente.corpus.ingest import IngestCallbacks, ingest_paths
from detente.store import Store
from ingest_fakes import FakeCoder

TEXT = "North Korea visited China. The talks went on for two days."


@contextmanager
def within(seconds: int):
    """Fail (rather than hang the suite) when the block takes longer than ``seconds``."""
    def stop(*_):
        raise TimeoutError(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def messages(problems) -> list[str]:
    return [f"{p.level}: {p}" for p in problems]


# -- YAML aliases in front matter --------------------------------------------------------------

def alias_bomb(levels: int) -> str:
    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines += [f"title: *a{levels - 1}", "---", TEXT]
    return "\n".join(lines)


def test_front_matter_aliases_are_refused_in_one_line(tmp_path):
    path = tmp_path / "bomb.md"
    path.write_text(alias_bomb(9))  # ~700 bytes that expand to 387 million strings
    with within(20):
        docs, problems = read_file(path)
    assert [d.text for d in docs] == [TEXT]  # the body is still read
    assert docs[0].meta.get("title") is None
    [problem] = problems
    assert problem.level == "error" and "aliases" in problem.message and problem.path == str(path)
    assert "\n" not in problem.message


def test_front_matter_fields_must_be_single_values(tmp_path):
    path = tmp_path / "list.md"
    path.write_text(f"---\ntitle: [a, b]\ndate: 2018-06-12\ntags: [x, y]\n---\n{TEXT}")
    docs, problems = read_file(path)
    assert docs[0].meta == {"date": docs[0].meta["date"]}  # the date is kept, the list title is not
    assert messages(problems) == [f"error: {path}: front matter field 'title' ignored: not a single value"]


# -- stray bytes ---------------------------------------------------------------------------------

def test_a_stray_byte_in_utf8_text_is_replaced_with_a_warning(tmp_path):
    body = "Kim Jong Un — the leader — met Moon Jae-in in Panmunjom. “Peace” was the word.\n" * 20
    data = body.encode("utf-8")
    at = data.index(b"\n") + 1
    data = data[:at] + b"\x92" + data[at:]  # one cp1252 apostrophe in the middle
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    docs, problems = read_file(path)
    assert "Kim Jong Un — the leader" in docs[0].text and "“Peace”" in docs[0].text
    assert "\ufffd" in docs[0].text
    assert messages(problems) == [
        f"warning: {path}: not valid UTF-8 at byte {at}; decoded as UTF-8 with 1 bad byte replaced by U+FFFD"]


def test_a_legacy_code_page_file_is_still_detected(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(("Le ministre a réaffirmé l'accord signé à Pékin. " * 10).encode("cp1252"))
    docs, problems = read_file(path)
    assert "réaffirmé" in docs[0].text and problems == []


# -- what is not a regular file ----------------------------------------------------------------

def test_a_named_pipe_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with within(10):
        docs, problems = read_file(fifo)
    assert docs == [] and messages(problems) == [f"failed: {fifo}: not a regular file (a named pipe)"]


def test_a_link_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with within(10):
        docs, problems = read_file(link)  # named directly: the link is followed, the device refused
    assert docs == [] and messages(problems) == [f"failed: {link}: not a regular file (a device)"]


def test_files_over_the_size_cap_are_refused_with_the_limit(tmp_path):
    from detente.corpus.limits import ReadLimits

    path = tmp_path / "big.txt"
    path.write_text(TEXT * 100)
    docs, problems = read_file(path, ReadLimits(max_bytes=1000))
    assert docs == []
    assert messages(problems) == [f"failed: {path}: file is {len(TEXT) * 100:,} bytes, over the 1,000 bytes "
                                  "size limit (--max-size to raise it)"]
    assert read_file(path)[0]  # the default cap is far above


# -- long documents --------------------------------------------------------------------------

def test_split_text_gives_the_text_back_and_cuts_at_breaks():
    from detente.corpus.limits import split_text

    text = "\n\n".join(f"Paragraph {i}. " + "Words go here. " * 30 for i in range(40))
    pieces = split_text(text, 1000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1000 for _, p in pieces) and len(pieces) > 10
    assert all(text[off:off + len(p)] == p for off, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])
    assert split_text("x" * 2500, 1000) == [(0, "x" * 1000), (1000, "x" * 1000), (2000, "x" * 500)]


class Pieces(IngestCallbacks):
    def __init__(self) -> None:
        self.seen: list[tuple[str, int, int]] = []

    def piece(self, doc, done, total):
        self.seen.append((doc.id, done, total))


def test_long_documents_are_coded_in_pieces_and_joined(tmp_path, db_path):
    from detente.corpus.limits import ReadLimits

    body = "\n\n".join(f"North Korea visited China in round {i}. The talks went on." for i in range(300))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "long.txt").write_text(body)
    (tmp_path / "docs" / "short.txt").write_text(TEXT)
    coder, progress = FakeCoder(), Pieces()
    limits = ReadLimits(piece_chars=2000)
    with Store(db_path) as store:
        report = ingest_paths(store, [tmp_path / "docs"], coder=coder, callbacks=progress, limits=limits)
        sentences = store.sentences("long")
        events = store.events()
        whole = store.document("long").text
    assert report.ok and report.added == 2 and report.failed == 0
    total = progress.seen[-1][2]
    assert total >= 5 and progress.seen == [("long", n, total) for n in range(1, total + 1)]
    assert len(sentences) == 600 and [s.index for s in sentences] == list(range(600))
    assert all(whole[s.start:s.end] == s.text for s in sentences)
    long_events = [e for e in events if e.doc_id == "long"]
    assert len(long_events) == 300 and len({e.id for e in long_events}) == 300
    by_id = {s.id: s for s in sentences}
    assert all(e.sentence_id in by_id and by_id[e.sentence_id].text == e.sentence for e in long_events)
    assert all(e.id.startswith(e.sentence_id + ":") for e in long_events)


# -- symbolic links ------------------------------------------------------------------------------

def test_links_in_folders_are_skipped_with_a_warning_unless_followed(tmp_path):
    from detente.corpus.limits import ReadLimits

    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (corpus / "a.txt").write_text(TEXT)
    (outside / "secret.txt").write_text("The United States visited South Korea.")
    (corpus / "passwd.txt").symlink_to(outside / "secret.txt")
    (outside / "more").mkdir()
    (outside / "more" / "b.txt").write_text(TEXT)
    (corpus / "more").symlink_to(outside / "more", target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    got = collect([corpus])
    assert [d.id for d in got.documents] == ["a"]
    assert sorted(m for m in messages(got.problems) if "symbolic link" in m) == [
        f"warning: {corpus / name}: symbolic link skipped (--follow-links to read it)"
        for name in ("loop", "more", "passwd.txt")]
    followed = collect([corpus], limits=ReadLimits(follow_links=True))
    assert sorted(d.id for d in followed.documents) == ["a", "b", "passwd"]  # the loop is entered once
