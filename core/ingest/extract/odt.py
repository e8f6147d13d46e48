"""OpenDocument text (.odt): content.xml and meta.xml through defusedxml."""

from __future__ import annotations

from pathlib import Path

from defusedxml import ElementTree as SafeET

from core.ingest.extract import ziputil
from core.ingest.extract.base import CORRUPT, Extracted, ExtractError

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_SKIP = {_TEXT + "tracked-changes", _TEXT + "note-citation", _OFFICE + "annotation"}
_BLOCKS = {_TEXT + "p", _TEXT + "h"}


def extract(path: Path) -> Extracted:
    """Paragraphs, headings and tables in order; title, author and dates from meta.xml."""
    with ziputil.open_checked(path) as zf:
        content = ziputil.read_member(zf, "content.xml")
        meta = zf.read("meta.xml") if "meta.xml" in zf.namelist() else b""
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except Exception as exc:  # ParseError, DTDForbidden, EntitiesForbidden
        raise ExtractError(CORRUPT, f"content.xml: {exc!r}") from exc
    lines: list[str] = []
    body = root.find(_OFFICE + "body")
    _walk(body if body is not None else root, lines)
    props = _meta(meta)
    return Extracted(
        text="\n".join(line for line in lines if line.strip()),
        format="odt",
        extractor="odt",
        title=props.get("title"),
        properties=props,
    )


def _walk(element, lines: list[str]) -> None:
    """Append one line per paragraph/heading and per table row."""
    for child in element:
        if child.tag in _SKIP:
            continue
        if child.tag in _BLOCKS:
            lines.append(_inline(child))
        elif child.tag == _TABLE + "table-row":
            cells = []
            for cell in child.iter(_TABLE + "table-cell"):
                inner: list[str] = []
                _walk(cell, inner)
                cells.append(" ".join(t for t in inner if t.strip()))
            lines.append("\t".join(cells).rstrip("\t"))
        else:
            _walk(child, lines)


def _inline(element) -> str:
    """The text of a paragraph with spaces, tabs and line breaks expanded."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _TEXT + "s":
            parts.append(" " * int(child.get(_TEXT + "c", "1") or 1))
        elif child.tag == _TEXT + "tab":
            parts.append("\t")
        elif child.tag == _TEXT + "line-break":
            parts.append("\n")
        elif child.tag not in _SKIP:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _meta(data: bytes) -> dict:
    """dc:title, dc:creator, meta:initial-creator, dates."""
    if not data:
        return {}
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except Exception:
        return {}
    props: dict = {}
    for key, tag in (
        ("title", _DC + "title"),
        ("author", _META + "initial-creator"),
        ("last_saved_by", _DC + "creator"),
        ("subject", _DC + "subject"),
        ("keywords", _META + "keyword"),
        ("created", _META + "creation-date"),
        ("modified", _DC + "date"),
    ):
        found = root.find(f".//{tag}")
        if found is not None and (found.text or "").strip():
            props[key] = found.text.strip()
    if "author" not in props and "last_saved_by" in props:
        props["author"] = props["last_saved_by"]
    return props
