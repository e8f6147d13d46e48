"""OCR in the window: progress in the status bar, pause/continue and cancel, 重新识别 of the
selected documents. The queue is worked in its own background thread (never the write lane, so
imports are not held up); the worker process does the recognising. Nothing shows without the
OCR component or on a read-only archive."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QToolButton

from core.models import CancelToken
from ui.errors import show_error
from ui.i18n import tr
from ui.ocr_eta import TimeLeft
from ui.tasks import Lanes, ProgressRelay

POLL_MS = 3000  # how often an idle window looks for newly queued pages
CLOSE_WAIT_MS = 60_000  # the page in progress finishes before the archive closes


class OcrPanel(QObject):
    """Status-bar widgets and a 文字识别 menu, working the archive's OCR queue in the background."""

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.lanes = Lanes(self)  # its write lane is the OCR thread
        self.token: CancelToken | None = None
        self.running = False
        self.paused = False
        self.visible = window.archive.ocr_available()
        self.label = QLabel()
        self.pause_button = QToolButton(text=tr("暂停识别"))
        self.cancel_button = QToolButton(text=tr("取消识别"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button.clicked.connect(self.cancel_waiting)
        self.time_left = TimeLeft()
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(self._progressed)
        for widget in (self.label, self.pause_button, self.cancel_button):
            window.statusBar().addPermanentWidget(widget)
            widget.setVisible(False)
        self.reocr_action = QAction(tr("重新识别所选文件（OCR）"), window)
        self.reocr_action.triggered.connect(lambda _c=False: self.reocr_selected())
        if self.visible:
            menu = window.menuBar().addMenu(tr("文字识别(&O)"))
            menu.addAction(self.reocr_action)
            menu.addSeparator()
            menu.addAction(tr("暂停/继续识别"), self.toggle_pause)
            menu.addAction(tr("取消等待识别的文件"), self.cancel_waiting)
        window.installEventFilter(self)
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        QTimer.singleShot(0, self.poll)

    def _usable(self) -> bool:
        archive = self.w.archive
        return self.visible and not archive.read_only and not self.w.commands.archive_closed

    # ---------------------------------------------------------------- the queue
    def poll(self) -> None:
        """Look at the queue; start working it when pages wait and nothing holds it back."""
        if self.running or not self._usable():
            return
        self.w.lanes.read(self.w.archive.ocr_status, self._got_status)

    def _got_status(self, counts, error) -> None:
        if error is not None or self.running:
            return
        left = counts["pages_left"]
        self._show(left > 0 or self.paused, self._idle_text(counts))
        if left and not self.paused and self.w.archive.ocr_enabled():
            self.start()

    def _idle_text(self, counts) -> str:
        if self.paused:
            return tr("文字识别已暂停：剩余 {0} 页").format(counts["pages_left"])
        return tr("文字识别：剩余 {0} 页").format(counts["pages_left"])

    def start(self) -> None:
        """Work the queue to the end (or until paused) in the OCR thread."""
        archive = self.w.archive
        self.token = token = CancelToken()
        self.running = True
        self.time_left.reset()
        self._show(True, tr("文字识别：正在准备…"))
        self.lanes.write(
            lambda: archive.run_ocr(on_progress=self.relay, cancel=token), self._finished
        )

    def _finished(self, stats, error) -> None:
        self.running = False
        if error is not None:
            self.paused = True  # do not retry in a loop; the clerk may continue by hand
            show_error(self.w, tr("文字识别失败"), error)
        if stats and stats.get("documents"):
            self.w.refresh()  # recognised documents are searchable now
        self.poll()

    def _progressed(self, progress) -> None:
        left = max(0, progress.total - progress.done)
        self.time_left.update(progress.done, left)
        estimate = self.time_left.text()
        if estimate:
            text = tr("文字识别：已完成 {0} 页，剩余 {1} 页，{2}").format(
                progress.done, left, estimate
            )
        else:
            text = tr("文字识别：已完成 {0} 页，剩余 {1} 页").format(progress.done, left)
        self.label.setText(text)
        self.label.setToolTip(progress.message)

    def _show(self, on: bool, text: str) -> None:
        self.label.setText(text)
        self.pause_button.setText(tr("继续识别") if self.paused else tr("暂停识别"))
        for widget in (self.label, self.pause_button, self.cancel_button):
            widget.setVisible(on)

    # ---------------------------------------------------------------- the clerk's controls
    def toggle_pause(self) -> None:
        """Pause after the page in progress, or continue."""
        self.paused = not self.paused
        if self.paused and self.token is not None:
            self.token.cancel()
        self.pause_button.setText(tr("继续识别") if self.paused else tr("暂停识别"))
        self.poll()

    def cancel_waiting(self) -> None:
        """Stop and take every waiting document off the queue (重新识别 queues one again)."""
        if self.token is not None:
            self.token.cancel()
        archive = self.w.archive
        self.lanes.write(archive.cancel_ocr, lambda _n, e: self._after_change(e))

    def reocr_selected(self) -> None:
        """Queue the selected documents for recognition again."""
        ids = self.w.selected_ids()
        if not ids or not self._usable():
            return
        self.paused = False
        archive = self.w.archive
        self.lanes.write(lambda: archive.reocr(ids), lambda _n, e: self._after_change(e))

    def _after_change(self, error) -> None:
        if error is not None:
            show_error(self.w, tr("文字识别失败"), error)
        self.poll()

    def stop(self) -> None:
        """Before the archive closes: let the page in progress finish, then stop."""
        if self.token is not None:
            self.token.cancel()
        self.lanes.wait(CLOSE_WAIT_MS)
        self.running = False

    def eventFilter(self, obj, event) -> bool:
        if obj is self.w and event.type() == QEvent.Type.Close:
            self.timer.stop()
            self.stop()
        return False
