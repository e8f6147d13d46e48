"""Search extras: "more like this" for a document."""

from __future__ import annotations

import math
import time
from collections import Counter

from core.errors import Cancelled, NotFound
from core.models import SearchResult
from core.textnorm import RE_HAN, RE_WORD

MLT_TERMS = 32  # distinctive terms a "more like this" query is made of


def more_like_this(engine, doc_id: int, limit: int = 20, cancel=None) -> SearchResult:
    """Documents sharing the most distinctive (rarest) bigrams and words of one document,
    ranked by the summed rarity of what they share, then newer. (engine: the SearchEngine.)"""
    from core.search import Filters

    t0 = time.perf_counter()
    attrs = engine.attrs()
    me = attrs.docnum_of.get(doc_id)
    if me is None:
        raise NotFound(f"没有编号为 {doc_id} 的文件")
    ntitle = attrs.ntitle[me]
    ncontent = engine.store.scalar("SELECT ncontent FROM document_text WHERE doc_id = ?", [doc_id])
    weights = _distinctive_terms(engine.index, ntitle, ncontent or "", len(attrs.id_of))
    universe, _ = attrs.universe(Filters())
    scores: Counter = Counter()
    for term, weight in weights.items():
        if cancel is not None and cancel.cancelled:
            raise Cancelled("检索已取消")
        for d in engine.index.term_docnums("g", term):
            scores[d] += weight
    scores.pop(me, None)
    hits = {d for d in scores if d in universe}
    rank = attrs.rank("-date")
    page = sorted(hits, key=lambda d: (-scores[d], rank[d]))[: max(0, limit)]
    result = SearchResult(
        total=len(hits),
        hits=engine._hits(attrs, [(d, scores[d]) for d in page], [], False),
        took_ms=0.0,
        facets=engine.facet_counts(attrs, hits),
        interpreted=f"与“{attrs.title[me]}”相似的文件",
        terms=sorted(weights, key=weights.get, reverse=True)[:8],
    )
    result.notes = []
    result.took_ms = (time.perf_counter() - t0) * 1000
    return result


def _distinctive_terms(index, ntitle: str, ncontent: str, n_docs: int) -> dict[str, float]:
    """The rarest terms the document shares with at least one other, weighted by idf
    (title terms count double)."""
    terms: dict[str, float] = {}
    for boost, text in ((2.0, ntitle), (1.0, ncontent)):
        for run in RE_HAN.findall(text):
            for i in range(len(run) - 1):
                terms[run[i : i + 2]] = max(terms.get(run[i : i + 2], 0), boost)
        for word in RE_WORD.findall(text):
            if len(word) > 2:
                terms[word] = max(terms.get(word, 0), boost)
    scored = []
    for term, boost in terms.items():
        df = index.doc_frequency("g", term)
        if 2 <= df <= max(2, n_docs // 5):
            scored.append((boost * math.log(n_docs / df), term))
    return {t: w for w, t in sorted(scored, reverse=True)[:MLT_TERMS]}
