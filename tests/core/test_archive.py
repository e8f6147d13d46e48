"""The archive folder: import outcomes, duplicates, encodings, index rebuild, drift, lock."""

from __future__ import annotations

import json

import pytest

from core.archive import Archive
from core.errors import ArchiveLocked, NotFound
from core.models import ID_HASH
from core.search.index import VERSION_FILE

TEXT = "关于做好2023年度组织生活会的通知\n各党支部要认真开展批评与自我批评。\n2023年12月1日"


def test_import_keeps_original_under_its_sha256(archive, write):
    src = write("通知.txt", TEXT)
    report = archive.import_paths([src])
    assert report.imported == 1
    doc_id = report.files[0].id
    kept = archive.original_path(doc_id)
    assert kept.read_bytes() == src.read_bytes()
    assert kept.parent.parent.name == "files"
    src.unlink()  # the archive survives the source folder being deleted
    assert archive.original_path(doc_id).exists()


def test_same_file_twice_is_a_reported_duplicate(archive, write):
    first = archive.import_paths([write("a.txt", TEXT)])
    second = archive.import_paths([write("copy/a-copy.txt", TEXT)])
    assert second.duplicates == 1 and second.imported == 0
    assert second.files[0].id == first.files[0].id
    assert archive.stats()["documents"] == 1


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8", "utf-8-sig"])
def test_chinese_text_files_are_never_garbled(archive, write, encoding):
    src = write(f"t-{encoding}.txt", TEXT, encoding)
    doc_id = archive.import_paths([src]).files[0].id
    assert "批评与自我批评" in archive.document(doc_id)["content"]
    assert archive.search("自我批评").total == 1


def test_empty_and_unsupported_files_are_reported_and_the_batch_goes_on(archive, write):
    write("empty.txt", b"")
    write("program.xyz", b"MZ\x90\x00" + bytes(100))  # images are documents now; programs are not
    write("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    good = write("good.txt", TEXT)
    report = archive.import_paths([good.parent])
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in report.files}
    assert by_name["empty.txt"].status == "failed" and by_name["empty.txt"].error == "文件为空"
    assert by_name["program.xyz"].status == "skipped"
    assert by_name["photo.png"].status == "failed" and by_name["photo.png"].error == "文件已损坏"
    assert by_name["good.txt"].status == "imported"


def test_folder_names_become_categories(archive, write):
    write("党建/a.txt", TEXT)
    archive.import_paths([write("行政/b.txt", "行政办公会议纪要 2022年1月5日").parents[1]])
    assert archive.stats()["by_category"] == {"党建": 1, "行政": 1}


def test_deleted_index_is_rebuilt_from_sqlite(tmp_path, write):
    folder = tmp_path / "arc"
    with Archive.open(folder) as a:
        a.import_paths([write("a.txt", TEXT)])
    for f in (folder / "index").iterdir():
        f.unlink()
    with Archive.open(folder) as a:
        assert a.search("组织生活会").total == 1


@pytest.mark.parametrize("damage", ["truncate", "garbage", "version"])
def test_damaged_index_is_rebuilt(tmp_path, write, damage):
    folder = tmp_path / "arc"
    with Archive.open(folder) as a:
        a.import_paths([write("a.txt", TEXT)])
    index = folder / "index"
    if damage == "version":
        (index / VERSION_FILE).write_text(json.dumps({"version": -1}))
    else:
        for f in index.glob("*.toc"):
            f.write_bytes(b"" if damage == "truncate" else b"\x00garbage" * 10)
    with Archive.open(folder) as a:
        assert a.search("组织生活会").total == 1
        assert a.check()["ok"]


def test_check_repairs_index_drift(archive, write):
    ids = [
        f.id
        for f in archive.import_paths(
            [write("a.txt", TEXT), write("b.txt", "第二份文件 党建")]
        ).files
    ]
    archive.index.write(delete_ids=[ids[0]])  # simulate a crash between SQLite and index commits
    assert archive.search("组织生活会").total == 0
    report = archive.check()
    assert report["index_missing"] == 1 and report["repaired"]
    assert archive.search("组织生活会").total == 1


