"""Office-length documents (2–8 KB) from the laws corpus, split at headings, repeated with
distinct ids and slightly varied text (a different office header line on every copy)."""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterator
from pathlib import Path

LAWS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "laws"
MIN_BYTES, MAX_BYTES = 2048, 8192

DEPTS = ["办公室", "组织部", "宣传部", "党建办", "人事处", "财务处", "纪检监察室", "工会", "团委"]
KINDS = ["通知", "会议纪要", "工作报告", "简报", "请示", "批复", "学习材料", "情况说明", "工作总结"]
EXTRA = [
    "关于做好疫情防控工作的补充说明",
    "考研报名工作安排",
    "三会一课落实情况",
    "意识形态工作责任制",
    "组织生活会准备事项",
    "党建工作要点",
    "安全生产检查",
    "年度预算执行情况",
    "人才引进计划",
    "信息化建设方案",
]
DOC_TYPES = ["通知", "纪要", "报告", "请示", "批复", "规定"]


def _blocks(text: str) -> list[str]:
    """Paragraphs, over-long ones broken at sentence ends."""
    text = text.replace("<!-- INFO END -->", "").replace("<!-- FORCE BREAK -->", "")
    out = []
    for block in (b.strip() for b in re.split(r"\n\s*\n", text)):
        if not block:
            continue
        if len(block.encode()) <= MAX_BYTES:
            out.append(block)
            continue
        cur = ""
        for sentence in re.split(r"(?<=[。；])", block):
            if cur and len((cur + sentence).encode()) > MAX_BYTES:
                out.append(cur)
                cur = ""
            cur += sentence
        if cur:
            out.append(cur)
    return out


def split_law(text: str) -> list[tuple[str, str]]:
    """(heading, body) pieces of 2–8 KB, cut at headings where possible."""
    pieces, cur, size, heading, cur_head = [], [], 0, "", ""
    for block in _blocks(text):
        is_heading = block.startswith("#")
        nbytes = len(block.encode()) + 1
        if cur and (size + nbytes > MAX_BYTES or (is_heading and size >= MIN_BYTES)):
            pieces.append((cur_head, "\n".join(cur)))
            cur, size = [], 0
        if is_heading:
            heading = block.lstrip("#").strip()
        if not cur:
            cur_head = heading
        cur.append(block)
        size += nbytes
    if cur:
        last = "\n".join(cur)
        if (
            pieces
            and len(last.encode()) < MIN_BYTES
            and len(pieces[-1][1].encode()) + len(last.encode()) <= MAX_BYTES
        ):
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + "\n" + last)
        else:
            pieces.append((cur_head, last))
    return pieces


def base_pieces() -> list[dict]:
    """Every piece of every law once: title, content, year, date, category."""
    rng = random.Random(7)
    with open(LAWS / "MANIFEST.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        text = (LAWS / r["path"]).read_text("utf-8")
        year = int(r["year"]) if r["year"] else rng.randint(2000, 2025)
        date = r["date"] or f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = r["title"] or Path(r["path"]).stem
        for i, (head, body) in enumerate(split_law(text)):
            t = title if (i == 0 or not head or head == title) else f"{title} {head}"
            out.append(dict(title=t, content=body, year=year, date=date, category=r["category"]))
    return out


def documents(n: int, pieces: list[dict] | None = None) -> Iterator[dict]:
    """n distinct documents: the pieces, then copies with a varied header line."""
    pieces = pieces or base_pieces()
    rng = random.Random(n)
    made, copy = 0, 0
    while made < n:
        for p in pieces:
            if made >= n:
                return
            content = p["content"]
            if copy:
                extra = rng.choice(EXTRA) if rng.random() < 0.3 else ""
                number = copy * 100 + rng.randint(1, 99)
                header = f"{rng.choice(DEPTS)}{rng.choice(KINDS)}〔{p['year']}〕{number}号 {extra}"
                content = f"{header}\n{content}"
            made += 1
            yield dict(p, content=content, doc_type=rng.choice(DOC_TYPES), n=made)
        copy += 1
