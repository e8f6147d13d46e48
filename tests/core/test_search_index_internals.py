"""The index's private Whoosh fast paths agree with Whoosh's public API (a pinned-version guard)."""

from __future__ import annotations

from core.search.index import SearchIndex
from core.search.postings import inline_postings, segment_ids, uses_fast_path


def test_fast_paths_match_the_public_api(tmp_path):
    index = SearchIndex(tmp_path / "index")
    index.create()
    index.write(add_docs=[(i * 7 + 3, f"题名{i}", f"正文 党建 第{i}条") for i in range(300)])
    index.commit()
    index.write(add_docs=[(5000 + i, "补充", "党建 工作") for i in range(50)])
    index.commit()
    index.write(delete_ids=[3, 10])
    index.commit()
    assert uses_fast_path()
    reader = index._reader
    expected = []
    for sub, _ in index._leaves:
        public = list(sub.column_reader("id"))
        assert segment_ids(sub) == public
        expected += public
    assert index.id_of_docnums() == expected
    assert index.live_ids() == {i * 7 + 3 for i in range(2, 300)} | {5000 + i for i in range(50)}
    docnums = index.term_docnums("g", "党建")
    assert sorted(docnums) == sorted(reader.postings("g", "党建").all_ids())
    assert len(docnums) == 348
    first = index._leaves[0][0]  # 300 documents, two of them deleted
    assert inline_postings(first, "g", "党建") is None  # in posting blocks: the matcher reads it
    assert inline_postings(first, "g", "补充") == []  # only in the second segment
    rare = [t.decode() for t in first.lexicon("g") if first.doc_frequency("g", t) <= 5]
    assert "2" in rare
    for term in rare:  # read straight from the record: what the public matcher gives
        assert inline_postings(first, "g", term) == list(first.postings("g", term).all_ids())
    assert inline_postings(first, "g", "2") == [2]  # 题名2 / 第2条
    assert inline_postings(first, "g", "0") == []  # only in id 3 (题名0), which was deleted
    index.close()


def test_writes_become_visible_at_commit_and_close(tmp_path):
    index = SearchIndex(tmp_path / "index")
    index.create()
    index.write(add_docs=[(1, "通知", "三会一课")])
    assert index.pending == 1 and index.term_docnums("g", "三会") == []
    assert index.commit() and index.pending == 0
    assert len(index.term_docnums("g", "三会")) == 1
    index.write(add_docs=[(2, "纪要", "三会一课")])
    index.close()
    reopened = SearchIndex(tmp_path / "index")
    reopened.open()
    assert reopened.live_ids() == {1, 2}
    reopened.close()


def test_saved_search_arrays_are_used_only_while_they_match_the_archive(tmp_path, write):
    from core.archive import Archive
    from core.search.engine import ATTRS_CACHE

    src = write("a.txt", "关于三会一课的通知")
    with Archive.open(tmp_path / "arch") as archive:
        doc_id = archive.import_paths([src]).files[0].id
        assert (
            archive.search("三会", years=(2000, 2010)).total == 0
        )  # year guessed from the file date
        assert (tmp_path / "arch" / "index" / ATTRS_CACHE).exists()
    with Archive.open(tmp_path / "arch") as archive:
        archive.update(doc_id, year=2022, title="三会一课安排")
    with Archive.open(tmp_path / "arch") as archive:  # the saved arrays are stale: not used
        result = archive.search("三会", years=(2022, 2022))
        assert [h.title for h in result.hits] == ["三会一课安排"]
        assert archive.search("题名:安排").total == 1


