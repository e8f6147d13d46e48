"""Every form of the search box's query language, on a real archive of five office documents."""

from __future__ import annotations

import pytest

DOCS = {
    "a": (
        "关于召开党委会的通知",
        "2022年3月15日召开党委会，研究三会\n一课落实情况。附PNAS论文一篇。",
        dict(
            date="2022-03-15",
            year=2022,
            issuer="党委办公室",
            doc_number="党委〔2022〕3号",
            archive_code="A-001",
            doc_type="通知",
            category="党群/组织",
        ),
    ),
    "b": (
        "学院2021年度党建工作总结",
        "全年开展团建活动12次，考研率提高。ＰＮＡＳ投稿２篇。疫情防控常态化。",
        dict(
            date="2021-12-20",
            year=2021,
            issuer="学院办公室",
            doc_number="院办〔2021〕9号",
            archive_code="A-002",
            doc_type="报告",
            category="党群/宣传教育",
        ),
    ),
    "c": (
        "会议纪要",
        "会议研究了考研辅导和就业工作。Nano Energy 论文1篇。PNASNexus 投稿。",
        dict(
            date="2022-05-12",
            year=2022,
            issuer="教务处",
            doc_number="教〔2022〕1号",
            archive_code="B-001",
            doc_type="纪要",
            category="教学",
        ),
    ),
    "d": (
        "疫情防控工作会议纪要",
        "要求做好疫情防控。党建引领。",
        dict(
            date="2020-02-03",
            year=2020,
            issuer="党委办公室",
            doc_number="党委〔2020〕1号",
            archive_code="A-003",
            doc_type="纪要",
            category="党群/组织",
        ),
    ),
    "e": (
        "团建活动方案",
        "开展团建活动，增强凝聚力。",
        dict(
            date="2019-09-10",
            year=2019,
            issuer="团委",
            doc_number="团〔2019〕5号",
            archive_code="C-001",
            doc_type="方案",
            category="党群",
        ),
    ),
}


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The five documents imported from .txt files, with their catalogue fields filled in."""
    from core.archive import Archive

    root = tmp_path_factory.mktemp("office")
    src = root / "src"
    src.mkdir()
    for key, (_title, text, _) in DOCS.items():
        (src / f"{key}.txt").write_text(text, encoding="utf-8")  # the title is set below
    with Archive.open(root / "archive") as archive:
        report = archive.import_paths([src])
        assert report.imported == len(DOCS)
        by_name = {}
        for f in report.files:
            key = f.path.rsplit("/", 1)[-1][0]
            title, _, fields = DOCS[key]
            archive.update(f.id, title=title, **fields)
            by_name[key] = f.id
        archive.keys = {v: k for k, v in by_name.items()}
        yield archive


def found(archive, query: str, **kw) -> set[str]:
    result = archive.search(query, limit=50, **kw)
    assert result.total == len(result.hits)
    return {archive.keys[h.id] for h in result.hits}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("党建 考研", {"b"}),
        ("党建 AND 考研", {"b"}),
        ('"三会一课"', {"a"}),  # the text has a line break inside the phrase
        ("“三会一课”", {"a"}),
        ("党建 OR 团建", {"b", "d", "e"}),
        ("党建 或 团建", {"b", "d", "e"}),
        ("纪要 NOT 疫情", {"c"}),
        ("纪要 -疫情", {"c"}),
        ("(党建 OR 团建) 疫情", {"b", "d"}),
        ("（党建 OR 团建） -疫情", {"e"}),
        ("NOT 党", {"c", "e"}),
    ],
)
def test_boolean_forms(office, query, expected):
    assert found(office, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("题名:纪要", {"c", "d"}),
        ("标题:党建", {"b"}),  # d has 党建 only in its text
        ("title:党建", {"b"}),
        ("正文:党建", {"d"}),  # b has 党建 only in its title
        ("正文:纪要", set()),
        ("text:团建", {"b", "e"}),
        ("题名：纪要", {"c", "d"}),  # a full-width colon
        ("题名: 纪要", {"c", "d"}),  # a space after the colon
        ('题名:"会议纪要"', {"c", "d"}),
        ("责任者:党委办公室", {"a", "d"}),
        ("issuer:教务处", {"c"}),
        ("文号:〔2022〕", {"a", "c"}),
        ("文号:党委〔2022〕3号", {"a"}),
        ("number:院办", {"b"}),
        ("档号:A-", {"a", "b", "d"}),
        ("code:b-001", {"c"}),
        ("类别:党群", {"a", "b", "d", "e"}),  # a category includes its subcategories
        ("类别:组织", {"a", "d"}),
        ("category:教学", {"c"}),
        ("文种:纪要", {"c", "d"}),
        ("type:方案", {"e"}),
    ],
)
def test_fields(office, query, expected):
    assert found(office, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("年度:2022", {"a", "c"}),
        ("年度:2019-2021", {"b", "d", "e"}),
        ("年度:>2021", {"a", "c"}),
        ("年度:<=2020", {"d", "e"}),
        ("year:2020..2021", {"b", "d"}),
        ("日期:2022-03..2022-06", {"a", "c"}),
        ("日期:>2021-09-01", {"a", "b", "c"}),
        ("日期:2022-03", {"a"}),
        ("日期:2020-01-01..2021-12-31", {"b", "d"}),
        ("日期:<2020-02-03", {"e"}),
        ("date:2022年3月", {"a"}),
        ("纪要 年度:2022", {"c"}),
        ("年度:2022 OR 团建", {"a", "b", "c", "e"}),
    ],
)
def test_year_and_date_ranges(office, query, expected):
    assert found(office, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("pnas", {"a", "b"}),  # b writes it full-width; PNASNexus is another word
        ("PNAS", {"a", "b"}),
        ("ＰＮＡＳ", {"a", "b"}),
        ("PNAS*", {"a", "b", "c"}),
        ("pnasn*", {"c"}),
        ("Nano Energy", {"c"}),
        ('"nano energy"', {"c"}),
        ("NANO", {"c"}),
        ("2022", {"a"}),
        ("２０２２", {"a"}),
        ("２篇", {"b"}),
        ("党建*", {"b", "d"}),  # * after Han is just the substring
    ],
)
def test_latin_digits_width_and_prefixes(office, query, expected):
    assert found(office, query) == expected


@pytest.mark.parametrize(
    "query, expected, note",
    [
        ('"三会一课', {"a"}, "引号"),
        ("(党建 OR 团建", {"b", "d", "e"}, "右括号"),
        ("党建)", {"b", "d"}, "右括号"),
        ("题名:", set("abcde"), "题名"),
        ("，，，", set("abcde"), "标点"),
        ("纪要 NOT", {"c", "d"}, "NOT"),
        ("年度:二零二二", set(), "年度"),
    ],
)
def test_malformed_queries_are_searched_as_plain_text_with_a_note(office, query, expected, note):
    result = office.search(query, limit=50)
    assert {office.keys[h.id] for h in result.hits} == expected
    assert any(note in n for n in result.notes), result.notes


def test_the_reading_of_a_query_is_described(office):
    result = office.search("题名:纪要 -疫情 年度:2019-2022")
    assert "题名" in result.interpreted and "不含" in result.interpreted
    assert "2019" in result.interpreted and "2022" in result.interpreted
