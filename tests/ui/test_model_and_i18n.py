"""The results model obeys Qt's contract and pages lazily; every visible string has English."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from core.models import Hit
from ui.results_model import HitsModel

REPO = Path(__file__).resolve().parents[2]


def hit(i: int) -> Hit:
    return Hit(
        i, f"题名{i}", "2022-01-01", 2022, "党群", "通知", "党委", f"文{i}", None, 0.0, "【党建】"
    )


def test_hits_model_passes_the_model_tester(qtmodeltester):
    model = HitsModel()
    model.reset([hit(i) for i in range(5)], total=5, generation=1)
    qtmodeltester.check(model)


def test_model_asks_for_the_next_page_and_ignores_stale_pages(qtbot):
    model = HitsModel()
    model.reset([hit(i) for i in range(100)], total=250, generation=3)
    assert model.canFetchMore()
    with qtbot.waitSignal(model.moreWanted) as asked:
        model.fetchMore()
    assert asked.args == [100]
    model.append([hit(i) for i in range(100, 200)], generation=2)  # an older search's page
    assert model.rowCount() == 100
    model.append([hit(i) for i in range(100, 200)], generation=3)
    assert model.rowCount() == 200 and model.canFetchMore()


def tr_literals(source: str) -> set[str]:
    """The string constants passed straight to tr(...) in a module."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.add(arg.value)
    return out


def test_every_translated_string_has_an_english_entry():
    from ui.search_bar import SYNTAX_HELP
    from ui.welcome import STEPS

    english = json.loads((REPO / "resources" / "translations" / "en.json").read_text("utf-8"))
    wanted = {SYNTAX_HELP, *(s for step in STEPS for s in step)}
    for path in (REPO / "ui").glob("*.py"):
        wanted |= tr_literals(path.read_text("utf-8"))
    assert not wanted - set(english), sorted(wanted - set(english))


def test_english_is_used_when_chosen():
    from ui.i18n import set_language, tr

    set_language("en")
    try:
        assert tr("回收站") == "Trash"
        assert tr("没有翻译的句子") == "没有翻译的句子"
    finally:
        set_language("zh_CN")
    assert tr("回收站") == "回收站"


def test_title_cell_marks_the_query_terms_in_title_and_snippet(qtbot):
    from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

    from ui.title_delegate import TitleDelegate

    model = HitsModel()
    model.reset([hit(1)], total=1, generation=1, terms=["题名"])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    html = TitleDelegate(view)._html(QStyleOptionViewItem(), model.index(0, 1))
    assert html.count("background:#ffe066") == 2  # 题名 in the title, 党建 in the snippet
    assert ">题名</b>1" in html and ">党建</b>" in html


def test_a_title_s_own_brackets_are_not_taken_for_hit_marks(qtbot):
    from dataclasses import replace

    from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

    from ui.title_delegate import TitleDelegate

    model = HitsModel()
    own = replace(hit(1), title="【资讯汇总】九月党建动态", snippet="")
    model.reset([own], total=1, generation=1, terms=["党建"])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    html = TitleDelegate(view)._html(QStyleOptionViewItem(), model.index(0, 1))
    assert "【资讯汇总】九月" in html and html.count("<b") == 1 and ">党建</b>" in html
