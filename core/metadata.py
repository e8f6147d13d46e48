"""First, simple metadata guesses (title, date, year, category); the formats work refines them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from core.extract.base import Extracted

_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")


@dataclass(frozen=True)
class Guess:
    """A suggested value and where it came from."""

    value: object
    source: str

    @property
    def guessed(self) -> bool:
        return self.source in ("properties", "file_mtime", "text:first_date", "filename")


def guess_metadata(
    extracted: Extracted,
    *,
    filename: str,
    folders: list[str],
    file_mtime: str | None = None,
    rules: list[dict] | None = None,
) -> dict:
    """Suggested metadata for one extracted file."""
    out: dict[str, Guess] = {}
    title = extracted.title or _first_line(extracted.text) or PurePath(filename).stem
    out["title"] = Guess(title.strip(), "heading")
    m = _DATE.search(extracted.text)
    if m:
        y, mo, d = map(int, m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            out["date"] = Guess(f"{y:04d}-{mo:02d}-{d:02d}", "text:first_date")
            out["year"] = Guess(y, "text:first_date")
    if extracted.breadcrumb:
        out["category"] = Guess(extracted.breadcrumb[-2:], "breadcrumb")
    elif folders:
        out["category"] = Guess(folders[:1], "folder")
    return out


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if 2 <= len(line) <= 80:
            return line
    return ""
