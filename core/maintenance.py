"""Index rebuild, drift repair and the archive check (SQLite is always the truth)."""

from __future__ import annotations

import json
import logging
import time

from core.errors import Cancelled
from core.models import Progress

log = logging.getLogger(__name__)
PROGRESS_EVERY = 200  # documents between progress reports (the index commits by its own size rule)


def rebuild_index(archive, on_progress=None, cancel=None) -> int:
    """Recreate the index from every document in SQLite."""
    total = archive.store.scalar("SELECT count(*) FROM documents") or 0
    archive.index.create()
    done = _index_rows(archive, archive.store.index_rows(), total, on_progress, cancel)
    archive.engine.invalidate()
    return done


def _index_rows(archive, rows, total, on_progress, cancel) -> int:
    """Feed rows to the index in small steps, reporting progress, then commit."""
    on_progress = on_progress or (lambda p: None)
    done, batch = 0, []
    on_progress(Progress(0, total, message="正在重建检索索引"))
    for row in rows:
        if cancel is not None and cancel.cancelled:
            raise Cancelled("重建索引已取消（下次打开时会继续）")
        batch.append(row)
        if len(batch) >= PROGRESS_EVERY:
            archive.index.write(add_docs=batch)
            done, batch = done + len(batch), []
            on_progress(Progress(done, total, message="正在重建检索索引"))
    archive.index.write(add_docs=batch, commit=True)
    done += len(batch)
    on_progress(Progress(done, total, message="检索索引已重建"))
    return done


def repair_index_drift(archive, on_progress=None) -> dict:
    """Index the documents SQLite has and the index lacks; drop ids SQLite no longer has."""
    in_db = set(archive.store.all_ids())
    in_index = archive.index.live_ids()
    missing, extra = sorted(in_db - in_index), sorted(in_index - in_db)
    if missing or extra:
        log.warning("index drift: %d missing, %d extra: repairing", len(missing), len(extra))
        if extra:
            archive.index.write(delete_ids=extra)
        rows = archive.store.index_rows(missing) if missing else iter(())
        _index_rows(archive, rows, len(missing), on_progress, None)
        archive.engine.invalidate()
    return {"missing": len(missing), "extra": len(extra)}


def check(archive, repair: bool = True) -> dict:
    """Integrity of SQLite, index ids against SQLite ids, and the kept originals."""
    t0 = time.perf_counter()
    integrity = archive.store.scalar("PRAGMA integrity_check")
    in_db = set(archive.store.all_ids())
    in_index = archive.index.live_ids()
    missing, extra = sorted(in_db - in_index), sorted(in_index - in_db)
    files_missing = []
    known = set()
    for row in archive.store.query("SELECT id, sha256, extra FROM documents"):
        path = archive.stored_path(row["sha256"], json.loads(row["extra"] or "{}"))
        if path.is_file():  # one stat per document, no query per document
            known.add(path.name)
        else:
            files_missing.append(row["id"])
    orphans = [
        p for p in (archive.folder / "files").rglob("*") if p.is_file() and p.name not in known
    ]
    repaired = {}
    if repair:
        if missing or extra:
            repaired["index"] = repair_index_drift(archive)
        removed = 0
        for p in orphans:  # copies whose import never committed (e.g. power cut mid-import)
            try:
                p.unlink()
                removed += 1
            except OSError as e:
                log.warning("cannot remove orphan %s: %s", p, e)
        if orphans:
            repaired["orphan_files_removed"] = removed
    return {
        "ok": integrity == "ok"
        and not files_missing
        and (repair or not (missing or extra or orphans)),
        "sqlite_integrity": integrity,
        "documents": len(in_db),
        "indexed": len(in_index),
        "index_missing": len(missing),
        "index_extra": len(extra),
        "files_missing": files_missing,
        "orphan_files": len(orphans),
        "repaired": repaired,
        "seconds": round(time.perf_counter() - t0, 3),
    }
