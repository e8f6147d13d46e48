"""PDF, spreadsheets, RTF and ODT: generated files and the corpus's Chinese and broken ones."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest

from core.ingest.extract import extract_file
from core.ingest.extract.base import ENCRYPTED, ExtractError
from core.ingest.extract.layout import join_cjk_lines
from core.ingest.extract.pdf import pdf_date
from tests.core.extract.conftest import corpus_dir


def minimal_pdf(content: bytes, info: bytes = b"", note: bytes = b"") -> bytes:
    """A one-page PDF with the given content stream (Helvetica as F1), xref computed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        + (b" /Annots [6 0 R]" if note else b"")
        + b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if note:
        objects.append(
            b"<< /Type /Annot /Subtype /Text /Rect [10 10 40 40] /Contents (%s) >>" % note
        )
    if info:
        objects.append(info)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    trailer += b" /Info %d 0 R >>" % len(objects) if info else b" >>"
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_pdf_text_pages_and_metadata(tmp_path):
    content = b"BT /F1 14 Tf 72 760 Td (Annual archive report 2022) Tj 0 -20 Td (Second line) Tj ET"
    info = b"<< /Title (Archive Report) /Author (Office) /CreationDate (D:20221213093000+08'00') >>"
    path = tmp_path / "report.pdf"
    path.write_bytes(minimal_pdf(content, info))
    result = extract_file(path)
    assert result.pages == 1 and not result.needs_ocr
    assert "Annual archive report 2022" in result.text and "Second line" in result.text
    assert result.title == "Archive Report"
    assert result.properties["author"] == "Office"
    assert result.properties["created"] == "2022-12-13T09:30:00"


def test_pdf_comment_contents_are_text(tmp_path):
    path = tmp_path / "reviewed.pdf"
    path.write_bytes(
        minimal_pdf(b"BT /F1 12 Tf 72 760 Td (Body text) Tj ET", note=b"Reviewed by the office")
    )
    assert extract_file(path).text.split("\n") == ["Body text", "Reviewed by the office"]


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(minimal_pdf(b"0 0 0 rg 72 72 200 300 re f"))
    result = extract_file(path)
    assert result.needs_ocr and result.text == "" and result.pages == 1


def test_broken_pdf_is_corrupt(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"garbage " * 200)
    with pytest.raises(ExtractError) as err:
        extract_file(path)
    assert err.value.reason == "文件已损坏"


def test_cjk_line_breaks_are_joined_but_headings_kept():
    lines = [
        "一、总体要求",
        "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精",
        "神，落实立德树人根本任务，推进学校各项事业高质量发展。",
        "二、主要任务",
        "加强党的政治建设，完善学校党委领导下的校长负责制，健全议事决策规",
        "则。",
    ]
    assert join_cjk_lines(lines).split("\n") == [
        "一、总体要求",
        "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，落实立德树人根本任务，推进学校各项事业高质量发展。",
        "二、主要任务",
        "加强党的政治建设，完善学校党委领导下的校长负责制，健全议事决策规则。",
    ]


def test_pdf_dates():
    assert pdf_date("D:20221213") == "2022-12-13T00:00:00"
    assert pdf_date("garbage") is None


@pytest.mark.corpus
def test_chinese_pdfs_from_the_corpus_give_han_text():
    folder = corpus_dir("fixtures", "pdfjs", "test", "pdfs")
    for name, minimum in (("issue16538.pdf", 150), ("issue19971.pdf", 80), ("issue15340.pdf", 20)):
        text = extract_file(folder / name).text
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        assert han >= minimum, (name, han)


@pytest.mark.corpus
def test_password_protected_pdf_is_reported_encrypted():
    folder = corpus_dir("fixtures", "pdfjs", "test", "pdfs")
    with pytest.raises(ExtractError) as err:
        extract_file(folder / "pr6531_2.pdf")
    assert err.value.reason == ENCRYPTED


