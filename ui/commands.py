"""What the menus and buttons do: import, edit, trash, export, codes, backup, settings, switch."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from core.archive import remember_folder, resources_folder
from ui.edit_commands import EditCommands
from ui.errors import show_error
from ui.i18n import tr
from ui.task_dialog import TaskDialog

if TYPE_CHECKING:  # each dialog's module loads when it is first opened (a quicker start)
    from ui.backup_dialog import BackupDialog, RestoreDialog
    from ui.codes_dialog import CodesDialog
    from ui.export_dialog import ExportDialog
    from ui.import_dialog import ImportDialog
    from ui.rules_dialog import RulesDialog

IMPORT_FILTER = (
    "文档 (*.doc *.docx *.wps *.pdf *.txt *.html *.htm *.xls *.xlsx *.et *.rtf *.csv);;所有文件 (*)"
)


class Commands(EditCommands):
    """Small command methods over the window; each archive call goes through a lane."""

    def __init__(self, window):
        self.w = window
        self.import_dialog: ImportDialog | None = None
        self.dialog = None  # the last dialog opened (tests and screenshots look at it)
        self.archive_closed = False  # a restore over the open archive closed it

    @property
    def archive(self):
        return self.w.archive

    @property
    def lanes(self):
        return self.w.lanes

    def category_paths(self) -> list[str]:
        return sorted(c["path"] for c in self.w.category_list)

    def _writable(self) -> bool:
        if self.archive.read_only:
            QMessageBox.information(self.w, tr("只读"), tr("档案库以只读方式打开，不能修改。"))
            return False
        return True

    def _after_write(self, message: str):
        """A next_func for write-lane calls: report, show errors, refresh the window."""

        def done(result, error) -> None:
            if error is not None:
                show_error(self.w, tr("操作未完成"), error)
            else:
                self.w.statusBar().showMessage(message.format(n=result), 8000)
            self.w.refresh()

        return done

    # ---------------------------------------------------------------- import
    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.w, tr("选择要导入的文件"), "", tr(IMPORT_FILTER)
        )
        if paths:
            self.import_paths(paths)

    def import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self.w, tr("选择要导入的文件夹"))
        if path:
            self.import_paths([path])

    def import_samples(self) -> None:
        self.import_paths([resources_folder() / "samples"])

    def import_paths(self, paths) -> ImportDialog | None:
        """Open the import dialog for these files and folders."""
        if not self._writable():
            return None
        if self.import_dialog is not None and self.import_dialog.isVisible():
            self.import_dialog.raise_()
            return self.import_dialog
        from ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.archive, self.lanes, paths, self.category_paths(), self.w)
        dialog.finishedImport.connect(lambda _r: self.w.refresh())
        dialog.batchWanted.connect(self.w.show_batch)
        self.import_dialog = self.dialog = dialog
        dialog.open()
        return dialog

    def cancel_running(self) -> None:
        """On close: stop an import, export or backup between files (what was done stays)."""
        if self.import_dialog is not None and self.import_dialog.pages.currentIndex() == 1:
            self.import_dialog.cancel()
        if isinstance(self.dialog, TaskDialog) and self.dialog.pages.currentIndex() == 1:
            self.dialog.cancel()

    # ---------------------------------------------------------------- trash
    def delete(self) -> None:
        ids = self.w.selected_ids()
        if ids and self._writable():
            archive = self.archive
            message = tr("已将 {n} 件移到回收站（可在回收站中恢复）")
            self.lanes.write(lambda: archive.delete(ids), self._after_write(message))

    def restore(self) -> None:
        ids = self.w.selected_ids()
        if ids and self._writable():
            archive = self.archive
            self.lanes.write(lambda: archive.restore(ids), self._after_write(tr("已恢复 {n} 件")))

    def purge_selected(self) -> None:
        """彻底删除 the selected documents of the 回收站 (after a confirmation)."""
        ids = self.w.selected_ids()
        if ids and self.w.controller.query.trash and self._writable():
            self._purge(ids)

    def empty_trash(self) -> None:
        """清空回收站 (after a confirmation with the count and size)."""
        if self._writable():
            self._purge(None)

    def _purge(self, ids: list[int] | None) -> None:
        archive = self.archive
        self.lanes.read(
            lambda: archive.trash_summary(ids), lambda s, e: self._confirm_purge(ids, s, e)
        )

    def _confirm_purge(self, ids, summary, error) -> None:
        if error is not None:
            show_error(self.w, tr("无法读取回收站"), error)
            return
        if not summary["documents"]:
            QMessageBox.information(self.w, tr("回收站"), tr("回收站是空的。"))
            return
        from ui.trash_dialog import PurgeDialog

        dialog = PurgeDialog(self.archive, self.lanes, ids, summary, self.w)
        dialog.finishedTask.connect(lambda _r: self.w.refresh())
        self.dialog = dialog
        dialog.open()

    # ---------------------------------------------------------------- export, codes, backup
    def export(self, kind: str | None = None) -> ExportDialog:
        """The 导出 dialog over the current results (or the selected rows)."""
        from ui.export_dialog import ExportDialog

        w = self.w
        total = w.model.total if w.last_result is not None else 0
        dialog = ExportDialog(
            self.archive, self.lanes, w.controller.query, total, w.selected_ids(), w.qsettings, w,
            year_hint=self._selected_year(),
        )  # fmt: skip
        if kind:
            dialog.set_kind(kind)
        self.dialog = dialog
        dialog.open()
        return dialog

    def assign_codes(self, mode: str = "assign") -> CodesDialog | None:
        """编号: show the plan of 档号 changes, apply it on 应用."""
        if not self._writable():
            return None
        from ui.codes_dialog import CodesDialog

        w = self.w
        year = w.controller.query.year
        dialog = CodesDialog(
            self.archive, self.lanes, w.selected_ids(), year, year or self._selected_year(), w
        )
        dialog.set_mode(mode)
        dialog.applied.connect(lambda plan: self._codes_applied(plan))
        dialog.fixed.connect(lambda _n: self.w.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog

    def _selected_year(self) -> int | None:
        """The year of the first selected row (a box or class is usually the clerk's current one)."""
        rows = [i.row() for i in self.w.table.selectionModel().selectedRows()]
        hits = [self.w.model.hits[r] for r in rows if r < len(self.w.model.hits)]
        return hits[0].year if hits else None

    def _codes_applied(self, plan) -> None:
        self.w.statusBar().showMessage(tr("已编号 {n} 件").format(n=len(plan.changes)), 8000)
        self.w.refresh()

    def backup(self) -> BackupDialog | None:
        if not self._writable():
            return None
        from ui.backup_dialog import BackupDialog

        dialog = BackupDialog(self.archive, self.lanes, self.w.qsettings, self.w)
        dialog.finishedTask.connect(self._backed_up)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _backed_up(self, report) -> None:
        if report and not report.get("cancelled"):
            self.w.backup_reminder.hide()

    def restore_backup(self) -> RestoreDialog:
        """恢复: into a new or empty folder; the open archive only after a confirmation."""
        from ui.backup_dialog import RestoreDialog

        dialog = RestoreDialog(
            self.lanes, self.archive.folder, self.w.qsettings, self._release_archive, self.w
        )
        dialog.archiveWanted.connect(self.switch_archive)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _release_archive(self) -> bool:
        """Close the open archive so a restore may replace its folder (not while writing)."""
        if self.lanes.busy_writing():
            QMessageBox.information(
                self.dialog, tr("请稍候"), tr("正在写入档案库，请等当前操作完成后再恢复。")
            )
            return False
        self.lanes.wait()
        self.w.ocr.stop()
        self.w.save_state()
        self.archive.close()
        self.archive_closed = True
        return True

    def check_backup_due(self) -> None:
        """Show the reminder bar when the last backup is older than the configured days."""
        archive = self.archive
        if archive.read_only:
            return
        self.lanes.read(
            lambda: (archive.backup_due(), archive.settings.get("last_backup")),
            self._backup_due_checked,
        )

    def _backup_due_checked(self, result, error) -> None:
        if error is None and result[0]:
            self.w.backup_reminder.show_for(result[1])
        else:
            self.w.backup_reminder.hide()

    # ---------------------------------------------------------------- categories and settings
    def manage_categories(self) -> None:
        if not self._writable():
            return
        from ui.category_dialog import CategoryDialog

        dialog = CategoryDialog(self.archive, self.lanes, self.w)
        dialog.changed.connect(self.w.refresh)
        self.dialog = dialog
        dialog.open()

    def edit_rules(self) -> RulesDialog:
        """类别规则: the rules import uses to choose categories (view-only when read-only)."""
        from ui.rules_dialog import RulesDialog

        dialog = RulesDialog(self.archive, self.category_paths(), self.w)
        dialog.saved.connect(self._rules_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _rules_saved(self, count: int) -> None:
        message = tr("已保存 {n} 条类别规则，今后导入的文件按规则归类").format(n=count)
        self.w.statusBar().showMessage(message, 8000)

    def settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.archive, self.w)
        dialog.archiveWanted.connect(self.switch_archive)
        dialog.applied.connect(self._settings_applied)
        self.dialog = dialog
        dialog.open()

    def _settings_applied(self, changed: dict) -> None:
        if "fold_variants" in changed and self._writable():
            from ui.settings_dialog import FoldingDialog

            dialog = FoldingDialog(self.archive, self.lanes, changed["fold_variants"], self.w)
            dialog.finishedTask.connect(lambda _r: self.w.refresh())
            self.dialog = dialog
            dialog.open()
        if "font_size" in changed:
            apply_font_size(changed["font_size"])
        if "language" in changed:
            self.w.statusBar().showMessage(tr("界面语言将在下次启动时生效"), 8000)

    def switch_archive(self, folder: str) -> None:
        """Close this archive and open another (created when the folder is empty)."""
        from ui.opening import open_archive

        if self.lanes.busy_writing() and not self.archive_closed:
            QMessageBox.information(
                self.w, tr("请稍候"), tr("正在写入档案库，请等当前操作完成后再切换。")
            )
            return
        self.lanes.wait()
        self.w.ocr.stop()
        if not self.archive_closed:
            self.w.save_state()  # the old archive's filters stay with it
        archive = open_archive(Path(folder), self.w)
        if archive is None:
            if self.archive_closed:  # the restore closed it: reopen what was there
                archive = open_archive(self.archive.folder, self.w)
            if archive is None:
                return
        if not self.archive_closed:
            self.archive.close()
        self.archive_closed = False
        self.w.archive = archive
        self.w.controller.set_archive(archive)
        remember_folder(archive.folder)
        self.w.filters.clear()
        self.w._update_title()
        self.w.refresh()
        self.check_backup_due()


def apply_font_size(points: int) -> None:
    """Set the application font size (0 = the system default)."""
    app = QApplication.instance()
    font = QFont(app.font())
    if points:
        font.setPointSize(int(points))
    else:
        font = QApplication.font("QMessageBox")  # the platform's default font
    app.setFont(font)
