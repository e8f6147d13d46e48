"""make_snippet: µs per document before (core/search/snippets.py at BEFORE, read from git) and
now, and an equivalence check of both over real texts and many terms. Run by hand:

  uv run python bench/bench_snippets.py time  [ARCHIVE]   µs/doc old vs new, same run (also
                                                          find_spans over the whole text)
  uv run python bench/bench_snippets.py check [ARCHIVE]   (text, terms) pairs compared, diffs

The check compares make_snippet, find_spans (the viewer's highlights) and term_pattern's matches.

ARCHIVE defaults to bench/data/a10k (copy it elsewhere first if another process uses it); the
check also reads ../shared/corpus (.txt and .md) when it is there.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from core.archive import Archive  # noqa: E402
from core.search.analysis import normalize  # noqa: E402
from core.search.snippets import find_spans, make_snippet, term_pattern  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
BEFORE = "a97c702"  # main when issue 16's second snippet pass began


def module_at(rev: str, path: str = "core/search/snippets.py") -> types.ModuleType:
    """The module as it was at a git revision (no frozen copy in the tree)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType("snippets_before")
    exec(compile(source, f"{rev}:{path}", "exec"), module.__dict__)
    return module


snippets_before = module_at(BEFORE)
QUERIES = [
    '"三会一课"',
    '"行政处罚决定"',
    "党",
    "党建",
    "会议",
    "国务院",
    "意识形态",
    "最高人民法院",
    "组织生活会",
    "脱贫攻坚",
    "党建 工作",
    "疫情 防控",
    "人民法院 审理",
    '"中华人民共和国"',
    "发展",
    "2020",
    "pdf",
]
REPS = 7


def archive_pairs(path: Path) -> dict[str, list[tuple[str, list[str]]]]:
    """query -> (content, terms) of its first result page, as the engine would snippet it."""
    archive = Archive.open(path, read_only=True)
    try:
        out = {}
        for q in QUERIES:
            result = archive.search(q, limit=20, snippets=False)
            rows = archive.store.page_rows([h.id for h in result.hits], with_content=True)
            out[q] = [(rows[h.id]["content"] or "", result.terms) for h in result.hits]
        return out
    finally:
        archive.close()


def per_doc(fn, pairs) -> float:
    """Best of REPS passes, µs per (text, terms) pair."""
    best = float("inf")
    for _ in range(REPS):
        t = time.perf_counter()
        for text, terms in pairs:
            fn(text, terms)
        best = min(best, time.perf_counter() - t)
    return best / len(pairs) * 1e6


def time_cmd(path: Path) -> None:
    by_query = archive_pairs(path)
    rows = [(q, pairs) for q, pairs in by_query.items() if pairs]
    rows.append(("all above", [p for _, pairs in rows for p in pairs]))
    print(f"{'':<26}{'make_snippet µs/doc':^25}{'find_spans µs/doc':^25}")
    print(f"{'query':<20}{'docs':>6}" + f"{'old':>9}{'new':>9}{'ratio':>7}" * 2)
    for q, pairs in rows:
        figures = ""
        for old_fn, new_fn in (
            (snippets_before.make_snippet, make_snippet),
            (snippets_before.find_spans, find_spans),
        ):
            old = per_doc(old_fn, pairs)
            new = per_doc(new_fn, pairs)
            figures += f"{old:>9.2f}{new:>9.2f}{old / new:>7.2f}"
        print(f"{q:<20}{len(pairs):>6}{figures}")


# ---------------------------------------------------------------- equivalence
def corpus_texts() -> list[str]:
    texts = []
    for f in sorted([*CORPUS.rglob("*.txt"), *CORPUS.rglob("*.md")]):
        data = f.read_bytes()
        for enc in ("utf-8", "gb18030"):
            try:
                texts.append(data.decode(enc))
                break
            except UnicodeDecodeError:
                pass
    return [t for t in texts if t.strip()]


FIXED = [
    "檔案",
    "發展",
    "发展",
    "湘工发〔2015〕4号",
    "〔2015〕",
    "2015年",
    "第4号",
    "pdf",
    "abc",
    "2020",
    "1",
    "a-1",
    "中华人民共和国",
    "行政处罚决定",
    "三会一课",
    "不存在的词语",
    "zzzq",
    "【",
    "。",
    "的",
    "一",
    "2015",
    "4号",
    "湘工发",
    "a2020",
    "pdf文件",
    "iso9001",
    "kpi",
    "skill",
    "ink",
    "x-1",
    "(a)",
    "straße",
    "é",
    "σ",
    "ı",
]
# Latin words and digits beside Han, full-width forms, case and the characters IGNORECASE folds
# (İ ı ſ and the Kelvin sign): where the word-start rule and the written-out cases could part
# from before.
LATIN = [
    "2020年",
    "a2020",
    "２０２０",
    "Ｘ2020",
    "2020a",
    "PDF",
    "ｐｄｆ",
    "Pdf",
    "pdf文件",
    "ISO9001",
    "ＩＳＯ９００１",
    "İSO",
    "ıso",
    "ſkill",
    "SKILL",
    "\u212api",
    "\u212a2020",
    "KPI",
    "in\u212a",
    "X-1",
    "x－１",
    "x—1",
    "(A)",
    "（ａ）",
    "Straße",
    "STRASSE",
    "É",
    "Σ",
    "ς",
    "湘工发〔2015〕4号",
    "湘工发[2015]4号",
    "湘工发（2015）第4号",
    "湘工发［2015］第 4号",
    "湘工发2015年4号",
    "湘工发 〔 2015 〕4号",
]


