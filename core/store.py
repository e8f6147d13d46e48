"""SQLite storage, the archive's source of truth. The only module that imports sqlite_utils."""

from __future__ import annotations

import getpass
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from core.errors import ArchiveError, NotFound
from core.models import DOCUMENT_FIELDS, UNCATEGORIZED
from core.schema import MIGRATIONS, SCHEMA_VERSION


def current_user() -> str:
    """The logged-in user's name for the audit trail ('' if the system cannot say)."""
    try:
        return getpass.getuser()
    except Exception:
        return ""


def now_iso() -> str:
    """Local time, to the second, ISO 8601."""
    return datetime.now().isoformat(timespec="seconds")


class Store:
    """Thread-safe access to archive.db (one connection guarded by a lock; WAL)."""

    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE … COMMIT) in transaction().
        conn = sqlite3.connect(
            str(self.path), check_same_thread=False, timeout=30, isolation_level=None
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()
        self._migrate()

    def close(self) -> None:
        with self.lock:
            self.db.conn.close()

    # ---------------------------------------------------------------- schema
    def _migrate(self) -> None:
        with self.lock:
            current = self.db.execute("PRAGMA user_version").fetchone()[0]
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
                    MIGRATIONS[version](self.db)
                    self.db.execute(f"PRAGMA user_version={version}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

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
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def insert(self, table: str, row: dict) -> int:
        """INSERT one row inside the caller's transaction (sqlite-utils' insert commits itself)."""
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

    # ---------------------------------------------------------------- documents
    def insert_document(self, record: dict, content: str, ncontent: str) -> int:
        """Insert one document and its text (inside the caller's transaction)."""
        row = {k: record.get(k) for k in DOCUMENT_FIELDS if k in record}
        row["guessed"] = json.dumps(record.get("guessed") or {}, ensure_ascii=False)
        row["extra"] = json.dumps(record.get("extra") or {}, ensure_ascii=False)
        doc_id = self.insert("documents", row)
        self.insert("document_text", {"doc_id": doc_id, "content": content, "ncontent": ncontent})
        return doc_id

    def document(self, doc_id: int, with_content: bool = True) -> dict:
        """One document as a dict (category name and path included); NotFound if absent."""
        with self.lock:
            rows = list(
                self.db.query(
                    "SELECT d.*, t.content FROM documents d LEFT JOIN document_text t "
                    "ON t.doc_id = d.id WHERE d.id = ?"
                    if with_content
                    else "SELECT d.* FROM documents d WHERE d.id = ?",
                    [doc_id],
                )
            )
            if not rows:
                raise NotFound(f"没有编号为 {doc_id} 的文件")
            return self._decorate(rows[0])

    def documents(self, ids: Iterable[int]) -> dict[int, dict]:
        """Several documents without content, keyed by id."""
        ids = list(ids)
        if not ids:
            return {}
        with self.lock:
            rows = self.db.query(
                "SELECT * FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids)],
            )
            return {r["id"]: self._decorate(r) for r in rows}

    def _decorate(self, row: dict) -> dict:
        row["guessed"] = json.loads(row.get("guessed") or "{}")
        row["extra"] = json.loads(row.get("extra") or "{}")
        row["category"] = self.category_path(row.get("category_id"))
        return row

    def update_document(self, doc_id: int, fields: dict) -> None:
        """Write changed fields of one document (inside the caller's transaction)."""
        if not fields:
            return
        try:
            self.update("documents", doc_id, fields)
        except sqlite3.IntegrityError as e:  # the UNIQUE rules on 档号 and 件号
            if "archive_code" in str(e):
                raise ArchiveError(f"档号“{fields.get('archive_code')}”已被另一份文件使用") from e
            raise ArchiveError("件号与同一年度、保管期限、机构中的另一份文件重复") from e

    def id_by_sha256(self, sha256: str) -> int | None:
        return self.scalar("SELECT id FROM documents WHERE sha256 = ?", [sha256])

    def all_ids(self, include_trash: bool = True) -> list[int]:
        sql = "SELECT id FROM documents" + ("" if include_trash else " WHERE deleted_at IS NULL")
        with self.lock:
            return [r[0] for r in self.db.execute(sql)]

    def index_rows(self, ids: Iterable[int] | None = None) -> Iterator[tuple[int, str, str]]:
        """(id, ntitle, ncontent) for the index, streamed in id order."""
        sql = (
            "SELECT d.id, d.ntitle, t.ncontent FROM documents d JOIN document_text t "
            "ON t.doc_id = d.id"
        )
        if ids is None:
            cursor_sql, params = sql + " ORDER BY d.id", []
        else:
            cursor_sql = sql + " WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.id"
            params = [json.dumps(list(ids))]
        last = 0
        while True:  # page through so the lock is not held for a whole rebuild
            with self.lock:
                if ids is None:
                    page = self.db.execute(
                        sql + " WHERE d.id > ? ORDER BY d.id LIMIT 500", [last]
                    ).fetchall()
                else:
                    page = self.db.execute(cursor_sql, params).fetchall()
            yield from page
            if ids is not None or len(page) < 500:
                return
            last = page[-1][0]

    def sha256_digests(self) -> set[bytes]:
        """The sha256 of every stored file, as 32-byte digests (half the memory of hex str)."""
        with self.lock:
            rows = self.db.execute("SELECT sha256 FROM documents WHERE sha256 IS NOT NULL")
            return {bytes.fromhex(r[0]) for r in rows}

    def contents(self, ids: list[int]) -> dict[int, str]:
        """id -> original extracted text of the given documents."""
        with self.lock:
            rows = self.db.execute(
                "SELECT doc_id, content FROM document_text "
                "WHERE doc_id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids)],
            ).fetchall()
        return dict(rows)

    def search_texts(self, ids: list[int]) -> list[tuple[int, bytes]]:
        """(id, normalised text as UTF-8 bytes): substring tests and counts on the bytes are
        exact (UTF-8 matches only at character starts) and skip decoding, ~3x cheaper per
        document than decoding to str or SQLite instr()."""
        with self.lock:
            return self.db.execute(
                "SELECT doc_id, CAST(ncontent AS BLOB) FROM document_text "
                "WHERE doc_id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids)],
            ).fetchall()

    def search_attrs(self) -> list[tuple]:
        """Per-document attributes the search engine keeps in memory."""
        with self.lock:
            return self.db.execute(
                "SELECT id, year, category_id, doc_type, date, ntitle, deleted_at IS NOT NULL, "
                "archive_code, title FROM documents"
            ).fetchall()

    # ---------------------------------------------------------------- categories
    def ensure_category_path(self, names: list[str]) -> int:
        """The id of the category at this path, creating missing levels."""
        parent = None
        for name in names:
            name = name.strip()
            if not name:
                continue
            row = self.db.execute(
                "SELECT id FROM categories WHERE name = ? AND parent_id IS ?", [name, parent]
            ).fetchone()
            parent = (
                row[0] if row else self.insert("categories", {"name": name, "parent_id": parent})
            )
        return parent if parent is not None else self.uncategorized_id()

    def uncategorized_id(self) -> int:
        return self.scalar(
            "SELECT id FROM categories WHERE name = ? AND parent_id IS NULL", [UNCATEGORIZED]
        )

    def categories(self) -> list[dict]:
        return self.query(
            "SELECT id, name, parent_id, code FROM categories ORDER BY parent_id, name"
        )

    def category_path(self, category_id: int | None) -> str:
        """'党群/组织' style path of a category."""
        names = []
        seen = set()
        while category_id is not None and category_id not in seen:
            seen.add(category_id)
            row = self.db.execute(
                "SELECT name, parent_id FROM categories WHERE id = ?", [category_id]
            ).fetchone()
            if not row:
                break
            names.append(row[0])
            category_id = row[1]
        return "/".join(reversed(names))

    def category_by_name(self, name: str) -> list[int]:
        """Ids of categories whose name or path equals name."""
        name = name.strip().strip("/")
        return [
            c["id"] for c in self.categories() if name in (c["name"], self.category_path(c["id"]))
        ]

    def category_subtree(self, category_id: int) -> set[int]:
        """The category and all its descendants."""
        children: dict[int | None, list[int]] = {}
        for c in self.categories():
            children.setdefault(c["parent_id"], []).append(c["id"])
        out, todo = set(), [category_id]
        while todo:
            cid = todo.pop()
            if cid not in out:
                out.add(cid)
                todo.extend(children.get(cid, []))
        return out

    # ---------------------------------------------------------------- batches and audit
    def start_batch(self, source: str) -> int:
        with self.transaction():
            return self.insert("batches", {"started_at": now_iso(), "source": source})

    def record_outcome(self, batch_id: int, outcome: dict) -> None:
        self.insert("batch_files", {"batch_id": batch_id, **outcome})

    def finish_batch(self, batch_id: int, counts: dict) -> None:
        with self.transaction():
            self.update(
                "batches",
                batch_id,
                {"finished_at": now_iso(), "counts": json.dumps(counts, ensure_ascii=False)},
            )

    def audit(
        self,
        action: str,
        doc_id: int | None = None,
        details: dict | None = None,
        user: str | None = None,
    ) -> None:
        """Record one change (inside the caller's transaction)."""
        self.insert(
            "audit",
            {
                "at": now_iso(),
                "user": current_user() if user is None else user,
                "action": action,
                "doc_id": doc_id,
                "details": json.dumps(details or {}, ensure_ascii=False),
            },
        )

    def stats(self) -> dict:
        with self.lock:
            live = "FROM documents WHERE deleted_at IS NULL"
            by_year = {
                str(y) if y is not None else "未知": n
                for y, n in self.db.execute(
                    f"SELECT year, count(*) {live} GROUP BY year ORDER BY year"
                )
            }
            by_cat = {}
            for cid, n in self.db.execute(
                f"SELECT category_id, count(*) {live} GROUP BY category_id"
            ):
                by_cat[self.category_path(cid) or "未分类"] = n
            total = self.db.execute(f"SELECT count(*) {live}").fetchone()[0]
            return {"documents": total, "by_year": by_year, "by_category": by_cat}
