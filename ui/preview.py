"""The preview pane: metadata, full text with every hit highlighted, hit navigation, open original."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.models import FIELD_LABELS
from ui.i18n import tr
from ui.icons import icon

MAX_MARKS = 3000  # more marks than this slow the editor down without helping the reader
SUMMARY_FIELDS = ["archive_code", "doc_type", "date", "issuer", "doc_number", "category"]
HIT_COLOR, CURRENT_COLOR = QColor("#ffe066"), QColor("#ff9f1a")


COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def hide_comments(text: str) -> str:
    """Markup comments (<!-- INFO END -->) blanked out; same length, so hit offsets still fit."""
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


class PreviewPane(QWidget):
    """Shows one document: a header of metadata, the text, and actions on the original."""

    similarWanted = Signal(int)  # 查找相似文件 for this document id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.doc: dict | None = None
        self.original: Path | None = None
        self.spans: list[tuple[int, int]] = []
        self.searching = False
        self.current = -1
        self.header = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.text = QPlainTextEdit(readOnly=True)
        self.position = QLabel()
        self.buttons = {}
        bar = QHBoxLayout()
        for key, label, name, slot in (
            ("prev", "上一处", "previous-hit", self.previous_hit),
            ("next", "下一处", "next-hit", self.next_hit),
            ("open", "打开原件", "open-original", self.open_original),
            ("folder", "在文件夹中显示", "show-in-folder", self.show_in_folder),
            ("copy", "复制", "copy", self.copy_text),
            ("similar", "相似文件", "similar",
             lambda: self.similarWanted.emit(self.doc["id"]) if self.doc else None),
        ):  # fmt: skip
            button = QToolButton(text=tr(label), icon=icon(name))
            button.setToolButtonStyle(button.toolButtonStyle().ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
            if key == "next":
                bar.addWidget(self.position)
                bar.addStretch(1)
        self.buttons["prev"].setShortcut("Shift+F3")
        self.buttons["next"].setShortcut("F3")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        self.bar = QWidget()
        self.bar.setLayout(bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.bar.setMinimumWidth(1)  # the pane may be narrowed: the buttons lose their words
        layout.addWidget(self.bar)
        layout.addWidget(self.text, 1)
        self.header.setMinimumWidth(1)
        self.show_document(None)

    def resizeEvent(self, event) -> None:
        """Buttons with words when they fit, icons only (words as tooltips) when narrow."""
        super().resizeEvent(event)
        style = Qt.ToolButtonStyle
        for button in self.buttons.values():
            button.setToolButtonStyle(style.ToolButtonTextBesideIcon)
            button.setToolTip(button.text())
        wide = self.bar.layout().sizeHint().width() <= self.width() - 8
        for button in self.buttons.values():
            button.setToolButtonStyle(
                style.ToolButtonTextBesideIcon if wide else style.ToolButtonIconOnly
            )

    # ---------------------------------------------------------------- showing
    def show_document(self, doc: dict | None, spans=(), original: Path | None = None):
        """Show a document (None: an empty pane) with the (start, end) hit spans highlighted
        (spans None: there is no query, so no hit count is shown)."""
        self.doc, self.original = doc, original
        self.searching = spans is not None
        for button in self.buttons.values():
            button.setEnabled(doc is not None)
        if doc is None:
            self.header.setText(f"<i>{html.escape(tr('选择一条结果即可在此预览全文'))}</i>")
            self.text.setPlainText("")
            self.spans, self.current = [], -1
            self.position.setText("")
            return
        self.header.setText(self._header_html(doc))
        content = hide_comments(doc.get("content") or "")
        self.text.setPlainText(content)
        waiting = doc.get("needs_ocr") and not content.strip()
        self.text.setPlaceholderText(
            tr("此文件尚无文字：扫描件或图片，文字识别（OCR）后可检索") if waiting else ""
        )
        self.spans = list(spans or ())[:MAX_MARKS]
        self.current = -1
        self.buttons["open"].setEnabled(original is not None)
        self.buttons["folder"].setEnabled(original is not None)
        self.next_hit() if self.spans else self._mark()

    def _header_html(self, doc: dict) -> str:
        title = html.escape(doc.get("title") or "")
        cells = []
        for field in SUMMARY_FIELDS:
            value = doc.get(field)
            if value not in (None, ""):
                label = html.escape(tr(FIELD_LABELS[field]))
                cells.append(
                    f"<span style='color:palette(mid)'>{label}</span> {html.escape(str(value))}"
                )
        if doc.get("deleted_at"):
            cells.append(f"<b style='color:#c0392b'>{html.escape(tr('已在回收站'))}</b>")
        if doc.get("text_source") == "ocr":  # recognised text may hold misread characters
            cells.append(f"<b style='color:#b9770e'>{html.escape(ocr_note(doc))}</b>")
        head = f"<b style='font-size:large'>{title}</b><br>{' &nbsp;·&nbsp; '.join(cells)}"
        return head + mail_lines(doc.get("mail_links") or {})

    def _mark(self) -> None:
        """Highlight every hit, the current one stronger, and say where we are."""
        marks = []
        for i, (start, end) in enumerate(self.spans):
            fmt = QTextCharFormat()
            fmt.setBackground(CURRENT_COLOR if i == self.current else HIT_COLOR)
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, fmt
            marks.append(selection)
        self.text.setExtraSelections(marks)
        n = len(self.spans)
        if n:
            self.position.setText(tr("第 {i}/{n} 处").format(i=self.current + 1, n=n))
        else:  # a hit in the title only, or no query at all (then nothing to say)
            self.position.setText(tr("正文中无命中") if self.searching else "")
        self.buttons["prev"].setEnabled(n > 1)
        self.buttons["next"].setEnabled(n > 1)

    def _go(self, step: int) -> None:
        if not self.spans:
            return
        self.current = (self.current + step) % len(self.spans)
        start, end = self.spans[self.current]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        self._mark()

    def next_hit(self) -> None:
        self._go(1)

    def previous_hit(self) -> None:
        self._go(-1)

    # ---------------------------------------------------------------- actions
    def open_original(self) -> None:
        if self.original is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.original)))

    def show_in_folder(self) -> None:
        if self.original is None:
            return
        if sys.platform == "win32":  # select the file in Explorer, not just open its folder
            subprocess.Popen(["explorer", "/select,", str(self.original)])
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.original.parent)))

    def copy_text(self) -> None:
        """Copy the selected text, or the whole text when nothing is selected."""
        selected = self.text.textCursor().selectedText().replace("\u2029", "\n")
        QGuiApplication.clipboard().setText(selected or self.text.toPlainText())


def ocr_note(doc: dict) -> str:
    """The mark on recognised text: where it came from and how sure the recognition was."""
    confidence = doc.get("ocr_confidence")
    if confidence is None:
        return tr("正文由文字识别（OCR）得到，可能有误")
    return tr("正文由文字识别（OCR）得到，可信度 {0}%，可能有误").format(round(confidence * 100))


def mail_lines(links: dict) -> str:
    """附件：… under a mail, 所属邮件：… under an attachment (HTML lines, or '')."""
    lines = []
    for key, label, name in (
        ("attachments", "附件：", "name"),
        ("attachment_of", "所属邮件：", "title"),
    ):
        items = links.get(key) or []
        if items:
            names = "、".join(
                item[name] + (tr("（已在回收站）") if item.get("deleted") else "") for item in items
            )
            lines.append(
                f"<span style='color:palette(mid)'>{html.escape(tr(label))}</span>"
                f"{html.escape(names)}"
            )
    return "".join(f"<br>{line}" for line in lines)
