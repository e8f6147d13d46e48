"""Start the window: parse --data-dir, open the archive (read-only if it is in use), show it."""

from __future__ import annotations

import argparse
import ctypes.util
import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from core.archive import default_folder, resources_folder
from ui.i18n import install_qt_translations, set_language
from ui.opening import open_archive

log = logging.getLogger(__name__)


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
    install_qt_translations(app)  # Chinese until the archive says otherwise (the lock question)
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
    install_qt_translations(app)
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
