"""Find query terms in original (unnormalised) text, and cut snippets around the hits."""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, islice

from core.models import MARK_CLOSE, MARK_OPEN
from core.search.analysis import folded_from, is_han

_EDGE = "。！？；!?;\n"  # sentence ends: the preferred fragment edges
_SOFT_EDGE = "，、：,:）)」』”"  # clause breaks: the next best
# The text's own 【】 (【案例】, 【资讯汇总】) would read as hit marks: shown as 〖〗 in snippets.
_OWN_BRACKETS = str.maketrans({MARK_OPEN: "〖", MARK_CLOSE: "〗"})
LATER_MAX = 64  # matches per pattern a snippet looks at for its later windows
_EDGE_RE = re.compile(f"[{re.escape(_EDGE)}]")
_SOFT_EDGE_RE = re.compile(f"[{re.escape(_SOFT_EDGE)}]")
_LAST_EDGE_RE = re.compile(f"(?s).*[{re.escape(_EDGE)}]")  # greedy: up to the last break
_LAST_SOFT_EDGE_RE = re.compile(f"(?s).*[{re.escape(_SOFT_EDGE)}]")


# What a piece of the search form may have been in the original text.
_DOCNO_YEAR = re.compile(r"〔(\d{4})〕")
_ANY_OPEN = "[〔\\[(【〖（［｛{]"
_ANY_CLOSE = "[〕\\])】〗）］｝}]"
_CODE_SEP = "[-·・‧.．‐‑–—－]"
# Latin letters and digits, written out as re.IGNORECASE read them (İ ı, ſ and the Kelvin sign
# fold into i, s and k), so a pattern needs no IGNORECASE: with it, re scans ~10x slower for a
# first Latin letter.
_CASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}  # İ ı, Kelvin K, long ſ
_WORD = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ\u0130\u0131\u017f\u212a"
# Latin words match from a word start. The check follows the first character: a pattern that
# begins with a look-behind gets no fast scan for its first character.
_WORD_START = f"(?<![{_WORD}].)"


def _alnum_variants(ch: str) -> str:
    """The characters an ASCII letter or digit of the search form may have been (a, A, ａ, Ａ)."""
    ch = ch.lower()
    wide = chr(ord(ch) + 0xFEE0)
    return "".join(dict.fromkeys(ch + ch.upper() + wide + wide.upper() + _CASE_EXTRA.get(ch, "")))


def _caseless(ch: str) -> bool:
    """True when IGNORECASE changes nothing about what ch matches."""
    return ch.lower() == ch == ch.upper()


@lru_cache(maxsize=256)
def term_pattern(term: str, folding: bool = True) -> re.Pattern:
    """A regex that finds a normalised term in original text (spacing, width, case, 繁简 and
    variant characters, 文号 brackets and 档号 separators free)."""
    parts, _, flags = _parts(term, folding)
    return re.compile("".join(parts), flags)


@lru_cache(maxsize=256)
def term_patterns(term: str, folding: bool = True) -> tuple[re.Pattern, ...]:
    """term_pattern split by the first character's variants (发, 發, 髮): a pattern that starts
    with one literal character is searched ~20x faster than one that starts with a class."""
    parts, first, flags = _parts(term, folding)
    if not (len(first) > 1 and is_han(first[0])):
        return (term_pattern(term, folding),)
    rest = "".join(parts[1:])
    return tuple(re.compile(re.escape(ch) + rest, flags) for ch in first)


@lru_cache(maxsize=256)
def _plan(term: str, folding: bool) -> tuple[tuple[tuple[re.Pattern | None, str], ...], bool]:
    """The term's patterns, each with the character all its matches start with ("" if not one),
    and whether they start with a class whose characters a text picks its pattern by (the
    patterns then None: compiled when a text needs one)."""
    parts, first, _ = _parts(term, folding)
    if len(first) < 2:
        return ((term_pattern(term, folding), first),), False
    if is_han(first[0]):
        return tuple(zip(term_patterns(term, folding), first, strict=True)), False
    return tuple((None, ch) for ch in first), True


