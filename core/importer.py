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
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
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
GROUP_DOCS = 32  # files stored per SQLite transaction; their copies are fsynced together
INDEX_FLUSH_DOCS = 32  # hand each group to the index writer, which buffers until its own commit
INDEX_FLUSH_CHARS = 1_000_000


@dataclass
class Prepared:
    """A file ready to store: its record, text and the .part copy of its original."""

    src: SourceFile
    sha: str
    record: dict
    text: str
    ncontent: str
    dest: Path
    part: Path | None
    outcome: FileOutcome
    t: float


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
        self.timings: dict[str, float] = {}
        self.max_bytes = int(archive.settings["max_file_mb"]) * 1024 * 1024

    def run(self, paths: Iterable[str | os.PathLike]) -> ImportReport:
        t0 = time.perf_counter()
        sources = list(walk(paths))
        report = ImportReport(batch_id=self.store.start_batch(", ".join(map(str, paths))))
        group: list[Prepared] = []
        try:
            for n, src in enumerate(sources):
                if self.cancel.cancelled:
                    report.cancelled = True
                    break
                self.on_progress(Progress(n, len(sources), str(src.path), report.bytes))
                outcome = self._one(src, group)
                report.files.append(outcome)
                if len(group) >= GROUP_DOCS or (group and time.perf_counter() - group[0].t > 1):
                    self._commit_group(group, report)
            self._commit_group(group, report)
        finally:
            self._record_outcomes(report)
            self._flush_index(commit=True)  # what was imported is searchable when the report comes
            report.seconds = time.perf_counter() - t0
            report.timings = {k: round(v, 3) for k, v in self.timings.items()}
            self.store.finish_batch(report.batch_id, report.to_json() | {"files": None})
        self.on_progress(Progress(len(report.files), len(sources), "", report.bytes))
        return report

    def _one(self, src: SourceFile, group: list[Prepared]) -> FileOutcome:
        """Check, hash and extract one file; a good one joins the group to be committed."""
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
            with self.clock("hash"):
                sha = sha256_of(src.path)
        except OSError as e:
            return FileOutcome(path, "failed", error=UNREADABLE, detail=f"{type(e).__name__}: {e}")
        existing = self.seen_sha.get(sha) or self.store.id_by_sha256(sha)
        if existing:
            return FileOutcome(path, "duplicate", id=existing if existing > 0 else None)
        try:
            with self.clock("extract"):
                extracted = self.extractor.extract(src.path)
        except ExtractError as e:
            log.info("extract %s: %s (%s)", path, e.reason, e.detail)
            return FileOutcome(
                path, "skipped" if e.skipped else "failed", error=e.reason, detail=e.detail
            )
        outcome = FileOutcome(path, "imported")
        try:
            with self.clock("metadata+copy"):
                item = self._prepare(src, sha, st, extracted, outcome)
        except (OSError, sqlite3.OperationalError) as e:
            return self._write_failed(outcome, sha, src, e)
        group.append(item)
        self.seen_sha[sha] = -1  # a later copy in this batch is a duplicate too
        return outcome

    def _prepare(self, src: SourceFile, sha: str, st, extracted, outcome) -> Prepared:
        """Guess metadata and copy the original to a .part file (made durable at commit)."""
        guesses = guess_metadata(
            extracted,
            filename=src.path.name,
            folders=src.folders,
            file_mtime=datetime.fromtimestamp(st.st_mtime).date().isoformat(),
            rules=self.archive.settings.get("category_rules") or [],
        )
        record = {k: g.value for k, g in guesses.items() if k != "category"}
        record.update({k: v for k, v in self.defaults.items() if v not in (None, "")})
        record["category_id"] = self._category_id(src, guesses.get("category"))
        title = (record.get("title") or src.path.stem).strip()
        dest = self.archive.original_dest(sha, src.path)
        part = copy_to_part(src.path, dest) if not dest.exists() else None
        record.update(
            title=title,
            ntitle=normalize(title),
            original_name=src.path.name,
            source_path=str(src.path),
            size=st.st_size,
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
                "stored_file": dest.name,
                "warnings": extracted.warnings,
            },
        )
        return Prepared(
            src,
            sha,
            record,
            extracted.text,
            extracted.ntext if extracted.ntext is not None else normalize(extracted.text),
            dest,
            part,
            outcome,
            time.perf_counter(),
        )

    def _commit_group(self, group: list[Prepared], report: ImportReport) -> None:
        """Make the group's originals durable, then store the group in one transaction."""
        if not group:
            return
        try:
            with self.clock("store"):
                self._store_group(group)
        except (OSError, sqlite3.Error) as e:
            # disk full, folder unwritable: these files fail, the archive keeps what it had
            for g in group:
                self._write_failed(g.outcome, g.sha, g.src.path, e)
                self.seen_sha.pop(g.sha, None)
            group.clear()
            return
        for g in group:
            self.seen_sha[g.sha] = g.outcome.id
            report.bytes += g.record["size"]
            self.pending.append((g.outcome.id, g.record["ntitle"], g.ncontent))
            self.pending_chars += len(g.ncontent)
        self._record_outcomes(report)
        group.clear()
        if len(self.pending) >= INDEX_FLUSH_DOCS or self.pending_chars >= INDEX_FLUSH_CHARS:
            self._flush_index()

    def _store_group(self, group: list[Prepared]) -> None:
        finish_parts([g for g in group if g.part is not None])
        with self.store.transaction():
            for g in group:
                g.outcome.id = self.store.insert_document(g.record, g.text, g.ncontent)
                self.store.audit("import", g.outcome.id, {"path": str(g.src.path), "sha256": g.sha})

    @contextmanager
    def clock(self, phase: str):
        """Add the time spent in the block to the report's timings."""
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - t0

    def _write_failed(self, outcome: FileOutcome, sha: str, src, e: Exception) -> FileOutcome:
        log.warning("store %s: %s", outcome.path, e)
        self.archive.discard_original(sha, Path(src.path if isinstance(src, SourceFile) else src))
        outcome.status, outcome.error = "failed", _write_reason(e)
        outcome.detail = f"{type(e).__name__}: {e}"
        return outcome

    def _record_outcomes(self, report: ImportReport) -> None:
        """Write the outcomes not yet written to batch_files (one transaction)."""
        start = getattr(self, "_recorded", 0)
        with self.store.transaction():
            for o in report.files[start:]:
                self.store.record_outcome(report.batch_id, _outcome_row(o))
        self._recorded = len(report.files)

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

    def _flush_index(self, commit: bool = False) -> None:
        with self.clock("index"):
            if self.pending or commit:
                self.archive.index_documents(self.pending, commit=commit)
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


def copy_to_part(src: Path, dest: Path) -> Path:
    """Copy src beside dest as dest.part (renamed into place once it is on disk)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    try:
        shutil.copyfile(src, part)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part


def finish_parts(items: list[Prepared]) -> None:
    """fsync the copies together (concurrent fsyncs are ~15x cheaper), then rename into place."""
    if not items:
        return

    def sync(item: Prepared) -> None:
        with open(item.part, "rb+") as f:
            os.fsync(f.fileno())

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(sync, items))
    for item in items:
        os.replace(item.part, item.dest)
