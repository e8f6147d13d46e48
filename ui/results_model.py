"""The results table's model: a list of Hit, filled page by page; never calls the archive itself."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from core.models import MARK_CLOSE, MARK_OPEN, Hit
from ui.i18n import tr

# (Hit attribute or LISTED_FIELDS key, header, sort key for core or None when core cannot sort)
COLUMNS = [
    ("archive_code", "档号", "archive_code"),
    ("title", "题名", "title"),
    ("date", "日期", "date"),
    ("issuer", "责任者", None),
    ("doc_number", "文号", None),
    ("category", "类别", None),
    ("year", "年度", "date"),
    ("doc_type", "文种", None),
    ("retention", "保管期限", None),
    ("org", "机构", None),
    ("item_no", "件号", None),
    ("secrecy", "密级", None),
    ("pages", "页数", None),
    ("published_date", "发布日期", None),
    ("keywords", "主题词", None),
    ("open_status", "开放标识", None),
    ("remarks", "备注", None),
]
DEFAULT_HIDDEN = {"year", *(c[0] for c in COLUMNS[7:])}  # 年度 repeats 日期; the rest on demand
TITLE_COLUMN = 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_SIZE = 100
ROOT = QModelIndex()  # the invalid index: the table's root


class HitsModel(QAbstractTableModel):
    """Rows of hits; asks for more through moreWanted when the view scrolls to the end."""

    moreWanted = Signal(int)  # offset of the next page
    sortWanted = Signal(str)  # a sort name core understands

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hits: list[Hit] = []
        self.total = 0
        self.generation = 0
        self.terms: list[str] = []  # the query's terms, for marking them in titles
        self.two_lines = False  # some row has a second line worth showing
        self._waiting_more = False

    # ---------------------------------------------------------------- filling
    def reset(self, hits: list[Hit], total: int, generation: int, terms=()) -> None:
        """Show the first page of a new result."""
        self.beginResetModel()
        self.terms = list(terms)
        self.hits = list(hits)
        # without a query the snippet is only the text's opening: one line, twice the rows
        self.two_lines = bool(terms) and any(second_line(h.title, h.snippet) for h in hits)
        self.total = total
        self.generation = generation
        self._waiting_more = False
        self.endResetModel()

    def append(self, hits: list[Hit], generation: int) -> None:
        """Add a further page, unless it belongs to an older search."""
        self._waiting_more = False
        if generation != self.generation or not hits:
            return
        first = len(self.hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self.hits.extend(hits)
        self.endInsertRows()

    def hit(self, row: int) -> Hit | None:
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def row_of(self, doc_id: int) -> int:
        return next((i for i, h in enumerate(self.hits) if h.id == doc_id), -1)

    # ---------------------------------------------------------------- lazy loading
    def canFetchMore(self, parent=ROOT) -> bool:
        return not parent.isValid() and len(self.hits) < self.total and not self._waiting_more

    def fetchMore(self, parent=ROOT) -> None:
        if self.canFetchMore(parent):
            self._waiting_more = True
            self.moreWanted.emit(len(self.hits))

    # ---------------------------------------------------------------- Qt model
    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section][1])
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][2] is None:
            return tr("按相关度排列；此列不能排序")
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        attr = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(hit, attr) if hasattr(hit, attr) else hit.fields.get(attr)
            if attr == "date" and not value:
                return tr("待补")  # the document states no date: the clerk fills it in
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return snippet_html(hit.snippet) or hit.title
        if role == HIT_ROLE:
            return hit
        if role == SNIPPET_ROLE:
            return second_line(hit.title, hit.snippet) if self.terms else ""
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by core: ask for it (the view shows the order on its header)."""
        if not 0 <= column < len(COLUMNS):
            self.sortWanted.emit("relevance")
            return
        key = COLUMNS[column][2]
        if key is None:
            self.sortWanted.emit("relevance")
        elif key == "date" and order == Qt.SortOrder.DescendingOrder:
            self.sortWanted.emit("-date")
        else:
            self.sortWanted.emit(key)


def second_line(title: str, snippet: str) -> str:
    """The snippet without the title it often opens with; "" when nothing is left to add."""
    rest = _after_title(snippet, "".join(ch for ch in title or "" if ch.isalnum()))
    rest = rest.lstrip(" …\u3000").strip()
    plain = rest.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    return rest if any(ch.isalnum() for ch in plain) else ""


def _after_title(snippet: str, head: str) -> str:
    """What follows the title's letters when the snippet starts with them ("# 题名" included)."""
    if not head:
        return snippet
    matched, marks = 0, (MARK_OPEN, MARK_CLOSE)
    for pos, ch in enumerate(snippet):
        if ch in marks or not ch.isalnum():
            continue
        if ch != head[matched]:
            return snippet
        matched += 1
        if matched == len(head):
            rest = snippet[pos + 1 :]
            return MARK_CLOSE + rest if _open_mark(snippet[: pos + 1]) else rest
    return ""  # the snippet is a piece of the title


def _open_mark(text: str) -> bool:
    return text.count(MARK_OPEN) > text.count(MARK_CLOSE)


def snippet_html(snippet: str) -> str:
    """A snippet with its 【marks】 as bold highlighted HTML (for tooltips and the title cell)."""
    if not snippet:
        return ""
    from html import escape

    text = escape(snippet)
    return text.replace(MARK_OPEN, '<b style="background:#ffe066">').replace(MARK_CLOSE, "</b>")
