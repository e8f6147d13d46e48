"""Plain text in any encoding a Chinese office produces: BOM, UTF-8, UTF-16, GB18030, Big5."""

from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path

from core.ingest.extract.base import Extracted

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_RE_NEWLINES = re.compile(r"\r\n?")
_RE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_RE_PUA = re.compile("[\ue000-\uf8ff]")
_SAMPLE = 200_000  # bytes examined by the plausibility checks


def extract(path: Path) -> Extracted:
    """Read a text file (.txt, .md, .csv) whatever its encoding."""
    text, encoding = decode_bytes(Path(path).read_bytes())
    fmt = Path(path).suffix.lower().lstrip(".")
    return Extracted(
        text=text,
        format=fmt if fmt in ("md", "csv") else "txt",
        extractor="text",
        encoding=encoding,
    )


def normalize_newlines(text: str) -> str:
    """CRLF and CR become LF; stray NULs go."""
    return _RE_NEWLINES.sub("\n", text).replace("\x00", "")


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text without garbling: returns (text, encoding name)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return normalize_newlines(data[len(bom) :].decode(name, "replace")), name
    if declared:
        # Pages saved as UTF-8 often keep an old gb2312 meta; valid UTF-8 is never an accident.
        if not data.isascii() and _strict(data, "utf-8") is not None:
            return normalize_newlines(_strict(data, "utf-8")), "utf-8"
        text = _try_declared(data, declared)
        if text is not None:
            return normalize_newlines(text), declared.lower()
    text, name = _guess(data)
    return normalize_newlines(text), name


def _try_declared(data: bytes, declared: str) -> str | None:
    """A declared charset (HTML meta) is trusted if it decodes; GB2312/GBK read as GB18030."""
    name = declared.strip().lower()
    if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn"):
        name = "gb18030"
    try:
        codecs.lookup(name)
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def _guess(data: bytes) -> tuple[str, str]:
    """Pick the first plausible decoding in the order the brief fixes."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    utf16 = _utf16_by_nuls(data)
    if utf16:
        return data.decode(utf16, "replace"), utf16
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    candidates: list[tuple[float, str, str]] = []
    # cp950 is Big5 as Windows writes it (a few more characters than plain big5).
    for name, common in (("gb18030", _common_gb), ("big5", _common_big5), ("cp950", _common_big5)):
        text = _strict(data, name)
        if text is None:
            continue
        score = _plausibility(text, common)
        if score >= 0.85:
            return text, name
        candidates.append((score, text, name))
    for name in ("utf-16-le", "utf-16-be"):
        text = _strict(data, name)
        if text is not None and _plausibility(text, _common_gb) >= 0.9:
            return text, name
    latin = _western(data)
    if latin is not None:
        return latin, "cp1252"
    best = _charset_normalizer(data)
    if best:
        return best
    if candidates:
        score, text, name = max(candidates)
        return text, name
    return data.decode("gb18030", "replace"), "gb18030"


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a bad sector, a cut-and-paste accident)."""
    text = data[:_SAMPLE].decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    if good >= 20 and bad <= max(4, good * 0.02):
        return data.decode("utf-8", "replace")
    return None


def _strict(data: bytes, name: str) -> str | None:
    """Decode strictly, tolerating only a multibyte character cut at the very end."""
    decoder = codecs.getincrementaldecoder(name)()
    try:
        # final=False keeps an incomplete character at the end pending instead of failing.
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return None
    pending = decoder.getstate()[0]
    if pending and (text.isascii() or len(pending) > 3):
        return None  # a lone high byte at the end of ASCII text is not a cut character
    return text


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without BOM: NUL bytes gather at odd (LE) or even (BE) offsets."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    pairs = len(sample) // 2
    for nuls, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= max(2, pairs * 0.02) and other <= nuls * 0.05:
            text = _strict(data, name)
            if text is not None and len(_RE_CONTROL.findall(text[:50_000])) <= len(text) * 0.02:
                return name
    return None


@functools.lru_cache(maxsize=65536)
def _common_gb(ch: str) -> bool:
    """A GB2312 level-1 (most common 3,755) Han character."""
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= lead <= 0xD7


@functools.lru_cache(maxsize=65536)
def _common_big5(ch: str) -> bool:
    """A Big5 frequently-used (常用字, A440–C67E) Han character."""
    try:
        code = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xA440 <= int.from_bytes(code, "big") <= 0xC67E


def _plausibility(text: str, common) -> float:
    """Share of characters that look like real writing in that encoding (1.0 = certain)."""
    sample = text[: _SAMPLE // 2]
    if _RE_PUA.search(sample):
        return 0.0
    controls = len(_RE_CONTROL.findall(sample))
    han = [ch for ch in sample if ord(ch) >= 0x2E80 and ch.isprintable() and not _is_punct(ch)]
    if not sample:
        return 1.0
    if controls > len(sample) * 0.02:
        return 0.0
    if not han:
        return 0.9 if all(ord(ch) < 0x2E80 for ch in sample) else 0.5
    return sum(1 for ch in han if common(ch)) / len(han)


def _is_punct(ch: str) -> bool:
    """CJK and full-width punctuation, counted neither for nor against an encoding."""
    return 0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF


def _western(data: bytes) -> str | None:
    """cp1252 when its non-ASCII characters are accented Latin letters (é, ü, ß ...)."""
    text = _strict(data[:_SAMPLE], "cp1252")
    if text is None:
        return None
    extra = [ch for ch in text if ord(ch) > 127]
    letters = sum(1 for ch in extra if 0xC0 <= ord(ch) <= 0x17F or ch in "‘’“”–—…•€")
    return data.decode("cp1252", "replace") if extra and letters >= 0.8 * len(extra) else None


def _charset_normalizer(data: bytes) -> tuple[str, str] | None:
    """Last resort for Latin and other encodings; refuse results that are mostly controls."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SAMPLE]).best()
    if best is None or not best.encoding:
        return None
    try:
        text = data.decode(best.encoding, "replace")
    except LookupError:
        return None
    return text, codecs.lookup(best.encoding).name
