"""The compact on-disk term records: every posting list reads back exactly, rare or common."""

from __future__ import annotations

import random

import core.search.index as si
from core.search import codec as search_codec
from core.search.index import SearchIndex


def _archive_rows(n: int) -> tuple[list[tuple[int, str, str]], dict[str, set[int]]]:
    """n documents where term k (a two-character Han word) occurs in about k documents."""
    rng = random.Random(7)
    words = [chr(0x4E00 + 2 * k) + chr(0x4E01 + 2 * k) for k in range(1, 1500)]
    docs: dict[int, list[str]] = {i: [] for i in range(1, n + 1)}
    expected: dict[str, set[int]] = {}
    for k, word in enumerate(words, start=1):
        ids = set(rng.sample(range(1, n + 1), min(n, k)))
        expected[word] = ids
        for i in ids:
            docs[i].append(word)
    rows = [(i, "", "，".join(ws)) for i, ws in docs.items()]
    return rows, expected


def test_rare_and_common_terms_read_back_exactly_after_reopen(tmp_path):
    rows, expected = _archive_rows(1400)
    index = SearchIndex(tmp_path / "index")
    index.create()
    index.write(add_docs=rows[:700])
    index.commit()
    index.write(add_docs=rows[700:])  # two segments, then merged or not
    index.commit()
    index.close()
    index = SearchIndex(tmp_path / "index")
    index.open()
    id_of = index.id_of_docnums()
    for word, ids in expected.items():
        assert {id_of[d] for d in index.term_docnums("g", word)} == ids, word
        assert index.doc_frequency("g", word) == len(ids)
    assert index.term_docnums("g", "不在") == [] and index.doc_frequency("g", "不在") == 0
    rare, common = (next(w for w, ids in expected.items() if len(ids) == n) for n in (5, 1200))
    gone = set(sorted(expected[rare])[:2]) | set(sorted(expected[common])[:3])
    index.write(delete_ids=gone)
    index.commit()
    for word in (rare, common):  # deletions hide ids whether inline or in posting blocks
        found = {index.id_of_docnums()[d] for d in index.term_docnums("g", word)}
        assert found == expected[word] - gone
    index.close()


def test_small_index_is_smaller_than_with_whoosh_records(tmp_path):
    rows, _ = _archive_rows(1000)
    index = SearchIndex(tmp_path / "index")
    index.create()
    index.write(add_docs=rows)
    index.commit()
    compact = index.size_bytes()
    index.close()
    stock = SearchIndex(tmp_path / "stock")
    stock.create()
    original = si._CODEC
    si._CODEC = si.whoosh3.W3Codec()  # Whoosh's own settings: one block per term
    try:
        stock.write(add_docs=rows)
        stock.commit()
    finally:
        si._CODEC = original
    assert compact < 0.7 * stock.size_bytes()
    stock.close()


def test_records_with_weights_keep_whoosh_format():
    info = si.whoosh3.W3TermInfo()
    info._df, info._weight, info._maxweight, info._maxlength = 3, 4.5, 2.0, 0
    info._minid, info._maxid, info._offset, info._length = 5, 90, 1234, 56
    data = info.to_bytes()
    assert not data[0] & search_codec.COMPACT
    back = si.whoosh3.W3TermInfo.from_bytes(data)
    assert (back._df, back._weight, back._maxweight, back._offset) == (3, 4.5, 2.0, 1234)


def test_compact_record_round_trip():
    info = si.whoosh3.W3TermInfo()
    info._df, info._weight, info._maxweight, info._maxlength = 3, 3.0, 1.0, 0
    info._minid, info._maxid, info._inlined = 7, 70000, ((7, 300, 70000), None, None)
    data = info.to_bytes()
    assert data[0] == search_codec.COMPACT | 1 and len(data) < 12
    back = si.whoosh3.W3TermInfo.from_bytes(data)
    assert back.inlined_postings()[0] == (7, 300, 70000)
    assert (back._df, back._minid, back._maxid) == (3, 7, 70000)
    info._inlined, info._offset, info._length = None, 1 << 40, 4000
    back = si.whoosh3.W3TermInfo.from_bytes(info.to_bytes())
    assert back.extent() == (1 << 40, 4000) and back.doc_frequency() == 3
