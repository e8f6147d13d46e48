"""Word XML saved as one file (Word 2003 XML, Flat OPC): often a '.doc' from office systems."""

from __future__ import annotations

from pathlib import Path

from defusedxml import ElementTree as SafeET

from core.ingest.extract.base import CORRUPT, Extracted, ExtractError

_WORD_NAMESPACES = (
    "http://schemas.microsoft.com/office/word/2003/wordml",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
)


def extract(path: Path) -> Extracted:
    """One line per w:p, tabs and breaks kept; DTDs and entities refused."""
    titles: list[str] = []
    with open(path, "rb") as fh:
        lines = paragraphs(fh, _WORD_NAMESPACES, titles)
    title = titles[0] if titles else None
    return Extracted(
        text="\n".join(line for line in lines if line.strip()),
        format=Path(path).suffix.lower().lstrip(".") or "xml",
        extractor="wordml",
        title=title,
        properties={"title": title} if title else {},
    )


def paragraphs(fh, namespaces=_WORD_NAMESPACES, titles: list[str] | None = None) -> list[str]:
    """Texts of the Word paragraphs in an XML stream (namespaces=None: any namespace)."""
    lines: list[str] = []
    try:
        for _event, element in SafeET.iterparse(fh, forbid_dtd=True):
            namespace, _, local = element.tag[1:].partition("}")
            if titles is not None and local == "Title" and (element.text or "").strip():
                titles.append(element.text.strip())  # o:DocumentProperties/o:Title
            if local == "p" and (namespaces is None or namespace in namespaces):
                lines.append(_paragraph(element, namespaces))
                element.clear()  # an enclosing paragraph (text box) must not repeat it
    except ExtractError:
        raise
    except Exception as exc:  # ParseError, DTDForbidden, EntitiesForbidden, zip errors
        raise ExtractError(CORRUPT, f"Word XML: {exc!r}") from exc
    return lines


def _paragraph(p, namespaces) -> str:
    """Text of w:t runs with w:tab and w:br expanded; properties and field codes skipped."""
    parts: list[str] = []
    _collect(p, namespaces, parts)
    return "".join(parts)


_SKIP = {"pPr", "rPr", "tabs", "instrText", "delText", "sectPr"}


def _collect(element, namespaces, parts: list[str]) -> None:
    for node in element:
        namespace, _, local = (
            node.tag[1:].partition("}") if isinstance(node.tag, str) else ("", "", "")
        )
        if local in _SKIP or (
            namespaces is not None
            and namespace not in namespaces
            and local in ("t", "tab", "br", "cr")
        ):
            continue
        if local == "t":
            parts.append(node.text or "")
        elif local == "tab":
            parts.append("\t")
        elif local in ("br", "cr"):
            parts.append("\n")
        else:
            _collect(node, namespaces, parts)
