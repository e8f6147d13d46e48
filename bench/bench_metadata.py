"""Metadata accuracy on the laws corpus (title, year vs MANIFEST.tsv) and guess_metadata speed.

Run: uv run python bench/bench_metadata.py [--show-misses N]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.ingest.describe import guess_metadata  # noqa: E402
from core.ingest.extract.base import Extracted  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus"
LAWS = CORPUS / "laws"
SAMPLE = CORPUS / "samples" / "college-party-report-2022.txt"


def load_rows() -> list[dict]:
    """The manifest rows of the laws set."""
    with open(LAWS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def guess_for(row: dict) -> dict:
    """guess_metadata as the importer calls it for one laws file."""
    path = LAWS / row["path"]
    text = path.read_text(encoding="utf-8")
    folders = [row["path"].split("/")[0]]
    return guess_metadata(
        Extracted(text=text, format="txt", extractor="text"), filename=path.name, folders=folders
    )


def accuracy(rows: list[dict], show: int) -> tuple[float, float]:
    """Title and year agreement with the manifest; prints the first misses."""
    title_ok = year_ok = year_total = 0
    misses: list[str] = []
    for row in rows:
        got = guess_for(row)
        title = got["title"].value if "title" in got else None
        if title == row["title"]:
            title_ok += 1
        else:
            misses.append(f"title  {row['path']}: got {title!r} want {row['title']!r}")
        if row["year"]:
            year_total += 1
            year = got["year"].value if "year" in got else None
            if year == int(row["year"]):
                year_ok += 1
            else:
                src = got["year"].source if "year" in got else "-"
                misses.append(f"year   {row['path']}: got {year} ({src}) want {row['year']}")
    for line in misses[:show]:
        print("  miss", line)
    return title_ok / len(rows), year_ok / year_total if year_total else 1.0


RULES = [
    {"name": f"规则{i}", "category": f"党群/类{i}", "match": f"关键词{i} 另一词{i}", "field": "any"}
    for i in range(49)
] + [{"name": "正则", "category": "行政", "match": r"/湘\w+发〔\d{4}〕/", "field": "text"}]


def speed(text: str, repeat: int = 300, rules: list | None = None) -> tuple[float, float]:
    """Median and p95 milliseconds of guess_metadata on one text."""
    extracted = Extracted(text=text, format="txt", extractor="text")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        guess_metadata(extracted, filename="sample.txt", folders=["收文"], rules=rules)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", type=int, default=20)
    args = parser.parse_args()
    if not LAWS.exists():
        print(f"corpus not found at {LAWS}; nothing to measure")
        return 1
    rows = load_rows()
    t0 = time.perf_counter()
    title_acc, year_acc = accuracy(rows, args.show_misses)
    elapsed = time.perf_counter() - t0
    with_year = sum(1 for r in rows if r["year"])
    print(f"laws documents: {len(rows)} ({with_year} with a year) in {elapsed:.1f} s")
    print(f"title accuracy: {title_acc:.2%}  (target >= 98%)")
    print(f"year accuracy:  {year_acc:.2%}  (target >= 97%)")
    if SAMPLE.exists():
        sample = SAMPLE.read_text(encoding="utf-8")
        five_kb = sample[: 5 * 1024 // 3]  # ~5 KB of UTF-8 Chinese
        med, p95 = speed(five_kb + sample[-200:])
        print(
            f"guess_metadata on ~5 KB sample: median {med:.3f} ms, p95 {p95:.3f} ms (target < 2 ms)"
        )
        med, p95 = speed(five_kb + sample[-200:], rules=RULES)
        print(f"  same with {len(RULES)} category rules: median {med:.3f} ms, p95 {p95:.3f} ms")
        med, p95 = speed(sample)
        print(
            f"guess_metadata on full sample ({len(sample.encode())} B): median {med:.3f} ms, p95 {p95:.3f} ms"
        )
    biggest = max(rows, key=lambda r: int(r["bytes"]))
    big = (LAWS / biggest["path"]).read_text(encoding="utf-8")
    med, p95 = speed(big, repeat=30)
    print(f"guess_metadata on largest law ({len(big.encode()) // 1024} KB): median {med:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
