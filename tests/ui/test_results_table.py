"""The results table at 1366×768: fitting columns, every catalogue field as a column, one line
when the passage would only repeat the title."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import type_text
from ui.results_model import COLUMNS, SNIPPET_ROLE, second_line


def column(label: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c[1] == label)


def test_default_columns_fit_a_1366_wide_window_without_scrolling(qtbot, window):
    window.resize(1340, 700)
    qtbot.waitUntil(lambda: window.table.width() > 500)
    window.table.fit_columns()
    header = window.table.horizontalHeader()
    shown = [c[1] for i, c in enumerate(COLUMNS) if not header.isSectionHidden(i)]
    assert shown[:6] == ["档号", "题名", "日期", "责任者", "文号", "类别"]
    assert header.length() <= window.table.viewport().width()
    assert not window.table.horizontalScrollBar().isVisible()
    assert header.sectionSize(column("题名")) >= 220
    assert window.table.textElideMode() == Qt.TextElideMode.ElideMiddle  # 件号 stays in sight


def test_retention_and_doc_type_can_be_shown_as_columns(qtbot, window):
    labels = [a.text() for a in window.columns_menu.actions()]
    assert {"保管期限", "文种", "机构", "件号", "密级", "页数", "备注"} <= set(labels)
    doc_id = window.model.hits[0].id
    window.archive.update(doc_id, retention="永久")
    window.refresh()
    qtbot.waitUntil(lambda: any(h.fields.get("retention") for h in window.model.hits))
    action = next(a for a in window.columns_menu.actions() if a.text() == "保管期限")
    action.setChecked(True)
    col = column("保管期限")
    assert not window.table.horizontalHeader().isSectionHidden(col)
    row = window.model.row_of(doc_id)
    assert window.model.index(row, col).data() == "永久"


def test_second_line_only_when_it_adds_to_the_title(qtbot, window):
    assert all(not window.model.index(r, 1).data(SNIPPET_ROLE) for r in range(5))
    one_line = window.table.verticalHeader().defaultSectionSize()
    type_text(window.search_bar.box.lineEdit(), "三会一课")
    qtbot.waitUntil(lambda: len(window.model.hits) == 2, timeout=10000)
    assert "三会一课" in window.model.index(0, 1).data(SNIPPET_ROLE)
    assert window.table.verticalHeader().defaultSectionSize() > one_line


def test_second_line_drops_a_repeated_title():
    assert (
        second_line("征收管理条例", "# 【征收】管理条例 … 第一条 【征收】的") == "第一条 【征收】的"
    )
    assert second_line("征收管理条例", "# 征收管理条例") == ""
    assert second_line("通知", "各单位：【预算】") == "各单位：【预算】"
