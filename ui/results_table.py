"""The results table: columns sized to their content, 档号 elided in the middle, 1 or 2 lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.results_model import COLUMNS, DEFAULT_HIDDEN, TITLE_COLUMN, HitsModel
from ui.title_delegate import TitleDelegate

# Widest a column grows when sized to its content, in average characters (题名 takes the rest).
MAX_CHARS = {"archive_code": 16, "issuer": 9, "doc_number": 11, "category": 8, "keywords": 10}
MIN_TITLE = 220  # pixels 题名 keeps before the others give way


class ResultsTable(QTableView):
    """A QTableView over HitsModel that fits its visible columns into its width."""

    def __init__(self, model: HitsModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # WS·20…BG-0012: the 件号 stays
        self.verticalHeader().hide()
        self.setItemDelegateForColumn(TITLE_COLUMN, TitleDelegate(self))
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("年度") + 16)
        for col, (attr, *_rest) in enumerate(COLUMNS):
            header.setSectionHidden(col, attr in DEFAULT_HIDDEN)
        self.set_lines(2)
        self.manual: set[int] = set()  # columns the clerk widened or narrowed: left alone
        self._fitting = False
        header.sectionResized.connect(self._resized)

    def _resized(self, col: int, _old: int, _new: int) -> None:
        if not self._fitting and col != TITLE_COLUMN:
            self.manual.add(col)

    def set_lines(self, lines: int) -> None:
        """Rows one line high, or two when a row shows a passage under its title."""
        self.verticalHeader().setDefaultSectionSize(lines * self.fontMetrics().height() + 10)

    def restore_header(self, state) -> None:
        """A saved header from a window with another column set is ignored, not half-applied."""
        header = self.horizontalHeader()
        if header.restoreState(state) and header.count() == len(COLUMNS):
            header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)

    def fit_columns(self) -> None:
        """Every visible column but 题名 as wide as its header and loaded cells (capped)."""
        self._fitting = True
        try:
            self._fit()
        finally:
            self._fitting = False

    def _fit(self) -> None:
        model, header, metrics = self.model(), self.horizontalHeader(), self.fontMetrics()
        rows = min(model.rowCount(), 200)
        avg = metrics.averageCharWidth()
        cjk = metrics.horizontalAdvance("档")
        for col, (attr, label, _sort) in enumerate(COLUMNS):
            if col == TITLE_COLUMN or col in self.manual or header.isSectionHidden(col):
                continue
            texts = [model.index(r, col).data() or "" for r in range(rows)]
            widest = max([metrics.horizontalAdvance(t) for t in texts] + [0])
            head = metrics.horizontalAdvance(label) + cjk  # room for the sort arrow
            cap = MAX_CHARS.get(attr, 10) * max(avg, cjk * 0.75)
            header.resizeSection(col, int(max(head, min(widest + 14, cap))))
        self._squeeze(header)

    def _squeeze(self, header) -> None:
        """When the others leave 题名 too little, narrow the widest of them (they elide)."""
        others = [
            c for c in range(len(COLUMNS)) if c != TITLE_COLUMN and not header.isSectionHidden(c)
        ]
        fixed = sum(header.sectionSize(c) for c in self.manual if not header.isSectionHidden(c))
        room = self.viewport().width() - MIN_TITLE - fixed
        while others and sum(header.sectionSize(c) for c in others) > room:
            widest = max(others, key=header.sectionSize)
            size = header.sectionSize(widest)
            if size <= header.minimumSectionSize() + 8:
                break
            header.resizeSection(widest, size - 8)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit_columns()
