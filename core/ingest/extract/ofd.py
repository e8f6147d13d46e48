"""OFD (GB/T 33190, China's fixed-layout format for official e-documents): text per page; pages
that are only images (a scanned 红头文件 saved as OFD) are drawn for OCR by render_page()."""

from __future__ import annotations

import posixpath
from pathlib import Path

from defusedxml import ElementTree as SafeET

from core.ingest.extract import ziputil
from core.ingest.extract.base import CORRUPT, TOO_LARGE, Extracted, ExtractError
from core.ingest.extract.layout import join_cjk_lines

MAX_PAGES = 10_000
LINE_TOLERANCE_MM = 1.5  # text codes closer than this vertically share a line
A4_MM = (210.0, 297.0)  # the page size when neither page nor document states one
MAX_IMAGES = 200  # image objects drawn on one page


def extract(path: Path) -> Extracted:
    """Text of every page of the first document, lines rebuilt from text positions; pages with
    images and no text are listed for OCR."""
    with ziputil.open_checked(path) as zf:
        root = _xml(ziputil.read_member(zf, "OFD.xml"))
        doc_path, document = _document(zf, root)
        pages, image_pages = [], []
        for index, location in enumerate(_page_locations(zf, doc_path, document)):
            page = _xml(ziputil.read_member(zf, location))
            pages.append(_page_text(page))
            if not pages[-1].strip() and _objects(page, "ImageObject"):
                image_pages.append(index)
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
    has_text = any(p.strip() for p in pages)
    return Extracted(
        text="\n".join(p for p in pages if p.strip()),
        format="ofd",
        extractor="ofd",
        title=props.get("title"),
        properties=props,
        pages=len(pages),
        needs_ocr=bool(pages) and not has_text,
        ocr_pages=image_pages if has_text else [],
    )


def render_page(path: Path, index: int, dpi: int):
    """One page as a PIL image: its image objects drawn where the page places them (text
    objects are not drawn: pages with text are read, not recognised)."""
    from PIL import Image

    from core.ingest.extract.image import MAX_PIXELS

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with ziputil.open_checked(path) as zf:
        root = _xml(ziputil.read_member(zf, "OFD.xml"))
        doc_path, document = _document(zf, root)
        locations = _page_locations(zf, doc_path, document)
        if not 0 <= index < len(locations):
            raise ExtractError(CORRUPT, f"OFD has no page {index + 1}")
        page = _xml(ziputil.read_member(zf, locations[index]))
        media = _media_files(zf, doc_path, document, page, locations[index])
        width_mm, height_mm = _page_size(page) or _page_size(document) or A4_MM
        px = dpi / 25.4
        canvas = Image.new(
            "RGB", (max(1, int(width_mm * px)), max(1, int(height_mm * px))), "white"
        )
        for obj in _objects(page, "ImageObject")[:MAX_IMAGES]:
            name = media.get(obj.get("ResourceID", ""))
            x, y, w, h = _box(obj.get("Boundary", ""))
            if name is None or w <= 0 or h <= 0:
                continue
            picture = _open_image(ziputil.read_member(zf, name))
            size = (max(1, int(w * px)), max(1, int(h * px)))
            canvas.paste(picture.convert("RGB").resize(size), (int(x * px), int(y * px)))
    return canvas


def _document(zf, root) -> tuple[str, object]:
    """The first document's path and parsed Document.xml."""
    doc_root = _text_of(root, "DocRoot")
    if not doc_root or doc_root.lstrip("/") not in set(zf.namelist()):
        raise ExtractError(CORRUPT, "OFD.xml names no document")
    doc_path = doc_root.lstrip("/")
    return doc_path, _xml(ziputil.read_member(zf, doc_path))


def _page_locations(zf, doc_path: str, document) -> list[str]:
    """Each page's content part, in page order (pages whose part is missing are left out)."""
    names = set(zf.namelist())
    found = []
    for page in _objects(document, "Page")[:MAX_PAGES]:
        location = _resolve(posixpath.dirname(doc_path), page.get("BaseLoc", ""))
        if location in names:
            found.append(location)
    return found


def _resolve(base: str, location: str) -> str:
    """A part name: absolute ('/Doc_0/Res/a.png') or relative to base."""
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, location))


def _media_files(zf, doc_path: str, document, page, page_location: str) -> dict[str, str]:
    """ResourceID → image part, from the document's and the page's resource files."""
    names, doc_dir = set(zf.namelist()), posixpath.dirname(doc_path)
    res_parts = [
        _resolve(doc_dir, e.text.strip())
        for e in document.iter()
        if _local(e.tag) in ("PublicRes", "DocumentRes") and (e.text or "").strip()
    ]
    res_parts += [
        _resolve(posixpath.dirname(page_location), e.text.strip())
        for e in page.iter()
        if _local(e.tag) == "PageRes" and (e.text or "").strip()
    ]
    media: dict[str, str] = {}
    for part in res_parts:
        if part not in names:
            continue
        res = _xml(ziputil.read_member(zf, part))
        base = _resolve(posixpath.dirname(part), res.get("BaseLoc", ""))
        for item in _objects(res, "MultiMedia"):
            files = [e.text.strip() for e in item if _local(e.tag) == "MediaFile" and e.text]
            if files:
                media[item.get("ID", "")] = _resolve(base, files[0])
    return media


def _open_image(data: bytes):
    """A resource image, decoded within the pixel limit."""
    import io

    from PIL import Image

    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except Image.DecompressionBombError as exc:
        raise ExtractError(TOO_LARGE, repr(exc)) from exc
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError on damaged images
        raise ExtractError(CORRUPT, f"OFD image: {exc!r}") from exc
    return picture


def _page_size(element) -> tuple[float, float] | None:
    """The PhysicalBox's width and height in mm, when stated."""
    for e in element.iter():
        if _local(e.tag) == "PhysicalBox" and e.text:
            _x, _y, w, h = _box(e.text)
            if w > 0 and h > 0:
                return w, h
    return None


def _objects(root, local: str) -> list:
    return [e for e in root.iter() if _local(e.tag) == local]


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


def _box(boundary: str) -> tuple[float, float, float, float]:
    """x, y, width, height of a 'x y w h' boundary (missing parts count as 0)."""
    parts = (boundary.split() + ["0"] * 4)[:4]
    return tuple(_number(p) for p in parts)


def _number(value) -> float:
    """A coordinate; missing or malformed counts as 0."""
    try:
        return float(value) if value is not None else 0.0
    except ValueError:
        return 0.0
