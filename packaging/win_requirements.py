"""Turn `uv export` output into pinned requirements for Windows x64 (markers evaluated for win32).

pip download --platform win_amd64 evaluates environment markers for the host (Linux), so
Windows-only dependencies such as pefile would be dropped; this script decides them for Windows.
Usage: uv export ... | python win_requirements.py 3.12 [--skip NAME ...] [--pin NAME==VER ...]
       > win-requirements.txt
--skip drops a package (opencv: packaging/cv2shim stands in for it on Windows); --pin replaces
a package's version (numpy 1.26.4: numpy 2.x crashes under wine 8, `ucrtbase.dll.crealf`).
"""

from __future__ import annotations

import sys

try:
    from packaging.requirements import Requirement
except ImportError:  # a bare interpreter: pip vendors the same library
    from pip._vendor.packaging.requirements import Requirement


def windows_environment(python_version: str) -> dict[str, str]:
    """The marker environment of CPython <python_version> on 64-bit Windows."""
    return {
        "implementation_name": "cpython",
        "implementation_version": python_version,
        "os_name": "nt",
        "platform_machine": "AMD64",
        "platform_python_implementation": "CPython",
        "platform_release": "10",
        "platform_system": "Windows",
        "platform_version": "10.0.19045",
        "python_full_version": python_version + ".0",
        "python_version": python_version,
        "sys_platform": "win32",
    }


def windows_requirements(
    lines: list[str], python_version: str, skip: set[str], pins: dict[str, str] | None = None
) -> list[str]:
    """Pinned `name==version` lines whose markers hold on Windows, minus the skipped names,
    with `pins` (name → requirement) replacing a package's own line."""
    env = windows_environment(python_version)
    found = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        if req.name.lower() in skip:
            continue
        line = (pins or {}).get(req.name.lower(), f"{req.name}{req.specifier}")
        if line not in found:
            found.append(line)
    return found


def main(argv: list[str]) -> int:
    python_version, skip, pins, option = argv[1], set(), {}, None
    for arg in argv[2:]:
        if arg in ("--skip", "--pin"):
            option = arg
        elif option == "--skip":
            skip.add(arg.lower())
        elif option == "--pin":
            pins[Requirement(arg).name.lower()] = arg
    for line in windows_requirements(sys.stdin.read().splitlines(), python_version, skip, pins):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
