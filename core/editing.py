"""The facade's editing methods: categories, metadata, the 回收站 and the audit trail (a mixin
of core.archive.Archive: one class in two files; the host provides store, index, _writable(),
_changed() and the write lock)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from core import trash
from core.archival import categories
from core.errors import ArchiveError
from core.models import EDITABLE_FIELDS, now_iso
from core.search.analysis import normalize


class Editing:
    """Changes a clerk makes by hand, each audited and searchable at once."""

    # ---------------------------------------------------------------- categories
    def categories(self) -> list[dict]:
        """All categories (id, name, parent_id, code, path, count of live documents)."""
        return categories.listing(self.store)

    def add_category(self, name: str, parent_id: int | None = None, code: str | None = None) -> int:
        return self._write(categories.add, name, parent_id, code)

    def rename_category(self, category_id: int, name: str) -> None:
        self._write(categories.rename, category_id, name)

    def move_category(self, category_id: int, new_parent_id: int | None) -> None:
        self._write(categories.move, category_id, new_parent_id)

    def delete_category(self, category_id: int) -> int:
        """Delete a category and its subcategories; their documents move to 未分类."""
        return self._write(categories.delete, category_id)

    def _write(self, change, *args):
        """Run one change of the store under the write lock, then tell the engine."""
        self._writable()
        with self._write_lock:
            try:
                return change(self.store, *args)
            finally:
                self._changed()

    # ---------------------------------------------------------------- edit, trash, audit
    def update(self, doc_id: int, **fields) -> dict:
        """Change metadata of one document; the change is audited and searchable at once."""
        self._writable()
        unknown = set(fields) - set(EDITABLE_FIELDS) - {"category"}
        if unknown:
            raise ArchiveError(f"不能修改的字段：{', '.join(sorted(unknown))}")
        with self._write_lock:
            old = self.store.document(doc_id, with_content=False)
            if "category" in fields:
                names = str(fields.pop("category")).split("/")
                fields["category_id"] = self.store.ensure_category_path(names)
            changes = {k: v for k, v in fields.items() if old.get(k) != v}
            if changes:
                self._write_changes(old, changes)
            return self.store.document(doc_id, with_content=False) if changes else old

    def _write_changes(self, old: dict, changes: dict) -> None:
        """Store and audit the changed fields; a new title is indexed again."""
        guessed = {k: v for k, v in old["guessed"].items() if k not in changes}
        row = dict(changes, updated_at=now_iso(), guessed=json.dumps(guessed, ensure_ascii=False))
        if "title" in changes:
            row["ntitle"] = normalize(changes["title"] or "", self._folding())
        with self.store.transaction():
            self.store.update_document(old["id"], row)
            self.store.audit("edit", old["id"], {k: [old.get(k), v] for k, v in changes.items()})
        if "title" in changes:
            text = self.store.search_text(old["id"])
            self.index.write(add_docs=[(old["id"], row["ntitle"], text)])
        self._changed()

    def update_many(self, ids: Iterable[int], **fields) -> int:
        """Batch edit (category, year, type, retention, 机构 …) of a selection."""
        ids = list(ids)
        for doc_id in ids:
            self.update(doc_id, **fields)
        return len(ids)

    def delete(self, ids: Iterable[int]) -> int:
        """Move documents to the 回收站 (trash); nothing is lost."""
        return self._set_deleted(ids, now_iso(), "delete")

    def restore(self, ids: Iterable[int]) -> int:
        """Bring documents back from the trash."""
        return self._set_deleted(ids, None, "restore")

    def _set_deleted(self, ids, value, action) -> int:
        ids = list(ids)

        def mark(store) -> int:
            with store.transaction():
                for doc_id in ids:
                    store.document(doc_id, with_content=False)  # NotFound for a bad id
                    store.update_document(doc_id, {"deleted_at": value})
                    store.audit(action, doc_id)
            return len(ids)

        return self._write(mark)

    def trash_summary(self, ids: Iterable[int] | None = None) -> dict:
        """{documents, bytes}: what emptying the 回收站 (or purging ids from it) would delete."""
        return trash.summary(self.store, self.originals, None if ids is None else list(ids))

    def purge(self, ids: Iterable[int] | None = None, *, on_progress=None, cancel=None) -> dict:
        """Delete documents of the 回收站 for good — all of them when ids is None (清空回收站):
        their rows, index entries and originals no other document uses; each one audited.
        {documents, files, bytes, files_left, cancelled}; ArchiveError for an id not in the
        回收站. A backup taken before still holds them."""
        self._writable()
        ids = None if ids is None else list(ids)
        with self._write_lock:
            try:
                return trash.purge(self.store, self.index, self.originals, ids, on_progress, cancel)
            finally:
                self._changed()

    def audit_log(self, doc_id: int | None = None, limit: int = 500) -> list[dict]:
        """Who imported, edited, deleted, restored what and when, newest first."""
        return self.store.audit_rows(doc_id, limit)
