"""The editing commands: the metadata form (walking the result list with 上一件/下一件) and
批量修改. A mixin of ui.commands.Commands (it provides w, archive, lanes, _writable …)."""

from __future__ import annotations

from ui.errors import show_error
from ui.i18n import tr


class EditCommands:
    """编辑著录 and 批量修改 over the window's selection."""

    def edit_current(self) -> None:
        ids = self.w.selected_ids()
        if len(ids) > 1:
            self.batch_edit()
        elif ids:
            self.edit(ids[0])

    def edit(self, doc_id: int) -> None:
        """Load the document in the read lane, then open the metadata form."""
        self.lanes.read(lambda: self.archive.document(doc_id), self._open_form)

    def _open_form(self, doc, error) -> None:
        if error is not None:
            show_error(self.w, tr("无法读取该文件"), error)
            return
        from ui.metadata_dialog import MetadataDialog

        dialog = MetadataDialog(doc, self.category_paths(), self.w)
        dialog.saveWanted.connect(self.save_fields)
        dialog.stepWanted.connect(lambda d: self._step_form(dialog, d))
        model = self.w.model

        def place(*_args) -> None:  # the list changed: the neighbours may have too
            self._place_form(dialog)

        for signal in (model.modelReset, model.rowsInserted):
            signal.connect(place)
            dialog.finished.connect(lambda _r, s=signal: s.disconnect(place))
        self._place_form(dialog)
        self.dialog = dialog
        dialog.open()

    def _place_form(self, dialog) -> None:
        """Tell the form where its document is in the result list (the next page is fetched
        before the clerk gets there)."""
        model = self.w.model
        row = model.row_of(dialog.doc["id"])
        if row < 0:
            dialog.set_steps(None, None, False, False)
            return
        if row + 2 >= len(model.hits):
            model.fetchMore()
        dialog.set_steps(row, model.total, row > 0, row + 1 < len(model.hits))

    def _step_form(self, dialog, direction: int) -> None:
        """上一件/下一件: select the neighbour row (the preview follows) and load it in the form."""
        row = self.w.model.row_of(dialog.doc["id"]) + direction
        hit = self.w.model.hit(row)
        if hit is None:
            return
        self.w.table.selectRow(row)
        archive = self.archive
        self.lanes.read(lambda: archive.document(hit.id), lambda d, e: self._stepped(dialog, d, e))

    def _stepped(self, dialog, doc, error) -> None:
        if error is not None:
            show_error(self.w, tr("无法读取该文件"), error)
        elif dialog.isVisible():
            dialog.load(doc)
            self._place_form(dialog)

    def save_fields(self, doc_id: int, changes: dict) -> None:
        if self._writable():
            archive = self.archive
            self.lanes.write(
                lambda: archive.update(doc_id, **changes), self._after_write(tr("已保存"))
            )

    def batch_edit(self) -> None:
        ids = self.w.selected_ids()
        if not ids:
            return
        from ui.metadata_dialog import BatchEditDialog

        dialog = BatchEditDialog(ids, self.category_paths(), self.w)
        dialog.saveWanted.connect(self.save_many)
        self.dialog = dialog
        dialog.open()

    def save_many(self, ids: list, fields: dict) -> None:
        if self._writable():
            archive = self.archive
            self.lanes.write(
                lambda: archive.update_many(ids, **fields), self._after_write(tr("已修改 {n} 件"))
            )
