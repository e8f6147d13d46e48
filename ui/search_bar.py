"""The search box: search as you type, history dropdown, Enter to search, Esc to clear, syntax hint."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMessageBox, QToolButton, QWidget

from ui.i18n import tr
from ui.icons import icon

HISTORY_SIZE = 20
SYNTAX_HELP = (
    "输入任意文字即逐字精确查找（不拆词，不漏检）。\n\n"
    "党建 考研\t两个词都出现\n"
    '"三会一课"\t整个短语\n'
    "党建 OR 团建\t任一个出现\n"
    "-疫情 或 NOT 疫情\t不含该词\n"
    "题名:通知\t只查题名（还有 正文: 责任者: 文号: 档号: 类别: 文种:）\n"
    "年度:2019-2022\t年度范围\n"
    "日期:2022-03..2022-06\t日期范围（也可 日期:>2021-09-01）\n"
    "PNAS*\t英文词的前缀"
)


class SearchBar(QWidget):
    """Emits edited(text) while typing, submitted(text) on Enter or a history pick."""

    edited = Signal(str)
    submitted = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.box = QComboBox(editable=True)
        self.box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.box.setMinimumContentsLength(30)
        self.box.setToolTip(syntax_html())
        line = self.box.lineEdit()
        line.setPlaceholderText(
            tr('输入要查找的文字，边输边查；例：党建 考研  "三会一课"  题名:通知  年度:2022')
        )
        line.setClearButtonEnabled(True)
        line.textEdited.connect(self.edited)
        line.returnPressed.connect(self._enter)
        line.installEventFilter(self)
        self.box.activated.connect(lambda _i: self.submitted.emit(self.text()))
        self.help_button = QToolButton(text=tr("检索语法"))
        self.help_button.setIcon(icon("help"))
        self.help_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.help_button.setAutoRaise(True)
        self.help_button.clicked.connect(self.show_help)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 1)
        layout.addWidget(self.help_button)

    def text(self) -> str:
        return self.box.lineEdit().text()

    def set_text(self, text: str) -> None:
        self.box.lineEdit().setText(text)

    def focus(self) -> None:
        self.box.lineEdit().setFocus()
        self.box.lineEdit().selectAll()

    def _enter(self) -> None:
        self.remember(self.text())
        self.submitted.emit(self.text())

    def eventFilter(self, obj, event) -> bool:
        """Esc clears the box and shows everything again."""
        is_escape = event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
        if is_escape and self.text():
            self.set_text("")
            self.submitted.emit("")
            return True
        return super().eventFilter(obj, event)

    # ---------------------------------------------------------------- history
    def remember(self, text: str) -> None:
        """Put a query at the top of the history dropdown."""
        text = text.strip()
        if not text:
            return
        line = self.box.lineEdit()
        current, cursor = line.text(), line.cursorPosition()
        self.box.blockSignals(True)
        found = self.box.findText(text, Qt.MatchFlag.MatchExactly)
        if found >= 0:
            self.box.removeItem(found)
        self.box.insertItem(0, text)
        while self.box.count() > HISTORY_SIZE:
            self.box.removeItem(self.box.count() - 1)
        self.box.setCurrentIndex(-1)
        line.setText(current)
        line.setCursorPosition(cursor)
        self.box.blockSignals(False)

    def history(self) -> list[str]:
        return [self.box.itemText(i) for i in range(self.box.count())]

    def set_history(self, items: list[str]) -> None:
        for text in reversed(items or []):
            self.remember(str(text))

    def show_help(self) -> None:
        QMessageBox.information(self, tr("检索语法"), syntax_html())


def syntax_html() -> str:
    """检索语法 as a two-column table (tab stops in a message box do not line up)."""
    intro, _, rows = tr(SYNTAX_HELP).partition("\n\n")
    cells = "".join(
        f"<tr><td style='padding:2px 16px 2px 0'><code>{html.escape(example)}</code></td>"
        f"<td style='padding:2px 0'>{html.escape(meaning)}</td></tr>"
        for example, _, meaning in (line.partition("\t") for line in rows.splitlines())
    )
    return f"<p>{html.escape(intro)}</p><table cellspacing='0'>{cells}</table>"
