"""Exact Ctrl+F search: index candidates → filters → verification → rank, facets, snippets.

The index answers 1- and 2-character Han terms and Latin words exactly; longer terms get a
candidate superset (their bigrams intersected) that the store's texts verify
(core/search/evaluate.py). Filters, facets and sort orders come from per-docnum arrays kept in
memory (core/search/attrs.py) and rebuilt when the index or the data changes; ranking cuts the
page without ranking the rest (core/search/rank.py).

The engine is the one owner of index commits: it commits when told the data changed
(invalidate) and before every search, so a search shows everything written so far.
"""

from __future__ import annotations

import marshal
import os
import random
import threading
import time
from dataclasses import dataclass

from core.models import LISTED_FIELDS, SORTS, Hit, SearchResult, category_paths, category_subtree
from core.search import query as Q
from core.search.analysis import normalize, runs
from core.search.attrs import Attrs, Filters
from core.search.evaluate import DEFER_MIN, QueryRun, normalized_values
from core.search.facets import facet_counts, facets_of
from core.search.rank import relevance_page, sorted_page
from core.search.similar import more_like_this
from core.search.snippets import make_snippet

ATTRS_CACHE, ATTRS_CACHE_VERSION = "attrs-cache.bin", 5
ESTIMATE_SAMPLE = 300  # candidates verified to estimate the total of a lazily verified query

__all__ = ["ATTRS_CACHE", "Filters", "SearchEngine"]


