"""OFD (GB/T 33190, China's fixed-layout format for official e-documents): text per page."""

from __future__ import annotations

import posixpath
from pathlib import Path

from defusedxml import ElementTree as SafeET

from core.ingest.extract import ziputil
from core.ingest.extract.base import CORRUPT, Extracted, ExtractError
from core.ingest.extract.layout import join_cjk_lines

MAX_PAGES = 10_000
LINE_TOLERANCE_MM = 1.5  # text codes closer than this vertically share a line


def extract(path: Path) -> Extracted:
    """Text of every page of the first document, lines rebuilt from text positions."""
    with ziputil.open_checked(path) as zf:
        names = set(zf.namelist())
        root = _xml(ziputil.read_member(zf, "OFD.xml"))
        doc_root = _text_of(root, "DocRoot")
        if not doc_root or doc_root.lstrip("/") not in names:
            raise ExtractError(CORRUPT, "OFD.xml names no document")
        doc_path = doc_root.lstrip("/")
        document = _xml(ziputil.read_member(zf, doc_path))
        pages = []
        for page in [e for e in document.iter() if _local(e.tag) == "Page"][:MAX_PAGES]:
            location = posixpath.normpath(
                posixpath.join(posixpath.dirname(doc_path), page.get("BaseLoc", ""))
            )
            if location in names:
                pages.append(_page_text(_xml(ziputil.read_member(zf, location))))
    props = {
        key: value
        for key, tag in (
            ("title", "Title"),
            ("author", "Author"),
            ("subject", "Subject"),
            ("created", "CreationDate"),
        )
        if (value := _text_of(root, tag))
    }
    return Extracted(
        text="\n".join(p for p in pages if p.strip()),
        format="ofd",
        extractor="ofd",
        title=props.get("title"),
        properties=props,
        pages=len(pages),
        needs_ocr=bool(pages) and not any(p.strip() for p in pages),
    )


def _xml(data: bytes):
    """Parse one part, refusing DTDs and entities."""
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except Exception as exc:  # ParseError, DTDForbidden, EntitiesForbidden
        raise ExtractError(CORRUPT, f"OFD XML: {exc!r}") from exc


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text_of(root, local: str) -> str | None:
    """Text of the first element with this local name."""
    for element in root.iter():
        if _local(element.tag) == local and (element.text or "").strip():
            return element.text.strip()
    return None


def _page_text(page) -> str:
    """Place every TextCode at its absolute position, then read line by line."""
    placed = []
    for order, obj in enumerate(e for e in page.iter() if _local(e.tag) == "TextObject"):
        left, top = _origin(obj.get("Boundary", ""))
        for code in obj:
            if _local(code.tag) == "TextCode" and code.text:
                x = left + _number(code.get("X"))
                y = top + _number(code.get("Y"))
                placed.append((y, x, order, code.text))
    placed.sort()
    lines: list[list[tuple[float, str]]] = []
    line_y = None
    for y, x, _order, text in placed:
        if line_y is None or abs(y - line_y) > LINE_TOLERANCE_MM:
            lines.append([])
            line_y = y
        lines[-1].append((x, text))
    return join_cjk_lines(["".join(t for _x, t in sorted(line)) for line in lines])


def _origin(boundary: str) -> tuple[float, float]:
    """The x, y of a 'x y w h' boundary."""
    parts = boundary.split()
    return (_number(parts[0]), _number(parts[1])) if len(parts) >= 2 else (0.0, 0.0)


def _number(value) -> float:
    """A coordinate; missing or malformed counts as 0."""
    try:
        return float(value) if value is not None else 0.0
    except ValueError:
        return 0.0
