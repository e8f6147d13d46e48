"""The index's private Whoosh fast paths agree with Whoosh's public API (a pinned-version guard)."""

from __future__ import annotations

from core.search_index import SearchIndex, _segment_ids, uses_fast_path


def test_fast_paths_match_the_public_api(tmp_path):
    index = SearchIndex(tmp_path / "index")
    index.create()
    index.write(add_docs=[(i * 7 + 3, f"题名{i}", f"正文 党建 第{i}条") for i in range(300)])
    index.commit()
    index.write(add_docs=[(5000 + i, "补充", "党建 工作") for i in range(50)], commit=True)
    index.write(delete_ids=[3, 10], commit=True)
    assert uses_fast_path()
    reader = index._searcher.reader()
    expected = []
    for sub, _ in index._searcher.leaf_searchers():
        public = list(sub.reader().column_reader("id"))
        assert _segment_ids(sub.reader()) == public
        expected += public
    assert index.id_of_docnums() == expected
    assert index.live_ids() == {i * 7 + 3 for i in range(2, 300)} | {5000 + i for i in range(50)}
    docnums = index.term_docnums("g", "党建")
    assert sorted(docnums) == sorted(reader.postings("g", "党建").all_ids())
    assert len(docnums) == 348
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
    from core.search import ATTRS_CACHE

    src = write("a.txt", "关于三会一课的通知")
    with Archive.open(tmp_path / "arch") as archive:
        doc_id = archive.import_paths([src]).files[0].id
        assert archive.search("三会", years=(2000, 2100)).total == 0  # no year yet
        assert (tmp_path / "arch" / "index" / ATTRS_CACHE).exists()
    with Archive.open(tmp_path / "arch") as archive:
        archive.update(doc_id, year=2022, title="三会一课安排")
    with Archive.open(tmp_path / "arch") as archive:  # the saved arrays are stale: not used
        result = archive.search("三会", years=(2022, 2022))
        assert [h.title for h in result.hits] == ["三会一课安排"]
        assert archive.search("题名:安排").total == 1
