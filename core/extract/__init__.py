"""Text extraction: decide the format by content and run its extractor."""

from __future__ import annotations

from pathlib import Path

from core.extract.base import EMPTY, TOO_LARGE, UNSUPPORTED, Extracted, ExtractError

MAX_BYTES = 200 * 1024 * 1024

__all__ = ["Extracted", "ExtractError", "extract_file", "MAX_BYTES"]


def extract_file(path: Path, max_bytes: int = MAX_BYTES) -> Extracted:
    """Extract one file in this process (the sandbox runs this in a worker)."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise ExtractError(EMPTY, str(path))
    if size > max_bytes:
        raise ExtractError(TOO_LARGE, f"{size} bytes > {max_bytes}")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".csv"):
        from core.extract import text

        return text.extract(path)
    raise ExtractError(UNSUPPORTED, suffix)
