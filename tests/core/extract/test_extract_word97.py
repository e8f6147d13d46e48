"""Word 97 binary and Kingsoft WPS: our own piece-table reader, on built and real files."""

from __future__ import annotations

import pytest

from core.ingest.extract import extract_file
from core.ingest.extract.base import EMPTY, ENCRYPTED, UNSUPPORTED, ExtractError
from tests.core.extract.conftest import corpus_dir, manifest, word97_bytes, write_cfb

PIECES = [
    ("Annual Report\r", True),
    ("关于做好档案整理工作的通知\r", False),
    ('详见\x13 HYPERLINK "http://www.example.edu.cn" \x14学校网站\x15。\r', False),
    ("\x13 PAGE \x14\x13 NESTED \x145\x15\x15\r", False),
    ("姓名\x07部门\x07\x07张三\x07党政办\x07\x07", False),
    ("Caf\xe9 end\r", True),
]


def test_pieces_fields_and_table_marks(tmp_path):
    path = write_cfb(tmp_path / "built.doc", word97_bytes(PIECES))
    result = extract_file(path)
    assert result.extractor == "word97" and result.format == "doc"
    lines = result.text.split("\n")
    assert lines[0] == "Annual Report"
    assert lines[1] == "关于做好档案整理工作的通知"
    assert lines[2] == "详见学校网站。"  # field instruction dropped, result kept
    assert lines[3] == "5"  # nested field: only the innermost result remains
    assert "姓名\t部门" in lines and "张三\t党政办" in lines
    assert lines[-1] == "Café end"
    assert "HYPERLINK" not in result.text


def test_same_bytes_named_wps_report_wps_format(tmp_path):
    path = write_cfb(tmp_path / "公文.wps", word97_bytes(PIECES))
    result = extract_file(path)
    assert result.format == "wps"
    assert "关于做好档案整理工作的通知" in result.text


@pytest.mark.parametrize("flag", [0x0100, 0x0100 | 0x8000])
def test_encrypted_flag_is_reported(tmp_path, flag):
    path = write_cfb(tmp_path / "secret.doc", word97_bytes(PIECES, flags=0x0200 | flag))
    with pytest.raises(ExtractError) as err:
        extract_file(path)
    assert err.value.reason == ENCRYPTED


def test_missing_table_stream_is_corrupt_not_a_crash(tmp_path):
    streams = word97_bytes(PIECES)
    del streams["1Table"]
    with pytest.raises(ExtractError) as err:
        extract_file(write_cfb(tmp_path / "broken.doc", streams))
    assert err.value.reason == "文件已损坏"


def test_encrypted_ooxml_in_ole_container(tmp_path):
    path = write_cfb(
        tmp_path / "报告.docx",
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x00" * 64},
    )
    with pytest.raises(ExtractError) as err:
        extract_file(path)
    assert err.value.reason == ENCRYPTED


def test_works_ole_file_is_unsupported(tmp_path):
    path = write_cfb(tmp_path / "old.wps", {"CONTENTS": b"CHNKWKS " + b"\0" * 100})
    with pytest.raises(ExtractError) as err:
        extract_file(path)
    assert err.value.reason == UNSUPPORTED and err.value.skipped


WPS_EXPECTED = {
    "wps2md/sample.doc": "春季露营活动指南",
    "wps2md/sample.wps": "春季露营活动指南",
    "wps2md/sample@31c2c1a.wps": "练习题",
    "JumpFlow/test.doc": "Ss",
    "JumpFlow/test.wps": "Dfssdf",
    "JumpFlow/doctest.wps": "Dfssdf1111",
}


@pytest.mark.corpus
def test_every_wps_corpus_file_gives_text_or_its_reason():
    folder = corpus_dir("wps")
    for row in manifest("wps"):
        path = folder / row["local_copy"]
        real = row["real_format"]
        if real == "empty":
            with pytest.raises(ExtractError) as err:
                extract_file(path)
            assert err.value.reason == EMPTY, path
        elif "Works" in real:
            with pytest.raises(ExtractError) as err:
                extract_file(path)
            assert err.value.reason == UNSUPPORTED, path
        else:
            result = extract_file(path)
            hint = row["chinese_text_hint"]
            if not hint.startswith("("):
                han = "".join(ch for ch in result.text if "\u4e00" <= ch <= "\u9fff")
                assert han.startswith(hint), (path, han[:40])
            expected = WPS_EXPECTED.get(row["local_copy"])
            if expected:
                assert result.text.startswith(expected), path
            if "KS = Kingsoft" in real:
                assert result.properties.get("producer") == "Kingsoft WPS"


@pytest.mark.corpus
def test_kingsoft_summary_information_is_clean():
    path = corpus_dir("wps") / "wps2md" / "sample.doc"
    props = extract_file(path).properties
    assert props["author"] == "粒雨生声"
    assert props["created"].startswith("2026-05-22")


@pytest.mark.corpus
def test_kingsoft_table_rows_keep_their_cells():
    text = extract_file(corpus_dir("wps") / "wps2md" / "sample.doc").text
    assert "日期\t上午行程\t下午行程\t晚上安排" in text.split("\n")


@pytest.mark.corpus
def test_word6_era_file_takes_the_8bit_path():
    path = corpus_dir("fixtures") / "poi" / "test-data" / "document" / "Bug51944.doc"
    result = extract_file(path)
    assert result.text.startswith("By Post and Fax")


def test_mutated_word97_files_never_crash_or_hang(tmp_path):
    import random

    from core.ingest.extract.base import Extracted

    pristine = write_cfb(tmp_path / "pristine.doc", word97_bytes(PIECES)).read_bytes()
    rng = random.Random(1997)
    path = tmp_path / "mutant.doc"
    outcomes = set()
    for _ in range(300):
        data = bytearray(pristine)
        # Hit the FIB, the CLX and the text (after the 512-byte header and the directory).
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(512, len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        try:
            result = extract_file(path)
            assert isinstance(result, Extracted)
            outcomes.add("text")
        except ExtractError as err:
            outcomes.add(err.reason)
    assert "text" in outcomes
