"""Emptying the 回收站: documents deleted for good, with their index entries and kept originals.

The rows go first (one transaction per group, each purge audited), then their index entries,
then the originals no remaining document uses. A stop or a crash in between leaves only what
`check` and the next open already repair: index entries of missing rows, orphaned copies.
"""

from __future__ import annotations

import logging

from core.errors import ArchiveError
from core.folder.held import retry_held
from core.models import Progress

log = logging.getLogger(__name__)
GROUP = 200  # documents per transaction: a stop waits for at most one group


def summary(store, originals, ids=None) -> dict:
    """{documents, bytes}: what emptying (or purging ids) would delete, bytes of originals on disk."""
    rows = store.trash_rows(ids)
    freed = sum(_size(originals.path_of(r["sha256"], r["extra"])) for r in rows)
    return {"documents": len(rows), "bytes": freed}


def purge(store, index, originals, ids=None, on_progress=None, cancel=None) -> dict:
    """Delete documents of the 回收站 for good (all of them when ids is None):
    {documents, files, bytes, files_left, cancelled}. ArchiveError when an id is not there."""
    rows = store.trash_rows(ids)
    if ids is not None and len(rows) != len(set(ids)):
        raise ArchiveError("只能彻底删除回收站中的文件，请先将文件移到回收站。")
    going = {r["id"] for r in rows}
    kept = {
        originals.path_of(sha, extra) for i, sha, extra in store.stored_files() if i not in going
    }
    done = {"documents": 0, "files": 0, "bytes": 0, "files_left": 0, "cancelled": False}
    for start in range(0, len(rows), GROUP):
        if cancel is not None and cancel.cancelled:
            done["cancelled"] = True
            break
        group = rows[start : start + GROUP]
        _remove_rows(store, group)
        index.write(delete_ids=[r["id"] for r in group])
        for row in group:
            path = originals.path_of(row["sha256"], row["extra"])
            if path not in kept:  # no remaining document uses this stored file
                _remove_file(path, done)
        done["documents"] += len(group)
        if on_progress:
            msg = "正在彻底删除"
            on_progress(Progress(done["documents"], len(rows), group[-1]["title"], message=msg))
    return done


def _remove_rows(store, group: list[dict]) -> None:
    with store.transaction():
        for row in group:
            store.remove_trashed(row["id"])
            details = {k: row[k] for k in ("title", "archive_code", "sha256")}
            store.audit("purge", row["id"], details)


def _remove_file(path, done: dict) -> None:
    size = _size(path)
    if not path.exists():
        return  # already missing (check reports that): nothing to free
    try:
        retry_held(path.unlink)
    except OSError as e:  # held or unwritable: `check` removes it as an orphan later
        log.warning("cannot remove %s: %s", path, e)
        done["files_left"] += 1
        return
    done["files"] += 1
    done["bytes"] += size


def _size(path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
