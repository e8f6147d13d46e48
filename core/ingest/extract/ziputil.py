"""Zip containers (docx, xlsx, odt): refuse bombs and hostile XML before any parser sees them."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from core.ingest.extract.base import CORRUPT, TOO_LARGE, ExtractError

MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 300 * 1024 * 1024  # one inflated part
MAX_TOTAL_BYTES = 600 * 1024 * 1024  # all parts inflated
MAX_RATIO = 200  # inflated / compressed, for parts big enough to matter
RATIO_FLOOR = 10 * 1024 * 1024  # small parts may compress as well as they like
_RE_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY|<\x00!\x00(D|E)\x00|\x00<\x00!\x00(D|E)")
_CHUNK = 1024 * 1024


def open_checked(path: Path) -> zipfile.ZipFile:
    """Open a zip after checking its declared sizes; the caller closes it."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise ExtractError(CORRUPT, f"zip: {exc!r}") from exc
    try:
        check_sizes(zf)
    except ExtractError:
        zf.close()
        raise
    _slash_names(zf)
    return zf


def has_backslash_names(zf: zipfile.ZipFile) -> bool:
    """True for zips written with Windows separators ("xl\\worksheets\\sheet1.xml")."""
    return any("\\" in info.orig_filename for info in zf.infolist())


def _slash_names(zf: zipfile.ZipFile) -> None:
    """Look members up by "/" names even when the zip was written with backslashes."""
    if not has_backslash_names(zf):
        return
    for info in zf.infolist():
        info.filename = info.filename.replace("\\", "/")
    zf.NameToInfo = {info.filename: info for info in zf.infolist()}


def check_sizes(zf: zipfile.ZipFile) -> None:
    """Refuse zip bombs by the central directory's declared sizes and ratios."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ExtractError(TOO_LARGE, f"zip has {len(infos)} members")
    total = 0
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES:
            raise ExtractError(TOO_LARGE, f"{info.filename}: {info.file_size} bytes inflated")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ExtractError(TOO_LARGE, f"{info.filename}: compression ratio {ratio:.0f}")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ExtractError(TOO_LARGE, f"zip inflates to {total} bytes")


def reject_dtds(zf: zipfile.ZipFile) -> None:
    """Refuse any XML part that declares a DTD or entities (billion laughs, external entities)."""
    for info in zf.infolist():
        name = info.filename.lower()
        if not (name.endswith(".xml") or name.endswith(".rels") or name.endswith(".vml")):
            continue
        if _has_dtd(zf, info):
            raise ExtractError(CORRUPT, f"{info.filename}: XML declares a DTD or entities")


def _has_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Stream the part looking for <!DOCTYPE / <!ENTITY (UTF-8 or UTF-16)."""
    tail = b""
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                if _RE_DTD.search(tail + chunk):
                    return True
                tail = chunk[-32:]
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise ExtractError(CORRUPT, f"{info.filename}: {exc!r}") from exc
    except RuntimeError as exc:  # encrypted member
        raise ExtractError(CORRUPT, f"{info.filename}: {exc!r}") from exc
    return False


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, with zip errors turned into CORRUPT."""
    try:
        return zf.read(name)
    except KeyError as exc:
        raise ExtractError(CORRUPT, f"missing part {name}") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise ExtractError(CORRUPT, f"{name}: {exc!r}") from exc
