"""The one facade the window and the command line use: an archive folder opened for work.

Below it, data flows through four packages: core/ingest (files in), core/store (SQLite, the
truth), core/search (the index and queries) and core/archival (categories, 档号, exports,
backup), with core/folder holding the archive folder's parts. Their helpers get the parts they
use; nothing below this module imports it. After any change the facade tells the search engine
(_changed), which commits the index.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from core import (
    __version__,  # noqa: F401  (关于 shows it)
    maintenance,
)
from core.archival import backup as backups
from core.archival.work import ArchivalWork
from core.collation import pinyin_key  # noqa: F401  (the faces sort like core)
from core.editing import Editing
from core.errors import ArchiveError, ArchiveOnNetwork, NotFound
from core.folder import paths, volume
from core.folder.lock import ArchiveLock
from core.folder.log import attach_archive_log
from core.folder.originals import Originals
from core.folder.settings import Settings
from core.ingest.meta import dates as _dates
from core.ingest.meta import rules as _rules
from core.ingest.ocr.work import OcrWork
from core.models import (
    CancelToken,
    ImportReport,
    Progress,
    SearchResult,
)
from core.saved_searches import SavedSearches
from core.search.analysis import normalize, search_form_key
from core.search.engine import Filters, SearchEngine
from core.search.index import IndexUnavailable, SearchIndex
from core.search.snippets import find_spans
from core.store import Store
from core.store.snapshot import counts as _db_counts

log = logging.getLogger(__name__)
OnProgress = Callable[[Progress], None] | None
UPGRADING = "正在升级档案库结构"  # Progress.message while an older archive.db is migrated


class Archive(Editing, ArchivalWork, SavedSearches, OcrWork):
    """archive.db + index/ + files/ + logs/ + settings.json in one folder."""

    def __init__(self, folder: Path, *, read_only: bool = False):
        self.folder = Path(folder)
        self.read_only = read_only
        self._write_lock = threading.RLock()
        self._lock: ArchiveLock | None = None
        self.store: Store | None = None
        self.index: SearchIndex | None = None
        self.engine: SearchEngine | None = None
        self.recovery: dict | None = None  # what opening checked and repaired ("message")

    # ---------------------------------------------------------------- open / close
    @classmethod
    def open(
        cls, folder: str | Path, *, read_only: bool = False, on_progress: OnProgress = None
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
        refuse_network_folder(self.folder)
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
        self.originals = Originals(self.folder / "files")
        self.store = Store(
            self.folder / "archive.db",
            read_only=self.read_only,
            on_progress=_upgrading(on_progress),
        )
        self.index = SearchIndex(self.folder / "index")
        self.engine = SearchEngine(self.store, self.index, folding=self._folding())
        rewritten = self._update_search_forms(on_progress)
        work = self._open_index(on_progress, rebuild=rewritten)
        if not work and not rewritten:  # nothing repaired: no reason to save arrays at close
            self.engine.mark_clean()
        if not self.read_only:  # what the window shows after a kill, power cut or pulled stick
            self.recovery = maintenance.recover(
                self.store, self.originals, work, self._lock.unclean
            )

    def _update_search_forms(self, on_progress, cancel=None) -> bool:
        """Rewrite ncontent/ntitle made by an older search form; True when it did (the index
        is then rebuilt from the new forms)."""
        folding = self._folding()
        return maintenance.update_search_forms(
            self.store,
            lambda text: normalize(text, folding),
            search_form_key(folding),
            self.read_only,
            on_progress,
            cancel,
        )

    def _folding(self) -> bool:
        return bool(self.settings["fold_variants"])

    def set_folding(
        self, on: bool, on_progress: OnProgress = None, cancel: CancelToken | None = None
    ) -> None:
        """Turn 繁简通检 on or off: every search text is rewritten and the index rebuilt. cancel
        may stop the rewrite (Cancelled; nothing changed), not the index rebuild after it."""
        self._writable()
        with self._write_lock:
            old = self._folding()
            self.settings["fold_variants"] = bool(on)
            try:
                rewritten = self._update_search_forms(on_progress, cancel)
            except BaseException:
                self.settings["fold_variants"] = old  # the forms were rolled back too
                raise
            self.settings.save()
            self.engine.folding = bool(on)
            if rewritten:
                self.reindex(on_progress=on_progress)
            self._changed()

    def folding(self) -> bool:
        """Whether 繁简通检 is on (档案法 finds 檔案法)."""
        return self._folding()

    def _open_index(self, on_progress, rebuild: bool = False) -> dict:
        """Open the index; rebuild it when unusable, catch it up when it drifted; what was done."""
        try:
            if rebuild:
                raise IndexUnavailable("the search form changed")
            if not any(self.index.path.iterdir()) and not self.store.all_ids():
                self.index.create()  # a new archive: nothing to rebuild
            else:
                self.index.open()
        except IndexUnavailable as e:
            if self.read_only:
                raise ArchiveError("检索索引需要重建，请在可写方式打开档案库时进行。") from e
            log.warning("index unusable (%s): rebuilding from SQLite", e)
            return {"index_rebuilt": self.reindex(on_progress=on_progress)}
        if self.read_only:
            return {}
        drift = maintenance.repair_index_drift(self.store, self.index, on_progress)
        self._changed()
        return {f"index_{k}": n for k, n in drift.items() if n}

    def close(self) -> None:
        if self.engine is not None and not self.read_only:
            try:  # the next start after an import or edits is then as quick as any other
                self.engine.save_arrays()
            except Exception as e:  # never in the way of closing; the next open rebuilds them
                log.warning("search arrays not saved at close: %s", e)
        if self.engine is not None:
            self.engine.close()
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

    def _changed(self) -> None:
        """Data changed: the engine commits the index and rebuilds its arrays before a search."""
        self.engine.invalidate()

    # ---------------------------------------------------------------- import
    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        category: str | None = None,
        folder_map: dict[str, str] | None = None,
        defaults: dict | None = None,
        on_progress: OnProgress = None,
        cancel: CancelToken | None = None,
        extractor=None,
    ) -> ImportReport:
        """Import files and folders (recursive); the report lists every file's outcome."""
        from core.ingest.importer import Importer  # (its parsers' modules: not needed at start)

        self._writable()
        with self._write_lock, extractor or self.make_extractor() as ex:
            importer = Importer(
                self.store,
                self.index,
                self.originals,
                self.settings,
                ex,
                category=category,
                folder_map=folder_map,
                defaults=defaults,
                on_progress=on_progress,
                cancel=cancel,
            )
            try:
                return importer.run(list(paths))
            finally:
                self._changed()  # what was imported is searchable when the report comes

    def make_extractor(self):
        """The sandboxed extractor (worker process with time and size limits)."""
        from core.ingest.extract.sandbox import Extractor

        return Extractor(
            timeout=float(self.settings["extract_timeout_s"]),
            max_bytes=int(self.settings["max_file_mb"]) * 1024 * 1024,
        )

    def original_path(self, doc_id: int) -> Path:
        """Where the kept original of a document is; NotFound when it is missing."""
        doc = self.store.document(doc_id, with_content=False)
        return self.originals.existing(doc["sha256"], doc["extra"])

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
        year_in: Iterable[int | None] | None = None,
        doc_types: Iterable[str | None] | None = None,
        ids: Iterable[int] | None = None,
    ) -> SearchResult:
        """Ctrl+F search with optional year range, category (subtree) and type filters.

        year_in and doc_types allow several values, None among them meaning "not filled in";
        ids keeps only those documents (an import batch). exact=False lets a very common long
        term estimate its total (result.total_is_estimate); the page is exact either way."""
        if isinstance(years, int):
            years = (years, years)
        types = set(doc_types) if doc_types is not None else None
        if doc_type:
            types = {doc_type} if types is None else types & {doc_type}
        filters = Filters(
            years=years,
            trash=trash,
            doc_types=types,
            category_ids=self._category_filter(category),
            year_set=set(year_in) if year_in is not None else None,
            ids=set(ids) if ids is not None else None,
        )
        options = dict(sort=sort, limit=limit, offset=offset, snippets=snippets, exact=exact)
        return self.engine.search(query, filters, cancel=cancel, **options)

    def _category_filter(self, category) -> set[int] | None:
        if category is None or category == "":
            return None
        if isinstance(category, int):
            return self.store.category_subtree(category)
        ids = self.store.category_by_name(category)
        if not ids:
            raise NotFound(f"没有名为“{category}”的类别")
        return set().union(*(self.store.category_subtree(cid) for cid in ids))

    def more_like_this(self, doc_id: int, limit: int = 20, cancel: CancelToken | None = None):
        """Documents most like one document (its rarest shared terms), best first."""
        return self.engine.more_like_this(doc_id, limit=limit, cancel=cancel)

    @staticmethod
    def hit_spans(
        text: str, terms: list[str], limit: int = 10000, folding: bool = True
    ) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of the search terms in a text, as search sees them
        (folding=False: 繁简 forms apart, as with the fold_variants setting off)."""
        return find_spans(text, terms, limit=limit, folding=folding)

    def document(self, doc_id: int) -> dict:
        """The whole record of one document, including its text as "content"."""
        return self.store.document(doc_id)

    def mail_links(self, doc_id: int) -> dict:
        """A mail's attachments and the mails a document came attached to:
        {"attachments": [{id, title, name, deleted}], "attachment_of": [{id, title, deleted}]}."""
        return self.store.mail_links(doc_id)

    def titles(self, ids: Iterable[int]) -> dict[int, str]:
        """Titles of some documents (the import report names what a duplicate duplicates)."""
        return {r["id"]: r["title"] for r in self.store.listing_rows(list(ids))}

    def recent_batches(self, limit: int = 10) -> list[dict]:
        """Newest import batches first: id, started_at, source, documents (live ones)."""
        return self.store.recent_batches(limit)

    def batch_document_ids(self, batch_id: int) -> list[int]:
        """The documents one import batch brought in (for 查看本次导入的 N 件)."""
        return self.store.batch_document_ids(batch_id)

    def stats(self) -> dict:
        return self.store.stats()

    # ---------------------------------------------------------------- maintenance
    def reindex(self, on_progress: OnProgress = None, cancel: CancelToken | None = None) -> int:
        """Rebuild the index from SQLite; returns the number of documents indexed."""
        with self._write_lock:
            try:
                return maintenance.rebuild_index(self.store, self.index, on_progress, cancel)
            finally:
                self._changed()

    def check(self, repair: bool = True) -> dict:
        """Compare SQLite, index and files; repair what can be repaired."""
        repair = repair and not self.read_only
        with self._write_lock:
            try:
                return maintenance.check(self.store, self.index, self.originals, repair=repair)
            finally:
                self._changed()


def _upgrading(on_progress: OnProgress):
    """The store's migration progress (done, total) as Progress(message=UPGRADING)."""
    if on_progress is None:
        return None
    return lambda done, total: on_progress(Progress(done, total, message=UPGRADING))


