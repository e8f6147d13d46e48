"""How long the GUI thread is ever blocked while the window imports a corpus (and searches as it goes).

    uv run python bench/bench_ui_responsiveness.py [FOLDER]   (default ../shared/corpus/laws)

A 20 ms QTimer heartbeat records the gaps between its ticks on the GUI thread; a gap far above
20 ms means the window froze for that long. While importing, a query is typed every 2 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.archive import Archive  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

QUERIES = ["合同", "劳动", "民法典", "刑法 修正案", "人民法院", "年度:2020", "知识产权"]


class Heartbeat:
    """Ticks every 20 ms and keeps the gaps between ticks (ms)."""

    def __init__(self):
        self.gaps: list[float] = []
        self.last = time.perf_counter()
        self.timer = QTimer(interval=20)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self):
        now = time.perf_counter()
        self.gaps.append((now - self.last) * 1000)
        self.last = now


def main() -> int:
    corpus = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared" / "corpus" / "laws"
    )
    if not corpus.exists():
        print(f"corpus not found: {corpus}")
        return 1
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive.open(Path(tmp) / "archive")
        window = MainWindow(
            archive, QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        )
        window.show()
        dialog = window.commands.import_paths([corpus])
        beat = Heartbeat()
        searches = iter(QUERIES * 100)
        typer = QTimer(interval=2000)
        typer.timeout.connect(lambda: window.controller.change(text=next(searches), debounce=True))
        typer.start()
        t0 = time.perf_counter()
        dialog.finishedImport.connect(lambda _r: QTimer.singleShot(500, app.quit))
        dialog.rejected.connect(app.quit)  # the import failed (its error dialog is logged)
        dialog.start()
        app.exec()
        seconds = time.perf_counter() - t0
        report = dialog.report
        window.lanes.wait()
        archive.close()
    if report is None:
        print("the import failed; see the log")
        return 1
    gaps = sorted(beat.gaps)
    print(
        f"imported {report.imported} (dup {report.duplicates}, skipped {report.skipped}, failed {report.failed}) in {seconds:.1f} s"
    )
    print(
        f"heartbeat ticks {len(gaps)}: max gap {gaps[-1]:.1f} ms, p99 {gaps[int(len(gaps) * 0.99)]:.1f} ms, "
        f"median {statistics.median(gaps):.1f} ms, gaps > 100 ms: {sum(g > 100 for g in gaps)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
