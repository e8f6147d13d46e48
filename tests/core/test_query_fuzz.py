"""Whatever is typed into the search box, search answers (never raises, never hangs)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.search import query as Q

PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "(",
        ")",
        "（",
        "）",
        "-",
        "*",
        ":",
        "：",
        " ",
        "OR",
        "AND",
        "NOT",
        "或",
        "题名:",
        "年度:",
        "日期:>",
        "..",
        "2022",
        "党建",
        "考研",
        "Ｐ",
        "\n",
        "，",
        "。",
        "\\",
        "'",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(PIECES, max_size=60).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map(" ".join),
)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    from core.archive import Archive

    root = tmp_path_factory.mktemp("fuzz")
    (root / "src").mkdir()
    for i, text in enumerate(["党建工作总结 考研", "PNAS 2022 论文", "疫情防控（第二次）会议纪要"]):
        (root / "src" / f"{i}.txt").write_text(text, encoding="utf-8")
    with Archive.open(root / "archive") as archive:
        assert archive.import_paths([root / "src"]).imported == 3
        yield archive


@settings(max_examples=300, deadline=None)
@given(QUERIES)
def test_parse_never_raises_and_always_describes(text):
    parsed = Q.parse(text)
    assert isinstance(parsed.describe(), str)
    assert isinstance(parsed.notes, list) and len(parsed.notes) <= Q.MAX_NOTES
    assert all(isinstance(t, str) and t for t in parsed.positive_terms())


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(QUERIES)
def test_search_never_raises(small, text):
    result = small.search(text)
    assert 0 <= result.total <= 3
    assert len(result.hits) == min(result.total, 20)


@pytest.mark.parametrize(
    "text",
    [
        "，" * 10_000,
        "(" * 10_000,
        ")" * 10_000,
        '"' * 10_001,
        "-" * 10_000,
        "a:" * 5_000,
        "党 " * 5_000,
        "NOT " * 2_500,
        "题名:" * 2_000,
        "x* " * 3_000,
        "年度:" + "9" * 10_000,
    ],
)
def test_huge_punctuation_and_operator_floods_are_bounded(small, text):
    result = small.search(text)
    assert result.total <= 3
    parsed = Q.parse(text)
    leaves = parsed.describe().count("“")
    assert leaves <= Q.MAX_LEAVES
