"""Word 2007+ files built with python-docx: order, tables, headers, text boxes, properties."""

from __future__ import annotations

import datetime as dt
import zipfile

import docx
from docx.oxml import parse_xml

from core.ingest.extract import extract_file

TEXTBOX_XML = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
    "<w:p><w:r><w:t>文本框里的批注</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框里的批注</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def build_docx(path):
    """A realistic office document: title, paragraphs, a table with a nested table, header, text box."""
    document = docx.Document()
    document.core_properties.title = "关于2023年度档案整理的通知"
    document.core_properties.author = "党政办公室"
    document.core_properties.keywords = "档案;通知"
    document.core_properties.created = dt.datetime(2023, 3, 1, 9, 30)
    document.sections[0].header.paragraphs[0].text = "某某学院党政办公室文件"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    document.add_heading("关于2023年度档案整理的通知", level=1)
    intro = document.add_paragraph("各学院、各部门：")
    intro._p.append(parse_xml(TEXTBOX_XML))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "单位"
    table.cell(0, 1).text = "联系人"
    table.cell(1, 0).text = "档案馆"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "王老师"
    inner.cell(0, 1).text = "8888"
    document.add_paragraph("请于3月31日前完成。")
    document.save(path)
    return path


def test_docx_text_order_table_header_textbox_and_properties(tmp_path):
    result = extract_file(build_docx(tmp_path / "通知.docx"))
    lines = result.text.split("\n")
    assert result.format == "docx" and result.extractor == "docx"
    assert result.title == "关于2023年度档案整理的通知"
    assert result.properties["author"] == "党政办公室"
    assert result.properties["keywords"] == "档案;通知"
    assert result.properties["created"].startswith("2023-03-01T09:30")
    assert lines.index("关于2023年度档案整理的通知") < lines.index("单位\t联系人")
    assert lines.index("单位\t联系人") < lines.index("请于3月31日前完成。")
    assert "王老师\t8888" in lines  # the nested table
    assert result.text.count("文本框里的批注") == 1  # Choice read, Fallback skipped
    assert "某某学院党政办公室文件" in lines and "第 1 页" in lines


def test_docm_and_dotx_content_types_are_accepted(tmp_path):
    source = build_docx(tmp_path / "plain.docx")
    for suffix, content_type in (
        ("docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
        (
            "dotx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        ),
    ):
        target = tmp_path / f"copy.{suffix}"
        with (
            zipfile.ZipFile(source) as zin,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout,
        ):
            for item in zin.infolist():
                data = zin.read(item)
                if item.filename == "[Content_Types].xml":
                    data = data.replace(
                        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                        content_type.encode(),
                    )
                zout.writestr(item, data)
        result = extract_file(target)
        assert result.format == suffix
        assert "请于3月31日前完成。" in result.text


def test_docx_named_doc_is_read_by_content(tmp_path):
    path = build_docx(tmp_path / "x.docx").rename(tmp_path / "通知.doc")
    assert "请于3月31日前完成。" in extract_file(path).text


def test_strict_ooxml_docx_still_gives_its_text(tmp_path):
    source = build_docx(tmp_path / "plain.docx")
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            data = data.replace(
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                b"http://purl.oclc.org/ooxml/wordprocessingml/main",
            ).replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships",
            )
            zout.writestr(item, data)
    lines = extract_file(strict).text.split("\n")
    assert "关于2023年度档案整理的通知" in lines
    assert "请于3月31日前完成。" in lines
    assert "\t" not in lines[0]  # tab-stop definitions in paragraph properties are not text
