"""Network-drive detection and held files against wine's real Windows calls (run by hand).

    bash packaging/build_windows.sh            # once: makes build-win/py and the wine prefix
    export WINEPREFIX=$PWD/build-win/prefix WINEDEBUG=-all PYTHONIOENCODING=utf-8
    ln -sfn /tmp/share build-win/prefix/dosdevices/n:      # N: a "network" drive in wine
    wine reg add 'HKLM\\Software\\Wine\\Drives' /v n: /t REG_SZ /d network /f
    wineserver -k                               # wine reads drive types at its start
    wine build-win/py/cp312/python.exe tests/wine/check_robust.py | cat

Prints what the detector says of local, UNC, mapped and SUBST paths, then imports three files
while one is held with share mode 0 (as WPS does) and one is held for 0.4 s (an antivirus scan).
"""

import ctypes
import os
import shutil
import sys
import tempfile
import threading
from ctypes import wintypes
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def drives() -> None:
    from core.folder import volume

    k = ctypes.windll.kernel32
    k.DefineDosDeviceW(0, "T:", "N:\\sub")  # SUBST T: N:\sub (onto the network drive)
    k.DefineDosDeviceW(0, "U:", "C:\\users")  # SUBST U: C:\users
    for d in "CNTUZ":
        print(d, k.GetDriveTypeW(d + ":\\"), volume._dos_device(d + ":"))
    for p in [r"C:\users", r"Z:\tmp", r"N:\档案", r"T:\档案", r"U:\档案", r"\\server\share\档案"]:
        print(repr(p), "->", volume.network_location(p))


def held_files() -> None:
    from core.archive import Archive
    from core.folder.held import is_held

    k = ctypes.windll.kernel32
    k.CreateFileW.restype = wintypes.HANDLE
    k.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID]
    k.CreateFileW.argtypes += [wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    root = tempfile.mkdtemp()
    src = os.path.join(root, "src")
    os.makedirs(src)
    for name in ("请示.txt", "通知.txt", "纪要.txt"):
        Path(src, name).write_text(f"关于{name}的正文", encoding="utf-8")

    def hold(name):  # GENERIC_READ, share mode 0: nobody else may open it
        return k.CreateFileW(os.path.join(src, name), 0x80000000, 0, None, 3, 0x80, None)

    word, scan = hold("请示.txt"), hold("通知.txt")
    try:
        open(os.path.join(src, "请示.txt"), "rb")  # noqa: SIM115 - it must fail
    except OSError as e:
        print("open() of a held file:", type(e).__name__, "winerror", e.winerror, end=" ")
        print("is_held:", is_held(e), "winerror now", e.winerror)
    threading.Timer(0.4, lambda: k.CloseHandle(scan)).start()
    with Archive.open(os.path.join(root, "archive")) as a:
        for f in a.import_paths([src]).files:
            print(os.path.basename(f.path), f.status, f.error)
    k.CloseHandle(word)
    with Archive.open(os.path.join(root, "archive")) as a:
        r = a.import_paths([src])
        print("after closing it: imported", r.imported, "duplicates", r.duplicates)
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    drives()
    held_files()
