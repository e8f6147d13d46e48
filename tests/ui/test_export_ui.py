"""Export, 档号 assignment, backup and restore driven through the real window's dialogs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from tests.ui.conftest import DOCS, titles
from ui.backup_dialog import BackupDialog, RestoreDialog
from ui.codes_dialog import CodesDialog
from ui.export_dialog import ExportDialog


def finish(qtbot, dialog) -> str:
    """Wait for a task dialog's result page; return its summary text."""
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=30000)
    return dialog.summary.text()


def all_cells(path: Path) -> list:
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]


def select_rows(window, wanted: set[str]) -> list[int]:
    from PySide6.QtCore import QItemSelectionModel

    sel = window.table.selectionModel()
    sel.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row, hit in enumerate(window.model.hits):
        if hit.title in wanted:
            sel.select(window.model.index(row, 0), flags)
    return window.selected_ids()


def test_catalogue_follows_the_year_filter_and_opens_in_excel(qtbot, window, tmp_path):
    window.filters.yearChosen.emit(2022)
    qtbot.waitUntil(lambda: window.model.total == 2, timeout=10000)
    window.export_action.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, ExportDialog)
    assert Path(dialog.out.text()).name == "归档文件目录-2022.xlsx"
    dialog.out.setText(str(tmp_path / "out" / "归档文件目录-2022.xlsx"))
    dialog.start()
    assert "已导出 2 件" in finish(qtbot, dialog)
    assert dialog.open_button.isVisible()
    cells = all_cells(tmp_path / "out" / "归档文件目录-2022.xlsx")
    assert "2022年党建工作要点" in cells and "2021年党建工作总结" not in cells
    assert "题名" in cells and "档号" in cells


def test_csv_with_chosen_columns(qtbot, window, tmp_path):
    window.commands.export("csv")
    dialog = window.commands.dialog
    for i in range(dialog.columns.count()):  # keep only 题名 and 日期
        item = dialog.columns.item(i)
        keep = item.text() in ("题名", "日期")
        item.setCheckState(item.checkState().Checked if keep else item.checkState().Unchecked)
    dialog.out.setText(str(tmp_path / "list.csv"))
    dialog.start()
    finish(qtbot, dialog)
    text = (tmp_path / "list.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese correctly
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0] == "题名,日期" and len(lines) == 6


def test_selected_originals_go_into_a_zip_with_a_manifest(qtbot, window, tmp_path):
    wanted = {"2021年党建工作总结", "2023年实验室安全检查通报"}
    assert len(select_rows(window, wanted)) == 2
    window.commands.export("files")
    dialog = window.commands.dialog
    assert dialog.scope_selection.isEnabled()
    dialog.scope_selection.setChecked(True)
    dialog.out.setText(str(tmp_path / "原件.zip"))
    dialog.start()
    assert "2 个原件" in finish(qtbot, dialog)
    with zipfile.ZipFile(tmp_path / "原件.zip") as z:
        manifest = json.loads(z.read("manifest.json"))
        assert {f["title"] for f in manifest["files"]} == wanted
        texts = {z.read(f["file"]).decode("utf-8") for f in manifest["files"]}
    assert texts == {DOCS["党委/党建总结.txt"], DOCS["团委/安全通报.txt"]}


def test_codes_are_planned_shown_and_applied(qtbot, window):
    archive = window.archive
    ids = [h.id for h in window.model.hits if h.title != "2023年实验室安全检查通报"]
    archive.update_many(ids, retention="永久")  # the fifth keeps no 保管期限: it is skipped
    window.codes_action.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, CodesDialog)
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=10000)
    rows = [
        [dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())
    ]
    assert ["2023年实验室安全检查通报", "", "", "缺少保管期限"] in rows
    planned = {r[0]: r[2] for r in rows if r[2]}
    assert len(planned) == 4 and "将编号 4 件" in dialog.summary.text()
    dialog.apply()
    qtbot.waitUntil(
        lambda: sum(bool(h.archive_code) for h in window.model.hits) == 4, timeout=10000
    )
    shown = {h.title: h.archive_code for h in window.model.hits}
    assert all(shown[t] == code for t, code in planned.items())
    cells = {window.model.index(r, 0).data() for r in range(window.model.rowCount())}
    assert set(planned.values()) <= cells  # the 档号 column of the results table shows them


