"""导出: catalogue (.xlsx/CSV), originals (folder/.zip), PDF catalogue or texts, box labels."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import ArchiveError
from core.models import CATALOGUE_COLUMNS, COLUMN_LABELS, RETENTIONS
from ui.i18n import tr
from ui.task_dialog import PathEdit, TaskDialog, default_folder, remember_folder

# (key, label, file name stem, suffix; "" = a folder)
KINDS = [
    ("xlsx", "归档文件目录（Excel）", "归档文件目录", ".xlsx"),
    ("csv", "CSV 表格（可选列）", "归档文件目录", ".csv"),
    ("files", "原件（文件夹或 .zip 压缩包）", "原件", ".zip"),
    ("pdf", "PDF 目录（可打印）", "归档文件目录", ".pdf"),
    ("pdf_text", "PDF 全文（正文，附著录信息）", "文件全文", ".pdf"),
    ("box", "盒脊和备考表（PDF）", "盒脊备考表", ".pdf"),
]
FILTERS = {
    ".xlsx": "Excel (*.xlsx)",
    ".csv": "CSV (*.csv)",
    ".zip": "ZIP (*.zip)",
    ".pdf": "PDF (*.pdf)",
}


def search_ids(archive, query) -> list[int]:
    """Every document the window's current search and filters find (all pages)."""
    result = archive.search(query.full_text(), limit=10**9, snippets=False, **query.search_args())
    return [h.id for h in result.hits]


