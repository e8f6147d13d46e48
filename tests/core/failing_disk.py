"""A USB stick that starts failing: run by test_failing_storage in a child process.

python -m tests.core.failing_disk DATA FIRST SECOND GOOD_COPIES

Imports FIRST normally, then imports SECOND while the archive's storage fails after
GOOD_COPIES more file copies: every copy, fsync, rename and delete under DATA raises
OSError(EIO) and every SQLite statement raises "disk I/O error" (as when the stick is pulled).
Prints both reports as JSON and dies without closing anything, as the program would."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

from core.archive import Archive


class FailingDisk:
    """Fault injection at the file layer and at the SQLite connection, after n good copies."""

    def __init__(self, archive: Archive, good_copies: int):
        self.root = str(archive.folder)
        self.left = good_copies
        self.failing = False
        self.failures = 0
        self._wrap_files()
        self._wrap_sqlite(archive)

    def _fail(self, what: str) -> None:
        self.failures += 1
        raise OSError(errno.EIO, f"Input/output error ({what})")

    def _mine(self, path) -> bool:
        return str(path).startswith(self.root)

    def _wrap_files(self) -> None:
        copyfile, fsync, replace, unlink = shutil.copyfile, os.fsync, os.replace, os.unlink

        def copy(src, dst, *a, **k):
            if self._mine(dst):
                if self.left <= 0:
                    self.failing = True
                if self.failing:  # pulled mid-copy: half the file reached the stick
                    data = Path(src).read_bytes()
                    Path(dst).write_bytes(data[: len(data) // 2])
                    self._fail("copy")
                self.left -= 1
            return copyfile(src, dst, *a, **k)

        def sync(fd):
            if self.failing:
                self._fail("fsync")
            return fsync(fd)

        def rename(src, dst, *a, **k):
            if self.failing and self._mine(dst):
                self._fail("rename")
            return replace(src, dst, *a, **k)

        def remove(path, *a, **k):
            if self.failing and self._mine(path):
                self._fail("unlink")
            return unlink(path, *a, **k)

        shutil.copyfile, os.fsync, os.replace, os.unlink = copy, sync, rename, remove

    def _wrap_sqlite(self, archive: Archive) -> None:
        db = archive.store.db
        execute = db.execute

        def failing_execute(sql, *args, **kwargs):
            if self.failing:
                self.failures += 1
                raise sqlite3.OperationalError("disk I/O error")
            return execute(sql, *args, **kwargs)

        db.execute = failing_execute


def main() -> None:
    data, first, second, good = sys.argv[1:5]
    archive = Archive.open(Path(data))
    before = archive.import_paths([first])
    disk = FailingDisk(archive, int(good))
    during = archive.import_paths([second])
    out = {
        "before": before.to_json(),
        "during": during.to_json(),
        "failures_injected": disk.failures,
    }
    print(json.dumps(out, ensure_ascii=False), flush=True)
    os._exit(0)  # the stick is gone: the program ends without closing the archive


if __name__ == "__main__":
    main()
