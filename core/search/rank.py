"""Order hits and cut the page without ranking what is not shown.

Relevance: more query terms in the title first; then more occurrences of the terms in the text
(counted up to OCC_CAP: "mentioned again and again" vs "mentioned once"); then newer. Title tiers
come from in-memory arrays; occurrences are counted only for the newest documents of a tier, chunk
by chunk, until OCC_CAP-saturated documents fill the page — older ones cannot overtake them.
Counting reads texts from SQLite (~15 µs each), so it stops after OCC_WINDOW documents of a tier:
the rest of that tier follows, newest first (a bound on the work per keystroke).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
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
    engine,
    attrs,
    hits: set[int],
    terms: list[str],
    n: int,
    check_cancel,
    accept=None,
    cache=None,
    known=None,
    titles=None,
):
    """The first n hits by relevance, as (docnum, score) pairs. accept(docnum, text), when
    given, drops candidates that are not hits (lazily verified queries); known: term ->
    docnum -> occurrences capped at OCC_CAP, counted while verifying (not counted again);
    titles: see title_tiers."""
    out: list[tuple[int, float]] = []
    counter = _Counter(engine, attrs, terms, accept, cache, known)
    for tier, docs in title_tiers(attrs, hits, terms, titles):
        need = n - len(out)
        if need <= 0:
            break
        best = _best_by_occurrences(engine, attrs, docs, need, check_cancel, accept, counter)
        out += [(d, tier * (OCC_CAP + 1) + occ) for d, occ in best]
    return out


def _best_by_occurrences(engine, attrs, docs, need, check_cancel, accept, counter):
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
        counts = counter(chunk)
        for d in chunk:
            if d in counts:
                buckets[min(OCC_CAP, counts[d])].append(d)
        size = min(MAX_CHUNK, size * 2)
    ranked = [(d, occ) for occ in range(OCC_CAP, -1, -1) for d in buckets[occ]]
    if len(ranked) < need and counted >= OCC_WINDOW:  # beyond the window: by date
        rest = _accepted(engine, attrs, it, need - len(ranked), check_cancel, accept)
        ranked += [(d, 0) for d in rest]
    return ranked[:need]


def _accepted(engine, attrs, it: Iterator[int], n: int, check_cancel, accept) -> list[int]:
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
        found = texts(engine, attrs, chunk)
        out += [d for d in chunk if d in found and accept(d, found[d])]
        size = min(MAX_CHUNK, size * 2)
    return out[:n]


def texts(engine, attrs, docnums: list[int], cache: dict | None = None) -> dict[int, bytes]:
    """docnum -> normalised UTF-8 text, from the query's cache or SQLite."""
    cache = cache if cache is not None else {}
    missing = [attrs.id_of[d] for d in docnums if d not in cache]
    if missing:
        dn = attrs.docnum_of
        for doc_id, ncontent in engine.store.search_texts(missing):
            cache[dn[doc_id]] = ncontent
    return {d: cache[d] for d in docnums if d in cache}


def occurrences(engine, attrs, docnums: list[int], terms: list[str], accept=None, cache=None):
    """docnum -> occurrences of all terms in the text, for the accepted docnums (counted on
    UTF-8 bytes: the same non-overlapping counts as on the decoded text)."""
    needles = [t.encode() for t in terms]
    return {
        d: sum(map(text.count, needles))
        for d, text in texts(engine, attrs, docnums, cache).items()
        if accept is None or accept(d, text)
    }


class _Counter:
    """Occurrences of the terms per docnum: known counts where every term has one, else
    counted on the texts (read once per query)."""

    def __init__(self, engine, attrs, terms, accept, cache, known):
        self.args = (engine, attrs, terms, accept, cache)
        # a lazily verified query's deferred terms were never counted: its texts are read
        self.known = [known.get(t) for t in terms] if known and accept is None else [None]

    def __call__(self, docnums: list[int]) -> dict[int, int]:
        known = self.known
        if None in known:
            return occurrences(*self.args[:2], docnums, *self.args[2:])
        if len(known) == 1:  # one term: its counts as they are
            k = known[0]
            out = {d: c for d in docnums if (c := k.get(d)) is not None}
        else:
            out = {}
            for d in docnums:
                counts = [k.get(d) for k in known]
                if None not in counts:
                    out[d] = sum(counts)
        if len(out) < len(docnums):  # e.g. a hit by its title, whose text was not read
            rest = [d for d in docnums if d not in out]
            out.update(occurrences(*self.args[:2], rest, *self.args[2:]))
        return out


def sorted_page(engine, attrs, hits: set[int], sort: str, n: int, check_cancel, accept=None):
    """The first n hits in a metadata order (date both ways, title, archive code)."""
    if n <= 0:
        return []
    order_name = {"date": "date", "-date": "-date", "title": "title"}.get(sort, "archive_code")
    if accept is None:
        if len(hits) * DENSE >= len(attrs.id_of) or n * 4 >= len(hits):
            return take(ordered(attrs, hits, order_name), n)
        rank = attrs.rank(order_name)
        return heapq.nsmallest(n, hits, key=rank.__getitem__)
    return _accepted(engine, attrs, ordered(attrs, hits, order_name), n, check_cancel, accept)
