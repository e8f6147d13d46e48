"""Search-as-you-type: debounce, run in the read lane, cancel older queries, drop stale results."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QTimer, Signal

from core.errors import Cancelled
from core.models import CancelToken, SearchResult
from ui.results_model import PAGE_SIZE

DEBOUNCE_MS = 250


@dataclass(frozen=True)
class Query:
    """Everything that decides a result list: text, filters and order."""

    text: str = ""
    year: int | None = None
    category_id: int | None = None
    doc_type: str | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    trash: bool = False
    sort: str = "relevance"

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
    return archive.search(
        query.full_text(),
        years=query.year,
        category=query.category_id,
        doc_type=query.doc_type,
        sort=query.sort,
        limit=PAGE_SIZE,
        offset=offset,
        trash=query.trash,
        cancel=cancel,
    )
