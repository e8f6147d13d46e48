"""Find query terms in original (unnormalised) text, and cut snippets around the hits."""

from __future__ import annotations

import re
from functools import lru_cache

from core.textnorm import is_han

MARK_OPEN, MARK_CLOSE = "【", "】"
_EDGE = "。！？；!?;\n"


@lru_cache(maxsize=256)
def term_pattern(term: str) -> re.Pattern:
    """A regex that finds a normalised term in original text (spacing, width and case free)."""
    parts = []
    for i, ch in enumerate(term):
        if i and is_han(ch) and is_han(term[i - 1]):
            parts.append(r"\s*")
        if ch.isascii() and ch.isalnum():
            wide = chr(ord(ch) + 0xFEE0)
            parts.append(f"[{re.escape(ch)}{wide}{wide.upper()}]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.IGNORECASE)


def find_spans(text: str, terms: list[str], limit: int = 10000) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of every term occurrence in text."""
    spans = []
    for term in terms:
        if term:
            for m in term_pattern(term).finditer(text):
                spans.append((m.start(), m.end()))
                if len(spans) >= limit:
                    break
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def make_snippet(text: str, terms: list[str], width: int = 36, fragments: int = 3) -> str:
    """Up to `fragments` pieces around hits, each hit marked 【】, edges at sentence breaks."""
    if not text:
        return ""
    spans = find_spans(text, terms, limit=200)
    if not spans:
        return _squash(text[: width * 2]) + ("…" if len(text) > width * 2 else "")
    pieces, used_until = [], -1
    for s, e in spans:
        if len(pieces) >= fragments:
            break
        if s < used_until:
            continue
        start, end = _edges(text, s, e, width)
        inner = [(a, b) for a, b in spans if a >= start and b <= end]
        pieces.append(_mark(text, start, end, inner))
        used_until = end
    return " … ".join(pieces)


def _edges(text: str, s: int, e: int, width: int) -> tuple[int, int]:
    """Window around a hit, pulled in to the nearest sentence break when there is one."""
    start, end = max(0, s - width), min(len(text), e + width)
    for i in range(s - 1, start - 1, -1):
        if text[i] in _EDGE:
            start = i + 1
            break
    for i in range(e, end):
        if text[i] in _EDGE:
            end = i + 1
            break
    return start, end


def _mark(text: str, start: int, end: int, spans) -> str:
    out, pos = [], start
    for a, b in spans:
        out += [text[pos:a], MARK_OPEN, text[a:b], MARK_CLOSE]
        pos = b
    out.append(text[pos:end])
    prefix = "…" if start > 0 and text[start - 1] not in _EDGE else ""
    return prefix + _squash("".join(out))


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()
