"""The metadata form while cataloguing: 上一件/下一件 through the results, typed and picked dates."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from core.archive import read_date
from tests.ui.conftest import type_text
from ui.metadata_dialog import MetadataDialog


def open_form(qtbot, window, row: int = 0) -> MetadataDialog:
    window.table.selectRow(row)
    window.edit_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.commands.dialog, MetadataDialog))
    return window.commands.dialog


def test_walking_the_result_list_saves_each_document(qtbot, window):
    form = open_form(qtbot, window)
    ids = [h.id for h in window.model.hits]
    assert form.doc["id"] == ids[0] and len(ids) == 5
    assert not form.prev_button.isEnabled() and form.next_button.isEnabled()
    assert form.position.text() == "第 1 / 5 件"
    form.set_field("retention", "永久")
    form.next_button.click()
    qtbot.waitUntil(lambda: form.doc["id"] == ids[1])
    assert form.editors["retention"].currentText() == ""  # the next document's own value
    assert window.table.currentIndex().row() == 1  # the table (and preview) follow the form
    window.lanes.wait(5000)
    assert window.archive.document(ids[0])["retention"] == "永久"  # saved on the way
    qtbot.waitUntil(lambda: form.position.text() == "第 2 / 5 件")
    for expected in ids[2:]:  # the keyboard walks too
        qtbot.keyClick(form, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda e=expected: form.doc["id"] == e)
    qtbot.keyRelease(form, Qt.Key.Key_Control)  # QTest leaves Ctrl held for later clicks
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
    qtbot.waitUntil(lambda: not form.next_button.isEnabled())  # the end of the list
    assert form.prev_button.isEnabled() and form.position.text() == "第 5 / 5 件"
    form.prev_button.click()
    qtbot.waitUntil(lambda: form.doc["id"] == ids[3])
    form.reject()  # nothing edited: closes without asking
    assert not form.isVisible()


def test_a_wrong_value_stops_the_walk_with_its_reason(qtbot, window):
    form = open_form(qtbot, window)
    first = form.doc["id"]
    form.set_field("year", "去年")
    form.next_button.click()
    assert form.error.text() == "“年度”应为整数" and form.doc["id"] == first


def test_typed_dates_are_understood_and_stored_in_one_form(qtbot, window):
    form = open_form(qtbot, window)
    field = form.editors["date"]
    for typed in ("2022年3月5日", "2022.3.5", "二〇二二年三月五日", "２０２２年３月５日"):
        field.setText("")
        type_text(field.edit, typed)
        assert field.note.text() == "即 2022年3月5日", typed
    field.setText("2022年3月")
    assert field.note.text() == "即 2022年3月（日未填）"
    field.setText("三月初")
    assert field.note.text().startswith("看不懂这个日期")
    form.save()
    assert form.isVisible() and "不是可识别的日期" in form.error.text()
    field.setText("二〇二二年三月五日")
    form.save()
    window.lanes.wait(5000)
    assert window.archive.document(form.doc["id"])["date"] == "2022-03-05"


def test_the_calendar_fills_in_the_date(qtbot, window):
    form = open_form(qtbot, window)
    field = form.editors["date"]
    field.setText("2021.12.20")
    field.button.menu().aboutToShow.emit()
    assert field.calendar.selectedDate() == QDate(2021, 12, 20)  # it opens on the typed date
    field.calendar.clicked.emit(QDate(2023, 1, 9))
    assert field.text() == "2023-01-09" and field.note.text() == "即 2023年1月9日"


def test_read_date_of_the_facade():
    assert read_date("2022年3月5号") == "2022-03-05"
    assert read_date("2022-3") == "2022-03"
    assert read_date("2022年") == "2022"
    assert read_date("2022年3月32日") is None  # not taken for the year alone
    assert read_date("明天") is None


def test_closing_with_unsaved_edits_asks_first(qtbot, window):
    form = open_form(qtbot, window)
    doc_id, title = form.doc["id"], form.doc["title"]
    form.set_field("title", "改过的题名")

    def answer(text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.text() == "保存对本件的修改？"
        next(b for b in box.findChildren(QPushButton) if b.text() == text).click()

    QTimer.singleShot(0, lambda: answer("继续编辑"))
    form.reject()
    assert form.isVisible()
    QTimer.singleShot(0, lambda: answer("不保存"))
    form.reject()
    assert not form.isVisible()
    window.lanes.wait(5000)
    assert window.archive.document(doc_id)["title"] == title


def test_the_walk_goes_on_past_the_first_page_of_results(qtbot, make_window, tmp_path):
    src = tmp_path / "many"
    src.mkdir()
    for i in range(103):
        (src / f"第{i:03d}号.txt").write_text(f"分页著录文件{i:03d}\n正文。", "utf-8")
    window = make_window(import_first=src)
    assert window.model.rowCount() == 100 and window.model.total == 103
    form = open_form(qtbot, window, row=98)
    assert form.position.text() == "第 99 / 103 件"
    qtbot.waitUntil(lambda: window.model.rowCount() == 103, timeout=10000)  # fetched ahead
    for row in (99, 100, 101, 102):
        form.next_button.click()
        qtbot.waitUntil(lambda r=row: form.doc["id"] == window.model.hits[r].id)
    qtbot.waitUntil(lambda: form.position.text() == "第 103 / 103 件")
    assert not form.next_button.isEnabled()
    window.lanes.wait(5000)
