"""One guessed field value and where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Sources the UI marks as a guess for the clerk to check.
WEAK_SOURCES = frozenset({"properties", "file_mtime", "text:first_date", "title:year"})


@dataclass(frozen=True)
class Guess:
    """A field value plus a short code naming where it was found (e.g. "text:signoff")."""

    value: Any
    source: str

    @property
    def guessed(self) -> bool:
        """True when the source is weak (document properties, file time, first date in text)."""
        return self.source in WEAK_SOURCES
