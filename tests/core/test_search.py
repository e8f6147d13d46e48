"""Ctrl+F semantics of search on a real archive: exact substrings, AND, filters, ranking."""

from __future__ import annotations

import pytest

DOCS = {
    "通知/a.txt": "关于召开党委会的通知\n2021年3月1日召开党委会，研究三会一课落实情况。",
    "通知/b.txt": "学院2022年度党建工作总结\n全年开展三会\n一课48次，考研率提高。\n2022年12月11日",
    "纪要/c.txt": "会议纪要\n会议研究了考研辅导和就业工作。Nano Energy 论文1篇。\n2022年5月12日",
    "纪要/d.txt": "疫情防控工作会议纪要\n要求做好疫情防控。\n2020年2月3日",
}


@pytest.fixture
def filled(archive, write):
    for name, text in DOCS.items():
        write(name, text)
    report = archive.import_paths([write("通知/a.txt", DOCS["通知/a.txt"]).parents[1]])
    assert report.imported == 4
    return archive


def titles(result):
    return [h.title for h in result.hits]


def test_han_substring_of_any_length_is_found_exactly(filled):
    assert filled.search("党").total == 2  # a, b (党委会, 党建)
    assert filled.search("纪要").total == 2
    assert filled.search("党建工作总结").total == 1
    assert filled.search("建工").total == 1
    assert filled.search("工作会").total == 1  # only d: 工作会议; b has 工作总结
    assert filled.search("委会的通").total == 1
    assert filled.search("总结全年").total == 1  # a line break between Han characters is no gap
    assert filled.search("次考研").total == 0  # but punctuation is: "48次，考研"


def test_line_breaks_inside_chinese_do_not_break_a_match(filled):
    result = filled.search("三会一课")
    assert sorted(titles(result)) == ["关于召开党委会的通知", "学院2022年度党建工作总结"]


def test_whitespace_separated_terms_are_anded(filled):
    assert titles(filled.search("考研 就业")) == ["会议纪要"]
    assert filled.search("考研 疫情").total == 0


def test_latin_words_are_case_insensitive(filled):
    assert titles(filled.search("nano energy")) == ["会议纪要"]
    assert titles(filled.search("ＮＡＮＯ")) == ["会议纪要"]


def test_title_matches_rank_first(filled):
    result = filled.search("纪要")
    assert result.hits[0].title.endswith("纪要")
    result = filled.search("会议")
    # both titles contain the term: the newer (2022) comes before the older (2020)
    assert titles(result)[:2] == ["会议纪要", "疫情防控工作会议纪要"]


def test_year_category_and_type_filters(filled):
    assert titles(filled.search("纪要", years=(2022, 2022))) == ["会议纪要"]
    assert filled.search("", years=(2020, 2021)).total == 2
    assert filled.search("", category="纪要").total == 2
    assert filled.search("党", category="纪要").total == 0


def test_snippet_marks_the_hit(filled):
    hit = filled.search("三会一课", sort="date").hits[0]
    assert (
        "【三会一课】" in hit.snippet
        or "【三会\n一课】" in hit.snippet
        or "【三会 一课】" in hit.snippet
    )


def test_sort_orders(filled):
    dates = [h.date for h in filled.search("", sort="-date").hits]
    assert dates == sorted(dates, reverse=True)
    dates = [h.date for h in filled.search("", sort="date").hits]
    assert dates == sorted(dates)


def test_paging_returns_disjoint_pages_with_the_same_total(filled):
    first = filled.search("", sort="date", limit=2)
    second = filled.search("", sort="date", limit=2, offset=2)
    assert first.total == second.total == 4
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_trash_hides_and_restore_brings_back(filled):
    doc_id = filled.search("疫情").hits[0].id
    filled.delete([doc_id])
    assert filled.search("疫情").total == 0
    assert filled.search("疫情", trash=True).total == 1
    filled.restore([doc_id])
    assert filled.search("疫情").total == 1


def test_edited_title_is_searchable_at_once(filled):
    doc_id = filled.search("疫情").hits[0].id
    filled.update(doc_id, title="防汛抗旱工作部署")
    assert [h.id for h in filled.search("题名:防汛").hits] == [doc_id]
    assert filled.search("题名:疫情").total == 0
    assert filled.document(doc_id)["title"] == "防汛抗旱工作部署"


def test_a_text_s_own_brackets_are_not_mistaken_for_hit_marks(archive, write):
    folder = write("案例.txt", "【案例】学院党委开展三会一课活动。\n2022年3月1日").parent
    archive.import_paths([folder])
    snippet = archive.search("三会一课").hits[0].snippet
    assert snippet.count("【") == snippet.count("】") == 1 and "【三会一课】" in snippet
    assert "〖案例〗" in snippet
