"""Search benchmark at 10k/50k office-length documents, through the product's own path.

  uv run python bench/bench_search.py build 10     Store + SearchIndex, importer cadence
  uv run python bench/bench_search.py query 10     open, queries, FTS5 baseline, brute force
  uv run python bench/bench_search.py import       real .txt import (MB/s, whole path)
  uv run python bench/bench_search.py all          all of the above for 10k and 50k

Data goes to bench/data/ (git-ignored). Results are appended to bench/data/results.jsonl and
printed as a table by `table`.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from prep import base_pieces, documents  # noqa: E402

DATA = HERE / "data"
RESULTS = DATA / "results.jsonl"
FLUSH_DOCS, FLUSH_CHARS = 400, 8_000_000  # the importer's index cadence (core/importer.py)


def log(record: dict) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    record["load"] = os.getloadavg()[0]
    with open(RESULTS, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(json.dumps(record, ensure_ascii=False), flush=True)


class PeakRss:
    """Peak anonymous RSS of this process, sampled at 20 Hz (file pages excluded)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def read() -> int:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) * 1024
        return 0

    def _run(self):
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self.read())

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return max(self.peak, self.read())


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# ---------------------------------------------------------------- build
def cmd_build(nk: int) -> None:
    """Insert nk*1000 documents via Store.insert_document and SearchIndex.write."""
    from core.archive import Archive
    from core.models import now_iso
    from core.search.analysis import normalize

    folder = DATA / f"a{nk}k"
    shutil.rmtree(folder, ignore_errors=True)
    pieces = base_pieces()
    rss = PeakRss()
    t0 = time.perf_counter()
    text_bytes = 0
    index_s = 0.0
    with Archive.open(folder) as archive:
        baseline = PeakRss.read()  # the bench's own corpus copy and imports, before any insert
        store, cats = archive.store, {}
        pending, pending_chars = [], 0
        for doc in documents(nk * 1000, pieces):
            title, content = doc["title"], doc["content"]
            text_bytes += len(content.encode()) + len(title.encode())
            if doc["category"] not in cats:
                with store.transaction():
                    cats[doc["category"]] = store.ensure_category_path(["法规", doc["category"]])
            record = dict(
                title=title,
                ntitle=normalize(title),
                year=doc["year"],
                date=doc["date"],
                doc_type=doc["doc_type"],
                category_id=cats[doc["category"]],
                sha256=hashlib.sha256(f"{doc['n']}\n{content}".encode()).hexdigest(),
                imported_at=now_iso(),
                format="txt",
            )
            ncontent = normalize(content)
            with store.transaction():
                doc_id = store.insert_document(record, content, ncontent)
                store.audit("import", doc_id, {"path": f"bench/{doc['n']}.txt"})
            pending.append((doc_id, record["ntitle"], ncontent))
            pending_chars += len(ncontent)
            if len(pending) >= FLUSH_DOCS or pending_chars >= FLUSH_CHARS:
                t1 = time.perf_counter()
                archive.index.write(add_docs=pending)
                index_s += time.perf_counter() - t1
                pending, pending_chars = [], 0
        t1 = time.perf_counter()
        archive.index.write(add_docs=pending)
        archive.index.commit()
        index_s += time.perf_counter() - t1
        segments = len(archive.index._ix._segments())
    secs = time.perf_counter() - t0
    log(
        dict(
            kind="build",
            nk=nk,
            docs=nk * 1000,
            secs=round(secs, 1),
            index_secs=round(index_s, 1),
            text_mb=round(text_bytes / 1e6, 1),
            mb_s=round(text_bytes / 1e6 / secs, 2),
            index_mb=round(folder_size(folder / "index") / 1e6, 1),
            db_mb=round(folder_size(folder) / 1e6 - folder_size(folder / "index") / 1e6, 1),
            index_ratio=round(folder_size(folder / "index") / text_bytes, 3),
            segments=segments,
            peak_anon_mb=round(rss.stop() / 1e6),
            baseline_anon_mb=round(baseline / 1e6),
            maxrss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            cpu_secs=round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 1),
        )
    )


def main(argv: list[str]) -> None:
    cmd, *rest = argv or ["all"]
    if cmd == "build":
        cmd_build(int(rest[0]))
    elif cmd == "build-sub":  # a fresh process per size: its own peak memory
        for nk in map(int, rest):
            subprocess.run([sys.executable, __file__, "build", str(nk)], check=True)
    else:
        from bench_queries import main as query_main

        query_main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
