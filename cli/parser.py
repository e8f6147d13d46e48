"""The command line's grammar: commands, options and how years and ids are written."""

from __future__ import annotations

import argparse

from core.errors import ArchiveError
from core.models import SORTS

DESCRIPTION = """档案管家 Archivist: the command line (no command here opens the window).

  main.py                  the window, on the default archive
  main.py COMMAND …        the command line, on the same default archive
  main.py --self-test      import the bundled samples into a temporary archive, search,
                           export and print OK or FAIL (exit code 0 or 1)"""
EPILOG = """The default archive: --data-dir, else ARCHIVIST_HOME, else data/ beside the program in
portable mode, else the archive last opened in the window, else the user data folder.
`main.py COMMAND --help` describes one command."""


def build_parser() -> argparse.ArgumentParser:
    # SUPPRESS: a subcommand's unset option must not overwrite one given before the subcommand
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--data-dir", help="archive folder (default: see below)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser = argparse.ArgumentParser(
        prog="archivist",
        description=DESCRIPTION,
        epilog=EPILOG,
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    p.add_argument("--sort", choices=list(SORTS), default="relevance")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--trash", action="store_true", help="search the 回收站 instead")
    p.add_argument("--saved", metavar="NAME", help="run a saved search (常用检索)")

    _add_saved_parsers(sub, common)

    p = sub.add_parser("show", parents=[common], help="show one document")
    p.add_argument("id", type=int)

    p = sub.add_parser("ocr", parents=[common], help="recognise queued scans and images (OCR)")
    p.add_argument("--again", help="queue these documents again first (重新识别): 3,5,8")
    p.add_argument("--max-pages", type=int, help="stop after this many pages (the rest waits)")

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


def _add_saved_parsers(sub, common) -> None:
    p = sub.add_parser("saved", parents=[common], help="saved searches (常用检索)")
    actions = p.add_subparsers(dest="saved_action", metavar="ACTION", required=True)
    a = actions.add_parser("add", parents=[common], help="save QUERY and filters as NAME")
    a.add_argument("name")
    a.add_argument("query", nargs="?", default="")
    a.add_argument("--year", help="2022 or 2019-2022")
    a.add_argument("--category")
    a.add_argument("--type", dest="doc_type")
    actions.add_parser("list", parents=[common], help="list saved searches")
    a = actions.add_parser("rename", parents=[common], help="rename a saved search")
    a.add_argument("name")
    a.add_argument("new_name")
    a = actions.add_parser("delete", parents=[common], help="delete a saved search")
    a.add_argument("name")


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


def parse_ids(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return [int(x) for x in text.replace("，", ",").split(",") if x.strip()]
    except ValueError:
        raise ArchiveError(f"编号应写作 3,5,8，而不是“{text}”") from None
