"""The command line's JSON shapes (scripts depend on them) and its error handling."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def cli(*args, data_dir, check=True):
    proc = subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def imported(tmp_path, write):
    write("党建/总结.txt", "2022年度党建工作总结\n开展三会一课48次。\n2022年12月11日")
    write("行政/通知.txt", "关于放假的通知\n2021年1月5日", "gb18030")
    data = tmp_path / "data"
    out = json.loads(cli("import", str(tmp_path / "src"), "--json", data_dir=data).stdout)
    return data, out


def test_import_json_shape(imported):
    _, out = imported
    assert {"imported", "duplicates", "failed", "files"} <= set(out)
    assert out["imported"] == 2
    assert all({"path", "status", "id", "error"} <= set(f) for f in out["files"])


def test_search_json_shape_and_filters(imported):
    data, _ = imported
    out = json.loads(cli("search", "三会一课", "--json", data_dir=data).stdout)
    assert out["total"] == 1 and "took_ms" in out
    hit = out["hits"][0]
    keys = {
        "id",
        "title",
        "date",
        "year",
        "category",
        "doc_type",
        "issuer",
        "doc_number",
        "archive_code",
        "score",
        "snippet",
    }
    assert keys <= set(hit)
    assert hit["title"] == "2022年度党建工作总结" and "【三会一课】" in hit["snippet"]
    out = json.loads(cli("search", "", "--year", "2021", "--json", data_dir=data).stdout)
    assert [h["title"] for h in out["hits"]] == ["关于放假的通知"]
    out = json.loads(
        cli(
            "search", "", "--year", "2019-2022", "--category", "党建", "--json", data_dir=data
        ).stdout
    )
    assert out["total"] == 1


def test_show_stats_check_reindex(imported):
    data, out = imported
    doc_id = out["files"][0]["id"]
    doc = json.loads(cli("show", str(doc_id), "--json", data_dir=data).stdout)
    assert "content" in doc and doc["id"] == doc_id
    stats = json.loads(cli("stats", "--json", data_dir=data).stdout)
    assert stats["documents"] == 2 and set(stats["by_year"]) == {"2021", "2022"}
    assert json.loads(cli("reindex", "--json", data_dir=data).stdout) == {"indexed": 2}
    assert json.loads(cli("check", "--json", data_dir=data).stdout)["ok"] is True


@pytest.mark.parametrize(
    "args", [("show", "999"), ("import", "/no/such/folder"), ("search", "x", "--year", "abc")]
)
def test_errors_are_clear_and_exit_non_zero(tmp_path, args):
    proc = cli(*args, data_dir=tmp_path / "d", check=False)
    assert proc.returncode != 0
    assert "错误" in proc.stderr and "Traceback" not in proc.stderr


def test_audit_trail_is_viewable(imported):
    data, out = imported
    rows = json.loads(cli("audit", "--json", data_dir=data).stdout)
    assert [r["action"] for r in rows] == ["import", "import"]
    assert all(r["at"] and "path" in r["details"] for r in rows)


def test_reading_commands_work_while_the_archive_is_open_elsewhere(imported):
    from core.archive import Archive

    data, _ = imported
    with Archive.open(data):  # the window holds the write lock
        out = json.loads(cli("search", "三会一课", "--json", data_dir=data).stdout)
        assert out["total"] == 1
        proc = cli("reindex", data_dir=data, check=False)
        assert proc.returncode == 1 and "另一个" in proc.stderr


def test_global_options_may_come_before_the_command(imported):
    data, _ = imported
    proc = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--data-dir", str(data), "--json", "stats"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"] == 2


def test_any_query_string_through_the_cli_gives_json_or_a_clear_error(tmp_path_factory):
    """Arbitrary text (control characters, brackets, field names, floods) never crashes `search`."""
    import contextlib
    import io

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from cli import run
    from core.archive import Archive

    data = tmp_path_factory.mktemp("fuzzcli")
    src = data / "src.txt"
    src.write_text("学院党建工作总结 三会一课 PNAS 2022年12月11日", encoding="utf-8")
    with Archive.open(data / "a") as archive:
        archive.import_paths([src])
    pieces = st.sampled_from(
        [
            "题名:",
            "年度:",
            "日期:>",
            '"',
            "(",
            ")",
            "-",
            "OR",
            "NOT",
            "三会",
            "*",
            "：",
            "　",
            "２０２２",
            "..",
            "\x00",
            "\n",
        ]
    )
    queries = st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=12).map("".join)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(queries)
    def check(query):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            # "--": a query may begin with "-" (NOT), as on a real command line
            code = run(["search", "--data-dir", str(data / "a"), "--json", "--", query])
        if code == 0:
            assert {"total", "hits", "notes"} <= set(json.loads(out.getvalue()))
        else:
            assert "错误" in err.getvalue()

    check()


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path, write):
    # `main.py show 1 --json | head -c 20`: the reader goes away while the text is written.
    write("长文.txt", "关于档案工作的报告\n" + "档案工作要求全面规范。" * 20000)
    data = tmp_path / "data"
    cli("import", str(tmp_path / "src"), data_dir=data)
    command = [
        sys.executable,
        str(REPO / "main.py"),
        "show",
        "1",
        "--json",
        "--data-dir",
        str(data),
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    head = proc.stdout.read(20)
    proc.stdout.close()
    errors = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(60)
    assert head.startswith(b"{")
    assert "Traceback" not in errors and "BrokenPipe" not in errors and errors == ""


def test_help_names_the_self_test_and_that_no_command_opens_the_window(tmp_path):
    out = cli("--help", data_dir=tmp_path).stdout
    assert "--self-test" in out
    assert "no command here opens the window" in out
    assert "import" in out and "search" in out and "backup" in out


def test_the_default_archive_is_the_one_the_window_last_switched_to(tmp_path, write, monkeypatch):
    from core.archive import default_folder, remember_folder

    monkeypatch.setenv("ARCHIVIST_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("ARCHIVIST_HOME", raising=False)
    chosen = tmp_path / "D盘档案"
    write("通知.txt", "关于放假的通知\n2021年1月5日")
    cli("import", str(tmp_path / "src"), data_dir=chosen)
    before = default_folder()
    assert before != chosen
    remember_folder(chosen)  # what the window does when the clerk opens another archive
    assert default_folder() == chosen.resolve()
    assert default_folder(tmp_path / "explicit") == (tmp_path / "explicit").resolve()
    proc = subprocess.run(  # the command line without --data-dir follows the same rule
        [sys.executable, str(REPO / "main.py"), "stats", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert json.loads(proc.stdout)["documents"] == 1
    monkeypatch.setenv("ARCHIVIST_HOME", str(tmp_path / "home"))  # the environment still wins
    assert default_folder() == (tmp_path / "home").resolve()
