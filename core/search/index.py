"""The Whoosh full-text index: a rebuildable posting store of document ids.

With postings.py (its fast readers of Whoosh's segment files), the only module that imports
whoosh. It stores no text: two positionless fields (Han bigrams + Latin/digit words, and Han
unigrams) map terms to document ids; the search engine verifies exact matches in the texts.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from whoosh import fields, formats, writing
from whoosh.analysis import IDTokenizer
from whoosh.codec import whoosh3
from whoosh.filedb import filetables, structfile
from whoosh.filedb.filestore import FileStorage

from core.search import codec as search_codec
from core.search.analysis import BIGRAMS, FIELD_TERMS, UNIGRAMS
from core.search.bulk import attach, supported
from core.search.postings import postings, segment_ids

log = logging.getLogger(__name__)

# Bump when the analyzer or schema changes: an index of another version is rebuilt.
# 2: the schema's field class moved to core.search.index (its path is pickled into the index).
INDEX_VERSION = 3  # 3: terms of search form 2 (繁简 folding, 文号, 档号)
VERSION_FILE = "archivist-index.json"
SYNC_FILE = "in-sync.json"  # the index signature and SQLite fingerprint when they last agreed
WRITER_MB = 128
# Memory-mapped segment reads: posting blocks are slices, not seek+read under a lock (the
# common-phrase query 180 → see bench). Whoosh tolerates files it cannot delete while mapped
# (Windows) and cleans them later; create() closes every reader before removing the folder.
MMAP = True
# Documents stay in one open writer until this many normalised characters are pending or the
# engine asks for a commit (before a search, after an import or an edit). Whoosh commits
# of a few hundred documents each leave many small segments that are 4x larger per document and
# whose merges cost as much as indexing again; SQLite is the truth, so a crash before the commit
# only leaves drift that the next open repairs.
COMMIT_CHARS = 40_000_000
BULK = True  # core/search_bulk.py writes the term fields (False: stock Whoosh, for comparison)


class CJKField(fields.FieldType):
    """A positionless term field of core.search.analysis (kind: its field name, "g" or "u").

    The value given to add_document is a tuple of already-normalised strings. The class path
    core.search.index.CJKField is pickled into the index: moving it needs an INDEX_VERSION bump.
    """

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(formats.Existence(), IDTokenizer(), scorable=False, stored=False)

    def index(self, value, **kwargs):
        terms = FIELD_TERMS[UNIGRAMS if self.kind in ("u", "uni") else BIGRAMS](value)
        return [(t.encode("utf-8"), 1, 1.0, b"") for t in terms]


def make_schema() -> fields.Schema:
    """The index schema: the analysis module's two term fields and the SQLite id."""
    return fields.Schema(
        id=fields.NUMERIC(int, bits=64, stored=False, sortable=True, unique=True),
        **{name: CJKField(name) for name in FIELD_TERMS},
    )


class IndexUnavailable(Exception):
    """The index is missing, corrupt or of another version and must be rebuilt."""


