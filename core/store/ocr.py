"""The OCR queue and recognised pages: the SQL (a mixin of Store)."""

from __future__ import annotations

import json

from core.models import now_iso

WAITING, WORKING, DONE, FAILED, CANCELLED = "waiting", "working", "done", "failed", "cancelled"


class OcrRows:
    """OCR queue SQL; mixed into Store (self.db, self.lock, self.query … come from there)."""

    def enqueue_ocr(self, doc_id: int, pages: list[int], base_chars: int = 0) -> None:
        """Queue a document's pages (again): earlier results of it are forgotten."""
        with self.transaction():
            self.db.execute("DELETE FROM ocr_pages WHERE doc_id = ?", [doc_id])
            self.db.execute(
                "INSERT OR REPLACE INTO ocr_queue (doc_id, state, pages, base_chars, queued_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [doc_id, WAITING, json.dumps(pages), base_chars, now_iso()],
            )

    def ocr_resume(self) -> int:
        """After a crash or kill: documents left 'working' wait again (their pages are kept)."""
        with self.transaction():
            return self.execute(
                "UPDATE ocr_queue SET state = ? WHERE state = ?", [WAITING, WORKING]
            )

    def ocr_next(self) -> dict | None:
        """Claim the oldest waiting document of a live (not deleted) record."""
        with self.transaction():
            rows = self.query(
                "SELECT q.* FROM ocr_queue q JOIN documents d ON d.id = q.doc_id"
                " WHERE q.state = ? AND d.deleted_at IS NULL ORDER BY q.queued_at, q.doc_id LIMIT 1",
                [WAITING],
            )
            if not rows:
                return None
            self.execute(
                "UPDATE ocr_queue SET state = ? WHERE doc_id = ?", [WORKING, rows[0]["doc_id"]]
            )
        row = rows[0]
        row["pages"] = json.loads(row["pages"] or "[]")
        return row

    def ocr_done_pages(self, doc_id: int) -> dict[int, dict]:
        """Pages already recognised (or failed) for a document, by page number."""
        rows = self.query("SELECT * FROM ocr_pages WHERE doc_id = ? ORDER BY page", [doc_id])
        return {r["page"]: r for r in rows}

    def save_ocr_page(
        self, doc_id: int, page: int, text: str, margins: str, confidence, error: str | None
    ) -> None:
        """One page's result, durable at once (a kill after this loses nothing of it)."""
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO ocr_pages (doc_id, page, text, margins, confidence, error)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [doc_id, page, text, margins, confidence, error],
            )

    def finish_ocr(
        self, doc_id: int, content: str, ncontent: str, fields: dict, error: str | None
    ) -> None:
        """Store the document's new text and fields and close its queue entry, atomically."""
        with self.transaction():
            self.execute("UPDATE document_text SET content = ? WHERE doc_id = ?", [content, doc_id])
            at, length = self.texts.append(ncontent)  # the old form: unused space
            self.update("documents", doc_id, {**fields, "text_at": at, "text_len": length})
            self.execute(
                "UPDATE ocr_queue SET state = ?, finished_at = ?, error = ? WHERE doc_id = ?",
                [FAILED if error else DONE, now_iso(), error, doc_id],
            )

    def set_ocr_state(
        self, state: str, doc_ids: list[int] | None = None, only: str = WAITING
    ) -> int:
        """Move queue entries in state `only` (all, or the given documents) to `state`."""
        with self.transaction():
            if doc_ids is None:
                return self.execute("UPDATE ocr_queue SET state = ? WHERE state = ?", [state, only])
            return sum(
                self.execute(
                    "UPDATE ocr_queue SET state = ? WHERE state = ? AND doc_id = ?",
                    [state, only, i],
                )
                for i in doc_ids
            )

    def ocr_counts(self) -> dict:
        """Documents and pages still to recognise, and what is done or failed."""
        rows = self.query(
            "SELECT q.state, q.pages, (SELECT count(*) FROM ocr_pages p WHERE p.doc_id = q.doc_id)"
            " AS done FROM ocr_queue q JOIN documents d ON d.id = q.doc_id"
            " WHERE d.deleted_at IS NULL"
        )
        counts = {"waiting": 0, "pages_left": 0, "done": 0, "failed": 0, "cancelled": 0}
        for row in rows:
            state = row["state"]
            if state in (WAITING, WORKING):
                counts["waiting"] += 1
                counts["pages_left"] += max(0, len(json.loads(row["pages"] or "[]")) - row["done"])
            elif state in counts:
                counts[state] += 1
        return counts

    def ocr_entry(self, doc_id: int) -> dict | None:
        """A document's queue entry, or None when it was never queued."""
        rows = self.query("SELECT * FROM ocr_queue WHERE doc_id = ?", [doc_id])
        return rows[0] if rows else None
