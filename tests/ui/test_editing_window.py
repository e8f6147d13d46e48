"""Import through the dialog, cancel an import, edit metadata, delete and restore — in the real window."""

from __future__ import annotations

import csv

from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.conftest import titles
from ui.import_dialog import ImportDialog
from ui.metadata_dialog import BatchEditDialog, MetadataDialog


def search(qtbot, window, text):
    window.search_bar.set_text(text)
    window.controller.change(text=text)
    qtbot.waitUntil(lambda: window.controller.query.text == text and not window.busy_label.text())
    window.lanes.wait(5000)
    qtbot.waitUntil(lambda: window.last_result is not None and not window.busy_label.text())


def run_import(qtbot, dialog: ImportDialog, timeout=30000):
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=timeout)
    return dialog.report


def test_import_a_folder_through_the_dialog_shows_the_report(qtbot, make_window, tmp_path):
    window = make_window()
    assert window.stack.currentWidget() is window.welcome  # an empty archive greets the clerk
    src = tmp_path / "incoming"
    (src / "办公室").mkdir(parents=True)
    (src / "财务").mkdir()
    (src / "办公室" / "会议通知.txt").write_text(
        "关于召开年度工作会议的通知\n请准时参加。", "utf-8"
    )
    (src / "财务" / "经费报告.txt").write_text("经费使用情况报告\n本年度经费使用规范。", "utf-8")
    (src / "财务" / "空白.txt").write_bytes(b"")
    dialog = window.commands.import_paths([src])
    assert sorted(dialog.folder_map() or ["办公室", "财务"]) == ["办公室", "财务"]
    dialog.set_folder_category("财务", "行政/财务")
    dialog.year.setValue(2020)
    report = run_import(qtbot, dialog)
    assert dialog.pages.currentIndex() == 2
    assert "已导入 2 个" in dialog.summary.text() and "失败 1 个" in dialog.summary.text()
    assert dialog.problems.rowCount() == 1
    assert dialog.problems.item(0, 0).text() == "incoming/财务/空白.txt"
    assert dialog.problems.item(0, 2).text() == "文件为空"
    listing = tmp_path / "list.csv"
    dialog.export_list(listing)
    rows = list(csv.reader(listing.open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["文件", "结果", "原因"] and len(rows) == 1 + len(report.files)
    qtbot.waitUntil(lambda: len(titles(window)) == 2, timeout=10000)
    assert window.stack.currentWidget() is window.results_split
    search(qtbot, window, "经费")
    doc = window.archive.document(window.model.hits[0].id)
    assert doc["category"] == "行政/财务" and doc["year"] == 2020


def test_cancelling_an_import_keeps_what_was_imported(qtbot, make_window, tmp_path):
    window = make_window()
    src = tmp_path / "many"
    src.mkdir()
    for i in range(150):
        (src / f"文件{i:03d}.txt").write_text(f"批量文件第{i}号\n内容编号{i}。", "utf-8")
    dialog = window.commands.import_paths([src])
    dialog.relay.progressed.connect(lambda p: p.done >= 1 and dialog.cancel_button.click())
    report = run_import(qtbot, dialog)
    assert report.cancelled
    assert 1 <= report.imported < 150
    assert "导入已停止" in dialog.summary.text()
    qtbot.waitUntil(lambda: window.model.total == report.imported, timeout=10000)
    search(qtbot, window, "批量文件")
    assert window.model.total == report.imported  # what was imported is kept and searchable


def test_edit_a_document_and_find_it_by_its_new_title(qtbot, window):
    search(qtbot, window, "安全")
    window.table.selectRow(0)
    window.edit_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.commands.dialog, MetadataDialog))
    form = window.commands.dialog
    assert "（推测：" in form.labels["date"].text()  # the date was guessed, the source shown
    assert "推测" not in form.labels["issuer"].text()
    assert "◆" in form.labels["retention"].text()  # 档号 needs it
    form.set_field("title", "实验室消防演练记录")
    form.set_field("retention", "30年")
    form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    window.lanes.wait(5000)
    search(qtbot, window, "消防演练")
    assert titles(window) == ["实验室消防演练记录"]
    doc = window.archive.document(window.model.hits[0].id)
    assert doc["retention"] == "30年"


def test_a_bad_number_in_the_form_is_refused_with_a_reason(qtbot, window):
    window.commands.edit(window.model.hits[0].id)
    qtbot.waitUntil(lambda: isinstance(window.commands.dialog, MetadataDialog))
    form = window.commands.dialog
    form.set_field("year", "二〇二一")
    form.save()
    assert form.error.text() == "“年度”应为整数" and form.isVisible()


def test_batch_edit_sets_the_year_of_the_selection(qtbot, window):
    search(qtbot, window, "党建")
    window.table.selectAll()
    window.batch_action.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, BatchEditDialog) and len(dialog.ids) == 2
    dialog.set_field("year", "2019")
    dialog.save()
    window.lanes.wait(5000)
    search(qtbot, window, "年度:2019")
    assert sorted(titles(window)) == ["2021年党建工作总结", "2022年党建工作要点"]


