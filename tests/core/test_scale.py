"""Scale (reduced for CI): a large import keeps memory bounded and leaves a consistent archive.

The full 50,000-document figures come from `bench/bench_scale.py --docs 50000` (see the README);
ARCHIVIST_SCALE_DOCS sets the size here (default 3,000 office-length documents).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from core.archive import Archive

REPO = Path(__file__).resolve().parents[2]
DOCS = int(os.environ.get("ARCHIVIST_SCALE_DOCS", "3000"))
PEAK_MB = 400
WORDS = [
    "学院",
    "党委",
    "会议",
    "研究",
    "决定",
    "通知",
    "要求",
    "工作",
    "安全",
    "检查",
    "教学",
    "科研",
    "学生",
    "考研",
    "就业",
    "组织",
    "生活会",
    "三会一课",
    "意识形态",
    "疫情防控",
    "预算",
    "执行",
    "人才",
    "引进",
    "建设",
    "方案",
    "总结",
    "报告",
    "请示",
    "批复",
]


def write_documents(folder: Path, n: int) -> None:
    """n unique office-length (2–8 KB) text files in yearly folders."""
    rng = random.Random(n)
    for i in range(n):
        year = 2010 + i % 15
        body = "，".join(rng.choice(WORDS) for _ in range(rng.randint(300, 1200)))
        text = (
            f"关于第{i}号事项的通知\n{body}。\n编号{i:06d}\n{year}年{1 + i % 12}月{1 + i % 28}日\n"
        )
        sub = folder / str(year)
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:06d}.txt").write_text(text, encoding="gb18030" if i % 2 else "utf-8")


def peak_rss_of(cmd: list[str]) -> float:
    """Run cmd; the peak RSS (MB) of it and its children, sampled every 50 ms."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, sum(p.memory_info().rss for p in [ps, *ps.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read().decode()
    return peak / 1e6


@pytest.mark.slow
def test_large_import_keeps_memory_bounded_and_the_archive_whole(tmp_path):
    src, data = tmp_path / "src", tmp_path / "data"
    write_documents(src, DOCS)
    peak = peak_rss_of([sys.executable, "main.py", "import", str(src), "--data-dir", str(data)])
    print(f"{DOCS} documents: peak RSS of the import process tree {peak:.0f} MB")
    assert peak < PEAK_MB
    with Archive.open(data) as archive:
        assert archive.stats()["documents"] == DOCS
        assert archive.search(f"编号{DOCS - 1:06d}").total == 1
        assert archive.search("三会一课", years=(2012, 2012)).total > 0
        assert archive.check(repair=False)["ok"]
