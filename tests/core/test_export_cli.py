"""The export commands from the command line: files appear, JSON shapes stay stable."""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import load_workbook

from tests.core.export_samples import fill
from tests.core.test_cli import cli


@pytest.fixture
def folder(archive, write):
    fill(archive, write)
    archive.assign_codes()
    path = archive.folder
    archive.close()  # the command line opens it itself
    return path


def test_export_catalogue_files_and_pdf_from_the_command_line(folder, tmp_path):
    out = tmp_path / "out"
    cat = json.loads(
        cli(
            "export",
            "catalogue",
            "--out",
            str(out / "目录.xlsx"),
            "--per-class",
            "--json",
            data_dir=folder,
        ).stdout
    )
    assert cat["documents"] == 5 and "封面" in cat["sheets"]
    assert (
        load_workbook(out / "目录.xlsx")["2023-永久-BGS"]["B3"].value == "Z109-WS·2023-Y-BGS-0001"
    )
    csv_out = cli(
        "export",
        "catalogue",
        "党建",
        "--year",
        "2023",
        "--out",
        str(out / "a.csv"),
        "--columns",
        "档号,题名",
        "--json",
        data_dir=folder,
    )
    assert json.loads(csv_out.stdout)["columns"] == ["档号", "题名"]
    assert (out / "a.csv").read_text("utf-8-sig").splitlines()[
        1
    ] == "Z109-WS·2023-Y-BGS-0001,2023年党建工作要点"
    files = json.loads(
        cli("export", "files", "--out", str(out / "原件.zip"), "--json", data_dir=folder).stdout
    )
    assert {"out", "files", "missing", "damaged", "manifest"} <= set(files) and files["files"] == 5
    assert "manifest.json" in zipfile.ZipFile(out / "原件.zip").namelist()
    done = cli("export", "pdf", "--out", str(out / "目录.pdf"), "--json", data_dir=folder)
    assert json.loads(done.stdout)["documents"] == 5 and (out / "目录.pdf").stat().st_size > 1000
    box = cli(
        "export",
        "box-labels",
        "--year",
        "2023",
        "--retention",
        "永久",
        "--org",
        "BGS",
        "--from",
        "1",
        "--to",
        "3",
        "--out",
        str(out / "盒.pdf"),
        data_dir=folder,
    )
    assert "盒脊" in box.stdout and (out / "盒.pdf").exists()


def test_an_empty_selection_is_an_error_not_an_empty_file(folder, tmp_path):
    proc = cli(
        "export",
        "catalogue",
        "没有这样的词",
        "--out",
        str(tmp_path / "x.xlsx"),
        data_dir=folder,
        check=False,
    )
    assert proc.returncode == 1 and "没有符合条件的文件" in proc.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_export_works_while_the_window_has_the_archive_open(archive, write, tmp_path):
    fill(archive, write)
    archive.assign_codes()  # the fixture's archive stays open, holding the lock
    out = tmp_path / "目录.csv"
    cli("export", "catalogue", "--out", str(out), data_dir=archive.folder)
    assert "Z109-WS·2023-Y-BGS-0001" in out.read_text("utf-8-sig")
    refused = cli("assign-codes", data_dir=archive.folder, check=False)
    assert refused.returncode == 1 and "错误" in refused.stderr