@lru_cache(maxsize=256)
def _led_by(term: str, folding: bool, ch: str) -> re.Pattern:
    """term_pattern for a text where ch is the only one of its first class's characters."""
    parts, _, flags = _parts(term, folding)
    return re.compile(re.escape(ch) + "".join(parts[1:]), flags)


def _patterns_in(text: str, term: str, folding: bool) -> Sequence[tuple[re.Pattern, str]]:
    """The term's patterns that may match in text, each with its first character or "": a first
    character that never occurs costs an `in`, not a scan. When just one of a leading class's
    characters occurs (2 but no ２), the pattern that starts with it finds the same matches."""
    streams, by_text = _plan(term, folding)
    found = []
    for stream in streams:  # a loop, not a comprehension: this runs for every snippet
        if not stream[1] or stream[1] in text:
            found.append(stream)
    if not by_text or not found:
        return found
    if len(found) > 1:
        return [(term_pattern(term, folding), "")]
    ch = found[0][1]
    return [(_led_by(term, folding, ch), ch)]


def _finditer(patterns, text: str, start: int = 0, end: int | None = None):
    """Match objects of any of the patterns, in text order."""
    end = len(text) if end is None else end
    if len(patterns) == 1:
        return patterns[0].finditer(text, start, end)
    return heapq.merge(*(p.finditer(text, start, end) for p in patterns), key=re.Match.start)


def _parts(term: str, folding: bool) -> tuple[list[str], str, int]:
    """The regex pieces of term_pattern (one or more per character of the term), the characters
    a match can start with ("" if not known), and the flags: IGNORECASE only for a character
    with case that is not written out (é, Σ)."""
    parts, starts, flags = [], None, 0
    i = 0
    while i < len(term):
        ch = term[i]
        if i and is_han(ch) and is_han(term[i - 1]):
            parts.append(r"\s*+")  # possessive: what follows is never a space, and re is faster
        docno = _DOCNO_YEAR.match(term, i)
        chars = ""  # the characters this piece matches, when it is one of them
        if docno:  # 〔2015〕4号 was [2015]4号, （2015）第4号 or 2015年4号
            year = docno.group(1)
            tail = r"(?:\s*+第)?\s*+" if re.match(r"\d+\s*号", term[docno.end() :]) else ""
            parts.append(rf"(?:\s*+{_ANY_OPEN}\s*+{year}\s*+{_ANY_CLOSE}{tail}|{year}\s*+年{tail})")
            i = docno.end() - 1
        elif (
            ch == "-" and 0 < i < len(term) - 1 and term[i - 1].isalnum() and term[i + 1].isalnum()
        ):
            parts.append(_CODE_SEP)
        else:
            chars = _char_variants(ch, folding)
            parts.append(f"[{re.escape(chars)}]" if len(chars) > 1 else re.escape(ch))
            if not (ch.isascii() or all(map(_caseless, chars))):
                flags, chars = re.IGNORECASE, ""
        if starts is None:
            starts = chars
        i += 1
    if term[:1].isascii() and term[:1].isalnum():  # Latin words match from a word start
        parts.insert(1, _WORD_START)
    return parts, starts or "", flags


def _char_variants(ch: str, folding: bool) -> str:
    """The characters one character of the search form may have been, itself first."""
    if ch.isascii() and ch.isalnum():  # every case written out
        return _alnum_variants(ch)
    if "!" <= ch <= "~":  # NFKC folded the full-width form of ASCII punctuation
        return ch + chr(ord(ch) + 0xFEE0)
    return folded_from(ch) if folding else ch  # 发 was 发, 發 or 髮


