"""归档文件目录 as .xlsx (columns, YYYYMMDD, A4 landscape, repeated header, cover) and as CSV."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from tests.core.export_samples import fill

HEADER = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"]


@pytest.fixture
def coded(archive, write):
    ids = fill(archive, write)
    archive.assign_codes()
    return archive, ids


def test_xlsx_catalogue_columns_dates_page_setup_and_cover(coded, tmp_path):
    archive, ids = coded
    docs = archive.export_selection(years=2023)
    out = tmp_path / "目录.xlsx"
    report = archive.export_catalogue(out, docs)
    assert report["documents"] == 3
    wb = load_workbook(out)
    assert wb.sheetnames == ["封面", "归档文件目录"]
    ws = wb["归档文件目录"]
    assert [c.value for c in ws[2]] == HEADER
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert [r[1] for r in rows] == [f"Z109-WS·2023-Y-BGS-000{n}" for n in (1, 2, 3)]
    first = rows[0]
    assert first[0] == 1 and first[4] == "2023年党建工作要点"
    assert first[5] == "20230220" and ws.cell(3, 6).number_format == "@"  # text, 8 digits
    assert first[6] == "内部" and first[8] == "复印件"
    notice = rows[2]
    assert notice[2] == "院党发〔2023〕5号" and notice[3] == "中共某学院委员会"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$2:$2"  # the header row repeats on every printed page
    # 题名 is wider than 序号 and wide enough for a Chinese title (2 units per character)
    assert ws.column_dimensions["E"].width >= 30 > ws.column_dimensions["A"].width
    cover = {r[0].value: r[1].value for r in wb["封面"].iter_rows(min_row=3, max_row=8)}
    assert cover == {
        "全宗号": "Z109",
        "全宗名称": "某某学院",
        "年度": "2023",
        "保管期限": "永久",
        "机构(问题)": "BGS",
        "件数": 3,
    }


def test_one_sheet_per_class_on_request(coded, tmp_path):
    archive, _ = coded
    out = tmp_path / "分类目录.xlsx"
    archive.export_catalogue(out, archive.export_selection(), per_class=True)
    wb = load_workbook(out)
    assert wb.sheetnames == ["封面", "2022-30年", "2023-永久-BGS", "永久"]
    assert wb["2023-永久-BGS"].max_row == 2 + 3
    assert wb["2022-30年"]["B3"].value == "Z109-WS·2022-D30-0001"
    assert wb["永久"]["E3"].value == "无日期的草稿"  # uncoded, no year: still listed
    cover = wb["封面"]
    assert cover["B5"].value == "2022—2023"


def test_csv_opens_in_excel_with_chinese_and_chosen_columns(coded, tmp_path):
    archive, ids = coded
    out = tmp_path / "目录.csv"
    docs = archive.export_selection("党建")
    archive.export_catalogue(out, docs, fmt="csv", columns="档号,题名,日期,保管期限,类别")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM makes Excel read UTF-8
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["档号", "题名", "日期", "保管期限", "类别"],
        ["Z109-WS·2022-D30-0001", "2022年度党建工作总结", "20221211", "30年", "未分类"],
        ["Z109-WS·2023-Y-BGS-0001", "2023年党建工作要点", "20230220", "永久", "未分类"],
    ]
    assert b"\r\n" in raw  # Excel's line ends


def test_csv_default_columns_are_the_catalogue_and_a_selection_by_ids(coded, tmp_path):
    archive, ids = coded
    out = tmp_path / "选中.csv"
    archive.export_catalogue(out, archive.export_selection(ids=[ids["通知.txt"]]), fmt="csv")
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER
    assert rows[1][:6] == [
        "1",
        "Z109-WS·2023-Y-BGS-0003",
        "院党发〔2023〕5号",
        "中共某学院委员会",
        "关于做好2023年度组织生活会的通知",
        "20231201",
    ]


def test_unknown_column_is_a_readable_error(coded, tmp_path):
    from core.errors import ArchiveError

    archive, _ = coded
    with pytest.raises(ArchiveError, match="没有这一列"):
        archive.export_catalogue(
            tmp_path / "x.csv", archive.export_selection(), fmt="csv", columns="题目"
        )


def test_doc_numbers_are_written_in_gbt_9704_form_and_kept_as_written(coded, tmp_path):
    archive, ids = coded
    doc_id = archive.export_selection(years=2023)[2]["id"]
    archive.update(doc_id, doc_number="院党发[2023]第5号")
    out = tmp_path / "目录.csv"
    archive.export_catalogue(out, archive.export_selection(years=2023), fmt="csv", columns="文号")
    with open(out, encoding="utf-8-sig", newline="") as f:
        assert ["院党发〔2023〕5号"] in list(csv.reader(f))
    assert archive.document(doc_id)["doc_number"] == "院党发[2023]第5号"
    assert archive.search("文号:院党发（2023）5号").total == 1