class SearchIndex:
    """One Whoosh index folder: a single writer lane and one long-lived reader."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._write_lock = threading.RLock()
        self._writer = None
        self._bulk = None
        self._committed: set[int] | None = None
        self._df_cache: dict[tuple[str, str], int] = {}
        self._pending_ids: set[int] = set()
        self._pending_chars = 0
        self._last_write = 0.0
        self._ix = None
        self._reader = None  # Whoosh's reader, not a searcher: whoosh.searching is not needed
        self._leaves: list = []
        self._id_of: list[int] = []

    # ---------------------------------------------------------------- lifecycle
    def open(self) -> None:
        """Open the existing index; raise IndexUnavailable when it cannot be used."""
        with self._lock:
            try:
                meta = json.loads((self.path / VERSION_FILE).read_text("utf-8"))
            except (OSError, ValueError) as e:
                raise IndexUnavailable(f"no version file: {e}") from e
            if meta.get("version") != INDEX_VERSION:
                raise IndexUnavailable(f"index version {meta.get('version')} != {INDEX_VERSION}")
            reason = None
            try:
                storage = FileStorage(str(self.path), supports_mmap=MMAP)
                self._ix = storage.open_index()
                self._refresh_locked(force=True)
            except Exception as e:  # whoosh raises many kinds on damaged files
                reason = f"{type(e).__name__}: {e}"
            # Raised here, not in the except clause: the original exception's traceback would
            # ride along as __context__ and keep Whoosh's frames, and the file it was reading,
            # alive; on Windows the rebuild then cannot delete it (WinError 32, under wine).
            if reason is not None:
                self._release_after_failed_open()
                raise IndexUnavailable(reason)

    def _release_after_failed_open(self) -> None:
        """Close what a failed open left open (Whoosh does not close a file it finds damaged)."""
        for thing in (self._reader, self._ix):
            try:
                if thing is not None:
                    thing.close()
            except Exception:  # closing a damaged index may fail too; what matters is below
                pass
        self._reader, self._ix, self._leaves = None, None, []
        gc.collect()  # frames of the failed read may sit in reference cycles

    def create(self) -> None:
        """Create an empty index, replacing whatever is in the folder."""
        with self._write_lock, self._lock:
            self._drop_writer()
            self.close()
            gc.collect()  # readers in reference cycles may still map files Windows won't delete
            _empty_folder(self.path)
            self.path.mkdir(parents=True, exist_ok=True)
            storage = FileStorage(str(self.path), supports_mmap=MMAP)
            self._ix = storage.create_index(make_schema())
            (self.path / VERSION_FILE).write_text(
                json.dumps({"version": INDEX_VERSION}), encoding="utf-8"
            )
            self._refresh_locked(force=True)

    def close(self) -> None:
        """Commit what is pending, release the searcher and files."""
        with self._write_lock, self._lock:
            try:
                self.commit()
            except Exception as e:  # never lose the close; SQLite still has everything
                log.warning("index commit at close failed (%s): repaired at next open", e)
                self._drop_writer()
            if self._reader is not None:
                self._reader.close()
            # the leaf readers hold slices of the memory-mapped segments: drop them too, or the
            # mappings (undeletable files on Windows) outlive the close
            self._reader, self._leaves = None, []
            if self._ix is not None:
                self._ix.close()
            self._ix = None

    # ---------------------------------------------------------------- writing
    def write(self, add_docs: Iterable[tuple[int, str, str]] = (), delete_ids=()) -> None:
        """Add/replace documents (id, ntitle, ncontent) and delete ids; committed when enough
        is pending (a bound on memory) or at the next commit() (the search engine's call)."""
        add_docs = list(add_docs)
        delete_ids = [int(i) for i in delete_ids]
        with self._write_lock:
            touched = {int(r[0]) for r in add_docs} | set(delete_ids)
            if touched & self._pending_ids:  # a second version in one writer would duplicate it
                self.commit()
            writer = self._open_writer()
            committed = self._committed_ids()
            try:
                for doc_id in delete_ids:
                    writer.delete_by_term("id", doc_id)
                for doc_id, ntitle, ncontent in add_docs:
                    parts = (ntitle or "", ncontent or "")
                    self._add(writer, int(doc_id), parts, replace=int(doc_id) in committed)
                    self._pending_chars += len(parts[0]) + len(parts[1])
            except BaseException:
                self._drop_writer()
                raise
            self._pending_ids |= touched
            self._last_write = time.monotonic()
            if self._pending_chars >= COMMIT_CHARS:
                self.commit()

    def commit(self) -> bool:
        """Make pending writes visible to searches; True when there was something to commit."""
        with self._write_lock:
            if self._writer is None:
                return False
            writer, self._writer = self._writer, None
            self._pending_ids, self._pending_chars = set(), 0
            try:
                writer.commit()
            except BaseException:
                try:
                    writer.cancel()
                except Exception:
                    pass
                raise
            with self._lock:
                self._refresh_locked()
            return True

    @property
    def pending(self) -> int:
        """Documents written but not yet visible to searches."""
        return len(self._pending_ids)

    def _open_writer(self):
        if self._writer is None:
            self._writer = self._ix.writer(limitmb=WRITER_MB, codec=_CODEC)
            self._bulk = attach(self._writer) if BULK and supported(self._writer) else None
        return self._writer

    def _add(self, writer, doc_id: int, parts: tuple[str, str], replace: bool) -> None:
        """One document into the open writer (replacing a committed one with the same id)."""
        if replace:
            writer.delete_by_term("id", doc_id)
        if self._bulk is None:
            writer.add_document(id=doc_id, **{name: parts for name in FIELD_TERMS})
            return
        docnum = writer.docnum
        writer.add_document(id=doc_id)
        for name, terms_of in FIELD_TERMS.items():
            self._bulk.add(name, terms_of(parts), docnum)

    def _committed_ids(self) -> set[int]:
        if self._committed is None:
            self._committed = set(self._id_of)
        return self._committed

    def _drop_writer(self) -> None:
        """Forget uncommitted writes (SQLite keeps them; the next open repairs the drift)."""
        if self._writer is not None:
            try:
                self._writer.cancel()
            except Exception as e:
                log.warning("index writer cancel failed: %s", e)
        self._writer = None
        self._pending_ids, self._pending_chars = set(), 0

    # ---------------------------------------------------------------- reading
    def _refresh_locked(self, force: bool = False) -> None:
        current = self._reader is not None and not force
        if current and self._reader.generation() == self._ix.latest_generation():
            return
        if self._reader is not None:
            self._reader.close()
        # A fresh reader, not reader(reuse=...): Whoosh reuses a segment's reader by its id,
        # so deletions committed to an old segment would stay invisible.
        self._reader = self._ix.reader()
        self._leaves = self._reader.leaf_readers() if self._reader.doc_count_all() else []
        self._id_of = []
        self._committed = None
        for reader, _ in self._leaves:
            self._id_of.extend(segment_ids(reader))
        self._live = None
        self._df_cache: dict[tuple[str, str], int] = {}

    def signature(self) -> list:
        """Identifies the committed index across program runs (TOC generation, documents)."""
        with self._lock:
            return [self._ix.latest_generation(), len(self._id_of)]

    def sync_marker(self):
        """What save_sync_marker saved last (None when nothing or unreadable)."""
        try:
            return json.loads((self.path / SYNC_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def save_sync_marker(self, value) -> None:
        """Record that the index and SQLite agreed at value (core/maintenance)."""
        try:
            tmp = self.path / (SYNC_FILE + ".tmp")
            tmp.write_text(json.dumps(value), encoding="utf-8")
            os.replace(tmp, self.path / SYNC_FILE)
        except OSError as e:  # the next open just checks again
            log.warning("could not save %s: %s", SYNC_FILE, e)

    @property
    def generation(self) -> int:
        """Changes whenever the visible index changes (for caches keyed on docnums)."""
        return id(self._reader)

    def id_of_docnums(self) -> list[int]:
        """docnum -> SQLite id (deleted docnums included; they never appear in postings)."""
        return self._id_of

    def stale_docnums(self) -> set[int]:
        """Docnums of deleted or replaced documents still in their segments (until a merge):
        they map to an id like the live version does, so they must be left out of listings."""
        with self._lock:
            out: set[int] = set()
            for reader, offset in self._leaves:
                if reader.has_deletions():
                    out.update(offset + d for d in reader.deleted_docs_set)
            return out

    def live_ids(self) -> set[int]:
        """The set of SQLite ids currently indexed."""
        with self._lock:
            reader = self._reader
            if not reader.has_deletions():
                return set(self._id_of)
            return {self._id_of[d] for d in reader.all_doc_ids()}

    def id_summary(self, multiplier: int, modulus: int) -> list[int]:
        """(count, sum, sum of squares mod modulus, sum of (id * multiplier) % modulus) of the
        live ids: the store's id_summary when both hold the same ids, without a set of them."""
        with self._lock:
            reader, ids = self._reader, self._id_of
            if reader.has_deletions():
                ids = [ids[d] for d in reader.all_doc_ids()]
            return [
                len(ids),
                sum(ids),
                sum(i * i % modulus for i in ids),
                sum(i * multiplier % modulus for i in ids),
            ]

    def term_docnums(self, field: str, term: str) -> list[int]:
        """Docnums whose field contains the exact term."""
        with self._lock:
            out: list[int] = []
            for reader, offset in self._leaves:
                ids = postings(reader, field, term)
                out.extend(map(offset.__add__, ids) if offset else ids)
            return out

    def doc_frequency(self, field: str, term: str) -> int:
        """How many documents contain the term (deleted ones may be counted); cached per
        searcher, since a query plan asks for the same terms several times."""
        key = (field, term)
        df = self._df_cache.get(key)
        if df is None:
            with self._lock:
                df = self._reader.doc_frequency(field, term)
            if len(self._df_cache) > 50_000:
                self._df_cache.clear()
            self._df_cache[key] = df
        return df

    def expand_prefix(self, field: str, prefix: str, limit: int = 2000) -> list[str]:
        """Indexed terms of the field that start with prefix (bounded)."""
        with self._lock:
            out = []
            for t in self._reader.expand_prefix(field, prefix):
                out.append(t.decode("utf-8") if isinstance(t, bytes) else t)
                if len(out) >= limit:
                    break
            return out

    def doc_count(self) -> int:
        with self._lock:
            return self._reader.doc_count()

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.glob("*") if f.is_file())


def _empty_folder(path: Path, attempts: int = 5) -> None:
    """Delete the folder, retrying briefly: on Windows a virus scanner or indexer may hold a
    just-written file for a moment. What still cannot go is left for Whoosh to overwrite."""
    for attempt in range(attempts):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.1 * (attempt + 1))
    log.warning("could not empty %s: %s", path, [p.name for p in path.iterdir()])


_PATCHED = search_codec.patch(writing, whoosh3, filetables, structfile)
_CODEC = search_codec.make_codec(whoosh3, _PATCHED)
