"""A dialog in three pages: choose, run in the background (progress, cancel), see the result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import Cancelled
from core.models import CancelToken, Progress
from ui.errors import plain_message
from ui.i18n import tr
from ui.layouts import progress_page
from ui.tasks import ProgressRelay


def default_folder(settings: QSettings, key: str) -> Path:
    """The folder last used for this kind of file, else the user's Documents."""
    remembered = settings.value(f"paths/{key}")
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home())


def remember_folder(settings: QSettings, key: str, path: str | Path) -> None:
    settings.setValue(f"paths/{key}", str(Path(path).parent))


def open_folder(path: str | Path) -> bool:
    """Show a written file's folder (or a written folder itself) in the file manager."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class PathEdit(QWidget):
    """A path field with a 浏览… button; `browse` is a function returning the chosen path."""

    def __init__(self, browse, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit()
        button = QPushButton(tr("浏览…"))
        button.clicked.connect(lambda: self._pick(browse))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(button)

    def _pick(self, browse) -> None:
        path = browse(self.text())
        if path:
            self.edit.setText(str(Path(path)))

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:
        self.edit.setText(text)


class TaskDialog(QDialog):
    """Subclasses fill `setup` and call run(func, cancellable); `finishedTask` carries the result."""

    finishedTask = Signal(object)

    def __init__(self, lanes, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lanes = lanes
        self.result_path: Path | None = None
        self.error: BaseException | None = None
        self.cancel_token = CancelToken()
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(self.show_progress)
        self.setup = QWidget()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.setup)
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._result_page())
        QVBoxLayout(self).addWidget(self.pages)
        self.resize(640, 420)

    def fit_to_setup(self) -> None:
        """As tall as the setup page needs: no half-empty box, and room when a page grows."""
        margins = self.layout().contentsMargins()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the shown page's height
        self.setup.layout().invalidate()
        self.setup.layout().activate()
        height = self.setup.sizeHint().height() + margins.top() + margins.bottom()
        self.resize(self.width(), max(height, 160))

    def _progress_page(self) -> QWidget:
        self.step_label = QLabel(tr("正在准备…"), wordWrap=True)
        self.bar = QProgressBar()
        self.current_label = QLabel(wordWrap=True)
        self.cancel_button = QPushButton(tr("停止"))
        self.cancel_button.clicked.connect(self.cancel)
        return progress_page([self.step_label, self.bar, self.current_label], self.cancel_button)

    def _result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QListWidget()
        self.details = QLabel(wordWrap=True)
        self.details.setStyleSheet("color: gray")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.details)
        self.result_buttons = QDialogButtonBox()
        self.open_button = self.result_buttons.addButton(
            tr("打开所在文件夹"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(lambda: open_folder(self.result_path))
        close = self.result_buttons.addButton(tr("关闭"), QDialogButtonBox.ButtonRole.AcceptRole)
        close.clicked.connect(self.accept)
        layout.addWidget(self.result_buttons)
        return page

    # ---------------------------------------------------------------- running
    def run(self, func, *, cancellable: bool, step: str) -> None:
        """func(on_progress, cancel) runs on the write lane; its result goes to show_result."""
        self.pages.setCurrentIndex(1)
        self.step_label.setText(step)
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setVisible(cancellable)
        relay, token = self.relay, self.cancel_token
        self.lanes.write(lambda: func(relay, token), self._finished)

    def show_progress(self, p: Progress) -> None:
        if p.total:
            self.bar.setRange(0, p.total)
            self.bar.setValue(p.done)
        if p.message:
            self.step_label.setText(tr(p.message))
        self.current_label.setText(self.current_text(p.current) if p.current else "")

    def current_text(self, current: str) -> str:
        """How the item being worked on is shown (a file's name; a title where that is given)."""
        return Path(current).name

    def cancel(self) -> None:
        self.cancel_token.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(tr("正在停止…"))

    def _finished(self, result, error) -> None:
        self.pages.setCurrentIndex(2)
        self.problems.clear()
        if isinstance(error, Cancelled):
            self.show_message(tr("已停止"), plain_message(error), ok=False)
        elif error is not None:
            self.error = error
            message, detail = _split_detail(plain_message(error))
            self.show_message(self.failure_title(), message + self.failure_note(), ok=False)
            self.details.setText(f"{type(error).__name__}: {detail or error}")
        else:
            self.show_result(result)
        self.finishedTask.emit(result)

    def show_message(self, head: str, body: str, *, ok: bool, path: Path | None = None) -> None:
        colour = "" if ok else "; color:#b00020"
        self.summary.setText(
            f"<p style='font-size:large{colour}'><b>{head}</b></p><p>{_escape(body)}</p>"
        )
        self.result_path = Path(path) if path else None
        self.open_button.setVisible(self.result_path is not None)
        self.problems.setVisible(self.problems.count() > 0)

    def failure_title(self) -> str:
        return tr("操作未完成")

    def failure_note(self) -> str:
        """A sentence added under an error (e.g. that nothing was changed)."""
        return ""

    def show_result(self, result) -> None:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def reject(self) -> None:
        """Closing while running means stop (the dialog stays until the work has ended)."""
        if self.pages.currentIndex() == 1:
            if self.cancel_button.isVisible():
                self.cancel()
            return
        super().reject()


def _split_detail(message: str) -> tuple[str, str]:
    """'备份文件已损坏：X 的校验值不符（Bad CRC-32 …）' → the sentence, the technical part."""
    head, sep, tail = message.partition("（")
    if sep and message.endswith("）") and head.strip():
        return head.strip(), tail[:-1]
    return message, ""


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    )
