"""Import N office-length text files through the real CLI; report time, peak memory, open time.

    uv run python bench/bench_scale.py --docs 50000 [--work /tmp/scale]

Documents are the laws corpus split at headings into 2–8 KB pieces, repeated with a distinct
header line so every file is unique. Memory is the peak RSS of the importing process tree
(the program and its extraction worker), sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEPTS = ["办公室", "组织部", "宣传部", "人事处", "财务处", "教务处", "团委", "工会", "后勤处"]
KINDS = ["通知", "会议纪要", "工作报告", "简报", "请示", "工作总结", "会议记录"]


def pieces(corpus: Path, low: int = 2048, high: int = 8192) -> list[str]:
    """The corpus texts split at blank lines into pieces of low..high bytes."""
    out = []
    for path in sorted(corpus.rglob("*.md")):
        cur, size = [], 0
        for block in re.split(r"\n\s*\n", path.read_text("utf-8")):
            n = len(block.encode())
            if cur and size + n > high:
                out.append("\n".join(cur))
                cur, size = [], 0
            cur.append(block)
            size += n
            if size >= low and block.startswith("#"):
                out.append("\n".join(cur))
                cur, size = [], 0
        if cur:
            out.append("\n".join(cur))
    return [p for p in out if len(p.encode()) >= 512]


def write_files(folder: Path, n: int, corpus: Path) -> int:
    """n unique .txt files under folder/<year>/; returns total bytes."""
    base = pieces(corpus)
    rng = random.Random(n)
    total = 0
    for i in range(n):
        year = 2010 + i % 15
        head = f"{rng.choice(DEPTS)}{rng.choice(KINDS)}〔{year}〕{i}号\n"
        data = (head + base[i % len(base)] + f"\n{year}年{1 + i % 12}月{1 + i % 28}日\n").encode()
        sub = folder / str(year)
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def run_measured(cmd: list[str]) -> tuple[float, float, float, float]:
    """Run cmd; (seconds, peak RSS MB, peak anonymous RSS MB) of it and its children, and the
    peak anonymous RSS MB of the program alone.

    Anonymous = RSS minus file-backed pages (memory-mapped index and database pages the kernel
    can drop at any time), as the reference measurements in SEARCH.md count it."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    ps, peak, peak_anon, peak_main = psutil.Process(proc.pid), 0, 0, 0
    while proc.poll() is None:
        try:
            infos = [p.memory_info() for p in [ps, *ps.children(recursive=True)]]
            peak = max(peak, sum(i.rss for i in infos))
            peak_anon = max(peak_anon, sum(i.rss - i.shared for i in infos))
            peak_main = max(peak_main, infos[0].rss - infos[0].shared)
        except psutil.Error:
            pass
        time.sleep(0.05)
    if proc.returncode:
        raise SystemExit(f"{cmd} failed with {proc.returncode}")
    return time.perf_counter() - t0, peak / 1e6, peak_anon / 1e6, peak_main / 1e6


def batch_log_line(data: Path) -> str:
    """The importer's summary line (per-phase seconds) from the archive's log."""
    log = data / "logs" / "archivist.log"
    lines = [x for x in log.read_text("utf-8").splitlines() if "import batch" in x]
    return lines[-1].split(": ", 1)[-1] if lines else "(no summary in the log)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=50000)
    ap.add_argument("--work", default="/tmp/archivist-scale")
    ap.add_argument("--corpus", default=str(ROOT / ".." / "shared" / "corpus" / "laws"))
    args = ap.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    src, data = work / "src", work / "data"
    nbytes = write_files(src, args.docs, Path(args.corpus))
    print(f"{args.docs} files, {nbytes / 1e6:.1f} MB")
    load = os.getloadavg()[0]
    secs, peak, anon, main_anon = run_measured(
        [sys.executable, "main.py", "import", str(src), "--data-dir", str(data)]
    )
    print(
        f"import: {secs:.0f} s = {args.docs / secs:.0f} docs/s, {nbytes / 1e6 / secs:.2f} MB/s, "
        f"peak RSS (process tree) {peak:.0f} MB, of it anonymous {anon:.0f} MB "
        f"(program alone {main_anon:.0f} MB); load average {load:.2f} -> {os.getloadavg()[0]:.2f}"
    )
    print("importer:", batch_log_line(data))
    code = (
        "import sys, time; sys.path.insert(0, '.'); t = time.perf_counter();"
        "from core.archive import Archive; a = Archive.open(sys.argv[1]); a.search('党建');"
        "print(f'{(time.perf_counter() - t) * 1000:.0f}')"
    )
    for _ in range(2):  # the second run has a warm file cache, as a clerk's second start does
        out = subprocess.run(
            [sys.executable, "-c", code, str(data)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        print(f"open archive + first search (incl. Python imports): {out.stdout.strip()} ms")
    sizes = {
        p.name: sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
        for p in data.iterdir()
        if p.is_dir()
    }
    print(
        "folder sizes MB:",
        {k: round(v / 1e6, 1) for k, v in sizes.items()},
        "archive.db",
        round((data / "archive.db").stat().st_size / 1e6, 1),
    )


if __name__ == "__main__":
    main()