def test_backup_then_restore_into_a_new_folder_and_open_it(qtbot, window, tmp_path):
    qtbot.waitUntil(lambda: window.backup_reminder.isVisible(), timeout=10000)
    assert "尚未备份" in window.backup_reminder.label.text()
    window.backup_action.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, BackupDialog) and dialog.out.text().endswith(".zip")
    dialog.out.setText(str(tmp_path / "备份.zip"))
    dialog.start()
    assert "文件 5 件" in finish(qtbot, dialog)
    assert not window.backup_reminder.isVisible()

    window.restore_backup_action.trigger()
    restore = window.commands.dialog
    assert isinstance(restore, RestoreDialog)
    restore.source.setText(str(tmp_path / "备份.zip"))
    restore.folder.setText(str(tmp_path / "restored"))
    restore.start()
    assert "文件 5 件" in finish(qtbot, restore)
    assert restore.open_restored.isVisible()
    restore.open_restored.click()
    qtbot.waitUntil(
        lambda: window.archive.folder == (tmp_path / "restored").resolve(), timeout=10000
    )
    window.search_bar.set_text("三会一课")
    window.controller.change(text="三会一课")
    qtbot.waitUntil(lambda: window.model.total == 2, timeout=10000)
    assert set(titles(window)) == {"2021年党建工作总结", "2022年党建工作要点"}


def test_a_damaged_backup_is_refused_in_plain_words(qtbot, window, tmp_path):
    backup = tmp_path / "b.zip"
    window.lanes.write(lambda: window.archive.backup(backup))
    window.lanes.wait()
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.write_bytes(bytes(data))
    window.commands.restore_backup()
    dialog = window.commands.dialog
    dialog.source.setText(str(backup))
    dialog.folder.setText(str(tmp_path / "new"))
    dialog.start()
    summary = finish(qtbot, dialog)
    assert "备份文件已损坏" in summary and "没有修改任何档案库" in summary
    assert "BackupDamaged" in dialog.details.text()
    assert not (tmp_path / "new").exists()
    assert not dialog.open_restored.isVisible()
    assert window.archive.folder == tmp_path / "archive" and window.model.total == 5


def test_restoring_over_the_open_archive_needs_confirmation(qtbot, window, tmp_path):
    backup = tmp_path / "b.zip"
    window.lanes.write(lambda: window.archive.backup(backup))
    window.lanes.wait()
    window.archive.delete([window.model.hits[0].id])
    dialog = window.commands.restore_backup()
    dialog.source.setText(str(backup))
    dialog.folder.setText(str(window.archive.folder))
    asked = []
    dialog._confirm_replace_current = lambda: asked.append(1) or False
    dialog.start()
    assert asked and dialog.pages.currentIndex() == 0  # declined: nothing happened
    dialog._confirm_replace_current = lambda: True
    dialog.start()
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: not window.commands.archive_closed, timeout=10000)
    window.refresh()
    qtbot.waitUntil(lambda: window.model.total == 5, timeout=10000)
    assert list(tmp_path.glob("archive.before-restore-*"))  # the old folder is kept aside


def pdf_text(path: Path) -> str:
    """The PDF's text layer; NFKC because the CJK fonts map some characters to radicals (⼀)."""
    import unicodedata

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        return unicodedata.normalize("NFKC", text)
    finally:
        pdf.close()


def test_box_labels_for_one_class_as_pdf(qtbot, window, tmp_path):
    archive = window.archive
    archive.update_many([h.id for h in window.model.hits], retention="永久")
    archive.assign_codes()
    window.commands.export("box")
    dialog = window.commands.dialog
    assert not dialog.scope.isVisible()  # a box is chosen by its class, not by the results
    dialog.box_year.setValue(2021)
    dialog.box_last.setValue(2)
    assert Path(dialog.out.text()).name == "盒脊备考表-2021-永久-0001-0002.pdf"
    dialog.out.setText(str(tmp_path / "box.pdf"))
    dialog.start()
    assert "已生成盒脊和备考表" in finish(qtbot, dialog)
    text = pdf_text(tmp_path / "box.pdf")
    assert "备考表" in text and "2021" in text


def test_an_empty_box_is_reported_without_writing_a_file(qtbot, window, tmp_path):
    window.commands.export("box")
    dialog = window.commands.dialog
    dialog.box_year.setValue(1999)
    dialog.out.setText(str(tmp_path / "box.pdf"))
    dialog.start()
    assert "导出未完成" in finish(qtbot, dialog)
    assert "没有文件" in dialog.summary.text() and not (tmp_path / "box.pdf").exists()


