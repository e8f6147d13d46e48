"""Title, date and year accuracy, date sources and text coverage on web/, laws/ and the sample page.

Run: uv run python bench/bench_web_metadata.py [--show-misses N]
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.ingest.describe import guess_metadata  # noqa: E402
from core.ingest.extract import extract_file  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus"
WEB = CORPUS / "web"
LAWS = CORPUS / "laws"
SAMPLE = CORPUS / "samples" / "college-party-report-2022.txt"
FAKE_MTIME = "2026-12-06"  # a copy date no real page carries: using it is a miss


def _rows(folder: Path) -> list[dict]:
    with open(folder / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _accepted(row: dict, key: str) -> set[str]:
    return {row[key]} | {a for a in (row.get(f"{key}_alt") or "").split("||") if a}


def measure_web(show: int = 0) -> dict:
    """Figures for web/: title, date, short texts, file-time dates, date sources."""
    out = collections.Counter()
    sources: collections.Counter = collections.Counter()
    misses: list[str] = []
    rows = _rows(WEB)
    for row in rows:
        path = WEB / row["file"]
        extracted = extract_file(path)
        got = guess_metadata(extracted, filename=path.name, folders=[], file_mtime=FAKE_MTIME)
        title = got["title"].value if "title" in got else None
        date = got["date"].value if "date" in got else None
        src = got["date"].source if "date" in got else "none"
        sources[src] += 1
        out["title"] += title in _accepted(row, "title")
        out["date"] += date in _accepted(row, "date")
        out["file_time"] += date == FAKE_MTIME or src == "file_mtime"
        out["short"] += len(extracted.text) < 200
        if title not in _accepted(row, "title"):
            misses.append(f"title {row['file']}: {title!r} want {row['title']!r}")
        if date not in _accepted(row, "date"):
            misses.append(f"date  {row['file']}: {date} ({src}) want {row['date']}")
    for line in misses[:show]:
        print("  miss", line)
    out["n"] = len(rows)
    out["sources"] = dict(sources)
    return dict(out)


def measure_laws() -> dict:
    """Title and year agreement on laws/ (as bench_metadata measures them)."""
    rows = _rows(LAWS)
    title = year = with_year = 0
    for row in rows:
        path = LAWS / row["path"]
        got = guess_metadata(
            extract_file(path), filename=path.name, folders=[row["path"].split("/")[0]]
        )
        title += got.get("title") is not None and got["title"].value == row["title"]
        if row["year"]:
            with_year += 1
            year += got.get("year") is not None and got["year"].value == int(row["year"])
    return {"n": len(rows), "title": title, "year": year, "with_year": with_year}


def sample_fields() -> dict:
    """The sample page's title, date, year and issuer."""
    got = guess_metadata(extract_file(SAMPLE), filename=SAMPLE.name, folders=[])
    return {k: got[k].value for k in ("title", "date", "year", "issuer") if k in got}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args()
    if not WEB.exists():
        print(f"corpus not found at {WEB}")
        return 1
    web = measure_web(args.show_misses)
    n = web["n"]
    print(f"web/ ({n} pages)")
    print(f"  title exact          {web['title']}/{n}")
    print(f"  date exact           {web['date']}/{n}")
    print(f"  date from file time  {web['file_time']}")
    print(f"  text under 200 chars {web['short']}")
    print(f"  date sources         {web['sources']}")
    if LAWS.exists():
        laws = measure_laws()
        print(f"laws/ ({laws['n']} files)")
        print(f"  title exact          {laws['title']}/{laws['n']}")
        print(f"  year exact           {laws['year']}/{laws['with_year']}")
    if SAMPLE.exists():
        print(f"sample page: {sample_fields()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
