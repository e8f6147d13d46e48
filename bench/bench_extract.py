"""Run every file of ../shared/corpus/fixtures (or a folder given) through the sandbox.

Prints counts per outcome, per extension, throughput (files/s, MB/s) and the sandbox's
per-file overhead. Usage: uv run python bench/bench_extract.py [FOLDER] [--timeout S]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.ingest.extract.base import ExtractError  # noqa: E402
from core.ingest.extract.sandbox import Extractor, measure_overhead  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "folder", nargs="?", default=str(REPO / ".." / "shared" / "corpus" / "fixtures")
    )
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--slowest", type=int, default=8)
    parser.add_argument("--in-process", action="store_true", help="no worker (for comparison)")
    args = parser.parse_args()
    folder = Path(args.folder).resolve()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv")
    if not files:
        print(f"no files under {folder}")
        return 1
    outcomes: collections.Counter = collections.Counter()
    by_ext: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    timings: list[tuple[float, str, str]] = []
    total_bytes = sum(p.stat().st_size for p in files)
    han_chars = 0
    start = time.perf_counter()
    with Extractor(timeout=args.timeout, in_process=args.in_process) as extractor:
        startup = time.perf_counter()
        extractor.extract(files[0])  # starts the worker; counted in the total below
        startup = time.perf_counter() - startup
        for path in files:
            began = time.perf_counter()
            try:
                result = extractor.extract(path)
                outcome = (
                    "needs_ocr"
                    if result.needs_ocr
                    else ("text" if result.text.strip() else "no text")
                )
                han_chars += sum(1 for ch in result.text if "\u4e00" <= ch <= "\u9fff")
            except ExtractError as err:
                outcome = err.reason
            elapsed = time.perf_counter() - began
            outcomes[outcome] += 1
            by_ext[path.suffix.lower() or "(none)"][outcome] += 1
            timings.append((elapsed, outcome, str(path.relative_to(folder))))
        workers = extractor.workers_started
    seconds = time.perf_counter() - start
    mode = "in-process" if args.in_process else "sandbox"
    print(f"{len(files)} files, {total_bytes / 1e6:.1f} MB under {folder} ({mode})")
    print(
        f"total {seconds:.1f} s (first file incl. worker start {startup:.2f} s), workers started: {workers}"
    )
    print(f"throughput: {len(files) / seconds:.1f} files/s, {total_bytes / 1e6 / seconds:.2f} MB/s")
    print(f"Han characters extracted: {han_chars}")
    print("outcomes:")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:12s} {count}")
    print("by extension:")
    for ext, counter in sorted(by_ext.items()):
        print(f"  {ext:8s} " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))
    print("slowest:")
    for elapsed, outcome, name in sorted(timings, reverse=True)[: args.slowest]:
        print(f"  {elapsed:6.2f} s  {outcome:10s} {name}")
    small = min(files, key=lambda p: p.stat().st_size if p.suffix == ".txt" else 1 << 60)
    overhead = measure_overhead(small)
    print(
        f"sandbox overhead on {small.name}: in-process {overhead['in_process'] * 1000:.2f} ms, "
        f"sandbox {overhead['sandbox'] * 1000:.2f} ms per file"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
