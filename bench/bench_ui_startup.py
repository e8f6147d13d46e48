"""Window start to first results on an archive, in a fresh process each time.

    uv run python bench/bench_ui_startup.py [ARCHIVE] [RUNS]   (default bench/data/a10k, 3 runs)

Each run starts a new Python process that imports Qt, opens the archive, builds the main window,
shows it and waits until the first page of results is in the table (offscreen platform). The
baseline is the same process showing an empty QMainWindow (interpreter + Qt start-up), so the
ratio says what the window and the archive add. Build the archive with bench_search.py build 10.
The children may write bytecode (PYTHONDONTWRITEBYTECODE is dropped), as an installed program
has it: the warm-up run compiles, the measured runs do not (compiling costs about 1 s).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import os, sys, time, json
t0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
marks = {{}}
if {baseline}:
    w = QMainWindow(); w.show(); app.processEvents()
    marks["shown"] = time.perf_counter() - t0
else:
    from pathlib import Path
    from core.archive import Archive
    from ui.main_window import MainWindow
    archive = Archive.open(Path({archive!r}))
    marks["opened"] = time.perf_counter() - t0
    w = MainWindow(archive, QSettings({ini!r}, QSettings.Format.IniFormat))
    w.show()
    marks["window"] = time.perf_counter() - t0
    while w.last_result is None:
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()  # the table painted with the first page
    marks["shown"] = time.perf_counter() - t0
    marks["total"] = w.last_result.total
    w.lanes.wait(10000)
    archive.close()
print(json.dumps(marks))
"""


def run(archive: Path | None, ini: str) -> dict:
    code = CHILD.format(root=str(ROOT), baseline=archive is None, archive=str(archive), ini=ini)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    archive = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data" / "a10k"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    if not (archive / "archive.db").exists():
        print(f"no archive at {archive}: uv run python bench/bench_search.py build 10")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        ini = str(Path(tmp) / "ui.ini")
        run(archive, ini)  # warm the file cache, bytecode and the saved search arrays once
        window = [run(archive, ini) for _ in range(runs)]
        base = [run(None, ini)["shown"] for _ in range(runs)]
    shown = statistics.median(m["shown"] for m in window)
    b = statistics.median(base)
    print(f"archive {archive} ({window[0]['total']} documents), median of {runs} runs")
    print(
        f"  opened {statistics.median(m['opened'] for m in window):.2f} s, window built "
        f"{statistics.median(m['window'] for m in window):.2f} s, first results {shown:.2f} s"
    )
    print(f"  baseline (Python + Qt + empty window) {b:.2f} s; ratio {shown / b:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
