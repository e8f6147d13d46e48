"""Backup → delete → restore gives everything back; a damaged backup changes nothing."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import threading
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core.archive import Archive
from core.archive import restore_backup as restore
from core.errors import ArchiveError, ArchiveLocked, BackupDamaged
from tests.core.export_samples import fill

COMPARED = [
    "title",
    "year",
    "date",
    "retention",
    "org",
    "item_no",
    "archive_code",
    "doc_number",
    "issuer",
    "secrecy",
    "remarks",
    "category",
    "sha256",
    "deleted_at",
    "content",
]


def state(folder: Path) -> dict:
    """What a user would check: documents, their originals (SHA-256), categories, settings."""
    with Archive.open(folder) as a:
        docs = {}
        for doc_id in a.store.all_ids():
            doc = a.document(doc_id)
            original = hashlib.sha256(a.original_path(doc_id).read_bytes()).hexdigest()
            docs[doc_id] = {k: doc[k] for k in COMPARED} | {"original": original}
        cats = sorted((c["name"], c["path"]) for c in a.categories())
        return {"docs": docs, "categories": cats, "fonds": a.settings["fonds_code"]}


def tree(folder: Path) -> dict[str, str]:
    """Every file of a folder with its SHA-256 (to prove nothing changed)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "archive.lock"
    }


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A real archive with codes, a custom category and a trashed document, and its backup."""
    root = tmp_path_factory.mktemp("backup")
    src = root / "src"

    def write(name, text):
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    folder = root / "archive"
    with Archive.open(folder) as a:
        ids = fill(a, write)
        a.assign_codes()
        cat = a.add_category("招生工作", a.store.category_by_name("学生")[0])
        a.update(ids["纪要.txt"], category_id=cat)
        a.delete([ids["草稿.txt"]])
        report = a.backup(root / "备份.zip")
        assert a.settings["last_backup"] and not a.backup_due()
    return {"folder": folder, "zip": root / "备份.zip", "report": report, "state": state(folder)}


def test_backup_restore_round_trip_brings_everything_back(made, tmp_path):
    assert made["report"]["counts"]["documents"] == 4 and made["report"]["counts"]["trash"] == 1
    folder = tmp_path / "archive"
    shutil.copytree(made["folder"], folder)
    shutil.rmtree(folder)  # the archive is gone
    report = restore(made["zip"], folder)
    assert report["documents"] == 4 and report["trash"] == 1 and report["archive_codes"] == 4
    assert report["indexed"] == 5 and report["files_missing"] == []
    assert state(folder) == made["state"]
    with Archive.open(folder) as a:
        assert a.search("自我批评").total == 1  # the index was rebuilt
        assert a.search("档号:Z109-WS·2023-Y-BGS-0002").hits[0].title == "党委会会议纪要"
        assert a.search("", category="招生工作").total == 1


def test_the_index_is_not_in_the_backup(made):
    with zipfile.ZipFile(made["zip"]) as z:
        names = z.namelist()
    assert "archive.db" in names and "settings.json" in names and "manifest.json" in names
    assert not any(n.startswith("index/") for n in names)
    assert sum(n.startswith("files/") for n in names) == 5


def _flip_offsets(zip_path: Path) -> dict[str, int]:
    with zipfile.ZipFile(zip_path) as z:
        info = {i.filename: i for i in z.infolist()}
    db = info["archive.db"]
    original = next(i for n, i in info.items() if n.startswith("files/"))
    size = zip_path.stat().st_size

    raw = zip_path.read_bytes()

    def data_start(
        i,
    ):  # lengths from the local header (its extra field differs from the directory's)
        name_len = int.from_bytes(raw[i.header_offset + 26 : i.header_offset + 28], "little")
        extra_len = int.from_bytes(raw[i.header_offset + 28 : i.header_offset + 30], "little")
        return i.header_offset + 30 + name_len + extra_len

    return {
        "database": data_start(db) + db.compress_size // 2,
        "original": data_start(original) + 3,
        "manifest": data_start(info["manifest.json"]) + 5,
        "header timestamp": original.header_offset + 10,  # a field zipfile itself never checks
        "seal": size - 1,
    }


@pytest.mark.parametrize("where", ["database", "original", "manifest", "header timestamp", "seal"])
def test_one_flipped_byte_is_refused_and_changes_nothing(made, tmp_path, where):
    damaged = tmp_path / "damaged.zip"
    data = bytearray(made["zip"].read_bytes())
    data[_flip_offsets(made["zip"])[where]] ^= 0x01
    damaged.write_bytes(bytes(data))
    current = tmp_path / "current"
    shutil.copytree(made["folder"], current)
    before = tree(current)
    with pytest.raises(BackupDamaged, match="备份文件已损坏") as refused:
        restore(damaged, current, force=True)
    reason = {"database": "archive.db", "original": "files/", "manifest": "manifest.json"}
    assert reason.get(where, "整体校验值不符") in str(refused.value)  # says what is damaged
    with pytest.raises(BackupDamaged):
        restore(damaged, tmp_path / "new")
    assert tree(current) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "damaged.zip"]


def test_a_non_empty_folder_is_refused_unless_forced_and_then_kept_aside(made, tmp_path):
    target = tmp_path / "other"
    with Archive.open(target) as a:
        a.import_paths([_one_file(tmp_path)])
    before = tree(target)
    with pytest.raises(ArchiveError, match="不是空的"):
        restore(made["zip"], target)
    assert tree(target) == before
    report = restore(made["zip"], target, force=True)
    aside = Path(report["previous_folder_moved_to"])
    assert tree(aside) == before  # the replaced archive is moved aside, never deleted
    assert state(target) == made["state"]


def test_restore_refuses_an_archive_open_in_another_window(made, tmp_path):
    target = tmp_path / "live"
    with Archive.open(target) as a:
        a.import_paths([_one_file(tmp_path)])
        with pytest.raises(ArchiveLocked):
            restore(made["zip"], target, force=True)
        assert a.stats()["documents"] == 1


def test_restore_into_an_empty_existing_folder(made, tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    restore(made["zip"], target)
    assert state(target) == made["state"]


def test_backup_while_importing_is_consistent(archive, write, tmp_path):
    sources = [
        write(f"批量/{n:02d}.txt", f"第{n}期简报\n内容{n}。\n2024年1月{n + 1}日") for n in range(24)
    ]
    thread = threading.Thread(target=archive.import_paths, args=(sources,))
    thread.start()
    zips = []
    while thread.is_alive() or not zips:
        zips.append(archive.backup(tmp_path / f"b{len(zips)}.zip"))
    thread.join()
    for n, report in enumerate(zips):
        target = tmp_path / f"restored{n}"
        restored = restore(report["out"], target)
        assert restored["documents"] == report["counts"]["documents"]
        assert restored["files_missing"] == [] and restored["indexed"] == restored["documents"]


def test_backup_reminder(archive, write):
    assert not archive.backup_due()  # nothing to lose yet
    archive.import_paths([write("a.txt", "关于放假的通知\n2021年1月5日")])
    assert archive.backup_due()  # never backed up
    archive.settings["last_backup"] = (datetime.now() - timedelta(days=10)).isoformat()
    assert not archive.backup_due()
    archive.settings["last_backup"] = (datetime.now() - timedelta(days=31)).isoformat()
    assert archive.backup_due()
    archive.settings["backup_reminder_days"] = 0  # reminders off
    assert not archive.backup_due()


def test_cli_backup_and_restore_json(made, tmp_path):
    from tests.core.test_cli import cli

    folder = tmp_path / "archive"
    shutil.copytree(made["folder"], folder)
    out = json.loads(
        cli("backup", "--out", str(tmp_path / "b.zip"), "--json", data_dir=folder).stdout
    )
    assert {"out", "size", "counts", "cancelled"} <= set(out) and out["counts"]["documents"] == 4
    refused = cli("restore", str(tmp_path / "b.zip"), data_dir=folder, check=False)
    assert refused.returncode == 1 and "不是空的" in refused.stderr
    done = cli("restore", str(tmp_path / "b.zip"), "--json", data_dir=tmp_path / "new")
    report = json.loads(done.stdout)
    assert {"restored", "documents", "files", "categories", "archive_codes", "data_dir"} <= set(
        report
    )
    assert report["documents"] == 4


def _one_file(tmp_path: Path) -> Path:
    path = tmp_path / "src-other" / "其他.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("另一个档案库里的文件\n2020年1月1日", encoding="utf-8")
    return path


def test_progress_is_reported_and_cancel_leaves_no_file(archive, write, tmp_path):
    from core.models import CancelToken

    fill(archive, write)
    seen = []
    archive.backup(tmp_path / "b.zip", on_progress=seen.append)
    assert seen[-1].done == seen[-1].total == 5 and seen[-1].bytes_done > 0
    titles = {h.title for h in archive.search("", limit=10).hits}
    assert {p.current for p in seen[:-1]} == titles  # titles, not SHA-256 file names
    token = CancelToken()
    token.cancel()
    last = archive.settings["last_backup"]
    report = archive.backup(tmp_path / "c.zip", cancel=token)
    assert report["cancelled"] and not (tmp_path / "c.zip").exists()
    assert not (tmp_path / "c.zip.part").exists() and archive.settings["last_backup"] == last


def test_a_flipped_byte_anywhere_is_refused(made, tmp_path):
    """40 seeded random positions, headers and directory included: always a readable refusal."""
    from core.archival.backup import verify

    data = made["zip"].read_bytes()
    rng = random.Random(4)
    damaged = tmp_path / "d.zip"
    for pos in [*rng.sample(range(len(data)), 36), 0, 8, len(data) - 100, len(data) - 22]:
        flipped = bytearray(data)
        flipped[pos] ^= 1 << rng.randrange(8)
        damaged.write_bytes(bytes(flipped))
        with pytest.raises(BackupDamaged, match="备份文件已损坏|不是档案管家的备份"):
            verify(damaged)


def test_a_backup_with_a_path_outside_the_folder_is_refused(tmp_path):
    from core.archival.backup import SEAL_LEN, SEAL_PREFIX, _seal

    evil = tmp_path / "evil.zip"
    data = b"x"
    members = {"../outside.txt": {"sha256": hashlib.sha256(data).hexdigest(), "size": 1}}
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../outside.txt", data)
        z.writestr("manifest.json", json.dumps({"format": 1, "members": members}))
        z.comment = SEAL_PREFIX + b"0" * SEAL_LEN
    _seal(evil)
    with pytest.raises(BackupDamaged, match="不允许的路径"):
        restore(evil, tmp_path / "new")
    assert not (tmp_path / "outside.txt").exists() and not (tmp_path / "new").exists()
