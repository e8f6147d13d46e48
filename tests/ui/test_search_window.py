"""The window's search: typing shows rows, facets narrow, stale results never win, preview marks hits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.archive import pinyin_key
from tests.ui.conftest import titles, type_text


def wait_rows(qtbot, window, predicate, timeout=10000):
    qtbot.waitUntil(lambda: predicate(titles(window)), timeout=timeout)


def test_typing_a_query_shows_matching_rows(qtbot, window):
    assert len(titles(window)) == 5
    type_text(window.search_bar.box.lineEdit(), "预算")
    wait_rows(qtbot, window, lambda t: t == ["关于做好2021年预算编制工作的通知"])
    assert "共 1 件" in window.count_label.text()


def test_escape_clears_the_query(qtbot, window):
    line = window.search_bar.box.lineEdit()
    type_text(line, "通报")
    wait_rows(qtbot, window, lambda t: len(t) == 1)
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    wait_rows(qtbot, window, lambda t: len(t) == 5)
    assert line.text() == ""


def test_clicking_a_year_narrows_and_clicking_again_clears(qtbot, window):
    years = window.filters.years
    item = next(
        years.item(i) for i in range(years.count()) if years.item(i).text().startswith("2021")
    )
    assert item.text() == "2021 (2)"
    qtbot.mouseClick(
        years.viewport(), Qt.MouseButton.LeftButton, pos=years.visualItemRect(item).center()
    )
    wait_rows(qtbot, window, lambda t: len(t) == 2)
    assert set(titles(window)) == {"关于做好2021年预算编制工作的通知", "2021年党建工作总结"}
    # the type facet follows: only 2021's documents are counted now; the other years stay listed
    assert window.filters.types.item(0).text().endswith("(2)")
    assert any(years.item(i).text() == "2022 (2)" for i in range(years.count()))
    item = next(
        years.item(i) for i in range(years.count()) if years.item(i).text().startswith("2021")
    )
    qtbot.mouseClick(
        years.viewport(), Qt.MouseButton.LeftButton, pos=years.visualItemRect(item).center()
    )
    wait_rows(qtbot, window, lambda t: len(t) == 5)


def test_category_tree_counts_follow_the_query(qtbot, window):
    tree = window.filters.categories
    texts = lambda: [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]  # noqa: E731
    assert "党委 (3)" in texts() and "团委 (2)" in texts()
    window.search_bar.set_text("三会一课")
    window.search_bar.submitted.emit("三会一课")
    qtbot.waitUntil(lambda: "党委 (2)" in texts() and "团委 (0)" in texts(), timeout=10000)


def test_a_newer_query_wins_over_an_older_one(qtbot, window):
    window.controller.change(text="党建")
    window.controller.change(text="安全")
    wait_rows(qtbot, window, lambda t: t == ["2023年实验室安全检查通报"])
    window.lanes.wait(5000)
    qtbot.wait(50)  # let any late callback arrive: it must not replace the newer rows
    assert titles(window) == ["2023年实验室安全检查通报"]


def test_preview_highlights_every_hit_and_steps_through_them(qtbot, window):
    window.controller.change(text="党建")
    wait_rows(qtbot, window, lambda t: len(t) == 2)
    window.table.selectRow(titles(window).index("2022年党建工作要点"))
    preview = window.preview
    qtbot.waitUntil(
        lambda: preview.doc is not None and preview.doc["title"] == "2022年党建工作要点"
    )
    text = preview.text.toPlainText()
    assert [text[s:e] for s, e in preview.spans] == ["党建", "党建"]
    assert len(preview.text.extraSelections()) == 2
    assert preview.position.text() == "第 1/2 处"
    preview.buttons["next"].click()
    assert preview.position.text() == "第 2/2 处"
    assert preview.text.textCursor().position() == preview.spans[1][0]


def test_sorting_by_the_title_header_asks_core_to_sort(qtbot, window):
    window.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: window.controller.query.sort == "title")
    wait_rows(qtbot, window, lambda t: t == sorted(t, key=pinyin_key) and len(t) == 5)
    assert titles(window)[-1] == "关于做好2021年预算编制工作的通知"  # guān: after the digits


def test_preview_says_nothing_about_hits_without_a_query(qtbot, window):
    wait_rows(qtbot, window, lambda t: len(t) == 5)
    window.table.selectRow(titles(window).index("2022年党建工作要点"))
    preview = window.preview
    qtbot.waitUntil(lambda: preview.doc is not None)
    assert preview.spans == [] and preview.position.text() == ""
    window.controller.change(text="预算 OR 党建")
    wait_rows(qtbot, window, lambda t: len(t) == 3)
    window.table.selectRow(titles(window).index("关于做好2021年预算编制工作的通知"))
    qtbot.waitUntil(lambda: preview.doc is not None and "预算" in preview.doc["title"])
    assert preview.position.text() == "第 1/3 处"
