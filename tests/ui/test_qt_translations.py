"""Qt's own words (buttons, the edit menu, the calendar) are Chinese in the Chinese window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from ui.i18n import install_qt_translations, remove_qt_translations, set_language

SB = QDialogButtonBox.StandardButton


@pytest.fixture
def qt_language(qapp):
    """qt_language('zh_CN'|'en'): load Qt's translation; undone after the test."""

    def _load(language: str) -> None:
        set_language(language)
        assert install_qt_translations(qapp)

    yield _load
    set_language("zh_CN")
    remove_qt_translations(qapp)
    QLocale.setDefault(QLocale.system())


def words(buttons) -> set[str]:
    return {b.text().replace("&", "").split("(")[0] for b in buttons}  # 是(&Y) → 是


def test_standard_buttons_and_edit_menu_are_chinese(qt_language, qtbot):
    qt_language("zh_CN")
    box = QDialogButtonBox(SB.Ok | SB.Cancel)
    qtbot.addWidget(box)
    assert words(box.buttons()) == {"确定", "取消"}
    yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    message = QMessageBox(QMessageBox.Icon.Question, "t", "q", yes_no)
    qtbot.addWidget(message)
    assert words(message.buttons()) == {"是", "否"}
    edit = QLineEdit("文字")
    qtbot.addWidget(edit)
    menu = " ".join(a.text() for a in edit.createStandardContextMenu().actions())
    assert "复制" in menu and "粘贴" in menu and "Copy" not in menu


def test_calendar_names_are_chinese(qt_language):
    qt_language("zh_CN")
    assert QLocale().monthName(1) == "一月"
    assert "一" in QLocale().dayName(1, QLocale.FormatType.ShortFormat)


def test_the_english_interface_gets_english_qt_words(qt_language, qtbot):
    qt_language("en")
    box = QDialogButtonBox(SB.Ok)
    qtbot.addWidget(box)
    assert words(box.buttons()) == {"OK"}
