"""类别规则: edit the rules import uses to choose a category, and try them on a pasted sample."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from core.archive import CategoryRules
from ui.errors import show_error
from ui.i18n import tr

FIELD_LABELS = {"title": "题名", "text": "正文", "any": "题名或正文"}
COL_NAME, COL_MATCH, COL_FIELD, COL_CATEGORY = range(4)
HEADERS = ("名称", "匹配内容", "查找范围", "归入类别")
KEY_ROLE = Qt.ItemDataRole.UserRole  # 查找范围: the field key; 名称: the rule's other keys
ERROR_COLOR = QColor("#b3261e")
MATCH_COLOR = QColor("#dff3e4")  # the rule the 试一试 sample matches


class _RuleDelegate(QStyledItemDelegate):
    """Editing in place: 匹配内容 is checked as you type; 查找范围 and 归入类别 offer choices."""

    def __init__(self, dialog: RulesDialog, table: QTableWidget):
        super().__init__(table)
        self.dialog = dialog
        self.editor = None  # the editor open now (tests type into it)

    def createEditor(self, parent, option, index):
        column = index.column()
        if column == COL_FIELD:
            editor = QComboBox(parent)
            for key, label in FIELD_LABELS.items():
                editor.addItem(tr(label), key)
            editor.activated.connect(lambda _i: self._commit(editor))
        elif column == COL_CATEGORY:
            editor = QComboBox(parent, editable=True)
            editor.addItems(self.dialog.category_paths)
            editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            editor.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            editor.lineEdit().setPlaceholderText(tr("选择或输入，如 党群/组织"))
        else:
            editor = QLineEdit(parent)
            if column == COL_MATCH:
                row = index.row()
                editor.textChanged.connect(lambda text: self.dialog.match_typed(row, text))
                editor.setPlaceholderText(tr("词语，或 /正则表达式/"))
        self.editor = editor
        return editor

    def initStyleOption(self, option, index):
        """Colours come from here, not item data: changing data would reset an open editor."""
        super().initStyleOption(option, index)
        if index.row() == self.dialog.trial_row:
            option.backgroundBrush = QBrush(MATCH_COLOR)
        if index.column() == COL_MATCH and index.row() in self.dialog.problem_rows:
            option.palette.setColor(QPalette.ColorRole.Text, ERROR_COLOR)

    def _commit(self, editor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def finish(self) -> None:
        """Keep what is being typed in the open editor, if any."""
        if self.editor is not None:
            self._commit(self.editor)

    def setEditorData(self, editor, index):
        if index.column() == COL_FIELD:
            editor.setCurrentIndex(max(0, editor.findData(index.data(KEY_ROLE))))
        elif index.column() == COL_CATEGORY:
            editor.setCurrentText(index.data() or "")
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if index.column() == COL_FIELD:
            model.setData(index, editor.currentData(), KEY_ROLE)
            model.setData(index, editor.currentText())
        elif index.column() == COL_CATEGORY:
            model.setData(index, editor.currentText().strip())
        else:
            super().setModelData(editor, model, index)

    def destroyEditor(self, editor, index):
        if editor is self.editor:
            self.editor = None
            self.dialog.editor_closed()
        super().destroyEditor(editor, index)


class RulesDialog(QDialog):
    """The rules in order; 保存 writes archive.settings["category_rules"], 取消 changes nothing."""

    saved = Signal(int)  # how many rules were saved

    def __init__(self, archive, category_paths: list[str], parent=None):
        super().__init__(parent)
        self.archive = archive
        self.category_paths = list(category_paths)
        self.read_only = bool(archive.read_only)
        self.setWindowTitle(tr("类别规则"))
        self._marking = False
        self.trial_row: int | None = None  # the rule the 试一试 sample matches
        self.problem_rows: set[int] = set()  # rules whose /regex/ is broken
        self.table = self._make_table()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR.name()};")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro())
        rows = QHBoxLayout()
        rows.addWidget(self.table, 1)
        rows.addLayout(self._row_buttons())
        layout.addLayout(rows, 1)
        layout.addWidget(self.message)
        layout.addWidget(self._trial_box())
        layout.addLayout(self._bottom())
        self._fill([r for r in archive.settings.get("category_rules") or [] if isinstance(r, dict)])
        self.original = self._saved_form()
        self.resize(900, 600)

    # ---------------------------------------------------------------- building
    def _intro(self) -> QLabel:
        text = tr(
            "导入文件时按顺序逐条检查下面的规则，第一条匹配的规则决定文件的类别；"
            "没有规则匹配时，按网页导航或文件夹归类，都没有则为“未分类”。"
        ) + "\n" + tr(
            "匹配内容：写几个词语，用空格、逗号或顿号分开，出现任何一个即算匹配（不分大小写）；"
            "用 /…/ 包起来的是正则表达式，如 /关于.*的通知/。"
        )  # fmt: skip
        return QLabel(text, wordWrap=True)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(HEADERS))
        table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        table.setEditTriggers(
            triggers.DoubleClicked | triggers.SelectedClicked | triggers.AnyKeyPressed
            | triggers.EditKeyPressed
        )  # fmt: skip
        header = table.horizontalHeader()
        header.setSectionResizeMode(COL_MATCH, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_NAME, 140), (COL_FIELD, 110), (COL_CATEGORY, 190)):
            table.setColumnWidth(column, width)
        table.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        table.setItemDelegate(_RuleDelegate(self, table))
        table.itemChanged.connect(self._rules_changed)
        return table

    def _row_buttons(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.add_button = QPushButton(tr("添加规则"))
        self.delete_button = QPushButton(tr("删除"))
        self.up_button = QPushButton(tr("上移"))
        self.down_button = QPushButton(tr("下移"))
        self.add_button.clicked.connect(self.add_rule)
        self.delete_button.clicked.connect(self.delete_rule)
        self.up_button.clicked.connect(lambda: self.move_rule(-1))
        self.down_button.clicked.connect(lambda: self.move_rule(1))
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            button.setEnabled(not self.read_only)
            column.addWidget(button)
        column.addStretch(1)
        return column

    def _trial_box(self) -> QGroupBox:
        box = QGroupBox(tr("试一试（用表中的规则，未保存的修改也算）"))
        self.trial_title = QLineEdit(placeholderText=tr("粘贴文件的题名"))
        self.trial_text = QPlainTextEdit(placeholderText=tr("粘贴文件的正文（可不填）"))
        self.trial_text.setFixedHeight(self.trial_title.sizeHint().height() * 3)
        self.trial_result = QLabel(wordWrap=True)
        self.trial_result.setStyleSheet("font-weight: bold;")
        self.trial_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trial_title.textChanged.connect(lambda _t: self.update_trial())
        self.trial_text.textChanged.connect(lambda: self.update_trial())
        form = QFormLayout(box)
        form.addRow(tr("题名"), self.trial_title)
        form.addRow(tr("正文"), self.trial_text)
        form.addRow(tr("结果"), self.trial_result)
        return box

    def _bottom(self) -> QHBoxLayout:
        note = tr("规则只对今后导入的文件生效，已导入文件的类别不会改变。")
        if self.read_only:
            note = tr("档案库以只读方式打开，规则只能查看和试用，不能保存。")
        kinds = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(kinds.Close if self.read_only else kinds.Save | kinds.Cancel)
        if not self.read_only:
            self.save_button = buttons.button(kinds.Save)
            self.save_button.setText(tr("保存"))
            buttons.button(kinds.Cancel).setText(tr("取消"))
        else:
            buttons.button(kinds.Close).setText(tr("关闭"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(note, wordWrap=True), 1)
        row.addWidget(buttons)
        return row

    # ---------------------------------------------------------------- rows <-> rules
    def _fill(self, rules: list[dict]) -> None:
        self.table.setRowCount(0)
        for rule in rules:
            self._append(rule)
        self._rules_changed()

    def _append(self, rule: dict) -> int:
        """A row for the rule; the caller checks the rules again once its rows are in."""
        was, self._marking = self._marking, True
        row = self.table.rowCount()
        self.table.insertRow(row)
        field = rule.get("field") if rule.get("field") in CategoryRules.FIELDS else "any"
        name = QTableWidgetItem(str(rule.get("name") or ""))
        name.setData(KEY_ROLE, {k: v for k, v in rule.items() if k not in CategoryRules.KEYS})
        field_item = QTableWidgetItem(tr(FIELD_LABELS[field]))
        field_item.setData(KEY_ROLE, field)
        self.table.setItem(row, COL_NAME, name)
        self.table.setItem(row, COL_MATCH, QTableWidgetItem(str(rule.get("match") or "")))
        self.table.setItem(row, COL_FIELD, field_item)
        self.table.setItem(row, COL_CATEGORY, QTableWidgetItem(str(rule.get("category") or "")))
        if self.read_only:
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self._marking = was
        return row

    def rule_at(self, row: int) -> dict:
        """The rule one row shows (with any keys written by hand in settings.json)."""
        cell = self.table.item
        return {
            **(cell(row, COL_NAME).data(KEY_ROLE) or {}),
            "name": cell(row, COL_NAME).text(),
            "match": cell(row, COL_MATCH).text(),
            "field": cell(row, COL_FIELD).data(KEY_ROLE) or "any",
            "category": cell(row, COL_CATEGORY).text(),
        }

    def rules(self) -> list[dict]:
        return [self.rule_at(row) for row in range(self.table.rowCount())]

    def _saved_form(self) -> list[dict]:
        return [CategoryRules.tidy(r) for r in self.rules() if not CategoryRules.is_blank(r)]

    # ---------------------------------------------------------------- add, delete, move
    def add_rule(self) -> None:
        """A new rule at the end, its 匹配内容 open for typing."""
        self.table.itemDelegate().finish()
        row = self._append({"field": "any"})
        self._rules_changed()
        self.table.setCurrentCell(row, COL_MATCH)
        self.table.editItem(self.table.item(row, COL_MATCH))

    def delete_rule(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._rules_changed()

    def move_rule(self, step: int) -> None:
        """Move the current rule up (-1) or down (1): earlier rules win."""
        row, column = self.table.currentRow(), max(0, self.table.currentColumn())
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rules = self.rules()
        rules[row], rules[target] = rules[target], rules[row]
        self._fill(rules)
        self.table.setCurrentCell(target, column)

    # ---------------------------------------------------------------- checking and trying
    def _rules_changed(self, _item=None) -> None:
        """Mark rows whose /regex/ is broken, say why, and try the sample again."""
        if self._marking:
            return
        self._marking = True
        problems = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_MATCH)
            problem = self._regex_problem(item.text())
            if problem:
                problems[row] = problem
            item.setToolTip(tr(problem) if problem else "")  # unchanged data emits nothing
        self._marking = False
        self.problem_rows = set(problems)
        self._say(min(problems.items()) if problems else None)
        self.update_trial()

    @staticmethod
    def _regex_problem(match: str) -> str | None:
        """Only what is wrong with a /regex/ (an empty cell is fine until 保存)."""
        if not CategoryRules.is_regex(match):
            return None
        return CategoryRules.problem({"match": match, "category": "-"})

    def _say(self, problem: tuple[int, str] | None) -> None:
        if problem is None:
            self.message.hide()
            return
        row, text = problem
        self.message.setText(tr("第 {n} 条规则：{problem}").format(n=row + 1, problem=tr(text)))
        self.message.show()

    def editor_closed(self) -> None:
        """Check every rule again once a cell is left (what was typed is in the table now)."""
        self._rules_changed()

    def match_typed(self, row: int, text: str) -> None:
        """As the clerk types a match: say at once whether the /regex/ works, try it on the sample."""
        problem = self._regex_problem(text)
        self._say((row, problem) if problem else None)
        editor = self.table.itemDelegate().editor
        if isinstance(editor, QLineEdit):
            editor.setStyleSheet(f"color: {ERROR_COLOR.name()};" if problem else "")
        self.update_trial(row, text)

    def update_trial(self, typing_row: int = -1, typing_text: str = "") -> None:
        """Which rule the pasted title and text match, using import's own function."""
        title, text = self.trial_title.text().strip(), self.trial_text.toPlainText()
        rules = self.rules()
        if 0 <= typing_row < len(rules):
            rules[typing_row]["match"] = typing_text
        found = CategoryRules.category_for(rules, title, text) if title or text.strip() else None
        self.trial_row = CategoryRules.first_matching(rules, title, text) if found else None
        self.table.viewport().update()  # the delegate tints the matching row
        if not title and not text.strip():
            self.trial_result.setText(tr("粘贴题名或正文后，这里显示会归入哪个类别。"))
        elif found is None:
            self.trial_result.setText(
                tr("没有规则匹配。导入时将按网页导航或文件夹归类，都没有则为“未分类”。")
            )
        else:
            name = rules[self.trial_row]["name"].strip()
            which = tr("第 {n} 条规则“{name}”").format(n=self.trial_row + 1, name=name)
            if not name:
                which = tr("第 {n} 条规则").format(n=self.trial_row + 1)
            self.trial_result.setText(
                tr("{rule}匹配，归入类别：{category}").format(
                    rule=which, category="/".join(found[0])
                )
            )

    # ---------------------------------------------------------------- save and cancel
    def first_problem(self) -> tuple[int, str] | None:
        """(row, message) of the first rule that could never work, blank rows aside."""
        for row, rule in enumerate(self.rules()):
            problem = (
                None
                if CategoryRules.is_blank(rule)
                else CategoryRules.problem(CategoryRules.tidy(rule))
            )
            if problem:
                return row, problem
        return None

    def save(self) -> None:
        """Write the rules to settings.json, or point at the first rule that cannot be saved."""
        if self.read_only:
            self.accept()
            return
        self.table.itemDelegate().finish()
        problem = self.first_problem()
        if problem is not None:
            self._say(problem)
            column = COL_CATEGORY if problem[1] == CategoryRules.CATEGORY_EMPTY else COL_MATCH
            self.table.setCurrentCell(problem[0], column)
            self.table.editItem(self.table.item(problem[0], column))
            return
        rules, settings = self._saved_form(), self.archive.settings
        previous = settings.get("category_rules")
        settings["category_rules"] = rules
        try:
            settings.save()
        except OSError as e:
            settings["category_rules"] = previous
            show_error(self, tr("规则未保存"), e)
            return
        self.original = rules
        self.saved.emit(len(rules))
        self.accept()

    def reject(self) -> None:
        """取消, Esc or closing: leave settings as they were; ask first when rules were edited."""
        if not self.read_only and self._saved_form() != self.original:
            box = QMessageBox(
                QMessageBox.Icon.Question, tr("类别规则"), tr("放弃对规则的修改？"), parent=self
            )
            box.setObjectName("discardRules")
            discard = box.addButton(tr("放弃修改"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(tr("继续编辑"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            box.deleteLater()
            if box.clickedButton() is not discard:
                return
        super().reject()
