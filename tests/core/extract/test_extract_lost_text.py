"""Text that used to be lost: CDATA in feeds sniffed as HTML, xlsx zips with backslash names."""

from __future__ import annotations

import zipfile

import openpyxl

from core.ingest.extract import extract_file

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>学院新闻</title>
<item><title><![CDATA[学院召开2024年度工作会议]]></title>
<description><![CDATA[<p>1月31日，学院召开2024年度工作会议，全体教职工参加。</p>]]></description></item>
<item><title><![CDATA[实验室安全检查通报]]></title>
<description><![CDATA[实验室安全检查的情况良好。]]></description></item>
</channel></rss>
"""


def test_cdata_items_of_a_feed_keep_their_text(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(FEED, encoding="utf-8")
    text = extract_file(path).text
    for words in ("学院召开2024年度工作会议", "全体教职工参加", "实验室安全检查通报", "情况良好"):
        assert words in text
    assert "<p>" not in text


def test_xlsx_with_backslash_member_names_is_read(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "部门"])
    book.active.append(["张三", "党委办公室"])
    good = tmp_path / "good.xlsx"
    book.save(good)
    bad = tmp_path / "windows.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename.replace("/", "\\"), src.read(info))
    extracted = extract_file(bad)
    assert extracted.format == "xlsx"
    assert "张三\t党委办公室" in extracted.text
