"""The metadata form (all DA/T 22 fields, guessed values marked) and batch edit of a selection."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.archive import read_date
from core.models import DOC_TYPES, FIELD_LABELS, RETENTIONS
from ui.date_field import DateField
from ui.i18n import tr
from ui.icons import icon
from ui.layouts import confirm_buttons

BASIC_FIELDS = [
    "title", "doc_type", "category", "year", "date", "issuer", "doc_number", "archive_code",
    "retention", "org", "item_no", "secrecy", "pages", "published_date", "keywords",
    "open_status", "remarks",
]  # fmt: skip
MEETING_FIELDS = [
    "meeting_time", "meeting_place", "meeting_chair", "meeting_attendees", "meeting_guests",
    "meeting_absentees", "meeting_recorder", "meeting_agenda",
]  # fmt: skip
FILE_FIELDS = ["original_name", "source_path", "format", "size", "sha256"]
INT_FIELDS = {"year", "item_no", "pages"}
DATE_FIELDS = {"date", "published_date"}
LONG_FIELDS = {"remarks", "meeting_attendees", "meeting_agenda", "keywords"}
BATCH_FIELDS = ["category", "year", "doc_type", "retention", "org"]
GUESS_SOURCES = {
    "heading": "正文首行",
    "folder": "所在文件夹",
    "breadcrumb": "网页导航",
    "text:first_date": "正文中的第一个日期",
    "properties": "文件属性",
    "file_mtime": "文件修改时间",
    "mail": "所属邮件的日期",
    "mail:date": "邮件的发送日期",
    "filename": "文件名",
    "web:byline": "网页发布时间",
    "web:meta": "网页元数据",
    "web:script": "网页元数据",
    "web:url": "网页元数据",
    "web:label": "网页发布时间",
    "web:headline": "网页标题",
    "text:printed": "版记印发日期",
    "title": "题名",
    "title:year": "题名中的年份",
    "doc_number": "文号",
    "format_title": "标题格式",
    "text:keywords": "正文中的关键词",
    "text:meeting": "会议记录格式",
    "text:published": "正文中的发布日期",
    "text:red_header": "红头",
    "text:signoff": "落款",
}


def field_editor(field: str, category_paths: list[str]) -> QWidget:
    """The widget that edits one field."""
    if field in ("doc_type", "retention", "category"):
        choices = {"doc_type": DOC_TYPES, "retention": list(RETENTIONS), "category": category_paths}
        combo = QComboBox(editable=True)
        combo.addItems(["", *choices[field]])
        return combo
    if field in LONG_FIELDS:
        edit = QPlainTextEdit()
        edit.setFixedHeight(60)
        return edit
    if field in DATE_FIELDS:
        return DateField()
    return QLineEdit()


def editor_text(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText().strip()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    return widget.text().strip()


def set_editor_text(widget: QWidget, text: str) -> None:
    if isinstance(widget, QComboBox):
        widget.setCurrentText(text)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        widget.setText(text)


def parse_value(field: str, text: str):
    """The stored value of a field from its text (empty = NULL); ValueError for a bad number."""
    if text == "":
        return None
    if field in DATE_FIELDS:
        iso = read_date(text)
        if iso is None:
            label = tr(FIELD_LABELS[field])
            raise ValueError(tr("“{label}”不是可识别的日期：{text}").format(label=label, text=text))
        return iso
    if field in INT_FIELDS:
        try:
            return int(text)
        except ValueError:
            raise ValueError(
                tr("“{label}”应为整数").format(label=tr(FIELD_LABELS[field]))
            ) from None
    return text


CODE_FIELDS = {"year", "retention", "org"}  # what a 档号 is made of (机构 when the template has it)


class MetadataDialog(QDialog):
    """Edit one document; `saveWanted(doc_id, changes)` carries only what changed.

    上一件/下一件 save the edits and ask (`stepWanted(±1)`) for the neighbour in the result list;
    the window answers with load(doc) and set_steps(); closing with unsaved edits asks first."""

    saveWanted = Signal(int, dict)
    stepWanted = Signal(int)

    def __init__(self, doc: dict, category_paths: list[str], parent=None):
        super().__init__(parent)
        self.doc = doc
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.file_labels: dict[str, QLabel] = {}
        self.error = QLabel(styleSheet="color:#c0392b")
        tabs = QTabWidget()
        tabs.addTab(self._page(BASIC_FIELDS, category_paths), tr("基本信息"))
        tabs.addTab(self._page(MEETING_FIELDS, category_paths), tr("会议信息"))
        tabs.addTab(self._file_page(), tr("文件"))
        note = QLabel(
            tr("斜体并标有“（推测）”的项是导入时自动推测的，请核对；标 ◆ 的项是生成档号所需的。")
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        for w in (note, tabs, self.error):
            layout.addWidget(w)
        layout.addLayout(self._button_row())
        self.resize(660, 640)
        self.load(doc)
        self.set_steps(None, None, False, False)

    def _button_row(self) -> QHBoxLayout:
        """上一件 下一件 (position) … 保存 取消."""
        self.prev_button = QPushButton(icon("previous"), tr("上一件"))
        self.next_button = QPushButton(icon("next"), tr("下一件"))
        self.position = QLabel(styleSheet="color:gray")
        for button, step, keys, word in (
            (self.prev_button, -1, "Ctrl+PgUp", "上一件"),
            (self.next_button, 1, "Ctrl+PgDown", "下一件"),
        ):
            button.setAutoDefault(False)
            button.setShortcut(QKeySequence(keys))
            tip = tr("保存本件的修改，打开结果列表中的{word}（{keys}）")
            button.setToolTip(tip.format(word=tr(word), keys=keys))
            button.clicked.connect(lambda _c=False, d=step: self.step(d))
        row = QHBoxLayout()
        for w in (self.prev_button, self.next_button, self.position):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(confirm_buttons(self, tr("保存"), save=True))
        return row

    def _page(self, fields: list[str], category_paths: list[str]) -> QWidget:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        for field in fields:
            editor = field_editor(field, category_paths)
            label = QLabel()
            if field in CODE_FIELDS:  # 档号 cannot be generated without it
                label.setToolTip(tr("生成档号需要此项"))
            self.editors[field], self.labels[field] = editor, label
            form.addRow(label, editor)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(form_widget)
        return scroll

    def _file_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for field in FILE_FIELDS:
            label = QLabel(wordWrap=True)
            label.setTextInteractionFlags(label.textInteractionFlags().TextSelectableByMouse)
            self.file_labels[field] = label
            form.addRow(tr(FIELD_LABELS[field]), label)
        return page

    # ---------------------------------------------------------------- showing one document
    def load(self, doc: dict) -> None:
        """Show a document in the form (its values, guess marks and file details)."""
        self.doc = doc
        self.setWindowTitle(tr("著录信息 — {title}").format(title=doc.get("title") or ""))
        guessed = doc.get("guessed") or {}
        for field, editor in self.editors.items():
            value = doc.get(field)
            set_editor_text(editor, "" if value is None else str(value))
            self._mark(field, guessed.get(field))
            if field == "date":
                editor.setPlaceholderText(self._date_hint() if value in (None, "") else "")
        for field, label in self.file_labels.items():
            value = doc.get(field)
            label.setText("" if value is None else str(value))
        self.error.setText("")

    def _mark(self, field: str, source: str | None) -> None:
        """The field's name: ◆ when 档号 needs it, in italics with its source when guessed."""
        label, editor = self.labels[field], self.editors[field]
        name = html.escape(tr(FIELD_LABELS[field])) + (" ◆" if field in CODE_FIELDS else "")
        if source is None:
            label.setText(name)
            editor.setToolTip("")
            if field not in CODE_FIELDS:
                label.setToolTip("")
            return
        src = tr(GUESS_SOURCES.get(source, source))
        label.setText(
            f"<i>{name}</i><br><span style='color:gray'>"
            f"{html.escape(tr('（推测：{src}）').format(src=src))}</span>"
        )
        label.setToolTip(tr("自动推测，来源：{src}").format(src=src))
        editor.setToolTip(label.toolTip())

    def _date_hint(self) -> str:
        """待补, with the file's own date offered as a suggestion (never stored by itself)."""
        hint = (self.doc.get("extra") or {}).get("date_suggestion") or {}
        if not hint.get("date"):
            return tr("待补")
        src = tr(GUESS_SOURCES.get(hint.get("source"), hint.get("source") or ""))
        return tr("待补（可参考{src}：{date}）").format(src=src, date=hint["date"])

    def set_steps(self, row: int | None, count: int | None, prev: bool, nxt: bool) -> None:
        """Where the document is in the result list; 上一件/下一件 only where there is one."""
        self.prev_button.setEnabled(prev)
        self.next_button.setEnabled(nxt)
        shown = row is not None and count
        self.position.setText(tr("第 {i} / {n} 件").format(i=row + 1, n=count) if shown else "")

    # ---------------------------------------------------------------- saving
    def set_field(self, field: str, text: str) -> None:
        set_editor_text(self.editors[field], text)

    def changes(self) -> dict:
        """Fields whose value differs from the document (ValueError for a bad value)."""
        out = {}
        for field, editor in self.editors.items():
            text, old = editor_text(editor), self.doc.get(field)
            if text == ("" if old is None else str(old).strip()):
                continue  # untouched (also a stored date in an older written form)
            value = parse_value(field, text)
            if value != old and not (value is None and old == ""):
                out[field] = value
        if out.get("category") is None:
            out.pop("category", None)  # a document always has a category
        if "title" in out and not out["title"]:
            raise ValueError(tr("题名不能为空"))
        return out

    def _save_changes(self) -> bool:
        """Emit the edits (if any); False (and the reason shown) when a value is wrong."""
        try:
            changes = self.changes()
        except ValueError as e:
            self.error.setText(str(e))
            return False
        if changes:
            self.saveWanted.emit(self.doc["id"], changes)
            self.doc = {**self.doc, **changes}  # saved: they are no longer unsaved edits
        return True

    def save(self) -> None:
        if self._save_changes():
            self.accept()

    def step(self, direction: int) -> None:
        """上一件/下一件: save this document's edits, then ask for the neighbour."""
        button = self.prev_button if direction < 0 else self.next_button
        if button.isEnabled() and self._save_changes():
            self.stepWanted.emit(direction)

    def reject(self) -> None:
        """取消, Esc or closing: ask first when there are unsaved edits."""
        try:
            unsaved = bool(self.changes())
        except ValueError:
            unsaved = True
        if unsaved:
            box = QMessageBox(
                QMessageBox.Icon.Question, tr("著录信息"), tr("保存对本件的修改？"), parent=self
            )
            save = box.addButton(tr("保存"), QMessageBox.ButtonRole.AcceptRole)
            discard = box.addButton(tr("不保存"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(tr("继续编辑"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            box.deleteLater()
            if box.clickedButton() is save:
                self.save()
                return
            if box.clickedButton() is not discard:
                return
        super().reject()


class BatchEditDialog(QDialog):
    """Set the same category, year, type, retention or 机构 on many documents at once."""

    saveWanted = Signal(list, dict)

    def __init__(self, ids: list[int], category_paths: list[str], parent=None):
        super().__init__(parent)
        self.ids = ids
        self.setWindowTitle(tr("批量修改 {n} 件").format(n=len(ids)))
        self.checks: dict[str, QCheckBox] = {}
        self.editors: dict[str, QWidget] = {}
        self.error = QLabel(styleSheet="color:#c0392b")
        form = QFormLayout()
        for field in BATCH_FIELDS:
            check = QCheckBox(tr(FIELD_LABELS[field]))
            editor = field_editor(field, category_paths)
            editor.setEnabled(False)
            check.toggled.connect(editor.setEnabled)
            self.checks[field], self.editors[field] = check, editor
            form.addRow(check, editor)
        buttons = confirm_buttons(self, tr("应用"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("勾选要修改的项，所选文件都将改为同一个值：")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def set_field(self, field: str, text: str) -> None:
        self.checks[field].setChecked(True)
        set_editor_text(self.editors[field], text)

    def save(self) -> None:
        try:
            fields = {
                f: parse_value(f, editor_text(self.editors[f]))
                for f, check in self.checks.items()
                if check.isChecked()
            }
        except ValueError as e:
            self.error.setText(str(e))
            return
        if fields.get("category", "") is None:
            self.error.setText(tr("类别不能为空"))
            return
        if fields:
            self.saveWanted.emit(self.ids, fields)
        self.accept()
