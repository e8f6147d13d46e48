"""Emptying the 回收站: rows, index entries and originals go; everything else stays; audited."""

from __future__ import annotations

import json

import pytest

from core.archive import Archive, restore_backup
from core.errors import ArchiveError
from core.models import CancelToken

DOCS = {
    "预算通知.txt": "关于做好2021年预算编制工作的通知\n各单位：预算应当实事求是。",
    "党建总结.txt": "2021年党建工作总结\n学院党委开展三会一课。",
    "安全通报.txt": "2023年实验室安全检查通报\n发现问题三项，限期整改。",
}


@pytest.fixture
def filled(archive, write):
    """The archive with DOCS imported: {file name: id}."""
    report = archive.import_paths([write(name, text) for name, text in DOCS.items()])
    return {archive.document(f.id)["original_name"]: f.id for f in report.files}


def test_emptying_the_trash_deletes_rows_index_entries_and_originals(archive, filled):
    gone, kept = filled["预算通知.txt"], filled["党建总结.txt"]
    gone_file, kept_file = archive.original_path(gone), archive.original_path(kept)
    archive.delete([gone])
    assert archive.search("预算", trash=True).total == 1
    summary = archive.trash_summary()
    assert summary == {"documents": 1, "bytes": gone_file.stat().st_size}
    done = archive.purge()
    assert done["documents"] == 1 and done["files"] == 1 and done["bytes"] == summary["bytes"]
    assert not gone_file.exists() and kept_file.exists()
    assert archive.search("预算", trash=True).total == 0 and archive.search("预算").total == 0
    assert gone not in archive.index.live_ids()  # no index entry left behind
    assert archive.search("三会一课").total == 1  # the others are untouched
    assert archive.trash_summary() == {"documents": 0, "bytes": 0}
    check = archive.check(repair=False)
    assert check["ok"] and check["orphan_files"] == 0 and check["index_extra"] == 0
    audit = archive.audit_log(gone)
    assert audit[0]["action"] == "purge"
    assert json.loads(audit[0]["details"])["title"] == "关于做好2021年预算编制工作的通知"


def test_only_documents_in_the_trash_can_be_purged(archive, filled):
    live = filled["安全通报.txt"]
    with pytest.raises(ArchiveError, match="回收站"):
        archive.purge([live])
    assert archive.document(live)["title"] == "2023年实验室安全检查通报"
    assert archive.original_path(live).exists()


def test_purging_selected_documents_keeps_the_rest_of_the_trash(archive, filled):
    a, b = filled["预算通知.txt"], filled["安全通报.txt"]
    archive.delete([a, b])
    assert archive.purge([a])["documents"] == 1
    assert [h.id for h in archive.search("", trash=True).hits] == [b]


def test_a_stored_file_another_document_uses_is_kept(archive, filled):
    """Two records naming one stored file (a repaired or hand-made archive): the file stays."""
    a, b = filled["预算通知.txt"], filled["党建总结.txt"]
    shared = archive.original_path(b).name
    with archive.store.transaction():
        extra = json.dumps({"stored_file": shared})
        archive.store.execute("UPDATE documents SET extra = ? WHERE id = ?", [extra, a])
    archive.delete([a])
    done = archive.purge()
    assert done["documents"] == 1 and done["files"] == 0
    assert archive.original_path(b).exists()


def test_a_backup_taken_before_still_restores_purged_documents(archive, filled, tmp_path):
    gone = filled["预算通知.txt"]
    archive.delete([gone])
    zip_path = tmp_path / "备份.zip"
    archive.backup(zip_path)
    archive.purge()
    assert archive.search("预算", trash=True).total == 0
    restored = restore_backup(zip_path, tmp_path / "restored")
    assert restored["trash"] == 1
    with Archive.open(tmp_path / "restored") as back:
        assert back.search("预算", trash=True).total == 1
        assert back.original_path(gone).exists()


def test_progress_and_stop_between_groups(archive, write, monkeypatch):
    import core.trash

    monkeypatch.setattr(core.trash, "GROUP", 2)
    ids = [
        f.id
        for f in archive.import_paths([write(f"{i}.txt", f"文件{i}号") for i in range(5)]).files
    ]
    archive.delete(ids)
    cancel, seen = CancelToken(), []

    def progressed(p):
        seen.append((p.done, p.total, p.current))
        cancel.cancel()  # stop after the first group

    done = archive.purge(on_progress=progressed, cancel=cancel)
    assert done["cancelled"] and done["documents"] == 2
    assert len(seen) == 1 and seen[0][:2] == (2, 5) and seen[0][2]  # a title, not a file name
    assert archive.trash_summary()["documents"] == 3  # the rest stays in the 回收站
    assert archive.check(repair=False)["ok"]