class SearchEngine:
    """Runs parsed queries against the index and the store."""

    def __init__(self, store, index, folding: bool = True):
        self.store = store
        self.index = index
        self.folding = folding  # the archive's search form folds 繁简 (see analysis.normalize)
        self._attrs: Attrs | None = None
        self._attrs_key = None
        self._data_version = 0
        self._clean_version = -1  # the data version the saved arrays are known to match
        self._columns: dict[str, dict[int, str]] = {}
        self._categories: _CategoryTree | None = None
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Data changed: commit pending index writes, rebuild the arrays before the next search."""
        self.index.commit()
        self._data_version += 1
        self._columns = {}
        self._categories = None

    def close(self) -> None:
        """Drop the arrays (and with them the search-text map: the file can be deleted or
        moved once no search holds it, which Windows insists on)."""
        with self._lock:
            self._attrs = None

    # ---------------------------------------------------------------- cached data
    def column_values(self, column: str) -> dict[int, str]:
        """id -> normalised value of one metadata column (cached until the next change)."""
        if column not in self._columns:
            rows = self.store.column_values(column)
            self._columns[column] = normalized_values(rows, self.folding)
        return self._columns[column]

    def _category_tree(self) -> _CategoryTree:
        if self._categories is None:
            rows = self.store.categories()
            self._categories = _CategoryTree(
                rows, {c["id"]: c["parent_id"] for c in rows}, category_paths(rows)
            )
        return self._categories

    def category_parents(self) -> dict[int, int | None]:
        """category id -> parent id (cached until the next change)."""
        return self._category_tree().parents

    def category_paths(self) -> dict[int, str]:
        """category id -> '党群/组织' path (cached until the next change)."""
        return self._category_tree().paths

    def category_ids_matching(self, text: str) -> set[int]:
        """Categories whose name or path contains text, with all their descendants."""
        tree = self._category_tree()
        out: set[int] = set()
        for cid, path in tree.paths.items():
            if text in normalize(path, self.folding):
                out |= category_subtree(cid, tree.rows)
        return out

    def mark_clean(self) -> None:
        """The archive opened without changing anything: the saved arrays are as current as
        they were (save_arrays has nothing to do until the data changes)."""
        self._clean_version = self._data_version

    def save_arrays(self) -> None:
        """Bring the saved search arrays up to date when the data changed in this session (an
        import from the command line, edits): the next start then skips the SQLite read."""
        if self._data_version != self._clean_version:
            self.attrs()  # loads them when stale, which saves them

    def attrs(self) -> Attrs:
        """The per-docnum arrays for the index as committed now (after committing)."""
        self.index.commit()  # a search shows everything written so far
        # a rewrite of every search form swaps the search-text file: new spans to read
        key = (self.index.generation, self._data_version, self.store.texts.name)
        with self._lock:
            if self._attrs is None or self._attrs_key != key:
                self._attrs = self._load_attrs()
                self._attrs_key = key
            return self._attrs

    def _load_attrs(self) -> Attrs:
        """The arrays from the cache file when SQLite and the index are unchanged since it was
        written, else from SQLite (then saved)."""
        id_of = self.index.id_of_docnums()
        texts = self.store.texts  # its name is in the fingerprint: the spans point into it
        fingerprint = [
            ATTRS_CACHE_VERSION,
            self.index.signature(),
            self.store.change_fingerprint(),
            texts.name,
        ]
        path = self.index.path / ATTRS_CACHE
        try:
            saved_fingerprint, columns, orders = marshal.loads(path.read_bytes())
            if saved_fingerprint == fingerprint:
                attrs = Attrs(id_of, texts, columns=columns)
                if len(attrs.deleted) == len(id_of):
                    attrs._orders.update(orders)
                    return attrs
        except (OSError, ValueError, EOFError, TypeError):
            pass
        rows, texts = self.store.search_attrs()
        fingerprint[-1] = texts.name
        attrs = Attrs(id_of, texts, rows)
        for d in self.index.stale_docnums():
            attrs.deleted[d] = None  # neither live nor in the 回收站: no filter lists it
        attrs.order("-date")  # every relevance ranking walks it: saved, not sorted at each open
        try:
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(marshal.dumps([fingerprint, attrs.saved_columns(), attrs._orders]))
            os.replace(tmp, path)
        except OSError:  # a read-only folder: search works, the next open is just slower
            pass
        return attrs

    # ---------------------------------------------------------------- entry point
    def search(
        self,
        text: str,
        filters: Filters | None = None,
        *,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        cancel=None,
        snippets: bool = True,
        facets: bool = True,
        exact: bool = False,
    ) -> SearchResult:
        """Search the archive; an empty query lists every document that passes the filters.

        The page is always exact. With exact=False a query whose long terms leave more than
        DEFER_MIN candidates verifies only what the page needs, and estimates the total and
        facets from a verified sample (result.total_is_estimate)."""
        t0 = time.perf_counter()
        parsed = Q.parse(text, self.folding)
        attrs = self.attrs()
        universe, universe_facets = attrs.universe(filters or Filters())
        run = QueryRun(self, attrs, cancel, parsed.notes, defer=not exact)
        hits = self._matching(run, parsed, universe)
        accept = run.accepts if run.deferred else None
        terms = [t for t in parsed.positive_terms() if runs(t)]
        limit, offset = max(0, int(limit)), max(0, int(offset))
        ranked = self._ranked(run, attrs, hits, terms, sort, offset + limit, accept)
        run.check_cancel()
        share = self._verified_share(run, hits) if accept else 1.0
        total = len(hits) if not accept else max(len(ranked), round(len(hits) * share))
        parents = self.category_parents()
        counts = facets_of(attrs, hits, universe, universe_facets, parents, share) if facets else {}
        return SearchResult(
            total=total,
            hits=self.hits_of(attrs, ranked[offset : offset + limit], terms, snippets),
            took_ms=(time.perf_counter() - t0) * 1000,
            facets=counts,
            interpreted=parsed.describe(),
            terms=terms,
            total_is_estimate=accept is not None,
            notes=parsed.notes,
        )

    def _matching(self, run: QueryRun, parsed, universe: set[int]) -> set[int]:
        """The docnums that match (a superset while long common terms are left deferred)."""
        if parsed.root is None:
            return universe
        hits = run.eval(parsed.root, universe, top=True)
        if run.deferred and len(hits) <= DEFER_MIN:  # few enough: verify them all now
            hits = run.verify_deferred(hits)
            run.deferred = []
        return hits

    def _ranked(self, run, attrs, hits, terms, sort, n, accept) -> list[tuple[int, float]]:
        """The first n hits as (docnum, score), by relevance or a metadata order."""
        if sort == "relevance" and terms:
            return relevance_page(attrs, hits, terms, n, run.check_cancel, accept, run.titles)
        order = "-date" if sort not in SORTS or sort == "relevance" else sort
        page = sorted_page(attrs, hits, order, n, run.check_cancel, accept)
        return [(d, 0.0) for d in page]

    def _verified_share(self, run: QueryRun, cand: set[int]) -> float:
        """The share of candidates that are hits, from an exactly verified random sample."""
        sample = random.Random(len(cand)).sample(sorted(cand), min(ESTIMATE_SAMPLE, len(cand)))
        return len(run.verify_deferred(set(sample), keep_titles=False)) / max(1, len(sample))

    def facet_counts(self, attrs: Attrs, hits: set[int]) -> dict:
        """Counts of a hit set by year, category and type."""
        return facet_counts(attrs, hits, self.category_parents())

    # ---------------------------------------------------------------- output
    def hits_of(self, attrs: Attrs, page, terms: list[str], snippets: bool) -> list[Hit]:
        """Result rows for (docnum, score) pairs, with snippets of the terms when asked."""
        ids = [attrs.id_of[d] for d, _ in page]
        paths = self.category_paths()
        docs = self.store.page_rows(ids, with_content=snippets) if ids else {}
        out = []
        for (_, score), doc_id in zip(page, ids):
            doc = docs.get(doc_id)
            if doc is None:
                continue
            out.append(
                Hit(
                    id=doc_id,
                    title=doc["title"],
                    date=doc["date"],
                    year=doc["year"],
                    category=paths.get(doc["category_id"], ""),
                    doc_type=doc["doc_type"],
                    issuer=doc["issuer"],
                    doc_number=doc["doc_number"],
                    archive_code=doc["archive_code"],
                    score=float(score),
                    snippet=(
                        make_snippet(doc.get("content") or "", terms, folding=self.folding)
                        if snippets
                        else ""
                    ),
                    fields={k: doc[k] for k in LISTED_FIELDS if doc.get(k) not in (None, "")},
                )
            )
        return out

    def more_like_this(self, doc_id: int, limit: int = 20, cancel=None) -> SearchResult:
        """Documents sharing the most distinctive (rarest) bigrams and words of one document."""
        return more_like_this(self, doc_id, limit, cancel)


@dataclass
class _CategoryTree:
    rows: list[dict]
    parents: dict[int, int | None]
    paths: dict[int, str]
