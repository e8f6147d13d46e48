"""The filter panel: 年度, 类别 tree, 文种 with counts that follow the query, and a date range."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.archive import pinyin_key as title_key
from ui.i18n import tr
from ui.saved_searches import SavedSearchList

VALUE_ROLE = Qt.ItemDataRole.UserRole


def pinyin_key(value):
    """Sort key in Chinese dictionary (pinyin) order, the same as the 题名 sort."""
    return title_key(str(value))


class FacetList(QListWidget):
    """Values with counts; a click restricts, a click on the chosen value (or 全部) clears;
    with multi, Ctrl+click adds or removes a value. （未填写） is the value ""."""

    chosen = Signal(object)  # the value or None (multi: a tuple of values, () for all)

    def __init__(self, all_label: str, parent=None, *, multi: bool = False):
        super().__init__(parent)
        self.all_label = all_label
        self.multi = multi
        self.current: list = []  # the chosen values
        self.order = "value"  # or "count": the most frequent first
        self._modifiers = Qt.KeyboardModifier.NoModifier
        self.itemClicked.connect(self._clicked)
        if multi:
            self.setToolTip(tr("按住 Ctrl 点击可选多个"))
            self.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)

    @property
    def current_value(self):
        return self.current[0] if self.current else None

    @current_value.setter
    def current_value(self, value) -> None:
        self.current = [] if value is None else [value]

    def show_counts(self, counts: dict, total: int, order=None) -> None:
        """Fill with `value (n)` rows; keeps the chosen values visible even at 0."""
        self.blockSignals(True)
        self.clear()
        self._add(f"{tr(self.all_label)} ({total})", None)
        values = [v for v in counts if v is not None]
        values += [v for v in self.current if v not in values and v != ""]
        if self.order == "count":
            values.sort(key=lambda v: (-counts.get(v, 0), str(v)))
        elif self.order == "pinyin":
            values.sort(key=pinyin_key)
        else:
            values = sorted(values, key=order) if order else sorted(values, key=str)
        for value in values:
            self._add(f"{value} ({counts.get(value, 0)})", value)
        if counts.get(None) or "" in self.current:
            self._add(f"{tr('（未填写）')} ({counts.get(None, 0)})", "")
        self.blockSignals(False)

    def _add(self, text: str, value) -> None:
        item = QListWidgetItem(text)
        item.setData(VALUE_ROLE, value)
        if value == "":
            item.setToolTip(tr("列出此项未填写的文件"))
        self.addItem(item)
        if value in self.current or (value is None and not self.current):
            item.setSelected(True)
            self.setCurrentItem(item)

    def mousePressEvent(self, event) -> None:
        self._modifiers = event.modifiers()  # Ctrl+click: the click's own keys
        super().mousePressEvent(event)

    def _clicked(self, item: QListWidgetItem) -> None:
        value = item.data(VALUE_ROLE)
        ctrl = self._modifiers & Qt.KeyboardModifier.ControlModifier
        if value is None:
            self.current = []
        elif self.multi and ctrl:
            self.current = [v for v in self.current if v != value] + (
                [] if value in self.current else [value]
            )
        else:
            self.current = [] if self.current == [value] else [value]
        self.emit_current()

    def emit_current(self) -> None:
        self.chosen.emit(tuple(self.current) if self.multi else self.current_value)


class CategoryTree(QTreeWidget):
    """The category tree with each branch's subtotal; click to restrict, click again to clear."""

    chosen = Signal(object)  # category id or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.current_id = None
        self.show_empty = False  # categories with no hit in the current result are hidden
        self.itemClicked.connect(self._clicked)

    def show_counts(self, categories: list[dict], counts: dict) -> None:
        """Build the tree from archive.categories() and the facet counts of the current query."""
        expanded = {i.data(0, VALUE_ROLE) for i in self._items() if i.isExpanded()}
        self.blockSignals(True)
        self.clear()
        children: dict = {}
        for c in categories:
            children.setdefault(c["parent_id"], []).append(c)
        for c in children.get(None, []):
            self._build(self.invisibleRootItem(), c, children, counts, expanded)
        self.blockSignals(False)

    def _build(self, parent, cat, children, counts, expanded) -> int:
        item = QTreeWidgetItem(parent)
        item.setData(0, VALUE_ROLE, cat["id"])
        subtotal = counts.get(cat["id"], 0)
        for child in children.get(cat["id"], []):
            subtotal += self._build(item, child, children, counts, expanded)
        item.setText(0, f"{cat['name']} ({subtotal})")
        item.setToolTip(0, cat["path"])
        if subtotal == 0:
            item.setForeground(0, self.palette().placeholderText())
            item.setHidden(not self.show_empty and cat["id"] != self.current_id)
        hits_below = any(
            not item.child(i).isHidden() and counts_of(item.child(i))
            for i in range(item.childCount())
        )
        item.setExpanded(cat["id"] in expanded or cat["id"] == self.current_id or hits_below)
        if cat["id"] == self.current_id:
            item.setSelected(True)
        return subtotal

    def _items(self):
        out, stack = [], [self.invisibleRootItem()]
        while stack:
            node = stack.pop()
            for i in range(node.childCount()):
                out.append(node.child(i))
                stack.append(node.child(i))
        return out

    def _clicked(self, item: QTreeWidgetItem) -> None:
        cid = item.data(0, VALUE_ROLE)
        self.current_id = None if cid == self.current_id else cid
        if self.current_id is None:
            self.clearSelection()
        self.chosen.emit(self.current_id)