def test_renumbering_a_class_closes_the_gap_after_a_deletion(qtbot, window):
    archive = window.archive
    archive.update_many([h.id for h in window.model.hits], retention="永久")
    archive.assign_codes()  # 2021: 预算通知 0001 (March), 党建总结 0002 (December)
    budget = next(h.id for h in window.model.hits if "预算" in h.title)
    archive.delete([budget])
    window.refresh()
    qtbot.waitUntil(lambda: window.model.total == 4, timeout=10000)
    window.renumber_action.trigger()
    dialog = window.commands.dialog
    assert dialog.mode_key() == "renumber" and not dialog.scope.isVisibleTo(dialog)
    dialog.class_year.setValue(2021)
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=10000)
    row = [dialog.table.item(0, c).text() for c in range(4)]
    assert row == ["2021年党建工作总结", "WS·2021-Y-0002", "WS·2021-Y-0001", "件号 2 → 1"]
    trashed = [dialog.table.item(1, c).text() for c in range(4)]
    assert trashed == [
        "关于做好2021年预算编制工作的通知",
        "WS·2021-Y-0001",
        "",
        "取消件号 1（在回收站中）",
    ]
    dialog.apply()
    qtbot.waitUntil(
        lambda: "WS·2021-Y-0001" in {h.archive_code for h in window.model.hits}, timeout=10000
    )
    assert "已编号 2 件" in dialog.summary.text()


def test_pdf_catalogue_and_full_text_of_the_results(qtbot, window, tmp_path):
    window.commands.export("pdf")
    dialog = window.commands.dialog
    dialog.out.setText(str(tmp_path / "目录.pdf"))
    dialog.start()
    assert "已导出 5 件" in finish(qtbot, dialog)
    assert "2023年实验室安全检查通报" in pdf_text(tmp_path / "目录.pdf")
    select_rows(window, {"2021年党建工作总结"})
    window.commands.export("pdf_text")
    dialog = window.commands.dialog
    assert dialog.scope_selection.isChecked()  # full text defaults to the selected rows
    dialog.out.setText(str(tmp_path / "全文.pdf"))
    dialog.start()
    assert "已导出 1 件" in finish(qtbot, dialog)
    text = pdf_text(tmp_path / "全文.pdf")
    assert "三会一课" in text and "实验室" not in text


def test_browsing_the_kinds_never_leaves_a_catalogue_of_the_selection(qtbot, window, tmp_path):
    select_rows(window, {"2021年党建工作总结"})
    dialog = window.commands.export()
    for key in ("pdf_text", "xlsx", "pdf_text", "csv", "pdf", "files", "box", "xlsx"):
        dialog.set_kind(key)
        assert dialog.scope_selection.isChecked() == (key == "pdf_text"), key
    dialog.out.setText(str(tmp_path / "目录.xlsx"))
    dialog.start()
    assert "已导出 5 件" in finish(qtbot, dialog)


def test_a_scope_the_clerk_picked_stays_when_the_kind_changes(qtbot, window, tmp_path):
    select_rows(window, {"2021年党建工作总结", "2022年党建工作要点"})
    dialog = window.commands.export("pdf_text")
    dialog.scope_results.click()
    dialog.set_kind("xlsx")
    dialog.set_kind("pdf_text")
    assert dialog.scope_results.isChecked()
    dialog.scope_selection.click()
    dialog.set_kind("xlsx")
    assert dialog.scope_selection.isChecked()
    dialog.out.setText(str(tmp_path / "选中.xlsx"))
    dialog.start()
    assert "已导出 2 件" in finish(qtbot, dialog)
    cells = all_cells(tmp_path / "选中.xlsx")
    assert "2022年党建工作要点" in cells and "2023年实验室安全检查通报" not in cells


def test_documents_skipped_for_a_missing_retention_are_fixed_in_the_preview(qtbot, window):
    window.codes_action.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, CodesDialog)
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10000)
    assert "将编号 0 件，跳过 5 件" in dialog.summary.text()
    assert dialog.fix_box.isVisible() and "5 件" in dialog.fix_box.title()
    dialog.fix_retention.setCurrentText("30年")
    dialog.fix_org.setText("BG")
    qtbot.mouseClick(dialog.fix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None and bool(dialog.plan.changes), timeout=10000)
    assert "将编号 5 件" in dialog.summary.text() and not dialog.fix_box.isVisible()
    dialog.apply()
    qtbot.waitUntil(
        lambda: sum(bool(h.archive_code) for h in window.model.hits) == 5, timeout=10000
    )
    assert all("D30" in h.archive_code or "30" in h.archive_code for h in window.model.hits)


def test_generate_codes_is_on_the_toolbar(window):
    from PySide6.QtWidgets import QToolBar

    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert window.codes_action in toolbar.actions()


def test_the_export_dialog_is_as_tall_as_its_choices(qtbot, window):
    dialog = window.commands.export("xlsx")
    short = dialog.height()
    assert short < 420  # no fixed half-empty box
    dialog.set_kind("csv")  # the column list needs room
    assert dialog.height() > short
    assert dialog.columns.height() >= 10 * dialog.fontMetrics().height()
