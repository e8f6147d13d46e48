"""备份 and 恢复 dialogs, and the reminder bar shown when the last backup is too old."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from core.archive import restore_backup
from core.errors import BackupDamaged
from ui.i18n import tr
from ui.task_dialog import PathEdit, TaskDialog, default_folder, remember_folder


def _today() -> str:
    return datetime.date.today().strftime("%Y%m%d")


def _buttons(dialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    dialog.start_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
    dialog.start_button.clicked.connect(dialog.start)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _is_empty_or_missing(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def _new_folder_beside(folder: Path) -> Path:
    """档案库-恢复-20260128 next to the open archive (-2, -3 … when that is taken)."""
    base = folder.parent / f"{folder.name}-{tr('恢复')}-{_today()}"
    candidate, n = base, 1
    while not _is_empty_or_missing(candidate):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


class BackupDialog(TaskDialog):
    """One .zip with the database snapshot, originals and settings; progress and Stop."""

    def __init__(self, archive, lanes, settings, parent=None):
        super().__init__(lanes, tr("备份档案库"), parent)
        self.archive, self.settings = archive, settings
        layout = QVBoxLayout(self.setup)
        last = archive.settings.get("last_backup")
        when = (
            tr("上次备份：{t}").format(t=last[:16].replace("T", " "))
            if last
            else tr("尚未备份过。")
        )
        layout.addWidget(QLabel(when))
        layout.addWidget(
            QLabel(
                tr(
                    "备份是一个 .zip 文件，包含数据库、全部原件和设置，并附校验值。建议存到 U 盘或另一台电脑。"
                ),
                wordWrap=True,
            )
        )
        form = QFormLayout()
        self.out = PathEdit(self._browse)
        self.out.setText(
            str(default_folder(settings, "backup") / f"{tr('档案备份')}-{_today()}.zip")
        )
        form.addRow(tr("备份文件"), self.out)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(_buttons(self, tr("开始备份")))
        self.fit_to_setup()

    def _browse(self, current: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, tr("备份到"), current, "ZIP (*.zip)")
        if path and not path.lower().endswith(".zip"):
            path += ".zip"
        return path

    def start(self) -> None:
        out = self.out.text()
        if not out:
            return
        if Path(out).is_file():
            answer = QMessageBox.question(
                self,
                tr("文件已存在"),
                tr("“{name}”已存在，要替换它吗？").format(name=Path(out).name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        remember_folder(self.settings, "backup", out)
        archive = self.archive
        self.run(
            lambda p, c: archive.backup(out, on_progress=p, cancel=c),
            cancellable=True,
            step=tr("正在备份…"),
        )

    def failure_title(self) -> str:
        return tr("备份未完成")

    def current_text(self, current: str) -> str:
        return current  # the title of the document whose original is being copied

    def show_result(self, report) -> None:
        if report.get("cancelled"):
            self.show_message(tr("备份已停止"), tr("没有写入备份文件。"), ok=False)
            return
        c = report["counts"]
        body = tr("{out}\n文件 {d} 件，原件 {f} 个，共 {mb:.1f} MB。").format(
            out=report["out"], d=c["documents"], f=c["files"], mb=report["size"] / 1e6
        )
        self.show_message(tr("备份完成"), body, ok=True, path=Path(report["out"]))


class RestoreDialog(TaskDialog):
    """Verify a backup and restore it into a new or empty folder; `archiveWanted` opens it."""

    archiveWanted = Signal(str)

    def __init__(self, lanes, current_folder: Path, settings, release_current, parent=None):
        super().__init__(lanes, tr("从备份恢复"), parent)
        self.current_folder = Path(current_folder).resolve()
        self.settings = settings
        self.release_current = release_current  # closes the open archive (replace case)
        self.replaced_current = False
        self.target: Path | None = None
        layout = QVBoxLayout(self.setup)
        layout.addWidget(
            QLabel(
                tr(
                    "先校验备份中每个文件的校验值，全部无误后才写入。请选择新的或空的文件夹；"
                    "恢复后可直接打开。"
                ),
                wordWrap=True,
            )
        )
        form = QFormLayout()
        self.source = PathEdit(self._browse_zip)
        self.source.edit.setPlaceholderText(tr("选择 .zip 备份文件"))
        self.folder = PathEdit(self._browse_folder)
        self.folder.setText(str(_new_folder_beside(self.current_folder)))
        form.addRow(tr("备份文件"), self.source)
        form.addRow(tr("恢复到文件夹"), self.folder)
        layout.addLayout(form)
        self.overwrite = QCheckBox(tr("目标文件夹不是空的：仍然恢复（原有内容会改名保留在旁边）"))
        self.overwrite.hide()
        layout.addWidget(self.overwrite)
        layout.addStretch(1)
        layout.addWidget(_buttons(self, tr("校验并恢复")))
        self.open_restored = self.result_buttons.addButton(
            tr("打开恢复的档案库"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_restored.clicked.connect(self._open_restored)
        self.open_restored.hide()

    def _browse_zip(self, current: str) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("选择备份文件"),
            current or str(default_folder(self.settings, "backup")),
            tr("档案管家备份 (*.zip)"),
        )
        return path

    def _browse_folder(self, current: str) -> str:
        return QFileDialog.getExistingDirectory(self, tr("选择恢复到的文件夹"), current)

    def start(self) -> None:
        source, folder = Path(self.source.text()), self.folder.text()
        if not source.is_file():
            QMessageBox.information(self, tr("从备份恢复"), tr("请选择一个备份文件（.zip）。"))
            return
        if not folder:
            return
        target = Path(folder).resolve()
        force = False
        if target == self.current_folder:
            if not self._confirm_replace_current():
                return
            force = True
        elif not _is_empty_or_missing(target):
            if not self.overwrite.isChecked():
                self.overwrite.show()
                self.overwrite.setFocus()
                return
            force = True
        remember_folder(self.settings, "backup", source)
        self.target = target
        if target == self.current_folder:
            if not self.release_current():
                return
            self.replaced_current = True
        self.run(self._job(source, target, force), cancellable=True, step=tr("正在校验备份"))

    def _confirm_replace_current(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("替换当前档案库？"), "", parent=self)
        box.setText(
            tr("这是正在使用的档案库。恢复会先关闭它，用备份的内容替换；原有内容改名保留在旁边。")
        )
        replace = box.addButton(tr("替换当前档案库"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is replace

    @staticmethod
    def _job(source: Path, target: Path, force: bool):
        return lambda p, c: restore_backup(source, target, force=force, on_progress=p, cancel=c)

    def failure_title(self) -> str:
        if isinstance(self.error, BackupDamaged):
            return tr("备份文件已损坏，未恢复")
        return tr("恢复未完成")

    def failure_note(self) -> str:
        return "\n\n" + tr("没有修改任何档案库或文件夹。")

    def _finished(self, result, error) -> None:
        super()._finished(result, error)
        if self.replaced_current:
            self.replaced_current = False
            self.archiveWanted.emit(str(self.current_folder))  # reopen (restored or as it was)

    def show_result(self, r) -> None:
        body = tr(
            "文件 {d} 件（回收站 {t} 件），原件 {f} 个，类别 {c} 个，档号 {a} 个；检索索引已重建。"
        ).format(
            d=r["documents"], t=r["trash"], f=r["files"], c=r["categories"], a=r["archive_codes"]
        )
        if r.get("files_missing"):
            body += "\n" + tr("注意：有 {n} 个原件缺失。").format(n=r["files_missing"])
        if r.get("previous_folder_moved_to"):
            body += "\n" + tr("原有内容已移到：{p}").format(p=r["previous_folder_moved_to"])
        head = tr("已恢复到 {p}").format(p=r["data_dir"])
        self.show_message(head, body, ok=True, path=Path(r["data_dir"]))
        self.open_restored.setVisible(Path(r["data_dir"]) != self.current_folder)

    def _open_restored(self) -> None:
        self.accept()
        self.archiveWanted.emit(str(self.target))


class BackupReminder(QFrame):
    """A quiet bar above the results: 上次备份已超过 N 天 … [立即备份] [×]."""

    backupWanted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("backupReminder")
        self.setStyleSheet("#backupReminder { background: #fff4ce; border: 1px solid #e0c060; }")
        self.label = QLabel()
        now = QPushButton(tr("立即备份"))
        later = QPushButton(tr("以后再说"))
        now.clicked.connect(self.backupWanted)
        later.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(now)
        row.addWidget(later)
        self.hide()

    def show_for(self, last_backup: str | None) -> None:
        """Show the bar with how long ago the last backup was."""
        if last_backup:
            try:
                when = datetime.datetime.fromisoformat(last_backup)
                days = (datetime.datetime.now() - when).days
            except ValueError:
                days = None
        else:
            days = None
        if days is None:
            self.label.setText(tr("档案库尚未备份过，建议立即备份。"))
        else:
            self.label.setText(tr("上次备份已超过 {n} 天，建议立即备份。").format(n=days))
        self.show()
