"""An archive on a network drive is refused: UNC paths, mapped and SUBST letters, NFS/SMB mounts.

The Windows calls (GetDriveTypeW, QueryDosDeviceW) are injected so every kind of drive can be
played on Linux; the Linux rule reads the real /proc/mounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.archive import Archive, restore_backup
from core.errors import ArchiveOnNetwork
from core.folder import volume

DRIVE_FIXED, DRIVE_REMOTE, DRIVE_REMOVABLE = 3, 4, 2

# A PC with C: (disk), E: (USB stick), Z: (mapped share), S: = SUBST S: C:\work,
# N: = SUBST N: Z:\docs (a SUBST onto a mapped share), and Y: mapped but reporting "fixed"
# as some redirectors do, known only by its device name.
DRIVES = {"C:\\": DRIVE_FIXED, "E:\\": DRIVE_REMOVABLE, "Z:\\": DRIVE_REMOTE, "Y:\\": DRIVE_FIXED}
DEVICES = {
    "C:": "\\Device\\HarddiskVolume3",
    "E:": "\\Device\\HarddiskVolume7",
    "Z:": "\\Device\\LanmanRedirector\\;Z:000000000001e2a3\\server\\share",
    "Y:": "\\Device\\Mup\\;Y:0000\\nas\\files",
    "S:": "\\??\\C:\\work",
    "N:": "\\??\\Z:\\docs",
}


def on_windows(path: str) -> str | None:
    return volume.network_location(
        path,
        windows=True,
        drive_type=lambda root: DRIVES.get(root, DRIVE_FIXED),
        dos_device=DEVICES.get,
    )


@pytest.mark.parametrize(
    "path",
    [
        "C:\\Users\\张三\\AppData\\Local\\Archivist",
        "c:/data/档案",
        "E:\\Archivist\\data",  # a USB stick is local: portable mode works there
        "S:\\档案",  # SUBST of a local folder
        "\\\\?\\C:\\very\\long\\path\\档案",
        "\\\\.\\C:\\档案",
    ],
)
def test_local_windows_folders_are_allowed(path):
    assert on_windows(path) is None


@pytest.mark.parametrize(
    "path, where",
    [
        ("\\\\server\\share\\档案", "\\\\server\\share"),
        ("//server/share/档案", "\\\\server\\share"),
        ("\\\\?\\UNC\\server\\share\\档案", "\\\\server\\share"),
        ("\\\\192.168.1.10\\办公室", "\\\\192.168.1.10\\办公室"),
        ("Z:\\档案", "Z:"),  # mapped letter: GetDriveTypeW says DRIVE_REMOTE
        ("z:/档案", "Z:"),
        ("Y:\\档案", "Y:"),  # mapped letter known by its redirector device
        ("N:\\档案", "Z:"),  # SUBST onto a mapped share
    ],
)
def test_network_windows_folders_are_detected(path, where):
    found = on_windows(path)
    assert found is not None and where in found


MOUNTS = """\
/dev/sda2 / ext4 rw,relatime 0 0
tmpfs /dev/shm tmpfs rw 0 0
server:/export /mnt/nfs nfs4 rw,vers=4.2 0 0
//nas/office /mnt/办公\\040室 cifs rw,vers=3.0 0 0
user@host:/srv /home/me/remote fuse.sshfs rw 0 0
/dev/sdb1 /mnt/nfs/local-inside ext4 rw 0 0
"""


@pytest.mark.parametrize(
    "path, fstype",
    [
        ("/mnt/nfs/档案", "nfs4"),
        ("/mnt/办公 室/档案", "cifs"),  # a mount point with a space (\040 in /proc/mounts)
        ("/home/me/remote/a/b", "fuse.sshfs"),
        ("/mnt/nfs/local-inside/档案", None),  # the longest mount point wins
        ("/mnt/nfsother/档案", None),  # a prefix of the name is not the mount point
        ("/home/me/档案", None),
    ],
)
def test_linux_mount_types(path, fstype):
    found = volume.network_location(path, windows=False, mounts=MOUNTS)
    assert (found is None) if fstype is None else (fstype in found)


@pytest.mark.skipif(not Path("/proc/self/mounts").exists(), reason="needs Linux /proc")
def test_the_real_mount_table_names_the_file_system_of_a_folder(tmp_path):
    shm = Path("/dev/shm")
    if shm.is_dir():  # a tmpfs on every Linux
        assert volume.filesystem_type(str(shm / "not-yet" / "档案")) == "tmpfs"
    fstype = volume.filesystem_type(str(tmp_path))
    assert fstype and fstype == _stat_type(tmp_path)
    assert volume.network_location(tmp_path) is None  # the test folder is a local disk


def _stat_type(path: Path) -> str:
    """The file system type as `findmnt` would say, from the mount whose point is longest."""
    best = ""
    kind = ""
    for line in Path("/proc/self/mounts").read_text().splitlines():
        dev, point, fstype, *_ = line.split()
        if str(path.resolve()).startswith(point.rstrip("/") + "/") and len(point) >= len(best):
            best, kind = point, fstype
    return kind


def test_an_archive_on_a_network_file_system_is_refused_and_nothing_is_created(
    tmp_path, monkeypatch
):
    """The folder's real file system type is declared remote: opening is refused in plain words."""
    fstype = volume.filesystem_type(str(tmp_path))
    monkeypatch.setattr(volume, "REMOTE_FS_TYPES", volume.REMOTE_FS_TYPES | {fstype})
    folder = tmp_path / "档案"
    with pytest.raises(ArchiveOnNetwork) as refused:
        Archive.open(folder)
    assert "档案库不能放在网络盘上，请放在本机磁盘" in str(refused.value)
    assert "备份" in str(refused.value)
    assert not folder.exists()
    with pytest.raises(ArchiveOnNetwork):
        Archive.open(folder, read_only=True)


def test_backups_and_exports_to_a_network_drive_stay_allowed(tmp_path, monkeypatch, write):
    """Only the archive folder is checked: a backup written to the "share" is made, and
    restoring it into the share is refused before anything is written."""
    local, share = tmp_path / "local", tmp_path / "share"
    share.mkdir()
    write("通知.txt", "关于开展党建工作的通知")
    with Archive.open(local) as a:
        a.import_paths([tmp_path / "src"])
    real = volume.network_location
    monkeypatch.setattr(
        volume,
        "network_location",
        lambda p, **kw: "网络共享 \\\\nas\\share" if Path(p).is_relative_to(share) else real(p),
    )
    with Archive.open(local) as a:
        out = share / "档案备份.zip"
        a.backup(out)
        a.export_files(share / "原件", a.export_selection())
    assert out.stat().st_size > 0
    assert any((share / "原件").iterdir())
    with pytest.raises(ArchiveOnNetwork):
        restore_backup(out, share / "恢复")
    assert not (share / "恢复").exists()
    with pytest.raises(ArchiveOnNetwork):
        Archive.open(share / "档案")


def test_this_machine_says_where_it_is(tmp_path):
    """The detector asks the real OS (Windows under wine, or Linux): a temp folder is local."""
    assert volume.network_location(tmp_path) is None
