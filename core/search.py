"""Exact Ctrl+F search: index candidates → filters → SQLite verification → rank, facets, snippets.

The index answers 1- and 2-character Han terms and Latin words exactly; longer terms get a
candidate superset (their bigrams intersected) that SQLite instr() verifies (core/search_eval.py).
Filters, facets and sort orders come from per-docnum arrays kept in memory and rebuilt when the
index or the data changes; ranking cuts the page without ranking the rest (core/search_rank.py).
"""

from __future__ import annotations

import json
import marshal
import os
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass

from core import query as Q
from core.models import Hit, SearchResult
from core.search_eval import DEFER_MIN, QueryRun, normalized_values
from core.search_rank import relevance_page, sorted_page
from core.snippets import make_snippet
from core.textnorm import normalize, runs

SORTS = ("relevance", "date", "-date", "title", "archive_code")
UNIVERSE_CACHE = 16
TITLE_CACHE = 64
SQLITE_MMAP_BYTES = 1 << 30
ATTRS_CACHE, ATTRS_CACHE_VERSION = "attrs-cache.bin", 3
ESTIMATE_SAMPLE = 300  # candidates verified to estimate the total of a lazily verified query


@dataclass
class Filters:
    """Restrictions from the filter panel (all optional)."""

    years: tuple[int, int] | None = None
    category_ids: set[int] | None = None
    doc_types: set[str] | None = None
    trash: bool = False  # True: search the 回收站 instead of the live archive

    def key(self) -> tuple:
        cats = frozenset(self.category_ids) if self.category_ids is not None else None
        types = frozenset(self.doc_types) if self.doc_types is not None else None
        years = tuple(self.years) if self.years else None
        return (years, cats, types, self.trash)


class Attrs:
    """Per-docnum arrays of the fields used for filtering, ranking, sorting and facets."""

    COLUMNS = ("year", "cat", "type", "date", "ntitle", "deleted", "code", "title")

    def __init__(self, id_of: list[int], rows: list[tuple] | None = None, columns=None):
        """From SQLite rows (id first, then COLUMNS), or from columns saved by to_columns()."""
        self.id_of = id_of
        if columns is None:
            by_id = {r[0]: r for r in rows}
            blank = (None, None, None, None, "", True, None, "")
            picked = [by_id.get(i, (None, *blank))[1:] for i in id_of]
            columns = [list(c) for c in zip(*picked)] if picked else [[] for _ in self.COLUMNS]
            columns[3] = [v or "" for v in columns[3]]
            columns[4] = [v or "" for v in columns[4]]
            columns[5] = [bool(v) for v in columns[5]]
            columns[6] = [v or "" for v in columns[6]]
            columns[7] = [v or "" for v in columns[7]]
        for name, values in zip(self.COLUMNS, columns):
            setattr(self, name, values)
        self.docnum_of = {i: d for d, i in enumerate(id_of)}
        self._orders: dict[str, list[int]] = {}
        self._ranks: dict[str, list[int]] = {}
        self._universes: dict[tuple, tuple[set[int], dict]] = {}
        self._titles: dict[str, set[int]] = {}

    def to_columns(self) -> list[list]:
        return [getattr(self, name) for name in self.COLUMNS]

    def order(self, name: str) -> list[int]:
        """All docnums in one sort order (computed once per arrays)."""
        if name not in self._orders:
            ds, ids, n = self.date, self.id_of, range(len(self.id_of))
            keys = {
                "-date": lambda d: (ds[d] != "", ds[d], ids[d]),  # reversed below
                "date": lambda d: (ds[d] == "", ds[d], ids[d]),
                "title": lambda d: (self.title[d], -ids[d]),
                "archive_code": lambda d: (self.code[d] == "", self.code[d], ids[d]),
            }
            self._orders[name] = sorted(n, key=keys[name], reverse=name == "-date")
        return self._orders[name]

    def rank(self, name: str) -> list[int]:
        """docnum -> position in order(name)."""
        if name not in self._ranks:
            rank = [0] * len(self.id_of)
            for pos, d in enumerate(self.order(name)):
                rank[d] = pos
            self._ranks[name] = rank
        return self._ranks[name]

    def title_matches(self, term: str, hits: set[int]) -> set[int]:
        """The hits whose normalised title contains term."""
        nt = self.ntitle
        if len(hits) * 4 < len(nt):
            return {d for d in hits if term in nt[d]}
        if term not in self._titles:
            if len(self._titles) >= TITLE_CACHE:
                self._titles.clear()
            self._titles[term] = {d for d, t in enumerate(nt) if term in t}
        return self._titles[term] & hits

    def universe(self, filters: Filters) -> tuple[set[int], dict]:
        """Live (or trashed) docnums that pass the filters, and a cache for their facets."""
        key = filters.key()
        if key not in self._universes:
            if len(self._universes) >= UNIVERSE_CACHE:
                self._universes.clear()
            self._universes[key] = (self._filter(filters), {})
        return self._universes[key]

    def _filter(self, f: Filters) -> set[int]:
        out = [d for d, dl in enumerate(self.deleted) if dl == f.trash]
        if f.years:
            lo, hi = f.years
            ys = self.year
            out = [d for d in out if ys[d] is not None and lo <= ys[d] <= hi]
        if f.category_ids is not None:
            cs = self.cat
            out = [d for d in out if cs[d] in f.category_ids]
        if f.doc_types is not None:
            ts = self.type
            out = [d for d in out if ts[d] in f.doc_types]
        return set(out)


