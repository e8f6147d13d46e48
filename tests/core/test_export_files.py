"""Originals exported as `档号 题名.ext` (Windows-safe, de-duplicated) with a SHA-256 manifest."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from core.archival.export.files import safe_name
from tests.core.export_samples import fill


@pytest.mark.parametrize(
    ("stem", "ext", "expected"),
    [
        ('关于"A/B"方案<草稿>的通知?', ".docx", "关于AB方案草稿的通知.docx"),
        ("CON", ".txt", "_CON.txt"),
        ("com1.tar", ".gz", "_com1.tar.gz"),
        ("结尾有点和空格. . ", ".pdf", "结尾有点和空格.pdf"),
        ("制表\t换行\n符", ".txt", "制表换行符.txt"),
        ("", ".txt", "未命名.txt"),
    ],
)
def test_windows_safe_names(stem, ext, expected):
    assert safe_name(stem, ext) == expected


def test_long_titles_are_capped():
    name = safe_name("很长的题名" * 60, ".docx")
    assert len(name) <= 120 and name.endswith(".docx")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_zip_export_names_and_manifest_checksums(archive, write, tmp_path):
    ids = fill(archive, write)
    archive.assign_codes()
    out = tmp_path / "移交" / "原件.zip"
    report = archive.export_files(out, archive.export_selection())
    assert report["files"] == 5 and report["missing"] == [] and report["damaged"] == []
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert "Z109-WS·2023-Y-BGS-0003 关于做好2023年度组织生活会的通知.txt" in names
        assert "无日期的草稿.txt" in names  # no 档号 yet: the title alone
        manifest = json.loads(z.read("manifest.json"))["files"]
        assert len(manifest) == 5
        for entry in manifest:
            data = z.read(entry["file"])
            assert _sha(data) == entry["sha256"]
            assert data == archive.original_path(entry["id"]).read_bytes()
        notice = next(e for e in manifest if e["id"] == ids["通知.txt"])
        assert notice["archive_code"] == "Z109-WS·2023-Y-BGS-0003"
        assert notice["date"] == "20231201" and notice["retention"] == "永久"
        assert z.read("manifest.csv").startswith(b"\xef\xbb\xbf")
    assert not out.with_name("原件.zip.part").exists()


def test_folder_export_deduplicates_equal_names(archive, write, tmp_path):
    a = write("甲/报告.txt", "关于开展调研的报告\n第一份。")
    b = write("乙/报告.txt", "关于开展调研的报告\n第二份。")
    archive.import_paths([a, b])
    out = tmp_path / "导出"
    report = archive.export_files(out, archive.export_selection())
    assert report["files"] == 2
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "manifest.csv",
        "manifest.json",
        "关于开展调研的报告 (2).txt",
        "关于开展调研的报告.txt",
    ]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    for entry in manifest:
        assert _sha((out / entry["file"]).read_bytes()) == entry["sha256"]
    contents = {(out / e["file"]).read_text("utf-8").splitlines()[1] for e in manifest}
    assert contents == {"第一份。", "第二份。"}


def test_a_missing_original_is_reported_and_the_rest_exported(archive, write, tmp_path):
    ids = fill(archive, write)
    archive.original_path(ids["纪要.txt"]).unlink()
    report = archive.export_files(tmp_path / "out.zip", archive.export_selection())
    assert report["files"] == 4
    assert report["missing"] == [
        {"id": ids["纪要.txt"], "title": "党委会会议纪要", "error": "原文件缺失"}
    ]


def test_cancel_leaves_no_half_written_zip(archive, write, tmp_path):
    from core.models import CancelToken

    fill(archive, write)
    token = CancelToken()
    token.cancel()
    report = archive.export_files(tmp_path / "x.zip", archive.export_selection(), cancel=token)
    assert report["cancelled"] and not (tmp_path / "x.zip").exists()
    assert not (tmp_path / "x.zip.part").exists()
