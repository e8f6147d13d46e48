"""Evaluate a parsed query to the exact set of matching docnums.

Index postings give exact answers for 1–2-character Han terms and whole Latin words, and a
candidate superset for anything longer; the store's texts verify the candidates. Every branch is
narrowed by the universe (filters, earlier AND branches) before it is verified.
"""

from __future__ import annotations

from core.errors import Cancelled
from core.search import query as Q
from core.search.analysis import BIGRAMS, Posting, normalize, query_postings

# More candidates than this (top-level AND terms only) are verified lazily (an exact first page
# and an estimated total): verifying one costs ~1 µs in the search-text map, so up to ~4 ms.
DEFER_MIN = 4000
VERIFY_CHUNK = 2000  # texts searched between two looks at the cancel token
# Once this few candidates are left, searching their texts (~1 µs each, in the search-text
# map) costs less than another posting list (~10 µs a segment) would save. With SKIP_RATIO 1 it
# decides only next lists as long as what is left (rare terms' lists; without it they ran ~4%
# slower at 10k).
FEW_LEFT = 20
# A verified term stops intersecting posting lists once the next (rarer-first) list is this
# many times longer than the candidates left: reading it costs more than verifying them. With
# the texts in a memory map a candidate costs ~1 µs to verify, so in practice a verified term
# reads its rarest list only (measured at 50k: 2-5x faster for 3-6 character terms than 8).
SKIP_RATIO = 1
MAX_PREFIX_TERMS = 500  # words one prefix may expand to
METADATA_COLUMNS = {
    "issuer": "issuer",
    "doc_number": "doc_number",
    "archive_code": "archive_code",
    "doc_type": "doc_type",
}