def counts_of(item: QTreeWidgetItem) -> int:
    """The subtotal shown in a tree item's text: 党委 (12) → 12."""
    text = item.text(0)
    return int(text[text.rfind("(") + 1 : -1]) if text.endswith(")") else 0


class DateRange(QWidget):
    """From/to dates behind a checkbox; changes are emitted as ISO strings (or None, None)."""

    changed = Signal(object, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.enabled = QCheckBox(tr("限定日期范围"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(QDate(today.year() - 1, 1, 1), calendarPopup=True)
        self.date_to = QDateEdit(today, calendarPopup=True)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self._emit)
        self.enabled.toggled.connect(self._toggled)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.enabled, 0, 0, 1, 4)
        grid.addWidget(self.date_from, 1, 0)
        grid.addWidget(QLabel(tr("到")), 1, 1)
        grid.addWidget(self.date_to, 1, 2)

    def _toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self._emit()

    def _emit(self) -> None:
        if self.enabled.isChecked():
            iso = "yyyy-MM-dd"
            self.changed.emit(
                self.date_from.date().toString(iso), self.date_to.date().toString(iso)
            )
        else:
            self.changed.emit(None, None)


class FilterPanel(QWidget):
    """All filters in one column; signals say what the clerk restricted."""

    yearChosen = Signal(object)
    categoryChosen = Signal(object)
    typeChosen = Signal(object)
    datesChosen = Signal(object, object)
    clearWanted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.years = FacetList("全部年度", multi=True)
        self.categories = CategoryTree()
        self.types = FacetList("全部文种")
        self.dates = DateRange()
        self.clear_button = QPushButton(tr("清除全部筛选"))
        self.saved = SavedSearchList()  # 常用检索 (ui/saved_searches.py)
        self.years.chosen.connect(self.yearChosen)
        self.categories.chosen.connect(self.categoryChosen)
        self.types.chosen.connect(self.typeChosen)
        self.dates.changed.connect(self.datesChosen)
        self.clear_button.clicked.connect(self.clear)
        self._last: tuple | None = None  # the last result, to redraw after a toggle
        self.fitted = False  # sized once to the first result; after that the clerk's sizes
        self.show_empty = QCheckBox(tr("显示空类别"))
        self.show_empty.setToolTip(tr("也列出当前结果中没有文件的类别"))
        self.show_empty.toggled.connect(self._toggle_empty)
        self.type_order = QComboBox()
        self.type_order.addItem(tr("按数量"), "count")
        self.type_order.addItem(tr("按拼音"), "pinyin")
        self.type_order.currentIndexChanged.connect(self._order_types)
        self._order_types()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.split = QSplitter(Qt.Orientation.Vertical)  # each list as tall as it needs
        self.split.setChildrenCollapsible(False)
        for title, widget, extra in (
            ("年度", self.years, None),
            ("类别", self.categories, self.show_empty),
            ("文种", self.types, self.type_order),
            ("常用检索", self.saved, None),
        ):
            self.split.addWidget(_box(title, widget, extra))
        layout.addWidget(self.split, 1)
        layout.addWidget(_box("日期", self.dates, None))
        layout.addWidget(self.clear_button)

    def _toggle_empty(self, on: bool) -> None:
        self.categories.show_empty = on
        if self._last:
            self.categories.show_counts(
                self._last[1], (self._last[0].facets or {}).get("category", {})
            )

    def _order_types(self) -> None:
        key = self.type_order.currentData()
        self.types.order = "count" if key == "count" else "pinyin"
        if self._last:
            result = self._last[0]
            self.types.show_counts((result.facets or {}).get("doc_type", {}), result.total)

    def fit(self) -> None:
        """Share the height by how many rows each list has (years up to 12, 文种 up to 10)."""
        rows = [
            min(self.years.count(), 12),
            min(sum(1 for i in self.categories._items() if not i.isHidden()), 14),
            min(self.types.count(), 10),
            min(self.saved.list.count() + 2, 6),
        ]
        line = self.fontMetrics().height() + 4
        self.split.setSizes([max(r, 3) * line + 40 for r in rows])

    def show_result(self, result, categories: list[dict]) -> None:
        """Refresh the counts from a search result's facets."""
        facets = result.facets or {}
        total = getattr(result, "year_total", result.total)  # every year's, to add another
        self.years.show_counts(facets.get("year", {}), total, order=lambda y: -y)
        self.categories.show_counts(categories, facets.get("category", {}))
        self.types.show_counts(facets.get("doc_type", {}), result.total)
        self._last = (result, categories)
        if not self.fitted and result.total:
            self.fitted = True
            self.fit()

    def restore(self, years, category_id, doc_type) -> None:
        """Select the filters remembered from last time (without emitting)."""
        self.years.current = ["" if y is None else y for y in years]
        self.categories.current_id = category_id
        self.types.current_value = doc_type

    def clear(self) -> None:
        self.years.current = []
        self.categories.current_id = None
        self.types.current_value = None
        self.dates.enabled.blockSignals(True)
        self.dates.enabled.setChecked(False)
        self.dates.date_from.setEnabled(False)
        self.dates.date_to.setEnabled(False)
        self.dates.enabled.blockSignals(False)
        self.clearWanted.emit()


def _box(title: str, widget: QWidget, extra: QWidget | None) -> QGroupBox:
    """A titled group with the widget and an optional control under it."""
    box = QGroupBox(tr(title))
    inner = QVBoxLayout(box)
    inner.setContentsMargins(4, 4, 4, 4)
    inner.addWidget(widget, 1)
    if extra is not None:
        inner.addWidget(extra)
    return box
