"""Category tree management: add, rename, move, delete (documents go to 未分类, never lost)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from core.models import UNCATEGORIZED
from ui.errors import show_error
from ui.i18n import tr
from ui.rules_dialog import RulesDialog

ID_ROLE = Qt.ItemDataRole.UserRole


class CategoryDialog(QDialog):
    """Edits the tree through the write lane; `changed` tells the window to refresh."""

    changed = Signal()

    def __init__(self, archive, lanes, parent=None):
        super().__init__(parent)
        self.archive, self.lanes = archive, lanes
        self.setWindowTitle(tr("管理类别"))
        self.categories: list[dict] = []
        self.rules_dialog: RulesDialog | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("类别"), tr("件数")])
        self.tree.setColumnWidth(0, 280)
        buttons = QVBoxLayout()
        for label, slot in (
            ("新建顶级类别…", lambda: self._ask_add(None)),
            ("新建下级类别…", lambda: self._ask_add(self.selected_id())),
            ("改名…", self._ask_rename),
            ("移动到…", self._ask_move),
            ("删除…", self._ask_delete),
        ):
            button = QPushButton(tr(label))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addSpacing(12)
        rules = QPushButton(tr("类别规则…"))
        rules.setToolTip(tr("导入时按题名或正文中的词语自动归类"))
        rules.clicked.connect(self.edit_rules)
        buttons.addWidget(rules)
        buttons.addStretch(1)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.resize(560, 460)
        self.refresh()

    # ---------------------------------------------------------------- showing
    def refresh(self) -> None:
        self.lanes.read(self.archive.categories, self._show)

    def _show(self, categories, error) -> None:
        if error is not None:
            show_error(self, tr("读取类别失败"), error)
            return
        self.categories = categories
        self.tree.clear()
        items = {}
        for c in sorted(categories, key=lambda c: c["path"].count("/")):
            parent = items.get(c["parent_id"], self.tree.invisibleRootItem())
            item = QTreeWidgetItem(parent, [c["name"], str(c["count"])])
            item.setData(0, ID_ROLE, c["id"])
            items[c["id"]] = item
        self.tree.expandAll()

    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def path_of(self, category_id: int) -> str:
        return next((c["path"] for c in self.categories if c["id"] == category_id), "")

    def edit_rules(self) -> RulesDialog:
        """类别规则 over this tree's categories."""
        paths = sorted(c["path"] for c in self.categories)
        self.rules_dialog = RulesDialog(self.archive, paths, self)
        self.rules_dialog.open()
        return self.rules_dialog

    # ---------------------------------------------------------------- changes (write lane)
    def run(self, func, *args) -> None:
        """Apply one change on the write lane, then refresh the tree and tell the window."""
        self.lanes.write(lambda: func(*args), self._done)

    def _done(self, _result, error) -> None:
        if error is not None:
            show_error(self, tr("类别未修改"), error)
        self.refresh()
        self.changed.emit()

    def _ask_add(self, parent_id) -> None:
        name, ok = QInputDialog.getText(self, tr("新建类别"), tr("类别名称："))
        if ok and name.strip():
            self.run(self.archive.add_category, name.strip(), parent_id)

    def _ask_rename(self) -> None:
        cid = self.selected_id()
        if cid is None:
            return
        old = self.tree.currentItem().text(0)
        name, ok = QInputDialog.getText(self, tr("类别改名"), tr("新名称："), text=old)
        if ok and name.strip() and name.strip() != old:
            self.run(self.archive.rename_category, cid, name.strip())

    def _ask_move(self) -> None:
        cid = self.selected_id()
        if cid is None:
            return
        top = tr("（顶级）")
        targets = [
            c for c in self.categories if not self.path_of(c["id"]).startswith(self.path_of(cid))
        ]
        names = [top, *(c["path"] for c in targets)]
        choice, ok = QInputDialog.getItem(
            self, tr("移动类别"), tr("移到哪个类别之下："), names, 0, False
        )
        if ok:
            parent = None if choice == top else targets[names.index(choice) - 1]["id"]
            self.run(self.archive.move_category, cid, parent)

    def _ask_delete(self) -> None:
        cid = self.selected_id()
        if cid is None:
            return
        answer = QMessageBox.question(
            self,
            tr("删除类别"),
            tr("删除“{path}”及其下级类别？其中的文件会移到“{u}”，不会丢失。").format(
                path=self.path_of(cid), u=UNCATEGORIZED
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run(self.archive.delete_category, cid)
