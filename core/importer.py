"""Import files and folders: hash → duplicate check → extract → guess metadata → store → index."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.extract.base import EMPTY, TOO_LARGE, UNREADABLE, UNSUPPORTED, ExtractError
from core.metadata import guess_metadata
from core.models import CancelToken, FileOutcome, ImportReport, Progress
from core.store import now_iso
from core.textnorm import normalize

log = logging.getLogger(__name__)

# Files the office's folders are full of that are not documents.
IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}
INDEX_FLUSH_DOCS = 400
INDEX_FLUSH_CHARS = 8_000_000


@dataclass
class SourceFile:
    """A file to import and the folders between the import root and it."""

    path: Path
    folders: list[str]


def walk(paths: Iterable[str | os.PathLike]) -> Iterator[SourceFile]:
    """Files under the given paths, recursively, in a stable order, without symlink loops."""
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            seen: set[tuple[int, int]] = set()
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                st = os.stat(dirpath)
                if (st.st_dev, st.st_ino) in seen:
                    dirnames[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirnames.sort()
                rel = Path(dirpath).relative_to(root).parts
                for name in sorted(filenames):
                    if _wanted(name):
                        yield SourceFile(Path(dirpath) / name, list(rel))
        else:
            yield SourceFile(root, [])


def _wanted(name: str) -> bool:
    low = name.lower()
    return low not in IGNORED_NAMES and not name.startswith("~$") and not name.startswith(".")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class Importer:
    """One import batch into an archive (runs in the caller's thread; the write lane)."""

    def __init__(
        self,
        archive,
        extractor,
        *,
        category: str | None = None,
        folder_map: dict[str, str] | None = None,
        defaults: dict | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: CancelToken | None = None,
    ):
        self.archive = archive
        self.store = archive.store
        self.extractor = extractor
        self.category = category
        self.folder_map = folder_map or {}
        self.defaults = defaults or {}
        self.on_progress = on_progress or (lambda p: None)
        self.cancel = cancel or CancelToken()
        self.pending: list[tuple[int, str, str]] = []
        self.pending_chars = 0
        self.seen_sha: dict[str, int | None] = {}
        self.max_bytes = int(archive.settings["max_file_mb"]) * 1024 * 1024

    def run(self, paths: Iterable[str | os.PathLike]) -> ImportReport:
        t0 = time.perf_counter()
        sources = list(walk(paths))
        report = ImportReport(batch_id=self.store.start_batch(", ".join(map(str, paths))))
        try:
            for n, src in enumerate(sources):
                if self.cancel.cancelled:
                    report.cancelled = True
                    break
                self.on_progress(Progress(n, len(sources), str(src.path), report.bytes))
                outcome = self._one(src, report)
                report.files.append(outcome)
                with self.store.transaction():
                    self.store.record_outcome(report.batch_id, _outcome_row(outcome))
        finally:
            self._flush_index()
            report.seconds = time.perf_counter() - t0
            self.store.finish_batch(report.batch_id, report.to_json() | {"files": None})
        self.on_progress(Progress(len(report.files), len(sources), "", report.bytes))
        return report

    def _one(self, src: SourceFile, report: ImportReport) -> FileOutcome:
        path = str(src.path)
        try:
            st = src.path.stat()
            if not stat.S_ISREG(st.st_mode):  # FIFOs, devices: reading could block forever
                return FileOutcome(path, "skipped", error=UNSUPPORTED, detail="not a regular file")
            if st.st_size == 0:
                return FileOutcome(path, "failed", error=EMPTY)
            if st.st_size > self.max_bytes:
                return FileOutcome(
                    path, "failed", error=TOO_LARGE, detail=f"{st.st_size} bytes > {self.max_bytes}"
                )
            size = st.st_size
            sha = sha256_of(src.path)
        except OSError as e:
            return FileOutcome(path, "failed", error=UNREADABLE, detail=f"{type(e).__name__}: {e}")
        existing = self.seen_sha.get(sha) or self.store.id_by_sha256(sha)
        if existing:
            return FileOutcome(path, "duplicate", id=existing)
        try:
            extracted = self.extractor.extract(src.path)
        except ExtractError as e:
            log.info("extract %s: %s (%s)", path, e.reason, e.detail)
            return FileOutcome(
                path, "skipped" if e.skipped else "failed", error=e.reason, detail=e.detail
            )
        try:
            doc_id = self._store(src, sha, size, extracted)
        except (OSError, sqlite3.OperationalError) as e:
            # disk full, folder unwritable, source locked mid-copy: this file fails, the archive
            # keeps what it had (the SQLite transaction rolled back; a partial copy is removed)
            log.warning("store %s: %s", path, e)
            self.archive.discard_original(sha, src.path)
            return FileOutcome(
                path, "failed", error=_write_reason(e), detail=f"{type(e).__name__}: {e}"
            )
        report.bytes += size
        self.seen_sha[sha] = doc_id
        return FileOutcome(path, "imported", id=doc_id)

    def _store(self, src: SourceFile, sha: str, size: int, extracted) -> int:
        guesses = guess_metadata(
            extracted,
            filename=src.path.name,
            folders=src.folders,
            file_mtime=datetime.fromtimestamp(src.path.stat().st_mtime).date().isoformat(),
            rules=self.archive.settings.get("category_rules") or [],
        )
        record = {k: g.value for k, g in guesses.items() if k != "category"}
        record.update({k: v for k, v in self.defaults.items() if v not in (None, "")})
        record["category_id"] = self._category_id(src, guesses.get("category"))
        title = (record.get("title") or src.path.stem).strip()
        stored_file = self.archive.keep_original(src.path, sha)
        record.update(
            title=title,
            ntitle=normalize(title),
            original_name=src.path.name,
            source_path=str(src.path),
            size=size,
            sha256=sha,
            format=extracted.format,
            extractor=extracted.extractor,
            encoding=extracted.encoding,
            needs_ocr=int(extracted.needs_ocr),
            pages=extracted.pages or record.get("pages"),
            imported_at=now_iso(),
            batch_id=None,
            guessed={k: g.source for k, g in guesses.items()},
            extra={
                "properties": extracted.properties,
                "stored_file": stored_file.name,
                "warnings": extracted.warnings,
            },
        )
        ncontent = normalize(extracted.text)
        with self.store.transaction():
            doc_id = self.store.insert_document(record, extracted.text, ncontent)
            self.store.audit("import", doc_id, {"path": str(src.path), "sha256": sha})
        self.pending.append((doc_id, record["ntitle"], ncontent))
        self.pending_chars += len(ncontent)
        if len(self.pending) >= INDEX_FLUSH_DOCS or self.pending_chars >= INDEX_FLUSH_CHARS:
            self._flush_index()
        return doc_id

    def _category_id(self, src: SourceFile, guess) -> int:
        if self.category:
            return self.store_category(self.category.split("/"))
        if src.folders and src.folders[0] in self.folder_map:
            return self.store_category(self.folder_map[src.folders[0]].split("/"))
        if guess and guess.value:
            return self.store_category(list(guess.value))
        return self.store.uncategorized_id()

    def store_category(self, names: list[str]) -> int:
        with self.store.transaction():
            return self.store.ensure_category_path(names)

    def _flush_index(self) -> None:
        if self.pending:
            self.archive.index_documents(self.pending)
            self.pending, self.pending_chars = [], 0


def _write_reason(e: Exception) -> str:
    text = str(e).lower()
    if getattr(e, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or "full" in text:
        return "磁盘空间不足"
    if isinstance(e, PermissionError):
        return "没有写入权限"
    return "无法写入档案库"


def _outcome_row(o: FileOutcome) -> dict:
    return {
        "path": o.path,
        "status": o.status,
        "doc_id": o.id,
        "error": o.error,
        "detail": o.detail,
    }


def copy_original(src: Path, dest: Path) -> None:
    """Copy via a temporary name so a crash never leaves a half-written original."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        shutil.copyfile(src, tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