def find_spans(
    text: str, terms: list[str], limit: int = 10000, folding: bool = True
) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of every term occurrence in text."""
    spans = []
    for term in terms:
        found = _patterns_in(text, term, folding) if term else ()
        if len(found) == 1:
            matches = found[0][0].finditer(text)
        elif found:
            matches = _finditer([p for p, _ in found], text)
        else:
            continue
        for m in matches:
            spans.append(m.span())
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
    if len(terms) == 1 and terms[0]:  # the common case: one term, often one pattern to search
        found = _patterns_in(text, terms[0], folding)
        if len(found) == 1:
            p, ch = found[0]
            snippet = _one_stream(text, p, ch, width, fragments)
            return _head(text, width) if snippet is None else snippet
    firsts, flat = [], []  # each term's first hit; the patterns that match at all
    for t in dict.fromkeys(terms):
        first = None
        for p, ch in _patterns_in(text, t, folding) if t else ():
            m = p.search(text)
            if m:
                flat.append((p, ch))
                if first is None or m.span() < first:
                    first = m.span()
        if first:
            firsts.append(first)
    if not firsts:
        return _head(text, width)
    if len(flat) == 1:  # one match stream, read once for windows and marks
        return _one_stream(text, *flat[0], width, fragments)
    # The first matches of each pattern, in text order (enough for the windows), read only as
    # far as the windows need them.
    flat = [p for p, _ in flat]
    streams = [islice(p.finditer(text), LATER_MAX) for p in flat]
    later = map(re.Match.span, heapq.merge(*streams, key=re.Match.span))
    windows: list[tuple[int, int]] = []
    for s, e in chain(firsts, later):
        if len(windows) >= fragments:
            break
        for a, b in windows:  # a loop, not any(): a generator costs more than the test
            if a <= s < b:
                break
        else:
            windows.append(_edges(text, s, e, width))
    pieces = []
    for start, end in _merged(sorted(windows)):
        inner = [m.span() for p in flat for m in p.finditer(text, start, end)]
        pieces.append(_mark(text, start, end, _merged(sorted(inner))))
    return " … ".join(pieces)


def _head(text: str, width: int) -> str:
    """The snippet of a text without hits: its beginning."""
    head = text[: width * 2].translate(_OWN_BRACKETS)
    return _squash(head) + ("…" if len(text) > width * 2 else "")


def _one_stream(text: str, p: re.Pattern, ch: str, width: int, fragments: int) -> str | None:
    """make_snippet for one pattern (ch: the character every match starts with, or ""), None if
    it has no match: windows from its matches in order, marks from the same matches where a
    window scan would find the same ones."""
    if fragments < 1:
        return "" if p.search(text) else None
    n = len(text)
    hits: list[tuple[int, int]] = []
    runs: list[list[int]] = []  # [start, end, its hits from, to] of overlapping windows
    last, made = -1, 0
    # Window ends grow with the hits, so a hit is outside every window iff it starts past the
    # last one's end; window starts never go back, so overlapping windows join as they come.
    # Read on until every window is made, then only the matches that start in the last one:
    # hits then holds every match that starts inside a window.
    for m in p.finditer(text):
        s, e = hit = m.span()
        if s >= last:
            start, last = _edges(text, s, e, width)
            if runs and start <= runs[-1][1]:
                runs[-1][1] = last
            else:
                if runs:
                    runs[-1][3] = len(hits)
                runs.append([start, last, len(hits), 0])
            hits.append(hit)
            made += 1
            if made >= fragments:
                hits += _starting_before(text, p, ch, e, last)
                break
        else:
            hits.append(hit)
    if not hits:
        return None
    own = MARK_OPEN in text or MARK_CLOSE in text  # rare: _mark translates them
    runs[-1][3] = len(hits)
    # Every piece's parts go into one list, joined and squashed once: whitespace at a piece's
    # edge needs stripping only next to its "…" (the " … " between pieces squashes with it).
    out = []
    for start, end, i, j in runs:
        out.append(" … ")
        # finditer(text, start, end) finds the same matches unless one overlaps an edge.
        if hits[j - 1][1] > end or (i and hits[i - 1][1] > start):
            spans = _merged([m.span() for m in p.finditer(text, start, end)])
            out.append(_mark(text, start, end, spans))
            continue
        if own:
            out.append(_mark(text, start, end, _merged(hits[i:j]), own))
            continue
        a, b = hits[i]
        if start and text[start - 1] not in _EDGE:
            out += ("…", text[start:a].lstrip(), MARK_OPEN, text[a:b], MARK_CLOSE)
        else:
            out += (text[start:a], MARK_OPEN, text[a:b], MARK_CLOSE)
        if j - i > 1:
            for h in range(i + 1, j):
                a, c = hits[h]
                out += (text[b:a], MARK_OPEN, text[a:c], MARK_CLOSE)
                b = c
        if end < n and text[end - 1] not in _EDGE:
            out += (text[b:end].rstrip(), "…")
        else:
            out.append(text[b:end])
    out[0] = ""  # no " … " before the first piece
    snippet = "".join(out)
    if not own:  # touching hits are one mark (the text has no 】【 of its own)
        snippet = snippet.replace(MARK_CLOSE + MARK_OPEN, "")
    return " ".join(snippet.split())


def _starting_before(text: str, p: re.Pattern, ch: str, pos: int, stop: int) -> list:
    """Spans of p.finditer(text, pos) that start before stop, without reading the text past
    stop where every match starts with ch (a match may end past stop)."""
    out = []
    if not ch:
        for m in p.finditer(text, pos):
            if m.start() >= stop:
                break
            out.append(m.span())
        return out
    k = text.find(ch, pos, stop)
    while k >= 0:
        m = p.match(text, k)
        if m:
            out.append(m.span())
            k = text.find(ch, m.end(), stop)
        else:
            k = text.find(ch, k + 1, stop)
    return out


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
    lo = s - width if s > width else 0
    hard = _LAST_EDGE_RE.match(text, lo, s)  # one match each: no loop over the breaks
    if hard is not None:
        start = hard.end()
    elif lo:
        soft = _SOFT_EDGE_RE.search(text, lo, s)
        start = soft.end() if soft else lo
    else:
        start = 0
    hi = e + width
    hard = _EDGE_RE.search(text, e, hi)
    if hard is not None:
        return start, hard.end()
    if hi < len(text):
        soft = _LAST_SOFT_EDGE_RE.match(text, e, hi)
        return start, soft.end() if soft else hi
    return start, len(text)


def _mark(text: str, start: int, end: int, spans, own: bool | None = None) -> str:
    """The window with its hits in 【】; own: whether the text may hold 【】 of its own."""
    if own is None:
        own = MARK_OPEN in text[start:end] or MARK_CLOSE in text[start:end]
    if len(spans) == 1 and not own:  # the common case, without a list
        a, b = spans[0]
        body = f"{text[start:a]}{MARK_OPEN}{text[a:b]}{MARK_CLOSE}{text[b:end]}"
    else:
        out, pos = [], start
        for a, b in spans:
            out += [text[pos:a], MARK_OPEN, text[a:b], MARK_CLOSE]
            pos = b
        out.append(text[pos:end])
        if own:  # only the text between hits: a hit is shown as it is
            out[::4] = [piece.translate(_OWN_BRACKETS) for piece in out[::4]]
        body = "".join(out)
    prefix = "…" if start and text[start - 1] not in _EDGE else ""
    suffix = "…" if end < len(text) and text[end - 1] not in _EDGE else ""
    return f"{prefix}{_squash(body)}{suffix}"


def _squash(s: str) -> str:
    """Whitespace runs as one space, none at the ends (split() splits on the same characters
    as the regex \\s+, ~3x faster on a snippet)."""
    return " ".join(s.split())
