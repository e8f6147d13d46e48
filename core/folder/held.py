"""Files held by other programs: on Windows, a document open in Word/WPS or a fresh file being
scanned by an antivirus program refuses to open or rename (a sharing violation). Wait a moment
and try again before giving up; the caller then reports 文件被其他程序占用.

SQLite retries its own files the same way on Windows (its VFS retries sharing violations about
ten times over ~1.4 s), so this serves the other files: sources, copies, settings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)

HELD = "文件被其他程序占用"
SHARING_VIOLATION, LOCK_VIOLATION = 32, 33  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
# About 2.5 s in all: enough for an antivirus scan; a document left open in Word still fails
# soon, so a batch with many open files is not held up for minutes.
DELAYS = (0.05, 0.1, 0.2, 0.4, 0.7, 1.0)

T = TypeVar("T")


def is_held(e: BaseException) -> bool:
    """A Windows sharing or lock violation (another program has the file open)."""
    return isinstance(e, OSError) and getattr(e, "winerror", None) in (
        SHARING_VIOLATION,
        LOCK_VIOLATION,
    )


def retry_held(call: Callable[..., T], *args, **kwargs) -> T:
    """call(*args, **kwargs), retried after each of DELAYS while the file is held; then it raises."""
    for attempt, delay in enumerate((*DELAYS, None)):
        try:
            return call(*args, **kwargs)
        except OSError as e:
            if delay is None or not is_held(e):
                raise
            if attempt == 0:
                log.info("file held by another program, retrying: %s", e)
            time.sleep(delay)
    raise AssertionError("unreachable")
