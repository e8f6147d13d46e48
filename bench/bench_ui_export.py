"""How long the GUI thread is ever blocked while the window exports and backs up a corpus.

    uv run python bench/bench_ui_export.py [FOLDER]   (default ../shared/corpus/laws)

The corpus is imported first (not measured); then the 导出 dialog writes the .xlsx catalogue,
the PDF catalogue and the originals as a .zip, and the 备份 dialog writes a backup, each of
everything. A 20 ms QTimer heartbeat records the gaps between its ticks on the GUI thread.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_ui_responsiveness import Heartbeat  # noqa: E402  (the same 20 ms GUI-thread ticker)
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.archive import Archive  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def run_dialog(app, dialog, out: Path) -> float:
    """Start a task dialog, wait for its result page; return the seconds it took."""
    dialog.out.setText(str(out))
    t0 = time.perf_counter()
    dialog.finishedTask.connect(lambda _r: app.quit())
    dialog.start()
    app.exec()
    seconds = time.perf_counter() - t0
    dialog.accept()
    return seconds


def main() -> int:
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "laws"
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    if not corpus.exists():
        print(f"corpus not found: {corpus}")
        return 1
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        archive = Archive.open(tmp / "archive")
        report = archive.import_paths([corpus])
        print(f"imported {report.imported} documents in {report.seconds:.1f} s (not measured)")
        window = MainWindow(archive, QSettings(str(tmp / "ui.ini"), QSettings.Format.IniFormat))
        window.show()
        while window.last_result is None:
            app.processEvents()
        c = window.commands
        steps = [
            ("catalogue .xlsx", lambda: c.export("xlsx"), "目录.xlsx"),
            ("catalogue PDF", lambda: c.export("pdf"), "目录.pdf"),
            ("originals .zip", lambda: c.export("files"), "原件.zip"),
            ("backup .zip", c.backup, "备份.zip"),
        ]
        for name, open_dialog, file_name in steps:
            beat = Heartbeat()
            dialog = open_dialog()
            seconds = run_dialog(app, dialog, tmp / file_name)
            size = (tmp / file_name).stat().st_size / 1e6
            print(
                f"{name:16s} {seconds:6.1f} s  {size:7.1f} MB  "
                f"longest GUI-thread gap {max(beat.gaps, default=0):6.0f} ms  "
                + re.sub(r"<[^>]+>", " ", dialog.summary.text()).split("/")[0].strip()
            )
            beat.timer.stop()
        window.lanes.wait()
        archive.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