def test_closing_after_an_import_saves_search_arrays_the_next_open_can_use(tmp_path, write):
    import marshal

    from core.archive import Archive
    from core.search.engine import ATTRS_CACHE, ATTRS_CACHE_VERSION

    cache = tmp_path / "arch" / "index" / ATTRS_CACHE
    with Archive.open(tmp_path / "arch") as archive:
        archive.import_paths([write("a.txt", "关于三会一课的通知")])  # no search in this session
        cache.unlink(missing_ok=True)
    with Archive.open(tmp_path / "arch", read_only=True) as archive:
        saved, *_ = marshal.loads(cache.read_bytes())
        current = [ATTRS_CACHE_VERSION, archive.index.signature()]
        assert saved == current + [archive.store.change_fingerprint(), archive.store.texts.name]
        assert archive.search("三会一课").total == 1


def _postings_by_id(index) -> dict:
    """(field, term) -> sorted ids, over every live document of the index."""
    out = {}
    id_of = index.id_of_docnums()
    reader = index._reader
    for field in ("g", "u"):
        for term in reader.lexicon(field):
            text = term.decode("utf-8")
            ids = sorted(id_of[d] for d in index.term_docnums(field, text))
            if ids:
                out[(field, text)] = ids
    return out


def test_bulk_term_writing_builds_the_same_index_as_stock_whoosh(tmp_path, monkeypatch):
    import core.search.index as si

    texts = ["党建工作总结 三会一课", "考研 PNAS 2022年", "疫情防控〇二二", "会议纪要：考研辅导"]
    # 256 documents: terms in exactly 128 and 256 of them fill whole posting blocks
    rows = [(i + 1, f"题名{i % 7}", texts[i % 4] + f" 第{i}号 条款{i % 13}") for i in range(256)]
    rows = [(i, t, c + (" 半数" if i % 2 else "")) for i, t, c in rows]
    built = {}
    for bulk, step in ((True, 20), (False, 20), (True, 256), (False, 256)):
        monkeypatch.setattr(si, "BULK", bulk)
        index = SearchIndex(tmp_path / f"bulk-{bulk}-{step}")
        index.create()
        for start in range(0, 256, step):  # small commits: Whoosh merges segments on the way
            index.write(add_docs=rows[start : start + step])
            index.commit()
        index.write(add_docs=[(5, "改题名", "全新的内容 区块链")], delete_ids=[7, 8])
        index.commit()
        built[bulk, step] = (_postings_by_id(index), index.live_ids())
        index.close()
    assert built[True, 20] == built[False, 20] == built[True, 256] == built[False, 256]
    postings, live = built[True, 256]
    assert len(postings[("u", "第")]) == 256 - 3 and len(postings[("g", "半数")]) == 128 - 2
    assert 7 not in live and 5 in live and postings[("g", "区块")] == [5]
    assert 5 not in postings[("g", "党建")]


def test_a_failed_open_leaves_no_index_file_open(tmp_path):
    # On Windows an open or mapped file cannot be deleted, so the rebuild after a damaged
    # index would fail (WinError 32): nothing of the index folder may stay open.
    import psutil
    import pytest

    from core.search.index import IndexUnavailable

    index = SearchIndex(tmp_path / "index")
    index.create()
    index.write(add_docs=[(i, "题名", f"正文 党建 第{i}条") for i in range(50)])
    index.commit()
    index.close()
    for damage in ("toc", "segment"):
        victim = next((tmp_path / "index").glob("*.toc" if damage == "toc" else "*.seg"))
        victim.write_bytes(victim.read_bytes()[:40] + b"\0" * 64)
        broken = SearchIndex(tmp_path / "index")
        try:
            broken.open()
            pytest.fail(f"damaged {damage} opened")
        except IndexUnavailable:  # the archive rebuilds while handling this, as here
            me = psutil.Process()
            held = [f.path for f in me.open_files()] + [m.path for m in me.memory_maps()]
            assert not [p for p in held if str(tmp_path / "index") in p], damage
            broken.create()  # the rebuild starts from an empty folder
        broken.write(add_docs=[(1, "", "党建")])
        broken.commit()
        assert broken.term_docnums("g", "党建") == [0]
        broken.close()
