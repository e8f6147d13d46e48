"""Import dialog: map folders to categories, then progress with Cancel, then the final report."""

from __future__ import annotations

import csv
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.models import RETENTIONS, CancelToken, ImportReport, Progress
from ui.i18n import tr
from ui.layouts import progress_page
from ui.tasks import ProgressRelay

STATUS_LABELS = {"imported": "已导入", "duplicate": "重复", "skipped": "已跳过", "failed": "失败"}
TEXT_LABELS = {  # imported, but the search cannot find its words
    "needs_ocr": ("需要OCR", "扫描件，没有文字层：只能按题名等著录信息找到"),
    "empty": ("无正文", "没有读出文字：只能按题名等著录信息找到"),
}


def top_folders(paths: list[Path]) -> list[str]:
    """Names of the first-level subfolders of the folders being imported."""
    names: list[str] = []
    for p in paths:
        if p.is_dir():
            names += sorted(
                c.name for c in p.iterdir() if c.is_dir() and not c.name.startswith(".")
            )
    return list(dict.fromkeys(names))


class ImportDialog(QDialog):
    """One import batch from setup to report; `finishedImport` carries the ImportReport."""

    finishedImport = Signal(object)
    batchWanted = Signal(int, list)  # batch id, its imported document ids: show them

    def __init__(self, archive, lanes, paths, category_paths: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("导入文件"))
        self.archive, self.lanes = archive, lanes
        self.paths = [Path(p) for p in paths]
        self.cancel_token = CancelToken()
        self.report: ImportReport | None = None
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(self.show_progress)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page(category_paths))
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._report_page())
        QVBoxLayout(self).addWidget(self.pages)
        self.resize(720, 480 if self.folder_table.rowCount() else self.sizeHint().height())

    # ---------------------------------------------------------------- page 1: setup
    def _setup_page(self, category_paths: list[str]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        names = ", ".join(p.name or str(p) for p in self.paths[:5])
        more = tr(" 等 {n} 项").format(n=len(self.paths)) if len(self.paths) > 5 else ""
        layout.addWidget(QLabel(tr("要导入：{names}").format(names=names + more), wordWrap=True))
        self.folder_table = QTableWidget(0, 2)
        self.folder_table.setHorizontalHeaderLabels([tr("文件夹"), tr("归入类别")])
        self.folder_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.folder_table.verticalHeader().hide()
        for name in top_folders(self.paths):
            self._add_folder_row(name, category_paths)
        if self.folder_table.rowCount():
            layout.addWidget(QLabel(tr("各文件夹归入哪个类别（留空则按内容自动推测）：")))
            layout.addWidget(self.folder_table, 1)
        else:
            self.folder_table.hide()  # a folder without subfolders: nothing to map, a small dialog
        form = QFormLayout()
        self.year = QSpinBox(minimum=0, maximum=2100, specialValueText=tr("自动推测"))
        self.retention = QComboBox()
        self.retention.addItem(tr("自动推测"), "")
        for r in RETENTIONS:
            self.retention.addItem(r, r)
        self.org = QLineEdit(placeholderText=tr("如：党委办公室（可留空）"))
        form.addRow(tr("默认年度"), self.year)
        form.addRow(tr("默认保管期限"), self.retention)
        form.addRow(tr("机构(问题)"), self.org)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(
            tr("开始导入"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        return page

    def _add_folder_row(self, name: str, category_paths: list[str]) -> None:
        row = self.folder_table.rowCount()
        self.folder_table.insertRow(row)
        item = QTableWidgetItem(name)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.folder_table.setItem(row, 0, item)
        combo = QComboBox(editable=True)
        combo.addItems(["", *category_paths])
        combo.setToolTip(tr("选择已有类别，或输入新的类别路径，如 党群/组织"))
        self.folder_table.setCellWidget(row, 1, combo)

    def folder_map(self) -> dict[str, str]:
        out = {}
        for row in range(self.folder_table.rowCount()):
            target = self.folder_table.cellWidget(row, 1).currentText().strip().strip("/")
            if target:
                out[self.folder_table.item(row, 0).text()] = target
        return out

    def set_folder_category(self, folder: str, category_path: str) -> None:
        for row in range(self.folder_table.rowCount()):
            if self.folder_table.item(row, 0).text() == folder:
                self.folder_table.cellWidget(row, 1).setCurrentText(category_path)

    def defaults(self) -> dict:
        return {
            "year": self.year.value() or None,
            "retention": self.retention.currentData() or None,
            "org": self.org.text().strip() or None,
        }

    # ---------------------------------------------------------------- page 2: progress
    def _progress_page(self) -> QWidget:
        self.bar = QProgressBar()
        self.count_label = QLabel(tr("正在准备…"))
        self.current_label = QLabel(wordWrap=True)
        self.speed_label = QLabel()
        self.cancel_button = QPushButton(tr("停止导入"))
        self.cancel_button.setToolTip(tr("处理完当前文件后停止；已导入的文件会保留"))
        self.cancel_button.clicked.connect(self.cancel)
        labels = [self.count_label, self.bar, self.current_label, self.speed_label]
        return progress_page(labels, self.cancel_button)

    def start(self) -> None:
        """Run the import on the write lane; progress and the report come back queued."""
        self.pages.setCurrentIndex(1)
        self.started_at = time.perf_counter()
        archive, paths, token, relay = self.archive, self.paths, self.cancel_token, self.relay
        folder_map, defaults = self.folder_map(), self.defaults()
        self.lanes.write(
            lambda: archive.import_paths(
                paths, folder_map=folder_map, defaults=defaults, on_progress=relay, cancel=token
            ),
            self._finished,
        )

    def show_progress(self, p: Progress) -> None:
        self.bar.setMaximum(max(p.total, 1))
        self.bar.setValue(p.done)
        self.count_label.setText(
            tr("已处理 {done} / {total} 个文件").format(done=p.done, total=p.total)
        )
        self.current_label.setText(Path(p.current).name if p.current else "")
        self.speed_label.setText(speed_text(p, time.perf_counter() - self.started_at))

    def cancel(self) -> None:
        """Ask the import to stop after the current file (what was imported stays)."""
        self.cancel_token.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(tr("正在停止…"))

    def _finished(self, report, error) -> None:
        if error is not None:
            from ui.errors import show_error

            show_error(self, tr("导入失败"), error)
            self.reject()
            return
        self.report = report
        self._fill_report(report)
        self.pages.setCurrentIndex(2)
        if self.problems.rowCount():
            self.resize(max(self.width(), 720), max(self.height(), 480))
        self.finishedImport.emit(report)

    # ---------------------------------------------------------------- page 3: report
    def _report_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.problems = QTableWidget(0, 3)
        self.problems.setHorizontalHeaderLabels([tr("文件"), tr("结果"), tr("原因")])
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        buttons = QDialogButtonBox()
        self.view_batch = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.view_batch.clicked.connect(self._view_batch)
        export = buttons.addButton(tr("导出清单…"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(tr("关闭"), QDialogButtonBox.ButtonRole.AcceptRole)
        export.clicked.connect(self._ask_export)
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)
        return page

    def _fill_report(self, r: ImportReport) -> None:
        head = tr("导入已停止，已导入的文件已保留。") if r.cancelled else tr("导入完成。")
        counts = tr(
            "已导入 {i} 个，重复 {d} 个，跳过 {s} 个，失败 {f} 个，用时 {t:.1f} 秒。"
        ).format(i=r.imported, d=r.duplicates, s=r.skipped, f=r.failed, t=r.seconds)
        no_text = [f for f in r.files if f.status == "imported" and f.text in TEXT_LABELS]
        if no_text:
            counts += tr("其中 {n} 个没有可检索的正文（见下表）。").format(n=len(no_text))
        self.summary.setText(f"<p style='font-size:large'><b>{head}</b></p><p>{counts}</p>")
        rows = [(f, tr(STATUS_LABELS[f.status]), f.error or "") for f in r.files
                if f.status in ("failed", "skipped")]  # fmt: skip
        rows += [(f, tr(TEXT_LABELS[f.text][0]), tr(TEXT_LABELS[f.text][1])) for f in no_text]
        duplicates = [f for f in r.files if f.status == "duplicate"]
        rows += [(f, tr("重复"), tr("与档案库中已有的文件相同")) for f in duplicates]
        self.problems.setRowCount(len(rows))
        for row, (f, status, reason) in enumerate(rows):
            cells = (self.display_path(f.path), status, reason)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f.detail or f.path)
                self.problems.setItem(row, col, item)
        self.problems.setVisible(bool(rows))
        self.view_batch.setText(tr("查看本次导入的 {n} 件").format(n=r.imported))
        self.view_batch.setVisible(r.imported > 0)
        dup_ids = [f.id for f in duplicates if f.id is not None]
        if dup_ids:
            archive = self.archive
            self.lanes.read(lambda: archive.titles(dup_ids), self._name_duplicates)

    def _name_duplicates(self, titles, error) -> None:
        """重复: say which document in the archive each duplicate is (its title)."""
        if error is not None or self.report is None:
            return
        first = self.problems.rowCount() - self.report.duplicates
        duplicates = [f for f in self.report.files if f.status == "duplicate"]
        for offset, f in enumerate(duplicates):
            title = titles.get(f.id)
            item = self.problems.item(first + offset, 2)
            if title and item is not None:
                item.setText(tr("与已有的“{t}”相同").format(t=title))

    def imported_ids(self) -> list[int]:
        return [f.id for f in self.report.files if f.status == "imported" and f.id is not None]

    def _view_batch(self) -> None:
        self.batchWanted.emit(self.report.batch_id or 0, self.imported_ids())
        self.accept()

    def display_path(self, path: str) -> str:
        """A file's path from the imported folder down (the full path is in the tooltip)."""
        for root in self.paths:
            try:
                return str(Path(root.name) / Path(path).relative_to(root))
            except ValueError:
                continue
        return path

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("导出清单"), "导入清单.csv", tr("CSV 表格 (*.csv);;文本 (*.txt)")
        )
        if path:
            self.export_list(Path(path))

    def export_list(self, path: Path) -> None:
        """Every file's outcome as CSV (opens in Excel) or tab-separated text."""
        rows = [
            [f.path, tr(STATUS_LABELS[f.status]), f.error or "", f.detail or ""]
            for f in self.report.files
        ]
        header = [tr("文件"), tr("结果"), tr("原因"), tr("详细信息")]
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            delimiter = "\t" if path.suffix.lower() == ".txt" else ","
            csv.writer(out, delimiter=delimiter).writerows([header, *rows])

    # ---------------------------------------------------------------- closing
    def reject(self) -> None:
        """Closing while importing means stop (the dialog stays until the report is ready)."""
        if self.pages.currentIndex() == 1:
            self.cancel()
            return
        super().reject()


def speed_text(p: Progress, seconds: float) -> str:
    """速度：3.2 个/秒，1.4 MB/秒 — small amounts in KB, never "0.0 MB/秒"."""
    seconds = max(seconds, 1e-3)
    text = tr("速度：{files:.1f} 个/秒").format(files=p.done / seconds)
    rate = p.bytes_done / seconds
    if rate >= 1e6:
        text += tr("，{mb:.1f} MB/秒").format(mb=rate / 1e6)
    elif rate >= 1e3:
        text += tr("，{kb:.0f} KB/秒").format(kb=rate / 1e3)
    return text
