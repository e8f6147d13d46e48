"""make_snippet as it was before the fast path (issue 16): the baseline bench_snippets.py
times and compares against (its own term_patterns too). Frozen copy: keep it as it is."""

from __future__ import annotations

import heapq
import re
from functools import lru_cache
from itertools import chain, islice

from core.models import MARK_CLOSE, MARK_OPEN
from core.search.analysis import folded_from, is_han

_EDGE = "。！？；!?;\n"  # sentence ends: the preferred fragment edges
_SOFT_EDGE = "，、：,:）)」』”"  # clause breaks: the next best
_EDGE_RE = re.compile(f"[{re.escape(_EDGE)}]")
# The text's own 【】 (【案例】, 【资讯汇总】) would read as hit marks: shown as 〖〗 in snippets.
_OWN_BRACKETS = str.maketrans({MARK_OPEN: "〖", MARK_CLOSE: "〗"})
LATER_MAX = 64  # matches per pattern a snippet looks at for its later windows
_SOFT_EDGE_RE = re.compile(f"[{re.escape(_SOFT_EDGE)}]")
_LAST_EDGE_RE = re.compile(f"(?s).*[{re.escape(_EDGE)}]")  # greedy: up to the last break
_LAST_SOFT_EDGE_RE = re.compile(f"(?s).*[{re.escape(_SOFT_EDGE)}]")


# What a piece of the search form may have been in the original text.
_DOCNO_YEAR = re.compile(r"〔(\d{4})〕")
_ANY_OPEN = "[〔\\[(【〖（［｛{]"
_ANY_CLOSE = "[〕\\])】〗）］｝}]"
_CODE_SEP = "[-·・‧.．‐‑–—－]"


@lru_cache(maxsize=256)
def term_pattern(term: str, folding: bool = True) -> re.Pattern:
    """A regex that finds a normalised term in original text (spacing, width, case, 繁简 and
    variant characters, 文号 brackets and 档号 separators free)."""
    return re.compile("".join(_parts(term, folding)), re.IGNORECASE)


@lru_cache(maxsize=256)
def term_patterns(term: str, folding: bool = True) -> tuple[re.Pattern, ...]:
    """term_pattern split by the first character's variants (发, 發, 髮): a pattern that starts
    with one literal character is searched ~20x faster than one that starts with a class."""
    parts = _parts(term, folding)
    first = parts[0]
    if not (first.startswith("[") and first.endswith("]") and is_han(first[1])):
        return (term_pattern(term, folding),)
    rest = "".join(parts[1:])
    return tuple(re.compile(re.escape(ch) + rest, re.IGNORECASE) for ch in first[1:-1])


def _finditer(patterns, text: str, start: int = 0, end: int | None = None):
    """Match objects of any of the patterns, in text order."""
    end = len(text) if end is None else end
    if len(patterns) == 1:
        return patterns[0].finditer(text, start, end)
    return heapq.merge(*(p.finditer(text, start, end) for p in patterns), key=re.Match.start)


def _parts(term: str, folding: bool) -> list[str]:
    """The regex pieces of term_pattern, one or more per character of the term."""
    parts = []
    i = 0
    while i < len(term):
        ch = term[i]
        if i and is_han(ch) and is_han(term[i - 1]):
            parts.append(r"\s*")
        docno = _DOCNO_YEAR.match(term, i)
        if docno:  # 〔2015〕4号 was [2015]4号, （2015）第4号 or 2015年4号
            year = docno.group(1)
            tail = r"(?:\s*第)?\s*" if re.match(r"\d+\s*号", term[docno.end() :]) else ""
            parts.append(rf"(?:\s*{_ANY_OPEN}\s*{year}\s*{_ANY_CLOSE}{tail}|{year}\s*年{tail})")
            i = docno.end()
            continue
        if ch == "-" and 0 < i < len(term) - 1 and term[i - 1].isalnum() and term[i + 1].isalnum():
            parts.append(_CODE_SEP)
        elif ch.isascii() and ch.isalnum():
            wide = chr(ord(ch) + 0xFEE0)
            parts.append(f"[{re.escape(ch)}{wide}{wide.upper()}]")
        elif "!" <= ch <= "~":  # NFKC folded the full-width form of ASCII punctuation
            parts.append(f"[{re.escape(ch)}{re.escape(chr(ord(ch) + 0xFEE0))}]")
        elif folding and len(folded_from(ch)) > 1:  # 发 was 发, 發 or 髮
            parts.append(f"[{folded_from(ch)}]")
        else:
            parts.append(re.escape(ch))
        i += 1
    if term[:1].isascii() and term[:1].isalnum():  # Latin words match from a word start
        parts.insert(0, r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])")
    return parts


