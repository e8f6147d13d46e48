"""Exact Ctrl+F search: index candidates → filters → SQLite verification → rank, facets, snippets.

The index answers 1- and 2-character Han terms and Latin words exactly; longer terms get a
candidate superset (their bigrams intersected) that SQLite instr() verifies. Filters and facets
come from per-document arrays kept in memory and rebuilt when the index or the data changes.
"""

from __future__ import annotations

import heapq
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass

from core import query as Q
from core.errors import Cancelled
from core.models import Hit, SearchResult
from core.snippets import make_snippet
from core.textnorm import runs

SORTS = ("relevance", "date", "-date", "title", "archive_code")


@dataclass
class Filters:
    """Restrictions from the filter panel (all optional)."""

    years: tuple[int, int] | None = None
    category_ids: set[int] | None = None
    doc_types: set[str] | None = None
    trash: bool = False  # True: search the 回收站 instead of the live archive


class Attrs:
    """Per-docnum arrays of the fields used for filtering, ranking and facets."""

    def __init__(self, id_of: list[int], rows: list[tuple]):
        by_id = {r[0]: r for r in rows}
        blank = (None, None, None, None, None, "", True, None, "")
        self.id_of = id_of
        picked = [by_id.get(i, blank) for i in id_of]
        self.year = [r[1] for r in picked]
        self.cat = [r[2] for r in picked]
        self.type = [r[3] for r in picked]
        self.date = [r[4] or "" for r in picked]
        self.ntitle = [r[5] or "" for r in picked]
        self.deleted = [bool(r[6]) for r in picked]
        self.code = [r[7] or "" for r in picked]
        self.title = [r[8] or "" for r in picked]
        self.docnum_of = {i: d for d, i in enumerate(id_of)}


