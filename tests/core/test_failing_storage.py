"""Portable mode on a USB stick: storage that fails mid-import, a pulled stick, a kill.

Nothing committed is lost, the failing files are reported with a plain reason, and the next
start checks the archive, repairs what it can and says what it did (log and a message)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from core.archive import Archive
from core.ingest.importer import STORAGE_FAILED
from tests.core.test_crash import start_import, wait_for_documents

REPO = Path(__file__).resolve().parents[2]


def sources(folder: Path, prefix: str, n: int) -> dict[str, str]:
    """n text files, each with a phrase found in it only; {file name: phrase}."""
    folder.mkdir(parents=True)
    phrases = {}
    for i in range(n):
        name, phrase = f"{prefix}{i:03d}.txt", f"{prefix}第{i}号会议纪要"
        (folder / name).write_text(f"{phrase}\n研究部署学院工作。\n" * 20, encoding="utf-8")
        phrases[name] = phrase
    return phrases


def test_storage_failing_mid_import_loses_nothing_committed_and_the_next_start_repairs(
    tmp_path,
):
    data = tmp_path / "U盘" / "data"
    first = sources(tmp_path / "第一批", "甲", 10)
    second = sources(tmp_path / "第二批", "乙", 60)
    run = subprocess.run(
        [sys.executable, "-m", "tests.core.failing_disk", str(data)]
        + [str(tmp_path / "第一批"), str(tmp_path / "第二批"), "40"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    before, during = out["before"], out["during"]
    assert before["imported"] == 10 and out["failures_injected"] > 0
    # every file of the failing batch is accounted for: stored, or failed with a plain reason
    stored = {Path(f["path"]).name for f in during["files"] if f["status"] == "imported"}
    failed = [f for f in during["files"] if f["status"] == "failed"]
    assert len(stored) + len(failed) == 60 and failed
    assert {f["error"] for f in failed} == {STORAGE_FAILED}

    with Archive.open(data) as a:  # the stick is back: the next start
        rec = a.recovery
        assert rec is not None and rec["unclean"] and rec["sqlite_integrity"] == "ok"
        assert rec["orphan_files_removed"] > 0  # copies of the group that never committed
        assert "上次没有正常关闭档案库" in rec["message"]
        assert "已保存的文件没有丢失" in rec["message"]
        assert a.store.document_count() == 10 + len(stored)
        for name, phrase in {**first, **{n: second[n] for n in stored}}.items():
            hits = a.search(phrase, snippets=False).hits
            assert len(hits) == 1, name
            assert phrase in a.original_path(hits[0].id).read_text("utf-8")
        for f in failed:
            assert a.search(second[Path(f["path"]).name]).total == 0
        check = a.check(repair=False)
        assert check["ok"] and check["orphan_files"] == 0 and check["index_missing"] == 0
        again = a.import_paths([tmp_path / "第二批"])  # importing again completes the rest
        assert again.imported == len(failed) and again.duplicates == len(stored)
    log = (data / "logs" / "archivist.log").read_text("utf-8")
    assert "archive checked at open" in log
    with Archive.open(data) as a:  # closed cleanly: nothing to say
        assert a.recovery is None


def test_killed_while_importing_the_next_start_says_what_it_checked(tmp_path):
    src, data = tmp_path / "src", tmp_path / "data"
    phrases = sources(src, "丙", 300)
    proc = start_import(src, data)
    wait_for_documents(data, 40, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Archive.open(data) as a:
        rec = a.recovery
        assert rec is not None and rec["unclean"] and "数据库完好" in rec["message"]
        n = a.store.document_count()
        assert n >= 40
        assert a.check(repair=False)["ok"]
        assert a.import_paths([src]).imported == 300 - n
        assert all(a.search(p, snippets=False).total == 1 for p in phrases.values())


def test_index_torn_when_the_stick_was_pulled_is_rebuilt_and_said(tmp_path):
    src, data = tmp_path / "src", tmp_path / "data"
    phrases = sources(src, "丁", 30)
    with Archive.open(data) as a:
        a.import_paths([src])
        a.search("丁")  # commits the index
    (data / "session.open").write_text("4242")  # the session never closed
    for seg in (data / "index").iterdir():
        if seg.is_file() and seg.suffix == ".seg":
            size = seg.stat().st_size
            with open(seg, "r+b") as f:  # the stick went away while the segment was written
                f.truncate(size // 2)
    with Archive.open(data) as a:
        rec = a.recovery
        assert rec["index_rebuilt"] == 30
        assert "检索索引已从数据库重建（30 件）" in rec["message"]
        assert all(a.search(p, snippets=False).total == 1 for p in phrases.values())


def test_a_search_when_the_stick_is_pulled_loses_nothing(tmp_path, monkeypatch):
    src, data = tmp_path / "src", tmp_path / "data"
    phrases = sources(src, "戊", 20)
    with Archive.open(data) as a:
        a.import_paths([src])

        def pulled(*args, **kwargs):
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(a.store, "query", pulled)
        monkeypatch.setattr(a.store, "scalar", pulled)
        try:
            a.search("戊第1号")
        except OSError:
            pass  # the window shows the error; nothing was being written
    monkeypatch.undo()
    with Archive.open(data) as a:
        assert a.store.document_count() == 20
        assert all(a.search(p, snippets=False).total == 1 for p in phrases.values())
    assert os.path.exists(data / "archive.db")
