"""Per-field accuracy on the generated 公文 and meeting records (tests/core/office_docs.py).

Run: uv run python bench/bench_office_metadata.py [--misses]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.ingest.describe import guess_metadata  # noqa: E402
from core.ingest.extract import extract_file  # noqa: E402
from tests.core import office_docs  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 (Qt paints the PDFs)
    right: collections.Counter = collections.Counter()
    total: collections.Counter = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for doc in office_docs.official() + office_docs.meetings():
            path = office_docs.write(doc, Path(tmp))
            got = guess_metadata(
                extract_file(path), filename=path.name, folders=[], file_mtime="2026-12-06"
            )
            for field, want in doc.expect.items():
                value = got[field].value if field in got else None
                total[field] += 1
                right[field] += value == want
                if args.misses and value != want:
                    print(f"  miss {doc.name} {field}: {value!r} want {want!r}")
    for field in sorted(total, key=lambda f: -total[f]):
        print(f"{field:20s} {right[field]:3d}/{total[field]:<3d} {right[field] / total[field]:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
