"""The import's source side: find, check, hash and extract files in a thread ahead of the importer.

The extraction worker is a separate process, so while the importing thread guesses metadata,
stores and indexes one file, the feed thread already hashes and extracts the next ones: both
cores work. Files come out in source order through a small bounded queue.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core.folder import held
from core.folder.held import HELD, is_held, retry_held
from core.ingest.extract.base import (
    EMPTY,
    TOO_LARGE,
    UNREADABLE,
    UNSUPPORTED,
    Extracted,
    ExtractError,
)
from core.models import CancelToken, FileOutcome

log = logging.getLogger(__name__)

# Files the office's folders are full of that are not documents.
IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}
FEED_AHEAD = 32  # extracted files waiting for the importer: rides out jitter
FEED_AHEAD_CHARS = 4_000_000  # ... but no more text than this (big PDFs) waits in memory
_END = object()


class SourceFile:
    """A file to import and the folders between the import root and it.

    A big import lists tens of thousands: the folder and its names are shared, the Path is
    made when asked for."""

    __slots__ = ("folder", "name", "folders")

    def __init__(self, folder: str, name: str, folders: list[str]):
        self.folder, self.name, self.folders = folder, name, folders

    @property
    def path(self) -> Path:
        return Path(self.folder, self.name)


@dataclass
class Fed:
    """One source file after the feed: extracted, or an outcome reached without the importer."""

    index: int
    src: SourceFile
    st: os.stat_result | None = None
    sha: str | None = None
    extracted: Extracted | None = None
    guesses: dict | None = None  # guessed metadata, made beside the extraction
    outcome: FileOutcome | None = None  # failed or skipped before storing
    in_archive: bool = False  # the archive already holds these bytes
    first_copy: int | None = None  # index of an earlier file of this batch with the same bytes


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
                rel = list(Path(dirpath).relative_to(root).parts)
                for name in sorted(filenames):
                    if _wanted(name):
                        yield SourceFile(dirpath, name, rel)
        else:
            yield SourceFile(str(root.parent), root.name, [])


def _wanted(name: str) -> bool:
    low = name.lower()
    return low not in IGNORED_NAMES and not name.startswith("~$") and not name.startswith(".")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with retry_held(open, path, "rb") as f:  # an antivirus scan or Word may hold it a moment
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Feed:
    """Iterate Fed items in source order while a thread prepares the next ones.

    The extractor is used by the feed thread only; known holds the archive's sha256 digests
    (its files are never extracted again). Always close() — it stops and joins the thread."""

    sources: list[SourceFile]
    extractor: object
    known: set[bytes]
    max_bytes: int
    cancel: CancelToken
    rules: list[dict] = field(default_factory=list)  # the archive's category rules
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._queue: queue.Queue = queue.Queue(FEED_AHEAD)
        self._stop = threading.Event()
        self._room = threading.Condition()  # the feed waits while too much text is queued
        self._ahead_chars = 0
        self._first: dict[bytes, int] = {}
        self._thread = threading.Thread(target=self._produce, name="import-feed", daemon=True)
        self._thread.start()

    def __iter__(self) -> Iterator[Fed]:
        while True:
            item = self._next()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _next(self):
        """The next item, or _END as soon as the import is cancelled (even mid-extraction)."""
        t0 = time.perf_counter()
        try:
            while not self.cancel.cancelled:
                try:
                    item = self._queue.get(timeout=0.1)
                except queue.Empty:
                    continue
                self._account(-_chars(item))
                return item
            return _END
        finally:
            self._add("wait", t0)

    def close(self) -> None:
        """Stop the thread (cutting short an extraction in progress) and wait for it."""
        self._stop.set()
        with self._room:
            self._room.notify_all()
        if self._thread.is_alive():
            interrupt = getattr(self.extractor, "interrupt", None)
            if interrupt is not None:
                interrupt()
        while self._thread.is_alive():
            self._drain()
            self._thread.join(0.05)
        self._drain()

    def _drain(self) -> None:
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass

    def _produce(self) -> None:
        try:
            for n, src in enumerate(self.sources):
                with self._room:
                    self._room.wait_for(self._has_room)
                if self._stopping():
                    break
                self._put(self._feed_one(n, src))
        except BaseException as e:  # noqa: BLE001 - the importing thread re-raises it
            self._put(e)
        self._put(_END)

    def _has_room(self) -> bool:
        return self._ahead_chars < FEED_AHEAD_CHARS or self._stop.is_set()

    def _account(self, chars: int) -> None:
        """Track the text waiting in the queue (chars < 0: taken out)."""
        if chars:
            with self._room:
                self._ahead_chars += chars
                self._room.notify_all()

    def _stopping(self) -> bool:
        return self._stop.is_set() or self.cancel.cancelled

    def _put(self, item) -> None:
        """Queue an item, giving up if the importer has stopped taking them."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                self._account(_chars(item))
                return
            except queue.Full:
                continue

    def _feed_one(self, n: int, src: SourceFile) -> Fed:
        """Check, hash and extract one file (duplicates are not extracted)."""
        fed, path = Fed(n, src), str(src.path)
        t0 = time.perf_counter()
        try:
            st = fed.st = src.path.stat()
            if not stat.S_ISREG(st.st_mode):  # FIFOs, devices: reading could block forever
                fed.outcome = FileOutcome(path, "skipped", error=UNSUPPORTED, detail="not a file")
                return fed
            if st.st_size == 0:
                fed.outcome = FileOutcome(path, "failed", error=EMPTY)
                return fed
            if st.st_size > self.max_bytes:
                detail = f"{st.st_size} bytes > {self.max_bytes}"
                fed.outcome = FileOutcome(path, "failed", error=TOO_LARGE, detail=detail)
                return fed
            fed.sha = sha256_of(src.path)
        except OSError as e:
            detail = f"{type(e).__name__}: {e}"
            reason = HELD if is_held(e) else UNREADABLE
            fed.outcome = FileOutcome(path, "failed", error=reason, detail=detail)
            return fed
        finally:
            self._add("hash", t0)
        digest = bytes.fromhex(fed.sha)
        if digest in self.known:
            fed.in_archive = True
        elif digest in self._first:
            fed.first_copy = self._first[digest]
        else:
            self._first[digest] = n
            self._extract(fed)
        return fed

    def _extract(self, fed: Fed) -> None:
        t0 = time.perf_counter()
        facts = dict(
            filename=fed.src.path.name,
            folders=fed.src.folders,
            file_mtime=datetime.fromtimestamp(fed.st.st_mtime).date().isoformat(),
            rules=self.rules,
        )
        try:
            fed.extracted, fed.guesses = self._extract_held(fed.src.path, facts)
        except ExtractError as e:
            log.info("extract %s: %s (%s)", fed.src.path, e.reason, e.detail)
            status = "skipped" if e.skipped else "failed"
            fed.outcome = FileOutcome(str(fed.src.path), status, error=e.reason, detail=e.detail)
        finally:
            self._add("extract", t0)

    def _extract_held(self, path: Path, facts: dict):
        """Extract, trying again a moment later while another program holds the file."""
        for delay in (*held.DELAYS, None):
            try:
                return self.extractor.extract_and_guess(path, facts)
            except ExtractError as e:
                if e.reason != HELD or delay is None or self._stopping():
                    raise
                time.sleep(delay)
        raise AssertionError("unreachable")

    def _add(self, phase: str, t0: float) -> None:
        self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - t0


def _chars(item) -> int:
    """The extracted text (and a mail's attachments) an item holds in memory, in characters."""
    extracted = getattr(item, "extracted", None)
    if extracted is None:
        return 0
    carried = sum(len(data or b"") for _name, data in extracted.attachments)
    return len(extracted.text) + len(extracted.ntext or "") + carried
