"""Packaging inputs that a broken Windows build would reveal only under wine: checked here cheaply."""

from __future__ import annotations

import importlib.util
import struct
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def load_win_requirements():
    spec = importlib.util.spec_from_file_location(
        "win_requirements", REPO / "packaging" / "win_requirements.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_windows_only_dependencies_are_kept_and_others_dropped():
    """pip decides markers for Linux; the wheel list must still hold PyInstaller's Windows deps."""
    exported = [
        "altgraph==0.17.5",
        "    # via pyinstaller",
        "macholib==1.16.4 ; sys_platform == 'darwin'",
        "pefile==2024.8.26 ; sys_platform == 'win32'",
        "pywin32-ctypes==0.2.3 ; sys_platform == 'win32'",
        "uvloop==0.21.0 ; sys_platform != 'win32'",
        "pillow==13.0.0",
        "tomli==2.2.1 ; python_full_version < '3.11'",
    ]
    pins = load_win_requirements().windows_requirements(exported, "3.12", skip={"pillow"})
    assert pins == ["altgraph==0.17.5", "pefile==2024.8.26", "pywin32-ctypes==0.2.3"]


def test_a_pinned_version_replaces_every_line_of_that_package():
    """numpy 1.26.4 for the Windows build (2.x crashes under wine), whatever uv.lock says."""
    exported = [
        "numpy==2.4.6 ; python_full_version < '3.12'",
        "numpy==2.5.5 ; python_full_version >= '3.12'",
        "opencv-python-headless==5.1.0.95",
        "rapidocr==3.10.0",
    ]
    pins = load_win_requirements().windows_requirements(
        exported, "3.12", skip={"opencv-python-headless"}, pins={"numpy": "numpy==1.26.4"}
    )
    assert pins == ["numpy==1.26.4", "rapidocr==3.10.0"]


def test_every_runtime_dependency_reaches_the_windows_wheel_list():
    """Each [project] dependency of pyproject.toml is in the list derived from uv.lock."""
    import subprocess

    exported = subprocess.run(
        ["uv", "export", "--frozen", "--no-dev", "--no-hashes", "--no-header", "--no-annotate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    pins = load_win_requirements().windows_requirements(exported, "3.12", skip=set())
    names = {p.split("==")[0].lower().replace("_", "-") for p in pins}
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    for dep in project["dependencies"]:
        name = dep.split(";")[0].split("=")[0].split(">")[0].split("<")[0].strip().lower()
        assert name.replace("_", "-") in names, dep


def test_app_icon_holds_every_windows_size():
    """Explorer, the taskbar and the installer pick 16-256 px images from the .ico."""
    data = (REPO / "resources" / "icons" / "archivist.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = {(data[6 + 16 * i] or 256) for i in range(count)}  # width byte 0 means 256
    assert {16, 24, 32, 48, 256} <= sizes
