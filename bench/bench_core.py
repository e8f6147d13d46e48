"""Import the laws corpus through the product's whole path, then time random-substring searches.

    uv run python bench/bench_core.py [--corpus ../shared/corpus/laws] [--queries 200]

Prints import time and throughput, p50/p95 search latency (whole pipeline: hit set, count,
facets, top 20, snippets) and checks every hit set against a brute-force scan.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.archive import Archive  # noqa: E402
from core.search.analysis import RE_HAN  # noqa: E402


def samples(rows, n, seed=1):
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        runs = [r for r in RE_HAN.findall(rng.choice(rows)[2]) if len(r) >= 6]
        if runs:
            run, k = rng.choice(runs), rng.randint(2, 6)
            i = rng.randrange(len(run) - k + 1)
            out.append(run[i : i + k])
    return out


def accuracy(archive, corpus: Path) -> None:
    """Title and year against the corpus MANIFEST.tsv (when there is one)."""
    manifest = corpus / "MANIFEST.tsv"
    if not manifest.exists():
        return
    rows = list(csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t"))
    docs = {
        (r["source_path"]): r
        for r in archive.store.query("SELECT source_path, title, year FROM documents")
    }
    titles = years = with_year = found = 0
    for r in rows:
        doc = docs.get(str(corpus / r["path"]))
        if doc is None:
            continue
        found += 1
        titles += doc["title"] == r["title"]
        if r["year"]:
            with_year += 1
            years += str(doc["year"]) == r["year"]
    print(
        f"metadata: title = manifest title for {titles}/{found} ({titles / found:.2%}); "
        f"year = manifest year for {years}/{with_year} ({years / with_year:.2%})"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--corpus", default=str(root / ".." / "shared" / "corpus" / "laws"))
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-core-"))
    try:
        t0 = time.perf_counter()
        with Archive.open(tmp / "a") as archive:
            report = archive.import_paths([args.corpus])
        t_import = time.perf_counter() - t0
        mb = report.bytes / 1e6
        print(
            f"import: {report.imported} docs ({report.duplicates} dup, {report.failed} failed, "
            f"{report.skipped} skipped), {mb:.1f} MB in {t_import:.1f} s = "
            f"{report.imported / t_import:.0f} docs/s, {mb / t_import:.2f} MB/s; "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        print("time per phase (s):", report.timings)
        t0 = time.perf_counter()
        archive = Archive.open(tmp / "a")
        accuracy(archive, Path(args.corpus))
        archive.search("党建")
        print(
            f"open + first search: {(time.perf_counter() - t0) * 1000:.0f} ms; index "
            f"{archive.index.size_bytes() / 1e6:.1f} MB"
        )
        rows = list(archive.store.index_rows())  # (id, ntitle, ncontent)
        times, wrong = [], 0
        for term in samples(rows, args.queries):
            truth = {i for i, t, c in rows if term in t or term in c}
            t0 = time.perf_counter()
            result = archive.search(term, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
            full = archive.search(term, limit=len(truth) + 1, snippets=False)
            wrong += {h.id for h in full.hits} != truth or result.total != len(truth)
        times.sort()
        print(
            f"search ({len(times)} random 2–6 char substrings): p50 {statistics.median(times):.1f} ms, "
            f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms; "
            f"hit sets differing from brute force: {wrong}"
        )
        archive.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
