"""Import files and folders: hash → duplicate check → extract → guess metadata → store → index.

The first three steps run ahead in the feed thread (core/import_feed.py); this thread takes
the files in source order and guesses metadata, copies, stores and indexes them."""

from __future__ import annotations

import errno
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from core.folder.held import HELD, is_held
from core.ingest.attachments import AttachmentImport
from core.ingest.durable import copy_to_part, finish_parts
from core.ingest.feed import Fed, Feed, SourceFile, walk
from core.models import CancelToken, FileOutcome, ImportReport, Progress, now_iso
from core.search.analysis import normalize
from core.store import DatabaseError

log = logging.getLogger(__name__)

GROUP_DOCS = 32  # files stored per SQLite transaction; their copies are fsynced together
INDEX_FLUSH_DOCS = 32  # hand each group to the index writer, which buffers until its own commit
INDEX_FLUSH_CHARS = 1_000_000
FEED_SWITCH_S = 0.0005
# Guesses that are not record fields: the category is resolved to an id; a date suggestion
# (document properties, file time) is only offered in the form, never stored as the date.
NOT_STORED = frozenset({"category", "date_suggestion"})
STORAGE_FAILED = "档案库所在的磁盘读写出错（U盘是否已拔出？）"


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
    attachments: list = field(default_factory=list)  # a mail's (name, bytes)
    depth: int = 0  # 0: a file; 1: a mail's attachment; 2: an attachment's attachment …


