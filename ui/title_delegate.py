"""Paints the 题名 cell as the title with the hit snippet (hits marked) on a second, grey line."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from core.archive import Archive
from core.models import MARK_CLOSE, MARK_OPEN
from ui.results_model import SNIPPET_ROLE


class TitleDelegate(QStyledItemDelegate):
    """Two lines per row: the title, then the snippet with 【marks】 as highlighted text."""

    def _html(self, option: QStyleOptionViewItem, index) -> str:
        title = index.data() or ""
        spans = Archive.hit_spans(title, getattr(index.model(), "terms", []))
        snippet = html.escape(index.data(SNIPPET_ROLE) or "")
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        grey = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        ).name()
        mark = "" if selected else "background:#ffe066;color:black;"
        snippet = snippet.replace(MARK_OPEN, f'<b style="{mark}">').replace(MARK_CLOSE, "</b>")
        # The title's own 【】 stay brackets: its hits come as spans, not as marks.
        title = "".join(_marked(title, spans, f'<b style="{mark}">', "</b>"))
        if not snippet:
            return title
        return f'{title}<br><span style="color:{grey}">{snippet}</span>'

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(2)
        doc.setHtml(self._html(opt, index))
        doc.setTextWidth(10_000)  # one line each: the cell clips, it never wraps
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        painter.save()
        if not index.data(SNIPPET_ROLE):  # one line: centred like the other cells
            rect.setTop(rect.top() + max(0, (rect.height() - int(doc.size().height())) // 2))
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        line = option.fontMetrics.height()
        return QSize(300, 2 * line + 8)


def _marked(text: str, spans, open_tag: str, close_tag: str):
    """Escaped pieces of text with the tags around the spans."""
    pos = 0
    for start, end in spans:
        yield html.escape(text[pos:start])
        yield open_tag + html.escape(text[start:end]) + close_tag
        pos = end
    yield html.escape(text[pos:])


__all__ = ["TitleDelegate", "Qt"]
