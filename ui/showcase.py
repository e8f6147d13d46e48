"""--show QUERY|import:FOLDER|form: put the window in a given state for screenshots (hidden flag)."""

from __future__ import annotations

from PySide6.QtCore import QTimer


def show_for_screenshot(window, what: str) -> None:
    """`text:党建` searches, `import:/path` runs an import to its report, `form` opens the form."""
    kind, _, arg = what.partition(":")
    if kind == "text":
        window.search_bar.set_text(arg)
        window.controller.change(text=arg)
    elif kind in ("import", "importsetup"):
        dialog = window.commands.import_paths([arg])
        if kind == "import":
            QTimer.singleShot(300, dialog.start)
    elif kind == "form":
        window.search_bar.set_text(arg)
        window.controller.change(text=arg)
        QTimer.singleShot(1500, window.commands.edit_current)
