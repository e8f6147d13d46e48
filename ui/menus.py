"""Menus, toolbar and shortcuts of the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar

from ui.backup_dialog import BackupReminder
from ui.i18n import tr
from ui.icons import icon
from ui.results_model import COLUMNS


def _action(w, text, slot, icon_name=None, shortcut=None, tip=None) -> QAction:
    action = QAction(tr(text), w)
    if icon_name is not None:
        action.setIcon(icon(icon_name))
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tr(tip))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(w) -> None:
    """Create the window's actions and put them in the menu bar, toolbar and header menu."""
    c = w.commands
    w.import_files_action = _action(
        w, "导入文件…", c.import_files, "import-files", "Ctrl+I", "导入文件（也可把文件拖进窗口）"
    )
    w.import_folder_action = _action(
        w, "导入文件夹…", c.import_folder, "import-folder", "Ctrl+Shift+I"
    )
    w.edit_action = _action(w, "编辑著录…", c.edit_current, "edit", "Ctrl+E")
    w.batch_action = _action(w, "批量修改…", c.batch_edit, "batch-edit", "Ctrl+Shift+E")
    w.delete_action = _action(
        w, "删除", c.delete, "delete", QKeySequence.StandardKey.Delete, "移到回收站，可恢复"
    )
    w.restore_action = _action(w, "恢复", c.restore, "restore", "Ctrl+R", "从回收站恢复所选文件")
    w.restore_action.setVisible(False)
    w.purge_action = _action(
        w,
        "彻底删除…",
        c.purge_selected,
        "purge",
        "Shift+Del",
        "从回收站彻底删除所选文件（不能恢复）",
    )
    w.purge_action.setVisible(False)
    w.empty_trash_action = _action(
        w,
        "清空回收站…",
        c.empty_trash,
        "empty-trash",
        None,
        "彻底删除回收站中的全部文件（不能恢复）",
    )
    w.empty_trash_action.setVisible(False)  # both show in the 回收站 view, as 恢复 does
    w.trash_action = QAction(icon("trash"), tr("回收站"), w, checkable=True)
    w.trash_action.toggled.connect(w.set_trash_view)
    w.categories_action = _action(w, "管理类别…", c.manage_categories, "categories")
    w.rules_action = _action(
        w, "类别规则…", c.edit_rules, "rules", None, "导入时按题名或正文中的词语自动归类"
    )
    w.settings_action = _action(w, "设置…", c.settings, "settings", "Ctrl+,")
    w.export_action = _action(
        w, "导出…", c.export, "export", "Ctrl+Shift+S",
        "导出归档文件目录、CSV、原件、PDF 或盒脊备考表",
    )  # fmt: skip
    w.codes_action = _action(
        w, "生成档号…", c.assign_codes, "codes", "Ctrl+Shift+N",
        "为尚无档号的文件编号（先预览，缺少保管期限的可当场补填）",
    )  # fmt: skip
    w.renumber_action = _action(w, "重新编号…", lambda: c.assign_codes("renumber"))
    w.backup_action = _action(w, "备份档案库…", c.backup, "backup")
    w.restore_backup_action = _action(w, "从备份恢复…", c.restore_backup, "restore-backup")
    w.similar_action = _action(
        w, "查找相似文件", lambda: w.show_similar(), "similar", "Ctrl+L",
        "列出与当前文件内容相似的文件",
    )  # fmt: skip
    w.print_action = _action(
        w, "打印当前文件…", w.printing.print_document, "print", QKeySequence.StandardKey.Print,
        "打印预览中的文件（著录信息和全文）",
    )  # fmt: skip
    w.print_catalogue_action = _action(
        w, "打印归档文件目录…", w.printing.print_catalogue, None, "Ctrl+Shift+P",
        "打印当前检索结果的归档文件目录",
    )  # fmt: skip
    find = _action(w, "查找", w.search_bar.focus, None, "Ctrl+F")
    w.addAction(find)
    _menus(w)
    _toolbar(w)
    _header_menu(w)
    _table_menu(w)
    _reminder_bar(w)
    if w.archive.read_only:
        for a in (w.import_files_action, w.import_folder_action, w.delete_action, w.restore_action,
                  w.batch_action, w.categories_action, w.codes_action, w.renumber_action,
                  w.backup_action, w.purge_action, w.empty_trash_action):  # fmt: skip
            a.setEnabled(False)


