"""Order hits and cut the page without ranking what is not shown.

Relevance: more query terms in the title first; then more occurrences of the terms in the text
(counted up to OCC_CAP: "mentioned again and again" vs "mentioned once"); then newer. Title tiers
come from in-memory arrays; occurrences are counted only for the newest documents of a tier, chunk
by chunk, until OCC_CAP-saturated documents fill the page — older ones cannot overtake them.
Counting searches a text up to its OCC_CAP-th occurrence (~1 µs per 4 KB it scans), so it stops
after OCC_WINDOW documents of a tier: the rest of that tier follows, newest first (a bound on
the work per keystroke).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from functools import partial
from itertools import islice

OCC_CAP = 3
OCC_WINDOW = 200
FIRST_CHUNK, MAX_CHUNK = 32, 2048
DENSE = 8  # a hit set larger than 1/DENSE of the archive is walked in precomputed order


def ordered(attrs, hits: set[int], order_name: str) -> Iterator[int]:
    """Hits in one precomputed order, lazily (dense sets) or sorted by rank (sparse sets)."""
    order = attrs.order(order_name)
    if len(hits) * DENSE >= len(order):
        return (d for d in order if d in hits)
    rank = attrs.rank(order_name)
    return iter(sorted(hits, key=rank.__getitem__))


def take(it: Iterator[int], n: int) -> list[int]:
    """The next n items (no more are consumed: the iterator goes on from there)."""
    return list(islice(it, n))


def title_tiers(attrs, hits: set[int], terms: list[str], titles=None) -> list[tuple[int, set[int]]]:
    """(number of terms in the title, docnums) from most to fewest; the last tier has 0.
    titles: term -> (candidates, those of them with the term in the title), from verification:
    used when the hits are among those candidates."""
    counts: Counter = Counter()
    titles = titles or {}
    for term in terms:
        cand, in_title = titles.get(term, (None, None))
        if cand is not None and hits <= cand:
            counts.update(in_title & hits)
        else:
            counts.update(attrs.title_matches(term, hits))
    tiers: dict[int, set[int]] = {}
    for d, c in counts.items():
        tiers.setdefault(c, set()).add(d)
    out = sorted(tiers.items(), reverse=True)
    rest = hits - counts.keys() if counts else hits
    if rest:
        out.append((0, rest))
    return out


def relevance_page(
    attrs,
    hits: set[int],
    terms: list[str],
    n: int,
    check_cancel,
    accept=None,
    titles=None,
):
    """The first n hits by relevance, as (docnum, score) pairs. accept(docnum), when
    given, drops candidates that are not hits (lazily verified queries); titles: see
    title_tiers."""
    out: list[tuple[int, float]] = []
    counter = partial(occurrences, attrs, terms=terms, accept=accept)
    for tier, docs in title_tiers(attrs, hits, terms, titles):
        need = n - len(out)
        if need <= 0:
            break
        best = _best_by_occurrences(attrs, docs, need, check_cancel, accept, counter)
        out += [(d, tier * (OCC_CAP + 1) + occ) for d, occ in best]
    return out


def _best_by_occurrences(attrs, docs, need, check_cancel, accept, counter):
    """Top `need` of one tier by (capped occurrences, date), counting as few texts as possible."""
    buckets: list[list[int]] = [[] for _ in range(OCC_CAP + 1)]
    it = ordered(attrs, docs, "-date")
    size, counted = max(FIRST_CHUNK, 2 * need), 0
    while len(buckets[OCC_CAP]) < need and counted < OCC_WINDOW:
        check_cancel()
        chunk = take(it, min(size, OCC_WINDOW - counted))
        if not chunk:
            break
        counted += len(chunk)
        counts = counter(chunk)  # docnum -> occurrences, the accepted ones only
        for d in chunk:
            if d in counts:
                buckets[min(OCC_CAP, counts[d])].append(d)
        size = _next_chunk(size, need - len(buckets[OCC_CAP]), len(buckets[OCC_CAP]), counted)
    ranked = [(d, occ) for occ in range(OCC_CAP, -1, -1) for d in buckets[occ]]
    if len(ranked) < need and counted >= OCC_WINDOW:  # beyond the window: by date
        rest = _accepted(attrs, it, need - len(ranked), check_cancel, accept)
        ranked += [(d, 0) for d in rest]
    return ranked[:need]


def _next_chunk(size: int, missing: int, saturated: int, counted: int) -> int:
    """How many documents to count next: as many as the saturation rate so far says the
    missing ones need (a fifth more), else twice as many as last time. The page is the same
    whatever the chunks: counting stops once it is certain (see _best_by_occurrences)."""
    if saturated:
        return max(8, min(MAX_CHUNK, -(-missing * counted * 6 // (saturated * 5))))
    return min(MAX_CHUNK, size * 2)


def _accepted(attrs, it: Iterator[int], n: int, check_cancel, accept) -> list[int]:
    """The next n docnums of an ordered iterator that pass accept (all of them without)."""
    if accept is None:
        return take(it, n)
    out: list[int] = []
    size = max(FIRST_CHUNK, 2 * n)
    while len(out) < n:
        check_cancel()
        chunk = take(it, size)
        if not chunk:
            break
        out += [d for d in chunk if accept(d)]
        size = min(MAX_CHUNK, size * 2)
    return out[:n]


def occurrences(attrs, docnums: list[int], terms: list[str], accept=None) -> dict[int, int]:
    """docnum -> non-overlapping occurrences of the terms in the text (each counted up to
    OCC_CAP: ranking caps their sum there anyway), for the accepted docnums."""
    needles = [attrs.needle(t) for t in terms]
    if accept is not None:
        docnums = [d for d in docnums if accept(d)]
    count = attrs.occurrences
    if len(needles) == 1:  # the common case, without a generator per document
        (needle,) = needles
        return {d: count(d, needle, OCC_CAP) for d in docnums}
    return {d: sum(count(d, needle, OCC_CAP) for needle in needles) for d in docnums}


def sorted_page(attrs, hits: set[int], sort: str, n: int, check_cancel, accept=None):
    """The first n hits in a metadata order (date both ways, title, archive code)."""
    if n <= 0:
        return []
    order_name = {"date": "date", "-date": "-date", "title": "title"}.get(sort, "archive_code")
    if accept is None:
        if len(hits) * DENSE >= len(attrs.id_of) or n * 4 >= len(hits):
            return take(ordered(attrs, hits, order_name), n)
        rank = attrs.rank(order_name)
        return heapq.nsmallest(n, hits, key=rank.__getitem__)
    return _accepted(attrs, ordered(attrs, hits, order_name), n, check_cancel, accept)
