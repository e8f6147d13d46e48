"""Printable HTML for the catalogue, documents' text, 备考表 and 盒脊 (rendered to PDF by ui/)."""

from __future__ import annotations

from html import escape

from core.archival.codes import RETENTION_LABELS, retention_code
from core.archival.export import CATALOGUE_COLUMNS, LABELS, cell, class_label, class_of

STYLE = """
<style>
body { font-size: 10pt; }
h1 { font-size: 18pt; text-align: center; }
h2 { font-size: 14pt; }
table.grid { border-collapse: collapse; }
table.grid td, table.grid th { border: 1px solid black; padding: 3px; }
th { font-weight: bold; }
.text { white-space: pre-wrap; font-size: 11pt; }
.meta td { padding: 2px 8px 2px 0; }
</style>
"""
# Relative widths of the catalogue columns (题名 gets the most room).
WIDTHS = {
    "seq": 4,
    "archive_code": 20,
    "doc_number": 12,
    "issuer": 12,
    "title": 28,
    "date": 9,
    "secrecy": 4,
    "pages": 4,
    "remarks": 6,
}
META_FIELDS = [
    "archive_code",
    "doc_number",
    "issuer",
    "date",
    "year",
    "category",
    "doc_type",
    "retention",
    "secrecy",
    "pages",
    "original_name",
]
BREAK = '<p style="page-break-before: always"></p>'


NOWRAP = {"archive_code", "date"}  # a 档号 or a date broken over two lines is misread


def _page(body: str) -> str:
    return f'<html><head><meta charset="utf-8">{STYLE}</head><body>{body}</body></html>'


def catalogue_tables(docs: list[dict], settings) -> list[dict]:
    """归档文件目录 as plain tables, one per year/retention/机构 class (ui/ paints them).

    Each: {"title", "subtitle", "columns": [(label, relative width, nowrap)], "rows": [[str]]}.
    """
    groups: dict[tuple, list[dict]] = {}
    for doc in docs:
        groups.setdefault(class_of(doc), []).append(doc)
    fonds = " ".join(x for x in (settings.get("fonds_code"), settings.get("fonds_name")) if x)
    columns = [(LABELS[k], WIDTHS[k], k in NOWRAP) for k in CATALOGUE_COLUMNS]
    return [
        {
            "title": "归档文件目录",
            "subtitle": f"全宗：{fonds}　　{class_label(cls)}　　共 {len(members)} 件",
            "columns": columns,
            "rows": [
                [str(cell(d, k, i)) for k in CATALOGUE_COLUMNS]
                for i, d in enumerate(members, start=1)
            ],
        }
        for cls, members in groups.items()
    ]


def documents_html(docs: list[dict], texts: dict[int, str]) -> str:
    """Each document on new pages: its title, a metadata header, then its text."""
    parts = []
    for doc in docs:
        meta = "".join(
            f"<tr><td><b>{escape(LABELS[k])}</b></td><td>{escape(str(cell(doc, k)))}</td></tr>"
            for k in META_FIELDS
            if cell(doc, k) not in ("", None)
        )
        parts.append(
            f"<h2>{escape(doc.get('title') or '')}</h2>"
            f'<table class="meta">{meta}</table><hr/>'
            f'<div class="text">{escape(texts.get(doc["id"]) or "")}</div>'
        )
    return _page(BREAK.join(parts))


def box_html(
    docs: list[dict], settings, *, year: int, retention: str, org: str, first: int, last: int
) -> str:
    """盒脊 (box spine) label and 备考表 for the documents of one box."""
    label = RETENTION_LABELS.get(retention_code(retention), retention)
    numbers = sorted(d["item_no"] for d in docs if d.get("item_no") is not None)
    gaps = sorted(set(range(first, last + 1)) - set(numbers))
    spine_rows = [
        ("全宗号", settings.get("fonds_code") or ""),
        ("年度", year),
        ("保管期限", label),
        ("机构(问题)", org or ""),
        ("起止件号", f"{first:04d}—{last:04d}"),
        ("盒号", ""),
    ]
    spine = "".join(
        f'<tr><td align="center"><b>{escape(k)}</b><br/>'
        f'<span style="font-size:16pt">{escape(str(v))}</span></td></tr>'
        for k, v in spine_rows
    )
    note = f"本盒共 {len(docs)} 件，件号 {first:04d}—{last:04d}。"
    if gaps:
        note += "缺号：" + "、".join(f"{n:04d}" for n in gaps) + "（已删除或未归档）。"
    listing = "".join(
        f"<tr><td>{d['item_no']:04d}</td><td>{escape(d.get('archive_code') or '')}</td>"
        f"<td>{escape(d.get('title') or '')}</td></tr>"
        for d in docs
    )
    blank = "&nbsp;" * 20
    return _page(
        f"<h1>盒脊</h1>"
        f'<table class="grid" width="30%" align="center" cellspacing="0" cellpadding="8">{spine}</table>'
        f"{BREAK}<h1>备考表</h1>"
        f'<table class="grid" width="100%" cellspacing="0" cellpadding="6">'
        f'<tr><td colspan="2"><b>盒内文件情况说明</b><br/>{escape(note)}</td></tr>'
        f"<tr><td>整理人：{blank}</td><td>整理日期：{blank}</td></tr>"
        f"<tr><td>检查人：{blank}</td><td>检查日期：{blank}</td></tr></table>"
        f"<h2>盒内文件</h2>"
        f'<table class="grid" width="100%" cellspacing="0" cellpadding="3">'
        f"<thead><tr><th>件号</th><th>档号</th><th>题名</th></tr></thead>{listing}</table>"
    )
