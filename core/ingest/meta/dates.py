"""Written Chinese dates: 2022年12月11日, 2022-12-13, 2022.5.12, 二〇二二年十二月十一日, full-width digits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MIN_YEAR = 1900
MAX_YEAR = 2100

# One character in, one character out, so offsets in the folded text match the original.
_FOLD = str.maketrans("０１２３４５６７８９－．／", "0123456789-./")

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0,
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
_CN_YEAR_DIGIT = "〇○零Ｏ一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"

_SEP = r"[ \t\u3000\xa0]*"
_RE_ARABIC_CN = re.compile(
    rf"(?<!\d)(\d{{4}}){_SEP}年{_SEP}(\d{{1,2}}){_SEP}月(?:{_SEP}(\d{{1,2}}){_SEP}[日号])?"
)
_RE_CN = re.compile(
    rf"([{_CN_YEAR_DIGIT}]{{4}}){_SEP}年{_SEP}([{_CN_SMALL}]{{1,3}}|元){_SEP}月"
    rf"(?:{_SEP}([{_CN_SMALL}]{{1,3}}){_SEP}[日号])?"
)
_RE_NUMERIC = re.compile(r"(?<![\d.])(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?![\d])")
_RE_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_RE_BARE_YEAR_MONTH = re.compile(r"(\d{4})(?:[-./](\d{1,2}))?")  # "2022" or "2022-03" alone
_RE_YEAR_ONLY = re.compile(rf"(?<!\d)(\d{{4}}|[{_CN_YEAR_DIGIT}]{{4}}){_SEP}年")


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: ISO form (YYYY-MM-DD, or YYYY-MM when no day), span and precision."""

    iso: str
    start: int
    end: int
    precision: str  # "day" or "month"

    @property
    def year(self) -> int:
        return int(self.iso[:4])

    @property
    def date(self) -> dt.date | None:
        """The calendar date when the day is known."""
        return dt.date.fromisoformat(self.iso) if self.precision == "day" else None


def fold_digits(text: str) -> str:
    """Full-width digits and date separators to ASCII, keeping every offset."""
    return text.translate(_FOLD)


def cn_to_int(s: str) -> int | None:
    """二十三 → 23, 十 → 10, 二〇二二 → 2022 (digit by digit); None when not a numeral."""
    s = s.strip()
    if not s:
        return None
    if "十" not in s:
        if not all(ch in _CN_DIGITS or ch.isdigit() for ch in s):
            return None
        return int("".join(str(_CN_DIGITS.get(ch, ch)) for ch in s))
    tens, _, units = s.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    t = 1 if not tens else _CN_DIGITS.get(tens)
    u = 0 if not units else _CN_DIGITS.get(units)
    if t is None or u is None:
        return None
    return t * 10 + u


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _num(s: str | None) -> int | None:
    if not s:
        return None
    if s == "元":  # 元月 is January
        return 1
    return int(s) if s.isdigit() else cn_to_int(s)


def _iter_matches(folded: str):
    """Yield (start, end, year, month, day|None) for every written date, in any order."""
    for rx in (_RE_ARABIC_CN, _RE_CN):
        for m in rx.finditer(folded):
            yield m.start(), m.end(), _num(m[1]), _num(m[2]), _num(m[3])
    for m in _RE_NUMERIC.finditer(folded):
        yield m.start(), m.end(), int(m[1]), int(m[3]), int(m[4])


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date (day or month precision) in the text, in reading order."""
    folded = fold_digits(text)
    found: list[DateMatch] = []
    for start, end, y, mo, d in _iter_matches(folded):
        if y is None or mo is None or not _valid(y, mo, d):
            continue
        if d is None:
            found.append(DateMatch(f"{y:04d}-{mo:02d}", start, end, "month"))
        else:
            found.append(DateMatch(f"{y:04d}-{mo:02d}-{d:02d}", start, end, "day"))
    found.sort(key=lambda m: m.start)
    return found


def first_full_date(text: str) -> DateMatch | None:
    """The first day-precision date in reading order."""
    return next((m for m in find_dates(text) if m.precision == "day"), None)


def parse_partial(s: str) -> tuple[int, int | None, int | None] | None:
    """(year, month|None, day|None) of the first date in s; "2022年" alone gives (2022, None, None)."""
    folded = fold_digits(s)
    matches = find_dates(folded)
    if matches:
        m = matches[0]
        parts = [int(p) for p in m.iso.split("-")]
        return parts[0], parts[1], parts[2] if len(parts) > 2 else None
    compact = _RE_COMPACT.search(folded)
    if compact:
        y, mo, d = (int(g) for g in compact.groups())
        if _valid(y, mo, d):
            return y, mo, d
    bare = _RE_BARE_YEAR_MONTH.fullmatch(folded.strip())
    if bare:
        y, mo = int(bare[1]), int(bare[2]) if bare[2] else None
        return (y, mo, None) if _valid(y, mo, None) else None
    year = _RE_YEAR_ONLY.search(folded)
    if year:
        y = _num(year[1])
        if y is not None and _valid(y, None, None):
            return y, None, None
    return None


def parse_date(s: str) -> dt.date | None:
    """The calendar date written in s (any form above, also 20221211), or None."""
    parts = parse_partial(s)
    if not parts or parts[1] is None or parts[2] is None:
        return None
    return dt.date(*parts)  # type: ignore[arg-type]


def partial_bounds(s: str) -> tuple[dt.date, dt.date] | None:
    """First and last calendar day a written date covers: "2022年3月" → (2022-03-01, 2022-03-31)."""
    parts = parse_partial(s)
    if not parts:
        return None
    year, month, day = parts
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
    return dt.date(year, month, day), dt.date(year, month, day)


def stored_form(text: str) -> str | None:
    """A typed date in the stored form: 2022-03-05, or 2022-03 / 2022 when the day or month is
    not given; None when the text holds no date."""
    parts = parse_partial(text or "")
    if parts is None:
        return None
    year, month, day = parts
    if (month is None and "月" in text) or (day is None and ("日" in text or "号" in text)):
        return None  # 2022年3月32日 is not "2022"
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
