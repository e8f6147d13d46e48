"""类别规则 dialog on a real archive: edit, reorder, save, refuse broken rules, try a sample."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMenu, QMessageBox, QPushButton

from core.archive import Archive
from tests.ui.conftest import type_text
from ui.rules_dialog import COL_CATEGORY, COL_FIELD, COL_MATCH, COL_NAME, RulesDialog

MEETING = "关于召开2022年度组织生活会的通知\n2022年11月5日\n各团支部：定于12月召开组织生活会。"
SAFETY = "2023年实验室安全检查通报\n2023年3月8日\n学院开展实验室检查，发现问题三项。"


def stored_rules(archive) -> list[dict] | None:
    """category_rules as written in settings.json (None when the file or key is absent)."""
    path = archive.folder / "settings.json"
    if not path.exists():
        return None
    return json.loads(path.read_text("utf-8")).get("category_rules")


def press_enter(editor) -> None:
    """Enter in an editor; the view commits it from the event loop."""
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def open_editor(dialog: RulesDialog, row: int, column: int) -> None:
    """Click into a cell: what was being typed elsewhere is kept, this cell opens for editing."""
    dialog.table.itemDelegate().finish()
    QApplication.processEvents()
    dialog.table.setCurrentCell(row, column)
    dialog.table.editItem(dialog.table.item(row, column))


def edit_cell(dialog: RulesDialog, row: int, column: int, value: str) -> None:
    """Edit one cell in place as a clerk does: open its editor, type or choose, press Enter."""
    open_editor(dialog, row, column)
    editor = dialog.table.itemDelegate().editor
    if column == COL_FIELD:
        editor.setCurrentIndex(editor.findText(value))
        editor.activated.emit(editor.currentIndex())  # what picking from the list sends
        return
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    line.clear()
    type_text(line, value)
    press_enter(line)


def add_rule(dialog: RulesDialog, name: str, match: str, field: str, category: str) -> int:
    """添加规则, then fill the new row through its editors; returns the row."""
    dialog.add_button.click()
    row = dialog.table.currentRow()
    editor = dialog.table.itemDelegate().editor  # 匹配内容 is open for typing
    type_text(editor, match)
    press_enter(editor)
    edit_cell(dialog, row, COL_NAME, name)
    edit_cell(dialog, row, COL_FIELD, field)
    edit_cell(dialog, row, COL_CATEGORY, category)
    return row


@pytest.fixture
def dialog(qtbot, archive):
    """The dialog straight on an archive in tmp_path, as the window opens it."""
    d = RulesDialog(archive, ["党群", "党群/组织", "行政"])
    d.show()
    yield d
    QDialog.reject(d)  # not qtbot's close: that would ask whether to discard the edits
    d.deleteLater()


def test_rules_added_reordered_and_deleted_are_saved_in_order(qtbot, window):
    menus = window.menuBar().findChildren(QMenu)
    edit_menu = next(m for m in menus if m.title() == "编辑(&E)")
    assert window.rules_action in edit_menu.actions() and window.rules_action.text() == "类别规则…"
    window.rules_action.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, RulesDialog) and dialog.table.rowCount() == 0
    add_rule(dialog, "党建", "党建 三会一课", "题名或正文", "党群/党建")
    add_rule(dialog, "通知", "/关于.*的通知/", "题名", "行政/通知")
    add_rule(dialog, "安全", "安全、消防", "正文", "行政/安全")
    dialog.table.setCurrentCell(2, COL_NAME)
    dialog.up_button.click()  # 安全 before 通知: earlier rules win
    dialog.table.setCurrentCell(0, COL_NAME)
    dialog.delete_button.click()
    assert [dialog.table.item(r, COL_NAME).text() for r in range(2)] == ["安全", "通知"]
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored_rules(window.archive) == [
        {"name": "安全", "match": "安全、消防", "field": "text", "category": "行政/安全"},
        {"name": "通知", "match": "/关于.*的通知/", "field": "title", "category": "行政/通知"},
    ]
    assert "已保存 2 条类别规则" in window.statusBar().currentMessage()


def test_a_broken_regex_is_explained_while_typing_and_cannot_be_saved(qtbot, dialog, archive):
    dialog.add_button.click()
    editor = dialog.table.itemDelegate().editor
    type_text(editor, "/(党建|组织/")
    assert dialog.message.isVisible()
    assert dialog.message.text() == "第 1 条规则：正则表达式有误：圆括号“( )”没有配对"
    press_enter(editor)
    edit_cell(dialog, 0, COL_CATEGORY, "党群/组织")
    dialog.save_button.click()
    assert dialog.isVisible() and "圆括号" in dialog.message.text()
    assert stored_rules(archive) in (None, [])
    edit_cell(dialog, 0, COL_MATCH, "/(党建|组织)/")
    assert not dialog.message.isVisible()
    dialog.save_button.click()
    assert stored_rules(archive) == [
        {"match": "/(党建|组织)/", "field": "any", "category": "党群/组织"}
    ]


@pytest.mark.parametrize(
    ("match", "category", "message"),
    [("党建", "", "第 2 条规则：请填写归入类别"), ("", "党群", "第 2 条规则：请填写匹配内容")],
)
def test_a_rule_without_match_or_category_is_refused_on_save(
    qtbot, dialog, archive, match, category, message
):
    add_rule(dialog, "财务", "预算", "题名", "行政/财务")
    dialog.add_button.click()
    QTest.keyClick(dialog.table.itemDelegate().editor, Qt.Key.Key_Escape)
    dialog.add_button.click()  # left empty: dropped on save, not refused
    QTest.keyClick(dialog.table.itemDelegate().editor, Qt.Key.Key_Escape)
    QApplication.processEvents()
    dialog.table.item(1, COL_MATCH).setText(match)
    dialog.table.item(1, COL_CATEGORY).setText(category)
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.message.text() == message
    assert dialog.table.currentRow() == 1
    assert stored_rules(archive) in (None, [])
    dialog.table.removeRow(1)
    dialog.save_button.click()
    assert [r["category"] for r in stored_rules(archive)] == ["行政/财务"]


def test_trying_a_sample_gives_the_category_import_then_assigns(qtbot, dialog, archive, write):
    add_rule(dialog, "财务", "预算 决算", "题名", "行政/财务")
    add_rule(dialog, "组织生活", "/组织生活会|三会一课/", "正文", "党群/组织")
    add_rule(dialog, "通知", "通知", "题名或正文", "行政/通知")
    dialog.trial_title.setText(MEETING.splitlines()[0])
    dialog.trial_text.setPlainText(MEETING)
    assert dialog.trial_result.text() == "第 2 条规则“组织生活”匹配，归入类别：党群/组织"
    assert dialog.trial_row == 1
    dialog.trial_title.setText(SAFETY.splitlines()[0])
    dialog.trial_text.setPlainText(SAFETY)
    assert dialog.trial_result.text().startswith("没有规则匹配")
    dialog.save_button.click()
    report = archive.import_paths([write("会议.txt", MEETING), write("安全.txt", SAFETY)])
    categories = [archive.document(f.id)["category"] for f in report.files]
    assert categories == ["党群/组织", "未分类"]


def test_the_sample_follows_a_match_as_it_is_typed(qtbot, dialog):
    add_rule(dialog, "通知", "通知", "题名", "行政/通知")
    dialog.trial_title.setText("关于召开2022年度组织生活会的通知")
    assert dialog.trial_row == 0
    open_editor(dialog, 0, COL_MATCH)
    editor = dialog.table.itemDelegate().editor
    editor.clear()
    type_text(editor, "请示")
    assert dialog.trial_row is None and dialog.trial_result.text().startswith("没有规则匹配")


def test_cancel_leaves_the_saved_rules_as_they_were(qtbot, window):
    rule = {"name": "党建", "match": "党建", "field": "any", "category": "党群", "note": "手写"}
    window.archive.settings["category_rules"] = [rule]
    window.archive.settings.save()
    before = (window.archive.folder / "settings.json").read_text("utf-8")
    window.rules_action.trigger()
    dialog = window.commands.dialog
    assert dialog.table.item(0, COL_MATCH).text() == "党建"
    dialog.table.setCurrentCell(0, COL_NAME)
    dialog.delete_button.click()
    add_rule(dialog, "通知", "通知", "题名", "行政")

    def answer(button_text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.text() == "放弃对规则的修改？"
        next(b for b in box.findChildren(QPushButton) if b.text() == button_text).click()

    QTimer.singleShot(0, lambda: answer("继续编辑"))
    dialog.reject()
    assert dialog.isVisible()  # still editing
    QTimer.singleShot(0, lambda: answer("放弃修改"))
    dialog.reject()
    assert not dialog.isVisible()
    assert (window.archive.folder / "settings.json").read_text("utf-8") == before
    assert window.archive.settings["category_rules"] == [rule]


def test_saving_keeps_what_was_written_by_hand_in_a_rule(qtbot, archive):
    archive.settings["category_rules"] = [
        {"match": "党建", "category": "党群／党建 ", "note": "2023年定"}
    ]
    dialog = RulesDialog(archive, [])
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, COL_FIELD).text() == "题名或正文"
    dialog.save()
    assert stored_rules(archive) == [
        {"note": "2023年定", "match": "党建", "field": "any", "category": "党群/党建"}
    ]


def test_a_read_only_archive_shows_and_tries_the_rules_but_cannot_save(qtbot, tmp_path):
    rules = [{"name": "党建", "match": "党建", "field": "title", "category": "党群"}]
    with Archive.open(tmp_path / "ro") as archive:
        archive.settings["category_rules"] = rules
        archive.settings.save()
    with Archive.open(tmp_path / "ro", read_only=True) as archive:
        dialog = RulesDialog(archive, [])
        qtbot.addWidget(dialog)
        assert not dialog.add_button.isEnabled() and not dialog.delete_button.isEnabled()
        assert not hasattr(dialog, "save_button")
        dialog.table.editItem(dialog.table.item(0, COL_MATCH))
        assert dialog.table.itemDelegate().editor is None  # nothing opens for editing
        dialog.trial_title.setText("2021年党建工作总结")
        assert dialog.trial_result.text() == "第 1 条规则“党建”匹配，归入类别：党群"
        dialog.table.item(0, COL_MATCH).setText("改了")
        dialog.save()
        assert archive.settings["category_rules"] == rules
    stored = json.loads((tmp_path / "ro" / "settings.json").read_text("utf-8"))
    assert stored["category_rules"] == rules


def test_the_category_manager_opens_the_rules_with_its_categories(qtbot, window):
    window.categories_action.trigger()
    manager = window.commands.dialog
    qtbot.waitUntil(lambda: manager.tree.topLevelItemCount() > 0)
    button = next(b for b in manager.findChildren(QPushButton) if b.text() == "类别规则…")
    button.click()
    rules = manager.rules_dialog
    assert rules.isVisible()
    rules.add_button.click()
    open_editor(rules, 0, COL_CATEGORY)
    combo = rules.table.itemDelegate().editor
    assert {"党委", "团委"} <= {combo.itemText(i) for i in range(combo.count())}