def test_delete_moves_to_the_trash_and_restore_brings_back(qtbot, window):
    search(qtbot, window, "组织生活会")
    window.table.selectRow(0)
    window.delete_action.trigger()
    qtbot.waitUntil(lambda: window.model.total == 0, timeout=10000)
    window.trash_action.trigger()
    qtbot.waitUntil(lambda: titles(window) == ["关于召开2022年度组织生活会的通知"], timeout=10000)
    assert window.restore_action.isVisible() and not window.delete_action.isVisible()
    window.table.selectRow(0)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: window.model.total == 0, timeout=10000)
    window.trash_action.trigger()
    qtbot.waitUntil(lambda: titles(window) == ["关于召开2022年度组织生活会的通知"], timeout=10000)


def test_welcome_view_loads_the_bundled_samples(qtbot, make_window):
    window = make_window()
    assert window.stack.currentWidget() is window.welcome
    window.welcome.samples_button.click()
    dialog = window.commands.import_dialog
    report = run_import(qtbot, dialog)
    assert report.imported >= 1  # the .txt sample is readable by every build
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.results_split, timeout=10000)
    assert window.model.total == report.imported


def test_dropping_a_folder_on_the_window_opens_the_import(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    folder = tmp_path / "dropped"
    folder.mkdir()
    (folder / "拖入.txt").write_text("拖进窗口的文件\n内容。", "utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    dialog = window.commands.import_dialog
    assert dialog is not None and dialog.paths == [folder]
    assert run_import(qtbot, dialog).imported == 1


def test_the_report_names_duplicates_and_files_without_text(qtbot, window, tmp_path, source_docs):
    from tests.core.extract.test_extract_formats import minimal_pdf

    src = tmp_path / "again"  # no subfolders: no mapping table
    src.mkdir()
    (src / "副本.txt").write_bytes((source_docs / "党委" / "党建总结.txt").read_bytes())
    (src / "扫描件.pdf").write_bytes(minimal_pdf(b"0 0 0 rg 72 72 200 300 re f"))
    (src / "新文件.txt").write_text("2024年新文件\n正文。", "utf-8")
    dialog = window.commands.import_paths([src])
    assert not dialog.folder_table.isVisibleTo(dialog) and dialog.height() < 400
    run_import(qtbot, dialog)
    rows = lambda: [  # noqa: E731
        [dialog.problems.item(r, c).text() for c in range(3)]
        for r in range(dialog.problems.rowCount())
    ]
    qtbot.waitUntil(lambda: "2021年党建工作总结" in rows()[-1][2])
    assert rows() == [
        ["again/扫描件.pdf", "需要OCR", "扫描件，没有文字层：只能按题名等著录信息找到"],
        ["again/副本.txt", "重复", "与已有的“2021年党建工作总结”相同"],
    ]
    assert "其中 1 个没有可检索的正文" in dialog.summary.text()
    assert [f.text for f in dialog.report.files if f.status == "imported"] == ["needs_ocr", "ok"]


def test_the_speed_line_never_says_zero_megabytes():
    from core.models import Progress
    from ui.import_dialog import speed_text

    assert speed_text(Progress(3, 10, bytes_done=2_000), 1.0) == "速度：3.0 个/秒，2 KB/秒"
    assert speed_text(Progress(3, 10, bytes_done=5_000_000), 2.0) == "速度：1.5 个/秒，2.5 MB/秒"
    assert speed_text(Progress(0, 10), 0.5) == "速度：0.0 个/秒"


def test_empty_the_trash_after_a_confirmation_with_count_and_size(qtbot, window):
    from ui.trash_dialog import PurgeDialog

    search(qtbot, window, "组织生活会")
    window.table.selectRow(0)
    gone = window.selected_ids()[0]
    original = window.archive.original_path(gone)
    window.delete_action.trigger()
    qtbot.waitUntil(lambda: window.model.total == 0, timeout=10000)
    window.trash_action.trigger()
    qtbot.waitUntil(lambda: titles(window) == ["关于召开2022年度组织生活会的通知"], timeout=10000)
    assert window.empty_trash_action.isVisible() and window.purge_action.isVisible()
    window.empty_trash_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.commands.dialog, PurgeDialog), timeout=10000)
    dialog = window.commands.dialog
    text = dialog.setup.findChildren(type(dialog.summary))
    words = " ".join(label.text() for label in text)
    assert "全部 1 件" in words and "KB" in words and "不能再恢复" in words
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=10000)
    assert "已彻底删除 1 件" in dialog.summary.text()
    qtbot.waitUntil(lambda: window.model.total == 0, timeout=10000)  # the 回收站 view is empty
    assert not original.exists()
    assert window.archive.audit_log(gone)[0]["action"] == "purge"
    window.trash_action.trigger()
    assert not window.purge_action.isVisible()
    search(qtbot, window, "")
    assert window.model.total == 4  # the rest are untouched


def test_permanently_delete_only_the_selected_trash(qtbot, window):
    from ui.trash_dialog import PurgeDialog

    window.table.selectAll()
    window.delete_action.trigger()
    qtbot.waitUntil(lambda: window.model.total == 0, timeout=10000)
    window.trash_action.trigger()
    qtbot.waitUntil(lambda: window.model.total == 5, timeout=10000)
    window.table.selectRow(0)
    first = window.selected_ids()[0]
    window.purge_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.commands.dialog, PurgeDialog), timeout=10000)
    dialog = window.commands.dialog
    assert dialog.ids == [first]
    dialog.start_button.click()
    qtbot.waitUntil(lambda: window.model.total == 4, timeout=10000)
    assert first not in [h.id for h in window.model.hits]
