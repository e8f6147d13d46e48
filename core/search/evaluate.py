"""Evaluate a parsed query to the exact set of matching docnums.

Index postings give exact answers for 1–2-character Han terms and whole Latin words, and a
candidate superset for anything longer; the store's texts verify the candidates. Every branch is
narrowed by the universe (filters, earlier AND branches) before it is verified.
"""

from __future__ import annotations

from core.errors import Cancelled
from core.search import query as Q
from core.search.analysis import BIGRAMS, Posting, normalize, query_postings
from core.search.rank import OCC_CAP

DEFER_MIN = 1500  # more candidates than this (top-level AND terms only) are verified lazily
VERIFY_CHUNK = 2000  # texts per SQLite read while verifying (a cancel is noticed between)
KEEP_TEXTS_MAX = 2000  # verified texts kept for ranking when there are at most this many
# This few candidates also get their occurrences counted (capped) while verified: ranking then
# needs no second pass over their texts (it counts up to rank.OCC_WINDOW of a tier anyway).
COUNT_MAX = 512
# This few candidates are read with their result rows (listing fields, original text): a query
# with few hits then shows its page without a second read.
PREFETCH_MAX = 20
# ... and once this few candidates are left: they are read with their rows anyway, so another
# posting list (~10 µs a segment) would only save reading a candidate that is not a hit.
FEW_LEFT = PREFETCH_MAX
# A verified term stops intersecting posting lists once the next (rarer-first) list is this
# many times longer than the candidates left: reading it costs more than verifying them.
SKIP_RATIO = 8
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
        self.deferred: list[tuple[str, bytes, bool]] = []  # (substring, UTF-8, title counts)
        self.texts: dict[int, bytes] = {}  # docnum -> normalised UTF-8 text read by this query
        self.counts: dict[str, dict[int, int]] = {}  # term -> docnum -> capped occurrences
        self.rows: dict[int, dict] = {}  # id -> result row read with its text (Store.page_rows)
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
            self.deferred.append((node.text, node.text.encode(), node.field is None))
            return cand
        return self._verify(cand, node.text, with_title=node.field is None)

    def verify_deferred(self, cand: set[int], keep_texts: bool = True) -> set[int]:
        """Apply the deferred checks to a set of docnums (exact)."""
        for text, _, with_title in self.deferred:
            cand = self._verify(cand, text, with_title, keep_texts)
        return cand

    def accepts(self, d: int, ncontent: bytes) -> bool:
        """Whether one candidate passes the deferred checks, given its UTF-8 text."""
        nt = self.attrs.ntitle[d]
        return all(b in ncontent or (title and t in nt) for t, b, title in self.deferred)

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

    def _verify(self, cand: set[int], text: str, with_title: bool, keep_texts=True) -> set[int]:
        """Keep candidates whose text (or title) really contains the substring; a few
        candidates get their occurrences counted on the way (self.counts, for ranking)."""
        nt = self.attrs.ntitle
        out = {d for d in cand if text in nt[d]} if with_title else set()
        if with_title and keep_texts:  # ranking's title tiers need not test them again
            self.titles[text] = (cand, out.copy())
        id_of, dn = self.attrs.id_of, self.attrs.docnum_of
        rest = sorted(id_of[d] for d in cand if d not in out)  # in id order: fewer page jumps
        keep = self.texts if keep_texts and len(rest) <= KEEP_TEXTS_MAX else None
        counts = self.counts.setdefault(text, {}) if len(rest) <= COUNT_MAX else None
        needle = text.encode()
        for i in range(0, len(rest), VERIFY_CHUNK):
            self.check_cancel()
            rows = self._read(rest[i : i + VERIFY_CHUNK], keep is not None)
            texts = [(dn[doc_id], ncontent) for doc_id, ncontent in rows]
            if keep is not None:  # ranking may count other terms on these
                keep.update(texts)
            if counts is None:
                out.update(d for d, ncontent in texts if needle in ncontent)
                continue
            for d, ncontent in texts:
                if n := capped_count(ncontent, needle):
                    out.add(d)
                counts[d] = n
        return out

    def _read(self, ids: list[int], prefetch: bool):
        """(id, normalised UTF-8 text) of the ids; a few are read with their result rows."""
        if not prefetch or len(ids) > PREFETCH_MAX:
            return self.engine.store.search_texts(ids)
        rows = self.engine.store.page_rows(ids, with_content=True, with_search_text=True)
        self.rows.update(rows)
        return [(i, row["search_text"] or b"") for i, row in rows.items()]

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


def capped_count(text: bytes, needle: bytes, cap: int = OCC_CAP) -> int:
    """Non-overlapping occurrences of needle in text, counted up to cap (bytes.count's
    counting, but stops at the cap-th occurrence)."""
    n, pos, step = 0, text.find(needle), len(needle) or 1
    while pos >= 0:
        n += 1
        if n >= cap:
            break
        pos = text.find(needle, pos + step)
    return n
