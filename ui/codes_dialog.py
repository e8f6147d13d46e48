"""编号: show what 档号 assignment, renumbering or recoding will change, then apply it."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.models import RETENTIONS
from ui.errors import show_error
from ui.i18n import tr

MODES = [
    ("assign", "为尚无档号的文件编号"),
    ("renumber", "重新编号一个类别（1、2、3…，消除空号）"),
    ("recode", "按现行档号规则重写档号（件号不变）"),
]
FIXABLE = ("缺少年度", "缺少保管期限", "保管期限无法识别")
ORDERS = [("date", "按日期"), ("title", "按题名"), ("id", "按导入顺序")]


class CodesDialog(QDialog):
    """Choose what to number, see old → new for every document, then 应用; `applied` follows."""

    applied = Signal(object)  # the applied CodePlan
    fixed = Signal(int)  # documents given the missing 保管期限/机构/年度

    def __init__(
        self, archive, lanes, selected_ids, year: int | None, class_year: int | None, parent=None
    ):
        super().__init__(parent)
        self.setWindowTitle(tr("生成档号"))
        self.archive, self.lanes = archive, lanes
        self.selected_ids = list(selected_ids)
        self.plan = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._choices(year, class_year))
        self.summary = QLabel(tr("点“预览”查看将要发生的变化；在点“应用”之前不会修改任何文件。"))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(self._plan_table(), 1)
        layout.addWidget(self._fix_row())
        buttons = QDialogButtonBox()
        self.preview_button = buttons.addButton(tr("预览"), QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button = buttons.addButton(tr("应用"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        buttons.addButton(tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._mode_changed()
        self.resize(860, 560)

    def _choices(self, year: int | None, class_year: int | None) -> QFormLayout:
        self.form = form = QFormLayout()
        self.mode = QComboBox()
        for key, label in MODES:
            self.mode.addItem(tr(label), key)
        self.scope = QComboBox()
        self.scope.addItem(tr("全部文件"), "all")
        self.scope.addItem(tr("选中的 {n} 件").format(n=len(self.selected_ids)), "selection")
        self.scope.model().item(1).setEnabled(bool(self.selected_ids))
        self.year = QSpinBox(minimum=0, maximum=2100, value=year or 0)
        self.year.setSpecialValueText(tr("全部年度"))
        self.class_year = QSpinBox(minimum=1900, maximum=2100)
        self.class_year.setValue(class_year or datetime.date.today().year)
        self.class_retention = QComboBox()
        self.class_retention.addItems(list(RETENTIONS))
        self.class_org = QLineEdit(placeholderText=tr("机构(问题)代码，没有则留空"))
        self.order = QComboBox()
        for key, label in ORDERS:
            self.order.addItem(tr(label), key)
        form.addRow(tr("操作"), self.mode)
        form.addRow(tr("范围"), self.scope)
        form.addRow(tr("年度"), self.year)
        form.addRow(tr("类别的年度"), self.class_year)
        form.addRow(tr("保管期限"), self.class_retention)
        form.addRow(tr("机构(问题)"), self.class_org)
        form.addRow(tr("件号顺序"), self.order)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        for w in (self.order, self.scope, self.class_retention):
            w.currentIndexChanged.connect(lambda _i: self._forget_plan())
        for w in (self.year, self.class_year):
            w.valueChanged.connect(lambda _v: self._forget_plan())
        self.class_org.textChanged.connect(lambda _t: self._forget_plan())
        return form

    def _plan_table(self) -> QTableWidget:
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("题名"), tr("原档号"), tr("新档号"), tr("说明")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        return self.table

    def _fix_row(self) -> QWidget:
        """补填 for the skipped documents: 保管期限, 机构 and 年度 right here, then preview again."""
        self.fix_box = QGroupBox()
        row = QHBoxLayout(self.fix_box)
        self.fix_retention = QComboBox()
        self.fix_retention.addItems(list(RETENTIONS))
        self.fix_org = QLineEdit(placeholderText=tr("机构(问题)代码，没有则留空"))
        self.fix_year = QSpinBox(minimum=0, maximum=2100, value=0)
        self.fix_year.setSpecialValueText(tr("不改"))
        self.fix_button = QPushButton(tr("补填并重新预览"))
        self.fix_button.clicked.connect(self.fix_skipped)
        for label, widget in (("保管期限", self.fix_retention), ("机构(问题)", self.fix_org),
                              ("年度", self.fix_year)):  # fmt: skip
            row.addWidget(QLabel(tr(label)))
            row.addWidget(widget)
        row.addWidget(self.fix_button)
        self.fix_box.hide()
        return self.fix_box

    def fixable_ids(self) -> list[int]:
        """The skipped documents a missing 保管期限 or 年度 kept from being numbered."""
        if self.plan is None:
            return []
        return [s["id"] for s in self.plan.skipped if s["reason"].startswith(FIXABLE)]

    def fix_skipped(self) -> None:
        """Write the chosen 保管期限/机构/年度 into the skipped documents, then preview again."""
        ids = self.fixable_ids()
        if not ids or self.archive.read_only:
            return
        fields = {"retention": self.fix_retention.currentText()}
        if self.fix_org.text().strip():
            fields["org"] = self.fix_org.text().strip()
        if self.fix_year.value():
            fields["year"] = self.fix_year.value()
        self.fix_button.setEnabled(False)
        archive = self.archive
        self.lanes.write(lambda: archive.update_many(ids, **fields), self._fixed)

    def _fixed(self, count, error) -> None:
        self.fix_button.setEnabled(True)
        if error is not None:
            show_error(self, tr("未能补填"), error)
            return
        self.fixed.emit(count)
        self.preview()

    def set_mode(self, key: str) -> None:
        self.mode.setCurrentIndex(self.mode.findData(key))

    def mode_key(self) -> str:
        return self.mode.currentData()

    def _mode_changed(self) -> None:
        """Renumbering names one class; assigning and recoding take a scope and a year."""
        one_class = self.mode_key() == "renumber"
        for w in (self.scope, self.year):
            self.form.setRowVisible(w, not one_class)
        for w in (self.class_year, self.class_retention, self.class_org):
            self.form.setRowVisible(w, one_class)
        self.form.setRowVisible(self.order, self.mode_key() != "recode")
        self._forget_plan()

    def _forget_plan(self) -> None:
        self.plan = None
        self.apply_button.setEnabled(False)

    # ---------------------------------------------------------------- plan and apply
    def plan_func(self):
        """The planning call for the chosen mode (runs in the read lane)."""
        archive, order, mode = self.archive, self.order.currentData(), self.mode_key()
        if mode == "renumber":
            year, retention = self.class_year.value(), self.class_retention.currentText()
            org = self.class_org.text().strip()
            return lambda: archive.plan_renumber(year, retention, org, order)
        ids = self.selected_ids if self.scope.currentData() == "selection" else None
        years = (self.year.value(), self.year.value()) if self.year.value() else None
        if mode == "recode":
            return lambda: archive.plan_recode(years=years, ids=ids)
        return lambda: archive.plan_codes(years=years, ids=ids, order=order)

    def preview(self) -> None:
        self.preview_button.setEnabled(False)
        self.summary.setText(tr("正在计算…"))
        self.lanes.read(self.plan_func(), self._show_plan)

    def _show_plan(self, plan, error) -> None:
        self.preview_button.setEnabled(True)
        if error is not None:
            self.summary.setText(tr("无法生成方案"))
            show_error(self, tr("无法生成方案"), error)
            return
        self.plan = plan
        self.fill(plan)
        self.apply_button.setEnabled(bool(plan.changes) and not self.archive.read_only)
        fixable = len(self.fixable_ids())
        self.fix_box.setVisible(bool(fixable) and not self.archive.read_only)
        self.fix_box.setTitle(tr("为缺少保管期限或年度而跳过的 {n} 件补填：").format(n=fixable))

    def fill(self, plan) -> None:
        """One row per change (old → new) and per skipped document (with the reason)."""
        rows = [
            (c.title, c.old_code or "", c.new_code or "", _change_note(c)) for c in plan.changes
        ]
        rows += [
            (s["title"], s.get("archive_code") or "", "", tr(s["reason"])) for s in plan.skipped
        ]
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            skipped = r >= len(plan.changes)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                if skipped:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, col, item)
        head = tr("已编号 {n} 件") if plan.applied else tr("将编号 {n} 件")
        text = head.format(n=len(plan.changes))
        text += tr("，跳过 {n} 件").format(n=len(plan.skipped)) if plan.skipped else ""
        if not plan.changes and not plan.skipped:
            text = tr("没有需要编号的文件。")
            if plan.kind == "renumber":
                text = tr("该类别的件号已经连续（或该类别没有文件），无需重新编号。")
        notes = "".join(f"\n{tr(n)}" for n in plan.notes)
        self.summary.setText(text + "。" * bool(plan.changes or plan.skipped) + notes)

    def apply(self) -> None:
        if self.plan is None or not self.plan.changes:
            return
        self.apply_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        archive, plan = self.archive, self.plan
        self.lanes.write(lambda: archive.apply_code_plan(plan), self._applied)

    def _applied(self, plan, error) -> None:
        self.preview_button.setEnabled(True)
        if error is not None:
            self.summary.setText(tr("未能应用，没有修改任何档号。请重新预览。"))
            show_error(self, tr("未能应用"), error)
            self._forget_plan()
            return
        self.fill(plan)
        self.plan = None
        self.applied.emit(plan)


def _change_note(change) -> str:
    """Why a row is in the plan: a new 件号, a changed one, or only the code's form."""
    if change.old_item is None:
        return tr("新编件号 {n}").format(n=change.new_item)
    if change.new_item is None:
        return tr("取消件号 {n}（在回收站中）").format(n=change.old_item)
    if change.old_item != change.new_item:
        return tr("件号 {a} → {b}").format(a=change.old_item, b=change.new_item)
    return tr("件号不变")
