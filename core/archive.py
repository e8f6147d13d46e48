"""The one facade the GUI and the CLI use: an archive folder opened for work."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from core import categories, codes, maintenance
from core.errors import ArchiveError, NotFound
from core.extract.base import Extracted
from core.importer import Importer
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
        self.store = Store(self.folder / "archive.db", read_only=self.read_only)
        self.index = SearchIndex(self.folder / "index")
        self.engine = SearchEngine(self.store, self.index)
        try:
            if not any(self.index.path.iterdir()) and not self.store.all_ids():
                self.index.create()  # a new archive: nothing to rebuild
            else:
                self.index.open()
        except IndexUnavailable as e:
            if self.read_only:
                raise ArchiveError("检索索引需要重建，请在可写方式打开档案库时进行。") from e
            log.warning("index unusable (%s): rebuilding from SQLite", e)
            self.reindex(on_progress=on_progress)
            return
        if not self.read_only:
            maintenance.repair_index_drift(self, on_progress)

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

    def original_dest(self, sha256: str, src: Path) -> Path:
        """Where the original of an imported file is kept: files/ab/<sha256><ext>."""
        return self.folder / "files" / sha256[:2] / (sha256 + src.suffix.lower()[:16])

    def discard_original(self, sha256: str, src: Path) -> None:
        """Remove a kept copy (and partial copy) no document refers to, after a failed store."""
        if self.store.id_by_sha256(sha256) is None:
            dest = self.original_dest(sha256, src)
            for path in (dest, dest.with_name(dest.name + ".part")):
                try:
                    path.unlink(missing_ok=True)
                except OSError as e:  # the spot may be unwritable: `check` removes orphans later
                    log.warning("cannot remove %s: %s", path, e)

    def stored_path(self, sha256: str, extra: dict) -> Path:
        """files/ab/<sha256><ext> of a document, from its sha256 and extra (no existence check)."""
        return self.folder / "files" / sha256[:2] / (extra.get("stored_file") or sha256)

    def original_path(self, doc_id: int) -> Path:
        """Where the kept original of a document is."""
        doc = self.store.document(doc_id, with_content=False)
        path = self.stored_path(doc["sha256"], doc["extra"])
        if not path.exists():
            raise NotFound(f"原文件缺失：{path}")
        return path

    def index_documents(self, rows: list[tuple[int, str, str]], commit: bool = False) -> None:
        """Add (id, ntitle, ncontent) rows to the index (visible after the next commit)."""
        self.index.write(add_docs=rows, commit=commit)

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

    # ---- export, codes, backup
    def plan_codes(self, *, years=None, ids=None, order: str = "date") -> codes.CodePlan:
        """What assign_codes would do (nothing is written)."""
        return codes.plan_assignment(self, years=years, ids=ids, order=order)

    def assign_codes(
        self, *, years=None, ids=None, order: str = "date", dry_run: bool = False
    ) -> codes.CodePlan:
        """Give 件号 and 档号 to live documents that lack them; skipped ones carry a reason."""
        if not dry_run:
            self._writable()
        # Only the store's transaction, not the archive's write lock: numbering may run
        # between the documents of a long import (each insert is its own transaction).
        return codes.assign(self, years=years, ids=ids, order=order, dry_run=dry_run)

    def plan_renumber(
        self, year: int, retention: str, org: str = "", order: str = "date"
    ) -> codes.CodePlan:
        """Renumbering of one class 1…n (closing gaps), to show before apply_code_plan."""
        return codes.plan_renumber(self, year=year, retention=retention, org=org, order=order)

    def plan_recode(self, *, years=None, ids=None) -> codes.CodePlan:
        """New 档号 from the current template (after the template changed); 件号 unchanged."""
        return codes.plan_recode(self, years=years, ids=ids)

    def apply_code_plan(self, plan: codes.CodePlan) -> codes.CodePlan:
        """Apply a plan shown to the user; refused if a document changed in between."""
        self._writable()
        with self._write_lock:
            return codes.apply_plan(self, plan)

    def export_selection(
        self, query: str = "", *, years=None, category=None, doc_type=None, ids=None
    ):
        """Documents of a search/filter or of a selection of ids, in catalogue order."""
        from core.export import select

        return select(self, query, years=years, category=category, doc_type=doc_type, ids=ids)

    def export_catalogue(
        self, out, docs, *, fmt: str = "xlsx", per_class=False, columns=None
    ) -> dict:
        """归档文件目录 as .xlsx (cover + A4 landscape sheets) or CSV (UTF-8 with BOM)."""
        if fmt == "csv":
            from core.export.csv_export import write_csv

            return write_csv(docs, Path(out), columns=columns)
        from core.export.catalogue_xlsx import write_catalogue

        return write_catalogue(
            docs, Path(out), settings=self.settings, per_class=per_class, columns=columns
        )

    def export_files(self, out, docs, *, on_progress=None, cancel=None) -> dict:
        """Originals as `档号 题名.ext` into a folder or a .zip, with a SHA-256 manifest."""
        from core.export.files_export import export_files

        return export_files(self, docs, Path(out), on_progress=on_progress, cancel=cancel)

    def catalogue_tables(self, docs) -> list[dict]:
        """The printable catalogue as tables (ui.pdf_render.render_tables paints them)."""
        from core.export.pdf_export import catalogue_tables

        return catalogue_tables(docs, self.settings)

    def documents_html(self, docs) -> str:
        """Printable text of documents, each with a metadata header."""
        from core.export.pdf_export import documents_html

        return documents_html(docs, self.engine.store_texts([d["id"] for d in docs]))

    def box_html(self, year: int, retention: str, org: str, first: int, last: int) -> str:
        """盒脊 and 备考表 of one box (a class and a range of 件号)."""
        from core.export import box_documents
        from core.export.pdf_export import box_html

        docs = box_documents(self, year, retention, org, first, last)
        if not docs:
            raise ArchiveError(f"{year}年 {retention} {org or ''} 件号 {first}—{last} 中没有文件")
        return box_html(
            docs, self.settings, year=year, retention=retention, org=org, first=first, last=last
        )

    def backup(self, out, *, on_progress=None, cancel=None) -> dict:
        """One .zip with a consistent database snapshot, originals, settings and checksums."""
        from core import backup

        return backup.backup(self, out, on_progress=on_progress, cancel=cancel)

    def backup_due(self) -> bool:
        """True when the window should remind the user to back up."""
        from core import backup

        return backup.backup_due(self)

    # ---- search extras
    def more_like_this(self, doc_id: int, limit: int = 20, cancel: CancelToken | None = None):
        """Documents most like one document (its rarest shared terms), best first."""
        return self.engine.more_like_this(doc_id, limit=limit, cancel=cancel)


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


__all__ = ["Archive", "Extracted"]
