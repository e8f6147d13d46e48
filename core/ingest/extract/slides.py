"""PowerPoint .pptx through python-pptx (the only module importing it): slide text, tables and
notes, slide by slide."""

from __future__ import annotations

from pathlib import Path

from core.ingest.extract import ziputil
from core.ingest.extract.base import CORRUPT, Extracted, ExtractError

MAX_SLIDES = 5_000
MAX_SHAPES = 200_000  # all slides together: a hostile file cannot make us walk forever


def extract(path: Path) -> Extracted:
    """Each slide's shapes top to bottom, left to right, then its notes."""
    with ziputil.open_checked(path) as zf:
        ziputil.reject_dtds(zf)
    import pptx

    try:
        deck = pptx.Presentation(str(path))
    except Exception as exc:  # python-pptx raises KeyError, ValueError, lxml errors, ...
        raise ExtractError(CORRUPT, f"pptx: {exc!r}") from exc
    budget = [MAX_SHAPES]
    blocks: list[str] = []
    slides = list(deck.slides)
    for slide in slides[:MAX_SLIDES]:
        blocks.append("\n".join(_shape_lines(slide.shapes, budget)))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                blocks.append(notes.text)
    props = _properties(deck)
    return Extracted(
        text="\n".join(b for b in blocks if b.strip()),
        format="pptx",
        extractor="python-pptx",
        title=props.get("title"),
        properties=props,
        pages=len(slides),
        warnings=[f"只读取了前 {MAX_SLIDES} 张幻灯片"] if len(slides) > MAX_SLIDES else [],
    )


def _reading_key(shape) -> tuple[int, int]:
    """Top then left; shapes without a position keep their order at the end."""
    top, left = shape.top, shape.left
    return (top if top is not None else 1 << 40, left if left is not None else 0)


def _shape_lines(shapes, budget: list[int]) -> list[str]:
    """Text of text frames, table cells (row by row) and groups, in reading order."""
    lines: list[str] = []
    for shape in sorted(shapes, key=_reading_key):
        budget[0] -= 1
        if budget[0] < 0:
            break
        if shape.shape_type is not None and int(shape.shape_type) == 6:  # GROUP
            lines.extend(_shape_lines(shape.shapes, budget))
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells = [cell.text.strip() for cell in row.cells]
                if any(cells):
                    lines.append("\t".join(cells))
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            lines.extend(p for p in shape.text_frame.text.split("\n") if p.strip())
    return lines


def _properties(deck) -> dict:
    """Title, author, subject, keywords and dates from the core properties."""
    props: dict = {}
    try:
        core = deck.core_properties
        for key, value in (
            ("title", core.title),
            ("author", core.author),
            ("subject", core.subject),
            ("keywords", core.keywords),
        ):
            if value and value.strip():
                props[key] = value.strip()
        for key, value in (("created", core.created), ("modified", core.modified)):
            if value is not None and 1980 < value.year < 2100:
                props[key] = value.isoformat()
    except Exception:  # properties are a bonus; damaged ones must not lose the text
        pass
    return props