class Importer(AttachmentImport):
    """One import batch into an archive (runs in the caller's thread; the write lane)."""

    def __init__(
        self,
        store,
        index,
        originals,
        settings,
        extractor,
        *,
        category: str | None = None,
        folder_map: dict[str, str] | None = None,
        defaults: dict | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: CancelToken | None = None,
    ):
        self.store, self.index, self.originals = store, index, originals
        self.rules = settings.get("category_rules") or []
        self.folding = bool(settings.get("fold_variants", True))
        self.extractor = extractor
        self.category = category
        self.folder_map = folder_map or {}
        self.defaults = defaults or {}
        self.on_progress = on_progress or (lambda p: None)
        self.cancel = cancel or CancelToken()
        self.pending: list[tuple[int, str, str]] = []
        self.pending_chars = 0
        self.timings: dict[str, float] = {}
        self.category_ids: dict[tuple[str, ...], int] = {}
        self.max_bytes = int(settings["max_file_mb"]) * 1024 * 1024
        self.queue_ocr = ocr_wanted(settings)
        self._attached: list = []  # attachments of the stored mails, imported after the files
        self._attach_dir: Path | None = None  # their temporary copies (made at the first one)
        self._attach_count = 0
        self._origin: list | None = None  # in the attachment pass: which attachment each source is
        self._recorded = 0  # outcomes already written to batch_files

    def run(self, paths: Iterable[str | os.PathLike]) -> ImportReport:
        t0 = time.perf_counter()
        sources = list(walk(paths))
        report = ImportReport(batch_id=self.store.start_batch(", ".join(map(str, paths))))
        # one pool for the whole batch: starting 8 threads per group cost 10% of this thread
        self.fsync_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="import-fsync")
        # The feed thread wakes for a few microseconds per file (a worker's answer): at the
        # default 5 ms GIL switch interval it waits for this busy thread and the worker idles.
        switch = sys.getswitchinterval()
        sys.setswitchinterval(min(switch, FEED_SWITCH_S))
        try:
            self._import_sources(sources, report)
            report.cancelled = self.cancel.cancelled and len(report.files) < len(sources)
            self._import_attachments(report)  # the mails' attachments, as documents of their own
        finally:
            self.fsync_pool.shutdown()
            sys.setswitchinterval(switch)
            self._finish(report, t0)
        self.on_progress(Progress(len(report.files), len(report.files), "", report.bytes))
        return report

    def _import_sources(self, sources: list[SourceFile], report: ImportReport) -> None:
        """Feed, store and report the sources in order (files, or one level of attachments)."""
        known = self.store.sha256_digests()  # loaded once: the feed skips what is known
        feed = Feed(sources, self.extractor, known, self.max_bytes, self.cancel, rules=self.rules)
        group: list[Prepared] = []
        start = len(report.files)  # the attachment pass goes on counting after the files
        try:
            for fed in feed:
                if self.cancel.cancelled:
                    break
                attached = self._attachment_of(fed.index)
                # 邮件名 › 附件名, not the temporary copy
                current = attached.display if attached else str(fed.src.path)
                self.on_progress(
                    Progress(start + fed.index, start + len(sources), current, report.bytes)
                )
                outcome = self._one(fed, group, report)
                if attached:
                    outcome.path = attached.display
                report.files.append(outcome)
                if len(group) >= GROUP_DOCS or (group and time.perf_counter() - group[0].t > 1):
                    self._commit_group(group, report)
            self._commit_group(group, report)
        finally:
            feed.close()
            for phase, seconds in feed.timings.items():
                self.timings[phase] = self.timings.get(phase, 0.0) + seconds

    def _finish(self, report: ImportReport, t0: float) -> None:
        """Record the outcomes, hand the last files to the index, close the batch."""
        self._record_outcomes(report)
        self._flush_index()
        report.seconds = time.perf_counter() - t0
        report.timings = {k: round(v, 3) for k, v in self.timings.items()}
        log.info(
            "import batch %s: %d files, %d imported in %.1f s; seconds per phase %s",
            report.batch_id,
            len(report.files),
            report.imported,
            report.seconds,
            report.timings,
        )
        try:
            self.store.finish_batch(report.batch_id, report.to_json() | {"files": None})
        except DatabaseError as e:
            log.warning("import batch %s not closed: %s", report.batch_id, e)

    def _one(self, fed: Fed, group: list[Prepared], report: ImportReport) -> FileOutcome:
        """One fed file's outcome; a good one joins the group to be committed."""
        path = str(fed.src.path)
        if fed.outcome is not None:
            return fed.outcome
        if fed.in_archive:
            return FileOutcome(path, "duplicate", id=self.store.id_by_sha256(fed.sha))
        if fed.first_copy is not None:
            return self._copy_outcome(path, report.files[fed.first_copy], group, report)
        outcome = FileOutcome(path, "imported")
        try:
            with self.clock("metadata+copy"):
                item = self._prepare(fed, outcome)
        except (OSError, DatabaseError) as e:
            return self._write_failed(outcome, fed.sha, fed.src, e)
        group.append(item)
        return outcome

    def _copy_outcome(self, path: str, first: FileOutcome, group, report) -> FileOutcome:
        """A second copy within the batch shares its first copy's fate (stored or failed)."""
        if any(g.outcome is first for g in group):
            self._commit_group(group, report)  # the first copy's id (or failure) is known after
        if first.status in ("imported", "duplicate"):
            return FileOutcome(path, "duplicate", id=first.id)
        return FileOutcome(path, first.status, error=first.error, detail=first.detail)

    def _prepare(self, fed: Fed, outcome: FileOutcome) -> Prepared:
        """Fill in the record and copy the original to a .part file (made durable at commit)."""
        src, sha, st, extracted, guesses = fed.src, fed.sha, fed.st, fed.extracted, fed.guesses
        record = {k: g.value for k, g in guesses.items() if k not in NOT_STORED}
        record.update({k: v for k, v in self.defaults.items() if v not in (None, "")})
        record["category_id"] = self._category_id(src, guesses.get("category"))
        title = (record.get("title") or src.path.stem).strip()
        outcome.text = text_state(extracted)
        dest = self.originals.dest_for(sha, src.path)
        part = copy_to_part(src.path, dest) if not dest.exists() else None
        attached = self._attachment_of(fed.index)
        suggestion = _suggestion(guesses.get("date_suggestion"))
        if attached is not None:  # a mail's attachment: named and filed like its mail
            record["category_id"] = attached.category_id
            suggestion = _attachment_suggestion(attached, suggestion)
        record.update(
            title=title,
            ntitle=normalize(title, self.folding),
            original_name=attached.name if attached else src.path.name,
            source_path=attached.display if attached else str(src.path),
            size=st.st_size,
            sha256=sha,
            format=extracted.format,
            extractor=extracted.extractor,
            encoding=extracted.encoding,
            needs_ocr=int(extracted.needs_ocr),
            pages=extracted.pages or record.get("pages"),
            imported_at=now_iso(),
            batch_id=None,
            guessed={k: g.source for k, g in guesses.items() if k not in NOT_STORED},
            extra={
                "date_suggestion": suggestion,
                "properties": extracted.properties,
                "stored_file": dest.name,
                "warnings": extracted.warnings,
                **({"ocr_pages": extracted.ocr_pages} if extracted.ocr_pages else {}),
            },
        )
        return Prepared(
            src,
            sha,
            record,
            extracted.text,
            extracted.ntext
            if extracted.ntext is not None and self.folding  # the worker's form folds
            else normalize(extracted.text, self.folding),
            dest,
            part,
            outcome,
            time.perf_counter(),
            extracted.attachments,
            attached.depth if attached else 0,
        )

    def _commit_group(self, group: list[Prepared], report: ImportReport) -> None:
        """Make the group's originals durable, then store the group in one transaction."""
        if not group:
            return
        try:
            with self.clock("store"):
                self._store_group(group)
        except (OSError, DatabaseError) as e:
            # disk full, folder unwritable: these files fail, the archive keeps what it had
            for g in group:
                self._write_failed(g.outcome, g.sha, g.src.path, e)
            group.clear()
            return
        for g in group:
            report.bytes += g.record["size"]
            self.pending.append((g.outcome.id, g.record["ntitle"], g.ncontent))
            self.pending_chars += len(g.ncontent)
        self._record_outcomes(report)
        group.clear()
        if len(self.pending) >= INDEX_FLUSH_DOCS or self.pending_chars >= INDEX_FLUSH_CHARS:
            self._flush_index()

    def _store_group(self, group: list[Prepared]) -> None:
        finish_parts([g for g in group if g.part is not None], self.fsync_pool)
        with self.store.transaction():
            for g in group:
                g.outcome.id = self.store.insert_document(g.record, g.text, g.ncontent)
                if self.queue_ocr and (pages := ocr_pages_of(g.record)):
                    # stored at once, searchable by its metadata; the text follows from the queue
                    base = 0 if g.record["needs_ocr"] else len(g.text)
                    self.store.enqueue_ocr(g.outcome.id, pages, base_chars=base)
                path = g.record["source_path"]
                self.store.audit("import", g.outcome.id, {"path": path, "sha256": g.sha})
        for g in group:
            if g.attachments:  # stored: its attachments wait to be imported after the files
                self._keep_attachments(g.outcome.id, g.record, g)
                g.attachments = []  # written out: the bytes need not stay in memory

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
        try:
            referred = self.store.id_by_sha256(sha) is not None
        except DatabaseError:  # the disk is failing: the next start removes the orphan
            referred = True
        if not referred:  # no document refers to the copy
            self.originals.discard(sha, Path(src.path if isinstance(src, SourceFile) else src))
        outcome.status, outcome.error = "failed", _write_reason(e)
        outcome.detail = f"{type(e).__name__}: {e}"
        return outcome

    def _record_outcomes(self, report: ImportReport) -> None:
        """Write the outcomes not yet written to batch_files (one transaction)."""
        start = self._recorded
        try:
            with self.store.transaction():
                for o in report.files[start:]:
                    self.store.record_outcome(report.batch_id, _outcome_row(o))
        except DatabaseError as e:  # only the batch's record: the report still lists them
            log.warning("outcomes of batch %s not recorded: %s", report.batch_id, e)
            return
        self._recorded = len(report.files)

    def _category_id(self, src: SourceFile, guess) -> int:
        if self.category:
            return self.store_category(self.category.split("/"))
        if src.folders and src.folders[0] in self.folder_map:
            return self.store_category(self.folder_map[src.folders[0]].split("/"))
        if guess and guess.value:
            return self.store_category(list(guess.value))
        return self.store_category([])

    def store_category(self, names: list[str]) -> int:
        """The category's id, created if need be (remembered: the batch holds the write lock)."""
        key = tuple(names)
        if key not in self.category_ids:
            if not key:
                self.category_ids[key] = self.store.uncategorized_id()
            else:
                with self.store.transaction():
                    self.category_ids[key] = self.store.ensure_category_path(names)
        return self.category_ids[key]

    def _flush_index(self) -> None:
        with self.clock("index"):
            try:
                if self.pending:
                    self.index.write(add_docs=self.pending)
            except OSError as e:  # stored in SQLite: the index catches up at the next start
                log.warning("index write failed: %s", e)
        self.pending, self.pending_chars = [], 0


