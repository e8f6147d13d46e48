"""What each command does, through the same Archive facade the window uses; --json for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from cli.parser import parse_ids, parse_years
from core.archive import Archive, default_folder, restore_backup
from core.errors import ArchiveError, ArchiveLocked

READ_ONLY_COMMANDS = {"search", "show", "stats", "audit", "export", "saved list"}


def open_for(command: str, folder) -> Archive:
    """Open the archive; reading commands still work while the window has it open."""
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


def command_name(args) -> str:
    """The command as READ_ONLY_COMMANDS names it ("saved list" reads, "saved add" writes)."""
    action = getattr(args, "saved_action", None)
    return f"{args.command} {action}" if action else args.command


def cmd_search(archive, args) -> int:
    options = dict(
        sort=args.sort,
        limit=args.limit,
        offset=args.offset,
        trash=args.trash,
        exact=True,  # scripts rely on "total": count every hit
    )
    filters = dict(years=parse_years(args.year), category=args.category, doc_type=args.doc_type)
    if args.saved:
        if args.query:
            raise ArchiveError("--saved 与检索式不能同时使用")
        saved = archive.saved_search(args.saved)
        given = {k: v for k, v in filters.items() if v is not None}  # options given win
        years = saved["filters"].get("years")
        filters = {
            "years": tuple(years) if years else None,
            "category": saved["filters"].get("category"),
            "doc_type": saved["filters"].get("doc_type"),
            **given,
        }
        args.query = saved["query"]
    result = archive.search(args.query, **filters, **options)
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
    links = archive.mail_links(args.id)
    doc["attachments"] = [{k: a[k] for k in ("id", "name", "title")} for a in links["attachments"]]
    doc["attachment_of"] = [{k: m[k] for k in ("id", "title")} for m in links["attachment_of"]]
    lines = [
        f"{k}: {v}"
        for k, v in doc.items()
        if k not in ("content", "attachments", "attachment_of") and v not in (None, "")
    ]
    if doc["attachments"]:
        lines.append("附件: " + "、".join(f"{a['name']}（#{a['id']}）" for a in doc["attachments"]))
    if doc["attachment_of"]:
        lines.append(
            "所属邮件: " + "、".join(f"{m['title']}（#{m['id']}）" for m in doc["attachment_of"])
        )
    text = "\n".join(lines)
    emit(args, doc, text + "\n\n" + (doc.get("content") or ""))
    return 0


def cmd_ocr(archive, args) -> int:
    if getattr(args, "again", None):
        archive.reocr(parse_ids(args.again))
    stats = archive.run_ocr(limit_pages=getattr(args, "max_pages", None))
    left = archive.ocr_status()
    text = (
        f"识别 {stats['documents']} 件、{stats['pages']} 页，失败 {stats['failed']} 件"
        f"（{stats['seconds']:.1f} 秒）"
        + (f"；尚余 {left['pages_left']} 页" if left["pages_left"] else "")
    )
    emit(args, stats, text)
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


def _selected(archive, args) -> list[dict]:
    docs = archive.export_selection(
        args.query,
        years=parse_years(args.year),
        category=args.category,
        doc_type=args.doc_type,
        ids=parse_ids(args.ids),
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
    report = restore_backup(args.file, default_folder(args.data_dir), force=args.force)
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
        plan = archive.plan_recode(years=parse_years(args.year), ids=parse_ids(args.ids))
        if not args.dry_run and plan.changes:
            archive.apply_code_plan(plan)
        emit(args, plan.to_json(), _plan_text(plan))
        return 0
    plan = archive.assign_codes(
        years=parse_years(args.year),
        ids=parse_ids(args.ids),
        order=args.order,
        dry_run=args.dry_run,
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


def cmd_saved(archive, args) -> int:
    if args.saved_action == "add":
        saved = archive.save_search(
            args.name,
            args.query,
            years=parse_years(args.year),
            category=args.category,
            doc_type=args.doc_type,
        )
        emit(args, saved, f"已保存常用检索“{saved['name']}”")
    elif args.saved_action == "rename":
        archive.rename_saved_search(args.name, args.new_name)
        emit(args, {"name": args.new_name}, f"已改名为“{args.new_name}”")
    elif args.saved_action == "delete":
        archive.delete_saved_search(args.name)
        emit(args, {"deleted": args.name}, f"已删除常用检索“{args.name}”")
    else:
        rows = archive.saved_searches()
        emit(args, rows, "\n".join(_saved_line(r) for r in rows) or "（没有常用检索）")
    return 0


def _saved_line(row: dict) -> str:
    f = row["filters"]
    years = "-".join(str(y) for y in dict.fromkeys(f["years"])) if f.get("years") else ""
    parts = [
        f"年度 {years}" if years else "",
        f"类别 {f['category']}" if f.get("category") else "",
        f"文种 {f['doc_type']}" if f.get("doc_type") else "",
    ]
    extra = "  ".join(p for p in parts if p)
    return f"{row['name']}: {row['query'] or '（全部）'}" + (f"  [{extra}]" if extra else "")


COMMANDS = {
    "audit": cmd_audit,
    "import": cmd_import,
    "search": cmd_search,
    "show": cmd_show,
    "ocr": cmd_ocr,
    "reindex": cmd_reindex,
    "check": cmd_check,
    "stats": cmd_stats,
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "assign-codes": cmd_assign_codes,
    "renumber": cmd_renumber,
    "saved": cmd_saved,
}
