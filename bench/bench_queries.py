"""Query side of bench_search.py: open time, >= 40 queries through Archive.search, the FTS5
trigram baseline over the same texts, and a brute-force check of both."""

from __future__ import annotations

import heapq
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench_search import DATA, RESULTS, folder_size, log

REPS = 5
YEAR = (2020, 2020)
CATEGORY = "行政法规"
# (class, query text for Archive.search, list of plain terms for brute force / FTS5)
BASE = [
    ("han1", "党", ["党"]),
    ("han1", "会", ["会"]),
    ("han1", "法", ["法"]),
    ("han2", "党建", ["党建"]),
    ("han2", "考研", ["考研"]),
    ("han2", "疫情", ["疫情"]),
    ("han2", "会议", ["会议"]),
    ("han2", "工作", ["工作"]),
    ("han3", "国务院", ["国务院"]),
    ("han3", "党组织", ["党组织"]),
    ("han4+", "意识形态", ["意识形态"]),
    ("han4+", "人民法院", ["人民法院"]),
    ("han4+", "监督管理", ["监督管理"]),
    ("han4+", "最高人民法院", ["最高人民法院"]),
    ("han4+", "组织生活会", ["组织生活会"]),
    ("rare", "脱贫攻坚", ["脱贫攻坚"]),
    ("rare", "区块链", ["区块链"]),
    ("rare", "碳达峰", ["碳达峰"]),
    ("and2", "党建 工作", ["党建", "工作"]),
    ("and2", "疫情 防控", ["疫情", "防控"]),
    ("and2", "会议 纪要", ["会议", "纪要"]),
    ("and2", "人民法院 审理", ["人民法院", "审理"]),
    ("phrase", '"三会一课"', ["三会一课"]),
    ("phrase", '"中华人民共和国"', ["中华人民共和国"]),
    ("phrase", '"行政处罚决定"', ["行政处罚决定"]),
]


def query_set() -> list[dict]:
    out = []
    for cls, text, terms in BASE:
        out.append(dict(cls=cls, text=text, terms=terms, years=None, category=None))
        out.append(dict(cls=cls + "+year", text=text, terms=terms, years=YEAR, category=None))
        if cls in ("han1", "han2", "han4+", "and2"):
            out.append(
                dict(cls=cls + "+cat", text=text, terms=terms, years=None, category=CATEGORY)
            )
    return out


def search_forms(archive) -> dict[int, str]:
    """id -> the search form (normalised text) of every document, as the archive keeps it."""
    return {doc_id: ncontent for doc_id, _, ncontent in archive.store.index_rows()}


class Truth:
    """Brute force over every document's search form."""

    def __init__(self, db: sqlite3.Connection, forms: dict[int, str]):
        self.rows = [
            (i, nt, forms.get(i, ""), y, c)
            for i, nt, y, c in db.execute(
                "SELECT d.id, d.ntitle, d.year, c.name FROM documents d "
                "JOIN categories c ON c.id = d.category_id WHERE d.deleted_at IS NULL"
            )
        ]

    def ids(self, q: dict) -> set[int]:
        years, cat = q["years"], q["category"]
        return {
            i
            for i, nt, nc, y, c in self.rows
            if all(t in nt or t in nc for t in q["terms"])
            and (years is None or (y is not None and years[0] <= y <= years[1]))
            and (cat is None or c == cat)
        }


