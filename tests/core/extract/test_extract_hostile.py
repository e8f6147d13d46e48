"""Bad input gets a clear per-file reason: bombs, entities, truncation, noise, empty files."""

from __future__ import annotations

import random
import zipfile

import openpyxl
import pytest

from core.ingest.extract import extract_file
from core.ingest.extract.base import CORRUPT, EMPTY, TOO_LARGE, UNSUPPORTED, ExtractError
from tests.core.extract.test_extract_docx import build_docx

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def reason_of(path) -> str:
    with pytest.raises(ExtractError) as err:
        extract_file(path)
    return err.value.reason


def rewrite_zip(source, target, replace: dict[str, bytes] | None = None, add: dict | None = None):
    """Copy a zip, replacing or adding members."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = (replace or {}).get(item.filename, zin.read(item))
            zout.writestr(item, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return target


def test_zip_bomb_docx_is_refused_before_parsing(tmp_path):
    source = build_docx(tmp_path / "ok.docx")
    bomb = rewrite_zip(
        source, tmp_path / "bomb.docx", add={"word/media/filler.bin": b"\0" * (40 * 1024 * 1024)}
    )
    assert reason_of(bomb) == TOO_LARGE


def test_declared_size_lie_is_refused(tmp_path):
    source = build_docx(tmp_path / "ok.docx")
    data = bytearray(source.read_bytes())
    # Patch the central directory: claim word/document.xml inflates to 3 GB.
    name = b"word/document.xml"
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_len] == name:
            data[central + 24 : central + 28] = (3 * 1024**3).to_bytes(4, "little")
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    assert reason_of(path) == TOO_LARGE


def test_entity_expansion_docx_is_refused(tmp_path):
    source = build_docx(tmp_path / "ok.docx")
    path = rewrite_zip(
        source, tmp_path / "laughs.docx", replace={"word/document.xml": BILLION_LAUGHS}
    )
    assert reason_of(path) == CORRUPT


def test_entity_expansion_xlsx_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "正常"
    book.save(tmp_path / "ok.xlsx")
    evil = BILLION_LAUGHS.replace(b"w:document", b"sst").replace(
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>", b"<si><t>&lol9;</t></si>"
    )
    path = rewrite_zip(
        tmp_path / "ok.xlsx", tmp_path / "evil.xlsx", add={"xl/sharedStrings.xml": evil}
    )
    assert reason_of(path) == CORRUPT


def test_truncated_docx_is_corrupt(tmp_path):
    data = build_docx(tmp_path / "ok.docx").read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    assert reason_of(path) == CORRUPT


def test_random_bytes_are_unsupported(tmp_path):
    path = tmp_path / "noise.bin"
    path.write_bytes(random.Random(7).randbytes(20_000))
    assert reason_of(path) == UNSUPPORTED


def test_random_bytes_named_like_a_document_are_a_damaged_document(tmp_path):
    path = tmp_path / "报告.doc"
    path.write_bytes(random.Random(7).randbytes(20_000))
    assert reason_of(path) == CORRUPT


def test_zero_byte_file_is_empty(tmp_path):
    path = tmp_path / "empty.wps"
    path.write_bytes(b"")
    assert reason_of(path) == EMPTY


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("很长的文字".encode() * 1000)
    with pytest.raises(ExtractError) as err:
        extract_file(path, max_bytes=1000)
    assert err.value.reason == TOO_LARGE


def test_works_1_to_3_file_is_unsupported(tmp_path):
    path = tmp_path / "letter.wps"
    path.write_bytes(b"\x01\xfe" + b"\x00" * 142)
    assert reason_of(path) == UNSUPPORTED


def test_ole_with_garbage_after_the_header_is_corrupt(tmp_path):
    path = tmp_path / "fake.doc"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + random.Random(3).randbytes(3000))
    assert reason_of(path) in (CORRUPT, UNSUPPORTED)


@pytest.mark.parametrize(
    "head,reason",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), CORRUPT),  # images are documents now: a damaged one
        (b"\xff\xd8\xff\xe0" + bytes(50), CORRUPT),
        (b"MZ\x90\x00" + bytes(60), UNSUPPORTED),
        (b"abc\x00def" * 20, UNSUPPORTED),
    ],
)
def test_binary_files_are_not_taken_for_text(tmp_path, head, reason):
    path = tmp_path / "photo.txt"
    path.write_bytes(head)
    assert reason_of(path) == reason