# -------------------------------------------------------------------- without an open archive
def default_folder(explicit: str | Path | None = None) -> Path:
    """The archive folder: --data-dir, else ARCHIVIST_HOME, else portable mode, else the archive
    last opened in the window, else the user data folder (one rule for window and command line)."""
    return paths.resolve_data_dir(explicit)


def refuse_network_folder(folder: Path) -> None:
    """ArchiveOnNetwork when folder is on a network drive (WAL is unsafe there; see README)."""
    where = volume.network_location(folder)
    if where:
        raise ArchiveOnNetwork(volume.NETWORK_MESSAGE.format(where=where))


def remember_folder(folder: Path) -> None:
    """The window switched to this archive: it becomes the default one (window and CLI)."""
    paths.remember_archive(folder)


def resources_folder() -> Path:
    """The program's bundled resources (samples, icons, translations)."""
    return paths.resources_dir()


def read_date(text: str) -> str | None:
    """A date as a clerk types it (2022年3月5日, 2022.3.5, 二〇二二年三月五日, 20220305, 2022-03)
    in the stored form 2022-03-05 / 2022-03 / 2022; None when the text holds no date."""
    return _dates.stored_form(text)


def restore_backup(
    backup_file: str | Path,
    folder: str | Path,
    *,
    force: bool = False,
    on_progress: OnProgress = None,
    cancel: CancelToken | None = None,
) -> dict:
    """Verify a backup, put it in place in folder, open it (rebuilding the index) and count
    what came back; a damaged backup raises BackupDamaged and nothing changes."""
    on_progress = on_progress or (lambda p: None)
    refuse_network_folder(Path(folder))
    placed = backups.restore(
        backup_file, folder, force=force, on_progress=on_progress, cancel=cancel
    )
    target = Path(placed["data_dir"])
    steps = backups.RESTORE_STEPS
    on_progress(Progress(steps - 1, steps, str(target), message="正在重建索引"))
    with Archive.open(target) as archive:
        indexed = archive.index.doc_count()  # rebuilt by open(): the index is not in a backup
        check = archive.check(repair=False)
        found = _db_counts(target / "archive.db")
        files = sum(1 for _ in archive.originals.files())
    on_progress(Progress(steps, steps, str(target), message="恢复完成"))
    return {
        "restored": True,
        **{k: found[k] for k in ("documents", "trash", "categories", "archive_codes")},
        "files": files,
        "indexed": indexed,
        "files_missing": check["files_missing"],
        **placed,
    }


class CategoryRules:
    """What the 类别规则 window needs to check and try rules without an open archive."""

    FIELDS = _rules.RULE_FIELDS  # title, text, any: 题名, 正文, 题名或正文
    KEYS = _rules.RULE_KEYS
    CATEGORY_EMPTY = _rules.CATEGORY_EMPTY
    problem = staticmethod(_rules.validate_rule)  # why a rule can never work, or None
    is_regex = staticmethod(_rules.is_regex)
    is_blank = staticmethod(_rules.is_blank_rule)
    tidy = staticmethod(_rules.tidy_rule)  # the form a rule is saved in
    category_for = staticmethod(_rules.category_from_rules)  # (path, rule name) or None
    first_matching = staticmethod(_rules.first_matching_rule)  # row of the rule import applies
