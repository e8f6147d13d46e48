"""Copies of originals made durable: copied beside their place as .part, fsynced together, then
renamed into place (a power cut or a pulled USB stick leaves no half-written original)."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from core.folder.held import retry_held


def copy_to_part(src: Path, dest: Path) -> Path:
    """Copy src beside dest as dest.part (renamed into place once it is on disk)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    try:
        retry_held(shutil.copyfile, src, part)  # the source or the fresh copy may be held
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part


def finish_parts(items: list, pool: ThreadPoolExecutor) -> None:
    """fsync the copies together (concurrent fsyncs are ~15x cheaper), then rename into place."""
    if not items:
        return
    list(pool.map(_fsync_part, items))
    for item in items:
        retry_held(os.replace, item.part, item.dest)  # an antivirus scans fresh files
    if os.name != "nt":  # the renames themselves survive a power cut (NTFS journals them)
        for folder in {item.dest.parent for item in items}:
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _fsync_part(item) -> None:
    with retry_held(open, item.part, "rb+") as f:
        os.fsync(f.fileno())
