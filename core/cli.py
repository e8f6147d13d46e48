"""The command line: the same Archive facade the window uses; --json for scripts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.errors import ArchiveError
from core.paths import resolve_data_dir

SORTS = ["relevance", "date", "-date", "title", "archive_code"]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", help="archive folder (default: ARCHIVIST_HOME or the user data folder)"
    )
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser = argparse.ArgumentParser(
        prog="archivist", description="档案管家 Archivist", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common], help="import files and folders (recursive)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--category", help="put every file into this category (e.g. 党群/组织)")

    p = sub.add_parser("search", parents=[common], help="search the archive")
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--year", help="2022 or 2019-2022")
    p.add_argument("--category")
    p.add_argument("--type", dest="doc_type")
    p.add_argument("--sort", choices=SORTS, default="relevance")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--trash", action="store_true", help="search the 回收站 instead")

    p = sub.add_parser("show", parents=[common], help="show one document")
    p.add_argument("id", type=int)

    p = sub.add_parser("audit", parents=[common], help="the audit trail (who changed what, when)")
    p.add_argument("--doc", type=int, help="only this document")
    p.add_argument("--limit", type=int, default=100)

    for name, text in [
        ("reindex", "rebuild the full-text index from SQLite"),
        ("check", "check and repair the archive"),
        ("stats", "counts by year and category"),
    ]:
        sub.add_parser(name, parents=[common], help=text)
    return parser


def parse_years(text: str | None) -> tuple[int, int] | None:
    """'2022' or '2019-2022' (also 2019..2022) as an inclusive range."""
    if not text:
        return None
    parts = text.replace("..", "-").split("-")
    try:
        years = [int(p) for p in parts if p.strip()]
    except ValueError:
        raise ArchiveError(f"年度应写作 2022 或 2019-2022，而不是“{text}”") from None
    if not 1 <= len(years) <= 2:
        raise ArchiveError(f"年度应写作 2022 或 2019-2022，而不是“{text}”")
    return (years[0], years[-1])


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if not args.command:
        build_parser().print_help()
        return 2
    from core.archive import Archive

    try:
        with Archive.open(resolve_data_dir(args.data_dir)) as archive:
            return COMMANDS[args.command](archive, args)
    except ArchiveError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1


def emit(args, data, text: str) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
    else:
        print(text)


def cmd_import(archive, args) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise ArchiveError("找不到：" + "、".join(missing))
    report = archive.import_paths(args.paths, category=args.category)
    lines = [
        f"导入 {report.imported}，重复 {report.duplicates}，跳过 {report.skipped}，"
        f"失败 {report.failed}（{report.seconds:.1f} 秒）"
    ]
    lines += [
        f"  {f.status}: {f.path}  {f.error or ''}"
        for f in report.files
        if f.status in ("failed", "skipped")
    ]
    emit(args, report.to_json(), "\n".join(lines))
    return 0


def cmd_search(archive, args) -> int:
    result = archive.search(
        args.query,
        years=parse_years(args.year),
        category=args.category,
        doc_type=args.doc_type,
        sort=args.sort,
        limit=args.limit,
        offset=args.offset,
        trash=args.trash,
    )
    data = result.to_json()
    data["interpreted"] = result.interpreted
    data["notes"] = getattr(result, "notes", [])
    lines = [
        f"共 {result.total} 件（{result.took_ms:.1f} 毫秒）"
        + (f"  检索式：{result.interpreted}" if result.interpreted else "")
    ]
    lines += [f"  注意：{n}" for n in data["notes"]]
    for h in result.hits:
        lines.append(f"[{h.id}] {h.title}  {h.date or ''}  {h.category}")
        if h.snippet:
            lines.append(f"      {h.snippet}")
    emit(args, data, "\n".join(lines))
    return 0


def cmd_show(archive, args) -> int:
    doc = archive.document(args.id)
    text = "\n".join(f"{k}: {v}" for k, v in doc.items() if k != "content" and v not in (None, ""))
    emit(args, doc, text + "\n\n" + (doc.get("content") or ""))
    return 0


def cmd_reindex(archive, args) -> int:
    n = archive.reindex()
    emit(args, {"indexed": n}, f"已重建索引：{n} 件")
    return 0


def cmd_check(archive, args) -> int:
    report = archive.check(repair=True)
    text = "\n".join(f"{k}: {v}" for k, v in report.items())
    emit(args, report, text)
    return 0 if report["ok"] else 1


def cmd_stats(archive, args) -> int:
    stats = archive.stats()
    lines = [f"文件总数：{stats['documents']}", "按年度："]
    lines += [f"  {y}: {n}" for y, n in stats["by_year"].items()]
    lines += ["按类别："] + [f"  {c}: {n}" for c, n in stats["by_category"].items()]
    emit(args, stats, "\n".join(lines))
    return 0


def cmd_audit(archive, args) -> int:
    rows = archive.audit_log(args.doc, limit=args.limit)
    for row in rows:
        row["details"] = json.loads(row["details"] or "{}")
    lines = [
        f"{r['at']}  {r['user'] or '-'}  {r['action']}  {r['doc_id'] or ''}  "
        f"{json.dumps(r['details'], ensure_ascii=False)}"
        for r in rows
    ]
    emit(args, rows, "\n".join(lines) or "（没有记录）")
    return 0


COMMANDS = {
    "audit": cmd_audit,
    "import": cmd_import,
    "search": cmd_search,
    "show": cmd_show,
    "reindex": cmd_reindex,
    "check": cmd_check,
    "stats": cmd_stats,
}
