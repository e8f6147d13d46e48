"""SQL of saved searches (常用检索) and of the archive's meta facts."""

from __future__ import annotations

import json
from collections.abc import Iterator

from core.errors import ArchiveError, NotFound

SEARCH_FORM_PAGE = 500  # documents per transaction while the search form is rewritten


class SavedSearchRows:
    """Mixin of Store: the saved_searches and meta tables."""

    # ---------------------------------------------------------------- meta
    def meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", [key])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    # ---------------------------------------------------------------- search form
    def original_texts(self) -> Iterator[list[tuple[int, str, str]]]:
        """Pages of (id, title, content) of every document, in id order."""
        last = 0
        while True:
            with self.lock:
                page = self.db.execute(
                    "SELECT d.id, d.title, ifnull(t.content, '') FROM documents d "
                    "LEFT JOIN document_text t ON t.doc_id = d.id WHERE d.id > ? "
                    f"ORDER BY d.id LIMIT {SEARCH_FORM_PAGE}",
                    [last],
                ).fetchall()
            if page:
                yield page
            if len(page) < SEARCH_FORM_PAGE:
                return
            last = page[-1][0]

    def write_search_forms(self, rows: list[tuple[int, str, str]]) -> None:
        """Store new (id, ntitle, ncontent) search forms in one transaction."""
        with self.transaction():
            for doc_id, ntitle, ncontent in rows:
                self.execute("UPDATE documents SET ntitle = ? WHERE id = ?", [ntitle, doc_id])
                self.execute(
                    "UPDATE document_text SET ncontent = ? WHERE doc_id = ?", [ncontent, doc_id]
                )

    # ---------------------------------------------------------------- saved searches
    def saved_searches(self) -> list[dict]:
        """Every saved search (name, query, filters), by name."""
        rows = self.query("SELECT name, query, filters FROM saved_searches ORDER BY name")
        return [{**r, "filters": json.loads(r["filters"] or "{}")} for r in rows]

    def saved_search(self, name: str) -> dict:
        for row in self.saved_searches():
            if row["name"] == name:
                return row
        raise NotFound(f"没有名为“{name}”的常用检索")

    def save_search(self, name: str, query: str, filters: dict, now: str) -> None:
        """Add a saved search, or replace the one of the same name."""
        with self.transaction():
            self.execute(
                "INSERT INTO saved_searches (name, query, filters, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET query = excluded.query, filters = excluded.filters",
                [name, query, json.dumps(filters, ensure_ascii=False), now],
            )

    def rename_saved_search(self, name: str, new_name: str) -> None:
        with self.transaction():
            if new_name != name and self.scalar(
                "SELECT 1 FROM saved_searches WHERE name = ?", [new_name]
            ):
                raise ArchiveError(f"已有名为“{new_name}”的常用检索")
            if not self.execute(
                "UPDATE saved_searches SET name = ? WHERE name = ?", [new_name, name]
            ):
                raise NotFound(f"没有名为“{name}”的常用检索")

    def delete_saved_search(self, name: str) -> None:
        with self.transaction():
            if not self.execute("DELETE FROM saved_searches WHERE name = ?", [name]):
                raise NotFound(f"没有名为“{name}”的常用检索")
