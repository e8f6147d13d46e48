"""The metadata form (all DA/T 22 fields, guessed values marked) and batch edit of a selection."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.models import DOC_TYPES, FIELD_LABELS, RETENTIONS
from ui.i18n import tr
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
LONG_FIELDS = {"remarks", "meeting_attendees", "meeting_agenda", "keywords"}
BATCH_FIELDS = ["category", "year", "doc_type", "retention", "org"]
GUESS_SOURCES = {
    "heading": "正文首行",
    "folder": "所在文件夹",
    "breadcrumb": "网页导航",
    "text:first_date": "正文中的第一个日期",
    "properties": "文件属性",
    "file_mtime": "文件修改时间",
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
    """Edit one document; `saveWanted(doc_id, changes)` carries only what changed."""

    saveWanted = Signal(int, dict)

    def __init__(self, doc: dict, category_paths: list[str], parent=None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle(tr("著录信息 — {title}").format(title=doc.get("title") or ""))
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.error = QLabel(styleSheet="color:#c0392b")
        tabs = QTabWidget()
        tabs.addTab(self._page(BASIC_FIELDS, category_paths), tr("基本信息"))
        tabs.addTab(self._page(MEETING_FIELDS, category_paths), tr("会议信息"))
        tabs.addTab(self._file_page(), tr("文件"))
        note = QLabel(
            tr("斜体并标有“（推测）”的项是导入时自动推测的，请核对；标 ◆ 的项是生成档号所需的。")
        )
        note.setWordWrap(True)
        buttons = confirm_buttons(self, tr("保存"), save=True)
        layout = QVBoxLayout(self)
        for w in (note, tabs, self.error, buttons):
            layout.addWidget(w)
        self.resize(640, 620)

    def _page(self, fields: list[str], category_paths: list[str]) -> QWidget:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        guessed = self.doc.get("guessed") or {}
        for field in fields:
            editor = field_editor(field, category_paths)
            value = self.doc.get(field)
            set_editor_text(editor, "" if value is None else str(value))
            name = html.escape(tr(FIELD_LABELS[field]))
            if field in CODE_FIELDS:  # 档号 cannot be generated without it
                name += " ◆"
            label = QLabel(name)
            if field in CODE_FIELDS:
                label.setToolTip(tr("生成档号需要此项"))
            if field in guessed:
                source = tr(GUESS_SOURCES.get(guessed[field], guessed[field]))
                label.setText(
                    f"<i>{name}</i><br><span style='color:gray'>"
                    f"{html.escape(tr('（推测：{src}）').format(src=source))}</span>"
                )
                label.setToolTip(tr("自动推测，来源：{src}").format(src=source))
                editor.setToolTip(label.toolTip())
            if field == "date" and value in (None, "") and isinstance(editor, QLineEdit):
                editor.setPlaceholderText(self._date_hint())
            self.editors[field], self.labels[field] = editor, label
            form.addRow(label, editor)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(form_widget)
        return scroll

    def _date_hint(self) -> str:
        """待补, with the file's own date offered as a suggestion (never stored by itself)."""
        hint = (self.doc.get("extra") or {}).get("date_suggestion") or {}
        if not hint.get("date"):
            return tr("待补")
        src = tr(GUESS_SOURCES.get(hint.get("source"), hint.get("source") or ""))
        return tr("待补（可参考{src}：{date}）").format(src=src, date=hint["date"])

    def _file_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for field in FILE_FIELDS:
            value = self.doc.get(field)
            label = QLabel("" if value is None else str(value), wordWrap=True)
            label.setTextInteractionFlags(label.textInteractionFlags().TextSelectableByMouse)
            form.addRow(tr(FIELD_LABELS[field]), label)
        return page

    def set_field(self, field: str, text: str) -> None:
        set_editor_text(self.editors[field], text)

    def changes(self) -> dict:
        """Fields whose value differs from the document (ValueError for a bad number)."""
        out = {}
        for field, editor in self.editors.items():
            value = parse_value(field, editor_text(editor))
            old = self.doc.get(field)
            if value != old and not (value is None and old == ""):
                out[field] = value
        if out.get("category") is None:
            out.pop("category", None)  # a document always has a category
        if "title" in out and not out["title"]:
            raise ValueError(tr("题名不能为空"))
        return out

    def save(self) -> None:
        try:
            changes = self.changes()
        except ValueError as e:
            self.error.setText(str(e))
            return
        if changes:
            self.saveWanted.emit(self.doc["id"], changes)
        self.accept()


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
