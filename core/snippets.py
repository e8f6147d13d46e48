"""Find query terms in original (unnormalised) text, and cut snippets around the hits."""

from __future__ import annotations

import re
from functools import lru_cache

from core.textnorm import is_han

MARK_OPEN, MARK_CLOSE = "【", "】"
_EDGE = "。！？；!?;\n"  # sentence ends: the preferred fragment edges
_SOFT_EDGE = "，、：,:）)」』”"  # clause breaks: the next best


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
        elif "!" <= ch <= "~":  # NFKC folded the full-width form of ASCII punctuation
            parts.append(f"[{re.escape(ch)}{re.escape(chr(ord(ch) + 0xFEE0))}]")
        else:
            parts.append(re.escape(ch))
    if term[:1].isascii() and term[:1].isalnum():  # Latin words match from a word start
        parts.insert(0, r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])")
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
    """Up to `fragments` pieces around hits (each term's first hit first), every hit marked
    【】, edges at sentence or clause breaks."""
    if not text:
        return ""
    spans = find_spans(text, terms, limit=500)
    if not spans:
        return _squash(text[: width * 2]) + ("…" if len(text) > width * 2 else "")
    windows: list[tuple[int, int]] = []
    for s, e in _first_of_each_term(text, terms) + spans:
        if len(windows) >= fragments:
            break
        if any(a <= s < b for a, b in windows):
            continue
        start, end = _edges(text, s, e, width)
        windows.append((start, end))
    pieces = []
    for start, end in _merged(sorted(windows)):
        inner = [(a, b) for a, b in spans if a >= start and b <= end]
        pieces.append(_mark(text, start, end, inner))
    return " … ".join(pieces)


def _first_of_each_term(text: str, terms: list[str]) -> list[tuple[int, int]]:
    out = []
    for term in terms:
        m = term_pattern(term).search(text) if term else None
        if m:
            out.append((m.start(), m.end()))
    return out


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in windows:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _edges(text: str, s: int, e: int, width: int) -> tuple[int, int]:
    """Window around a hit, pulled in to the nearest sentence break, else to the farthest
    clause break, else cut at the width."""
    lo, hi = max(0, s - width), min(len(text), e + width)
    start = end = None
    soft_start = soft_end = None
    for i in range(s - 1, lo - 1, -1):
        if text[i] in _EDGE:
            start = i + 1
            break
        if text[i] in _SOFT_EDGE:
            soft_start = i + 1
    for i in range(e, hi):
        if text[i] in _EDGE:
            end = i + 1
            break
        if text[i] in _SOFT_EDGE:
            soft_end = i + 1
    if start is None:
        start = soft_start if soft_start is not None and lo > 0 else lo
    if end is None:
        end = soft_end if soft_end is not None and hi < len(text) else hi
    return start, end


def _mark(text: str, start: int, end: int, spans) -> str:
    out, pos = [], start
    for a, b in spans:
        out += [text[pos:a], MARK_OPEN, text[a:b], MARK_CLOSE]
        pos = b
    out.append(text[pos:end])
    prefix = "…" if start > 0 and text[start - 1] not in _EDGE else ""
    suffix = "…" if end < len(text) and text[end - 1] not in _EDGE else ""
    return prefix + _squash("".join(out)) + suffix


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()
