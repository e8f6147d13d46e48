"""Scans and photos become searchable after the background OCR: import stores them at once and
queues them; the queue survives a kill; the text is marked as OCR with a confidence."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.archive import Archive
from tests.core.ocr.pages import page_image, photo_of, save_scanned_pdf

pytestmark = pytest.mark.skipif(not Archive.ocr_available(), reason="OCR component not installed")
REPO = Path(__file__).resolve().parents[3]

NOTICE = [
    "关于做好二〇二三年度档案归档工作的通知",
    "各部门：根据学校档案管理办法，现将有关事项通知如下。",
    "一、归档范围包括本年度形成的文件材料。",
    "二、请于十二月三十一日前完成整理工作。",
]
MINUTES = [
    "校长办公会议纪要",
    "会议研究了实验室安全检查工作安排。",
    "会议决定由资产处牵头组织专项检查。",
]


def scanned_pdf(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pages = [page_image(NOTICE), page_image(MINUTES)]
    return save_scanned_pdf(folder / "扫描件.pdf", pages)


def photo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "手机拍照.jpg"
    photo_of(page_image(MINUTES[:1] + ["图书馆开放时间调整为早八点至晚十点。"])).save(
        path, quality=80
    )
    return path


def found(archive, phrase: str) -> set[int]:
    return {h.id for h in archive.search(phrase, limit=50, snippets=False).hits}


def test_scan_and_photo_searchable_after_ocr(archive, tmp_path):
    report = archive.import_paths([scanned_pdf(tmp_path / "in"), photo(tmp_path / "in")])
    ids = {Path(f.path).suffix: f.id for f in report.files if f.status == "imported"}
    assert set(ids) == {".pdf", ".jpg"}
    assert archive.ocr_status()["pages_left"] == 3  # queued, not yet recognised
    assert not found(archive, "专项检查")
    stats = archive.run_ocr()
    assert stats["documents"] == 2 and stats["pages"] == 3 and stats["failed"] == 0
    assert ids[".pdf"] in found(archive, "归档范围包括本年度")
    assert ids[".pdf"] in found(archive, "资产处牵头组织")  # second page
    assert ids[".jpg"] in found(archive, "图书馆开放时间")
    scan = archive.document(ids[".pdf"])
    assert scan["text_source"] == "ocr" and 0.5 < scan["ocr_confidence"] <= 1
    assert scan["needs_ocr"] == 0
    assert scan["title"] == "关于做好二〇二三年度档案归档工作的通知"  # guessed from the OCR text
    assert archive.ocr_status()["pages_left"] == 0


def test_ocr_turned_off_queues_nothing(tmp_path):
    with Archive.open(tmp_path / "a") as archive:
        archive.settings["ocr_enabled"] = False
        archive.import_paths([photo(tmp_path / "in")])
        assert archive.ocr_status()["waiting"] == 0


def test_reocr_and_a_damaged_page_is_a_note_not_a_lost_document(archive, tmp_path):
    path = photo(tmp_path / "in")
    doc_id = archive.import_paths([path]).files[0].id
    stored = archive.original_path(doc_id)
    good = stored.read_bytes()
    stored.chmod(0o644)
    stored.write_bytes(good[:300])  # the kept original got damaged before OCR reached it
    stats = archive.run_ocr()
    assert stats["failed"] == 1 and stats["documents"] == 0
    assert archive.ocr_entry(doc_id)["state"] == "failed"
    assert archive.ocr_entry(doc_id)["error"] == "文件已损坏"
    assert archive.document(doc_id)["title"] == "手机拍照"  # the record is untouched
    stored.write_bytes(good)
    assert archive.reocr([doc_id]) == 1
    archive.run_ocr()
    assert doc_id in found(archive, "图书馆开放时间")
    assert archive.reocr([doc_id]) == 1
    assert archive.ocr_status()["pages_left"] == 1
    stats = archive.run_ocr()
    assert stats["pages"] == 1 and doc_id in found(archive, "图书馆开放时间")


def run_cli(data: Path, *args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "--data-dir", str(data), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, **kw,
    )  # fmt: skip


@pytest.mark.slow
def test_ocr_killed_halfway_goes_on_after_restart(tmp_path):
    data = tmp_path / "archive"
    pdf = scanned_pdf(tmp_path / "in")
    out, err = run_cli(data, "import", str(pdf), "--json").communicate(timeout=300)
    doc_id = json.loads(out)["files"][0]["id"]
    worker = run_cli(data, "ocr", "--json")
    deadline = time.time() + 240
    while time.time() < deadline:  # kill as soon as the first page is stored
        with sqlite3.connect(data / "archive.db") as db:
            if db.execute("SELECT count(*) FROM ocr_pages").fetchone()[0] >= 1:
                break
        time.sleep(0.2)
    worker.kill()
    worker.wait(30)
    shown = json.loads(run_cli(data, "show", str(doc_id), "--json").communicate(timeout=120)[0])
    assert shown["text_source"] is None  # not finished: no OCR text yet, the record is intact
    out, err = run_cli(data, "ocr", "--json").communicate(timeout=300)
    stats = json.loads(out)
    assert stats["documents"] == 1 and stats["pages"] == 1, err  # only the page left over
    hits = json.loads(
        run_cli(data, "search", "资产处牵头组织", "--json").communicate(timeout=120)[0]
    )
    assert [h["id"] for h in hits["hits"]] == [doc_id]
    shown = json.loads(run_cli(data, "show", str(doc_id), "--json").communicate(timeout=120)[0])
    assert shown["text_source"] == "ocr" and shown["ocr_confidence"] > 0.5
    assert "归档范围包括本年度" in shown["content"]


def test_image_only_page_inside_a_textual_pdf_is_recognised(archive, tmp_path):
    import pypdfium2 as pdfium

    from tests.core.extract.test_extract_formats import minimal_pdf

    text_pdf = tmp_path / "text.pdf"
    text_pdf.write_bytes(minimal_pdf(b"BT /F1 14 Tf 72 760 Td (Annual archive report 2022) Tj ET"))
    scan = save_scanned_pdf(tmp_path / "scan.pdf", [page_image(NOTICE)])
    merged = pdfium.PdfDocument(str(text_pdf))
    merged.import_pages(pdfium.PdfDocument(str(scan)))
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "混合.pdf"
    merged.save(str(path))
    doc_id = archive.import_paths([path]).files[0].id
    assert "Annual archive report" in archive.document(doc_id)["content"]
    assert json.loads(archive.ocr_entry(doc_id)["pages"]) == [1]  # only the picture page
    assert archive.run_ocr()["pages"] == 1
    content = archive.document(doc_id)["content"]
    assert content.startswith("Annual archive report") and "归档范围包括本年度" in content
    assert doc_id in found(archive, "归档范围包括本年度")
