"""Printable PDFs rendered with Qt: the catalogue, documents' text, 盒脊 and 备考表."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pytest

from tests.core.export_samples import fill


def pdf_text(path) -> tuple[int, str]:
    """Page count and text of a PDF, NFKC-normalised.

    Qt's PDF text layer maps a few glyphs that CJK fonts share with the Kangxi radicals to the
    radical code points (⽣ for 生); NFKC folds them back, as search engines and readers do.
    """
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        text = unicodedata.normalize("NFKC", text)
        return len(pdf), "".join(text.split())  # line breaks inside table cells do not count
    finally:
        pdf.close()


@pytest.fixture
def cjk_font(qapp):
    """Chinese text in a PDF needs a font with Chinese glyphs (fonts-noto-cjk on Linux)."""
    from ui.pdf_render import cjk_family

    if cjk_family() is None:
        pytest.skip("no font with Chinese glyphs installed")


@pytest.fixture
def coded(archive, write, cjk_font):
    ids = fill(archive, write)
    archive.assign_codes()
    return archive, ids


def test_catalogue_pdf_lists_titles_and_codes_in_chinese(coded, tmp_path):
    from ui.pdf_render import render_tables

    archive, _ = coded
    docs = archive.export_selection()
    out = tmp_path / "目录.pdf"
    render_tables(archive.catalogue_tables(docs), out)
    pages, text = pdf_text(out)
    assert pages == 3  # one page per year/retention/机构 class
    for doc in docs:
        assert doc["title"] in text
    assert "Z109-WS·2023-Y-BGS-0002" in text and "20230605" in text
    assert "归档文件目录" in text and "题名" in text
    page = pdfium.PdfDocument(str(out))[0]
    assert page.get_width() > page.get_height()  # landscape


def test_long_catalogue_repeats_its_header_on_every_page(archive, write, tmp_path, cjk_font):
    from ui.pdf_render import render_tables

    paths = [
        write(f"记录/{n:03d}.txt", f"第{n}次支部委员会会议记录\n2021年5月{n % 28 + 1}日")
        for n in range(60)
    ]
    archive.import_paths(paths, defaults={"retention": "10年"})
    archive.assign_codes()
    out = tmp_path / "长目录.pdf"
    render_tables(archive.catalogue_tables(archive.export_selection()), out)
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) >= 2
    for i in range(len(pdf)):
        assert "档号" in pdf[i].get_textpage().get_text_range()


def test_documents_pdf_has_a_metadata_header_and_the_text(coded, tmp_path):
    from ui.pdf_render import render_pdf

    archive, ids = coded
    docs = archive.export_selection(ids=[ids["通知.txt"], ids["总结.txt"]])
    out = tmp_path / "全文.pdf"
    render_pdf(archive.documents_html(docs), out)
    pages, text = pdf_text(out)
    assert pages == 2  # each document starts a new page
    assert "关于做好2023年度组织生活会的通知" in text
    assert "各党支部要认真开展批评与自我批评" in text and "开展三会一课48次" in text
    assert "院党发〔2023〕5号" in text and "Z109-WS·2023-Y-BGS-0003" in text


def test_box_spine_and_note_sheet_for_one_box(coded, tmp_path):
    from ui.pdf_render import render_pdf

    archive, ids = coded
    archive.delete([ids["纪要.txt"]])  # 0002 leaves the box
    out = tmp_path / "盒.pdf"
    render_pdf(archive.box_html(2023, "永久", "BGS", 1, 3), out)
    pages, text = pdf_text(out)
    assert pages == 2
    assert "盒脊" in text and "备考表" in text and "Z109" in text and "0001—0003" in text
    assert "本盒共2件" in text and "缺号:0002" in text  # NFKC turns ： into :
    assert "2023年党建工作要点" in text and "党委会会议纪要" not in text
