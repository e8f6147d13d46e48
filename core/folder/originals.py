"""The kept originals: files/ab/<sha256><ext>, one copy per distinct file."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from core.errors import NotFound

log = logging.getLogger(__name__)


class Originals:
    """The files/ folder of an archive."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def dest_for(self, sha256: str, src: Path) -> Path:
        """Where the original of a file being imported is kept."""
        return self.folder / sha256[:2] / (sha256 + src.suffix.lower()[:16])

    def path_of(self, sha256: str, extra: dict) -> Path:
        """The kept original of a stored document (no existence check)."""
        return self.folder / sha256[:2] / (extra.get("stored_file") or sha256)

    def existing(self, sha256: str, extra: dict) -> Path:
        """The kept original of a stored document; NotFound when it is missing."""
        path = self.path_of(sha256, extra)
        if not path.exists():
            raise NotFound(f"原文件缺失：{path}")
        return path

    def discard(self, sha256: str, src: Path) -> None:
        """Remove a copy (and partial copy) that no document refers to."""
        dest = self.dest_for(sha256, src)
        for path in (dest, dest.with_name(dest.name + ".part")):
            try:
                path.unlink(missing_ok=True)
            except OSError as e:  # the spot may be unwritable: `check` removes orphans later
                log.warning("cannot remove %s: %s", path, e)

    def files(self, with_partial: bool = True) -> Iterator[Path]:
        """Every file under files/ (partial copies of an unfinished import too, unless told)."""
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and (with_partial or not path.name.endswith(".part")):
                yield path
