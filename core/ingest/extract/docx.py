"""Word 2007+ (.docx, .docm, .dotx): the only module that imports python-docx."""

from __future__ import annotations

import datetime as _dt
import zipfile
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import OpcPackage
from docx.opc.part import PartFactory
from docx.oxml import parse_xml
from docx.parts.document import DocumentPart

from core.ingest.extract import wordml, ziputil
from core.ingest.extract.base import CORRUPT, Extracted, ExtractError

# Macro-enabled documents and templates have the same XML under other content types;
# python-docx only maps the plain one, so teach its part factory the others.
for _ct in (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
):
    PartFactory.part_type_for.setdefault(_ct, DocumentPart)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {_W + "instrText", _W + "delText", _W + "rPr", _W + "pPr", _MC + "Fallback"}
_SKIP |= {
    _W + t for t in ("tblPr", "tblGrid", "trPr", "tcPr", "sectPr", "fldData", "del", "moveFrom")
}
_SIDE_PARTS = ("header", "footer", "footnotes", "endnotes", "comments")


def extract(path: Path) -> Extracted:
    """Text in document order, then headers/footers, footnotes and comments; core properties."""
    path = Path(path)
    with ziputil.open_checked(path) as zf:
        ziputil.reject_dtds(zf)
        names = set(zf.namelist())
    suffix = path.suffix.lower().lstrip(".")
    fmt = suffix if suffix in ("docm", "dotx", "dotm") else "docx"
    try:
        blocks, props = _python_docx(path)
    except ExtractError:
        # Strict OOXML (purl.oclc.org namespaces) defeats python-docx; the XML still reads.
        if "word/document.xml" not in names:
            raise
        blocks, props = _generic_blocks(path), {}
    if not any(b.strip() for b in blocks) and "word/document.xml" in names:
        blocks = _generic_blocks(path)
    return Extracted(
        text="\n".join(b for b in blocks if b.strip()),
        format=fmt,
        extractor="docx",
        title=props.get("title"),
        properties=props,
    )


def _python_docx(path: Path) -> tuple[list[str], dict]:
    """Blocks and core properties through python-docx."""
    try:
        package = OpcPackage.open(str(path))
        main = package.main_document_part
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractError(CORRUPT, f"docx package: {exc!r}") from exc
    except Exception as exc:  # lxml syntax errors and friends from a damaged part
        raise ExtractError(CORRUPT, f"docx: {exc!r}") from exc
    if not isinstance(main, DocumentPart):
        raise ExtractError(CORRUPT, f"main part has content type {main.content_type}")
    blocks = render_blocks(main.element.body)
    seen: set[str] = set()
    for part in _side_parts(package):
        # First-page, even and odd headers often repeat one text: keep each block once.
        for block in render_blocks(part):
            if block.strip() and block not in seen:
                seen.add(block)
                blocks.append(block)
    props, _title = _core_properties(package)
    return blocks, props


def _generic_blocks(path: Path) -> list[str]:
    """Paragraph texts of word/document.xml by local names, any namespace (defusedxml)."""
    with ziputil.open_checked(path) as zf, zf.open("word/document.xml") as fh:
        return wordml.paragraphs(fh, namespaces=None)


def _side_parts(package) -> list:
    """Header, footer, footnote, endnote and comment XML trees, each part once."""
    trees = []
    for part in package.iter_parts():
        name = str(part.partname).rsplit("/", 1)[-1].lower()
        if not name.endswith(".xml") or not name.startswith(_SIDE_PARTS):
            continue
        element = getattr(part, "element", None)
        if element is None:
            try:
                element = parse_xml(part.blob)
            except Exception:
                continue
        trees.append(element)
    return trees


def render_blocks(element) -> list[str]:
    """Paragraph and table texts under element, in document order."""
    blocks: list[str] = []
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == _W + "p":
            blocks.extend(_paragraph(child))
        elif tag == _W + "tbl":
            blocks.extend(_table(child))
        else:  # sdt, sdtContent, customXml, ins, footnote, comment, hdr, ftr ...
            blocks.extend(render_blocks(child))
    return blocks


def _paragraph(p) -> list[str]:
    """The paragraph's text, followed by the texts of any text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[str] = []
    _runs(p, parts, boxes)
    return ["".join(parts)] + boxes


def _runs(element, parts: list[str], boxes: list[str]) -> None:
    """Collect run text; text box content goes to boxes, not into the sentence."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        local = tag.rsplit("}", 1)[-1]
        if tag == _W + "t":
            parts.append(child.text or "")
        elif local == "tab" and tag.startswith(_W):
            parts.append("\t")
        elif local in ("br", "cr") and tag.startswith(_W):
            parts.append("\n")
        elif local == "noBreakHyphen":
            parts.append("-")
        elif local == "txbxContent":
            boxes.extend(b for b in render_blocks(child) if b.strip())
        else:
            _runs(child, parts, boxes)


def _table(tbl) -> list[str]:
    """One line per row, cells joined by tabs; nested tables become their own lines."""
    lines: list[str] = []
    for row in tbl.iter(_W + "tr"):
        if _nearest_table(row) is not tbl:
            continue
        cells, nested = [], []
        for cell in row.iter(_W + "tc"):
            if _nearest_table(cell) is not tbl:
                continue
            texts = []
            for block_child in cell:
                if block_child.tag == _W + "tbl":
                    nested.extend(_table(block_child))
                elif block_child.tag == _W + "p":
                    texts.extend(t for t in _paragraph(block_child) if t.strip())
                elif block_child.tag not in _SKIP:
                    texts.extend(t for t in render_blocks(block_child) if t.strip())
            cells.append(" ".join(texts))
        lines.append("\t".join(cells).rstrip("\t"))
        lines.extend(nested)
    return lines


def _nearest_table(element):
    """The closest w:tbl ancestor."""
    parent = element.getparent()
    while parent is not None and parent.tag != _W + "tbl":
        parent = parent.getparent()
    return parent


def _core_properties(package) -> tuple[dict, str | None]:
    """Title, author, dates, keywords and subject from docProps/core.xml."""
    try:
        core = package.core_properties
    except Exception:
        return {}, None
    props: dict = {}
    for key, attr in (
        ("title", "title"),
        ("author", "author"),
        ("subject", "subject"),
        ("keywords", "keywords"),
        ("last_saved_by", "last_modified_by"),
        ("created", "created"),
        ("modified", "modified"),
    ):
        try:
            value = getattr(core, attr)
        except Exception:  # a malformed date or element
            continue
        if isinstance(value, _dt.datetime):
            props[key] = value.isoformat()
        elif isinstance(value, str) and value.strip():
            props[key] = value.strip()
    return props, props.get("title")
