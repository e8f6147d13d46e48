"""SQL of saved searches (常用检索) and of the archive's meta facts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from core.errors import ArchiveError, NotFound
from core.store.schema import TEXT_END, TEXT_FILE

SEARCH_FORM_PAGE = 500  # documents per read while the search form is rewritten
FORM = "search_form"  # meta: the search form's version (analysis.search_form_key)


class SavedSearchRows:
    """Mixin of Store: the saved_searches and meta tables."""

    # ---------------------------------------------------------------- meta
    def meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", [key])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._put_meta(key, value)

    def _put_meta(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def search_texts_intact(self) -> bool:
        """Whether the search-text file holds every committed search form (it is missing when
        archive.db was restored or copied on its own)."""
        return self.texts.intact(int(self.meta(TEXT_END) or 0))

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

    @contextmanager
    def search_form_rewrite(self, key: str) -> Iterator[Callable[[list], None]]:
        """Rewrite every search form in one transaction: yields write((id, ntitle, ncontent)
        rows); the forms go to a new search-text file that replaces the old one on commit, and
        meta search_form becomes key. An error (or Cancelled) leaves everything as it was."""
        with self.lock:  # readers take spans and file together (search_attrs): no mixed pair
            if self.db.conn.in_transaction:  # the file swap must follow this commit
                raise RuntimeError("search_form_rewrite inside another transaction")
            new = self.texts.fresh()
            try:
                with self.transaction():

                    def write(rows: list[tuple[int, str, str]]) -> None:
                        for doc_id, ntitle, ncontent in rows:
                            at, length = new.append(ncontent)
                            self.execute(
                                "UPDATE documents SET ntitle = ?, text_at = ?, text_len = ? "
                                "WHERE id = ?",
                                [ntitle, at, length, doc_id],
                            )

                    yield write
                    new.sync()
                    for k, v in ((TEXT_FILE, new.name), (TEXT_END, str(new.end)), (FORM, key)):
                        self._put_meta(k, v)
            except BaseException:
                new.discard()
                raise
            old, self.texts = self.texts, new
            old.close()
            new.remove_others()

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
