"""Junk in an import folder: each bad file is reported with a reason; the batch and archive survive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.archive import Archive

REPO = Path(__file__).resolve().parents[2]
GOOD = "学院2022年度工作总结\n开展三会一课。\n2022年12月1日"


def outcome(report, name):
    return next(f for f in report.files if Path(f.path).name == name)


def test_huge_file_is_refused_by_size_without_reading_it(archive, write):
    big = write("huge.txt", b"")
    with open(big, "wb") as f:  # a sparse 2 GB file: refused before hashing or parsing
        f.truncate(2 * 1024**3)
    report = archive.import_paths([big, write("good.txt", GOOD)])
    assert outcome(report, "huge.txt").error == "超过大小限制"
    assert outcome(report, "good.txt").status == "imported"


@pytest.mark.skipif(os.name == "nt", reason="POSIX symlinks and FIFOs")
def test_symlink_loops_broken_links_and_fifos_are_bounded(archive, write):
    good = write("dir/good.txt", GOOD)
    folder = good.parent
    os.symlink(folder, folder / "loop")  # a directory symlink back to itself
    os.symlink(folder / "missing.txt", folder / "broken.txt")
    os.symlink(folder / "a.txt", folder / "b.txt")
    os.symlink(folder / "b.txt", folder / "a.txt")  # a file symlink loop
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    report = archive.import_paths([folder])
    assert outcome(report, "good.txt").status == "imported"
    assert outcome(report, "broken.txt").error == "无法读取文件"
    assert outcome(report, "a.txt").status == "failed"
    assert outcome(report, "pipe.txt").status == "skipped"
    assert len(report.files) == 5  # good, broken, a, b, pipe: the directory loop was not followed


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names")
def test_control_characters_and_odd_names_import(archive, write):
    odd = write("odd\x01name\n.txt", GOOD)
    deep = "/".join(["很长的文件夹名称" * 7] * 3)  # a path far beyond Windows' old 260 limit
    long = write(deep + "/" + ("很长的文件名" * 14)[:80] + ".txt", GOOD + "长")
    report = archive.import_paths([odd, long])
    assert report.imported == 2
    doc = archive.document(outcome(report, odd.name).id)
    assert doc["original_name"] == odd.name


@pytest.mark.skipif(not hasattr(os, "setuid"), reason="needs POSIX resource limits")
def test_disk_full_fails_the_file_and_keeps_the_archive(tmp_path, write):
    """RLIMIT_FSIZE makes writes past 1 MB fail with EFBIG, as a full disk would."""
    data = tmp_path / "data"
    with Archive.open(data) as a:
        a.import_paths([write("before.txt", GOOD)])
    big = write("big.txt", ("大文件内容" * 120_000) + "\n2021年1月1日")  # ~1.8 MB
    small = write("small.txt", "小文件 通知 2020年5月1日")
    code = f"""
import resource, signal, sys, json
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
sys.path.insert(0, {str(REPO)!r})
from core.archive import Archive
with Archive.open({str(data)!r}) as a:
    r = a.import_paths([{str(big)!r}, {str(small)!r}])
    print(json.dumps([(f.status, f.error) for f in r.files], ensure_ascii=False))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    statuses = dict(zip(["big", "small"], __import__("json").loads(out.stdout.splitlines()[-1])))
    assert statuses["big"] == ["failed", "磁盘空间不足"]
    assert statuses["small"][0] == "imported"
    with Archive.open(data) as a:
        assert a.search("三会一课").total == 1  # what was there before is untouched
        assert a.search("大文件内容").total == 0
        assert a.check()["ok"]


def test_a_folder_path_that_is_a_file_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    from core.errors import ArchiveError

    with pytest.raises(ArchiveError, match="档案库"):
        Archive.open(blocker)
