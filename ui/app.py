"""Start the window (a plain search window until the full desktop UI lands)."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from core.archive import Archive
from core.paths import resolve_data_dir


class MainWindow(QMainWindow):
    """Search box and a list of hits."""

    def __init__(self, archive: Archive):
        super().__init__()
        self.archive = archive
        self.setWindowTitle("档案管家 Archivist")
        self.box = QLineEdit(placeholderText="输入要查找的文字，回车检索")
        self.status = QLabel()
        self.results = QListWidget()
        layout = QVBoxLayout()
        for w in (self.box, self.status, self.results):
            layout.addWidget(w)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.box.returnPressed.connect(self.run_search)
        self.resize(900, 600)
        self.run_search()

    def run_search(self) -> None:
        result = self.archive.search(self.box.text(), limit=200)
        self.status.setText(f"共 {result.total} 件，用时 {result.took_ms:.0f} 毫秒")
        self.results.clear()
        for h in result.hits:
            self.results.addItem(f"{h.title}    {h.date or ''}    {h.category}")


def run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="archivist")
    parser.add_argument("--data-dir")
    args, qt_args = parser.parse_known_args(argv)
    app = QApplication([sys.argv[0], *qt_args])
    with Archive.open(resolve_data_dir(args.data_dir)) as archive:
        window = MainWindow(archive)
        window.show()
        return app.exec()
