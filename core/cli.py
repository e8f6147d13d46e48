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
    # SUPPRESS: a subcommand's unset option must not overwrite one given before the subcommand
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
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
    _add_export_parsers(sub, common)
    return parser


def _add_export_parsers(sub, common) -> None:
    """export …, backup, restore, assign-codes, renumber."""
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("query", nargs="?", default="", help="search text (empty: everything)")
    filters.add_argument("--year", help="2022 or 2019-2022")
    filters.add_argument("--category")
    filters.add_argument("--type", dest="doc_type")
    filters.add_argument("--ids", help="a selection instead of a search: 3,5,8")
    p = sub.add_parser("export", parents=[common], help="export catalogue, files, PDF, box labels")
    kinds = p.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    k = kinds.add_parser("catalogue", parents=[common, filters], help="归档文件目录 .xlsx or .csv")
    k.add_argument("--format", choices=["xlsx", "csv"], help="default: from --out's suffix")
    k.add_argument("--out", required=True)
    k.add_argument("--per-class", action="store_true", help="one sheet per year/retention/机构")
    k.add_argument("--columns", help="e.g. 档号,题名,日期 (default: the catalogue's columns)")
    k = kinds.add_parser("files", parents=[common, filters], help="originals to DIR or FILE.zip")
    k.add_argument("--out", required=True)
    k = kinds.add_parser("pdf", parents=[common, filters], help="printable catalogue or texts")
    k.add_argument("--out", required=True)
    k.add_argument("--with-text", action="store_true", help="documents' text, not the catalogue")
    k = kinds.add_parser("box-labels", parents=[common], help="盒脊 and 备考表 of one box as PDF")
    k.add_argument("--year", type=int, required=True)
    k.add_argument("--retention", required=True, help="永久 / 30年 / 10年")
    k.add_argument("--org", default="")
    k.add_argument("--from", dest="first", type=int, required=True)
    k.add_argument("--to", dest="last", type=int, required=True)
    k.add_argument("--out", required=True)

    p = sub.add_parser("backup", parents=[common], help="back up the archive to one .zip")
    p.add_argument("--out", required=True)
    p = sub.add_parser("restore", parents=[common], help="restore a backup into --data-dir")
    p.add_argument("file")
    p.add_argument("--force", action="store_true", help="replace a non-empty archive folder")

    p = sub.add_parser("assign-codes", parents=[common], help="give 件号 and 档号")
    p.add_argument("--year", help="2022 or 2019-2022")
    p.add_argument("--ids", help="only these documents: 3,5,8")
    p.add_argument("--dry-run", action="store_true", help="show what would change")
    p.add_argument("--order", choices=["date", "title", "id"], default="date")
    p.add_argument(
        "--recode", action="store_true", help="rewrite existing 档号 with the current template"
    )
    p = sub.add_parser("renumber", parents=[common], help="renumber one class 1…n (shows first)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--retention", required=True)
    p.add_argument("--org", default="")
    p.add_argument("--order", choices=["date", "title", "id"], default="date")
    p.add_argument("--yes", action="store_true", help="apply (without it only the plan is shown)")


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
    for stream in (sys.stdout, sys.stderr):  # a GBK console must not crash on rare characters
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    args.data_dir = getattr(args, "data_dir", None)  # SUPPRESS leaves unset options absent
    args.json = getattr(args, "json", False)
    if not args.command:
        build_parser().print_help()
        return 2
    try:
        if args.command == "restore":  # needs no open archive: the folder may be new
            return cmd_restore(None, args)
        with open_for(args.command, resolve_data_dir(args.data_dir)) as archive:
            return COMMANDS[args.command](archive, args)
    except ArchiveError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1


READ_ONLY_COMMANDS = {"search", "show", "stats", "audit", "export"}


def open_for(command: str, folder):
    """Open the archive; reading commands still work while the window has it open."""
    from core.archive import Archive
    from core.errors import ArchiveLocked

    try:
        return Archive.open(folder)
    except ArchiveLocked:
        if command not in READ_ONLY_COMMANDS:
            raise
        return Archive.open(folder, read_only=True)


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
        exact=True,  # scripts rely on "total": count every hit
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


