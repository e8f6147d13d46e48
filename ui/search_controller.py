"""Search-as-you-type: debounce, run in the read lane, cancel older queries, drop stale results."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QTimer, Signal

from core.errors import Cancelled
from core.models import CancelToken, SearchResult
from ui.results_model import PAGE_SIZE

DEBOUNCE_MS = 250
SIMILAR_LIMIT = 50


@dataclass(frozen=True)
class Query:
    """Everything that decides a result list: text, filters and order."""

    text: str = ""
    years: tuple = ()  # any of these years; None among them: 年度 not filled in
    category_id: int | None = None
    doc_type: str | None = None  # "": 文种 not filled in
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    trash: bool = False
    sort: str = "relevance"
    batch: tuple | None = None  # (batch id, its document ids): 查看本次导入的 N 件
    similar: tuple | None = None  # (document id, title): 查找相似文件, the other fields unused

    @property
    def year(self) -> int | None:
        """The one year chosen (export names, 档号 defaults), None for none or several."""
        return self.years[0] if len(self.years) == 1 else None

    def filtered(self) -> bool:
        """Whether any filter restricts the result (the text aside)."""
        return bool(self.years or self.category_id is not None or self.doc_type is not None
                    or self.date_from or self.date_to or self.batch or self.similar)  # fmt: skip

    def search_args(self) -> dict:
        """The keyword arguments of Archive.search for this query's filters."""
        args: dict = {"category": self.category_id, "trash": self.trash}
        if self.years:
            args["year_in"] = list(self.years)
        if self.doc_type is not None:
            args["doc_types"] = [self.doc_type or None]
        if self.batch is not None:
            args["ids"] = list(self.batch[1])
        return args

    def full_text(self) -> str:
        """The search text with the date range written in the query language core parses."""
        if not (self.date_from or self.date_to):
            return self.text
        lo, hi = self.date_from or "1000-01-01", self.date_to or "9999-12-31"
        return f"{self.text} 日期:{lo}..{hi}".strip()


class SearchController(QObject):
    """Holds the current Query; emits finished(result, generation) for the newest one only."""

    started = Signal(int)
    finished = Signal(object, int)  # SearchResult, generation
    pageLoaded = Signal(object, int)  # SearchResult of a further page, generation
    failed = Signal(object)  # an exception to show

    def __init__(self, archive, lanes, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.lanes = lanes
        self.query = Query()
        self.generation = 0
        self._cancel = CancelToken()
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)

    def set_archive(self, archive) -> None:
        self.archive = archive

    def change(self, *, debounce: bool = False, **fields) -> None:
        """Change parts of the query and search again (after a pause when typing)."""
        if "similar" not in fields:
            fields["similar"] = None  # typing or filtering leaves the 相似文件 list
        self.query = replace(self.query, **fields)
        if debounce:
            self._timer.start()
        else:
            self.run_now()

    def run_now(self) -> None:
        """Search for the current query now; any older search is cancelled."""
        self._timer.stop()
        self._cancel.cancel()
        self._cancel = cancel = CancelToken()
        self.generation += 1
        generation, query, archive = self.generation, self.query, self.archive
        self.started.emit(generation)
        self.lanes.read(
            lambda: _search(archive, query, 0, cancel),
            lambda result, error: self._done(result, error, generation, self.finished),
        )

    def load_more(self, offset: int) -> None:
        """Fetch the page after `offset` rows of the current result."""
        generation, query, archive, cancel = (
            self.generation,
            self.query,
            self.archive,
            self._cancel,
        )
        self.lanes.read(
            lambda: _search(archive, query, offset, cancel),
            lambda result, error: self._done(result, error, generation, self.pageLoaded),
        )

    def _done(self, result: SearchResult | None, error, generation: int, signal) -> None:
        if generation != self.generation or isinstance(error, Cancelled):
            return  # a newer search owns the screen
        if error is not None:
            self.failed.emit(error)
            return
        signal.emit(result, generation)


def _search(archive, query: Query, offset: int, cancel: CancelToken) -> SearchResult:
    """One page; a first page under a year filter also counts the other years (to add one)."""
    if query.similar is not None:
        return _similar(archive, query.similar[0], offset, cancel)
    args = query.search_args()
    result = archive.search(
        query.full_text(), sort=query.sort, limit=PAGE_SIZE, offset=offset, cancel=cancel, **args
    )
    result.year_total = result.total
    if offset == 0 and query.years:
        del args["year_in"]
        every = archive.search(query.full_text(), limit=1, cancel=cancel, snippets=False, **args)
        result.facets = {**result.facets, "year": every.facets.get("year", {})}
        result.year_total = every.total
    return result


def _similar(archive, doc_id: int, offset: int, cancel: CancelToken) -> SearchResult:
    """The documents most like one, best first: one page of SIMILAR_LIMIT, no paging."""
    if offset:
        return SearchResult(total=0, hits=[], took_ms=0.0)
    result = archive.more_like_this(doc_id, limit=SIMILAR_LIMIT, cancel=cancel)
    result.year_total = result.total = len(result.hits)
    return result
