"""A date field: typed as a clerk writes dates (2022年3月5日, 2022.3.5, 二〇二二年三月五日) or picked
from a calendar, with a line under it saying what was understood or why not."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from core.archive import read_date
from ui.i18n import tr
from ui.icons import icon

OK_STYLE = "color:gray"
BAD_STYLE = "color:#c0392b"


def spoken(iso: str) -> str:
    """2022-03-05 → 2022年3月5日 (2022-03 → 2022年3月, 2022 → 2022年)."""
    parts = [int(p) for p in iso.split("-")]
    return "".join(f"{n}{unit}" for n, unit in zip(parts, ("年", "月", "日"), strict=False))


class DateField(QWidget):
    """QLineEdit-like (text, setText, setPlaceholderText) with a calendar button and a note."""

    textChanged = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.button = QToolButton(icon=icon("calendar"), toolTip=tr("从日历中选择"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget(gridVisible=True)
        menu = QMenu(self.button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._calendar_to_text)
        self.button.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        self.note = QLabel(styleSheet=OK_STYLE, wordWrap=True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.edit.textChanged.connect(self._explain)
        self.edit.textChanged.connect(self.textChanged)
        self._explain("")

    # QLineEdit's words, so the form treats it like any other field
    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self.edit.setText(text)

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802
        self.edit.setPlaceholderText(text)

    def understood(self) -> str | None:
        """The stored form of what is typed (None when empty or not a date)."""
        return read_date(self.edit.text().strip()) if self.edit.text().strip() else None

    def _explain(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.note.setText(tr("可写 2022年3月5日、2022.3.5、二〇二二年三月五日，或点日历选择"))
            self.note.setStyleSheet(OK_STYLE)
            return
        iso = read_date(text)
        if iso is None:
            self.note.setText(
                tr("看不懂这个日期，请写成 2022年3月5日、2022.3.5 或 2022-03-05 的样子")
            )
            self.note.setStyleSheet(BAD_STYLE)
            return
        missing = {1: tr("（月、日未填）"), 2: tr("（日未填）")}.get(iso.count("-") + 1, "")
        self.note.setText(tr("即 {date}").format(date=spoken(iso)) + missing)
        self.note.setStyleSheet(OK_STYLE)

    def _calendar_to_text(self) -> None:
        """The calendar opens on the typed date (or today)."""
        iso = self.understood()
        if iso and iso.count("-") == 2:
            self.calendar.setSelectedDate(QDate.fromString(iso, "yyyy-MM-dd"))
        else:
            self.calendar.setSelectedDate(QDate.currentDate())

    def _picked(self, date: QDate) -> None:
        self.edit.setText(date.toString("yyyy-MM-dd"))
        self.button.menu().hide()
