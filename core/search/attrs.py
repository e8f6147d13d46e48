"""Per-docnum arrays of the fields that filter, sort, rank and count a search, and the filters."""

from __future__ import annotations

import marshal
from dataclasses import dataclass

from core.collation import pinyin_key

UNIVERSE_CACHE = 16
TITLE_CACHE = 64


@dataclass
class Filters:
    """Restrictions from the filter panel (all optional)."""

    years: tuple[int, int] | None = None
    category_ids: set[int] | None = None
    doc_types: set[str] | None = None
    trash: bool = False  # True: search the 回收站 instead of the live archive
    year_set: set[int | None] | None = None  # any of these years; None: 年度 not filled in
    ids: set[int] | None = None  # only these documents (one import batch)

    def key(self) -> tuple:
        cats = frozenset(self.category_ids) if self.category_ids is not None else None
        types = frozenset(self.doc_types) if self.doc_types is not None else None
        years = tuple(self.years) if self.years else None
        year_set = frozenset(self.year_set) if self.year_set is not None else None
        ids = frozenset(self.ids) if self.ids is not None else None
        return (years, cats, types, self.trash, year_set, ids)


class Attrs:
    """Per-docnum arrays of the fields used for filtering, ranking, sorting and facets."""

    # text_at, text_len: the span of the search form in the search-text file (texts)
    COLUMNS = ("year", "cat", "type", "date", "ntitle", "deleted", "code", "title")
    COLUMNS += ("text_at", "text_len")
    LAZY = frozenset(("date", "code", "title"))  # only date ranges and sorts read them

    def __init__(self, id_of: list[int], texts, rows: list[tuple] | None = None, columns=None):
        """From SQLite rows (id first, then COLUMNS), or from columns saved by saved_columns()
        (each one marshalled on its own; LAZY ones are decoded when first read); texts: the
        store's SearchTexts the spans point into."""
        self.id_of = id_of
        # Mapped now: the spans below stay readable even when a rewrite replaces the file
        # before these arrays are dropped (a map outlives the file's deletion).
        self._view = texts.view(texts.end)
        self._encode, self._decode = texts.encode, texts.decode  # the file's encoding
        self._saved: dict[str, bytes] = {}
        if columns is None:
            by_id = {r[0]: r for r in rows}
            blank = (None, None, None, None, "", True, None, "", 0, 0)
            picked = [by_id.get(i, (None, *blank))[1:] for i in id_of]
            columns = [list(c) for c in zip(*picked)] if picked else [[] for _ in self.COLUMNS]
            for k in (3, 4, 6, 7):
                columns[k] = [v or "" for v in columns[k]]
            columns[5] = [bool(v) for v in columns[5]]
            for k in (0, 1, 2, 3):  # one object per distinct value: the saved file is smaller
                columns[k] = _shared(columns[k])
        for name, values in zip(self.COLUMNS, columns):
            if isinstance(values, bytes):
                if name in self.LAZY:
                    self._saved[name] = values
                    continue
                values = marshal.loads(values)
            setattr(self, name, values)
        self.docnum_of = {i: d for d, i in enumerate(id_of)}
        self._orders: dict[str, list[int]] = {}
        self._ranks: dict[str, list[int]] = {}
        self._universes: dict[tuple, tuple[set[int], dict]] = {}
        self._titles: dict[str, set[int]] = {}

    def __getattr__(self, name: str):
        """A LAZY column read from the saved arrays at its first use."""
        saved = self.__dict__.get("_saved", {})
        if name not in saved:
            raise AttributeError(name)
        values = marshal.loads(saved.pop(name))
        setattr(self, name, values)
        return values

    def text(self, d: int) -> str:
        """One docnum's search form."""
        at = self.text_at[d]
        return self._decode(self._view[at : at + self.text_len[d]])

    def needle(self, term: str) -> bytes:
        """A term as the search-text file holds it (for occurrences and containing)."""
        return self._encode(term)

    def occurrences(self, d: int, needle: bytes, cap: int) -> int:
        """Non-overlapping occurrences of needle in one docnum's search form, counted up to cap
        (str.count's counting; searched in the map: no copy, and it stops at the cap)."""
        find, pos = self._view.find, self.text_at[d]
        end, n = pos + self.text_len[d], 0
        while n < cap and (pos := find(needle, pos, end)) >= 0:
            if pos & 1:  # straddles two characters: not a match
                pos += 1
                continue
            n += 1
            pos += len(needle)
        return n

    def containing(self, docnums, needle: bytes) -> list[int]:
        """The docnums whose search form contains needle (searched in the map, no copies)."""
        find, at, length = self._view.find, self.text_at, self.text_len
        out = []
        for d in docnums:
            pos = find(needle, at[d], at[d] + length[d])
            if pos >= 0 and (not pos & 1 or self.occurrences(d, needle, 1)):
                out.append(d)
        return out

    def saved_columns(self) -> list[bytes]:
        """The columns as the saved arrays keep them (one marshalled blob each)."""
        return [self._saved.get(n) or marshal.dumps(getattr(self, n)) for n in self.COLUMNS]

    def order(self, name: str) -> list[int]:
        """All docnums in one sort order (computed once per arrays)."""
        if name not in self._orders:
            ds, ids, n = self.date, self.id_of, range(len(self.id_of))
            keys = {
                "-date": lambda d: (ds[d] != "", ds[d], ids[d]),  # reversed below
                "date": lambda d: (ds[d] == "", ds[d], ids[d]),
                "title": lambda d: (pinyin_key(self.title[d]), -ids[d]),  # 安排 < 报告 < 通知
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
        if f.year_set is not None:
            ys = self.year
            out = [d for d in out if ys[d] in f.year_set]
        if f.ids is not None:
            docnums = {self.docnum_of.get(i) for i in f.ids}
            out = [d for d in out if d in docnums]
        if f.category_ids is not None:
            cs = self.cat
            out = [d for d in out if cs[d] in f.category_ids]
        if f.doc_types is not None:
            ts = self.type
            out = [d for d in out if ts[d] in f.doc_types]
        return set(out)


def _shared(values: list) -> list:
    """The list with equal values as one object each (marshal then writes references)."""
    seen: dict = {}
    return [seen.setdefault(v, v) for v in values]
