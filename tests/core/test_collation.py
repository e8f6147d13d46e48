"""Titles sort in pinyin (dictionary) order, as Excel/WPS users expect, not by code point."""

from __future__ import annotations

from core.collation import pinyin_key


def test_pinyin_order_of_common_titles():
    titles = ["通知", "报告", "安排", "总结", "请示", "纪要", "决定"]
    assert sorted(titles, key=pinyin_key) == [
        "安排",
        "报告",
        "纪要",
        "决定",
        "请示",
        "通知",
        "总结",
    ]
    assert sorted(titles) != sorted(titles, key=pinyin_key)  # code point order differs


def test_tone_then_character_break_ties_and_u_umlaut_follows_u():
    assert sorted(["妈妈", "骂人", "马上", "麻烦"], key=pinyin_key) == [
        "妈妈",
        "麻烦",
        "马上",
        "骂人",
    ]
    assert sorted(["绿化", "路线", "旅游"], key=pinyin_key) == ["路线", "旅游", "绿化"]


def test_punctuation_and_digits_come_before_chinese():
    ordered = sorted(["安排", "《民法典》解读", "2022年总结", "Excel 表格"], key=pinyin_key)
    assert ordered == ["《民法典》解读", "2022年总结", "Excel 表格", "安排"]


def test_search_sorts_titles_in_pinyin_order(archive, write):
    for i, title in enumerate(["总结报告", "安排意见", "通知事项", "报告材料"]):
        archive.import_paths([write(f"{i}.txt", f"{title}\n2022年1月{i + 1}日\n正文。")])
    titles = [h.title for h in archive.search("", sort="title", limit=10).hits]
    assert titles == ["安排意见", "报告材料", "通知事项", "总结报告"]


def test_numbering_by_title_follows_pinyin(archive, write):
    for i, title in enumerate(["通知事项", "安排意见", "报告材料"]):
        path = write(f"{i}.txt", f"{title}\n2022年1月{i + 1}日\n正文。")
        doc_id = archive.import_paths([path]).files[0].id
        archive.update(doc_id, retention="永久", year=2022)
    plan = archive.assign_codes(order="title", dry_run=True)
    assert [c.title for c in sorted(plan.changes, key=lambda c: c.new_item)] == [
        "安排意见", "报告材料", "通知事项",
    ]  # fmt: skip
