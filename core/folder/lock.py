"""An OS-level lock on the archive folder so a second program instance cannot write to it."""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import ArchiveLocked


class ArchiveLock:
    """Exclusive, non-blocking lock on <archive>/archive.lock, released on close or process death."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / "archive.lock"
        self._fh = None

    def acquire(self) -> None:
        fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            fh.close()
            raise ArchiveLocked("档案库正在被另一个档案管家窗口或程序使用，请先关闭它。") from e
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
