"""The window's icons: one bundled SVG set in resources/icons (see its README for the source)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from core.archive import resources_folder


@cache
def icon(name: str) -> QIcon:
    """resources/icons/<name>.svg (an empty icon when it is missing: a button keeps its text)."""
    path = resources_folder() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()
