"""The filter panel: empty categories hidden unless asked for, branches with hits open, 文种 in
count or pinyin order, the lists in a splitter."""

from __future__ import annotations

from tests.ui.conftest import type_text
from ui.filter_panel import pinyin_key


def visible_categories(tree) -> list[str]:
    return [i.text(0) for i in tree._items() if not i.isHidden()]


def test_empty_categories_are_hidden_until_asked_for(qtbot, window):
    type_text(window.search_bar.box.lineEdit(), "实验室")
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=10000)
    tree = window.filters.categories
    assert visible_categories(tree) == ["团委 (1)"]
    window.filters.show_empty.setChecked(True)
    shown = visible_categories(tree)
    assert "党委 (0)" in shown and "团委 (1)" in shown


def test_a_branch_with_hits_is_expanded(qtbot, window):
    parent = next(c["id"] for c in window.archive.categories() if c["path"] == "党群")
    child = next(c for c in window.archive.categories() if c["name"] == "党委")
    window.archive.move_category(child["id"], parent)
    window.refresh()
    tree = window.filters.categories
    qtbot.waitUntil(lambda: "党群 (3)" in visible_categories(tree), timeout=10000)
    item = next(i for i in tree._items() if i.text(0) == "党群 (3)")
    assert item.isExpanded() and "党委 (3)" in visible_categories(tree)


def test_types_by_count_or_pinyin(qtbot, window):
    types = window.filters.types
    names = lambda: [types.item(i).text().split(" (")[0] for i in range(1, types.count())]  # noqa: E731
    assert names()[0] == "通知"  # 2 of them: the most frequent first
    window.filters.type_order.setCurrentIndex(window.filters.type_order.findData("pinyin"))
    ordered = names()
    assert ordered == sorted(ordered, key=pinyin_key)
    assert ordered == ["工作要点", "工作总结", "通报", "通知"]  # gōng…, tōng: bào before zhī
