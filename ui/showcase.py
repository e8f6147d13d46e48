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
    """export[:KIND], exported[:KIND], codes, backup, backedup, restore, restorebad:ZIP."""
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
