"""Line helpers: the head and tail of a text as stripped non-empty lines, Chinese spacing."""

from __future__ import annotations

import re

from core.search.analysis import HAN

HEAD_CHARS = 6000  # titles, 文号 and header dates live in the first few thousand characters
TAIL_CHARS = 2500  # the sign-off and 版记 live in the last few lines
_WS = " \t\r\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
_CJK = f"{HAN}\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
# Spaces between Chinese characters (or a Chinese character and a digit) are layout, not words;
# a space before or after a Latin word is kept ("NANDrive 固态硬盘").
_RE_CJK_GAP = re.compile(
    f"(?<=[{_CJK}])[{_WS}]+(?=[{_CJK}0-9])|(?<=[{_CJK}0-9])[{_WS}]+(?=[{_CJK}])"
)
# How organisation names end: 中共XX委员会, XX党委, XX学院, XX办公室 …
RE_ORG_END = re.compile(
    r"(?:委员会|党委|党总支|支部|学院|大学|学校|政府|办公室|办公厅|中心|部|厅|局|委|处|院|会|所|馆|队|组|站|室|科|团)$"
)
_RE_MULTI_WS = re.compile(f"[{_WS}]+")


def clean_line(line: str) -> str:
    """Strip a line of ASCII, ideographic and no-break spaces."""
    return line.strip(_WS + "\n")


def head_lines(text: str, limit: int = 40) -> list[str]:
    """The first non-empty lines, stripped."""
    out = []
    for raw in text[:HEAD_CHARS].splitlines():
        line = clean_line(raw)
        if line:
            out.append(line)
            if len(out) >= limit:
                break
    return out


def tail_lines(text: str, limit: int = 20) -> list[str]:
    """The last non-empty lines, stripped, in reading order."""
    chunk = text[-TAIL_CHARS:] if len(text) > TAIL_CHARS else text
    out = [clean_line(raw) for raw in chunk.splitlines()]
    out = [line for line in out if line]
    if len(text) > TAIL_CHARS and out:
        out = out[1:]  # the first line of the chunk may be cut in half
    return out[-limit:]


def squeeze(text: str) -> str:
    """Drop spaces between Chinese characters and digits; collapse the other runs to one space."""
    return _RE_MULTI_WS.sub(" ", _RE_CJK_GAP.sub("", text)).strip()