class ExportDialog(TaskDialog):
    """What to export, from which documents, to where; then progress and what was written."""

    def __init__(
        self, archive, lanes, query, result_total: int, selected_ids, settings, parent=None,
        *, year_hint: int | None = None,
    ):  # fmt: skip
        super().__init__(lanes, tr("导出"), parent)
        self.archive, self.query, self.settings = archive, query, settings
        self.selected_ids = list(selected_ids)
        self.year_hint = query.year or year_hint  # a box: the filtered or the selected year
        self._build_setup(result_total)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    # ---------------------------------------------------------------- setup page
    def _build_setup(self, result_total: int) -> None:
        layout = QVBoxLayout(self.setup)
        form = QFormLayout()
        self.kind = QComboBox()
        for key, label, _stem, _suffix in KINDS:
            self.kind.addItem(tr(label), key)
        form.addRow(tr("导出内容"), self.kind)
        layout.addLayout(form)
        self.options = QStackedWidget()
        for key, *_ in KINDS:
            self.options.addWidget(self._options_for(key))
        layout.addWidget(self.options)
        layout.addWidget(self._scope_box(result_total))
        out_form = QFormLayout()
        self.out = PathEdit(self._browse)
        out_form.addRow(tr("保存到"), self.out)
        layout.addLayout(out_form)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(tr("导出"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _options_for(self, key: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        if key == "xlsx":
            self.per_class = QCheckBox(tr("按年度和保管期限分工作表（每类一个工作表）"))
            layout.addWidget(self.per_class)
        elif key == "csv":
            layout.addWidget(QLabel(tr("要导出的列（拖动可调整顺序）：")))
            self.columns = QListWidget()
            self.columns.setDragDropMode(QListWidget.DragDropMode.InternalMove)
            for col, label in COLUMN_LABELS.items():
                item = QListWidgetItem(tr(label))
                item.setData(Qt.ItemDataRole.UserRole, col)
                checked = col in CATALOGUE_COLUMNS
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.columns.addItem(item)
            self.columns.setMinimumHeight(11 * self.fontMetrics().height())  # most columns in view
            layout.addWidget(self.columns)
        elif key == "files":
            self.as_zip = QRadioButton(tr("打包成一个 .zip 文件"), checked=True)
            self.as_folder = QRadioButton(tr("复制到文件夹"))
            self.as_zip.toggled.connect(lambda _on: self._update_default_name())
            layout.addWidget(self.as_zip)
            layout.addWidget(self.as_folder)
            layout.addWidget(QLabel(tr("文件名为“档号 题名”，并附清单（含 SHA-256 校验值）。")))
        elif key == "pdf_text":
            layout.addWidget(
                QLabel(tr("每件文件另起一页，页首是著录信息。文件较多时可先选定几件。"))
            )
        elif key == "box":
            layout.addLayout(self._box_form())
        layout.addStretch(1)
        return page

    def _box_form(self) -> QFormLayout:
        form = QFormLayout()
        this_year = self.year_hint or datetime.date.today().year
        self.box_year = QSpinBox(minimum=1900, maximum=2100, value=this_year)
        self.box_retention = QComboBox()
        self.box_retention.addItems(list(RETENTIONS))
        self.box_org = QLineEdit(placeholderText=tr("机构(问题)代码，没有则留空"))
        self.box_first = QSpinBox(minimum=1, maximum=9999, value=1)
        self.box_last = QSpinBox(minimum=1, maximum=9999, value=20)
        form.addRow(tr("年度"), self.box_year)
        form.addRow(tr("保管期限"), self.box_retention)
        form.addRow(tr("机构(问题)"), self.box_org)
        form.addRow(tr("起始件号"), self.box_first)
        form.addRow(tr("终止件号"), self.box_last)
        for spin in (self.box_year, self.box_first, self.box_last):
            spin.valueChanged.connect(lambda _v: self._update_default_name())
        self.box_retention.currentIndexChanged.connect(lambda _i: self._update_default_name())
        self.box_org.textChanged.connect(lambda _t: self._update_default_name())
        return form

    def _scope_box(self, result_total: int) -> QGroupBox:
        self.scope = QGroupBox(tr("导出哪些文件"))
        layout = QVBoxLayout(self.scope)
        self.scope_results = QRadioButton(
            tr("当前检索结果（含筛选条件），共 {n} 件").format(n=result_total), checked=True
        )
        self.scope_selection = QRadioButton(
            tr("表格中选中的 {n} 件").format(n=len(self.selected_ids))
        )
        self.scope_selection.setEnabled(bool(self.selected_ids))
        self.scope_chosen = False  # once the clerk picks a scope, changing the kind keeps it
        group = QButtonGroup(self.scope)
        for button in (self.scope_results, self.scope_selection):
            group.addButton(button)
            layout.addWidget(button)
            button.clicked.connect(self._scope_clicked)
        return self.scope

    def _scope_clicked(self) -> None:
        self.scope_chosen = True

    def _suggest_scope(self) -> None:
        """Full texts of the selected rows (a whole result may be thousands of pages); every other
        kind the whole result, also after browsing past PDF 全文 (a one-row catalogue surprised)."""
        if self.scope_chosen:
            return
        selection = self.kind_key() == "pdf_text" and bool(self.selected_ids)
        (self.scope_selection if selection else self.scope_results).setChecked(True)

    def kind_key(self) -> str:
        return self.kind.currentData()

    def set_kind(self, key: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(key))

    def _kind_changed(self) -> None:
        self.options.setCurrentIndex(self.kind.currentIndex())
        policy = QSizePolicy.Policy
        for i in range(self.options.count()):  # the stack takes the height of the shown page
            shown = i == self.options.currentIndex()
            self.options.widget(i).setSizePolicy(
                policy.Preferred, policy.Preferred if shown else policy.Ignored
            )
        self.scope.setVisible(self.kind_key() != "box")
        self._suggest_scope()
        self._update_default_name()
        self.fit_to_setup()

    def _suffix(self) -> str:
        suffix = KINDS[self.kind.currentIndex()][3]
        return "" if self.kind_key() == "files" and self.as_folder.isChecked() else suffix

    def default_name(self) -> str:
        """归档文件目录-2022.xlsx, 原件-20260128.zip, 盒脊备考表-2022-永久-0001-0020.pdf …"""
        stem = KINDS[self.kind.currentIndex()][2]
        if self.kind_key() == "box":
            parts = [self.box_year.value(), self.box_retention.currentText(), self.box_org.text()]
            parts += [f"{self.box_first.value():04d}", f"{self.box_last.value():04d}"]
            tag = "-".join(str(p).strip() for p in parts if str(p).strip())
        else:
            tag = str(self.query.year or datetime.date.today().strftime("%Y%m%d"))
        return f"{tr(stem)}-{tag}{self._suffix()}"

    def _update_default_name(self) -> None:
        current = self.out.text()
        folder = Path(current).parent if current else default_folder(self.settings, "export")
        self.out.setText(str(folder / self.default_name()))

    def _browse(self, current: str) -> str:
        if not self._suffix():
            return QFileDialog.getExistingDirectory(self, tr("选择保存原件的文件夹"), current)
        suffix = self._suffix()
        path, _ = QFileDialog.getSaveFileName(self, tr("导出到"), current, FILTERS[suffix])
        if path and not path.lower().endswith(suffix):
            path += suffix
        return path

    # ---------------------------------------------------------------- running
    def start(self) -> None:
        out = self.out.text()
        if not out:
            self.out.edit.setFocus()
            return
        target = Path(out)
        if target.is_file() and not self._confirm_overwrite(target):
            return
        remember_folder(self.settings, "export", target)
        job = self.job(target)
        self.run(job, cancellable=self.kind_key() == "files", step=tr("正在导出…"))

    def _confirm_overwrite(self, target: Path) -> bool:
        answer = QMessageBox.question(
            self, tr("文件已存在"), tr("“{name}”已存在，要替换它吗？").format(name=target.name)
        )
        return answer == QMessageBox.StandardButton.Yes

    def job(self, out: Path):
        """The export as a function of (on_progress, cancel) for the write lane."""
        archive, kind, query = self.archive, self.kind_key(), self.query
        ids = self.selected_ids if self.scope_selection.isChecked() else None
        per_class = self.per_class.isChecked()
        columns = [
            self.columns.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.columns.count())
            if self.columns.item(i).checkState() == Qt.CheckState.Checked
        ]
        box = (
            self.box_year.value(),
            self.box_retention.currentText(),
            self.box_org.text().strip(),
            self.box_first.value(),
            self.box_last.value(),
        )

        def run(on_progress, cancel):
            if kind == "box":
                from ui.pdf_render import render_pdf

                return kind, render_pdf(archive.box_html(*box), out, title="盒脊 备考表"), 0
            docs = archive.export_selection(ids=ids if ids else search_ids(archive, query))
            if not docs:
                raise ArchiveError("没有符合条件的文件，未导出")
            return (
                kind,
                _export(archive, kind, docs, out, per_class, columns, on_progress, cancel),
                len(docs),
            )

        return run

    def failure_title(self) -> str:
        return tr("导出未完成")

    def show_result(self, result) -> None:
        kind, report, n = result
        out = Path(report["out"])
        for p in report.get("missing", []) + report.get("damaged", []):
            self.problems.addItem(f"{tr(p['error'])}：[{p['id']}] {p['title']}")
        if report.get("cancelled"):
            head = tr("导出已停止")
            body = tr("已导出的 {n} 个原件保留在 {out}").format(n=report["files"], out=out)
        elif kind == "files":
            head = tr("已导出原件")
            body = tr("{n} 个原件已写入 {out}，清单为 manifest.json 和 manifest.csv。").format(
                n=report["files"], out=out
            )
        elif kind == "box":
            head, body = tr("已生成盒脊和备考表"), str(out)
        else:
            head = tr("已导出 {n} 件").format(n=n)
            body = str(out)
            if report.get("sheets"):
                body += "\n" + tr("工作表：") + "、".join(report["sheets"])
        if self.problems.count():
            body += "\n" + tr("以下文件的原件有问题，未能导出或已损坏：")
        self.show_message(head, body, ok=not self.problems.count(), path=out)


def _export(archive, kind, docs, out, per_class, columns, on_progress, cancel) -> dict:
    """Write one export of docs to out; PDFs are painted with Qt (ui.pdf_render)."""
    if kind in ("xlsx", "csv"):
        if kind == "csv" and not columns:
            raise ArchiveError("请至少选择一列")
        cols = columns if kind == "csv" else None
        return archive.export_catalogue(out, docs, fmt=kind, per_class=per_class, columns=cols)
    if kind == "files":
        return archive.export_files(out, docs, on_progress=on_progress, cancel=cancel)
    from ui.pdf_render import render_pdf, render_tables

    if kind == "pdf_text":
        return render_pdf(archive.documents_html(docs), out, title="文件全文")
    return render_tables(archive.catalogue_tables(docs), out, title="归档文件目录")