def test_open_repairs_drift_the_id_summary_sees(tmp_path, write):
    """Index drift is found at open by comparing id summaries, however the sets differ."""
    folder = tmp_path / "arc"
    with Archive.open(folder) as a:
        ids = [
            f.id
            for f in a.import_paths(
                [write(f"{n}.txt", f"第{n}份文件 组织生活会") for n in range(4)]
            ).files
        ]
        assert a.store.id_summary() == a.index.id_summary(*ID_HASH)
        # a crash between the commits: one document missing from the index, one left over
        a.index.write(delete_ids=[ids[0]], add_docs=[(9999, "残留", "组织生活会 残留")])
        a.index.commit()
        assert a.store.id_summary() != a.index.id_summary(*ID_HASH)
    with Archive.open(folder) as a:
        assert a.store.id_summary() == a.index.id_summary(*ID_HASH)
        assert {h.id for h in a.search("组织生活会").hits} == set(ids)
        a.index.write(delete_ids=[ids[1]])  # and again, after an open that found them agreeing
        a.index.commit()
    with Archive.open(folder) as a:
        assert {h.id for h in a.search("组织生活会").hits} == set(ids)


def test_open_notices_a_store_change_the_index_missed(tmp_path, write):
    """The in-sync marker of the last check does not hide a document SQLite got later."""
    folder = tmp_path / "arc"
    with Archive.open(folder) as a:
        a.import_paths([write("a.txt", "第一份 组织生活会")])
    with Archive.open(folder) as a:  # this open saved the marker: both sides agreed
        assert a.index.sync_marker() is not None
        record = dict(title="第二份", ntitle="第二份", sha256="b" * 64, imported_at="2024-01-01")
        with a.store.transaction():  # SQLite committed; the crash lost the index write
            doc_id = a.store.insert_document(record, "组织生活会", "组织生活会")
            a.store.audit("import", doc_id)
        assert a.search("组织生活会").total == 1
    with Archive.open(folder) as a:
        assert doc_id in {h.id for h in a.search("组织生活会").hits}


def test_second_writer_is_refused(tmp_path):
    with Archive.open(tmp_path / "arc"):
        with pytest.raises(ArchiveLocked):
            Archive.open(tmp_path / "arc")
        with Archive.open(tmp_path / "arc", read_only=True) as ro:
            assert ro.search("").total == 0


def test_unknown_document_is_not_found(archive):
    with pytest.raises(NotFound):
        archive.document(12345)


def test_edits_and_trash_are_audited(archive, write):
    doc_id = archive.import_paths([write("a.txt", TEXT)]).files[0].id
    archive.update(doc_id, title="新题名", year=2024)
    archive.delete([doc_id])
    archive.restore([doc_id])
    actions = [row["action"] for row in archive.audit_log(doc_id)]
    assert actions == ["restore", "delete", "edit", "import"]
    edit = json.loads(archive.audit_log(doc_id)[2]["details"])
    assert edit["title"][1] == "新题名" and edit["year"][1] == 2024


def test_schema_is_versioned(archive):
    assert archive.store.schema_version >= 1


def test_a_duplicate_archive_code_is_refused_in_plain_words(archive, write):
    from core.errors import ArchiveError

    a, b = (
        f.id
        for f in archive.import_paths([write("a.txt", TEXT), write("b.txt", "另一份 党建")]).files
    )
    archive.update(a, archive_code="Z109-WS·2023-Y-0001")
    with pytest.raises(ArchiveError, match="档号"):
        archive.update(b, archive_code="Z109-WS·2023-Y-0001")
    assert archive.document(b)["archive_code"] is None
    archive.update(a, year=2023, retention="永久", item_no=1)
    with pytest.raises(ArchiveError, match="件号"):
        archive.update(b, year=2023, retention="永久", item_no=1)
    assert archive.search("党建").total >= 1  # the archive still works
