"""Reading order of OCR text boxes: columns left to right, each top to bottom; running headers,
footers and page numbers apart (they would otherwise split sentences between pages)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.ingest.extract.layout import join_cjk_lines

MARGIN_BAND = 0.06  # top and bottom share of the page where headers and footers live
MIN_GUTTER = 0.015  # a column gap is at least this share of the page width
NARROW = 0.55  # boxes narrower than this share of the text width may belong to a column
_RE_PAGE_NUMBER = re.compile(
    r"^[-—–\s第]*[\d一二三四五六七八九十百]+\s*[页頁]?\s*([/／共]\s*\d+\s*[页頁]?)?[-—–\s]*$"
)
# The recogniser often returns ASCII punctuation inside Chinese text: （）：；，！？ are meant.
_HALF_TO_FULL = str.maketrans("(),:;!?", "（），：；！？")
_RE_HALF_PUNCT = re.compile(r"(?<=[\u3400-\u9fff])[(),:;!?]|[(),:;!?](?=[\u3400-\u9fff])")
_RE_CJK_END = re.compile(r"[\u3000-\u9fff\uff00-\uffef]$")
_RE_CJK_START = re.compile(r"^[\u3000-\u9fff\uff00-\uffef]")


@dataclass
class Box:
    """One recognised text line: its corners' bounding rectangle, text and confidence."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float = 1.0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return max(1.0, self.y1 - self.y0)


def arrange(boxes: list[Box], width: float, height: float) -> tuple[str, str]:
    """(body text, header/footer text) of one page."""
    boxes = [b for b in boxes if b.text.strip()]
    body, margins = _split_margins(boxes, height)
    lines = [_join_line(line) for line in _ordered_lines(body, width)]
    margin_lines = [_join_line(line) for line in _lines(sorted(margins, key=lambda b: b.cy))]
    return join_cjk_lines(lines), "\n".join(margin_lines)


def _split_margins(boxes: list[Box], height: float) -> tuple[list[Box], list[Box]]:
    """Page numbers anywhere near the edges, and short lines alone in the top or bottom band."""
    if len(boxes) < 3:
        return boxes, []
    top, bottom = height * MARGIN_BAND, height * (1 - MARGIN_BAND)
    ys = sorted(b.cy for b in boxes)
    body, margins = [], []
    for box in boxes:
        in_band = box.cy < top or box.cy > bottom
        number = bool(_RE_PAGE_NUMBER.match(box.text.strip()))
        near_edge = box.cy < height * 0.12 or box.cy > height * 0.88
        # A band line is a header only when it stands apart from the text next to it.
        alone = in_band and (box.cy <= ys[0] or box.cy >= ys[-1] or _gap_around(box, boxes) > 1.5)
        (margins if (number and near_edge) or alone else body).append(box)
    return body, margins


def _gap_around(box: Box, boxes: list[Box]) -> float:
    """The vertical gap to the nearest other box, in line heights."""
    gaps = [max(other.y0 - box.y1, box.y0 - other.y1) for other in boxes if other is not box]
    return max(0.0, min(gaps, default=0.0)) / box.height


def _ordered_lines(boxes: list[Box], width: float) -> list[list[Box]]:
    """Lines of the body: bands between full-width lines, each band's columns left to right."""
    if not boxes:
        return []
    gutters = _gutters(boxes, width)
    if not gutters:
        return _lines(sorted(boxes, key=lambda b: b.cy))
    out: list[list[Box]] = []
    band: list[Box] = []
    for box in sorted(boxes, key=lambda b: b.y0):
        if any(box.x0 < g1 and box.x1 > g0 for g0, g1 in gutters):  # spans a gutter
            out.extend(_band_lines(band, gutters))
            band = []
            out.append([box])
        else:
            band.append(box)
    out.extend(_band_lines(band, gutters))
    return out


def _band_lines(band: list[Box], gutters: list[tuple[float, float]]) -> list[list[Box]]:
    """Columns of one band, left to right, each top to bottom."""
    columns: dict[int, list[Box]] = {}
    for box in band:
        column = sum(1 for g0, _ in gutters if box.cx > g0)
        columns.setdefault(column, []).append(box)
    out = []
    for column in sorted(columns):
        out.extend(_lines(sorted(columns[column], key=lambda b: b.cy)))
    return out


def _gutters(boxes: list[Box], width: float) -> list[tuple[float, float]]:
    """Vertical gaps between columns of narrow boxes, each column holding several lines."""
    left, right = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
    narrow = [b for b in boxes if b.x1 - b.x0 < NARROW * (right - left)]
    if len(narrow) < 6:
        return []
    spans = sorted((b.x0, b.x1) for b in narrow)
    gaps, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= MIN_GUTTER * width:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    top, bottom = min(b.y0 for b in boxes), max(b.y1 for b in boxes)
    return [g for g in gaps if _both_sides_filled(g, narrow, bottom - top)]


def _both_sides_filled(gap: tuple[float, float], narrow: list[Box], text_height: float) -> bool:
    """A real gutter has at least three lines on each side spread over a quarter of the text."""
    for side in ([b for b in narrow if b.x1 <= gap[0]], [b for b in narrow if b.x0 >= gap[1]]):
        if len(side) < 3 or max(b.y1 for b in side) - min(b.y0 for b in side) < text_height / 4:
            return False
    return True


def _lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes (sorted by centre y) grouped into lines: overlapping vertically, left to right."""
    lines: list[list[Box]] = []
    for box in boxes:
        if lines and _same_line(lines[-1], box):
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _same_line(line: list[Box], box: Box) -> bool:
    """The box's centre lies within the line's height band."""
    y0 = min(b.y0 for b in line)
    y1 = max(b.y1 for b in line)
    overlap = min(y1, box.y1) - max(y0, box.y0)
    return overlap > 0.5 * min(box.height, y1 - y0)


def _join_line(line: list[Box]) -> str:
    """Boxes of one line: no space between Chinese pieces, one between others."""
    out = ""
    for box in line:
        text = box.text.strip()
        if out and not (_RE_CJK_END.search(out) or _RE_CJK_START.search(text)):
            out += " "
        out += text
    return _RE_HALF_PUNCT.sub(lambda m: m.group(0).translate(_HALF_TO_FULL), out)
