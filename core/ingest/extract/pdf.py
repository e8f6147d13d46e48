"""PDF text per page (the only module that imports pypdfium2)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.ingest.extract.base import CORRUPT, ENCRYPTED, Extracted, ExtractError
from core.ingest.extract.layout import join_cjk_lines

MAX_PAGES = 10_000
_RE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")


def extract(path: Path) -> Extracted:
    """All pages' text; a PDF without a text layer comes back with needs_ocr=True."""
    doc = _open(Path(path))
    try:
        _init_forms(doc)
        count = len(doc)
        pages = [_page_text(doc, i) for i in range(min(count, MAX_PAGES))]
        props, title = _metadata(doc)
        text = "\n".join(p for p in pages if p.strip())
        # Pages that are only a picture inside an otherwise textual PDF: OCR fills those in.
        image_pages = [i for i, p in enumerate(pages) if not p.strip() and _has_image(doc, i)]
    finally:
        doc.close()
    warnings = [f"只读取了前 {MAX_PAGES} 页"] if count > MAX_PAGES else []
    return Extracted(
        text=text if text.strip() else "",
        format="pdf",
        extractor="pdfium",
        title=title,
        properties=props,
        pages=count,
        needs_ocr=not text.strip() and count > 0,
        ocr_pages=image_pages if text.strip() else [],
        warnings=warnings,
    )


def _open(path: Path):
    """Open, trying the empty user password that many 'protected' PDFs use."""
    last: Exception | None = None
    for password in (None, ""):
        try:
            return pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as exc:
            last = exc
            if getattr(exc, "err_code", None) != pdfium_c.FPDF_ERR_PASSWORD:
                break
    if getattr(last, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
        raise ExtractError(ENCRYPTED, f"PDF needs a password: {last}")
    if getattr(last, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
        raise ExtractError(ENCRYPTED, f"PDF security handler: {last}")
    raise ExtractError(CORRUPT, f"PDF: {last}")


def _page_text(doc, index: int) -> str:
    """One page's text with PDF line breaks inside Chinese sentences joined."""
    try:
        page = doc[index]
        textpage = page.get_textpage()
        raw = textpage.get_text_range()
        textpage.close()
        notes = _annotation_texts(doc, page)
        page.close()
    except pdfium.PdfiumError:
        return ""  # a broken page must not lose the others
    raw = _RE_CONTROLS.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = join_cjk_lines(raw.split("\n"))
    extra = [n for n in notes if n not in text]
    return "\n".join(part for part in [text, *extra] if part.strip())


def _has_image(doc, index: int) -> bool:
    """True when the page holds an image object (a scanned page rather than a blank one)."""
    try:
        page = doc[index]
        try:
            return (
                next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None)
                is not None
            )
        finally:
            page.close()
    except pdfium.PdfiumError:
        return False


def page_count(path: Path) -> int:
    """Number of pages (for the OCR queue)."""
    doc = _open(Path(path))
    try:
        return len(doc)
    finally:
        doc.close()


def render_page(path: Path, index: int, dpi: int):
    """One page as a PIL image at the given resolution (for OCR)."""
    doc = _open(Path(path))
    try:
        page = doc[index]
        try:
            return page.render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise ExtractError(CORRUPT, f"PDF page {index + 1}: {exc}") from exc
    finally:
        doc.close()


def _init_forms(doc) -> None:
    """Form fields' values are text too (filled-in application forms)."""
    with contextlib.suppress(Exception):  # no AcroForm or pdfium refused: page text remains
        if doc.get_formtype() == pdfium_c.FORMTYPE_ACRO_FORM:  # XFA needs a pdfium build we lack
            doc.init_forms()


_ANNOT_CONTENTS = {pdfium_c.FPDF_ANNOT_TEXT, pdfium_c.FPDF_ANNOT_FREETEXT}
MAX_ANNOTATIONS = 500


def _annotation_texts(doc, page) -> list[str]:
    """Comment contents and form field values on a page."""
    texts = []
    formenv = getattr(doc, "formenv", None)
    for index in range(min(pdfium_c.FPDFPage_GetAnnotCount(page.raw), MAX_ANNOTATIONS)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if subtype == pdfium_c.FPDF_ANNOT_WIDGET and formenv:
                value = _wide(pdfium_c.FPDFAnnot_GetFormFieldValue, formenv.raw, annot)
            elif subtype in _ANNOT_CONTENTS:
                value = _wide(pdfium_c.FPDFAnnot_GetStringValue, annot, b"Contents")
            else:
                value = ""
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
        value = _RE_CONTROLS.sub("", value.replace("\r", "\n")).strip()
        if value and value not in texts:
            texts.append(value)
    return texts


def _wide(getter, *args) -> str:
    """Call a pdfium getter that fills a UTF-16LE buffer (first asking for its size)."""
    size = getter(*args, None, 0)
    if size <= 2 or size > 1_000_000:
        return ""
    units = (size + 1) // 2
    buffer = (pdfium_c.FPDF_WCHAR * units)()
    getter(*args, buffer, size)
    return bytes(memoryview(buffer).cast("B"))[: size - 2].decode("utf-16-le", "replace")


def _metadata(doc) -> tuple[dict, str | None]:
    """Title, Author, Subject, Keywords and dates from the document information dictionary."""
    try:
        meta = doc.get_metadata_dict(skip_empty=True)
    except Exception:
        return {}, None
    props: dict = {}
    for key, name in (
        ("Title", "title"),
        ("Author", "author"),
        ("Subject", "subject"),
        ("Keywords", "keywords"),
        ("Creator", "creator"),
        ("Producer", "producer"),
    ):
        value = _RE_CONTROLS.sub("", meta.get(key) or "").strip()
        if value:
            props[name] = value
    for key, name in (("CreationDate", "created"), ("ModDate", "modified")):
        value = pdf_date(meta.get(key) or "")
        if value:
            props[name] = value
    return props, props.get("title")


def pdf_date(value: str) -> str | None:
    """'D:20220315093000+08'00'' → '2022-03-15T09:30:00' (local time as written)."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (
        g or d for g, d in zip(match.groups(), ("", "01", "01", "00", "00", "00"), strict=True)
    )
    if not (1980 <= int(year) <= 2100 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}"
