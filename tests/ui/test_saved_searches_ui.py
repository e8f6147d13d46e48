"""常用检索 in the window: save the current query and filters, pick it again, rename, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from tests.ui.conftest import titles, type_text


def names(window) -> list[str]:
    saved = window.filters.saved.list
    return [saved.item(i).text() for i in range(saved.count())]


def test_save_the_current_search_and_pick_it_again(qtbot, window, monkeypatch):
    type_text(window.search_bar.box.lineEdit(), "党建")
    qtbot.waitUntil(lambda: len(titles(window)) == 2, timeout=10000)
    window.controller.change(years=(2021,))  # as a click on 2021 in the year list does
    qtbot.waitUntil(lambda: titles(window) == ["2021年党建工作总结"], timeout=10000)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("党建21", True))
    window.filters.saved.save_current()
    qtbot.waitUntil(lambda: names(window) == ["党建21"], timeout=10000)
    assert window.archive.saved_search("党建21")["filters"]["years"] == [2021, 2021]

    window.filters.clear()
    qtbot.keyClick(window.search_bar.box.lineEdit(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(titles(window)) == 5, timeout=10000)
    saved = window.filters.saved.list
    item = saved.item(0)
    qtbot.mouseClick(
        saved.viewport(), Qt.MouseButton.LeftButton, pos=saved.visualItemRect(item).center()
    )
    qtbot.waitUntil(lambda: titles(window) == ["2021年党建工作总结"], timeout=10000)
    assert window.search_bar.text() == "党建"
    assert window.filters.years.current_value == 2021


def test_saved_searches_are_listed_when_the_window_opens_and_follow_changes(qtbot, window):
    window.archive.save_search("预算", "预算")
    window.refresh()
    qtbot.waitUntil(lambda: names(window) == ["预算"], timeout=10000)
    window.filters.saved._write(lambda a: a.rename_saved_search("预算", "预算通知"))
    qtbot.waitUntil(lambda: names(window) == ["预算通知"], timeout=10000)
    window.filters.saved._write(lambda a: a.delete_saved_search("预算通知"))
    qtbot.waitUntil(lambda: names(window) == [], timeout=10000)
