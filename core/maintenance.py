"""Index rebuild, drift repair and the archive check (SQLite is always the truth).

Helpers of the facade: they get the store, the index and the originals, write what is needed,
and leave committing the index to the search engine (the facade tells it the data changed).
"""

from __future__ import annotations

import logging
import time

from core.errors import ArchiveError, Cancelled
from core.models import Progress

log = logging.getLogger(__name__)
PROGRESS_EVERY = 200  # documents between progress reports (the index commits by its own size rule)


def update_search_forms(store, normalize, key: str, read_only: bool, on_progress=None) -> bool:
    """Rewrite every search form when another version or setting of normalize made them (key:
    analysis.search_form_key); True when documents were rewritten (rebuild the index)."""
    if store.meta("search_form") == key:
        return False
    if read_only:
        if store.document_count():
            raise ArchiveError("档案库需要更新检索文本，请在可写方式打开档案库时进行。")
        return False
    n = rewrite_search_forms(store, normalize, on_progress)
    store.set_meta("search_form", key)
    log.info("search form %s written for %d documents", key, n)
    return n > 0


def rewrite_search_forms(store, normalize, on_progress=None) -> int:
    """Recompute every document's search form (ntitle, ncontent) from its original title and
    text: run at open when the search form changed (SEARCH_FORM), before the index rebuild."""
    on_progress = on_progress or (lambda p: None)
    total, done = store.document_count(), 0
    message = "正在更新检索文本（繁简通检）"
    on_progress(Progress(0, total, message=message))
    for page in store.original_texts():
        store.write_search_forms([(i, normalize(t or ""), normalize(c)) for i, t, c in page])
        done += len(page)
        on_progress(Progress(done, total, message=message))
    return done


def rebuild_index(store, index, on_progress=None, cancel=None) -> int:
    """Recreate the index from every document in SQLite."""
    total = store.document_count()
    index.create()
    return _index_rows(index, store.index_rows(), total, on_progress, cancel)


def _index_rows(index, rows, total, on_progress, cancel) -> int:
    """Feed rows to the index in small steps, reporting progress."""
    on_progress = on_progress or (lambda p: None)
    done, batch = 0, []
    on_progress(Progress(0, total, message="正在重建检索索引"))
    for row in rows:
        if cancel is not None and cancel.cancelled:
            raise Cancelled("重建索引已取消（下次打开时会继续）")
        batch.append(row)
        if len(batch) >= PROGRESS_EVERY:
            index.write(add_docs=batch)
            done, batch = done + len(batch), []
            on_progress(Progress(done, total, message="正在重建检索索引"))
    index.write(add_docs=batch)
    done += len(batch)
    on_progress(Progress(done, total, message="检索索引已重建"))
    return done


def index_drift(store, index) -> tuple[list[int], list[int]]:
    """(ids SQLite has and the index lacks, ids the index has and SQLite no longer has)."""
    in_db, in_index = set(store.all_ids()), index.live_ids()
    return sorted(in_db - in_index), sorted(in_index - in_db)


def repair_index_drift(store, index, on_progress=None) -> dict:
    """Index the documents the index lacks; drop ids SQLite no longer has."""
    missing, extra = index_drift(store, index)
    if missing or extra:
        log.warning("index drift: %d missing, %d extra: repairing", len(missing), len(extra))
        if extra:
            index.write(delete_ids=extra)
        rows = store.index_rows(missing) if missing else iter(())
        _index_rows(index, rows, len(missing), on_progress, None)
    return {"missing": len(missing), "extra": len(extra)}


def check(store, index, originals, repair: bool = True) -> dict:
    """Integrity of SQLite, index ids against SQLite ids, and the kept originals."""
    t0 = time.perf_counter()
    integrity = store.integrity()
    missing, extra = index_drift(store, index)
    files_missing, orphans = _originals_state(store, originals)
    repaired = _repair(store, index, missing or extra, orphans) if repair else {}
    drift = bool(missing or extra or orphans)
    documents = store.document_count()
    return {
        "ok": integrity == "ok" and not files_missing and (repair or not drift),
        "sqlite_integrity": integrity,
        "documents": documents,
        "indexed": documents - len(missing) + len(extra),  # as found, before any repair
        "index_missing": len(missing),
        "index_extra": len(extra),
        "files_missing": files_missing,
        "orphan_files": len(orphans),
        "repaired": repaired,
        "seconds": round(time.perf_counter() - t0, 3),
    }


def _originals_state(store, originals) -> tuple[list[int], list]:
    """(ids whose kept original is missing, files under files/ no document refers to)."""
    missing, known = [], set()
    for doc_id, sha256, extra in store.stored_files():
        path = originals.path_of(sha256, extra)
        if path.is_file():  # one stat per document, no query per document
            known.add(path.name)
        else:
            missing.append(doc_id)
    return missing, [p for p in originals.files() if p.name not in known]


def _repair(store, index, drifted: bool, orphans: list) -> dict:
    """Repair index drift and remove orphaned copies; what was done."""
    repaired = {}
    if drifted:
        repaired["index"] = repair_index_drift(store, index)
    removed = 0
    for path in orphans:  # copies whose import never committed (e.g. power cut mid-import)
        try:
            path.unlink()
            removed += 1
        except OSError as e:
            log.warning("cannot remove orphan %s: %s", path, e)
    if orphans:
        repaired["orphan_files_removed"] = removed
    return repaired
