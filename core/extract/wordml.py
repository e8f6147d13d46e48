"""Word XML saved as one file (Word 2003 XML, Flat OPC): often a '.doc' from office systems."""

from __future__ import annotations

from pathlib import Path

from defusedxml import ElementTree as SafeET

from core.extract.base import CORRUPT, Extracted, ExtractError

_WORD_NAMESPACES = (
    "http://schemas.microsoft.com/office/word/2003/wordml",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
)


def extract(path: Path) -> Extracted:
    """One line per w:p, tabs and breaks kept; DTDs and entities refused."""
    lines: list[str] = []
    title = None
    try:
        with open(path, "rb") as fh:
            for _event, element in SafeET.iterparse(fh, forbid_dtd=True):
                namespace, _, local = element.tag[1:].partition("}")
                if local == "Title" and title is None and (element.text or "").strip():
                    title = element.text.strip()  # o:DocumentProperties/o:Title
                if namespace in _WORD_NAMESPACES and local == "p":
                    lines.append(_paragraph(element))
                    element.clear()  # an enclosing paragraph (text box) must not repeat it
    except Exception as exc:  # ParseError, DTDForbidden, EntitiesForbidden
        raise ExtractError(CORRUPT, f"Word XML: {exc!r}") from exc
    return Extracted(
        text="\n".join(line for line in lines if line.strip()),
        format=Path(path).suffix.lower().lstrip(".") or "xml",
        extractor="wordml",
        title=title,
        properties={"title": title} if title else {},
    )


def _paragraph(p) -> str:
    """Text of w:t runs with w:tab and w:br expanded (field instructions are w:instrText)."""
    parts = []
    for node in p.iter():
        namespace, _, local = node.tag[1:].partition("}")
        if namespace not in _WORD_NAMESPACES:
            continue
        if local == "t":
            parts.append(node.text or "")
        elif local == "tab":
            parts.append("\t")
        elif local in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)
