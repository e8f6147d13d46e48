"""Facet counts of a hit set: by year, category (own and with subcategories) and type."""

from __future__ import annotations

from collections import Counter

from core.models import category_chain


def facet_counts(attrs, hits: set[int], parents: dict, share: float = 1.0) -> dict:
    """Counts of the hits; scaled by share when hits are candidates of which only that share
    is expected to match (an estimated total)."""
    by_cat = _scaled(Counter(map(attrs.cat.__getitem__, hits)), share)
    return {
        "year": _scaled(Counter(map(attrs.year.__getitem__, hits)), share),
        "category": by_cat,
        "category_tree": category_subtotals(by_cat, parents),
        "doc_type": _scaled(Counter(map(attrs.type.__getitem__, hits)), share),
    }


def facets_of(attrs, hits: set[int], universe: set[int], cache: dict, parents, share) -> dict:
    """facet_counts of the hits; a hit set covering most of the filtered archive is counted
    as the archive's (cached) counts minus those of the few documents it leaves out."""
    if hits is not universe and (share < 1.0 or len(hits) * 2 <= len(universe)):
        return facet_counts(attrs, hits, parents, share)
    whole = cache.get("all") or cache.setdefault("all", facet_counts(attrs, universe, parents))
    if hits is universe:
        return whole
    left_out = facet_counts(attrs, universe - hits, parents)
    out = {k: whole[k] - left_out[k] for k in ("year", "category", "doc_type")}
    out["category_tree"] = category_subtotals(out["category"], parents)
    return out


def category_subtotals(counts: dict, parents: dict) -> dict:
    """Counts per category id including every subcategory (the filter panel's tree totals)."""
    out: Counter = Counter()
    for cid, n in counts.items():
        for ancestor in category_chain(cid, parents) or ([cid] if cid is not None else []):
            out[ancestor] += n
    return dict(out)


def _scaled(counts: Counter, share: float) -> Counter:
    if share >= 1.0:
        return counts
    return Counter({k: max(1, round(v * share)) for k, v in counts.items() if v * share >= 0.5})
