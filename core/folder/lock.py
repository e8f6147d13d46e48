"""An OS-level lock on the archive folder so a second program instance cannot write to it, and
a marker that tells the next start whether the last session ended without closing."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from core.errors import ArchiveLocked

log = logging.getLogger(__name__)
SESSION_MARKER = "session.open"  # exists while a writer has the archive open


class ArchiveLock:
    """Exclusive, non-blocking lock on <archive>/archive.lock, released on close or process death.

    unclean is True when the previous writer never closed (killed, power cut, USB stick pulled):
    its session marker is still there."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / "archive.lock"
        self.marker = Path(folder) / SESSION_MARKER
        self.unclean = False
        self._fh = None
        self._mark = True

    def acquire(self, mark: bool = True) -> None:
        """Take the lock; mark=False only tests it (the session marker is left as it is)."""
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
        self._fh, self._mark = fh, mark
        if not mark:
            return
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self.unclean = self.marker.exists()
        self.marker.write_text(f"{os.getpid()} {datetime.now().isoformat()}", encoding="utf-8")

    def release(self) -> None:
        """Let go of the lock; a marked session is recorded as closed cleanly."""
        if self._fh is None:
            return
        if self._mark:
            try:
                self.marker.unlink(missing_ok=True)
            except OSError as e:  # the stick is gone: the next start checks the archive
                log.warning("cannot remove %s: %s", self.marker, e)
        self._fh.close()
        self._fh = None
