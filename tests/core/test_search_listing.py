"""Listings that are not built from postings (no query, NOT, ranges) show each document once."""

from __future__ import annotations

import pytest


@pytest.fixture
def edited(archive, write):
    """Three documents, one of them edited twice (its old index entries linger until a merge)."""
    # each states its date (an undated document has no 年度, and 年度:2000-2100 would miss it)
    text = "第{}号通知：关于三会一课的安排。\n某某学院党委\n2020年3月1日"
    paths = [write(f"{i}.txt", text.format(i)) for i in range(3)]
    ids = [f.id for f in archive.import_paths(paths).files]
    archive.update(ids[0], title="改过一次", year=2021)
    archive.search("三会")  # commits the index between the edits
    archive.update(ids[0], title="改过两次", year=2022)
    return archive, ids


@pytest.mark.parametrize("query", ["", "-不存在的词", "年度:2000-2100", "NOT 改过一次"])
def test_an_edited_document_is_listed_once(edited, query):
    archive, ids = edited
    result = archive.search(query, limit=50)
    assert sorted(h.id for h in result.hits) == sorted(ids)
    assert result.total == 3
    assert sum(result.facets["year"].values()) == 3


def test_edited_document_keeps_its_new_values_after_reopen(edited, tmp_path):
    from core.archive import Archive

    archive, ids = edited
    archive.close()
    with Archive.open(tmp_path / "archive") as reopened:  # the saved search arrays
        result = reopened.search("", limit=50)
        assert result.total == 3 and [h.title for h in result.hits].count("改过两次") == 1
        assert reopened.search("改过一次").total == 0