def _ids(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return [int(x) for x in text.replace("，", ",").split(",") if x.strip()]
    except ValueError:
        raise ArchiveError(f"编号应写作 3,5,8，而不是“{text}”") from None


def _selected(archive, args) -> list[dict]:
    docs = archive.export_selection(
        args.query,
        years=parse_years(args.year),
        category=args.category,
        doc_type=args.doc_type,
        ids=_ids(args.ids),
    )
    if not docs:
        raise ArchiveError("没有符合条件的文件，未导出")
    return docs


def cmd_export(archive, args) -> int:
    out = Path(args.out)
    if args.export_kind == "box-labels":
        from ui.pdf_render import render_pdf  # Qt, offscreen: only this command needs it

        html = archive.box_html(args.year, args.retention, args.org, args.first, args.last)
        report = render_pdf(html, out, title="盒脊 备考表")
        emit(args, report, f"已生成盒脊和备考表：{out}")
        return 0
    docs = _selected(archive, args)
    if args.export_kind == "catalogue":
        fmt = args.format or ("csv" if out.suffix.lower() == ".csv" else "xlsx")
        report = archive.export_catalogue(
            out, docs, fmt=fmt, per_class=args.per_class, columns=args.columns
        )
        emit(args, report, f"已导出归档文件目录：{out}（{len(docs)} 件）")
        return 0
    if args.export_kind == "files":
        report = archive.export_files(out, docs)
        lines = [f"已导出原件 {report['files']} 个到 {out}（清单 manifest.json）"]
        lines += [f"  {p['error']}：[{p['id']}] {p['title']}" for p in report["missing"]]
        lines += [f"  {p['error']}：[{p['id']}] {p['title']}" for p in report["damaged"]]
        emit(args, report, "\n".join(lines))
        return 1 if report["missing"] or report["damaged"] else 0
    from ui.pdf_render import render_pdf, render_tables  # Qt, offscreen: only PDFs need it

    if args.with_text:
        report = render_pdf(archive.documents_html(docs), out, title="文件全文")
    else:
        report = render_tables(archive.catalogue_tables(docs), out, title="归档文件目录")
    report["documents"] = len(docs)
    emit(args, report, f"已生成 PDF：{out}（{len(docs)} 件）")
    return 0


def cmd_backup(archive, args) -> int:
    report = archive.backup(args.out)
    c = report["counts"]
    emit(args, report, f"已备份到 {report['out']}：文件 {c['documents']} 件，原件 {c['files']} 个")
    return 0


def cmd_restore(_archive, args) -> int:
    from core.backup import restore

    report = restore(args.file, resolve_data_dir(args.data_dir), force=args.force)
    text = (
        f"已恢复到 {report['data_dir']}：文件 {report['documents']} 件（回收站 {report['trash']}），"
        f"原件 {report['files']} 个，类别 {report['categories']} 个，档号 {report['archive_codes']} 个"
    )
    if report["previous_folder_moved_to"]:
        text += f"\n原有档案库已移到 {report['previous_folder_moved_to']}"
    emit(args, report, text)
    return 0


def _plan_text(plan) -> str:
    lines = [
        f"  [{c.id}] {c.old_code or '（无）'} → {c.new_code or '（无）'}  {c.title}"
        for c in plan.changes
    ]
    lines += [f"  跳过 [{s['id']}] {s['title']}：{s['reason']}" for s in plan.skipped]
    lines += [f"  注意：{n}" for n in plan.notes]
    head = "已" if plan.applied else "将"
    return f"{head}编号 {len(plan.changes)} 件，跳过 {len(plan.skipped)} 件\n" + "\n".join(lines)


def cmd_assign_codes(archive, args) -> int:
    if args.recode:
        plan = archive.plan_recode(years=parse_years(args.year), ids=_ids(args.ids))
        if not args.dry_run and plan.changes:
            archive.apply_code_plan(plan)
        emit(args, plan.to_json(), _plan_text(plan))
        return 0
    plan = archive.assign_codes(
        years=parse_years(args.year), ids=_ids(args.ids), order=args.order, dry_run=args.dry_run
    )
    emit(args, plan.to_json(), _plan_text(plan))
    return 0


def cmd_renumber(archive, args) -> int:
    plan = archive.plan_renumber(args.year, args.retention, args.org, args.order)
    if args.yes and plan.changes:
        archive.apply_code_plan(plan)
    emit(args, plan.to_json(), _plan_text(plan) + ("" if args.yes else "\n（加 --yes 执行）"))
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
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "assign-codes": cmd_assign_codes,
    "renumber": cmd_renumber,
}
