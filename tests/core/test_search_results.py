"""What the result list shows: ranking, sort orders, facets, snippets, paging, cancel, similar."""

from __future__ import annotations

import pytest

from core.errors import Cancelled
from core.models import CancelToken
from core.search.facets import category_subtotals

DOCS = {  # key: (title, text, date, category, archive code)
    "X": ("考研工作安排", "今年的安排如下。", "2020-01-01", "党群/组织", "K-3"),
    "Y": ("学院通知一", "考研。考研辅导。考研动员。", "2021-01-01", "党群/宣传教育", "K-1"),
    "Z": ("学院通知二", "考研报名。", "2022-06-01", "教学", ""),
    "W": ("学院通知三", "考研报名，考研复试。", "2022-01-01", "党群", "K-2"),
    "P": (
        "校园安全检查报告",
        "本学期对实验室危险化学品、消防通道、配电房进行了全面检查，发现隐患十二处，已整改十处。",
        "2019-05-01",
        "行政",
        "S-1",
    ),
    "Q": (
        "校园安全检查报告（修订）",
        "本学期对实验室危险化学品、消防通道、配电房进行了全面检查，发现隐患十二处，已全部整改。",
        "2019-06-01",
        "行政",
        "S-2",
    ),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    from core.archive import Archive

    root = tmp_path_factory.mktemp("results")
    (root / "src").mkdir()
    for key, (_, text, *_rest) in DOCS.items():
        (root / "src" / f"{key}.txt").write_text(text, encoding="utf-8")
    with Archive.open(root / "archive") as archive:
        report = archive.import_paths([root / "src"])
        keys = {}
        for f in report.files:
            key = f.path.rsplit("/", 1)[-1][0]
            title, _, date, category, code = DOCS[key]
            archive.update(
                f.id,
                title=title,
                date=date,
                year=int(date[:4]),
                category=category,
                archive_code=code or None,
                doc_type="通知" if key < "X" else "报告",
            )
            keys[f.id] = key
        archive.keys = keys
        yield archive


def order(archive, query="考研", **kw) -> list[str]:
    return [archive.keys[h.id] for h in archive.search(query, **kw).hits]


def test_relevance_title_first_then_more_occurrences_then_newer(results):
    assert order(results) == ["X", "Y", "W", "Z"]


def test_relevance_counts_every_term(results):
    # X: 考研 in the title; W: 考研 x2 + 报名 = 3, Y: 考研 x3 (both at the cap: newer first);
    # Z: 考研 + 报名 = 2
    assert order(results, "考研 OR 报名") == ["X", "W", "Y", "Z"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("-date", ["Z", "W", "Y", "X"]),
        ("date", ["X", "Y", "W", "Z"]),
        ("title", ["X", "Z", "W", "Y"]),  # pinyin: 考研(kǎo) < 学院通知二(èr) < 三(sān) < 一(yī)
        ("archive_code", ["Y", "W", "X", "Z"]),  # documents without a code last
    ],
)
def test_sort_orders(results, sort, expected):
    assert order(results, sort=sort) == expected


def test_paging_cuts_the_same_order_into_disjoint_pages(results):
    whole = order(results, limit=4)
    assert order(results, limit=2) + order(results, limit=2, offset=2) == whole
    assert order(results, limit=2, offset=4) == []
    assert results.search("考研", limit=1, offset=3).total == 4


def test_facets_count_the_current_query(results):
    facets = results.search("考研").facets
    assert dict(facets["year"]) == {2020: 1, 2021: 1, 2022: 2}
    assert dict(facets["doc_type"]) == {"报告": 3, "通知": 1}
    cats = {c["path"]: c["id"] for c in results.categories()}
    assert facets["category"][cats["党群/组织"]] == 1
    tree = facets["category_tree"]
    assert tree[cats["党群"]] == 3  # 党群 itself (W) + 组织 (X) + 宣传教育 (Y)
    assert tree[cats["教学"]] == 1 and cats["行政"] not in tree
    assert dict(results.search("考研", years=(2022, 2022)).facets["year"]) == {2022: 2}


@pytest.mark.parametrize("term", ["考研", "报名", "安", "检查", "学院", "。"])
@pytest.mark.parametrize("years", [None, (2019, 2021)])
def test_facets_match_a_count_of_the_matching_documents(results, term, years):
    # few hits are counted directly, most of the archive as "all minus the rest"
    from collections import Counter

    hits = [
        (date, category, "通知" if key < "X" else "报告")
        for key, (title, text, date, category, _) in DOCS.items()
        if (term in title or term in text)
        and (years is None or years[0] <= int(date[:4]) <= years[1])
    ]
    facets = results.search(term, years=years).facets
    assert dict(facets["year"]) == Counter(int(d[:4]) for d, _, _ in hits)
    assert dict(facets["doc_type"]) == Counter(t for _, _, t in hits)
    cats = {c["id"]: c["path"] for c in results.categories()}
    assert {cats[c]: n for c, n in facets["category"].items()} == Counter(c for _, c, _ in hits)


def test_category_subtotals_walk_up_the_tree():
    parents = {1: None, 2: 1, 3: 2, 4: 1, 5: None}
    assert category_subtotals({3: 2, 4: 1, 5: 7}, parents) == {3: 2, 2: 2, 1: 3, 4: 1, 5: 7}


def test_snippets_mark_every_term_at_sentence_edges(results):
    hit = results.search("辅导 动员").hits[0]
    assert results.keys[hit.id] == "Y"
    assert "【辅导】" in hit.snippet and "【动员】" in hit.snippet
    hit = results.search("消防通道").hits[0]
    assert "【消防通道】" in hit.snippet and hit.snippet.count("【") == 1


def test_a_cancelled_search_stops(results):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        results.search("考研", cancel=token)


def test_more_like_this_finds_the_revised_copy_first(results):
    p = next(i for i, k in results.keys.items() if k == "P")
    similar = results.more_like_this(p, limit=5)
    assert [results.keys[h.id] for h in similar.hits][:1] == ["Q"]
    assert p not in {h.id for h in similar.hits}
    assert "校园安全检查报告" in similar.interpreted


def test_ranking_beyond_the_counting_window_keeps_every_hit_once(results, monkeypatch):
    import core.search.rank

    monkeypatch.setattr(core.search.rank, "OCC_WINDOW", 1)
    monkeypatch.setattr(core.search.rank, "FIRST_CHUNK", 1)
    ranked = order(results, limit=10)
    assert sorted(ranked) == ["W", "X", "Y", "Z"]  # nothing lost or repeated between chunks
    assert ranked[0] == "X"  # the title tier still comes first


class _CancelAfter:
    """A token that is cancelled from its n-th look on (the next keystroke arriving mid-search)."""

    def __init__(self, n: int):
        self.looks, self.n = 0, n

    @property
    def cancelled(self) -> bool:
        self.looks += 1
        return self.looks >= self.n


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_a_search_cancelled_midway_stops_between_stages(results, n):
    token = _CancelAfter(n)
    with pytest.raises(Cancelled):
        results.search("考研 OR 报名 OR 安全", cancel=token)
    assert results.search("考研 OR 报名 OR 安全").total == 6  # the next search is unaffected


def test_title_tiers_count_a_title_found_through_another_branch(results):
    # 安全检查 is verified only where 十处 (P's text) narrowed it, yet Q, found by 全部整改,
    # has it in its title too: both are in the title tier, so the newer (Q) comes first.
    assert order(results, "(十处 安全检查) OR 全部整改") == ["Q", "P"]
    assert order(results, "安全检查") == ["Q", "P"]
