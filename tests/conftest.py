"""Shared fixtures: a real archive in tmp_path, and the shared corpus when it is present."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import
# The user's own "last archive" is never read or changed by a test (nor by its subprocesses).
os.environ["ARCHIVIST_CONFIG_DIR"] = tempfile.mkdtemp(prefix="archivist-test-config-")

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()


def corpus_path(*parts: str) -> Path:
    """A folder of ../shared/corpus, or skip the test (the corpus is not shipped)."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not present at {path}")
    return path


@pytest.fixture
def archive(tmp_path):
    from core.archive import Archive

    with Archive.open(tmp_path / "archive") as a:
        yield a


@pytest.fixture
def write(tmp_path):
    """write(name, text, encoding) -> Path of a file in tmp_path/src."""

    def _write(name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return _write
