"""The main window: search box, filter panel, results table and preview, wired to the archive."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.archive import Archive
from core.errors import NotFound
from ui.commands import Commands
from ui.errors import show_error
from ui.filter_chips import FilterChips
from ui.filter_panel import FilterPanel
from ui.i18n import tr
from ui.menus import build_menus
from ui.ocr_panel import OcrPanel
from ui.preview import MAX_MARKS, PreviewPane
from ui.printing import Printing
from ui.results_model import HIT_ROLE, HitsModel
from ui.results_table import ResultsTable
from ui.search_bar import SearchBar
from ui.search_controller import SearchController
from ui.tasks import Lanes
from ui.welcome import WelcomeView


class MainWindow(QMainWindow):
    """One archive on screen; every archive call runs in a lane, never on the GUI thread."""

    def __init__(self, archive, settings: QSettings | None = None):
        super().__init__()
        self.archive = archive
        self.qsettings = settings or QSettings()
        self.lanes = Lanes(self)
        self.category_list: list[dict] = []
        self.last_result = None
        self.preview_id: int | None = None
        self.controller = SearchController(archive, self.lanes, self)
        self.model = HitsModel(self)
        self.commands = Commands(self)
        self.printing = Printing(self)
        self._build()
        self._connect()
        build_menus(self)
        self.ocr = OcrPanel(self)
        self.setAcceptDrops(True)
        self._restore_state()
        self._update_title()
        self.refresh()

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        self.search_bar = SearchBar()
        self.filters = FilterPanel()
        self.table = ResultsTable(self.model)
        self.preview = PreviewPane()
        self.welcome = WelcomeView()
        self.results_split = QSplitter(Qt.Orientation.Horizontal)
        self.chips = FilterChips()
        results = QWidget()
        column = QVBoxLayout(results)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.chips)
        column.addWidget(self.table, 1)
        self.results_split.addWidget(results)
        self.results_split.addWidget(self.preview)
        self.results_split.setStretchFactor(0, 3)
        self.results_split.setStretchFactor(1, 2)
        self.results_split.setChildrenCollapsible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.results_split)
        self.stack.addWidget(self.welcome)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(_scrollable(self.filters))
        self.main_split.addWidget(self.stack)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([210, 1100])
        self.results_split.setSizes([700, 400])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.main_split, 1)
        self.setCentralWidget(central)
        self.count_label = QLabel()
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """A first size that fits the screen (1366×768 laptops included)."""
        screen = self.screen().availableGeometry()
        self.resize(min(1400, int(screen.width() * 0.96)), min(900, int(screen.height() * 0.92)))

    def _connect(self) -> None:
        c = self.controller
        self.search_bar.edited.connect(lambda t: c.change(text=t, debounce=True))
        self.search_bar.submitted.connect(lambda t: c.change(text=t))
        self.filters.yearChosen.connect(lambda y: c.change(years=_years(y)))
        self.filters.categoryChosen.connect(lambda i: c.change(category_id=i))
        self.filters.typeChosen.connect(lambda t: c.change(doc_type=t))
        self.filters.datesChosen.connect(lambda lo, hi: c.change(date_from=lo, date_to=hi))
        self.filters.clearWanted.connect(
            lambda: c.change(
                years=(), category_id=None, doc_type=None, date_from=None, date_to=None, batch=None
            )
        )
        self.chips.removeWanted.connect(self._remove_filter)
        self.chips.clearWanted.connect(self.filters.clear)
        c.started.connect(lambda _g: self.busy_label.setText(tr("正在检索…")))
        c.finished.connect(self._show_result)
        c.pageLoaded.connect(lambda r, g: self.model.append(r.hits, g))
        c.failed.connect(self._search_failed)
        self.model.moreWanted.connect(c.load_more)
        self.model.sortWanted.connect(lambda s: c.change(sort=s))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _i: self.commands.edit_current())
        self.table.clicked.connect(lambda _i: self.search_bar.remember(self.search_bar.text()))
        self.filters.saved.bind(lambda: self.archive, self._query_to_save, self.lanes)
        self.filters.saved.chosen.connect(self._apply_saved)
        self.preview.similarWanted.connect(self.show_similar)
        self.welcome.importWanted.connect(self.commands.import_files)
        self.welcome.samplesWanted.connect(self.commands.import_samples)

    # ---------------------------------------------------------------- searching
    def refresh(self) -> None:
        """Reload categories and search again (after anything changed the archive)."""
        self.lanes.read(self.archive.categories, self._got_categories)
        self.filters.saved.reload()
        self.controller.run_now()

    def _query_to_save(self) -> tuple:
        """(text, years, category id, 文种) of the current search, for 保存为常用检索."""
        q = self.controller.query
        years = [y for y in q.years if y is not None]
        span = (min(years), max(years)) if years and len(years) == len(q.years) else None
        return q.full_text(), span, q.category_id, q.doc_type

    def _apply_saved(self, saved: dict) -> None:
        """Show a saved search: its text in the box, its filters in the panel."""
        f, text = saved["filters"], saved["query"]
        low, high = f.get("years") or [None, None]
        years: tuple = ()
        if low is not None and high - low <= 30:
            years = tuple(range(low, high + 1))
        elif low is not None:  # a span the year list cannot show
            text = f"{text} 年度:{low}-{high}".strip()
        self.search_bar.set_text(text)
        self.filters.clear()  # also dates; emits a search that the next line replaces
        self.filters.restore(years, f.get("category"), f.get("doc_type"))
        c = self.controller
        c.change(text=text, years=years, category_id=f.get("category"), doc_type=f.get("doc_type"))

    def _got_categories(self, categories, error) -> None:
        if error is None:
            self.category_list = categories
            if self.last_result is not None:
                self.filters.show_result(self.last_result, categories)

    def _show_result(self, result, generation: int) -> None:
        """A new first page: fill the table, counts and status bar; keep the preview if possible."""
        self.last_result = result
        self.busy_label.setText("")
        self.model.reset(result.hits, result.total, generation, result.terms)
        self.table.set_lines(2 if self.model.two_lines else 1)
        self.table.fit_columns()
        self.filters.show_result(result, self.category_list)
        self.chips.show_query(
            self.controller.query, {c["id"]: c["path"] for c in self.category_list}
        )
        self._show_status(result)
        q = self.controller.query
        empty_archive = result.total == 0 and q == type(q)() and not q.trash
        self.stack.setCurrentWidget(self.welcome if empty_archive else self.results_split)
        row = self.model.row_of(self.preview_id) if self.preview_id is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        elif result.hits:
            self.table.selectRow(0)
        else:
            self.preview_id = None
            self.preview.show_document(None)

    def _show_status(self, result) -> None:
        where = tr("回收站中") if self.controller.query.trash else ""
        estimate = getattr(result, "total_is_estimate", False)
        text = tr("{where}共 {n} 件，用时 {ms:.0f} 毫秒").format(
            where=where,
            n=(tr("约 {n}").format(n=result.total) if estimate else result.total),
            ms=result.took_ms,
        )
        notes = list(getattr(result, "notes", []) or [])
        if result.interpreted and self.controller.query.text.strip():
            notes.insert(0, tr("检索式：{q}").format(q=result.interpreted))
        self.count_label.setText("   ".join([text, *notes]))

    def _search_failed(self, error) -> None:
        self.busy_label.setText("")
        show_error(self, tr("检索失败"), error)

    def _remove_filter(self, name: str, value) -> None:
        """A chip's ✕: drop that one filter, in the panel too."""
        q, f = self.controller.query, self.filters
        if name == "years":
            years = tuple(y for y in q.years if y != value)
            f.years.current = ["" if y is None else y for y in years]
            self.controller.change(years=years)
        elif name == "category_id":
            f.categories.current_id = None
            self.controller.change(category_id=None)
        elif name == "doc_type":
            f.types.current = []
            self.controller.change(doc_type=None)
        elif name == "dates":
            f.dates.enabled.setChecked(False)  # emits datesChosen(None, None)
        elif name == "batch":
            self.controller.change(batch=None)
        elif name == "similar":
            self.controller.change(similar=None)

    def show_batch(self, batch_id: int, ids: list) -> None:
        """查看本次导入的 N 件: the batch's documents, newest first, every other filter off."""
        self.filters.clear()
        self.search_bar.set_text("")
        self.controller.change(text="", batch=(batch_id, tuple(ids)), sort="-date")

    def show_similar(self, doc_id: int | None = None) -> None:
        """查找相似文件: the documents most like this one (the previewed one by default)."""
        doc_id = doc_id if doc_id is not None else self.preview_id
        hit = self.model.hit(self.model.row_of(doc_id)) if doc_id is not None else None
        if doc_id is None:
            return
        title = hit.title if hit else (self.preview.doc or {}).get("title", "")
        self.filters.clear()
        self.search_bar.set_text("")
        self.controller.change(text="", sort="relevance", similar=(doc_id, title))

    # ---------------------------------------------------------------- preview
    def _current_changed(self, current, _previous) -> None:
        hit = self.model.data(current, HIT_ROLE) if current.isValid() else None
        if hit is None:
            return
        self.preview_id = hit.id
        terms = list(self.last_result.terms if self.last_result else [])
        archive = self.archive
        self.lanes.read(
            lambda: _load_preview(archive, hit.id, terms),
            lambda r, e: self._show_preview(hit.id, r, e),
        )

    def _show_preview(self, doc_id, loaded, error) -> None:
        if doc_id != self.preview_id:
            return  # the clerk has moved on to another row
        if error is not None:
            show_error(self, tr("无法显示该文件"), error)
            return
        doc, original, spans = loaded
        self.preview.show_document(doc, spans, original)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.hits[r].id for r in rows if r < len(self.model.hits)]

    # ---------------------------------------------------------------- trash, title, state
    def set_trash_view(self, on: bool) -> None:
        """Show the 回收站 (deleted documents) instead of the live archive."""
        self.trash_action.setChecked(on)
        for action in (self.restore_action, self.purge_action, self.empty_trash_action):
            action.setVisible(on)
        self.delete_action.setVisible(not on)
        self.controller.change(trash=on)

    def _update_title(self) -> None:
        ro = tr("（只读）") if self.archive.read_only else ""
        # Qt adds the application's display name (档案管家) itself: the folder is enough here
        name = "" if QApplication.applicationDisplayName() else f"{tr('档案管家')} — "
        self.setWindowTitle(f"{name}{self.archive.folder}{ro}")

    def _restore_state(self) -> None:
        s = self.qsettings
        for key, restore in (
            ("window/geometry", self.restoreGeometry),
            ("window/state", self.restoreState),
            ("window/main_split", self.main_split.restoreState),
            ("window/results_split", self.results_split.restoreState),
            ("window/header", self.table.restore_header),
        ):
            value = s.value(key)
            if isinstance(value, QByteArray):
                restore(value)
        self.search_bar.set_history(s.value("search/history") or [])
        year, cat, doc_type = (
            s.value(f"{self._filters_key()}/{k}") for k in ("year", "category", "doc_type")
        )
        years = tuple(None if y == "-" else int(y) for y in str(year or "").split(",") if y)
        cat = int(cat) if cat not in (None, "") else None
        doc_type = None if doc_type in (None, "") else ("" if doc_type == "-" else doc_type)
        self.filters.restore(years, cat, doc_type)
        self.controller.query = type(self.controller.query)(
            years=years, category_id=cat, doc_type=doc_type
        )

    def _filters_key(self) -> str:
        """Filters are remembered per archive (category ids mean nothing in another one)."""
        folder = str(self.archive.folder.resolve()).encode("utf-8")
        return "filters-" + hashlib.sha1(folder).hexdigest()[:12]

    def save_state(self) -> None:
        s = self.qsettings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/main_split", self.main_split.saveState())
        s.setValue("window/results_split", self.results_split.saveState())
        s.setValue("window/header", self.table.horizontalHeader().saveState())
        s.setValue("search/history", self.search_bar.history())
        q = self.controller.query
        key = self._filters_key()
        s.setValue(f"{key}/year", ",".join("-" if y is None else str(y) for y in q.years))
        s.setValue(f"{key}/category", "" if q.category_id is None else q.category_id)
        s.setValue(f"{key}/doc_type", "-" if q.doc_type == "" else q.doc_type or "")
        s.sync()

    def closeEvent(self, event) -> None:
        if self.lanes.busy_writing():
            self.commands.cancel_running()
        self.save_state()
        self.lanes.wait(30000)
        super().closeEvent(event)

    # ---------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.commands.import_paths(paths)


def _years(chosen) -> tuple:
    """The year list's choice as Query.years: a year, several, or （未填写） ("") as None."""
    if chosen is None:
        return ()
    values = chosen if isinstance(chosen, tuple) else (chosen,)
    return tuple(None if v == "" else v for v in values)


def _load_preview(archive, doc_id: int, terms: list[str]):
    """The document, its original (None when the kept copy is missing) and where the hits are."""
    doc = archive.document(doc_id)
    doc["mail_links"] = archive.mail_links(doc_id)  # 附件 / 所属邮件 in the header
    try:
        original = archive.original_path(doc_id)
    except NotFound:
        original = None
    spans = Archive.hit_spans(doc.get("content") or "", terms, limit=MAX_MARKS) if terms else None
    return doc, original, spans


def _scrollable(panel: QWidget) -> QScrollArea:
    """The filter panel in a vertical scroll area: on a 1366×768 screen its lists would
    otherwise make the window taller than the screen."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(
        panel.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
    )
    return area
