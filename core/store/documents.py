"""Documents, their texts, import batches and the audit trail: the SQL (a mixin of Store)."""

from __future__ import annotations

import getpass
import json
import sqlite3
from collections.abc import Iterable, Iterator

from core.errors import ArchiveError, NotFound
from core.models import DOCUMENT_FIELDS, ID_HASH, LISTED_FIELDS, now_iso
from core.store.texts import SearchTexts

PAGE = 500  # rows per read while streaming, so the lock is not held for a whole rebuild
LISTED = ", ".join(
    ["id", "title", "date", "year", "category_id", "doc_type", "issuer", "doc_number"]
    + ["archive_code", *LISTED_FIELDS]
)


def current_user() -> str:
    """The logged-in user's name for the audit trail ('' if the system cannot say)."""
    try:
        return getpass.getuser()
    except Exception:
        return ""


def _ids_json(ids: Iterable[int]) -> str:
    return json.dumps(list(ids))


def _with_texts(rows, texts: SearchTexts) -> Iterator[tuple[int, str, str]]:
    """(id, ntitle, ncontent) of (id, ntitle, text_at, text_len) rows."""
    for doc_id, ntitle, at, length in rows:
        yield doc_id, ntitle, texts.read(at, length)


class DocumentRows:
    """Document SQL; mixed into Store (self.db, self.lock, self.insert … come from there)."""

    # ---------------------------------------------------------------- write
    def insert_document(self, record: dict, content: str, ncontent: str) -> int:
        """Insert one document, its text and its search form (inside the caller's transaction:
        the search form's bytes are synced before it commits)."""
        row = {k: record.get(k) for k in DOCUMENT_FIELDS if k in record}
        row["guessed"] = json.dumps(record.get("guessed") or {}, ensure_ascii=False)
        row["extra"] = json.dumps(record.get("extra") or {}, ensure_ascii=False)
        row["text_at"], row["text_len"] = self.texts.append(ncontent)
        doc_id = self.insert("documents", row)
        self.insert("document_text", {"doc_id": doc_id, "content": content})
        return doc_id

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

    # ---------------------------------------------------------------- read one or a few
    def document(self, doc_id: int, with_content: bool = True) -> dict:
        """One document as a dict (category name and path included); NotFound if absent."""
        sql = (
            "SELECT d.*, t.content FROM documents d LEFT JOIN document_text t "
            "ON t.doc_id = d.id WHERE d.id = ?"
            if with_content
            else "SELECT d.* FROM documents d WHERE d.id = ?"
        )
        with self.lock:
            rows = list(self.db.query(sql, [doc_id]))
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
                [_ids_json(ids)],
            )
            paths = self.category_paths()
            return {r["id"]: self._decorate(r, paths) for r in rows}

    def _decorate(self, row: dict, paths: dict[int, str] | None = None) -> dict:
        row["guessed"] = json.loads(row.get("guessed") or "{}")
        row["extra"] = json.loads(row.get("extra") or "{}")
        row["category"] = (paths or self.category_paths()).get(row.get("category_id"), "")
        return row

    def listing_rows(self, ids: list[int]) -> list[dict]:
        """The fields a result list shows (category as category_id), for a page of ids."""
        return self.query(
            f"SELECT {LISTED} FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            [_ids_json(ids)],
        )

    def trash_rows(self, ids: Iterable[int] | None = None) -> list[dict]:
        """id, title, archive_code, sha256, extra of the documents in the 回收站 (of ids, if given)."""
        sql = (
            "SELECT id, title, archive_code, sha256, extra FROM documents"
            " WHERE deleted_at IS NOT NULL"
        )
        params: list = []
        if ids is not None:
            sql += " AND id IN (SELECT value FROM json_each(?))"
            params.append(_ids_json(ids))
        rows = self.query(sql + " ORDER BY id", params)
        for row in rows:
            row["extra"] = json.loads(row["extra"] or "{}")
        return rows

    def remove_trashed(self, doc_id: int) -> int:
        """Delete a document in the 回收站 for good, inside the caller's transaction (its text
        and OCR queue go with it); 0 when it is not in the 回收站."""
        return self.execute(
            "DELETE FROM documents WHERE id = ? AND deleted_at IS NOT NULL", [doc_id]
        )

    def page_rows(self, ids: list[int], with_content: bool = True) -> dict[int, dict]:
        """id -> listing_rows' fields, plus "content" (the original text) when asked: a result
        page in one read."""
        columns = LISTED + (", t.content" if with_content else "")
        join = " LEFT JOIN document_text t ON t.doc_id = documents.id" if with_content else ""
        with self.lock:
            cursor = self.db.execute(
                f"SELECT {columns} FROM documents{join} "
                "WHERE documents.id IN (SELECT value FROM json_each(?))",
                [_ids_json(ids)],
            )
            names = [c[0] for c in cursor.description]
            return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}

    def id_by_sha256(self, sha256: str) -> int | None:
        return self.scalar("SELECT id FROM documents WHERE sha256 = ?", [sha256])

    def all_ids(self, include_trash: bool = True) -> list[int]:
        sql = "SELECT id FROM documents" + ("" if include_trash else " WHERE deleted_at IS NULL")
        with self.lock:
            return [r[0] for r in self.db.execute(sql)]

    def id_summary(self) -> list[int]:
        """(count, sum, sum of squares mod p, sum of a hash) of every document id, the 回收站 included:
        equal to the search index's summary when both hold the same ids (see core/maintenance)."""
        with self.lock:
            row = self.db.execute(
                "SELECT count(*), coalesce(sum(id), 0), coalesce(sum((id * id) % ?2), 0), "
                "coalesce(sum((id * ?1) % ?2), 0) FROM documents",
                ID_HASH,
            ).fetchone()
        return [int(v) for v in row]

    def document_count(self) -> int:
        """Documents in the archive, the 回收站 included."""
        return self.scalar("SELECT count(*) FROM documents") or 0

    def stored_files(self) -> list[tuple[int, str, dict]]:
        """(id, sha256, extra) of every document: where its kept original should be."""
        with self.lock:
            rows = self.db.execute("SELECT id, sha256, extra FROM documents").fetchall()
        return [(i, sha, json.loads(extra or "{}")) for i, sha, extra in rows]

    def stored_titles(self) -> list[tuple[str, dict, str]]:
        """(sha256, extra, title) of every document: which title each kept original has."""
        with self.lock:
            rows = self.db.execute("SELECT sha256, extra, title FROM documents").fetchall()
        return [(sha, json.loads(extra or "{}"), title) for sha, extra, title in rows]

    def sha256_digests(self) -> set[bytes]:
        """The sha256 of every stored file, as 32-byte digests (half the memory of hex str)."""
        with self.lock:
            rows = self.db.execute("SELECT sha256 FROM documents WHERE sha256 IS NOT NULL")
            return {bytes.fromhex(r[0]) for r in rows}

    # ---------------------------------------------------------------- texts
    def contents(self, ids: list[int]) -> dict[int, str]:
        """id -> original extracted text of the given documents."""
        with self.lock:
            rows = self.db.execute(
                "SELECT doc_id, content FROM document_text "
                "WHERE doc_id IN (SELECT value FROM json_each(?))",
                [_ids_json(ids)],
            ).fetchall()
        return dict(rows)

    def search_text(self, doc_id: int) -> str:
        """The normalised (search form) text of one document; '' when it has none."""
        with self.lock:
            span = self.db.execute(
                "SELECT text_at, text_len FROM documents WHERE id = ?", [doc_id]
            ).fetchone()
            texts = self.texts
        return texts.read(*span) if span else ""

    def index_rows(self, ids: Iterable[int] | None = None) -> Iterator[tuple[int, str, str]]:
        """(id, ntitle, ncontent) for the index, streamed in id order."""
        sql = "SELECT id, ntitle, text_at, text_len FROM documents"
        if ids is not None:
            with self.lock:
                rows = self.db.execute(
                    sql + " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                    [_ids_json(ids)],
                ).fetchall()
                texts = self.texts
            yield from _with_texts(rows, texts)
            return
        last = 0
        while True:
            with self.lock:
                page = self.db.execute(
                    sql + f" WHERE id > ? ORDER BY id LIMIT {PAGE}", [last]
                ).fetchall()
                texts = self.texts
            yield from _with_texts(page, texts)
            if len(page) < PAGE:
                return
            last = page[-1][0]

    # ---------------------------------------------------------------- for the search engine
    def search_attrs(self) -> tuple[list[tuple], SearchTexts]:
        """Per-document attributes the search engine keeps in memory (the last two: the span
        of the search form), and the search-text file those spans point into."""
        with self.lock:  # a rewrite of every form swaps the file inside the lock
            rows = self.db.execute(
                "SELECT id, year, category_id, doc_type, date, ntitle, deleted_at IS NOT NULL, "
                "archive_code, title, text_at, text_len FROM documents"
            ).fetchall()
            return rows, self.texts

    def column_values(self, column: str) -> list[tuple[int, str | None]]:
        """(id, value) of one metadata column for every document."""
        if column not in DOCUMENT_FIELDS:
            raise ValueError(f"not a document column: {column}")
        with self.lock:
            return self.db.execute(f"SELECT id, [{column}] FROM documents").fetchall()

    def change_fingerprint(self) -> str:
        """Changes whenever a document is added or edited: every such change is audited in its
        transaction, and migrations bump the schema version. Two b-tree lookups, no scan (a
        count(*) read the whole id index from disk at a cold open)."""
        return self.scalar(
            "SELECT json_array((SELECT max(id) FROM documents), (SELECT max(id) FROM audit), "
            "(SELECT user_version FROM pragma_user_version))"
        )

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

    def recent_batches(self, limit: int) -> list[dict]:
        """The newest import batches that brought in documents, with how many are still live."""
        return self.query(
            "SELECT b.id, b.started_at, b.source, count(d.id) AS documents FROM batches b"
            " JOIN batch_files f ON f.batch_id = b.id AND f.status = 'imported'"
            " JOIN documents d ON d.id = f.doc_id AND d.deleted_at IS NULL"
            " GROUP BY b.id ORDER BY b.id DESC LIMIT ?",
            [limit],
        )

    def batch_document_ids(self, batch_id: int) -> list[int]:
        sql = (
            "SELECT doc_id FROM batch_files WHERE batch_id = ? AND status = 'imported'"
            " AND doc_id IS NOT NULL ORDER BY doc_id"
        )
        with self.lock:
            return [r[0] for r in self.db.execute(sql, [batch_id])]

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

    def audit_rows(self, doc_id: int | None = None, limit: int = 500) -> list[dict]:
        """The newest audit records (of one document when doc_id is given)."""
        where, params = (" WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        return self.query(f"SELECT * FROM audit{where} ORDER BY id DESC LIMIT ?", [*params, limit])

    def stats(self) -> dict:
        with self.lock:
            live = "FROM documents WHERE deleted_at IS NULL"
            by_year = {
                str(y) if y is not None else "未知": n
                for y, n in self.db.execute(
                    f"SELECT year, count(*) {live} GROUP BY year ORDER BY year"
                )
            }
            paths, by_cat = self.category_paths(), {}
            for cid, n in self.db.execute(
                f"SELECT category_id, count(*) {live} GROUP BY category_id"
            ):
                by_cat[paths.get(cid) or "未分类"] = n
            total = self.db.execute(f"SELECT count(*) {live}").fetchone()[0]
            return {"documents": total, "by_year": by_year, "by_category": by_cat}
