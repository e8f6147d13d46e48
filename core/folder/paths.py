"""Where an archive lives: --data-dir, ARCHIVIST_HOME, portable.txt, the archive last opened in
the window, or the user data folder (one rule for the window and the command line)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from core.folder.held import retry_held

APP_NAME = "Archivist"
PORTABLE_MARKER = "portable.txt"
REMEMBERED = "current-archive.txt"  # in the per-user config folder: the window's last archive


def program_dir() -> Path:
    """The folder of the executable (frozen) or of main.py (from source)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """Bundled resources (samples, icons, translations)."""
    base = Path(getattr(sys, "_MEIPASS", program_dir()))
    return base / "resources"


def default_data_dir() -> Path:
    """The user data folder: the archive used when nothing else says where."""
    import platformdirs  # (not needed when the folder is given)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir beats ARCHIVIST_HOME beats portable mode beats the archive last opened in
    the window beats the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("ARCHIVIST_HOME")
    if env:
        return Path(env).expanduser().resolve()
    if (program_dir() / PORTABLE_MARKER).exists():
        return program_dir() / "data"
    return remembered_archive() or default_data_dir()


def config_dir() -> Path:
    """Per-user program settings (no archive data): ARCHIVIST_CONFIG_DIR or the platform's."""
    env = os.environ.get("ARCHIVIST_CONFIG_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True))


def remembered_archive() -> Path | None:
    """The archive the window last switched to, while that folder still exists."""
    try:
        text = (config_dir() / REMEMBERED).read_text("utf-8").strip()
    except (OSError, UnicodeError):
        return None
    return Path(text) if text and Path(text).is_dir() else None


def remember_archive(folder: Path) -> None:
    """Make folder the default archive of the window and the command line from now on."""
    target = config_dir() / REMEMBERED
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(str(Path(folder).resolve()), encoding="utf-8")
        retry_held(os.replace, tmp, target)
    except OSError:  # a locked-down profile: the archive still opens, just not by default
        pass