def _menus(w) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu(tr("文件(&F)"))
    file_menu.addActions([w.import_files_action, w.import_folder_action])
    file_menu.addSeparator()
    file_menu.addAction(w.export_action)
    file_menu.addActions([w.print_action, w.print_catalogue_action])
    file_menu.addSeparator()
    file_menu.addActions([w.backup_action, w.restore_backup_action])
    file_menu.addSeparator()
    file_menu.addAction(w.settings_action)
    file_menu.addAction(_action(w, "退出", w.close, None, QKeySequence.StandardKey.Quit))
    edit_menu = bar.addMenu(tr("编辑(&E)"))
    edit_menu.addActions([w.edit_action, w.batch_action, w.delete_action, w.restore_action])
    edit_menu.addActions([w.purge_action, w.empty_trash_action])
    edit_menu.addAction(w.similar_action)
    edit_menu.addSeparator()
    edit_menu.addActions([w.categories_action, w.rules_action])
    edit_menu.addSeparator()
    edit_menu.addActions([w.codes_action, w.renumber_action])
    view_menu = bar.addMenu(tr("查看(&V)"))
    view_menu.addAction(w.trash_action)
    w.columns_menu = view_menu.addMenu(tr("显示的列"))
    view_menu.addAction(_action(w, "清除全部筛选", w.filters.clear))
    help_menu = bar.addMenu(tr("帮助(&H)"))
    help_menu.addAction(_action(w, "检索语法", w.search_bar.show_help, "help", "F1"))
    help_menu.addAction(_action(w, "关于档案管家", lambda: _about(w)))


def _toolbar(w) -> None:
    tools = QToolBar(tr("工具栏"), w)
    tools.setObjectName("mainToolbar")
    tools.setToolButtonStyle(tools.toolButtonStyle().ToolButtonTextBesideIcon)
    tools.addActions([w.import_files_action, w.import_folder_action, w.export_action])
    tools.addSeparator()
    tools.addActions([w.edit_action, w.batch_action, w.delete_action, w.restore_action])
    tools.addActions([w.purge_action, w.empty_trash_action])
    tools.addAction(w.codes_action)
    tools.addSeparator()
    tools.addActions([w.trash_action, w.categories_action, w.settings_action])
    w.addToolBar(tools)


def _header_menu(w) -> None:
    """Right-click on the header (or 查看 → 显示的列) shows and hides columns."""
    header = w.table.horizontalHeader()
    for col, (_attr, label, _sort) in enumerate(COLUMNS):
        action = QAction(tr(label), w, checkable=True)
        action.setChecked(not header.isSectionHidden(col))
        action.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
        w.columns_menu.addAction(action)

    def popup(pos) -> None:
        for col, action in enumerate(w.columns_menu.actions()):
            action.setChecked(not header.isSectionHidden(col))
        w.columns_menu.exec(header.mapToGlobal(pos))

    header.customContextMenuRequested.connect(popup)


def _table_menu(w) -> None:
    """Right-click on a result row: what one does with a document."""
    w.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    w.table_menu = QMenu(w)
    w.table_menu.addActions([w.edit_action, w.similar_action])
    w.table_menu.addSeparator()
    w.table_menu.addActions([w.export_action, w.delete_action, w.restore_action, w.purge_action])

    def popup(pos) -> None:
        if w.table.indexAt(pos).isValid():
            w.table_menu.popup(w.table.viewport().mapToGlobal(pos))

    w.table.customContextMenuRequested.connect(popup)


def _reminder_bar(w) -> None:
    """The backup reminder sits above the results; it is checked once the window is up."""
    w.backup_reminder = BackupReminder(w)
    w.backup_reminder.backupWanted.connect(w.commands.backup)
    w.centralWidget().layout().insertWidget(1, w.backup_reminder)
    w.commands.check_backup_due()


def about_text(w) -> str:
    """关于: what the program is, its version and where this archive's data lives."""
    from core.archive import __version__

    return tr(
        "档案管家 Archivist {v}\n离线的文书档案管理：导入、精确全文检索、导出归档文件目录。"
        "\n\n数据文件夹：{folder}"
    ).format(v=__version__, folder=w.archive.folder)


def _about(w) -> None:
    QMessageBox.about(w, tr("关于档案管家"), about_text(w))


__all__ = ["build_menus", "QMenu"]
