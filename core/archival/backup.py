"""Backup to one .zip (SQLite snapshot + originals + settings + manifest) and verified restore.

The zip ends with a comment `ARCHIVIST-BACKUP-SHA256:<hex>` holding the SHA-256 of every byte
before the hex, so a single flipped byte anywhere (data, headers or manifest) is detected; the
manifest also lists the SHA-256 of each member, which names the damaged one. The full-text index
and the search-text file are not copied: both are rebuilt after a restore.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath

from core.errors import ArchiveError, BackupDamaged, Cancelled
from core.folder.held import retry_held
from core.folder.lock import ArchiveLock
from core.folder.log import detach_archive_log
from core.models import Progress, now_iso
from core.store.snapshot import check_file, counts, snapshot_db

FORMAT = 1
MANIFEST = "manifest.json"
SEAL_PREFIX = b"ARCHIVIST-BACKUP-SHA256:"
SEAL_LEN = 64
CHUNK = 1 << 20
RESTORE_STEPS = 3  # verify, unpack, then (by the facade) open and rebuild the index


# ---------------------------------------------------------------- backup
def backup(
    store, originals, settings, out: str | Path, *, on_progress=None, cancel=None, titles=None
) -> dict:
    """Write the backup to out (via out.part); record settings["last_backup"]. Progress names
    each original by its document's title (titles: stored file name → title)."""
    out = Path(out)
    on_progress = on_progress or (lambda p: None)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        with tempfile.TemporaryDirectory(prefix="archivist-backup-") as work:
            snapshot = Path(work) / "archive.db"
            snapshot_db(store.path, snapshot)
            report = _write_zip(
                snapshot, originals, settings, tmp, on_progress, cancel, titles or {}
            )
        if report["cancelled"]:
            tmp.unlink(missing_ok=True)
            return report
        _seal(tmp)
        retry_held(os.replace, tmp, out)  # an antivirus scans fresh files
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    settings["last_backup"] = now_iso()
    settings.save()
    return report | {"out": str(out), "size": out.stat().st_size}


def _write_zip(
    snapshot: Path, originals, settings, tmp: Path, on_progress, cancel, titles: dict
) -> dict:
    files = list(originals.files(with_partial=False))
    total_bytes = sum(p.stat().st_size for p in files)
    members: dict[str, dict] = {}
    with zipfile.ZipFile(tmp, "w", allowZip64=True) as z:
        members["archive.db"] = _add_file(z, snapshot, "archive.db", zipfile.ZIP_DEFLATED)
        settings_json = json.dumps(dict(settings), ensure_ascii=False, indent=2).encode()
        members["settings.json"] = _add_bytes(z, "settings.json", settings_json)
        done = 0
        for n, path in enumerate(files):
            if cancel is not None and cancel.cancelled:
                return {"cancelled": True}
            name = "files/" + path.relative_to(originals.folder).as_posix()
            shown = titles.get(path.name, path.name)  # a clerk knows titles, not SHA-256 names
            on_progress(Progress(n, len(files), shown, done, "正在备份"))
            # Originals are mostly compressed already (docx, pdf): store them as they are.
            members[name] = _add_file(z, path, name, zipfile.ZIP_STORED)
            done += members[name]["size"]
        totals = counts(snapshot) | {"files": len(files), "file_bytes": total_bytes}
        manifest = {
            "format": FORMAT,
            "app": "archivist",
            "created_at": now_iso(),
            "counts": totals,
            "members": members,
        }
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        z.comment = SEAL_PREFIX + b"0" * SEAL_LEN
    on_progress(Progress(len(files), len(files), "", done, "备份完成"))
    return {"cancelled": False, "counts": totals}


def _add_file(z: zipfile.ZipFile, path: Path, name: str, method: int) -> dict:
    h, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo.from_file(path, name)
    info.compress_type = method
    with open(path, "rb") as fin, z.open(info, "w", force_zip64=True) as fout:
        while chunk := fin.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
            fout.write(chunk)
    return {"sha256": h.hexdigest(), "size": size}


def _add_bytes(z: zipfile.ZipFile, name: str, data: bytes) -> dict:
    z.writestr(name, data, zipfile.ZIP_DEFLATED)
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def _seal(path: Path) -> None:
    """Overwrite the placeholder at the end with the SHA-256 of everything before it."""
    size = path.stat().st_size
    digest = _hash_prefix(path, size - SEAL_LEN)
    with open(path, "r+b") as f:
        f.seek(size - SEAL_LEN)
        f.write(digest.encode("ascii"))
        f.flush()
        os.fsync(f.fileno())


