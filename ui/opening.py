"""Opening an archive from the window: progress while the index is rebuilt, read-only offer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from core.archive import UPGRADING, Archive
from core.errors import ArchiveError, ArchiveLocked
from ui.errors import show_error
from ui.i18n import tr


class RebuildProgress:
    """Shows a progress window only when opening has to upgrade an older archive, or rebuild or
    repair the search index."""

    def __init__(self, parent: QWidget | None):
        self.parent = parent
        self.dialog: QProgressDialog | None = None

    def __call__(self, progress) -> None:
        if self.dialog is None:
            self.dialog = QProgressDialog(tr("正在重建检索索引…"), None, 0, 0, self.parent)
            self.dialog.setWindowTitle(tr("档案管家"))
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setMinimumDuration(0)
            self.dialog.show()
        self.dialog.setMaximum(progress.total)  # 0: a step that cannot be counted (busy bar)
        self.dialog.setValue(progress.done)
        if progress.message != UPGRADING:
            text = tr("正在根据数据库重建检索索引（{d}/{t}），资料不会丢失…")
        elif progress.total:
            text = tr("正在升级档案库结构（{d}/{t}），只需一次，资料不会丢失…")
        else:
            text = tr("正在升级档案库结构，只需一次，资料不会丢失…")
        self.dialog.setLabelText(text.format(d=progress.done, t=progress.total))
        QApplication.processEvents()  # opening runs before the event loop: keep this window painted

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()


def open_archive(folder: Path, parent: QWidget | None = None) -> Archive | None:
    """Open an archive; if another window has it, offer read-only; None when the clerk gives up."""
    progress = RebuildProgress(parent)
    try:
        archive = Archive.open(folder, on_progress=progress)
        if archive.recovery and archive.recovery["unclean"]:  # killed, power cut, stick pulled
            progress.close()
            QMessageBox.information(parent, tr("已检查档案库"), archive.recovery["message"])
        return archive
    except ArchiveLocked:
        box = QMessageBox(QMessageBox.Icon.Question, tr("档案库正在使用"), "", parent=parent)
        box.setText(
            tr(
                "另一个档案管家窗口正在使用此档案库：\n{f}\n\n可以只读方式打开（只能检索和查看）。"
            ).format(f=folder)
        )
        read_only = box.addButton(tr("只读打开"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(
            tr("退出") if parent is None else tr("取消"), QMessageBox.ButtonRole.RejectRole
        )
        box.exec()
        if box.clickedButton() is read_only:
            return Archive.open(folder, read_only=True)
        return None
    except ArchiveError as e:
        box = show_error(parent, tr("无法打开档案库"), e)
        box.exec()
        return None
    finally:
        progress.close()
