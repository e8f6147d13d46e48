"""Run extractors with limits (placeholder: in-process until the worker-process sandbox lands)."""

from __future__ import annotations

from pathlib import Path

from core.extract import MAX_BYTES, extract_file
from core.extract.base import Extracted


class Extractor:
    """Context manager that extracts files one by one."""

    def __init__(self, timeout: float = 60.0, max_bytes: int = MAX_BYTES, in_process: bool = True):
        self.timeout = timeout
        self.max_bytes = max_bytes

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def extract(self, path: Path) -> Extracted:
        return extract_file(Path(path), self.max_bytes)
