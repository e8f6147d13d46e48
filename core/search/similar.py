"""More like this: documents sharing a document's rarest terms."""

from __future__ import annotations

import math
import time
from collections import Counter

from core.errors import Cancelled, NotFound
from core.models import SearchResult
from core.search.analysis import BIGRAMS, bigram_terms, is_han
from core.search.attrs import Filters

MLT_TERMS = 32  # distinctive terms a "more like this" query is made of


def more_like_this(engine, doc_id: int, limit: int = 20, cancel=None) -> SearchResult:
    """Documents sharing the most distinctive (rarest) bigrams and words of one document,
    ranked by the summed rarity of what they share, then newer. (engine: the SearchEngine.)"""
    t0 = time.perf_counter()
    attrs = engine.attrs()
    me = attrs.docnum_of.get(doc_id)
    if me is None:
        raise NotFound(f"没有编号为 {doc_id} 的文件")
    ntext = engine.store.search_text(doc_id)
    weights = distinctive_terms(engine.index, attrs.ntitle[me], ntext, len(attrs.id_of))
    universe, _ = attrs.universe(Filters())
    scores: Counter = Counter()
    for term, weight in weights.items():
        if cancel is not None and cancel.cancelled:
            raise Cancelled("检索已取消")
        for d in engine.index.term_docnums(BIGRAMS, term):
            scores[d] += weight
    scores.pop(me, None)
    hits = {d for d in scores if d in universe}
    rank = attrs.rank("-date")
    page = sorted(hits, key=lambda d: (-scores[d], rank[d]))[: max(0, limit)]
    return SearchResult(
        total=len(hits),
        hits=engine.hits_of(attrs, [(d, scores[d]) for d in page], [], False),
        took_ms=(time.perf_counter() - t0) * 1000,
        facets=engine.facet_counts(attrs, hits),
        interpreted=f"与“{attrs.title[me]}”相似的文件",
        terms=sorted(weights, key=weights.get, reverse=True)[:8],
    )


def distinctive_terms(index, ntitle: str, ncontent: str, n_docs: int) -> dict[str, float]:
    """The rarest terms the document shares with at least one other, weighted by idf
    (title terms count double). Han bigrams and words of three or more characters only:
    single characters and short words say little about what a document is about."""
    boosts: dict[str, float] = {}
    for boost, text in ((2.0, ntitle), (1.0, ncontent)):
        for term in bigram_terms([text]):
            if (len(term) == 2 and is_han(term[0])) or (len(term) > 2 and not is_han(term[0])):
                boosts[term] = max(boosts.get(term, 0.0), boost)
    scored = []
    for term, boost in boosts.items():
        df = index.doc_frequency(BIGRAMS, term)
        if 2 <= df <= max(2, n_docs // 5):
            scored.append((boost * math.log(n_docs / df), term))
    return {t: w for w, t in sorted(scored, reverse=True)[:MLT_TERMS]}
