"""--show STATE: put the window in a given state for screenshots (hidden flag)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer


def show_for_screenshot(window, what: str) -> None:
    """`text:党建` searches, `import:/path` runs an import, `form` opens the form; see below."""
    kind, _, arg = what.partition(":")
    if kind == "text":
        window.search_bar.set_text(arg)
        window.controller.change(text=arg)
    elif kind == "years":  # years:2021,2022 — the year filter (and its chips) on
        years = tuple(int(y) for y in arg.split(","))
        window.filters.years.current = list(years)
        window.controller.change(years=years)
    elif kind in ("import", "importsetup"):
        dialog = window.commands.import_paths([arg])
        if kind == "import":
            QTimer.singleShot(300, dialog.start)
    elif kind == "form":
        window.search_bar.set_text(arg)
        window.controller.change(text=arg)
        QTimer.singleShot(1500, window.commands.edit_current)
    else:
        QTimer.singleShot(1000, lambda: _show_dialog(window, kind, arg))


def _show_dialog(window, kind: str, arg: str) -> None:
    """export[:KIND], exported[:KIND], codes, backup, backedup, restore, restorebad:ZIP, print,
    rowmenu, menu, calendar, message, categories, rules, rulesbad, settings, help, trash, formnext."""
    c, out = window.commands, Path(tempfile.mkdtemp(prefix="archivist-shot-"))
    if kind in ("export", "exported"):
        dialog = c.export(arg or None)
        if kind == "exported":
            dialog.out.setText(str(out / dialog.default_name()))
            dialog.start()
    elif kind == "codes":
        c.assign_codes(arg or "assign").preview()
    elif kind in ("backup", "backedup"):
        dialog = c.backup()
        if kind == "backedup":
            dialog.out.setText(str(out / "档案备份.zip"))
            dialog.start()
    elif kind in ("restore", "restorebad"):
        dialog = c.restore_backup()
        if arg:
            dialog.source.setText(arg)
            dialog.folder.setText(str(out / "restored"))
            dialog.start()
    elif kind == "print":  # the print preview of the 归档文件目录
        window.printing.print_catalogue()
    elif kind == "rowmenu":  # a result row's context menu
        rect = window.table.visualRect(window.model.index(1, 1))
        window.table_menu.popup(window.table.viewport().mapToGlobal(rect.center()))
    elif kind == "menu":  # the search box's edit menu (Qt's own words)
        edit = window.search_bar.box.lineEdit()
        edit.setText("征收")
        menu = edit.createStandardContextMenu()
        menu.popup(edit.mapToGlobal(edit.rect().center()))
        window._shot_menu = menu
    elif kind == "calendar":  # the date filter's calendar (month and day names)
        window.filters.dates.enabled.setChecked(True)
        window.filters.dates.date_from.calendarWidget().window().show()
        window.filters.dates.date_from.calendarWidget().window().move(20, 420)
    elif kind == "message":  # a question box with Qt's standard buttons
        from PySide6.QtWidgets import QMessageBox

        yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        box = QMessageBox(QMessageBox.Icon.Question, "档案管家", "标准按钮", yes_no, window)
        box.setDetailedText("详细信息")
        box.open()
    elif kind == "categories":
        c.manage_categories()
    elif kind == "settings":
        c.settings()
    elif kind == "help":  # 检索语法
        window.search_bar.show_help()
    elif kind == "trash":  # the 回收站 view with the confirmation of 清空回收站
        window.set_trash_view(True)
        QTimer.singleShot(1500, c.empty_trash)
    elif kind == "formnext":  # the form after 下一件 (the date's explanation under the field)
        window.commands.edit_current()
        QTimer.singleShot(1500, lambda: window.commands.dialog.step(1))
    elif kind in ("rules", "rulesbad"):
        _show_rules(c.edit_rules(), bad=kind == "rulesbad")


SAMPLE_RULES = [
    {"name": "党建", "match": "党建 三会一课、组织生活", "field": "any", "category": "党群/党建"},
    {"name": "通知", "match": "/关于.*的通知/", "field": "title", "category": "行政/通知"},
    {"name": "安全", "match": "安全 消防", "field": "text", "category": "行政/安全"},
]


def _show_rules(dialog, bad: bool) -> None:
    """The rules dialog with sample rules (unsaved) and a sample tried; `rulesbad` types a bad regex."""
    if not dialog.rules():
        dialog._fill(SAMPLE_RULES)
    dialog.trial_title.setText("关于召开2022年度组织生活会的通知")
    dialog.trial_text.setPlainText("各团支部：定于12月召开组织生活会。")
    if bad:
        dialog.add_rule()
        dialog.table.itemDelegate().editor.setText("/(团委|学生会/")