class QueryRun:
    """One query evaluation: exact docnum sets, narrowed by a universe as early as possible."""

    def __init__(self, engine, attrs, cancel, notes: list[str], defer: bool = False):
        self.engine = engine
        self.defer = defer
        # (substring, its needle in the search-text file, whether titles count)
        self.deferred: list[tuple[str, bytes, bool]] = []
        # term -> (candidates it was verified on, those with the term in their title)
        self.titles: dict[str, tuple[set[int], set[int]]] = {}
        self.index = engine.index
        self.attrs = attrs
        self.cancel = cancel
        self.notes = notes

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled("检索已取消")

    def eval(self, node, universe: set[int], top: bool = False) -> set[int]:
        """The docnums of universe that match node (a superset when top-level terms were
        deferred: see self.deferred)."""
        self.check_cancel()
        if isinstance(node, Q.And):
            return self._and(node, universe, top)
        if isinstance(node, Q.Or):
            out: set[int] = set()
            for child in node.children:
                out |= self.eval(child, universe)
            return out
        if isinstance(node, Q.Not):
            return universe - self.eval(node.child, universe)
        if isinstance(node, Q.Range):
            return self._range(node, universe)
        return self._term(node, universe, top)

    def _and(self, node: Q.And, universe: set[int], top: bool = False) -> set[int]:
        positives = [c for c in node.children if not isinstance(c, Q.Not)]
        negatives = [c.child for c in node.children if isinstance(c, Q.Not)]
        cur = universe
        for child in sorted(positives, key=self._cost):
            cur = self.eval(child, cur, top)
            if not cur:
                return set()
        for child in negatives:
            cur = cur - self.eval(child, cur)
        return cur

    def _cost(self, node) -> int:
        """Cheap size estimate so the rarest AND branch narrows the universe first."""
        if isinstance(node, Q.Term) and node.field in Q.TEXT_FIELDS:
            groups, _ = plan(node.text, node.prefix, self.index)
            if groups:
                return min(sum(self.index.doc_frequency(f, t) for f, t in g) for g in groups)
        if isinstance(node, Q.Range):
            return 5000
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

    def _term(self, node: Q.Term, universe: set[int], top: bool = False) -> set[int]:
        if node.field not in Q.TEXT_FIELDS:
            return self._metadata_term(node, universe)
        groups, exact = plan(node.text, node.prefix, self.index)
        verified = not exact or node.field is not None
        cand = self._candidates(groups, universe, may_stop=verified)
        if node.field == "title":
            nt = self.attrs.ntitle
            return {d for d in cand if node.text in nt[d]}
        if exact and node.field is None:
            return cand
        if top and self.defer and len(cand) > DEFER_MIN:
            self.deferred.append((node.text, self.attrs.needle(node.text), node.field is None))
            return cand
        return self._verify(cand, node.text, with_title=node.field is None)

    def verify_deferred(self, cand: set[int], keep_titles: bool = True) -> set[int]:
        """Apply the deferred checks to a set of docnums (exact)."""
        for text, _, with_title in self.deferred:
            cand = self._verify(cand, text, with_title, keep_titles)
        return cand

    def accepts(self, d: int) -> bool:
        """Whether one candidate passes the deferred checks."""
        nt, found = self.attrs.ntitle[d], self.attrs.occurrences
        return all(found(d, b, 1) or (title and t in nt) for t, b, title in self.deferred)

    def _candidates(self, groups, universe: set[int], may_stop: bool = False) -> set[int]:
        """Intersection of the groups' posting unions (rarest first), within universe; with
        may_stop (the caller verifies) it stops before lists much longer than what is left."""
        df = self.index.doc_frequency
        acc = universe
        sizes = [(sum(df(f, t) for f, t in g), g) for g in groups]
        for size, group in sorted(sizes, key=lambda s: s[0]):
            self.check_cancel()
            if (
                may_stop
                and acc is not universe
                and (size > SKIP_RATIO * len(acc) or len(acc) <= FEW_LEFT)
            ):
                break
            if len(group) == 1:  # membership tests against acc, no set of the postings
                acc = acc.intersection(self.index.term_docnums(*group[0]))
            else:
                ids: set[int] = set()
                for field, term in group:
                    ids.update(self.index.term_docnums(field, term))
                acc = ids & acc
            if not acc:
                return set()
        return acc if acc is not universe else set(universe)

    def _verify(self, cand: set[int], text: str, with_title: bool, keep_titles=True) -> set[int]:
        """Keep candidates whose text (or title) really contains the substring. Occurrences are
        not counted here: ranking counts them, only for the hits it looks at (a hit's first
        occurrence is near its start, its count needs the whole text)."""
        nt = self.attrs.ntitle
        out = {d for d in cand if text in nt[d]} if with_title else set()
        if with_title and keep_titles:  # ranking's title tiers need not test them again
            self.titles[text] = (cand, out.copy())
        rest = sorted(cand - out)  # docnum order is mostly file order: the map is read forwards
        needle = self.attrs.needle(text)
        for i in range(0, len(rest), VERIFY_CHUNK):
            self.check_cancel()
            out.update(self.attrs.containing(rest[i : i + VERIFY_CHUNK], needle))
        return out

    def _metadata_term(self, node: Q.Term, universe: set[int]) -> set[int]:
        """责任者/文号/档号/类别/文种: substring of the (normalised) field value."""
        if node.field == "category":
            ids = self.engine.category_ids_matching(node.text)
            cs = self.attrs.cat
            return {d for d in universe if cs[d] in ids}
        values = self.engine.column_values(METADATA_COLUMNS[node.field])
        id_of, text = self.attrs.id_of, node.text
        return {d for d in universe if text in values.get(id_of[d], "")}


def plan(text: str, prefix: bool, index) -> tuple[list[list[Posting]], bool]:
    """The analysis module's posting groups for a term, prefixes expanded over the index."""
    return query_postings(
        text, prefix, lambda word: index.expand_prefix(BIGRAMS, word, MAX_PREFIX_TERMS)
    )


def normalized_values(rows, folding: bool = True) -> dict[int, str]:
    """id -> normalised value (the search form) of one metadata column's (id, value) rows."""
    return {doc_id: normalize(value or "", folding) for doc_id, value in rows}