def _hash_prefix(path: Path, length: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        left = length
        while left > 0 and (chunk := f.read(min(CHUNK, left))):
            h.update(chunk)
            left -= len(chunk)
    return h.hexdigest()


def backup_due(settings, document_count: int, now: datetime | None = None) -> bool:
    """True when the last backup is older than backup_reminder_days (0 turns reminders off)."""
    days = int(settings.get("backup_reminder_days") or 0)
    if days <= 0:
        return False
    last = settings.get("last_backup")
    if not last:
        return document_count > 0
    try:
        when = datetime.fromisoformat(last)
    except ValueError:
        return True
    return (now or datetime.now()) - when > timedelta(days=days)


# ---------------------------------------------------------------- verify and restore
def verify(path: str | Path, *, cancel=None) -> dict:
    """The backup's manifest if every member and the whole file check out; else BackupDamaged."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"找不到备份文件：{path}")
    seal_problem = _seal_problem(path)  # plain bytes: cannot fail on a damaged structure
    try:
        with zipfile.ZipFile(path) as z:
            manifest = _read_manifest(z)
            _check_members(z, manifest, cancel)
    except (BackupDamaged, Cancelled):
        raise
    except Exception as e:  # noqa: BLE001 - any failure to parse an untrusted file is damage
        raise BackupDamaged(f"备份文件已损坏，无法读取（{type(e).__name__}: {e}）") from e
    if seal_problem:
        raise BackupDamaged(seal_problem)
    return manifest


def _read_manifest(z: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(z.read(MANIFEST))
    except KeyError:
        raise BackupDamaged("不是档案管家的备份文件（缺少 manifest.json）") from None
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise BackupDamaged(f"备份文件已损坏：manifest.json 无法读取（{e}）") from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupDamaged("备份文件格式无法识别（可能由更新版本的程序创建）")
    return manifest


def _check_members(z: zipfile.ZipFile, manifest: dict, cancel) -> None:
    members = manifest.get("members") or {}
    names = set(z.namelist()) - {MANIFEST}
    if names != set(members):
        odd = sorted(names ^ set(members))[:3]
        raise BackupDamaged(f"备份文件已损坏：成员与清单不符（{'、'.join(odd)}）")
    for name in members:
        _safe_member(name)
    for name, meta in members.items():
        if cancel is not None and cancel.cancelled:
            raise Cancelled("恢复已取消，未作任何修改")
        h = hashlib.sha256()
        try:
            with z.open(name) as f:
                while chunk := f.read(CHUNK):
                    h.update(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:  # zip's CRC caught it
            raise BackupDamaged(f"备份文件已损坏：{name} 的校验值不符（{e}）") from e
        if h.hexdigest() != meta.get("sha256"):
            raise BackupDamaged(f"备份文件已损坏：{name} 的校验值不符")


def _safe_member(name: str) -> PurePosixPath:
    p = PurePosixPath(name)
    ok = p.parts and not p.is_absolute() and ".." not in p.parts and ":" not in name
    if not ok or (p.parts[0] != "files" and name not in ("archive.db", "settings.json")):
        raise BackupDamaged(f"备份文件含有不允许的路径：{name}")
    return p


def _seal_problem(path: Path) -> str | None:
    """Why the whole-file checksum at the end does not match, or None when it does."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        f.seek(max(0, size - SEAL_LEN - len(SEAL_PREFIX)))
        tail = f.read()
    if len(tail) < SEAL_LEN + len(SEAL_PREFIX) or not tail.startswith(SEAL_PREFIX):
        return "备份文件已损坏：缺少整体校验值（文件不完整或不是档案管家的备份）"
    if tail[len(SEAL_PREFIX) :].decode("ascii", "replace") != _hash_prefix(path, size - SEAL_LEN):
        return "备份文件已损坏：整体校验值不符"
    return None


def restore(
    path: str | Path, data_dir: str | Path, *, force: bool = False, on_progress=None, cancel=None
) -> dict:
    """Verify the whole backup, then put it in place in a new or empty folder (or replace one,
    with force). Opening the restored archive (core.archive.restore_backup) rebuilds its index."""
    on_progress = on_progress or (lambda p: None)
    path, target = Path(path), Path(data_dir).resolve()
    on_progress(Progress(0, RESTORE_STEPS, str(path), message="正在校验备份"))
    manifest = verify(path, cancel=cancel)  # nothing is written before this passes
    occupied = target.exists() and any(target.iterdir())
    if target.exists() and not target.is_dir():
        raise ArchiveError(f"{target} 不是文件夹")
    if occupied and not force:
        raise ArchiveError(
            f"目标文件夹不是空的：{target}。请选择新的或空的文件夹，或确认覆盖（--force）。"
        )
    if occupied:
        _ensure_not_open(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    try:
        on_progress(Progress(1, RESTORE_STEPS, str(target), message="正在解压"))
        _extract(path, manifest, staging)
        _check_schema(staging / "archive.db")
        aside = _swap_in(staging, target, occupied)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {
        "backup": str(path),
        "data_dir": str(target),
        "backup_created_at": manifest.get("created_at"),
        "expected": manifest.get("counts", {}),
        "previous_folder_moved_to": str(aside) if aside else None,
    }


def _ensure_not_open(target: Path) -> None:
    """Refuse to replace an archive another program instance is using."""
    if (target / "archive.lock").exists():
        lock = ArchiveLock(target)
        lock.acquire(mark=False)  # raises ArchiveLocked with a readable message
        lock.release()


def _extract(path: Path, manifest: dict, staging: Path) -> None:
    """Write members under staging, checking each checksum again as it is written."""
    with zipfile.ZipFile(path) as z:
        for name, meta in manifest["members"].items():
            dest = staging.joinpath(*_safe_member(name).parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            h = hashlib.sha256()
            with z.open(name) as fin, open(dest, "wb") as fout:
                while chunk := fin.read(CHUNK):
                    h.update(chunk)
                    fout.write(chunk)
            if h.hexdigest() != meta["sha256"]:
                raise BackupDamaged(f"备份文件在恢复过程中发生变化：{name}")
    for sub in ("index", "logs", "files"):
        (staging / sub).mkdir(exist_ok=True)


def _check_schema(db_path: Path) -> None:
    too_new, integrity = check_file(db_path)
    if too_new:
        raise ArchiveError("该备份由更新版本的档案管家创建，请先升级程序再恢复。")
    if integrity != "ok":
        raise BackupDamaged(f"备份中的数据库已损坏：{integrity}")


def _swap_in(staging: Path, target: Path, occupied: bool) -> Path | None:
    """Move staging into place; an existing archive is moved aside, never deleted."""
    aside = None
    if occupied:
        detach_archive_log(target / "logs")  # this process may have logged there before
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        target.rename(aside)
    elif target.exists():
        target.rmdir()  # empty: os.rename onto it fails on Windows
    staging.rename(target)
    return aside
