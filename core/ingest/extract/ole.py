"""OLE compound files (the only module that imports olefile)."""

from __future__ import annotations

import datetime as _dt
import struct
from pathlib import Path

import olefile

from core.ingest.extract.base import CORRUPT, TOO_LARGE, ExtractError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_STREAM = 256 * 1024 * 1024


class OleFile:
    """A read-only view of a compound file's streams."""

    def __init__(self, path: Path):
        try:
            self._ole = olefile.OleFileIO(str(path))
        except Exception as exc:  # olefile raises OSError, struct.error, IndexError, ...
            raise ExtractError(CORRUPT, f"OLE: {exc!r}") from exc

    def __enter__(self) -> OleFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release the file handle."""
        self._ole.close()

    def streams(self) -> set[str]:
        """Top-level and nested stream names joined with '/'."""
        try:
            return {"/".join(entry) for entry in self._ole.listdir(streams=True, storages=False)}
        except Exception as exc:
            raise ExtractError(CORRUPT, f"OLE directory: {exc!r}") from exc

    def has(self, name: str) -> bool:
        """True when the stream exists."""
        try:
            return bool(self._ole.exists(name))
        except Exception:
            return False

    def read(self, name: str, limit: int = MAX_STREAM) -> bytes:
        """The whole stream, refusing absurd sizes before reading."""
        try:
            size = self._ole.get_size(name)
            if size > limit:
                raise ExtractError(TOO_LARGE, f"stream {name}: {size} bytes")
            with self._ole.openstream(name) as stream:
                return stream.read()
        except ExtractError:
            raise
        except Exception as exc:
            raise ExtractError(CORRUPT, f"stream {name}: {exc!r}") from exc

    def head(self, name: str, size: int) -> bytes:
        """The first bytes of a stream (for sniffing)."""
        try:
            with self._ole.openstream(name) as stream:
                return stream.read(size)
        except Exception:
            return b""

    def summary(self) -> dict:
        """Title, author, subject, keywords and dates from SummaryInformation, when readable."""
        if not self.has("\x05SummaryInformation"):
            return {}
        try:
            return parse_summary(self.read("\x05SummaryInformation", limit=4 * 1024 * 1024))
        except (ExtractError, struct.error, ValueError, IndexError, OverflowError):
            return {}  # properties are a bonus; a damaged set must not lose the text


_SUMMARY_KEYS = {2: "title", 3: "subject", 4: "author", 5: "keywords", 8: "last_saved_by"}
_SUMMARY_DATES = {12: "created", 13: "modified"}
VT_I2, VT_LPSTR, VT_LPWSTR, VT_FILETIME = 2, 30, 31, 64


def parse_summary(data: bytes) -> dict:
    """Our own reader of the SummaryInformation property set ([MS-OLEPS] 2.21).

    olefile misreads the strings Kingsoft WPS writes, so each string is cut at its NUL.
    """
    (offset,) = struct.unpack_from("<I", data, 28 + 16)
    count = struct.unpack_from("<I", data, offset + 4)[0]
    entries = [struct.unpack_from("<II", data, offset + 8 + 8 * i) for i in range(min(count, 256))]
    values = {pid: _property(data, offset + pos) for pid, pos in entries}
    codepage = values.get(1) if isinstance(values.get(1), int) else 1252
    props: dict = {}
    for pid, key in _SUMMARY_KEYS.items():
        value = values.get(pid)
        text = _decode_string(value, codepage) if isinstance(value, tuple) else None
        if text:
            props[key] = text
    for pid, key in _SUMMARY_DATES.items():
        value = values.get(pid)
        if isinstance(value, _dt.datetime) and 1980 < value.year < 2100:
            props[key] = value.isoformat()
    return props


def _property(data: bytes, pos: int):
    """One typed value: int, (kind, raw bytes) for strings, or datetime."""
    vtype = struct.unpack_from("<H", data, pos)[0]
    if vtype == VT_I2:
        return struct.unpack_from("<H", data, pos + 4)[0]
    if vtype in (VT_LPSTR, VT_LPWSTR):
        size = struct.unpack_from("<I", data, pos + 4)[0]
        # Writers disagree on counting bytes or characters: read generously, cut at the NUL.
        return ("w" if vtype == VT_LPWSTR else "a", data[pos + 8 : pos + 8 + min(size * 2, 65536)])
    if vtype == VT_FILETIME:
        ticks = struct.unpack_from("<Q", data, pos + 4)[0]
        if ticks:
            return _dt.datetime(1601, 1, 1) + _dt.timedelta(microseconds=ticks // 10)
    return None


def _decode_string(value: tuple, codepage: int) -> str | None:
    """Decode a property string in the set's code page, stopping at the terminating NUL."""
    kind, raw = value
    if kind == "w" or codepage == 1200:
        end = next((i for i in range(0, len(raw) - 1, 2) if raw[i : i + 2] == b"\0\0"), len(raw))
        text = raw[: end - end % 2].decode("utf-16-le", "replace")
    else:
        raw = raw.split(b"\0", 1)[0]
        encoding = {936: "gb18030", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            text = raw.decode("gb18030", "replace")
    return text.strip() or None


def is_ole(head: bytes) -> bool:
    """True for the compound file signature."""
    return head.startswith(OLE_MAGIC)
