"""OFD pages that are only images (a scanned 红头文件 saved as OFD) are queued for OCR like the
image-only pages of a PDF, and become searchable once recognised."""

from __future__ import annotations

import json

import pytest

from core.archive import Archive
from core.ingest.extract import ofd
from tests.core.ocr.pages import page_image, save_ofd

NOTICE = [
    "关于做好二〇二三年度档案归档工作的通知",
    "各部门：根据学校档案管理办法，现将有关事项通知如下。",
    "一、归档范围包括本年度形成的文件材料。",
]
needs_ocr = pytest.mark.skipif(not Archive.ocr_available(), reason="OCR component not installed")


def test_image_pages_are_listed_and_drawn_at_their_place(tmp_path):
    path = save_ofd(
        tmp_path / "混合.ofd", [["校长办公会议纪要", "会议研究了安全工作。"], page_image(NOTICE)]
    )
    extracted = ofd.extract(path)
    assert "校长办公会议纪要" in extracted.text
    assert extracted.ocr_pages == [1] and not extracted.needs_ocr
    picture = ofd.render_page(path, 1, 100)
    assert picture.size == (826, 1169)  # A4 at 100 dpi, from the PhysicalBox
    assert picture.convert("L").getextrema()[0] < 50  # the scan's black text is drawn
    with pytest.raises(ofd.ExtractError):
        ofd.render_page(path, 2, 100)


def test_an_ofd_of_scans_only_needs_ocr(tmp_path):
    extracted = ofd.extract(save_ofd(tmp_path / "扫描.ofd", [page_image(NOTICE)] * 2))
    assert extracted.needs_ocr and extracted.pages == 2 and extracted.text == ""


@needs_ocr
def test_scanned_ofd_becomes_searchable_after_ocr(archive, tmp_path):
    (tmp_path / "in").mkdir()
    scan = save_ofd(tmp_path / "in" / "扫描件.ofd", [page_image(NOTICE)])
    mixed = save_ofd(tmp_path / "in" / "混合.ofd", [["校长办公会议纪要"], page_image(NOTICE[1:])])
    report = archive.import_paths([scan, mixed])
    ids = {f.path.rsplit("/", 1)[-1]: f.id for f in report.files}
    assert [f.text for f in report.files] == ["needs_ocr", "ok"] or [
        f.text for f in report.files
    ] == ["ok", "needs_ocr"]
    assert json.loads(archive.ocr_entry(ids["混合.ofd"])["pages"]) == [1]
    stats = archive.run_ocr()
    assert stats == {**stats, "documents": 2, "pages": 2, "failed": 0}
    hits = {h.id for h in archive.search("归档范围包括本年度", limit=10, snippets=False).hits}
    assert hits == {ids["扫描件.ofd"], ids["混合.ofd"]}
    assert archive.document(ids["扫描件.ofd"])["text_source"] == "ocr"
    assert archive.document(ids["混合.ofd"])["content"].startswith("校长办公会议纪要")