class SearchEngine:
    """Runs parsed queries against the index and the store."""

    def __init__(self, store, index):
        self.store = store
        self.index = index
        self._attrs: Attrs | None = None
        self._attrs_key = None
        self._data_version = 0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Metadata changed in SQLite: rebuild the arrays before the next search."""
        self._data_version += 1
        self._columns = {}

    def column_values(self, column: str) -> dict[int, str]:
        """id -> value of one metadata column (cached until the next change)."""
        cache = self.__dict__.setdefault("_columns", {})
        if column not in cache:
            rows = self.store.query(f"SELECT id, {column} AS v FROM documents")
            cache[column] = {r["id"]: r["v"] for r in rows}
        return cache[column]

    def category_ids_matching(self, text: str) -> set[int]:
        """Categories whose name or path contains text, with all their descendants."""
        from core.textnorm import normalize

        out: set[int] = set()
        for c in self.store.categories():
            if text in normalize(self.store.category_path(c["id"])):
                out |= self.store.category_subtree(c["id"])
        return out

    def attrs(self) -> Attrs:
        key = (self.index.generation, self._data_version)
        with self._lock:
            if self._attrs is None or self._attrs_key != key:
                self._attrs = Attrs(self.index.id_of_docnums(), self.store.search_attrs())
                self._attrs_key = key
            return self._attrs

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
    ) -> SearchResult:
        """Search the archive; an empty query lists every document that passes the filters."""
        t0 = time.perf_counter()
        parsed = Q.parse(text)
        filters = filters or Filters()
        attrs = self.attrs()
        universe = self._filtered(attrs, filters)
        run = _Run(self, attrs, cancel, parsed.notes)
        hits = universe if parsed.root is None else run.eval(parsed.root, universe)
        terms = [t for t in parsed.positive_terms() if runs(t)]
        ranked = self._rank(attrs, hits, terms, sort, offset + limit)
        page = ranked[offset : offset + limit]
        result = SearchResult(
            total=len(hits),
            hits=self._hits(attrs, page, terms, snippets),
            took_ms=0.0,
            facets=self._facets(attrs, hits) if facets else {},
            interpreted=parsed.describe(),
            terms=terms,
        )
        result.notes = parsed.notes
        result.took_ms = (time.perf_counter() - t0) * 1000
        return result

    def _filtered(self, attrs: Attrs, f: Filters) -> set[int]:
        """Live (or trashed) docnums that pass the filters."""
        want_deleted = f.trash
        out = [d for d, dl in enumerate(attrs.deleted) if dl == want_deleted]
        if f.years:
            lo, hi = f.years
            ys = attrs.year
            out = [d for d in out if ys[d] is not None and lo <= ys[d] <= hi]
        if f.category_ids is not None:
            cs = attrs.cat
            out = [d for d in out if cs[d] in f.category_ids]
        if f.doc_types is not None:
            ts = attrs.type
            out = [d for d in out if ts[d] in f.doc_types]
        return set(out)

    # ---------------------------------------------------------------- ranking and output
    def _rank(self, attrs: Attrs, hits: set[int], terms: list[str], sort: str, n: int):
        if sort == "title":
            return sorted(hits, key=lambda d: (attrs.title[d], -attrs.id_of[d]))[:n]
        if sort == "archive_code":
            return sorted(hits, key=lambda d: (attrs.code[d] == "", attrs.code[d], attrs.id_of[d]))[
                :n
            ]
        if sort == "date":
            return heapq.nsmallest(
                n, hits, key=lambda d: (attrs.date[d] == "", attrs.date[d], attrs.id_of[d])
            )
        if sort == "-date" or not terms:
            return heapq.nlargest(n, hits, key=lambda d: (attrs.date[d], attrs.id_of[d]))
        nt = attrs.ntitle

        def key(d):  # title matches first (more query terms in the title = higher), then newer
            return (sum(t in nt[d] for t in terms), attrs.date[d], attrs.id_of[d])

        return heapq.nlargest(n, hits, key=key)

    def _hits(self, attrs: Attrs, page: list[int], terms: list[str], snippets: bool) -> list[Hit]:
        ids = [attrs.id_of[d] for d in page]
        docs = self.store.documents(ids)
        texts = self.store_texts(ids) if snippets else {}
        out = []
        for d, doc_id in zip(page, ids):
            doc = docs.get(doc_id)
            if doc is None:
                continue
            score = float(sum(t in attrs.ntitle[d] for t in terms))
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
                    score=score,
                    snippet=make_snippet(texts.get(doc_id, ""), terms) if snippets else "",
                )
            )
        return out

    def store_texts(self, ids: list[int]) -> dict[int, str]:
        rows = self.store.query(
            "SELECT doc_id, content FROM document_text WHERE doc_id IN "
            "(SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )
        return {r["doc_id"]: r["content"] for r in rows}

    def _facets(self, attrs: Attrs, hits: set[int]) -> dict:
        return {
            "year": Counter(attrs.year[d] for d in hits),
            "category": Counter(attrs.cat[d] for d in hits),
            "doc_type": Counter(attrs.type[d] for d in hits),
        }


class _Run:
    """One query evaluation: exact docnum sets, narrowed by a universe as early as possible."""

    def __init__(self, engine: SearchEngine, attrs: Attrs, cancel, notes: list[str]):
        self.engine = engine
        self.index = engine.index
        self.attrs = attrs
        self.cancel = cancel
        self.notes = notes

    def check_cancel(self):
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled("检索已取消")

    def eval(self, node, universe: set[int]) -> set[int]:
        self.check_cancel()
        if isinstance(node, Q.And):
            positives = [c for c in node.children if not isinstance(c, Q.Not)]
            negatives = [c.child for c in node.children if isinstance(c, Q.Not)]
            cur = universe
            for child in sorted(positives, key=self._cost):
                cur = self.eval(child, cur)
                if not cur:
                    return set()
            for child in negatives:
                cur = cur - self.eval(child, cur)
            return cur
        if isinstance(node, Q.Or):
            out: set[int] = set()
            for child in node.children:
                out |= self.eval(child, universe)
            return out
        if isinstance(node, Q.Not):
            return universe - self.eval(node.child, universe)
        if isinstance(node, Q.Range):
            return self._range(node, universe)
        return self._term(node, universe)

    def _cost(self, node) -> int:
        """Cheap size estimate so the rarest AND branch narrows the universe first."""
        if isinstance(node, Q.Term) and node.field in Q.TEXT_FIELDS:
            grams = _grams(node.text)
            if grams:
                return min(self.index.doc_frequency(f, t) for f, t in grams)
        if isinstance(node, Q.Range):
            return 0
        return 1 << 30

    # ---------------------------------------------------------------- leaves
    def _range(self, node: Q.Range, universe: set[int]) -> set[int]:
        if node.field == "year":
            lo = int(node.low[:4]) if node.low else -1
            hi = int(node.high[:4]) if node.high else 10**6
            ys = self.attrs.year
            return {d for d in universe if ys[d] is not None and lo <= ys[d] <= hi}
        lo, hi = node.low or "", (node.high or "\uffff") + "\uffff"
        ds = self.attrs.date
        return {d for d in universe if ds[d] and lo <= ds[d] <= hi}

    def _term(self, node: Q.Term, universe: set[int]) -> set[int]:
        if node.field not in Q.TEXT_FIELDS:
            return self._metadata_term(node, universe)
        grams = _grams(node.text)
        if not grams and not node.prefix:
            self.notes.append(f"“{node.text}”只含标点，已忽略")
            return universe
        cand = self._candidates(node, grams) & universe
        exact = not node.prefix and _exact_by_index(node.text)
        if node.field == "title":
            nt = self.attrs.ntitle
            return {d for d in cand if node.text in nt[d]} if not node.prefix else cand
        if exact:
            return cand
        return self._verify(cand, node)

    def _candidates(self, node: Q.Term, grams) -> set[int]:
        if node.prefix:
            words = self.index.expand_prefix("g", node.text)
            out: set[int] = set()
            for w in words:
                out.update(self.index.term_docnums("g", w))
            return out
        ordered = sorted(grams, key=lambda g: self.index.doc_frequency(*g))
        acc: set[int] | None = None
        for field, term in ordered:
            ids = self.index.term_docnums(field, term)
            acc = set(ids) if acc is None else acc.intersection(ids)
            if not acc:
                return set()
        return acc or set()

    def _verify(self, cand: set[int], node: Q.Term) -> set[int]:
        """Keep candidates whose text (or title) really contains the substring."""
        if not cand:
            return cand
        id_of, nt = self.attrs.id_of, self.attrs.ntitle
        text = node.text
        out = set()
        if node.field is None:
            out = {d for d in cand if text in nt[d]}
        rest = [id_of[d] for d in cand if d not in out]
        ok = (
            self.engine.store.query(
                "SELECT doc_id FROM document_text WHERE doc_id IN (SELECT value FROM json_each(?)) "
                "AND instr(ncontent, ?) > 0",
                [json.dumps(rest), text],
            )
            if rest
            else []
        )
        dn = self.attrs.docnum_of
        out.update(dn[r["doc_id"]] for r in ok)
        return out

    def _metadata_term(self, node: Q.Term, universe: set[int]) -> set[int]:
        """责任者/文号/档号/类别/文种: substring of the (normalised) field value."""
        from core.textnorm import normalize

        if node.field == "category":
            ids = self.engine.category_ids_matching(node.text)
            cs = self.attrs.cat
            return {d for d in universe if cs[d] in ids}
        column = {
            "issuer": "issuer",
            "doc_number": "doc_number",
            "archive_code": "archive_code",
            "doc_type": "doc_type",
        }[node.field]
        values = self.engine.column_values(column)
        id_of = self.attrs.id_of
        return {d for d in universe if node.text in normalize(values.get(id_of[d]) or "")}


def _grams(text: str) -> list[tuple[str, str]]:
    """Index terms whose postings together cover every document containing text."""
    out = []
    for kind, run in runs(text):
        if kind == "word":
            out.append(("g", run))
        elif len(run) == 1:
            out.append(("u", run))
        else:
            out.extend(("g", run[i : i + 2]) for i in range(len(run) - 1))
    return list(dict.fromkeys(out))


def _exact_by_index(text: str) -> bool:
    """True when the postings alone are exact: one Han run of 1–2 chars, or one whole word."""
    parts = runs(text)
    if len(parts) != 1 or parts[0][1] != text:
        return False
    kind, run = parts[0]
    return kind == "word" or len(run) <= 2
