"""Start the window: parse --data-dir, open the archive (read-only if it is in use), show it."""

from __future__ import annotations

import argparse
import ctypes.util
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from core.archive import Archive, default_folder, resources_folder
from core.errors import ArchiveError, ArchiveLocked
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


NO_DISPLAY = """档案管家的窗口需要图形桌面，但没有找到显示器（DISPLAY 未设置）。
命令行照常可用：uv run main.py --help
The window needs a graphical desktop and none was found (DISPLAY is not set).
The command line works without one: uv run main.py --help"""
NO_XCB_CURSOR = """档案管家的窗口需要 xcb 库 libxcb-cursor0：sudo apt install libxcb-cursor0
The window needs the xcb library libxcb-cursor0 (Debian/Ubuntu: sudo apt install libxcb-cursor0);
a Chinese font such as fonts-noto-cjk is also needed to show Chinese text."""


def display_problem() -> str | None:
    """Why Qt could not open a window here (Linux), in words, before Qt aborts with its own."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc …: Qt knows what it was asked for
    if not os.environ.get("DISPLAY") and not (os.environ.get("WAYLAND_DISPLAY") and not platform):
        return NO_DISPLAY
    if not os.environ.get("WAYLAND_DISPLAY") and ctypes.util.find_library("xcb-cursor") is None:
        return NO_XCB_CURSOR
    return None


def run_gui(argv: list[str]) -> int:
    """The window's entry point (main.py with no command)."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        if problem is NO_DISPLAY:
            return 1  # (a missing library is only likely: let Qt try, and say what it lacks)
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
    app.setWindowIcon(QIcon(str(resources_folder() / "ui" / "archivist.svg")))
    settings = QSettings()
    archive = open_archive(default_folder(args.data_dir))
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
