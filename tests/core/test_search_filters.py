"""Filters beyond one value: several years, 年度/文种 not filled in, one import batch's documents."""

from __future__ import annotations

import pytest


@pytest.fixture
def mixed(archive, write):
    """Four documents: 2021 通知, 2022 通知, 2022 without a type, one with neither year nor type."""
    texts = {
        "a.txt": "关于预算编制的通知\n2021年3月1日\n各单位：预算。",
        "b.txt": "关于安全检查的通知\n2022年5月1日\n各单位：安全。",
        "c.txt": "会议纪要随记\n2022年6月1日\n讨论了预算。",
        "d.txt": "随手记下的几句话，预算。",
    }
    ids = {}
    for name, text in texts.items():
        outcome = archive.import_paths([write(name, text)]).files[0]
        ids[name] = outcome.id
    archive.update(ids["a.txt"], doc_type="通知", year=2021)
    archive.update(ids["b.txt"], doc_type="通知", year=2022)
    archive.update(ids["c.txt"], doc_type=None, year=2022)
    archive.update(ids["d.txt"], doc_type=None, year=None, date=None)
    return archive, ids


def found(result) -> set[int]:
    return {h.id for h in result.hits}


def test_several_years_at_once(mixed):
    archive, ids = mixed
    result = archive.search("", year_in=[2021, 2022], limit=50)
    assert found(result) == {ids["a.txt"], ids["b.txt"], ids["c.txt"]}


def test_documents_without_a_year_can_be_listed(mixed):
    archive, ids = mixed
    assert found(archive.search("", year_in=[None], limit=50)) == {ids["d.txt"]}
    assert found(archive.search("预算", year_in=[None, 2021])) == {ids["a.txt"], ids["d.txt"]}


def test_documents_without_a_type_can_be_listed(mixed):
    archive, ids = mixed
    result = archive.search("", doc_types=[None], limit=50)
    assert found(result) == {ids["c.txt"], ids["d.txt"]}
    assert result.facets["doc_type"].get(None) == 2


def test_one_import_batch(mixed, write):
    archive, ids = mixed
    report = archive.import_paths([write("e.txt", "新来的通知\n2023年1月1日\n预算。"),
                                   write("f.txt", "又一份\n2023年1月2日\n预算。")])  # fmt: skip
    batches = archive.recent_batches()
    assert batches[0]["id"] == report.batch_id and batches[0]["documents"] == 2
    batch_ids = archive.batch_document_ids(report.batch_id)
    assert sorted(batch_ids) == sorted(f.id for f in report.files)
    assert found(archive.search("预算", ids=batch_ids, limit=50)) == set(batch_ids)
    assert archive.search("", ids=[], limit=50).total == 0
