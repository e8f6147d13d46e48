"""On the real laws corpus, random Chinese substrings find exactly the documents containing them."""

from __future__ import annotations

import random

import pytest

from core.search.analysis import RE_HAN, normalize
from tests.conftest import corpus_path

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def laws(tmp_path_factory):
    from core.archive import Archive

    folder = corpus_path("laws")
    with Archive.open(tmp_path_factory.mktemp("laws") / "archive") as archive:
        report = archive.import_paths([folder])
        assert report.failed == 0
        yield archive


def _truth(archive):
    """Every document with its search form computed here from the original text."""
    rows = archive.store.query(
        "SELECT d.id, d.ntitle, d.year, d.category_id, t.content FROM documents d "
        "JOIN document_text t ON t.doc_id = d.id"
    )
    for row in rows:
        row["ncontent"] = normalize(row.pop("content"))
    return rows


SPECIAL = set(' \t\n"“”「」『』()（）:：*-')


def _mixed_samples(rows, n, seed):
    """Substrings of 1–10 characters that start and end at a Han character but may hold
    punctuation, digits and Latin words inside (Ctrl+F on any stretch of text)."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = rng.choice(rows)["ncontent"]
        if len(text) < 20:
            continue
        i = rng.randrange(len(text) - 12)
        k = rng.randint(1, 10)
        term = text[i : i + k]
        if RE_HAN.match(term[0]) and RE_HAN.match(term[-1]) and not SPECIAL & set(term):
            out.append(term)
    return out


def _samples(rows, n, seed):
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        text = rng.choice(rows)["ncontent"]
        runs = [r for r in RE_HAN.findall(text) if len(r) >= 6]
        if runs:
            run = rng.choice(runs)
            k = rng.randint(2, 6)
            i = rng.randrange(len(run) - k + 1)
            out.append(run[i : i + k])
    return out


def test_200_random_substrings_match_a_brute_force_scan(laws):
    rows = _truth(laws)
    for term in _samples(rows, 200, seed=2):
        expected = {r["id"] for r in rows if term in r["ncontent"] or term in r["ntitle"]}
        got = laws.search(term, limit=0, snippets=False, exact=True)
        ids = {h.id for h in laws.search(term, limit=len(expected) + 5, snippets=False).hits}
        assert got.total == len(expected), term
        assert ids == expected, term


def test_300_random_stretches_of_text_match_a_brute_force_scan(laws):
    rows = _truth(laws)
    for term in _mixed_samples(rows, 300, seed=5):
        expected = {r["id"] for r in rows if term in r["ncontent"] or term in r["ntitle"]}
        got = laws.search(term, limit=len(expected) + 5, snippets=False, sort="-date", exact=True)
        assert got.total == len(expected), term
        assert {h.id for h in got.hits} == expected, term


def test_300_stretches_with_year_and_category_filters_match_a_brute_force_scan(laws):
    rows = _truth(laws)
    biggest = max(laws.categories(), key=lambda c: c["count"])
    subtree = laws.store.category_subtree(biggest["id"])
    for n, term in enumerate(_mixed_samples(rows, 300, seed=6)):
        by_year, by_cat = n % 2 == 0, n % 3 == 0
        expected = {
            r["id"]
            for r in rows
            if (term in r["ncontent"] or term in r["ntitle"])
            and (not by_year or (r["year"] is not None and 2010 <= r["year"] <= 2020))
            and (not by_cat or r["category_id"] in subtree)
        }
        got = laws.search(
            term,
            years=(2010, 2020) if by_year else None,
            category=biggest["id"] if by_cat else None,
            limit=len(expected) + 5,
            snippets=False,
            exact=True,
        )
        assert got.total == len(expected), term
        assert {h.id for h in got.hits} == expected, term


def test_substrings_with_a_year_filter_match_a_brute_force_scan(laws):
    rows = _truth(laws)
    for term in _samples(rows, 40, seed=3):
        expected = {
            r["id"]
            for r in rows
            if (term in r["ncontent"] or term in r["ntitle"])
            and r["year"] is not None
            and 2010 <= r["year"] <= 2020
        }
        got = laws.search(
            term, years=(2010, 2020), limit=len(expected) + 5, snippets=False, exact=True
        )
        assert {h.id for h in got.hits} == expected, term


def test_a_phrase_broken_by_a_line_break_is_found(laws):
    assert normalize("中华人民\n共和国") == "中华人民共和国"
    phrase = laws.search("中华人民\n共和国", exact=True).total
    assert phrase == laws.search("中华人民共和国", exact=True).total > 100


@pytest.mark.parametrize("sort", ["relevance", "-date", "title"])
def test_a_lazily_verified_common_term_shows_an_exact_page_and_a_marked_estimate(
    laws, monkeypatch, sort
):
    import core.search.engine
    import core.search.evaluate

    exact = laws.search("人民法院", exact=True, limit=30, sort=sort)
    for module in (core.search.engine, core.search.evaluate):  # defer as 50,000 documents would
        monkeypatch.setattr(module, "DEFER_MIN", 50)
    quick = laws.search("人民法院", limit=30, sort=sort)
    assert quick.total_is_estimate and not exact.total_is_estimate
    assert [h.id for h in quick.hits] == [h.id for h in exact.hits]
    assert abs(quick.total - exact.total) <= 0.1 * exact.total


def test_index_is_at_most_half_the_size_of_the_text(laws):
    # the index holds postings only (texts stay in SQLite): a real corpus keeps it small
    text_bytes = sum(
        len((r["ntitle"] or "").encode()) + len(r["ncontent"].encode()) for r in _truth(laws)
    )
    laws.index.commit()
    assert laws.index.size_bytes() <= 0.5 * text_bytes
