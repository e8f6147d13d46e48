"""Plain text in the encodings Chinese offices produce, decoded without garbling."""

from __future__ import annotations

import codecs

import pytest

from core.ingest.extract import extract_file
from core.ingest.extract.text import decode_bytes

SIMPLIFIED = (
    "关于印发《2022年党建工作要点》的通知\r\n"
    "各学院、各部门：\r\n"
    "现将《2022年党建工作要点》印发给你们，请结合实际认真贯彻落实。\r\n"
    "中共某某学院委员会办公室\r\n2022年3月15日\r\n"
)
TRADITIONAL = "關於印發《二零二二年黨建工作要點》的通知\n各學院、各部門：現將有關事項通知如下，請認真貫徹落實。\n"


def _expected(text: str) -> str:
    return text.replace("\r\n", "\n")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "gb2312", "utf-8"])
def test_simplified_chinese_file_reads_back_exactly(tmp_path, encoding):
    path = tmp_path / "通知.txt"
    path.write_bytes(SIMPLIFIED.encode(encoding))
    result = extract_file(path)
    assert result.text == _expected(SIMPLIFIED)
    assert result.format == "txt"


def test_big5_traditional_file_reads_back_exactly(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    result = extract_file(path)
    assert result.text == TRADITIONAL
    assert result.encoding == "big5"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("bom", [True, False])
def test_utf16_with_and_without_bom(tmp_path, encoding, bom):
    prefix = (
        (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) if bom else b""
    )
    path = tmp_path / "notice.txt"
    path.write_bytes(prefix + SIMPLIFIED.encode(encoding))
    assert extract_file(path).text == _expected(SIMPLIFIED)


def test_utf8_bom_is_dropped_and_old_mac_line_ends_normalised(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(codecs.BOM_UTF8 + "# 标题\r第一行\r第二行".encode())
    result = extract_file(path)
    assert result.text == "# 标题\n第一行\n第二行"
    assert result.format == "md"


def test_gbk_csv_keeps_its_columns(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_bytes("姓名,部门,电话\r\n张三,党政办公室,0731-1234567\r\n".encode("gbk"))
    result = extract_file(path)
    assert result.text.splitlines()[1] == "张三,党政办公室,0731-1234567"
    assert result.format == "csv"


def test_latin_text_is_not_forced_into_chinese():
    text, _ = decode_bytes("Résumé of the café meeting, naïve approach.".encode("cp1252"))
    assert text == "Résumé of the café meeting, naïve approach."


def test_utf8_cut_inside_a_character_keeps_the_rest():
    data = "中文内容完整".encode() + "字".encode()[:2]
    text, encoding = decode_bytes(data)
    assert (text, encoding) == ("中文内容完整", "utf-8")


def test_laws_corpus_sample_decodes_identically(tmp_path):
    from tests.core.extract.conftest import corpus_dir

    laws = corpus_dir("laws")
    sample = sorted(laws.rglob("*.md"))[:20]
    for source in sample:
        original = source.read_text(encoding="utf-8")
        path = tmp_path / "law.txt"
        path.write_bytes(original.encode("gb18030"))
        assert extract_file(path).text == original.replace("\r\n", "\n"), source.name


def test_utf8_with_one_damaged_byte_stays_utf8():
    original = "关于做好2023年度档案整理工作的通知。各学院、各部门要高度重视，认真组织。" * 3
    data = bytearray(original.encode())
    data[10] = 0xFF
    text, encoding = decode_bytes(bytes(data))
    assert encoding == "utf-8"
    assert 1 <= text.count("\ufffd") <= 3 and text.endswith("认真组织。")
