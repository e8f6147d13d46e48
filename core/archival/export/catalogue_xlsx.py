"""归档文件目录 as .xlsx (openpyxl): A4 landscape, repeated header row, a cover sheet."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from core.archival.export import LABELS, cell, class_label, class_of, resolve_columns
from core.folder.held import retry_held

FONT = "宋体"
WIDTH_CAPS = {"title": 48, "remarks": 24, "issuer": 24, "archive_code": 30}
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def display_width(text) -> int:
    """Columns a text takes in Excel: CJK and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text or ""))


def write_catalogue(
    docs: list[dict], out: Path, *, settings, per_class: bool = False, columns=None
) -> dict:
    """Write the catalogue workbook; one sheet per year/retention/机构 class when per_class."""
    keys = resolve_columns(columns)
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    groups = _groups(docs) if per_class else {None: docs}
    _cover(cover, docs, settings, groups if per_class else None)
    for cls, members in groups.items():
        title = class_label(cls) if cls else "归档文件目录"
        ws = wb.create_sheet(title.translate(_BAD_SHEET_CHARS)[:31])
        _sheet(ws, members, keys, heading=f"归档文件目录  {class_label(cls)}" if cls else None)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    retry_held(os.replace, tmp, out)  # an antivirus scans fresh files
    return {"out": str(out), "documents": len(docs), "sheets": wb.sheetnames}


def _groups(docs: list[dict]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for doc in docs:
        groups.setdefault(class_of(doc), []).append(doc)
    return groups


def _joined(values) -> str:
    seen = [str(v) for v in dict.fromkeys(values) if v not in ("", None)]
    return "、".join(seen)


def _cover(ws, docs, settings, groups) -> None:
    """全宗号, 全宗名称, 年度, 保管期限, 机构(问题) of what the catalogue holds."""
    classes = [class_of(d) for d in docs]
    years = sorted({c[0] for c in classes if c[0] != ""})
    year_text = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"
    rows = [
        ("全宗号", settings.get("fonds_code") or ""),
        ("全宗名称", settings.get("fonds_name") or ""),
        ("年度", year_text),
        ("保管期限", _joined(c[1] for c in classes)),
        ("机构(问题)", _joined(c[2] for c in classes)),
        ("件数", len(docs)),
    ]
    ws["A1"] = "归档文件目录"
    ws["A1"].font = Font(name=FONT, size=22, bold=True)
    ws.merge_cells("A1:B1")
    ws["A1"].alignment = Alignment(horizontal="center")
    for r, (label, value) in enumerate(rows, start=3):
        ws.cell(r, 1, label).font = Font(name=FONT, size=14, bold=True)
        ws.cell(r, 2, value).font = Font(name=FONT, size=14)
    if groups:
        r = len(rows) + 4
        ws.cell(r, 1, "分类").font = Font(name=FONT, bold=True)
        ws.cell(r, 2, "件数").font = Font(name=FONT, bold=True)
        for i, (cls, members) in enumerate(groups.items(), start=r + 1):
            ws.cell(i, 1, class_label(cls))
            ws.cell(i, 2, len(members))
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 48
    _page_setup(ws, landscape=False)


def _sheet(ws, docs, keys, heading=None) -> None:
    ws.append([heading or "归档文件目录"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(keys))
    ws["A1"].font = Font(name=FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([LABELS[k] for k in keys])
    for seq, doc in enumerate(docs, start=1):
        ws.append([cell(doc, k, seq) for k in keys])
    for row in ws.iter_rows(min_row=2):
        for c, key in zip(row, keys):
            c.border = BOX
            c.font = Font(name=FONT, size=11, bold=c.row == 2)
            wrap = key in WIDTH_CAPS
            c.alignment = Alignment(
                vertical="center", wrap_text=wrap, horizontal=_align(key, c.row)
            )
            if key == "date":
                c.number_format = "@"  # 20221211 stays text, never 2.02E+07
    for i, key in enumerate(keys, start=1):
        values = [LABELS[key]] + [cell(d, key, 1) for d in docs]
        widest = max(display_width(v) for v in values)
        letter = ws.cell(2, i).column_letter
        ws.column_dimensions[letter].width = min(widest + 2, WIDTH_CAPS.get(key, 20))
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    _page_setup(ws, landscape=True)


def _align(key: str, row: int) -> str:
    return "center" if row == 2 or key not in ("title", "issuer", "remarks") else "left"


def _page_setup(ws, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
