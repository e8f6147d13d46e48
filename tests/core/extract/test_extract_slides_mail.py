"""PowerPoint (pptx, ppt, WPS dps), WPS et, e-mail (eml, msg) and images: generated files, the
shared POI fixtures, and damaged variants reported by name with a reason."""

from __future__ import annotations

import shutil
import struct
from email.message import EmailMessage

import pytest

from core.ingest.extract import extract_file
from core.ingest.extract.base import CORRUPT, ENCRYPTED, TOO_LARGE, UNSUPPORTED, ExtractError
from tests.core.extract.conftest import corpus_dir, write_cfb

SLIDESHOW = ("fixtures", "poi", "test-data", "slideshow")


def make_pptx(path):
    """Two slides: a title, a table and speaker notes, in slide order."""
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "二〇二三年党课讲稿"
    first.placeholders[1].text = "学习贯彻会议精神"
    first.notes_slide.notes_text_frame.text = "备注：讲课时间四十分钟"
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "工作汇报"
    table = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    table.cell(0, 0).text, table.cell(0, 1).text = "部门", "完成率"
    table.cell(1, 0).text, table.cell(1, 1).text = "档案室", "百分之九十八"
    deck.core_properties.title = "党课"
    deck.save(path)
    return path


def test_pptx_slides_tables_and_notes_in_order(tmp_path):
    result = extract_file(make_pptx(tmp_path / "党课.pptx"))
    assert result.format == "pptx" and result.pages == 2 and result.title == "党课"
    text = result.text
    order = [
        "二〇二三年党课讲稿",
        "学习贯彻会议精神",
        "讲课时间四十分钟",
        "工作汇报",
        "档案室\t百分之九十八",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), text


def test_pptx_named_otherwise_and_broken_pptx(tmp_path):
    good = make_pptx(tmp_path / "a.pptx")
    renamed = tmp_path / "slides.bin"
    shutil.copyfile(good, renamed)
    assert "工作汇报" in extract_file(renamed).text  # decided by content
    broken = tmp_path / "坏的.pptx"
    broken.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(ExtractError) as err:
        extract_file(broken)
    assert err.value.reason == CORRUPT


def ppt_stream(texts: list[str], master: str = "单击此处编辑母版标题样式") -> bytes:
    """A PowerPoint Document stream: a master with placeholder text, then a slide list."""

    def record(rtype, body, container=False, instance=0):
        return (
            struct.pack("<HHI", (instance << 4) | (0x0F if container else 0), rtype, len(body))
            + body
        )

    atoms = b"".join(record(0x0FA0, t.encode("utf-16-le")) for t in texts)
    slide_list = record(0x0FF0, atoms, container=True)
    document = record(0x03E8, slide_list, container=True)
    master_rec = record(0x03F8, record(0x0FA0, master.encode("utf-16-le")), container=True)
    return document + master_rec


def test_ppt_text_atoms_without_master_placeholders(tmp_path):
    path = write_cfb(
        tmp_path / "汇报.ppt",
        {"PowerPoint Document": ppt_stream(["年度工作总结", "一、档案数字化"])},
    )
    result = extract_file(path)
    assert result.format == "ppt"
    assert result.text.split("\n")[:2] == ["年度工作总结", "一、档案数字化"]
    assert "母版" not in result.text


def test_wps_dps_is_read_like_ppt(tmp_path):
    path = write_cfb(tmp_path / "演示.dps", {"PowerPoint Document": ppt_stream(["WPS 演示文稿"])})
    assert "WPS 演示文稿" in extract_file(path).text


def test_ppt_truncated_stream_keeps_what_is_there(tmp_path):
    stream = ppt_stream(["第一张", "第二张很长的文字内容"])
    path = write_cfb(tmp_path / "截断.ppt", {"PowerPoint Document": stream[:-12]})
    assert "第一张" in extract_file(path).text


@pytest.mark.corpus
def test_shared_ppt_fixtures_chinese_and_encrypted():
    folder = corpus_dir(*SLIDESHOW)
    assert "平抛运动的分解演示" in extract_file(folder / "bug55030.ppt").text
    with pytest.raises(ExtractError) as err:
        extract_file(folder / "Password_Protected-hello.ppt")
    assert err.value.reason == ENCRYPTED


@pytest.mark.corpus
def test_wps_et_is_read_like_xls(tmp_path):
    folder = corpus_dir("fixtures", "poi", "test-data", "spreadsheet")
    source = next(p for p in sorted(folder.glob("*.xls")) if _readable(p))
    target = tmp_path / "表格.et"
    shutil.copyfile(source, target)
    assert extract_file(target).text == extract_file(source).text


def _readable(path) -> bool:
    try:
        return bool(extract_file(path).text.strip())
    except ExtractError:
        return False


def make_eml(path, charset="gb2312"):
    """A GB2312 mail with an RFC 2047 subject and a Chinese-named attachment."""
    msg = EmailMessage()
    msg["Subject"] = "关于召开档案工作会议的通知"
    msg["From"] = "办公室 <office@example.edu.cn>"
    msg["To"] = "各部门 <all@example.edu.cn>"
    msg["Date"] = "Mon, 06 Mar 2023 09:30:00 +0800"
    msg.set_content("各部门：定于三月十日下午召开档案工作会议。", charset=charset)
    msg.add_attachment(
        b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="会议议程.pdf"
    )
    path.write_bytes(msg.as_bytes())
    return path


@pytest.mark.parametrize("charset", ["gb2312", "utf-8", "gb18030"])
def test_eml_headers_body_and_attachment_list(tmp_path, charset):
    result = extract_file(make_eml(tmp_path / "通知.eml", charset))
    assert result.format == "eml" and result.title == "关于召开档案工作会议的通知"
    assert "定于三月十日下午召开档案工作会议" in result.text
    assert "发件人：办公室 <office@example.edu.cn>" in result.text
    assert "会议议程.pdf" in result.text  # attachments are listed in the mail's text
    assert result.properties["created"].startswith("2023-03-06")


