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

    from core.archive import Archive
    from core.cli import run

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
