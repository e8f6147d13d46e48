"""Formats are decided by content; the extension only names text variants."""

from __future__ import annotations

import zipfile

import pytest

from core.ingest.extract import sniff

HTML_UTF16 = '<!DOCTYPE html><html><head><meta charset="utf-16"></head><body>正文</body></html>'


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.doc", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj", sniff.PDF),
        ("a.doc", b"{\\rtf1\\ansi\\ansicpg936 text}", sniff.RTF),
        (
            "a.doc",
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n",
            sniff.MHT,
        ),
        ("a.txt", HTML_UTF16.encode("utf-16-le"), sniff.HTML),
        ("a.dat", b"   \r\n<HTML><HEAD><TITLE>x</TITLE></HEAD></HTML>", sniff.HTML),
        ("a.wps", b"\x01\xfe" + bytes(100), sniff.WORKS),
        ("a.xls", b"\x09\x04\x06\x00\x00\x00\x10\x00" + bytes(40), sniff.XLS),
        ("a.csv", "档号,题名\n1,通知\n".encode("gbk"), sniff.TEXT),
        ("a.bin", bytes(range(256)) * 4, sniff.UNKNOWN),
        ("a.txt", b"", sniff.EMPTY),
    ],
)
def test_sniff_by_content(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    assert sniff.sniff(path) == expected


def test_zip_kinds(tmp_path):
    def make(name, members):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as zf:
            for member, data in members.items():
                zf.writestr(member, data)
        return path

    assert sniff.sniff(make("a.zip", {"word/document.xml": "<x/>"})) == sniff.DOCX
    assert sniff.sniff(make("b.docx", {"xl/workbook.xml": "<x/>"})) == sniff.XLSX
    odt = {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}
    assert sniff.sniff(make("c.zip", odt)) == sniff.ODT
    assert sniff.sniff(make("d.docx", {"readme.txt": "hello"})) == sniff.UNKNOWN
