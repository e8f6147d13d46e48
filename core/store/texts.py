"""Every document's search form (normalised text) in one append-only file, read through a map.

SQLite keeps each document's span (documents.text_at, text_len) and the file's name and
committed length (meta search_text_file, search_text_end); this file holds the texts in
UTF-16-LE. Checking a phrase in a candidate is then a search in mapped memory: no SQLite row and
no copy (reading the text from a SQLite row cost 1–2.5 µs a document, more than the search
itself), over 2 bytes a Han character instead of UTF-8's 3 (a third less to scan). A match of
the encoded term counts only at an even offset: at an odd one it straddles two characters.

Appends are unbuffered and fsynced before the transaction that records their spans commits,
so a committed span always points at bytes on the disk; bytes of a transaction that rolled back
stay as unused space. Rewriting every form (a new search form, the 繁简 setting) writes a new
file, named in the same transaction; the old one is removed after the commit. The file is
derived data: when it is missing or short (an archive.db restored or copied on its own), the
forms are written again from the original texts (core/maintenance.update_search_forms).
"""

from __future__ import annotations

import mmap
import os
import re
import threading
from pathlib import Path

PREFIX, SUFFIX = "search-text-", ".bin"
ENCODING = "utf-16-le"  # every text starts at an even offset: matches there are exact
_NAME = re.compile(rf"{re.escape(PREFIX)}(\d+){re.escape(SUFFIX)}")


def encode(text: str) -> bytes:
    """A term or text as the file holds it."""
    return text.encode(ENCODING, "surrogatepass")


def decode(data: bytes) -> str:
    return data.decode(ENCODING, "surrogatepass")


class SearchTexts:
    """One search-text file: appends (the writer) and a memory map (readers, any thread)."""

    encode = staticmethod(encode)
    decode = staticmethod(decode)

    def __init__(self, folder: Path, name: str | None):
        self.folder = Path(folder)
        self.name = name or ""
        self._lock = threading.Lock()
        self._append = None  # the file opened for appending, on the first append
        self._end = self._size()  # where the next append goes
        self._unsynced = False
        self._map: mmap.mmap | bytes = b""

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def _size(self) -> int:
        try:
            return self.path.stat().st_size if self.name else 0
        except OSError:
            return 0

    def intact(self, committed_end: int) -> bool:
        """Whether the file holds every byte the archive's committed spans point at."""
        return bool(self.name) and self.path.is_file() and self._size() >= committed_end

    # ---------------------------------------------------------------- writing
    def append(self, text: str) -> tuple[int, int]:
        """Add one text; its (offset, length) in bytes. Durable after sync()."""
        data = encode(text)
        with self._lock:
            if self._append is None:  # unbuffered: no bytes wait in a buffer to land later
                self._append = open(self.path, "ab", buffering=0)  # noqa: SIM115 (kept open)
            # The true end, not a count kept here: a write that failed half-way (disk full)
            # left bytes no span points at, and the next text goes after them.
            at = self._append.seek(0, os.SEEK_END)
            if at % 2:  # a write cut off after an odd number of bytes: keep texts aligned
                at += self._append.write(b"\0")
            rest = memoryview(data)
            while rest:
                rest = rest[self._append.write(rest) :]
            self._end = at + len(data)
            self._unsynced = True
            return at, len(data)

    @property
    def pending(self) -> bool:
        """Whether appends wait for sync()."""
        return self._unsynced

    @property
    def end(self) -> int:
        """The length of the file once pending appends are written."""
        return self._end

    def sync(self) -> None:
        """Put pending appends on the disk (before the transaction naming them commits)."""
        with self._lock:
            if self._unsynced and self._append is not None:
                os.fsync(self._append.fileno())
            self._unsynced = False

    # ---------------------------------------------------------------- reading
    def view(self, end: int):
        """The file's bytes up to at least end, as a memory map (or b'' when end is 0); maps
        again when the file grew. Readers keep the object they got: it stays valid."""
        current = self._map
        if len(current) >= end:
            return current
        with self._lock:
            if len(self._map) < end:
                with open(self.path, "rb") as f:  # Windows: a map keeps its own handle
                    self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                if len(self._map) < end:
                    raise OSError(f"{self.path} is shorter than the archive expects")
            return self._map

    def read(self, at: int, length: int) -> str:
        """One text."""
        return decode(self.view(at + length)[at : at + length]) if length else ""

    # ---------------------------------------------------------------- files
    def fresh(self) -> SearchTexts:
        """A new, empty file (the next name) for rewriting every form."""
        used = [int(m.group(1)) for m in map(_NAME.fullmatch, self._names()) if m]
        name = f"{PREFIX}{max(used, default=0) + 1}{SUFFIX}"
        (self.folder / name).write_bytes(b"")
        return SearchTexts(self.folder, name)

    def _names(self) -> list[str]:
        try:
            return [p.name for p in self.folder.iterdir()]
        except OSError:
            return []

    def remove_others(self) -> None:
        """Delete search-text files other than this one (replaced, or left by a rewrite that
        never committed). One still mapped elsewhere (Windows) goes at a later open."""
        for name in self._names():
            if _NAME.fullmatch(name) and name != self.name:
                try:
                    (self.folder / name).unlink()
                except OSError:
                    pass

    def discard(self) -> None:
        """Close and delete this file (a rewrite that did not commit)."""
        self.close()
        try:
            self.path.unlink()
        except OSError:
            pass

    def close(self) -> None:
        """Close the append handle; maps close when their last reader lets go."""
        with self._lock:
            if self._append is not None:
                self._append.close()
                self._append = None
            self._map = b""
