"""A ruled table painted onto a QPdfWriter, paginated row by row with the header repeated."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen

PAD_MM = 1.2
BODY_PT, HEAD_PT, TITLE_PT, SUB_PT, FOOT_PT = 9, 9, 16, 10, 8


class TablePainter:
    """Paints titles and ruled tables; knows where on the page it is."""

    def __init__(self, writer, font_factory):
        self.writer = writer
        self.painter = QPainter(writer)
        self.area = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        self.px_per_mm = writer.resolution() / 25.4
        self.pad = PAD_MM * self.px_per_mm
        self.fonts = {
            "body": font_factory(BODY_PT),
            "head": font_factory(HEAD_PT, True),
            "title": font_factory(TITLE_PT, True),
            "sub": font_factory(SUB_PT),
            "foot": font_factory(FOOT_PT),
        }
        self.metrics = {k: QFontMetricsF(f, writer) for k, f in self.fonts.items()}
        self.painter.setPen(QPen(Qt.GlobalColor.black, max(1.0, self.px_per_mm * 0.2)))
        self.page = 1
        self.y = self.area.top()
        self.bottom = self.area.bottom() - 6 * self.px_per_mm  # room for the page number

    def end(self) -> None:
        self._footer()
        self.painter.end()

    def new_page(self) -> None:
        self._footer()
        self.writer.newPage()
        self.page += 1
        self.y = self.area.top()

    def _footer(self) -> None:
        rect = QRectF(
            self.area.left(), self.bottom, self.area.width(), self.area.bottom() - self.bottom
        )
        self.painter.setFont(self.fonts["foot"])
        self.painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"第 {self.page} 页")

    def _line(self, text: str, font: str, align) -> None:
        height = self.metrics[font].height() * 1.5
        self.painter.setFont(self.fonts[font])
        self.painter.drawText(
            QRectF(self.area.left(), self.y, self.area.width(), height), align, text
        )
        self.y += height

    def table(self, spec: dict) -> None:
        """Title, subtitle, then the rows; a row never splits across pages."""
        self._line(spec["title"], "title", Qt.AlignmentFlag.AlignCenter)
        self._line(
            spec["subtitle"], "sub", Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        total = sum(w for _, w, _ in spec["columns"])
        widths = [self.area.width() * w / total for _, w, _ in spec["columns"]]
        nowrap = [nw for _, _, nw in spec["columns"]]
        header = [label for label, _, _ in spec["columns"]]
        self._row(header, widths, nowrap, "head")
        for row in spec["rows"]:
            height = self._height(row, widths, nowrap, "body")
            if self.y + height > self.bottom:
                self.new_page()
                self._row(header, widths, nowrap, "head")
            self._row(row, widths, nowrap, "body", height)

    def _flags(self, nowrap: bool, font: str):
        wrap = Qt.TextFlag.TextWrapAnywhere if nowrap else Qt.TextFlag.TextWordWrap
        align = Qt.AlignmentFlag.AlignCenter if font == "head" else Qt.AlignmentFlag.AlignLeft
        return int(wrap) | int(align) | int(Qt.AlignmentFlag.AlignVCenter)

    def _height(self, row, widths, nowrap, font) -> float:
        fm = self.metrics[font]
        tallest = fm.height()
        for text, width, nw in zip(row, widths, nowrap):
            box = QRectF(0, 0, width - 2 * self.pad, 1e7)
            tallest = max(tallest, fm.boundingRect(box, self._flags(nw, font), text).height())
        return tallest + 2 * self.pad

    def _row(self, row, widths, nowrap, font, height=None) -> None:
        height = height or self._height(row, widths, nowrap, font)
        self.painter.setFont(self.fonts[font])
        x = self.area.left()
        for text, width, nw in zip(row, widths, nowrap):
            cell = QRectF(x, self.y, width, height)
            self.painter.drawRect(cell)
            inner = cell.adjusted(self.pad, self.pad, -self.pad, -self.pad)
            self.painter.drawText(inner, self._flags(nw, font), text)
            x += width
        self.y += height
