"""Saved searches (常用检索): kept in the archive, across restarts and backup/restore, and the CLI."""

from __future__ import annotations

import json

import pytest

from core.errors import ArchiveError, NotFound
from tests.core.test_cli import cli

DOCS = {
    "a.txt": "2022年度党建工作总结\n开展三会一课48次。\n2022年12月11日",
    "b.txt": "关于党建工作的通知\n2021年1月5日",
    "c.txt": "疫情防控工作方案\n2022年3月1日",
}


@pytest.fixture
def folder(tmp_path, write):
    from core.archive import Archive

    for name, text in DOCS.items():
        write(name, text)
    folder = tmp_path / "archive"
    with Archive.open(folder) as archive:
        assert archive.import_paths([tmp_path / "src"]).imported == 3
        archive.save_search("党建2022", "党建", years=2022)
        archive.save_search("全部工作", "工作")
    return folder


def titles(result):
    return sorted(h.title for h in result.hits)


def test_saved_searches_survive_a_restart_and_run_with_their_filters(folder):
    from core.archive import Archive

    with Archive.open(folder) as archive:
        assert [s["name"] for s in archive.saved_searches()] == ["党建2022", "全部工作"]
        saved = archive.saved_search("党建2022")
        assert saved["query"] == "党建" and saved["filters"]["years"] == [2022, 2022]
        assert titles(archive.search_saved("党建2022")) == ["2022年度党建工作总结"]
        assert archive.search_saved("全部工作").total == 3


def test_rename_replace_and_delete(folder):
    from core.archive import Archive

    with Archive.open(folder) as archive:
        archive.rename_saved_search("全部工作", "工作")
        with pytest.raises(ArchiveError, match="已有"):
            archive.rename_saved_search("工作", "党建2022")
        archive.save_search("工作", "疫情")  # the same name replaces
        archive.delete_saved_search("党建2022")
        with pytest.raises(NotFound):
            archive.delete_saved_search("党建2022")
        with pytest.raises(ArchiveError, match="不能为空"):
            archive.save_search("  ", "x")
    with Archive.open(folder) as archive:
        assert [(s["name"], s["query"]) for s in archive.saved_searches()] == [("工作", "疫情")]


def test_saved_searches_travel_with_backup_and_restore(folder, tmp_path):
    from core.archive import Archive, restore_backup

    with Archive.open(folder) as archive:
        archive.backup(tmp_path / "backup.zip")
        archive.delete_saved_search("党建2022")  # after the backup: restore brings it back
    restore_backup(tmp_path / "backup.zip", tmp_path / "restored")
    with Archive.open(tmp_path / "restored") as archive:
        assert [s["name"] for s in archive.saved_searches()] == ["党建2022", "全部工作"]
        assert titles(archive.search_saved("党建2022")) == ["2022年度党建工作总结"]


def test_cli_saved_add_list_search_delete(tmp_path, write):
    for name, text in DOCS.items():
        write(name, text)
    data = tmp_path / "data"
    cli("import", str(tmp_path / "src"), data_dir=data)
    cli("saved", "add", "二二年党建", "党建", "--year", "2022", data_dir=data)
    listed = json.loads(cli("saved", "list", "--json", data_dir=data).stdout)
    assert listed == [
        {
            "name": "二二年党建",
            "query": "党建",
            "filters": {"years": [2022, 2022], "category": None, "doc_type": None},
        }
    ]
    out = json.loads(cli("search", "--saved", "二二年党建", "--json", data_dir=data).stdout)
    assert out["total"] == 1 and out["hits"][0]["title"] == "2022年度党建工作总结"
    assert {"total", "total_is_estimate", "took_ms", "hits", "interpreted", "notes"} == set(out)
    wider = json.loads(
        cli(
            "search", "--saved", "二二年党建", "--year", "2021-2022", "--json", data_dir=data
        ).stdout
    )
    assert wider["total"] == 2  # an option given on the command line wins over the saved one
    cli("saved", "delete", "二二年党建", data_dir=data)
    assert cli("saved", "list", data_dir=data).stdout.strip() == "（没有常用检索）"
    missing = cli("search", "--saved", "二二年党建", data_dir=data, check=False)
    assert missing.returncode == 1 and "没有名为" in missing.stderr
