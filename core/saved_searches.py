"""The facade's saved searches (常用检索): a mixin of core.archive.Archive.

A saved search is a name, the query text and its filters (years, category, type); it lives in
archive.db, so it travels with backup and restore. The host provides store, search(),
_writable() and _write_lock.
"""

from __future__ import annotations

from core.errors import ArchiveError
from core.models import now_iso

MAX_NAME = 40
FILTER_KEYS = ("years", "category", "doc_type")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ArchiveError("常用检索的名称不能为空")
    if len(name) > MAX_NAME:
        raise ArchiveError(f"常用检索的名称最多 {MAX_NAME} 个字")
    return name


class SavedSearches:
    """Named queries with their filters, kept in the archive."""

    def saved_searches(self) -> list[dict]:
        """[{"name", "query", "filters": {"years": [lo, hi]|None, "category", "doc_type"}}]."""
        return self.store.saved_searches()

    def saved_search(self, name: str) -> dict:
        """One saved search by name; NotFound when there is none."""
        return self.store.saved_search(name)

    def save_search(
        self, name: str, query: str = "", *, years=None, category=None, doc_type=None
    ) -> dict:
        """Save (or replace) a named query with its filters; the saved search."""
        self._writable()
        if isinstance(years, int):
            years = (years, years)
        filters = {
            "years": list(years) if years else None,
            "category": category if category not in ("", None) else None,
            "doc_type": doc_type or None,
        }
        name = _clean_name(name)
        with self._write_lock:
            self.store.save_search(name, query or "", filters, now_iso())
        return self.saved_search(name)

    def rename_saved_search(self, name: str, new_name: str) -> None:
        self._writable()
        with self._write_lock:
            self.store.rename_saved_search(name, _clean_name(new_name))

    def delete_saved_search(self, name: str) -> None:
        self._writable()
        with self._write_lock:
            self.store.delete_saved_search(name)

    def search_saved(self, name: str, **options):
        """Run a saved search (its query and filters); options as for search() (sort, limit …)."""
        saved = self.saved_search(name)
        filters = saved["filters"]
        years = tuple(filters["years"]) if filters.get("years") else None
        return self.search(
            saved["query"],
            years=years,
            category=filters.get("category"),
            doc_type=filters.get("doc_type"),
            **options,
        )
