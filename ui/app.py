"""Start the window: parse --data-dir, open the archive (read-only if it is in use), show it."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from core.archive import Archive
from core.errors import ArchiveError, ArchiveLocked
from core.paths import resolve_data_dir, resources_dir
from ui.errors import show_error
from ui.i18n import set_language, tr

log = logging.getLogger(__name__)


class RebuildProgress:
    """Shows a progress window only when opening has to rebuild or repair the search index."""

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
        self.dialog.setMaximum(max(progress.total, 1))
        self.dialog.setValue(progress.done)
        self.dialog.setLabelText(
            tr("正在根据数据库重建检索索引（{d}/{t}），资料不会丢失…").format(
                d=progress.done, t=progress.total
            )
        )
        QApplication.processEvents()  # opening runs before the event loop: keep this window painted

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()


def open_archive(folder: Path, parent: QWidget | None = None) -> Archive | None:
    """Open an archive; if another window has it, offer read-only; None when the clerk gives up."""
    progress = RebuildProgress(parent)
    try:
        return Archive.open(folder, on_progress=progress)
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


def choose_folder(explicit: str | None, settings: QSettings) -> Path:
    """--data-dir, then ARCHIVIST_HOME, then the archive used last time, then the default."""
    last = settings.value("archive/last")
    if not explicit and not os.environ.get("ARCHIVIST_HOME") and last and Path(last).is_dir():
        return Path(last)
    return resolve_data_dir(explicit)


def run_gui(argv: list[str]) -> int:
    """The window's entry point (main.py with no command)."""
    parser = argparse.ArgumentParser(prog="archivist")
    parser.add_argument("--data-dir")
    parser.add_argument("--show", help=argparse.SUPPRESS)  # screenshots: import|report|form
    args, qt_args = parser.parse_known_args(argv)
    QCoreApplication.setOrganizationName("Archivist")
    QCoreApplication.setApplicationName("Archivist")
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough  # 125 %/150 % Windows scaling stays sharp
    )
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationDisplayName("档案管家")
    app.setWindowIcon(QIcon(str(resources_dir() / "ui" / "archivist.svg")))
    settings = QSettings()
    archive = open_archive(choose_folder(args.data_dir, settings))
    if archive is None:
        return 1
    try:
        return _run_window(app, archive, settings, args.show)
    finally:
        archive.close()


def _run_window(app, archive, settings, show: str | None) -> int:
    from ui.commands import apply_font_size
    from ui.main_window import MainWindow

    set_language(archive.settings.get("language") or "zh_CN")
    if archive.settings.get("font_size"):
        apply_font_size(archive.settings["font_size"])
    window = MainWindow(archive, settings)
    window.show()
    if show:
        from ui.showcase import show_for_screenshot

        show_for_screenshot(window, show)
    code = app.exec()
    window.archive.close()  # the archive the window ended with (it may have switched)
    return code
