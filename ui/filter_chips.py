"""已筛选：2022年 ✕ 类别：党委 ✕ …: the active filters above the results, each removable."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.i18n import tr

CHIP_STYLE = (
    "QPushButton { border: 1px solid palette(mid); border-radius: 10px; padding: 1px 8px;"
    " background: palette(alternate-base); }"
    "QPushButton:hover { background: #fde2e2; }"
)


def chip_labels(query, category_paths: dict[int, str]) -> list[tuple[str, str]]:
    """(filter name, words) for every active filter of a Query, in the panel's order."""
    chips = []
    for year in query.years:
        chips.append(("years", tr("年度未填写") if year is None else tr("{y}年").format(y=year)))
    if query.category_id is not None:
        path = category_paths.get(query.category_id, str(query.category_id))
        chips.append(("category_id", tr("类别：{c}").format(c=path)))
    if query.doc_type is not None:
        chips.append(("doc_type", tr("文种：{t}").format(t=query.doc_type or tr("未填写"))))
    if query.date_from or query.date_to:
        span = f"{query.date_from or '…'} – {query.date_to or '…'}"
        chips.append(("dates", tr("日期：{d}").format(d=span)))
    if query.similar is not None:
        chips.append(("similar", tr("与“{t}”相似").format(t=_short(query.similar[1]))))
    if query.batch is not None:
        chips.append(("batch", tr("本次导入的 {n} 件").format(n=len(query.batch[1]))))
    return chips


def _short(title: str, n: int = 16) -> str:
    return title if len(title) <= n else title[: n - 1] + "…"


class FilterChips(QWidget):
    """A row of buttons, one per active filter; clicking one removes that filter."""

    removeWanted = Signal(str, object)  # filter name, the value (a year) or None
    clearWanted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 2, 0, 2)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_query(self, query, category_paths: dict[int, str]) -> None:
        """Rebuild the chips for this query (hidden when nothing is filtered)."""
        while self.row.count():
            item = self.row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = []
        chips = chip_labels(query, category_paths)
        self.setVisible(bool(chips))
        if not chips:
            return
        self.row.addWidget(QLabel(tr("已筛选：")))
        years = iter(query.years)
        for name, words in chips:
            value = next(years) if name == "years" else None
            button = QPushButton(f"{words} ✕")
            button.setStyleSheet(CHIP_STYLE)
            button.setToolTip(tr("点击取消这个筛选条件"))
            button.clicked.connect(lambda _c=False, n=name, v=value: self.removeWanted.emit(n, v))
            self.row.addWidget(button)
            self.buttons.append(button)
        if len(chips) > 1:
            clear = QPushButton(tr("全部清除"))
            clear.setFlat(True)
            clear.clicked.connect(self.clearWanted)
            self.row.addWidget(clear)
        self.row.addStretch(1)
