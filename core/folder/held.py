"""Files held by other programs: on Windows, a document open in Word/WPS or a fresh file being
scanned by an antivirus program refuses to open or rename (a sharing violation). Wait a moment
and try again before giving up; the caller then reports 文件被其他程序占用.

SQLite retries its own files the same way on Windows (its VFS retries sharing violations about
ten times over ~1.4 s), so this serves the other files: sources, copies, settings.
"""

from __future__ import annotations

import logging
import os
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
    if not isinstance(e, OSError):
        return False
    if os.name == "nt" and isinstance(e, PermissionError) and e.winerror is None and e.filename:
        # open() goes through the C runtime, which reports a sharing violation as a bare
        # errno 13 (seen under wine): ask Windows itself why the file cannot be opened.
        e.winerror = _open_error(e.filename) or None
    return getattr(e, "winerror", None) in (SHARING_VIOLATION, LOCK_VIOLATION)


def _open_error(path) -> int:
    """Windows' own error for opening path to read, sharing with everyone; 0 when it opens."""
    import ctypes
    from ctypes import wintypes

    k = ctypes.WinDLL("kernel32", use_last_error=True)
    k.CreateFileW.restype = wintypes.HANDLE
    k.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID]
    k.CreateFileW.argtypes += [wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    share_all, open_existing, backup_semantics = 0x7, 3, 0x02000000
    handle = k.CreateFileW(
        os.fspath(path), 0x80000000, share_all, None, open_existing, backup_semantics, None
    )
    if handle in (None, wintypes.HANDLE(-1).value):
        return ctypes.get_last_error()
    k.CloseHandle(handle)
    return 0


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
