"""Logging to <archive>/logs/archivist.log (the windowed program has no console)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

_attached: dict[str, logging.Handler] = {}


def attach_archive_log(folder: Path) -> None:
    """Send the root logger's INFO+ records to the archive's rotating log file (once per folder)."""
    key = str(Path(folder).resolve())
    if key in _attached:
        return
    handler = RotatingFileHandler(
        Path(folder) / "archivist.log",
        maxBytes=2_000_000,
        backupCount=3,
        encoding="utf-8",
        delay=True,
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    root.addHandler(handler)
    _attached[key] = handler


def detach_archive_log(folder: Path) -> None:
    """Stop logging to a folder's log file and close it (Windows cannot move an open file)."""
    handler = _attached.pop(str(Path(folder).resolve()), None)
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
