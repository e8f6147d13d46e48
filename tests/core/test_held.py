"""Files held by other programs (Word/WPS, an antivirus scan): retried briefly, then reported.

Windows refuses to open or rename such a file with a sharing violation (WinError 32); on Linux
the same error is injected at the file layer (open, os.replace) for the files named."""

from __future__ import annotations

import builtins
import os

import pytest

from core.archive import Archive
from core.folder import held
from core.ingest import feed, importer
from core.ingest.extract.base import ExtractError


def sharing_violation(path) -> PermissionError:
    e = PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(path))
    e.winerror = held.SHARING_VIOLATION
    return e


class Holder:
    """Another program holding files: opening (or renaming onto/from) them fails `times` times."""

    def __init__(self, monkeypatch, times: dict[str, int]):
        self.times, self.calls = dict(times), []
        real_open, real_replace = builtins.open, os.replace

        def fake_open(path, *args, **kwargs):
            self._check(path)
            return real_open(path, *args, **kwargs)

        def fake_replace(src, dst, *args, **kwargs):
            self._check(src)
            return real_replace(src, dst, *args, **kwargs)

        for module in (feed, importer):  # the import's file layer: sources and copies
            monkeypatch.setattr(module, "open", fake_open, raising=False)
        monkeypatch.setattr(os, "replace", fake_replace)
        monkeypatch.setattr(held, "DELAYS", (0.001, 0.002, 0.004))

    def _check(self, path) -> None:
        name = os.path.basename(str(path))
        for key, left in self.times.items():
            if key in name and left > 0:
                self.times[key] = left - 1
                self.calls.append(name)
                raise sharing_violation(path)


def test_retry_gives_up_after_its_delays_and_other_errors_are_not_retried(monkeypatch):
    monkeypatch.setattr(held, "DELAYS", (0.001, 0.001))
    calls = []

    def always_held():
        calls.append(1)
        raise sharing_violation("a.docx")

    with pytest.raises(PermissionError) as e:
        held.retry_held(always_held)
    assert len(calls) == 3 and held.is_held(e.value)

    def denied():
        calls.append(2)
        raise PermissionError(13, "Access is denied")  # not a sharing violation: no retry

    with pytest.raises(PermissionError):
        held.retry_held(denied)
    assert calls.count(2) == 1


def test_a_source_held_for_a_moment_is_imported(tmp_path, write, monkeypatch):
    write("年度工作总结.txt", "二〇二二年度工作总结")
    write("会议记录.txt", "党委会议记录")
    holder = Holder(monkeypatch, {"年度工作总结": 2})  # an antivirus scan: twice, then free
    with Archive.open(tmp_path / "archive") as a:
        report = a.import_paths([tmp_path / "src"])
        assert report.imported == 2 and report.failed == 0
        assert a.search("年度工作总结").total == 1
    assert holder.calls == ["年度工作总结.txt"] * 2


def test_a_source_open_in_word_is_reported_and_the_batch_goes_on(tmp_path, write, monkeypatch):
    write("请示.txt", "关于经费的请示")
    write("通知.txt", "关于放假的通知")
    Holder(monkeypatch, {"请示": 1000})  # Word keeps it open the whole time
    with Archive.open(tmp_path / "archive") as a:
        report = a.import_paths([tmp_path / "src"])
        by_name = {os.path.basename(f.path): f for f in report.files}
        assert by_name["请示.txt"].status == "failed"
        assert by_name["请示.txt"].error == "文件被其他程序占用"
        assert by_name["通知.txt"].status == "imported"
    monkeypatch.undo()  # closed in Word: the next import takes it
    with Archive.open(tmp_path / "archive") as a:
        report = a.import_paths([tmp_path / "src"])
        assert report.imported == 1 and report.duplicates == 1


def test_a_fresh_copy_scanned_by_an_antivirus_is_renamed_after_a_moment(
    tmp_path, write, monkeypatch
):
    write("纪要.txt", "校长办公会纪要")
    holder = Holder(monkeypatch, {".part": 3})  # the .part copy is held three times
    with Archive.open(tmp_path / "archive") as a:
        report = a.import_paths([tmp_path / "src"])
        assert report.imported == 1
        doc_id = report.files[0].id
        assert a.original_path(doc_id).read_text("utf-8") == "校长办公会纪要"
        assert a.check()["orphan_files"] == 0
    assert len(holder.calls) == 3


def test_a_copy_held_for_good_fails_with_a_reason_and_leaves_nothing(tmp_path, write, monkeypatch):
    write("报告.txt", "自评报告全文")
    write("方案.txt", "实施方案全文")
    with Archive.open(tmp_path / "archive") as a:
        Holder(monkeypatch, {".part": 1000})
        report = a.import_paths([tmp_path / "src"])
        assert report.imported == 0 and report.failed == 2
        assert {f.error for f in report.files} == {"文件被其他程序占用"}
        monkeypatch.undo()
        check = a.check(repair=False)
        assert check["documents"] == 0 and check["ok"]
        assert a.import_paths([tmp_path / "src"]).imported == 2


def test_settings_retry_a_held_rename(tmp_path, monkeypatch):
    with Archive.open(tmp_path / "archive") as a:
        Holder(monkeypatch, {"settings.json.tmp": 2})
        a.settings["fonds_code"] = "Z109"
        a.settings.save()
    with Archive.open(tmp_path / "archive") as a:
        assert a.settings["fonds_code"] == "Z109"


class HeldOnceExtractor:
    """The real extractor, but the worker finds the file held the first time (a scan)."""

    def __init__(self, real):
        self.real, self.refused = real, 0

    def __enter__(self):
        self.real.__enter__()
        return self

    def __exit__(self, *exc):
        return self.real.__exit__(*exc)

    def extract_and_guess(self, path, facts):
        if self.refused == 0:
            self.refused += 1
            raise ExtractError(held.HELD, repr(sharing_violation(path)))
        return self.real.extract_and_guess(path, facts)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_the_extraction_worker_finding_the_file_held_tries_again(tmp_path, write, monkeypatch):
    monkeypatch.setattr(held, "DELAYS", (0.001, 0.002))
    write("决定.txt", "关于表彰先进集体的决定")
    with Archive.open(tmp_path / "archive") as a:
        ex = HeldOnceExtractor(a.make_extractor())
        report = a.import_paths([tmp_path / "src"], extractor=ex)
        assert ex.refused == 1 and report.imported == 1
