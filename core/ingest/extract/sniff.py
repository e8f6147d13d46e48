"""Decide a file's format from its bytes; the extension only breaks ties between text types."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from core.ingest.extract import ole
from core.ingest.extract.base import CORRUPT, ExtractError

HEAD_BYTES = 8192
TEXT_SUFFIXES = {".txt", ".md", ".csv", ".log", ".text", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_RE_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<meta\s|<body[\s>]|<title>", re.I)
_RE_WORDML = re.compile(rb'progid="Word\.Document"|<w:wordDocument[\s>]|<pkg:package[\s>]')
_RE_CONTROLS = re.compile(r"[\x00-\x08\x0d-\x1f]")  # below space, but not \t \n \v \f
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BZh", b"MZ",
    b"\x7fELF", b"ID3", b"RIFF", b"OggS", b"fLaC", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00",
    b"SQLite format 3", b"\xca\xfe\xba\xbe",
)  # fmt: skip
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_RE_MAIL_HEADER = re.compile(
    rb"^(?:received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|"
    rb"reply-to|cc|x-[\w-]+|content-[\w-]+|thread-\w+|importance|sender)[ \t]*:",
    re.I | re.M,
)
_BIFF_BOF = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")
_ODT_MIME = b"application/vnd.oasis.opendocument.text"

# Format names returned by sniff().
WORD97 = "word97"
XLS = "xls"
DOCX = "docx"
XLSX = "xlsx"
ODT = "odt"
OFD = "ofd"
PDF = "pdf"
RTF = "rtf"
MHT = "mht"
HTML = "html"
WORDML = "wordml"
TEXT = "text"
ENCRYPTED_OOXML = "encrypted-ooxml"
WORKS = "works"
PPT = "ppt"
PPTX = "pptx"
MSG = "msg"
EML = "eml"
IMAGE = "image"
EMPTY = "empty"
UNKNOWN = "unknown"


def sniff(path: Path) -> str:
    """One of the format names above, decided by content."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head:
        return EMPTY
    if ole.is_ole(head):
        return _sniff_ole(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if stripped.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return PDF
    if stripped.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"\x01\xfe") or head.startswith(b"\x01\xff"):
        return WORKS
    if head[:2] in _BIFF_BOF and head[2:4] in (b"\x04\x00", b"\x06\x00", b"\x08\x00"):
        return XLS  # Excel 2.x–4.x worksheets are bare BIFF streams, not OLE
    if head.startswith(_IMAGE_MAGIC) or (head.startswith(b"BM") and head[6:10] == b"\0\0\0\0"):
        return IMAGE
    if head.startswith(_BINARY_MAGIC) or head[4:8] == b"ftyp":
        return UNKNOWN  # images, audio, video, archives, programs
    return _sniff_textual(head, path.suffix.lower())


def _sniff_ole(path: Path) -> str:
    """Look at the streams inside a compound file."""
    with ole.OleFile(path) as cfb:
        streams = {name.lower() for name in cfb.streams()}  # CFB names ignore case
        if "encryptioninfo" in streams or "encryptedpackage" in streams:
            return ENCRYPTED_OOXML
        if "worddocument" in streams:
            return WORD97
        if "workbook" in streams or "book" in streams:
            return XLS  # Excel and WPS 表格 (.et)
        if "powerpoint document" in streams:
            return PPT  # PowerPoint 97–2003 and WPS 演示 (.dps)
        if "__properties_version1.0" in streams:
            return MSG
        if "contents" in streams and cfb.head("CONTENTS", 16).startswith(b"CHNKWKS"):
            return WORKS
    return UNKNOWN


def _sniff_zip(path: Path) -> str:
    """Office Open XML or OpenDocument by the member names (names only, nothing inflated yet)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.replace("\\", "/") for n in zf.namelist()}  # zips made on Windows
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200 and zf.read("mimetype").strip() == _ODT_MIME:
                    return ODT
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise ExtractError(CORRUPT, f"zip: {exc!r}") from exc
    if "OFD.xml" in names:
        return OFD
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return DOCX
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return XLSX
    if "ppt/presentation.xml" in names:
        return PPTX
    return UNKNOWN


def _sniff_textual(head: bytes, suffix: str) -> str:
    """MIME web archives, HTML and plain text, in any encoding including UTF-16."""
    ascii_view = _ascii_view(head)
    first_kb = ascii_view[:1024]
    if b"mime-version" in first_kb.lower() and b"multipart/related" in ascii_view.lower():
        return MHT
    if _looks_like_mail(ascii_view):
        return EML
    if b"<?xml" in first_kb[:100] and _RE_WORDML.search(ascii_view):
        return WORDML
    if _RE_HTML.search(first_kb):
        return HTML
    if not _looks_like_text(head):
        return UNKNOWN
    if suffix in HTML_SUFFIXES:
        return HTML
    return TEXT


def _looks_like_mail(head: bytes) -> bool:
    """An RFC 5322 header block at the very start, naming a sender and a subject or date."""
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if not _RE_MAIL_HEADER.match(block.lstrip()):
        return False
    names = {m.group(0).split(b":")[0].strip().lower() for m in _RE_MAIL_HEADER.finditer(block)}
    return b"from" in names and bool(names & {b"subject", b"date", b"to"})


def _ascii_view(head: bytes) -> bytes:
    """The bytes with UTF-16 NULs and BOMs removed, so ASCII markers can be found."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head[2:]
    if head.count(0) > len(head) // 4:
        head = head.replace(b"\x00", b"")
    return head


def _looks_like_text(head: bytes) -> bool:
    """Decodable with few control characters."""
    from core.ingest.extract.text import decode_bytes

    # Cut at an even offset so UTF-16 stays aligned; the decoder tolerates a cut character.
    text, encoding = decode_bytes(head[: len(head) - len(head) % 2] if len(head) > 1 else head)
    if b"\x00" in head and not encoding.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        return False  # NUL bytes outside UTF-16/32 mean binary data
    if not text.strip():
        return False
    controls = len(_RE_CONTROLS.findall(text)) + text.count("\ufffd")
    return controls <= max(1, len(text) // 100)