class SearchEngine:
    """Runs parsed queries against the index and the store."""

    def __init__(self, store, index):
        self.store = store
        self.index = index
        # Verification and ranking read thousands of texts per query: memory-mapped pages are
        # 3-4x cheaper than read() calls (measured on document_text). (Belongs in store.py.)
        store.query(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        self._attrs: Attrs | None = None
        self._attrs_key = None
        self._data_version = 0
        self._columns: dict[str, dict[int, str]] = {}
        self._parents: dict[int, int | None] | None = None
        self._paths: dict[int, str] | None = None
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Data changed: commit pending index writes, rebuild the arrays before the next search."""
        self.index.commit()
        self._data_version += 1
        self._columns = {}
        self._parents = None
        self._paths = None

    def column_values(self, column: str) -> dict[int, str]:
        """id -> normalised value of one metadata column (cached until the next change)."""
        cache = self._columns
        if column not in cache:
            cache[column] = normalized_values(
                self.store.query(f"SELECT id, {column} AS v FROM documents")
            )
        return cache[column]

    def category_parents(self) -> dict[int, int | None]:
        """category id -> parent id (cached until the next change)."""
        if self._parents is None:
            self._parents = {c["id"]: c["parent_id"] for c in self.store.categories()}
        return self._parents

    def category_ids_matching(self, text: str) -> set[int]:
        """Categories whose name or path contains text, with all their descendants."""
        out: set[int] = set()
        for c in self.store.categories():
            if text in normalize(self.store.category_path(c["id"])):
                out |= self.store.category_subtree(c["id"])
        return out

    def attrs(self) -> Attrs:
        self.index.commit()  # a search shows everything written so far
        key = (self.index.generation, self._data_version)
        with self._lock:
            if self._attrs is None or self._attrs_key != key:
                self._attrs = self._load_attrs()
                self._attrs_key = key
            return self._attrs

    def _load_attrs(self) -> Attrs:
        """The arrays from the cache file when SQLite and the index are unchanged since it was
        written (every change adds an audit row), else from SQLite (then saved)."""
        id_of = self.index.id_of_docnums()
        fingerprint = [
            ATTRS_CACHE_VERSION,
            self.index.signature(),
            self.store.scalar(
                "SELECT json_array((SELECT max(id) FROM documents), "
                "(SELECT count(*) FROM documents), (SELECT max(id) FROM audit))"
            ),
        ]
        path = self.index.path / ATTRS_CACHE
        try:
            saved_fingerprint, columns, orders = marshal.loads(path.read_bytes())
            if saved_fingerprint == fingerprint and len(columns[0]) == len(id_of):
                attrs = Attrs(id_of, columns=columns)
                attrs._orders.update(orders)
                return attrs
        except (OSError, ValueError, EOFError, TypeError):
            pass
        attrs = Attrs(id_of, self.store.search_attrs())
        for d in self.index.stale_docnums():
            attrs.deleted[d] = None  # neither live nor in the 回收站: no filter lists it
        attrs.order("-date")  # every relevance ranking walks it: saved, not sorted at each open
        try:
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(marshal.dumps([fingerprint, attrs.to_columns(), attrs._orders]))
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
        parsed = Q.parse(text)
        attrs = self.attrs()
        universe, universe_facets = attrs.universe(filters or Filters())
        run = QueryRun(self, attrs, cancel, parsed.notes, defer=not exact)
        hits = universe if parsed.root is None else run.eval(parsed.root, universe, top=True)
        if run.deferred and len(hits) <= DEFER_MIN:
            hits = run.verify_deferred(hits)
            run.deferred = []
        accept = run.accepts if run.deferred else None
        terms = [t for t in parsed.positive_terms() if runs(t)]
        limit, offset = max(0, int(limit)), max(0, int(offset))
        if sort == "relevance" and terms:
            ranked = relevance_page(
                self, attrs, hits, terms, offset + limit, run.check_cancel, accept, run.texts
            )
        else:
            order = "-date" if sort not in SORTS or sort == "relevance" else sort
            page = sorted_page(self, attrs, hits, order, offset + limit, run.check_cancel, accept)
            ranked = [(d, 0.0) for d in page]
        run.check_cancel()
        share = self._verified_share(run, hits) if accept else 1.0
        total = len(hits) if not accept else max(len(ranked), round(len(hits) * share))
        counts = self._facets(attrs, hits, universe, universe_facets, share) if facets else {}
        result = SearchResult(
            total=total,
            hits=self._hits(attrs, ranked[offset : offset + limit], terms, snippets),
            took_ms=0.0,
            facets=counts,
            interpreted=parsed.describe(),
            terms=terms,
            total_is_estimate=accept is not None,
        )
        result.notes = parsed.notes
        result.took_ms = (time.perf_counter() - t0) * 1000
        return result

    def _facets(self, attrs: Attrs, hits: set[int], universe: set[int], cache: dict, share):
        """Facet counts of the hits; a hit set covering most of the filtered archive is counted
        as the archive's (cached) counts minus those of the few documents it leaves out."""
        if hits is not universe and (share < 1.0 or len(hits) * 2 <= len(universe)):
            return self.facet_counts(attrs, hits, share)
        whole = cache.get("all") or cache.setdefault("all", self.facet_counts(attrs, universe))
        if hits is universe:
            return whole
        left_out = self.facet_counts(attrs, universe - hits)
        out = {k: whole[k] - left_out[k] for k in ("year", "category", "doc_type")}
        out["category_tree"] = category_subtotals(out["category"], self.category_parents())
        return out

    def _verified_share(self, run: QueryRun, cand: set[int]) -> float:
        """The share of candidates that are hits, from an exactly verified random sample."""
        sample = random.Random(len(cand)).sample(sorted(cand), min(ESTIMATE_SAMPLE, len(cand)))
        return len(run.verify_deferred(set(sample), keep_texts=False)) / max(1, len(sample))

    # ---------------------------------------------------------------- output
    def _hits(self, attrs: Attrs, page, terms: list[str], snippets: bool) -> list[Hit]:
        ids = [attrs.id_of[d] for d, _ in page]
        docs = self._page_rows(ids)
        texts = self.store_texts(ids) if snippets else {}
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
                    category=doc["category"],
                    doc_type=doc["doc_type"],
                    issuer=doc["issuer"],
                    doc_number=doc["doc_number"],
                    archive_code=doc["archive_code"],
                    score=float(score),
                    snippet=make_snippet(texts.get(doc_id, ""), terms) if snippets else "",
                )
            )
        return out

    def _page_rows(self, ids: list[int]) -> dict[int, dict]:
        """The listed fields of the page's documents, category paths from the cached tree
        (Store.documents() decodes JSON and walks the tree in SQL for every row)."""
        rows = self.store.query(
            "SELECT id, title, date, year, category_id, doc_type, issuer, doc_number, "
            "archive_code FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )
        paths = self.category_paths()
        for r in rows:
            r["category"] = paths.get(r["category_id"], "")
        return {r["id"]: r for r in rows}

    def category_paths(self) -> dict[int, str]:
        """category id -> '党群/组织' path (cached until the next change)."""
        if self._paths is None:
            names = {c["id"]: c["name"] for c in self.store.categories()}
            parents = self.category_parents()
            self._paths = {}
            for cid in names:
                chain, seen, cur = [], set(), cid
                while cur is not None and cur in names and cur not in seen:
                    seen.add(cur)
                    chain.append(names[cur])
                    cur = parents.get(cur)
                self._paths[cid] = "/".join(reversed(chain))
        return self._paths

    def store_texts(self, ids: list[int]) -> dict[int, str]:
        """id -> original text (snippets, PDF of texts)."""
        return self.store.contents(ids)

    def facet_counts(self, attrs: Attrs, hits: set[int], share: float = 1.0) -> dict:
        """Counts by year, category (own and with subcategories) and type; scaled by share
        when hits are candidates of which only that share is expected to match."""
        by_cat = _scaled(Counter(map(attrs.cat.__getitem__, hits)), share)
        return {
            "year": _scaled(Counter(map(attrs.year.__getitem__, hits)), share),
            "category": by_cat,
            "category_tree": category_subtotals(by_cat, self.category_parents()),
            "doc_type": _scaled(Counter(map(attrs.type.__getitem__, hits)), share),
        }

    # ---------------------------------------------------------------- more like this
    def more_like_this(self, doc_id: int, limit: int = 20, cancel=None) -> SearchResult:
        """Documents sharing the most distinctive (rarest) bigrams and words of one document."""
        from core.search_extras import more_like_this

        return more_like_this(self, doc_id, limit, cancel)


def _scaled(counts: Counter, share: float) -> Counter:
    if share >= 1.0:
        return counts
    return Counter({k: max(1, round(v * share)) for k, v in counts.items() if v * share >= 0.5})


def category_subtotals(counts: dict, parents: dict) -> dict:
    """Counts per category id including every subcategory (the filter panel's tree totals)."""
    out: Counter = Counter()
    for cid, n in counts.items():
        seen = set()
        while cid is not None and cid not in seen:
            seen.add(cid)
            out[cid] += n
            cid = parents.get(cid)
    return dict(out)
