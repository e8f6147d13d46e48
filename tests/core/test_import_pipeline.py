"""The import pipeline: a feed thread hashes and extracts ahead while the importer stores.

What a clerk sees must not change: outcomes in folder order, copies of one file handled once,
cancel keeps what was imported, a hanging file is stopped and named."""

from __future__ import annotations

import hashlib
import multiprocessing
import threading

import pytest

from core.ingest.extract import TEST_HOOKS_ENV
from core.ingest.extract.sandbox import Extractor
from core.models import CancelToken

GOOD = "学院{n}号工作总结\n开展三会一课,落实意识形态工作责任制。\n2022年12月{n}日"
DAMAGED = bytes(range(256)) * 8  # no format's bytes, under a document's name


def statuses(report) -> list[tuple[str, str, str | None]]:
    return [(o.path.rsplit("/", 1)[-1], o.status, o.error) for o in report.files]


def no_feed_left() -> bool:
    """No feed thread and no extraction worker outlives the import."""
    threads = [t for t in threading.enumerate() if t.name == "import-feed"]
    workers = [p for p in multiprocessing.active_children() if p.name == "archivist-extract"]
    return not threads and not workers


class CountingExtractor(Extractor):
    """The real in-process extractor, counting the files it is asked to extract."""

    def __init__(self):
        super().__init__(in_process=True)
        self.calls = 0

    def extract_and_guess(self, path, facts):
        self.calls += 1
        return super().extract_and_guess(path, facts)


def test_copies_in_one_batch_become_duplicates_of_the_first(archive, write):
    first = write("a.txt", GOOD.format(n=1))
    write("b.txt", GOOD.format(n=2))
    write("c.txt", GOOD.format(n=1))
    write("sub/d.txt", GOOD.format(n=1))
    report = archive.import_paths([first.parent])
    assert [s[:2] for s in statuses(report)] == [
        ("a.txt", "imported"),
        ("b.txt", "imported"),
        ("c.txt", "duplicate"),
        ("d.txt", "duplicate"),
    ]
    a_id = report.files[0].id
    assert report.files[2].id == a_id and report.files[3].id == a_id
    assert archive.search("1号工作总结").total == 1


def test_copies_of_a_damaged_file_all_get_its_reason(archive, write):
    folder = write("x1.docx", DAMAGED).parent
    write("x2.docx", DAMAGED)
    write("x3.txt", GOOD.format(n=3))
    write("x4.doc", DAMAGED)
    report = archive.import_paths([folder])
    assert statuses(report) == [
        ("x1.docx", "failed", "文件已损坏"),
        ("x2.docx", "failed", "文件已损坏"),
        ("x3.txt", "imported", None),
        ("x4.doc", "failed", "文件已损坏"),
    ]


def test_copies_of_a_file_that_could_not_be_stored_fail_alike(archive, write):
    blocked = GOOD.format(n=4)
    sha = hashlib.sha256(blocked.encode()).hexdigest()
    (archive.folder / "files" / sha[:2]).write_text("not a folder")  # mkdir there fails
    folder = write("p1.txt", blocked).parent
    write("p2.txt", GOOD.format(n=5))
    write("p3.txt", blocked)
    report = archive.import_paths([folder])
    got = statuses(report)
    assert got[0][1] == "failed" and got[0][2] in ("无法写入档案库", "没有写入权限")
    assert got[1][:2] == ("p2.txt", "imported")
    assert got[2] == ("p3.txt", *got[0][1:])  # not silently a "duplicate" of nothing
    assert archive.search("4号工作总结").total == 0


def test_outcomes_keep_folder_order_with_failures_interleaved(archive, write):
    archive.import_paths([write("old/known.txt", GOOD.format(n=9))])
    folder = write("in/01.txt", GOOD.format(n=11)).parent
    write("in/02.txt", b"")
    write("in/03.docx", DAMAGED)
    write("in/04.txt", GOOD.format(n=12))
    write("in/05.txt", GOOD.format(n=9))  # already in the archive
    write("in/06.txt", GOOD.format(n=11))  # a copy of 01 in this batch
    write("in/07.bin", b"\x00\x01\xfe\xff" * 64)
    write("in/08.txt", GOOD.format(n=13))
    report = archive.import_paths([folder])
    assert [s[:2] for s in statuses(report)] == [
        ("01.txt", "imported"),
        ("02.txt", "failed"),
        ("03.docx", "failed"),
        ("04.txt", "imported"),
        ("05.txt", "duplicate"),
        ("06.txt", "duplicate"),
        ("07.bin", "skipped"),
        ("08.txt", "imported"),
    ]
    assert report.files[4].id == archive.search("9号工作总结").hits[0].id
    assert report.files[5].id == report.files[0].id
    assert all(o.id for o in report.files if o.status == "imported")


def test_reimporting_a_folder_extracts_nothing(archive, write):
    for n in range(20):
        write(f"f/{n:02d}.txt", GOOD.format(n=n + 100))
    folder = write("f/readme.txt", "说明").parent
    assert archive.import_paths([folder]).imported == 21
    extractor = CountingExtractor()
    report = archive.import_paths([folder], extractor=extractor)
    assert {o.status for o in report.files} == {"duplicate"} and len(report.files) == 21
    assert extractor.calls == 0


