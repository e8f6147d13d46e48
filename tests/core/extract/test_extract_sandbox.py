"""The worker sandbox: hangs time out, crashes are contained, the next file still works."""

from __future__ import annotations

import sys

import pytest
from docx import Document

from core.ingest.extract import TEST_HOOKS_ENV
from core.ingest.extract.base import (
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    INTERNAL,
    NO_TEXT,
    PARSE_FAILED,
    TIMEOUT,
    TOO_LARGE,
    UNREADABLE,
    UNSUPPORTED,
    ExtractError,
)
from core.ingest.extract.sandbox import Extractor
from tests.core.extract.conftest import corpus_dir, manifest

REASONS = {CORRUPT, EMPTY, ENCRYPTED, NO_TEXT, TOO_LARGE, UNREADABLE, UNSUPPORTED}


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "通知.txt"
    good.write_bytes("关于档案整理的通知".encode("gbk"))
    hang = tmp_path / "hang.bin"
    hang.write_bytes(b"ARCHIVIST-TEST-HANG")
    crash = tmp_path / "crash.bin"
    crash.write_bytes(b"ARCHIVIST-TEST-CRASH")
    memory = tmp_path / "memory.bin"
    memory.write_bytes(b"ARCHIVIST-TEST-MEMORY")
    return {"good": good, "hang": hang, "crash": crash, "memory": memory}


def test_worker_returns_the_same_result_as_in_process(files):
    with Extractor() as sandboxed, Extractor(in_process=True) as direct:
        assert sandboxed.extract(files["good"]) == direct.extract(files["good"])


def test_hanging_parser_times_out_and_next_file_works(files, monkeypatch):
    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    with Extractor(timeout=3) as extractor:
        assert extractor.extract(files["good"]).text == "关于档案整理的通知"
        with pytest.raises(ExtractError) as err:
            extractor.extract(files["hang"])
        assert err.value.reason == TIMEOUT
        assert extractor.extract(files["good"]).text == "关于档案整理的通知"
        assert extractor.workers_started == 2


def test_crashing_parser_is_reported_and_next_file_works(files, monkeypatch):
    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    with Extractor(timeout=30) as extractor:
        with pytest.raises(ExtractError) as err:
            extractor.extract(files["crash"])
        assert err.value.reason == PARSE_FAILED
        assert extractor.extract(files["good"]).text == "关于档案整理的通知"


@pytest.mark.skipif(sys.platform == "win32", reason="address-space limit is POSIX only")
def test_memory_hog_hits_the_limit_and_next_file_works(files, monkeypatch):
    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    with Extractor(timeout=30, memory_limit=512 * 1024 * 1024) as extractor:
        with pytest.raises(ExtractError) as err:
            extractor.extract(files["memory"])
        assert err.value.reason in (TOO_LARGE, PARSE_FAILED)
        assert extractor.extract(files["good"]).text == "关于档案整理的通知"


def test_a_fresh_worker_imports_nothing_outside_its_main_thread(files, tmp_path, monkeypatch):
    # Two threads importing at once let one see a half-initialised module: a good file was
    # refused as damaged when it reached a worker still loading its parsers.
    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    docx = tmp_path / "通知.docx"
    document = Document()
    document.add_paragraph("关于档案整理的通知")
    document.save(docx)
    imports = tmp_path / "imports.bin"
    imports.write_bytes(b"ARCHIVIST-TEST-IMPORTS")
    with Extractor() as extractor:
        assert extractor.extract(files["good"]).text == "关于档案整理的通知"
        assert extractor.extract(docx).text == "关于档案整理的通知"
        assert extractor.extract(imports).text == ""


def test_an_unexpected_error_is_retried_once_in_a_fresh_worker(tmp_path, monkeypatch):
    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    flaky = tmp_path / "flaky.txt"
    flaky.write_bytes(b"ARCHIVIST-TEST-BUG-ONCE")
    with Extractor() as extractor:
        assert extractor.extract(flaky).text == "ARCHIVIST-TEST-BUG-ONCE"
        assert extractor.workers_started == 2


def test_a_repeated_unexpected_error_is_our_fault_not_a_damaged_file(
    files, tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv(TEST_HOOKS_ENV, "1")
    buggy = tmp_path / "buggy.txt"
    buggy.write_bytes(b"ARCHIVIST-TEST-BUG")
    with Extractor() as extractor:
        with pytest.raises(ExtractError) as err:
            extractor.extract(buggy)
        assert err.value.reason == INTERNAL == "程序内部错误，详情见日志"
        assert extractor.workers_started == 2
        assert extractor.extract(files["good"]).text == "关于档案整理的通知"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Traceback" in logged and "AttributeError: test hook" in logged


def test_missing_file_is_unreadable(tmp_path):
    with Extractor() as extractor, pytest.raises(ExtractError) as err:
        extractor.extract(tmp_path / "gone.doc")
    assert err.value.reason == UNREADABLE


def _fixture_sample(limit: int = 40) -> list[dict]:
    """Chinese, encrypted and fuzzed files first, then a spread of the rest."""
    rows = manifest("fixtures")
    interesting = [
        r
        for r in rows
        if int(r["han_chars_extracted"] or 0) > 20
        or "encrypt" in r["notes"]
        or "password" in r["notes"]
        or "malformed" in r["notes"]
    ]
    picked = interesting[: limit * 3 // 4]
    rest = [r for r in rows if r not in picked]
    picked += rest[:: max(1, len(rest) // (limit - len(picked)))][: limit - len(picked)]
    return picked


@pytest.mark.corpus
def test_fixture_sample_gives_text_or_a_reason_through_the_sandbox():
    folder = corpus_dir("fixtures")
    outcomes = {}
    with Extractor(timeout=60) as extractor:
        for row in _fixture_sample():
            path = folder / row["set"] / row["path"]
            try:
                result = extractor.extract(path)
                outcomes[row["path"]] = "ocr" if result.needs_ocr else "text"
                assert (
                    result.text.strip()
                    or result.needs_ocr
                    or int(row["text_chars_extracted"] or 0) < 50
                ), path
            except ExtractError as err:
                assert err.reason in REASONS, (path, err.reason, err.detail)
                outcomes[row["path"]] = err.reason
    assert len(outcomes) == 40
    assert list(outcomes.values()).count("text") >= 20
    assert ENCRYPTED in outcomes.values()