MAX_OCR_PAGES = 2000


def ocr_wanted(settings) -> bool:
    """OCR is queued when the component is installed and the clerk has not turned it off."""
    from core.ingest.ocr.engine import available

    return bool(settings.get("ocr_enabled", True)) and available()


OCR_FORMATS = {"pdf", "ofd", "jpg", "png", "tif", "bmp"}  # pages the OCR worker can render


def ocr_pages_of(record: dict) -> list[int]:
    """Pages to recognise: all of a scan or image, the image-only pages of a textual PDF."""
    if record.get("format") not in OCR_FORMATS:
        return []
    if record.get("needs_ocr"):
        return list(range(min(record.get("pages") or 1, MAX_OCR_PAGES)))
    return list((record.get("extra") or {}).get("ocr_pages") or [])[:MAX_OCR_PAGES]


def _write_reason(e: Exception) -> str:
    text = str(e).lower()
    if is_held(e):
        return HELD
    if getattr(e, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or "full" in text:
        return "磁盘空间不足"
    if isinstance(e, PermissionError):
        return "没有写入权限"
    if getattr(e, "errno", None) in (errno.EIO, errno.ENODEV, errno.ENXIO) or "i/o" in text:
        return STORAGE_FAILED
    return "无法写入档案库"


def _outcome_row(o: FileOutcome) -> dict:
    return {
        "path": o.path,
        "status": o.status,
        "doc_id": o.id,
        "error": o.error,
        "detail": o.detail,
    }


def _suggestion(guess) -> dict | None:
    """A date suggestion as kept in extra: {"date": ISO, "source": properties|file_mtime}."""
    return {"date": guess.value, "source": guess.source} if guess else None


def _attachment_suggestion(attached, suggestion: dict | None) -> dict | None:
    """An attachment's file time is when we unpacked it: its mail's date is the better hint."""
    if suggestion and suggestion["source"] != "file_mtime":
        return suggestion
    return {"date": attached.mail_date, "source": "mail"} if attached.mail_date else None


def text_state(extracted) -> str:
    """ok, needs_ocr (pages without a text layer) or empty (nothing readable came out)."""
    if extracted.needs_ocr:
        return "needs_ocr"
    return "ok" if (extracted.text or "").strip() else "empty"