def test_cancel_mid_batch_keeps_what_was_imported_and_leaves_nothing_running(archive, write):
    for n in range(80):
        write(f"many/{n:03d}.txt", GOOD.format(n=n + 200))
    folder = write("many/000.txt", GOOD.format(n=200)).parent
    token = CancelToken()

    def progress(p):
        if p.done == 10:  # the feed is ahead by then: its extracted files are dropped
            token.cancel()

    report = archive.import_paths([folder], on_progress=progress, cancel=token)
    assert report.cancelled and 10 <= len(report.files) < 80
    assert {o.status for o in report.files} == {"imported"}
    assert archive.search("工作总结", limit=100).total == len(report.files)
    assert no_feed_left()
    again = archive.import_paths([folder])  # the rest comes in next time, nothing twice
    assert again.imported == 80 - len(report.files) and not again.cancelled
    assert archive.search("工作总结", limit=100).total == 80


@pytest.fixture
def hooks(monkeypatch):
    monkeypatch.setenv(TEST_HOOKS_ENV, "1")  # the worker inherits it at spawn


def test_a_hanging_file_mid_batch_is_named_and_the_rest_import(archive, write, hooks):
    folder = write("h/1.txt", GOOD.format(n=301)).parent
    write("h/2-hang.bin", b"ARCHIVIST-TEST-HANG")
    write("h/3-crash.bin", b"ARCHIVIST-TEST-CRASH")
    write("h/4.txt", GOOD.format(n=304))
    report = archive.import_paths([folder], extractor=Extractor(timeout=3))
    assert statuses(report) == [
        ("1.txt", "imported", None),
        ("2-hang.bin", "failed", "解析超时"),
        ("3-crash.bin", "failed", "解析失败"),
        ("4.txt", "imported", None),
    ]
    assert no_feed_left()


def test_a_bug_of_ours_is_reported_as_such_with_the_traceback_in_the_log(archive, write, hooks):
    folder = write("b/1.txt", GOOD.format(n=311)).parent
    write("b/2-bug.txt", b"ARCHIVIST-TEST-BUG")
    write("b/3-flaky.txt", b"ARCHIVIST-TEST-BUG-ONCE " + GOOD.format(n=313).encode())
    report = archive.import_paths([folder])
    assert statuses(report) == [
        ("1.txt", "imported", None),
        ("2-bug.txt", "failed", "程序内部错误，详情见日志"),
        ("3-flaky.txt", "imported", None),  # it failed once, then worked in a fresh worker
    ]
    log = (archive.folder / "logs" / "archivist.log").read_text("utf-8")
    assert "2-bug.txt" in log and "Traceback" in log and "AttributeError: test hook" in log


def test_cancel_while_a_file_hangs_stops_the_import(archive, write, hooks):
    folder = write("c/1.txt", GOOD.format(n=401)).parent
    write("c/2-hang.bin", b"ARCHIVIST-TEST-HANG")
    write("c/3.txt", GOOD.format(n=403))
    token, result = CancelToken(), {}

    def progress(p):
        if p.current.endswith("1.txt"):
            token.cancel()  # the feed is stuck on the next file, with a very long time limit

    def run():
        result["report"] = archive.import_paths(
            [folder], on_progress=progress, cancel=token, extractor=Extractor(timeout=600)
        )

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(120)  # far less than the 600 s limit the hanging file would otherwise take
    assert not worker.is_alive()
    report = result["report"]
    assert report.cancelled and statuses(report) == [("1.txt", "imported", None)]
    assert archive.search("401号").total == 1
    assert no_feed_left()


def test_plain_text_files_wear_the_worker_less_than_parsed_formats(tmp_path, monkeypatch):
    from core.ingest.extract import sandbox

    monkeypatch.setattr(sandbox, "RECYCLE_AFTER", 3)
    text = tmp_path / "a.txt"
    text.write_text(GOOD.format(n=1), encoding="utf-8")
    page = tmp_path / "b.html"
    page.write_text(f"<html><body><p>{GOOD.format(n=2)}</p></body></html>", encoding="utf-8")
    with Extractor() as extractor:
        for _ in range(6):
            assert "三会一课" in extractor.extract(text).text
        assert extractor.workers_started == 1  # six text files are far from a worn-out worker
        for _ in range(3):
            assert "三会一课" in extractor.extract(page).text
        extractor.extract(text)
        assert extractor.workers_started == 2  # three parsed files are: a fresh worker took over


def test_a_feed_held_back_by_its_text_limit_still_imports_everything(archive, write, monkeypatch):
    from core.ingest import feed as import_feed

    monkeypatch.setattr(import_feed, "FEED_AHEAD_CHARS", 1)  # one extracted file at a time
    for n in range(12):
        write(f"t/{n:02d}.txt", GOOD.format(n=n + 500))
    folder = write("t/12.txt", GOOD.format(n=512)).parent
    report = archive.import_paths([folder])
    assert [o.status for o in report.files] == ["imported"] * 13
    assert archive.search("工作总结", limit=50).total == 13
    assert no_feed_left()