# ---------------------------------------------------------------- FTS5 baseline
def build_fts(archive_db: Path, nk: int, forms: dict[int, str]) -> tuple[sqlite3.Connection, dict]:
    """An FTS5 trigram table over the same normalised texts (its own file)."""
    path = DATA / f"fts{nk}k.db"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute(f"ATTACH DATABASE '{archive_db}' AS a")
    db.execute(
        "CREATE TABLE docs(id INTEGER PRIMARY KEY, ntitle TEXT, ncontent TEXT, content TEXT, "
        "year INT, cat TEXT, date TEXT)"
    )
    db.execute(
        "INSERT INTO docs SELECT d.id, d.ntitle, '', t.content, d.year, c.name, d.date "
        "FROM a.documents d JOIN a.document_text t ON t.doc_id = d.id "
        "JOIN a.categories c ON c.id = d.category_id"
    )
    db.executemany("UPDATE docs SET ncontent = ? WHERE id = ?", [(t, i) for i, t in forms.items()])
    db.commit()
    db.execute("DETACH DATABASE a")
    t0 = time.perf_counter()
    db.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(ntitle, ncontent, content='docs', "
        "content_rowid='id', tokenize='trigram')"
    )
    db.execute("INSERT INTO fts(rowid, ntitle, ncontent) SELECT id, ntitle, ncontent FROM docs")
    db.commit()
    secs = time.perf_counter() - t0
    size = (
        db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts%'").fetchone()[0]
        if _has_dbstat(db)
        else None
    )
    return db, dict(fts_index_secs=round(secs, 1), fts_index_mb=size and round(size / 1e6, 1))


def _has_dbstat(db) -> bool:
    try:
        db.execute("SELECT 1 FROM dbstat LIMIT 1").fetchall()
        return True
    except sqlite3.Error:
        return False