def test_xlsx_sheets_rows_and_values(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2023年档案目录"
    sheet.append(["档号", "题名", "日期", "页数"])
    sheet.append(["WS-2023-001", "关于档案整理的通知", dt.datetime(2023, 3, 1), 12])
    sheet.append([None, None, None, None])
    other = book.create_sheet("备注")
    other["B2"] = "仅供内部使用"
    other["C2"] = "=1+1"
    book.properties.title = "档案目录"
    book.save(tmp_path / "目录.xlsx")
    result = extract_file(tmp_path / "目录.xlsx")
    lines = result.text.split("\n")
    assert lines[0] == "2023年档案目录"
    assert "WS-2023-001\t关于档案整理的通知\t2023-03-01\t12" in lines
    assert "备注" in lines and "\t仅供内部使用" in lines
    assert "=1+1" not in result.text  # values only, not formulas
    assert result.title == "档案目录"


@pytest.mark.corpus
def test_xls_from_the_corpus_gives_chinese_cells():
    folder = corpus_dir("fixtures", "poi", "test-data", "spreadsheet")
    text = extract_file(folder / "12561-1.xls").text
    assert sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 30


@pytest.mark.corpus
def test_strict_ooxml_workbook_falls_back_to_our_reader():
    folder = corpus_dir("fixtures", "poi", "test-data", "spreadsheet")
    assert "This is sheet 2" in extract_file(folder / "SimpleStrict.xlsx").text


def test_rtf_with_ansicpg936_and_unicode_escapes(tmp_path):
    gbk = "".join(f"\\'{b:02x}" for b in "关于档案工作".encode("gbk"))
    rtf = (
        "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}"
        "{\\colortbl;\\red0\\green0\\blue0;}{\\info{\\title 通知标题}{\\author Wang}}"
        "{\\*\\generator Msftedit 5.41;}\\f0\\fs24 " + gbk + "\\par "
        "Unicode \\u20013?\\u25991?\\par"
        '{\\field{\\*\\fldinst HYPERLINK "http://x"}{\\fldrslt \\u38142?\\u25509?}}\\par}'
    )
    path = tmp_path / "a.rtf"
    path.write_bytes(rtf.replace("通知标题", "\\'cd\\'a8\\'d6\\'aa").encode("ascii"))
    result = extract_file(path)
    assert result.text.split("\n") == ["关于档案工作", "Unicode 中文", "链接"]
    assert result.title == "通知" and result.properties["author"] == "Wang"
    assert "SimSun" not in result.text and "HYPERLINK" not in result.text


def test_odt_paragraphs_tables_and_meta(tmp_path):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>'
        '<text:h>档案管理办法</text:h><text:p>第一条<text:s text:c="2"/>为规范档案管理。</text:p>'
        "<table:table><table:table-row><table:table-cell><text:p>部门</text:p></table:table-cell>"
        "<table:table-cell><text:p>档案馆</text:p></table:table-cell></table:table-row></table:table>"
        "</office:text></office:body></office:document-content>"
    )
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-meta'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>管理办法</dc:title>'
        "</office:meta></office:document-meta>"
    )
    path = tmp_path / "办法.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
        zf.writestr("meta.xml", meta)
    result = extract_file(path)
    assert result.text.split("\n") == ["档案管理办法", "第一条  为规范档案管理。", "部门\t档案馆"]
    assert result.title == "管理办法" and result.format == "odt"


def test_word_2003_xml_saved_as_doc(tmp_path):
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<?mso-application progid="Word.Document"?>\n'
        '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"'
        ' xmlns:o="urn:schemas-microsoft-com:office:office">'
        "<o:DocumentProperties><o:Title>会议纪要</o:Title></o:DocumentProperties>"
        "<w:body><w:p><w:r><w:t>关于召开</w:t></w:r><w:r><w:t>档案工作会议的通知</w:t></w:r></w:p>"
        "<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>时间</w:t><w:tab/><w:t>3月1日</w:t></w:r></w:p>"
        "</w:body></w:wordDocument>"
    )
    path = tmp_path / "纪要.doc"
    path.write_text(xml, encoding="utf-8")
    result = extract_file(path)
    assert result.text.split("\n") == ["关于召开档案工作会议的通知", "时间\t3月1日"]
    assert result.title == "会议纪要" and result.extractor == "wordml"


def test_ofd_text_is_rebuilt_line_by_line(tmp_path):
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    ofd_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0"><ofd:DocBody>'
        "<ofd:DocInfo><ofd:Title>关于档案工作的通知</ofd:Title><ofd:Author>党政办</ofd:Author></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:Pages>'
        '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>'
    )
    # One TextObject per character, written out of order, as many OFD producers do.
    chars = [
        ("关", 20, 30),
        ("于", 25, 30),
        ("通", 35, 30),
        ("档", 30, 30),
        ("知", 40, 30),
        ("附件", 20, 50),
    ]
    objects = "".join(
        f'<ofd:TextObject ID="{i}" Boundary="{x} {y} 10 6" Font="1" Size="5">'
        f'<ofd:TextCode X="0" Y="5">{text}</ofd:TextCode></ofd:TextObject>'
        for i, (text, x, y) in enumerate(reversed(chars), start=10)
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">'
        f"{objects}</ofd:Layer></ofd:Content></ofd:Page>"
    )
    path = tmp_path / "通知.ofd"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("OFD.xml", ofd_xml)
        zf.writestr("Doc_0/Document.xml", document)
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", content)
    result = extract_file(path)
    assert result.text.split("\n") == ["关于档通知", "附件"]
    assert result.title == "关于档案工作的通知" and result.properties["author"] == "党政办"
    assert result.format == "ofd" and result.pages == 1
