"""Small layout pieces several dialogs share."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


def progress_page(widgets: list[QWidget], cancel_button: QPushButton) -> QWidget:
    """A page of stacked labels/bars with the cancel button at the bottom right."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel_button)
    layout.addLayout(row)
    return page


def confirm_buttons(dialog, confirm_text: str, save: bool = False) -> QDialogButtonBox:
    """Save/OK + 取消 with translated labels, wired to dialog.save and dialog.reject."""
    kind = QDialogButtonBox.StandardButton
    confirm = kind.Save if save else kind.Ok
    buttons = QDialogButtonBox(confirm | kind.Cancel)
    buttons.button(confirm).setText(confirm_text)
    buttons.button(kind.Cancel).setText(tr("取消"))
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    return buttons
