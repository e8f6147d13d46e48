"""Active filters are visible as chips and removable; several years, （未填写） and one import
batch can be listed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import titles


def click_value(qtbot, facet, label_start: str, ctrl: bool = False) -> None:
    item = next(
        facet.item(i) for i in range(facet.count()) if facet.item(i).text().startswith(label_start)
    )
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(
        facet.viewport(), Qt.MouseButton.LeftButton, modifier, facet.visualItemRect(item).center()
    )


def chip_texts(window) -> list[str]:
    return [b.text() for b in window.chips.buttons]


def test_a_year_filter_shows_a_chip_that_removes_it(qtbot, window):
    assert not window.chips.isVisible()
    click_value(qtbot, window.filters.years, "2022")
    qtbot.waitUntil(lambda: window.model.total == 2)
    assert window.chips.isVisible() and chip_texts(window) == ["2022年 ✕"]
    qtbot.mouseClick(window.chips.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.total == 5)
    assert not window.chips.isVisible()
    assert window.filters.years.current == []


def test_several_years_with_ctrl_click(qtbot, window):
    click_value(qtbot, window.filters.years, "2021")
    qtbot.waitUntil(lambda: window.model.total == 2)
    click_value(qtbot, window.filters.years, "2023", ctrl=True)
    qtbot.waitUntil(lambda: window.model.total == 3)
    assert chip_texts(window) == ["2021年 ✕", "2023年 ✕"]
    assert "2022年党建工作要点" not in titles(window)
    qtbot.mouseClick(window.chips.buttons[0], Qt.MouseButton.LeftButton)  # drop 2021
    qtbot.waitUntil(lambda: window.model.total == 1)
    assert titles(window) == ["2023年实验室安全检查通报"]


def test_documents_without_a_year_are_a_filter(qtbot, window):
    doc_id = window.model.hits[0].id
    window.archive.update(doc_id, year=None, date=None)
    window.refresh()
    qtbot.waitUntil(
        lambda: any(
            window.filters.years.item(i).data(Qt.ItemDataRole.UserRole) == ""
            for i in range(window.filters.years.count())
        )  # fmt: skip
    )
    click_value(qtbot, window.filters.years, "（未填写）")
    qtbot.waitUntil(lambda: window.model.total == 1)
    assert window.model.hits[0].id == doc_id and chip_texts(window) == ["年度未填写 ✕"]


def test_category_and_type_chips_and_clear_all(qtbot, window):
    item = window.filters.categories.topLevelItem(0)
    qtbot.mouseClick(
        window.filters.categories.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.filters.categories.visualItemRect(item).center(),
    )
    qtbot.waitUntil(lambda: window.chips.isVisible())
    click_value(qtbot, window.filters.types, "通知")
    qtbot.waitUntil(lambda: len(chip_texts(window)) == 2)
    assert chip_texts(window)[0].startswith("类别：") and chip_texts(window)[1] == "文种：通知 ✕"
    clear = [b for b in window.chips.findChildren(type(window.chips.buttons[0]))
             if b.text() == "全部清除"][0]  # fmt: skip
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.total == 5 and not window.chips.isVisible())


def test_after_an_import_the_batch_can_be_viewed(qtbot, window, tmp_path):
    click_value(qtbot, window.filters.years, "2021")  # a filter that would hide the new files
    qtbot.waitUntil(lambda: window.model.total == 2)
    new = tmp_path / "new"
    new.mkdir()
    (new / "a.txt").write_text("2024年招生工作通知\n2024年4月1日\n招生。", "utf-8")
    (new / "b.txt").write_text("2024年毕业典礼安排\n2024年6月1日\n典礼。", "utf-8")
    dialog = window.commands.import_paths([new])
    dialog.start()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=30000)
    assert dialog.view_batch.isVisible() and dialog.view_batch.text() == "查看本次导入的 2 件"
    qtbot.mouseClick(dialog.view_batch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.total == 2 and "2024年毕业典礼安排" in titles(window))
    assert set(titles(window)) == {"2024年招生工作通知", "2024年毕业典礼安排"}
    assert chip_texts(window) == ["本次导入的 2 件 ✕"]
    qtbot.mouseClick(window.chips.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.total == 7)