def test_eml_with_gbk_body_declared_gb2312_and_bad_encoded_word(tmp_path):
    body = "镕".encode("gbk")  # a GBK character outside GB2312
    raw = (
        b"From: =?gb2312?B?sOy5q8rS?= <a@b.cn>\r\nTo: x@y.cn\r\nSubject: =?gb2312?B?!!!?=\r\n"
        b"Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "朱".encode("gbk")
        + body
        + "基".encode("gbk")
    )
    path = tmp_path / "x.eml"
    path.write_bytes(raw)
    result = extract_file(path)
    assert "朱镕基" in result.text and "办公室" in result.text


def test_msg_generated_unicode_properties(tmp_path):
    def utf16(text):
        return text.encode("utf-16-le")

    streams = {
        "__properties_version1.0": b"\0" * 32,
        "__substg1.0_0037001F": utf16("年终考核通知"),
        "__substg1.0_0C1A001F": utf16("人事处"),
        "__substg1.0_1000001F": utf16("请各部门于十二月底前提交考核材料。"),
    }
    result = extract_file(write_cfb(tmp_path / "考核.msg", streams))
    assert result.format == "msg" and result.title == "年终考核通知"
    assert "请各部门于十二月底前提交考核材料" in result.text and "人事处" in result.text


def msg_fixed(properties: dict[int, int]) -> bytes:
    """A top-level __properties_version1.0 stream: 32-byte header, then 16-byte PT_LONG entries."""
    entries = b"".join(
        struct.pack("<HHIQ", 0x0003, pid, 0x06, value) for pid, value in properties.items()
    )
    return b"\0" * 32 + entries


def test_msg_8bit_strings_read_in_the_message_code_page(tmp_path):
    streams = {
        "__properties_version1.0": msg_fixed({0x3FFD: 936}),  # PR_MESSAGE_CODEPAGE: GBK
        "__substg1.0_0037001E": "通知".encode("gbk"),  # too short to guess: read as 936
        "__substg1.0_0C1A001E": "人事处".encode("gbk"),
        "__substg1.0_1000001E": "请于周五前报送材料。".encode("gbk"),
    }
    result = extract_file(write_cfb(tmp_path / "通知.msg", streams))
    assert result.title == "通知"
    assert "发件人：人事处" in result.text and "请于周五前报送材料" in result.text
    # the internet code page is used where the message code page is missing
    streams["__properties_version1.0"] = msg_fixed({0x3FDE: 1251})
    streams["__substg1.0_0037001E"] = "Протокол".encode("cp1251")
    result = extract_file(write_cfb(tmp_path / "протокол.msg", streams))
    assert result.title == "Протокол"


@pytest.mark.corpus
def test_shared_msg_in_code_page_1251_is_not_garbled():
    folder = corpus_dir("fixtures", "poi", "test-data", "hsmf")
    result = extract_file(folder / "ASCII_CP1251_LCID1049.msg")
    assert result.title == "Subject автоматически Subject"
    assert "Body автоматически Body" in result.text
    # declares UTF-8 (65001) over CP1252 strings: the declared page does not fit, so detected
    assert "Subject öäü Subject" in extract_file(folder / "ASCII_UTF-8_CP1252_LCID1031.msg").text


@pytest.mark.corpus
def test_shared_msg_fixtures_chinese_and_attachments():
    folder = corpus_dir("fixtures", "poi", "test-data", "hsmf")
    chinese = extract_file(folder / "chinese-traditional.msg")
    assert "格式測試" in chinese.text
    with_attachment = extract_file(folder / "attachment_msg_pdf.msg")
    assert "附件：" in with_attachment.text and ".pdf" in with_attachment.text


@pytest.mark.corpus
def test_publisher_and_visio_stay_unsupported():
    folder = corpus_dir("fixtures", "poi", "test-data")
    for path in [
        *sorted((folder / "publisher").glob("*.pub"))[:1],
        *sorted((folder / "diagram").glob("*.vsd"))[:1],
    ]:
        with pytest.raises(ExtractError) as err:
            extract_file(path)
        assert err.value.reason == UNSUPPORTED, path


@pytest.mark.parametrize("suffix,fmt", [("png", "PNG"), ("jpg", "JPEG"), ("bmp", "BMP")])
def test_images_wait_for_ocr(tmp_path, suffix, fmt):
    from PIL import Image

    path = tmp_path / f"扫描件.{suffix}"
    Image.new("RGB", (200, 100), "white").save(path, fmt)
    result = extract_file(path)
    assert result.needs_ocr and result.text == "" and result.pages == 1


def test_multipage_tiff_counts_pages_and_damaged_image_is_reported(tmp_path):
    from PIL import Image

    pages = [Image.new("L", (120, 80), shade) for shade in (255, 200, 150)]
    tiff = tmp_path / "三页.tif"
    pages[0].save(tiff, save_all=True, append_images=pages[1:])
    assert extract_file(tiff).pages == 3
    png = tmp_path / "a.png"
    Image.new("RGB", (400, 400), "white").save(png)
    broken = tmp_path / "坏图.png"
    broken.write_bytes(png.read_bytes()[:120])
    with pytest.raises(ExtractError) as err:
        extract_file(broken)
    assert err.value.reason == CORRUPT


def test_image_claiming_a_huge_size_is_refused_before_decoding(tmp_path):
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)  # 10^10 grey pixels
    path = tmp_path / "炸弹.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))
    with pytest.raises(ExtractError) as err:
        extract_file(path)
    assert err.value.reason == TOO_LARGE
