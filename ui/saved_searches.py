"""常用检索 in the filter panel: save the current query with its filters, pick, rename, delete.

The list lives in the archive (archive.saved_searches()); every call runs in a lane. The host
binds it to the archive and the current query (bind) and applies a chosen one (chosen).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.errors import show_error
from ui.i18n import tr

SAVED_ROLE = Qt.ItemDataRole.UserRole


class SavedSearchList(QWidget):
    """Saved searches by name; a click applies one, the context menu renames or deletes."""

    chosen = Signal(dict)  # {"name", "query", "filters": {"years", "category", "doc_type"}}

    def __init__(self, parent=None):
        super().__init__(parent)
        self._archive = self._query = self._lanes = None
        self.list = QListWidget()
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.itemClicked.connect(lambda item: self.chosen.emit(item.data(SAVED_ROLE)))
        self.save_button = QPushButton(tr("保存为常用检索…"))
        self.save_button.clicked.connect(self.save_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.save_button)

    def bind(self, archive, current_query, lanes) -> None:
        """archive() and current_query() are called when needed (the archive may be switched);
        current_query() gives (text, year, category_id, doc_type)."""
        self._archive, self._query, self._lanes = archive, current_query, lanes

    def reload(self) -> None:
        self._lanes.read(lambda: self._archive().saved_searches(), self._show)

    def _show(self, rows, error) -> None:
        if error is not None:
            return
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(row["name"])
            item.setData(SAVED_ROLE, row)
            item.setToolTip(describe(row))
            self.list.addItem(item)
        self.save_button.setEnabled(not self._archive().read_only)

    def save_current(self) -> None:
        text, year, category_id, doc_type = self._query()
        name, ok = QInputDialog.getText(self, tr("保存为常用检索"), tr("名称："), text=text[:20])
        if ok and name.strip():
            self._write(
                lambda a: a.save_search(
                    name, text, years=year, category=category_id, doc_type=doc_type
                )
            )

    def _menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None or self._archive().read_only:
            return
        name = item.data(SAVED_ROLE)["name"]
        menu = QMenu(self)
        rename = menu.addAction(tr("重命名…"))
        delete = menu.addAction(tr("删除"))
        picked = menu.exec(self.list.viewport().mapToGlobal(pos))
        if picked is rename:
            new, ok = QInputDialog.getText(self, tr("重命名常用检索"), tr("名称："), text=name)
            if ok and new.strip() and new != name:
                self._write(lambda a: a.rename_saved_search(name, new))
        elif picked is delete:
            self._write(lambda a: a.delete_saved_search(name))

    def _write(self, change) -> None:
        archive = self._archive()
        self._lanes.write(lambda: change(archive), self._written)

    def _written(self, _result, error) -> None:
        if error is not None:
            show_error(self, tr("常用检索"), error)
        self.reload()


def describe(row: dict) -> str:
    """The tooltip: the query and its filters."""
    f = row["filters"]
    parts = [row["query"] or tr("（全部）")]
    if f.get("years"):
        parts.append(tr("年度") + " " + "-".join(str(y) for y in dict.fromkeys(f["years"])))
    if f.get("doc_type"):
        parts.append(tr("文种") + " " + f["doc_type"])
    if f.get("category") is not None:
        parts.append(tr("限定类别"))
    return "　".join(parts)
