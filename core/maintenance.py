"""Index rebuild, drift repair and the archive check (SQLite is always the truth).

Helpers of the facade: they get the store, the index and the originals, write what is needed,
and leave committing the index to the search engine (the facade tells it the data changed).
"""

from __future__ import annotations

import logging
import time

from core.errors import ArchiveError, Cancelled
from core.models import ID_HASH, Progress

log = logging.getLogger(__name__)
PROGRESS_EVERY = 200  # documents between progress reports (the index commits by its own size rule)


def update_search_forms(
    store, normalize, key: str, read_only: bool, on_progress=None, cancel=None
) -> bool:
    """Rewrite every search form when another version or setting of normalize made them (key:
    analysis.search_form_key), or when the search-text file is missing or short; True when
    documents were rewritten (rebuild the index). One transaction: stopping (Cancelled) or a
    failure leaves every form as it was."""
    if store.meta("search_form") == key and store.search_texts_intact():
        return False
    if read_only:
        if store.document_count():
            raise ArchiveError("档案库需要更新检索文本，请在可写方式打开档案库时进行。")
        return False
    n = rewrite_search_forms(store, normalize, key, on_progress, cancel)
    log.info("search form %s written for %d documents", key, n)
    return n > 0


def rewrite_search_forms(store, normalize, key: str, on_progress=None, cancel=None) -> int:
    """Recompute every document's search form (ntitle, ncontent) from its original title and
    text: run at open when the search form changed (SEARCH_FORM), before the index rebuild."""
    on_progress = on_progress or (lambda p: None)
    total, done = store.document_count(), 0
    message = "正在更新检索文本"  # a 繁简 change, a new search form, or the file was missing
    on_progress(Progress(0, total, message=message))
    with store.search_form_rewrite(key) as write:
        for page in store.original_texts():
            if cancel is not None and cancel.cancelled:
                raise Cancelled("已停止，繁简通检的设置没有改变")
            write([(i, normalize(t or ""), normalize(c)) for i, t, c in page])
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
    # Equal summaries (count, sum, two scrambled sums) mean equal id sets for every drift a
    # crash can leave; comparing them skips building two sets of every id at each open.
    if store.id_summary() == index.id_summary(*ID_HASH):
        return [], []
    in_db, in_index = set(store.all_ids()), index.live_ids()
    return sorted(in_db - in_index), sorted(in_index - in_db)


def repair_index_drift(store, index, on_progress=None) -> dict:
    """Index the documents the index lacks; drop ids SQLite no longer has."""
    agreed = [index.signature(), store.change_fingerprint()]
    if index.sync_marker() == agreed:  # neither side changed since they last agreed
        return {"missing": 0, "extra": 0}
    missing, extra = index_drift(store, index)
    if missing or extra:
        log.warning("index drift: %d missing, %d extra: repairing", len(missing), len(extra))
        if extra:
            index.write(delete_ids=extra)
        rows = store.index_rows(missing) if missing else iter(())
        _index_rows(index, rows, len(missing), on_progress, None)
    else:
        index.save_sync_marker(agreed)
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
    if orphans:
        repaired["orphan_files_removed"] = _remove(orphans)
    return repaired


def _remove(orphans: list) -> int:
    """Delete copies whose import never committed (e.g. power cut mid-import); how many went."""
    removed = 0
    for path in orphans:
        try:
            path.unlink()
            removed += 1
        except OSError as e:
            log.warning("cannot remove orphan %s: %s", path, e)
    return removed


def recover(store, originals, index_work: dict, unclean: bool) -> dict | None:
    """At open: after a session that never closed, check SQLite and the originals and remove
    orphans; with what opening did to the index, say what was done (None: nothing to say)."""
    if not unclean and not index_work:
        return None
    done = {"unclean": unclean, **index_work}
    if unclean:
        done["sqlite_integrity"] = store.integrity(quick=True)
        missing, orphans = _originals_state(store, originals)
        done["files_missing"] = missing
        done["orphan_files_removed"] = _remove(orphans)
    done["message"] = recovery_message(done)
    log.warning("archive checked at open: %s", done)
    return done


def recovery_message(done: dict) -> str:
    """What the check at open found and did, in words a clerk understands."""
    parts = []
    if done["unclean"]:
        parts.append("上次没有正常关闭档案库（可能是断电、程序被强行结束或U盘被拔出），已自动检查")
        integrity = done["sqlite_integrity"]
        parts.append(
            "数据库完好"
            if integrity == "ok"
            else f"数据库检查发现问题（{integrity[:80]}），请用“从备份恢复”恢复档案库"
        )
    if done.get("index_rebuilt") is not None:
        parts.append(f"检索索引已从数据库重建（{done['index_rebuilt']} 件）")
    elif drift := done.get("index_missing", 0) + done.get("index_extra", 0):
        parts.append(f"补建了 {drift} 件文件的检索索引")
    if done.get("orphan_files_removed"):
        parts.append(f"清除了 {done['orphan_files_removed']} 个未完成导入留下的文件")
    if done.get("files_missing"):
        parts.append(f"{len(done['files_missing'])} 件文件的原件缺失（详见“检查档案库”）")
    if done["unclean"] and done["sqlite_integrity"] == "ok" and not done.get("files_missing"):
        parts.append("已保存的文件没有丢失")
    return "；".join(parts) + "。"
