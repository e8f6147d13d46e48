"""查找相似文件: from the preview or a row's context menu, the documents most like the current one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import titles


def preview_of(qtbot, window, title: str) -> int:
    row = next(i for i, h in enumerate(window.model.hits) if h.title == title)
    window.table.selectRow(row)
    doc_id = window.model.hits[row].id
    qtbot.waitUntil(lambda: window.preview.doc is not None and window.preview.doc["id"] == doc_id)
    return doc_id


def test_similar_documents_from_the_preview_and_back(qtbot, window):
    doc_id = preview_of(qtbot, window, "2021年党建工作总结")
    qtbot.mouseClick(window.preview.buttons["similar"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.controller.query.similar is not None and window.last_result
                    and window.last_result.interpreted.startswith("与“"))  # fmt: skip
    assert doc_id not in [h.id for h in window.model.hits]
    assert titles(window)[0] == "2022年党建工作要点"  # 党建, 三会一课 in common
    assert [b.text() for b in window.chips.buttons] == ["与“2021年党建工作总结”相似 ✕"]
    qtbot.mouseClick(window.chips.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.total == 5)


def test_typing_leaves_the_similar_list(qtbot, window):
    preview_of(qtbot, window, "2022年党建工作要点")
    window.table_menu.actions()  # the row menu offers it too
    assert window.similar_action in window.table_menu.actions()
    window.similar_action.trigger()
    qtbot.waitUntil(lambda: window.controller.query.similar is not None)
    window.controller.change(text="通报")
    qtbot.waitUntil(lambda: titles(window) == ["2023年实验室安全检查通报"])
    assert window.controller.query.similar is None and not window.chips.isVisible()
