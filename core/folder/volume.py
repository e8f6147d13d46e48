"""Is a folder on a network drive? (UNC paths, mapped and SUBST drive letters, network file systems.)

The one module that asks the operating system what kind of volume a path is on. SQLite's WAL
mode needs shared memory that network file systems do not provide safely, and two PCs opening
one archive over a share can corrupt it, so the archive refuses such a folder (backups and
exports may still go there). The OS calls are parameters, so tests can play any Windows drive.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

DRIVE_REMOTE = 4  # GetDriveTypeW
# Linux file system types that live on another machine (FUSE ones are "fuse.<name>").
REMOTE_FS_TYPES = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "davfs",
    "sshfs",
    "fuse.sshfs",
    "fuse.glusterfs",
    "fuse.rclone",
    "fuse.davfs2",
    "fuse.s3fs",
    "fuse.gvfsd-fuse",
}
# What QueryDosDeviceW names for a drive letter redirected to a network share.
NETWORK_DEVICES = ("\\device\\lanmanredirector", "\\device\\mup", "\\device\\webdavredirector")

NETWORK_MESSAGE = (
    "档案库不能放在网络盘上，请放在本机磁盘；可用“备份”把档案库拷到网络盘。（{where}）"
)


def network_location(
    path: str | os.PathLike,
    *,
    windows: bool | None = None,
    drive_type: Callable[[str], int] | None = None,
    dos_device: Callable[[str], str | None] | None = None,
    mounts: str | None = None,
) -> str | None:
    """Why path is on a network volume ("网络共享 \\\\server\\share", "网络文件系统 nfs"), or None."""
    if windows is None and os.name == "nt":  # this PC: the path as given and as resolved
        for form in dict.fromkeys((os.path.abspath(path), os.path.realpath(path))):
            where = _windows_network(form, drive_type or _drive_type, dos_device or _dos_device)
            if where:
                return where
        return None
    if windows:
        return _windows_network(str(path), drive_type or _drive_type, dos_device or _dos_device)
    return _posix_network(str(path), _read_mounts() if mounts is None else mounts)


# -------------------------------------------------------------------- Windows
def _windows_network(path: str, drive_type, dos_device, depth: int = 0) -> str | None:
    """UNC paths are remote; a drive letter is remote by its type or by what it stands for."""
    p = path.replace("/", "\\")
    low = p.lower()
    if low.startswith("\\\\?\\unc\\"):
        return "网络共享 \\\\" + _share(p[8:])
    if low.startswith(("\\\\?\\", "\\\\.\\")):
        p, low = p[4:], low[4:]  # \\?\C:\… is a local path written long
    elif low.startswith("\\\\"):
        return "网络共享 \\\\" + _share(p[2:])
    if len(p) < 2 or p[1] != ":" or not p[0].isalpha():
        return None  # a relative path: the caller resolves it first
    drive = p[0].upper() + ":"
    if drive_type(drive + "\\") == DRIVE_REMOTE:
        return f"网络驱动器 {drive}"
    target = dos_device(drive) or ""
    tlow = target.lower()
    if tlow.startswith(NETWORK_DEVICES):
        return f"网络驱动器 {drive}"
    if tlow.startswith("\\??\\") and depth < 4:  # SUBST X: D:\folder (or a share)
        inner = _windows_network(target[4:], drive_type, dos_device, depth + 1)
        return f"{drive} → {inner}" if inner else None
    return None


def _share(rest: str) -> str:
    """server\\share of the part of a UNC path after the leading backslashes."""
    return "\\".join(rest.split("\\")[:2])


def _drive_type(root: str) -> int:
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)


def _dos_device(drive: str) -> str | None:
    """What a drive letter stands for (\\??\\D:\\folder for SUBST, \\Device\\… otherwise)."""
    import ctypes

    buf = ctypes.create_unicode_buffer(1024)
    if not ctypes.windll.kernel32.QueryDosDeviceW(drive, buf, len(buf)):
        return None
    return buf.value


# -------------------------------------------------------------------- Linux
def _posix_network(path: str, mounts: str) -> str | None:
    fstype = filesystem_type(path, mounts)
    if fstype and (fstype in REMOTE_FS_TYPES or fstype.removeprefix("fuse.") in REMOTE_FS_TYPES):
        return f"网络文件系统 {fstype}"
    return None


def filesystem_type(path: str, mounts: str | None = None) -> str | None:
    """The type of the file system holding path, from the longest matching mount point."""
    mounts = _read_mounts() if mounts is None else mounts
    target = _existing(Path(path))
    best, best_type = -1, None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        if _under(target, point) and len(point) > best:
            best, best_type = len(point), fields[2]
    return best_type


def _existing(path: Path) -> str:
    """The path with the symlinks of its existing part resolved (a new folder is made later)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            return str(candidate.resolve() / path.relative_to(candidate))
    return str(path)


def _under(path: str, point: str) -> bool:
    return point == "/" or path == point or path.startswith(point.rstrip("/") + "/")


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes (\\040 …)."""
    if "\\" not in field:
        return field
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def _read_mounts() -> str:
    try:
        return Path("/proc/self/mounts").read_text("utf-8", errors="replace")
    except OSError:  # not Linux (macOS has no /proc): treat as local
        return ""