def latin_text(rng: random.Random) -> str:
    """A made-up text of Latin, digit and 文号 pieces between Han, spaces and sentence breaks."""
    glue = ["", "", " ", "的", "。", "，", "\n", "a", "1", "【", "】"]
    return "".join(rng.choice(LATIN) + rng.choice(glue) for _ in range(rng.randint(1, 40)))


def random_terms(rng: random.Random, text: str) -> list[str]:
    """1-4 terms: substrings of the text (raw or in search form), fixed ones, absent ones."""
    terms = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        kind = rng.random()
        if kind < 0.6 and len(text) > 8:
            i = rng.randrange(len(text) - 1)
            piece = text[i : i + rng.randint(1, 8)]
            terms.append(normalize(piece) if rng.random() < 0.7 else piece.strip())
        elif kind < 0.9:
            terms.append(rng.choice(FIXED))
        else:
            terms.append(rng.choice(("", "xyzzy", "無此詞", "零零零")))
    return terms


def mutated(rng: random.Random, text: str) -> str:
    """The text, sometimes cut (hits at its edges), spaced out, or with 【】 of its own."""
    kind = rng.random()
    if kind < 0.25 and len(text) > 20:
        i = rng.randrange(len(text))
        return text[max(0, i - rng.randint(0, 60)) : i + rng.randint(1, 60)]
    if kind < 0.4:
        return "".join(
            c + (" \u3000\n"[rng.randrange(3)] * rng.randint(1, 3) if rng.random() < 0.1 else "")
            for c in text[:3000]
        )
    if kind < 0.5:
        i = rng.randrange(len(text) + 1)
        return text[:i] + rng.choice(("【案例】", "【", "】", "〖x〗", "  \n\n ")) + text[i:]
    return text


def check_cmd(path: Path, n: int = 20000) -> None:
    rng = random.Random(16)
    cases = [(t, terms) for pairs in archive_pairs(path).values() for t, terms in pairs]
    texts = corpus_texts() + [t for t, _ in cases]
    for _ in range(n):
        text = mutated(rng, rng.choice(texts))
        cases.append((text, random_terms(rng, text)))
    for _ in range(n // 4):
        text = latin_text(rng)
        cases.append((text, random_terms(rng, text)))
    options = [{}, {"fragments": 1}, {"fragments": 5, "width": 10}, {"folding": False}]
    diffs = {"make_snippet": 0, "find_spans": 0, "term_pattern": 0}
    for k, (text, terms) in enumerate(cases):
        opts = options[k % len(options)] if k >= 400 else {}
        fold = {"folding": opts.get("folding", True)}
        limit = {"limit": (10000, 1, 3)[k % 3]}
        compared = {
            "make_snippet": (
                snippets_before.make_snippet(text, terms, **opts),
                make_snippet(text, terms, **opts),
            ),
            "find_spans": (
                snippets_before.find_spans(text, terms, **limit, **fold),
                find_spans(text, terms, **limit, **fold),
            ),
            "term_pattern": (
                [pattern_spans(snippets_before.term_pattern, t, text, fold) for t in terms],
                [pattern_spans(term_pattern, t, text, fold) for t in terms],
            ),
        }
        for what, (old, new) in compared.items():
            if old != new:
                diffs[what] += 1
                if diffs[what] <= 3:
                    print("DIFF", what, terms, opts, repr(text[:80]), "\n old", old, "\n new", new)
    counts = ", ".join(f"{what} {d}" for what, d in diffs.items())
    print(f"{len(cases)} (text, terms) pairs from {len(texts)} texts; differences: {counts}")


def pattern_spans(term_pattern_fn, term: str, text: str, fold: dict) -> list[tuple[int, int]]:
    """Every match of a term's pattern, from the text's start and from a few places inside it
    (a match's word-start check reads the character before the start)."""
    if not term:
        return []
    pattern = term_pattern_fn(term, **fold)
    spans = [m.span() for m in pattern.finditer(text)]
    for pos in (1, 2, len(text) // 2):
        spans += [m.span() for m in pattern.finditer(text, pos, len(text) - 1)]
    return spans


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "time"
    where = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "data" / "a10k"
    {"time": time_cmd, "check": check_cmd}[cmd](where)