def find_spans(
    text: str, terms: list[str], limit: int = 10000, folding: bool = True
) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of every term occurrence in text."""
    spans = []
    for term in terms:
        if term:
            for m in _finditer(term_patterns(term, folding), text):
                spans.append((m.start(), m.end()))
                if len(spans) >= limit:
                    break
    return _merged(sorted(spans))


def make_snippet(
    text: str, terms: list[str], width: int = 36, fragments: int = 3, folding: bool = True
) -> str:
    """Up to `fragments` pieces around hits (each term's first hit first), every hit marked
    【】, edges at sentence or clause breaks. Only the text up to the windows is searched."""
    if not text:
        return ""
    firsts, flat = [], []  # each term's first hit; the patterns that match at all
    for t in dict.fromkeys(terms):
        spans = []
        for p in term_patterns(t, folding) if t else ():
            m = p.search(text)
            if m:  # a variant that never occurs (a rare 繁 or compatibility form) costs no scan
                spans.append(m.span())
                flat.append(p)
        if spans:
            firsts.append(min(spans))
    if not firsts:
        head = text[: width * 2].translate(_OWN_BRACKETS)
        return _squash(head) + ("…" if len(text) > width * 2 else "")
    if len(flat) == 1:  # the common case: no merge of several match streams
        later = (m.span() for m in flat[0].finditer(text))
    else:  # the first matches of each pattern, in text order (enough for the windows)
        later = sorted(m.span() for p in flat for m in islice(p.finditer(text), LATER_MAX))
    windows: list[tuple[int, int]] = []
    for s, e in chain(firsts, later):
        if len(windows) >= fragments:
            break
        if not any(a <= s < b for a, b in windows):
            windows.append(_edges(text, s, e, width))
    pieces = []
    for start, end in _merged(sorted(windows)):
        inner = [m.span() for p in flat for m in p.finditer(text, start, end)]
        pieces.append(_mark(text, start, end, _merged(sorted(inner))))
    return " … ".join(pieces)


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones joined."""
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
    hard = _LAST_EDGE_RE.match(text, lo, s)  # one match each: no loop over the breaks
    if hard is not None:
        start = hard.end()
    else:
        soft = _SOFT_EDGE_RE.search(text, lo, s) if lo > 0 else None
        start = soft.end() if soft else lo
    hard = _EDGE_RE.search(text, e, hi)
    if hard is not None:
        end = hard.end()
    else:
        soft = _LAST_SOFT_EDGE_RE.match(text, e, hi) if hi < len(text) else None
        end = soft.end() if soft else hi
    return start, end


def _mark(text: str, start: int, end: int, spans) -> str:
    window = text[start:end]
    own = MARK_OPEN in window or MARK_CLOSE in window  # rare: translate only then

    def plain(piece: str) -> str:
        return piece.translate(_OWN_BRACKETS) if own else piece

    out, pos = [], start
    for a, b in spans:
        out += [plain(text[pos:a]), MARK_OPEN, text[a:b], MARK_CLOSE]
        pos = b
    out.append(plain(text[pos:end]))
    prefix = "…" if start > 0 and text[start - 1] not in _EDGE else ""
    suffix = "…" if end < len(text) and text[end - 1] not in _EDGE else ""
    return prefix + _squash("".join(out)) + suffix


def _squash(s: str) -> str:
    """Whitespace runs as one space, none at the ends (split() splits on the same characters
    as the regex \\s+, ~3x faster on a snippet)."""
    return " ".join(s.split())
