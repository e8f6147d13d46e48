"""The one facade the GUI and the CLI use: an archive folder opened for work."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from core import categories, maintenance
from core.errors import ArchiveError, NotFound
from core.extract.base import Extracted
from core.importer import Importer, copy_original
from core.lockfile import ArchiveLock
from core.logsetup import attach_archive_log
from core.models import EDITABLE_FIELDS, CancelToken, ImportReport, Progress, SearchResult
from core.search import Filters, SearchEngine
from core.search_index import IndexUnavailable, SearchIndex
from core.settings import Settings
from core.store import Store, now_iso
from core.textnorm import normalize

log = logging.getLogger(__name__)


class Archive:
    """archive.db + index/ + files/ + logs/ + settings.json in one folder."""

    def __init__(self, folder: Path, *, read_only: bool = False):
        self.folder = Path(folder)
        self.read_only = read_only
        self._write_lock = threading.RLock()
        self._lock: ArchiveLock | None = None
        self.store: Store | None = None
        self.index: SearchIndex | None = None

    # ---------------------------------------------------------------- open / close
    @classmethod
    def open(
        cls,
        folder: str | Path,
        *,
        read_only: bool = False,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> Archive:
        """Open (creating if needed) the archive; rebuild the index if it is unusable."""
        archive = cls(Path(folder), read_only=read_only)
        try:
            archive._open(on_progress)
        except BaseException:
            archive.close()
            raise
        return archive

    def _open(self, on_progress) -> None:
        try:
            for sub in ("", "files", "logs", "index"):
                (self.folder / sub).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ArchiveError(f"无法创建或打开档案库文件夹 {self.folder}：{e}") from e
        if not self.read_only:
            self._lock = ArchiveLock(self.folder)
            self._lock.acquire()
        attach_archive_log(self.folder / "logs")
        self.settings = Settings(self.folder / "settings.json")
        self.store = Store(self.folder / "archive.db")
        self.index = SearchIndex(self.folder / "index")
        self.engine = SearchEngine(self.store, self.index)
        try:
            if not any(self.index.path.iterdir()) and not self.store.all_ids():
                self.index.create()  # a new archive: nothing to rebuild
            else:
                self.index.open()
        except IndexUnavailable as e:
            log.warning("index unusable (%s): rebuilding from SQLite", e)
            self.reindex(on_progress=on_progress)
            return
        if not self.read_only:
            maintenance.repair_index_drift(self)

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
        if self.store is not None:
            self.store.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _writable(self) -> None:
        if self.read_only:
            raise ArchiveError("档案库以只读方式打开，不能修改。")

    # ---------------------------------------------------------------- import
    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        category: str | None = None,
        folder_map: dict[str, str] | None = None,
        defaults: dict | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: CancelToken | None = None,
        extractor=None,
    ) -> ImportReport:
        """Import files and folders (recursive); the report lists every file's outcome."""
        self._writable()
        with self._write_lock, extractor or self.make_extractor() as ex:
            importer = Importer(
                self,
                ex,
                category=category,
                folder_map=folder_map,
                defaults=defaults,
                on_progress=on_progress,
                cancel=cancel,
            )
            report = importer.run(list(paths))
        self.engine.invalidate()
        return report

    def make_extractor(self):
        """The sandboxed extractor (worker process with time and size limits)."""
        from core.extract.sandbox import Extractor

        return Extractor(
            timeout=float(self.settings["extract_timeout_s"]),
            max_bytes=int(self.settings["max_file_mb"]) * 1024 * 1024,
        )

    def keep_original(self, src: Path, sha256: str) -> Path:
        """Copy an imported file into files/ab/<sha256><ext> and return where it went."""
        dest = self.folder / "files" / sha256[:2] / (sha256 + src.suffix.lower()[:16])
        if not dest.exists():
            copy_original(src, dest)
        return dest

    def original_path(self, doc_id: int) -> Path:
        """Where the kept original of a document is."""
        doc = self.store.document(doc_id, with_content=False)
        name = doc["extra"].get("stored_file") or doc["sha256"]
        path = self.folder / "files" / doc["sha256"][:2] / name
        if not path.exists():
            raise NotFound(f"原文件缺失：{path}")
        return path

    def index_documents(self, rows: list[tuple[int, str, str]]) -> None:
        """Add (id, ntitle, ncontent) rows to the index in one commit."""
        self.index.write(add_docs=rows)

    # ---------------------------------------------------------------- search and read
    def search(
        self,
        query: str = "",
        *,
        years: tuple[int, int] | int | None = None,
        category: str | int | None = None,
        doc_type: str | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        trash: bool = False,
        cancel: CancelToken | None = None,
        snippets: bool = True,
        exact: bool = False,
    ) -> SearchResult:
        """Ctrl+F search with optional year range, category (subtree) and type filters.

        exact=False lets a very common long term estimate its total (result.total_is_estimate);
        the page is exact either way."""
        if isinstance(years, int):
            years = (years, years)
        filters = Filters(
            years=years,
            trash=trash,
            doc_types={doc_type} if doc_type else None,
            category_ids=self._category_filter(category),
        )
        return self.engine.search(
            query,
            filters,
            sort=sort,
            limit=limit,
            offset=offset,
            cancel=cancel,
            snippets=snippets,
            exact=exact,
        )

    def _category_filter(self, category) -> set[int] | None:
        if category is None or category == "":
            return None
        if isinstance(category, int):
            return self.store.category_subtree(category)
        ids = self.store.category_by_name(category)
        if not ids:
            raise NotFound(f"没有名为“{category}”的类别")
        out: set[int] = set()
        for cid in ids:
            out |= self.store.category_subtree(cid)
        return out

    def document(self, doc_id: int) -> dict:
        """The whole record of one document, including its text as "content"."""
        return self.store.document(doc_id)

    def stats(self) -> dict:
        return self.store.stats()

    def categories(self) -> list[dict]:
        """All categories (id, name, parent_id, code, path, count of live documents)."""
        return categories.listing(self)

    def add_category(self, name: str, parent_id: int | None = None, code: str | None = None) -> int:
        self._writable()
        with self._write_lock:
            return categories.add(self, name, parent_id, code)

    def rename_category(self, category_id: int, name: str) -> None:
        self._writable()
        with self._write_lock:
            categories.rename(self, category_id, name)

    def move_category(self, category_id: int, new_parent_id: int | None) -> None:
        self._writable()
        with self._write_lock:
            categories.move(self, category_id, new_parent_id)

    def delete_category(self, category_id: int) -> int:
        """Delete a category and its subcategories; their documents move to 未分类."""
        self._writable()
        with self._write_lock:
            return categories.delete(self, category_id)

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
                fields["category_id"] = self.store.ensure_category_path(
                    str(fields.pop("category")).split("/")
                )
            changes = {k: v for k, v in fields.items() if old.get(k) != v}
            if not changes:
                return old
            guessed = {k: v for k, v in old["guessed"].items() if k not in changes}
            row = dict(changes, updated_at=now_iso(), guessed=_json(guessed))
            if "title" in changes:
                row["ntitle"] = normalize(changes["title"] or "")
            with self.store.transaction():
                self.store.update_document(doc_id, row)
                self.store.audit("edit", doc_id, {k: [old.get(k), v] for k, v in changes.items()})
            if "title" in changes:
                content = (
                    self.store.scalar(
                        "SELECT ncontent FROM document_text WHERE doc_id = ?", [doc_id]
                    )
                    or ""
                )
                self.index.write(add_docs=[(doc_id, row["ntitle"], content)])
            self.engine.invalidate()
            return self.store.document(doc_id, with_content=False)

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
        self._writable()
        ids = list(ids)
        with self._write_lock, self.store.transaction():
            for doc_id in ids:
                self.store.document(doc_id, with_content=False)  # NotFound for a bad id
                self.store.update_document(doc_id, {"deleted_at": value})
                self.store.audit(action, doc_id)
        self.engine.invalidate()
        return len(ids)

    def audit_log(self, doc_id: int | None = None, limit: int = 500) -> list[dict]:
        sql = "SELECT * FROM audit" + (" WHERE doc_id = ?" if doc_id else "")
        params = [doc_id] if doc_id else []
        return self.store.query(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])

    # ---------------------------------------------------------------- maintenance
    def reindex(
        self,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> int:
        """Rebuild the index from SQLite; returns the number of documents indexed."""
        with self._write_lock:
            return maintenance.rebuild_index(self, on_progress, cancel)

    def check(self, repair: bool = True) -> dict:
        """Compare SQLite, index and files; repair what can be repaired."""
        with self._write_lock:
            return maintenance.check(self, repair=repair and not self.read_only)

    # ---- search extras
    def more_like_this(self, doc_id: int, limit: int = 20, cancel: CancelToken | None = None):
        """Documents most like one document (its rarest shared terms), best first."""
        return self.engine.more_like_this(doc_id, limit=limit, cancel=cancel)


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


__all__ = ["Archive", "Extracted"]