def fts_search(db: sqlite3.Connection, q: dict) -> tuple[set[int], list]:
    """The same pipeline on FTS5: hit set + count, facets, top 20 by date, snippets."""
    conds, args = [], []
    long_terms = [t for t in q["terms"] if len(t) >= 3]
    if long_terms:
        conds.append("id IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        args.append(" AND ".join(f'"{t}"' for t in long_terms))
    for t in q["terms"]:
        if len(t) < 3:  # SQLite 3.40's trigram index cannot answer 1–2-char terms
            conds.append("(instr(ncontent, ?) OR instr(ntitle, ?))")
            args += [t, t]
    if q["years"]:
        conds.append("year BETWEEN ? AND ?")
        args += list(q["years"])
    if q["category"]:
        conds.append("cat = ?")
        args.append(q["category"])
    rows = db.execute(
        "SELECT id, year, cat, date FROM docs WHERE " + " AND ".join(conds), args
    ).fetchall()
    ids = {r[0] for r in rows}
    Counter(r[1] for r in rows), Counter(r[2] for r in rows)
    top = [r[0] for r in heapq.nlargest(20, rows, key=lambda r: (r[3] or "", r[0]))]
    texts = db.execute(
        "SELECT id, content FROM docs WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(top)],
    ).fetchall()
    snippets = []
    for _, text in texts:
        p = max(0, text.find(q["terms"][0]))
        snippets.append(text[max(0, p - 30) : p + 30])
    return ids, snippets


# ---------------------------------------------------------------- the run
def timed(fn, reps=REPS) -> tuple[list[float], object]:
    out, value = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        value = fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out, value


def open_time(folder: Path) -> dict:
    """Archive.open + first search, each in a fresh process: without the saved search arrays,
    with them (warm OS cache), and with them after the archive's files were dropped from the
    OS page cache (posix_fadvise DONTNEED: no root needed; Python and its libraries stay cached)."""
    root = str(Path(__file__).resolve().parents[1])
    code = (
        f"import sys,time,json; sys.path.insert(0, {root!r})\n"
        "t0=time.perf_counter()\n"
        "from core.archive import Archive\n"
        f"t1=time.perf_counter(); a=Archive.open({str(folder)!r}); t2=time.perf_counter()\n"
        "r=a.search('人民法院'); t3=time.perf_counter()\n"
        "print(json.dumps(dict(import_ms=(t1-t0)*1e3, open_ms=(t2-t1)*1e3,"
        " first_search_ms=(t3-t2)*1e3)))\n"
        "a.close()"
    )
    (folder / "index" / "attrs-cache.bin").unlink(missing_ok=True)
    runs = []
    for n in range(3):  # without, then with the search arrays saved by the first run
        if n == 2:
            drop_os_cache(folder)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    rec = {k: round(v, 1) for k, v in runs[1].items()}
    rec["open_plus_first_ms"] = round(rec["open_ms"] + rec["first_search_ms"], 1)
    rec["cold_open_plus_first_ms"] = round(runs[0]["open_ms"] + runs[0]["first_search_ms"], 1)
    rec["disk_cold_open_plus_first_ms"] = round(runs[2]["open_ms"] + runs[2]["first_search_ms"], 1)
    return rec


def drop_os_cache(folder: Path) -> None:
    """Ask the OS to forget the cached pages of every file of the archive folder."""
    for f in folder.rglob("*"):
        if f.is_file():
            fd = os.open(f, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def cmd_query(nk: int) -> None:
    from core.archive import Archive

    folder = DATA / f"a{nk}k"
    opened = open_time(folder)
    archive = Archive.open(folder, read_only=True)
    forms = search_forms(archive)
    fts, fts_build = build_fts(folder / "archive.db", nk, forms)
    truth = Truth(sqlite3.connect(folder / "archive.db"), forms)
    del forms
    per_class: dict[str, dict[str, list[float]]] = {}
    wrong, estimates = [], 0
    for q in query_set():

        def ours(q=q, exact=False):
            return archive.search(
                q["text"], years=q["years"], category=q["category"], limit=20, exact=exact
            )

        times, quick = timed(ours)
        etimes, exact = timed(lambda q=q: ours(q, exact=True))
        expected = truth.ids(q)
        everything = archive.search(
            q["text"],
            years=q["years"],
            category=q["category"],
            limit=len(expected) + 1,
            snippets=False,
            exact=True,
        )
        if exact.total != len(expected) or {h.id for h in everything.hits} != expected:
            wrong.append(("exact", q["text"], q["cls"], exact.total, len(expected)))
        if [h.id for h in quick.hits] != [h.id for h in exact.hits]:
            wrong.append(("page", q["text"], q["cls"]))
        estimates += quick.total_is_estimate
        if abs(quick.total - len(expected)) > 0.1 * len(expected):
            wrong.append(("estimate", q["text"], q["cls"], quick.total, len(expected)))
        ftimes, (fids, _) = timed(lambda q=q: fts_search(fts, q), reps=2)
        if fids != expected:
            wrong.append(("fts5", q["text"], q["cls"], len(fids), len(expected)))
        for name in (q["cls"].split("+")[0], "ALL"):
            bucket = per_class.setdefault(name, {"ours": [], "exact": [], "fts5": []})
            bucket["ours"] += times
            bucket["exact"] += etimes
            bucket["fts5"] += ftimes
    archive.close()
    classes = {
        cls: dict(
            ours_p50=round(pct(v["ours"], 50), 2),
            ours_p95=round(pct(v["ours"], 95), 2),
            exact_p50=round(pct(v["exact"], 50), 2),
            exact_p95=round(pct(v["exact"], 95), 2),
            fts5_p50=round(pct(v["fts5"], 50), 2),
            fts5_p95=round(pct(v["fts5"], 95), 2),
        )
        for cls, v in per_class.items()
    }
    log(
        dict(
            kind="query",
            nk=nk,
            queries=len(query_set()),
            wrong=wrong,
            classes=classes,
            estimated_totals=estimates,
            **opened,
            **fts_build,
        )
    )


def pct(values: list[float], p: int) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] if values else 0.0


def cmd_import(n_files: int = 1500) -> None:
    """A real import of .txt files (extraction in the sandbox, SQLite, index): MB/s."""
    from bench_search import PeakRss
    from prep import documents

    from core.archive import Archive

    src, folder = DATA / "import-src", DATA / "import-archive"
    import shutil

    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    src.mkdir(parents=True)
    total = 0
    for doc in documents(n_files):
        data = (doc["title"] + "\n" + doc["content"]).encode("utf-8")
        (src / f"{doc['n']:05d}.txt").write_bytes(data)
        total += len(data)
    rss = PeakRss()
    t0 = time.perf_counter()
    with Archive.open(folder) as archive:
        report = archive.import_paths([src])
    secs = time.perf_counter() - t0
    log(
        dict(
            kind="import",
            files=n_files,
            imported=report.imported,
            failed=report.failed,
            mb=round(total / 1e6, 1),
            secs=round(secs, 1),
            mb_s=round(total / 1e6 / secs, 2),
            index_mb=round(folder_size(folder / "index") / 1e6, 1),
            peak_anon_mb=round(rss.stop() / 1e6),
            timings=report.timings,
        )
    )


def cmd_table() -> None:
    """The latest build/query record per size as a table."""
    latest: dict = {}
    with open(RESULTS, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            latest[(r["kind"], r.get("nk"))] = r
    for nk in (10, 50):
        b, q = latest.get(("build", nk)), latest.get(("query", nk))
        if not (b and q):
            continue
        print(
            f"\n## {nk}k documents ({b['text_mb']} MB text), load during query run {q['load']:.1f}"
        )
        print(
            f"index: {b['secs']} s total ({b['mb_s']} MB/s whole path, index writes "
            f"{b['index_secs']} s), {b['index_mb']} MB = {b['index_ratio']}x text, "
            f"{b['segments']} segments, peak anon RSS {b['peak_anon_mb']} MB "
            f"(before the first insert: {b.get('baseline_anon_mb', '?')} MB); "
            f"FTS5 trigram: {q['fts_index_secs']} s, {q['fts_index_mb']} MB"
        )
        print(
            f"open + first search (fresh process, saved search arrays): "
            f"{q['open_plus_first_ms']} ms (open {q['open_ms']}, first search "
            f"{q['first_search_ms']}); without saved arrays {q['cold_open_plus_first_ms']} ms; "
            f"archive files dropped from the OS cache {q.get('disk_cold_open_plus_first_ms')} ms; "
            f"mismatches vs brute force: {q['wrong'] or 'none'}"
        )
        print(
            f"queries: {q['queries']}, of which {q['estimated_totals']} showed an estimated total"
        )
        print(
            "| class | search box p50/p95 ms | exact totals p50/p95 | FTS5 p50/p95 | "
            "FTS5 ÷ search box p50/p95 | FTS5 ÷ exact p50/p95 |"
        )
        print("|---|---|---|---|---|---|")
        for cls, c in q["classes"].items():

            def ratio(a, b, c=c):
                return f"{c[a] / max(c[b], 1e-3):.1f}x"

            print(
                f"| {cls} | {c['ours_p50']} / {c['ours_p95']} | {c['exact_p50']} / "
                f"{c['exact_p95']} | {c['fts5_p50']} / {c['fts5_p95']} | "
                f"{ratio('fts5_p50', 'ours_p50')} / {ratio('fts5_p95', 'ours_p95')} | "
                f"{ratio('fts5_p50', 'exact_p50')} / {ratio('fts5_p95', 'exact_p95')} |"
            )
    imp = latest.get(("import", None))
    if imp:
        print(
            f"\nreal import: {imp['files']} .txt files, {imp['mb']} MB in {imp['secs']} s = "
            f"{imp['mb_s']} MB/s, peak anon RSS {imp['peak_anon_mb']} MB"
        )


def main(argv: list[str]) -> None:
    cmd, *rest = argv
    if cmd == "query":
        cmd_query(int(rest[0]))
    elif cmd == "import":
        cmd_import(*(int(x) for x in rest))
    elif cmd == "table":
        cmd_table()
    elif cmd == "all":
        for nk in (10, 50):
            subprocess.run(
                [
                    sys.executable,
                    __file__.replace("bench_queries", "bench_search"),
                    "build",
                    str(nk),
                ],
                check=True,
            )
            cmd_query(nk)
        cmd_import()
        cmd_table()
    else:
        raise SystemExit(__doc__)
