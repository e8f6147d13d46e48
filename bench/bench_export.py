"""Time the export, archive-code and backup operations on an archive of N imported documents.

    uv run python bench/bench_export.py --docs 2000 [--work /tmp/bench-export]

The documents are generated text files (3–6 KB of Chinese) imported through the real importer
with 保管期限 永久 and 机构 BGS; each operation runs once and its wall time is printed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.archive import Archive  # noqa: E402
from core.archive import restore_backup as restore  # noqa: E402

WORDS = [
    "党建",
    "工作",
    "会议",
    "学习",
    "贯彻",
    "落实",
    "组织",
    "生活",
    "批评",
    "自我批评",
    "教学",
    "科研",
    "学生",
    "管理",
    "安全",
    "检查",
]


def make_files(folder: Path, n: int) -> None:
    rng = random.Random(n)
    for i in range(n):
        year = 2015 + i % 9
        body = "".join(rng.choice(WORDS) for _ in range(rng.randint(800, 1600)))
        text = f"关于第{i}项工作的通知\n{body}\n{year}年{1 + i % 12}月{1 + i % 28}日\n"
        path = folder / str(year) / f"doc{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def timed(label: str, fn):
    t0 = time.perf_counter()
    result = fn()
    print(f"{label:<34} {time.perf_counter() - t0:8.2f} s")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--work", default="/tmp/bench-export")
    ap.add_argument("--pdf", action="store_true", help="also render the catalogue PDF (Qt)")
    args = ap.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    make_files(work / "src", args.docs)
    out = work / "out"
    with Archive.open(work / "archive") as a:
        a.settings["fonds_code"] = "Z109"
        timed(
            f"import {args.docs} files",
            lambda: a.import_paths([work / "src"], defaults={"retention": "永久", "org": "BGS"}),
        )
        plan = timed("assign-codes", lambda: a.assign_codes())
        print(f"  numbered {len(plan.changes)}, skipped {len(plan.skipped)}")
        docs = timed("select all (search + load)", lambda: a.export_selection())
        timed(
            "catalogue .xlsx (per class)",
            lambda: a.export_catalogue(out / "c.xlsx", docs, per_class=True),
        )
        timed("catalogue .csv", lambda: a.export_catalogue(out / "c.csv", docs, fmt="csv"))
        timed("files .zip + manifest", lambda: a.export_files(out / "f.zip", docs))
        if args.pdf:
            from ui.pdf_render import render_pdf, render_tables

            tables = a.catalogue_tables(docs)
            timed("catalogue PDF (Qt)", lambda: render_tables(tables, out / "c.pdf"))
            html = a.documents_html(docs[:200])
            timed("text PDF of 200 documents (Qt)", lambda: render_pdf(html, out / "t.pdf"))
        report = timed("backup", lambda: a.backup(out / "b.zip"))
        print(f"  backup size {report['size'] / 1e6:.1f} MB")
    r = timed(
        "restore (verify + extract + reindex)", lambda: restore(out / "b.zip", work / "restored")
    )
    print(f"  restored {r['documents']} documents, indexed {r['indexed']}")


if __name__ == "__main__":
    main()
