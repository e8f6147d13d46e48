"""The facade's archival methods: 档号 and 件号, exports, backup (a mixin of core.archive.Archive).

One class in two files: the host provides store, settings, originals, search(), _write(),
_writable() and _changed().
"""

from __future__ import annotations

from pathlib import Path

from core.archival import backup as backups
from core.archival import codes, export
from core.errors import ArchiveError, NotFound


class ArchivalWork:
    """档号/件号, exports and backup of an open archive."""

    # ---------------------------------------------------------------- 档号 and 件号
    def plan_codes(self, *, years=None, ids=None, order: str = "date") -> codes.CodePlan:
        """What assign_codes would do (nothing is written)."""
        return codes.plan_assignment(self.store, self.settings, years=years, ids=ids, order=order)

    def assign_codes(
        self, *, years=None, ids=None, order: str = "date", dry_run: bool = False
    ) -> codes.CodePlan:
        """Give 件号 and 档号 to live documents that lack them; skipped ones carry a reason."""
        if not dry_run:
            self._writable()
        # Only the store's transaction, not the archive's write lock: numbering may run
        # between the documents of a long import (each group is its own transaction).
        options = dict(years=years, ids=ids, order=order, dry_run=dry_run)
        try:
            return codes.assign(self.store, self.settings, **options)
        finally:
            if not dry_run:
                self._changed()

    def plan_renumber(
        self, year: int, retention: str, org: str = "", order: str = "date"
    ) -> codes.CodePlan:
        """Renumbering of one class 1…n (closing gaps), to show before apply_code_plan."""
        options = dict(year=year, retention=retention, org=org, order=order)
        return codes.plan_renumber(self.store, self.settings, **options)

    def plan_recode(self, *, years=None, ids=None) -> codes.CodePlan:
        """New 档号 from the current template (after the template changed); 件号 unchanged."""
        return codes.plan_recode(self.store, self.settings, years=years, ids=ids)

    def apply_code_plan(self, plan: codes.CodePlan) -> codes.CodePlan:
        """Apply a plan shown to the user; refused if a document changed in between."""
        return self._write(codes.apply_plan, plan)

    # ---------------------------------------------------------------- export
    def export_selection(
        self, query: str = "", *, years=None, category=None, doc_type=None, ids=None
    ) -> list[dict]:
        """Documents of a search/filter or of a selection of ids, in catalogue order, no text."""
        if ids is None:
            filters = dict(years=years, category=category, doc_type=doc_type)
            result = self.search(query, limit=10**9, snippets=False, **filters)
            ids = [h.id for h in result.hits]
        docs = self.store.documents(ids)
        missing = [i for i in ids if i not in docs]
        if missing:
            raise NotFound(f"没有编号为 {missing[0]} 的文件")
        return export.in_catalogue_order(docs.values())

    def export_catalogue(
        self, out, docs, *, fmt: str = "xlsx", per_class=False, columns=None
    ) -> dict:
        """归档文件目录 as .xlsx (cover + A4 landscape sheets) or CSV (UTF-8 with BOM)."""
        if fmt == "csv":
            from core.archival.export.catalogue_csv import write_csv

            return write_csv(docs, Path(out), columns=columns)
        from core.archival.export.catalogue_xlsx import write_catalogue

        options = dict(settings=self.settings, per_class=per_class, columns=columns)
        return write_catalogue(docs, Path(out), **options)

    def export_files(self, out, docs, *, on_progress=None, cancel=None) -> dict:
        """Originals as `档号 题名.ext` into a folder or a .zip, with a SHA-256 manifest."""
        from core.archival.export.files import export_files

        options = dict(on_progress=on_progress, cancel=cancel)
        return export_files(self.originals, docs, Path(out), **options)

    def catalogue_tables(self, docs) -> list[dict]:
        """The printable catalogue as tables (ui.pdf_render.render_tables paints them)."""
        from core.archival.export.printable import catalogue_tables

        return catalogue_tables(docs, self.settings)

    def documents_html(self, docs) -> str:
        """Printable text of documents, each with a metadata header."""
        from core.archival.export.printable import documents_html

        return documents_html(docs, self.store.contents([d["id"] for d in docs]))

    def box_html(self, year: int, retention: str, org: str, first: int, last: int) -> str:
        """盒脊 and 备考表 of one box (a class and a range of 件号)."""
        from core.archival.export.printable import box_html

        docs = export.box_documents(self.store, year, retention, org, first, last)
        if not docs:
            raise ArchiveError(f"{year}年 {retention} {org or ''} 件号 {first}—{last} 中没有文件")
        box = dict(year=year, retention=retention, org=org, first=first, last=last)
        return box_html(docs, self.settings, **box)

    # ---------------------------------------------------------------- backup
    def backup(self, out, *, on_progress=None, cancel=None) -> dict:
        """One .zip with a consistent database snapshot, originals, settings and checksums."""
        titles = {
            self.originals.path_of(sha256, extra).name: title
            for sha256, extra, title in self.store.stored_titles()
        }
        options = dict(on_progress=on_progress, cancel=cancel, titles=titles)
        return backups.backup(self.store, self.originals, self.settings, out, **options)

    def backup_due(self) -> bool:
        """True when the window should remind the user to back up."""
        return backups.backup_due(self.settings, self.store.document_count())
