"""Small layout pieces several dialogs share."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget


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
