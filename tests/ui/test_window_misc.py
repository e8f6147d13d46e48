"""Categories, errors, settings, lazy loading and remembered layout in the real window."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import titles
from ui.category_dialog import CategoryDialog
from ui.settings_dialog import SettingsDialog


def category_names(window) -> list[str]:
    tree = window.filters.categories
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_deleting_a_category_moves_its_documents_to_uncategorized(qtbot, window):
    window.categories_action.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, CategoryDialog)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() > 0)
    团委 = next(c["id"] for c in dialog.categories if c["path"] == "团委")
    dialog.run(window.archive.delete_category, 团委)
    qtbot.waitUntil(lambda: "未分类 (2)" in category_names(window), timeout=10000)
    assert not any(name.startswith("团委") for name in category_names(window))
    assert window.model.total == 5  # no document was lost


def test_a_refused_change_shows_a_plain_message_with_details(qtbot, window):
    window.categories_action.trigger()
    dialog = window.commands.dialog
    dialog.run(window.archive.add_category, "党群/组织", None)
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorDialog") is not None, timeout=10000)
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box.text() == "类别名称不能为空，也不能包含“/”"
    assert "ArchiveError" in box.detailedText()
    box.close()


def test_settings_are_saved_to_the_archive(qtbot, window):
    window.settings_action.trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.fonds_code.setText("Z109")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save()
    stored = json.loads((window.archive.folder / "settings.json").read_text("utf-8"))
    assert stored["fonds_code"] == "Z109" and stored["language"] == "en"


def test_scrolling_down_loads_the_next_page(qtbot, make_window, tmp_path):
    src = tmp_path / "many"
    src.mkdir()
    for i in range(130):
        (src / f"第{i:03d}号.txt").write_text(f"分页测试文件{i:03d}\n正文。", "utf-8")
    window = make_window(import_first=src)
    assert window.model.total == 130 and window.model.rowCount() == 100
    window.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount() == 130, timeout=10000)
    assert len(set(titles(window))) == 130


def test_hidden_columns_and_filters_are_remembered(qtbot, make_window, source_docs):
    window = make_window(import_first=source_docs)
    window.table.horizontalHeader().setSectionHidden(4, True)  # 文号
    window.controller.change(years=(2022,))
    qtbot.waitUntil(lambda: window.model.total == 2)
    window.close()
    window.archive.close()  # as run_gui does when the window closes
    again = make_window()
    assert again.table.horizontalHeader().isSectionHidden(4)
    assert again.controller.query.year == 2022 and again.model.total == 2


def test_the_window_speaks_english_when_chosen(qtbot, make_window):
    from ui.i18n import set_language

    set_language("en")
    try:
        window = make_window()
        assert window.import_files_action.text() == "Import files…"
        assert window.model.headerData(1, Qt.Orientation.Horizontal) == "Title"
        assert window.welcome.samples_button.text() == "Try it with sample documents"
    finally:
        set_language("zh_CN")


def test_run_gui_opens_the_archive_given_by_data_dir_and_releases_it(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from core.archive import Archive
    from ui import app as app_module
    from ui.main_window import MainWindow

    monkeypatch.setattr(app_module, "QSettings", lambda: _ini(tmp_path))
    seen = []

    def close_window():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend(w.windowTitle() for w in windows)
        for w in windows:
            w.close()  # the last window closing ends app.exec() (quit() would upset later tests)

    QTimer.singleShot(500, close_window)
    assert app_module.run_gui(["--data-dir", str(tmp_path / "gui-archive")]) == 0
    assert any(str(tmp_path / "gui-archive") in title for title in seen)
    with Archive.open(tmp_path / "gui-archive") as again:  # the lock was released
        assert again.stats()["documents"] == 0


def _ini(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)


def test_an_archive_in_use_can_be_opened_read_only(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from core.archive import Archive
    from ui.opening import open_archive

    def choose_read_only():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "另一个档案管家窗口" in box.text()
        next(b for b in box.buttons() if b.text() == "只读打开").click()

    with Archive.open(tmp_path / "shared") as first:
        QTimer.singleShot(200, choose_read_only)
        second = open_archive(first.folder)
        try:
            assert second is not None and second.read_only
        finally:
            second.close()


def test_a_damaged_index_is_rebuilt_with_progress_when_the_window_opens(
    tmp_path, qtbot, monkeypatch
):
    from core.archive import Archive
    from ui import opening as ui_app

    folder = tmp_path / "arc"
    src = tmp_path / "src"
    src.mkdir()
    for i in range(5):
        (src / f"{i}.txt").write_text(f"第{i}份 三会一课 2022年1月{i + 1}日", encoding="utf-8")
    with Archive.open(folder) as archive:
        archive.import_paths([src])
    for f in (folder / "index").glob("*.toc"):
        f.write_bytes(b"garbage")
    seen = []
    real = ui_app.RebuildProgress.__call__
    monkeypatch.setattr(
        ui_app.RebuildProgress, "__call__", lambda self, p: (seen.append(p.done), real(self, p))
    )
    archive = ui_app.open_archive(folder)
    try:
        assert seen and seen[-1] == 5
        assert archive.search("三会一课").total == 5
    finally:
        archive.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland are Linux's")
def test_without_a_display_the_window_says_so_in_plain_words():
    import os
    import subprocess
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run(
        [sys.executable, str(repo / "main.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=repo,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "DISPLAY" in proc.stderr and "uv run main.py --help" in proc.stderr
    assert "qt.qpa" not in proc.stderr and "Aborted" not in proc.stderr


def test_the_title_names_the_program_once_and_about_says_version_and_folder(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from core.archive import __version__
    from ui.menus import about_text

    QApplication.setApplicationDisplayName("档案管家")  # as run_gui does: Qt appends it
    try:
        window._update_title()
        assert "档案管家" not in window.windowTitle()
        assert str(window.archive.folder) in window.windowTitle()
    finally:
        QApplication.setApplicationDisplayName("")
    text = about_text(window)
    assert __version__ in text and str(window.archive.folder) in text


def test_markup_comments_are_not_shown_and_hits_stay_in_place():
    from ui.preview import hide_comments

    text = "# 题名\n<!-- INFO END -->\n正文\n<!-- 多行\n注释 -->预算"
    shown = hide_comments(text)
    assert "<!--" not in shown and "INFO" not in shown
    assert len(shown) == len(text) and shown.index("预算") == text.index("预算")
    assert shown.count("\n") == text.count("\n")


def test_one_bundled_icon_set_with_distinct_meanings(window):
    """Every toolbar action and preview button has an icon from resources/icons; 删除, 回收站 and
    复制 look different from each other and from 导出 (复制 was a save icon)."""
    from PySide6.QtWidgets import QToolBar

    def image(qicon):
        return qicon.pixmap(24, 24).toImage()

    toolbar = window.findChild(QToolBar, "mainToolbar")
    for action in toolbar.actions():
        assert action.isSeparator() or not action.icon().isNull(), action.text()
    for key, button in window.preview.buttons.items():
        assert not button.icon().isNull(), key
    shown = [
        image(window.delete_action.icon()),
        image(window.trash_action.icon()),
        image(window.preview.buttons["copy"].icon()),
        image(window.export_action.icon()),
    ]
    assert all(a != b for i, a in enumerate(shown) for b in shown[i + 1 :])


@pytest.fixture
def mixed_window(make_window, tmp_path):
    """The window on two documents, one in simplified and one in traditional characters."""
    src = tmp_path / "mixed"
    src.mkdir()
    (src / "简.txt").write_text("学院发展规划\n推进学院发展。", encoding="utf-8")
    (src / "繁.txt").write_text("關於學院發展規劃的通知\n推進學院發展。", encoding="utf-8")
    window = make_window(import_first=src)
    yield window
    window.lanes.wait(10000)


def _set_folding(qtbot, window, on: bool, stop: bool = False):
    from ui.settings_dialog import FoldingDialog

    window.settings_action.trigger()
    settings = window.commands.dialog
    assert isinstance(settings, SettingsDialog) and settings.folding.isChecked() != on
    settings.folding.setChecked(on)
    settings.save()
    dialog = window.commands.dialog
    assert isinstance(dialog, FoldingDialog)
    if stop:
        dialog.cancel()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20000)
    return dialog


def test_folding_is_turned_off_and_on_from_the_settings(qtbot, mixed_window):
    from tests.ui.test_editing_window import search

    window = mixed_window
    search(qtbot, window, "发展规划")
    assert window.model.total == 2
    dialog = _set_folding(qtbot, window, False)
    assert "已关闭" in dialog.summary.text()
    search(qtbot, window, "发展规划")
    assert titles(window) == ["学院发展规划"]
    assert not window.archive.settings["fold_variants"]
    dialog = _set_folding(qtbot, window, True, stop=True)  # 停止 before anything was written
    assert "已停止" in dialog.summary.text() and "没有改变" in dialog.summary.text()
    assert not window.archive.folding()
    search(qtbot, window, "發展")
    assert titles(window) == ["關於學院發展規劃的通知"]
    _set_folding(qtbot, window, True)
    search(qtbot, window, "發展")
    assert window.model.total == 2


def test_the_syntax_help_is_a_two_column_table():
    """Tab stops did not line up in the message box: each example and meaning is a cell."""
    import re

    from ui.i18n import set_language
    from ui.search_bar import syntax_html

    for language in ("zh_CN", "en"):
        set_language(language)
        try:
            rows = re.findall(
                r"<tr><td[^>]*><code>(.*?)</code></td><td[^>]*>(.*?)</td></tr>", syntax_html()
            )
        finally:
            set_language("zh_CN")
        assert len(rows) == 8 and "\t" not in syntax_html()
        assert rows[0][0] == "党建 考研" and rows[-1][0] == "PNAS*"
        assert all(example and meaning for example, meaning in rows)
