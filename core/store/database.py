"""The Store: one SQLite connection to archive.db (WAL), thread-safe, with explicit transactions.

The only module that imports sqlite_utils. The SQL of each concern lives in a mixin beside it
(documents, categories, numbering, ocr, mail); every caller outside core/store works through these methods.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from core.errors import ArchiveError
from core.store.categories import CategoryRows
from core.store.documents import DocumentRows
from core.store.mail import MailRows
from core.store.numbering import NumberingRows
from core.store.ocr import OcrRows
from core.store.saved import SavedSearchRows
from core.store.schema import MIGRATIONS, SCHEMA_VERSION, TEXT_END, TEXT_FILE, TEXTS_MOVED
from core.store.texts import SearchTexts

# Verification and ranking read thousands of texts per query: memory-mapped pages are 3-4x
# cheaper than read() calls (measured on document_text).
MMAP_BYTES = 1 << 30
log = logging.getLogger(__name__)


class Store(DocumentRows, CategoryRows, NumberingRows, SavedSearchRows, OcrRows, MailRows):
    """Thread-safe access to archive.db (one connection guarded by a lock; WAL)."""

    def __init__(self, path: Path, read_only: bool = False, on_progress=None):
        """on_progress(done, total): how far a migration of an older archive got (the one
        that moves the search texts takes ~10 s at 50,000 documents)."""
        self.path = Path(path)
        self.read_only = read_only
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE … COMMIT) in transaction().
        conn = sqlite3.connect(
            str(self.path), check_same_thread=False, timeout=30, isolation_level=None
        )
        # synchronous=FULL: a commit is on the disk when it returns (with NORMAL, WAL commits
        # since the last checkpoint may vanish in a power cut or when a USB stick is pulled).
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()
        self.texts = SearchTexts(self.path.parent, None)  # named once migrated
        self._migrate(on_progress)
        self.texts = SearchTexts(self.path.parent, self.meta(TEXT_FILE))
        if not read_only:
            self.texts.remove_others()  # replaced files, or a rewrite that never committed

    def close(self) -> None:
        with self.lock:
            self.texts.close()
            self.db.conn.close()

    # ---------------------------------------------------------------- schema
    def _migrate(self, on_progress=None) -> None:
        with self.lock:
            current = self.schema_version
            if current > SCHEMA_VERSION:
                raise ArchiveError(
                    f"档案库由更新版本的程序创建（结构版本 {current}），请升级档案管家后再打开。"
                )
            if self.read_only:
                if current < SCHEMA_VERSION:
                    raise ArchiveError("档案库需要升级结构，请在可写方式打开档案库时进行。")
                return
            for version in range(current + 1, SCHEMA_VERSION + 1):
                with self.transaction():
                    MIGRATIONS[version](self.db, on_progress)
                    self.db.execute(f"PRAGMA user_version={version}")
            if 0 < current < TEXTS_MOVED <= SCHEMA_VERSION:
                if on_progress is not None:
                    on_progress(0, 0)
                self._compact()  # the search forms' pages are free now: give them back

    def _compact(self) -> None:
        """VACUUM: archive.db shrinks to what it holds (needs that much free disk for a while;
        when it cannot, the free pages are simply reused by later imports)."""
        try:
            self.db.execute("VACUUM")
        except sqlite3.Error as e:
            log.warning("archive.db not compacted: %s", e)

    @property
    def schema_version(self) -> int:
        return self.scalar("PRAGMA user_version")

    def integrity(self, quick: bool = False) -> str:
        """SQLite's own check of the whole file: 'ok' or what is wrong (quick: pages and rows,
        without cross-checking every index entry)."""
        return self.scalar("PRAGMA quick_check" if quick else "PRAGMA integrity_check")

    # ---------------------------------------------------------------- primitives
    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic write: commit on success, roll back on any error."""
        with self.lock:
            conn = self.db.conn
            if conn.in_transaction:
                yield self.db
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                self._sync_texts(self.texts)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _sync_texts(self, texts: SearchTexts) -> None:
        """Put this transaction's appended search texts on the disk and record the file's
        length, before the spans that point at them commit."""
        if texts.pending:
            texts.sync()
            self._put_meta(TEXT_END, str(texts.end))

    def insert(self, table: str, row: dict) -> int:
        """INSERT one row inside the caller's transaction."""
        cols = ", ".join(f"[{k}]" for k in row)
        marks = ", ".join("?" * len(row))
        cur = self.db.execute(
            f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(row.values())
        )
        return cur.lastrowid

    def update(self, table: str, pk: int, fields: dict, pk_name: str = "id") -> None:
        """UPDATE one row inside the caller's transaction."""
        if fields:
            sets = ", ".join(f"[{k}] = ?" for k in fields)
            self.db.execute(
                f"UPDATE [{table}] SET {sets} WHERE [{pk_name}] = ?", [*fields.values(), pk]
            )

    def query(self, sql: str, params=()) -> list[dict]:
        """Rows of a read query as dicts."""
        with self.lock:
            return list(self.db.query(sql, params))

    def scalar(self, sql: str, params=()):
        with self.lock:
            row = self.db.execute(sql, params).fetchone()
            return row[0] if row else None

    def execute(self, sql: str, params=()) -> int:
        """Run one write statement inside the caller's transaction; the rows it changed."""
        return self.db.execute(sql, params).rowcount
