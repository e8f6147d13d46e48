"""Fixtures for driving the real window on a real archive in tmp_path."""

from __future__ import annotations

import pytest

DOCS = {
    "党委/预算通知.txt": "关于做好2021年预算编制工作的通知\n2021年3月1日\n各单位：请做好预算编制工作，预算应当实事求是。",
    "党委/党建总结.txt": "2021年党建工作总结\n2021年12月20日\n学院党委认真落实党建工作责任制，开展三会一课。",
    "党委/党建要点.txt": "2022年党建工作要点\n2022年2月15日\n加强党建引领，推进三会一课规范化。",
    "团委/组织生活会.txt": "关于召开2022年度组织生活会的通知\n2022年11月5日\n各团支部：定于12月召开组织生活会。",
    "团委/安全通报.txt": "2023年实验室安全检查通报\n2023年3月8日\n学院开展实验室安全检查，发现问题三项。",
}


@pytest.fixture
def source_docs(tmp_path):
    """A folder of real text files whose names and text give year and title."""
    root = tmp_path / "src"
    for rel, text in DOCS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def make_window(qtbot, tmp_path):
    """make_window(import_first=folder|None) -> the real MainWindow after its first search."""
    from PySide6.QtCore import QSettings

    from core.archive import Archive
    from ui.main_window import MainWindow

    opened = []

    def _make(import_first=None):
        archive = Archive.open(tmp_path / "archive")
        if import_first is not None:
            archive.import_paths([import_first])
        opened.append(archive)
        settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(archive, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.last_result is not None, timeout=10000)
        return window

    yield _make
    for archive in opened:
        archive.close()


@pytest.fixture
def window(make_window, source_docs):
    """The window on an archive holding the five documents of DOCS."""
    w = make_window(import_first=source_docs)
    yield w
    w.lanes.wait(10000)


def titles(window) -> list[str]:
    """Titles of the rows now in the results table."""
    return [h.title for h in window.model.hits]


def type_text(widget, text: str) -> None:
    """Type text key by key (QTest's keyClicks only knows ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
