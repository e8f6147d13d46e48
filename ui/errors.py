"""Errors as a dialog with a plain message and the technical details folded away; always logged."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from core.errors import ArchiveError
from ui.i18n import tr

log = logging.getLogger(__name__)


def plain_message(error: BaseException) -> str:
    """What a clerk reads: our own errors as they are, anything else as a general sentence."""
    if isinstance(error, ArchiveError):
        return str(error)
    if isinstance(error, OSError):
        return tr("无法读写文件：{e}").format(e=error.strerror or error)
    return tr("发生了意外错误。操作没有完成，已有的档案不受影响。")


def show_error(parent: QWidget | None, title: str, error: BaseException) -> QMessageBox:
    """Log the error and show it (non-blocking, so tests and background callbacks never hang)."""
    details = "".join(traceback.format_exception(error)).strip()
    if isinstance(error, ArchiveError):
        log.warning("%s: %s", title, error)
    else:
        log.error("%s: %s", title, details)
    box = QMessageBox(QMessageBox.Icon.Warning, title, plain_message(error), parent=parent)
    box.setDetailedText(details)
    box.setObjectName("errorDialog")
    box.open()
    return box
