"""Where an archive lives: --data-dir, ARCHIVIST_HOME, portable.txt, or the user data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Archivist"
PORTABLE_MARKER = "portable.txt"


def program_dir() -> Path:
    """The folder of the executable (frozen) or of main.py (from source)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """Bundled resources (samples, icons, translations)."""
    base = Path(getattr(sys, "_MEIPASS", program_dir()))
    return base / "resources"


def default_data_dir() -> Path:
    """The archive folder used when nothing else is said."""
    if (program_dir() / PORTABLE_MARKER).exists():
        return program_dir() / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir beats ARCHIVIST_HOME beats portable mode beats the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("ARCHIVIST_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()
