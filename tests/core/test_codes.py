"""档号 and 件号: templates, order, gaps never reused, duplicates impossible, imports alongside."""

from __future__ import annotations

import json
import threading

import pytest

from core.archival.codes import TEMPLATES, render_code
from core.errors import ArchiveError
from tests.core.export_samples import fill


def codes_of(archive) -> dict[int, str | None]:
    return {
        r["id"]: r["archive_code"]
        for r in archive.store.query("SELECT id, archive_code FROM documents")
    }


@pytest.mark.parametrize(
    ("template", "org", "expected"),
    [
        (TEMPLATES["DA/T 22-2015"], "BGS", "Z109-WS·2011-Y-BGS-0001"),
        (TEMPLATES["DA/T 13-2022"], "BGS", "Z109-WS·2011·Y·BGS-0001"),
        (TEMPLATES["DA/T 22-2015"], "", "Z109-WS·2011-Y-0001"),
        (TEMPLATES["DA/T 13-2022"], "", "Z109-WS·2011·Y-0001"),
    ],
)
def test_standard_templates_and_empty_org_left_out_cleanly(template, org, expected):
    code = render_code(template, fonds="Z109", year=2011, retention="Y", org=org, item=1)
    assert code == expected


def test_broken_template_is_a_readable_error():
    with pytest.raises(ArchiveError, match="档号模板"):
        render_code("{fonds}-{yaer}", fonds="Z", year=2011, retention="Y", org="", item=1)


def test_assignment_numbers_each_class_by_date_and_skips_with_reasons(archive, write):
    ids = fill(archive, write)
    plan = archive.assign_codes()
    assert plan.applied
    codes = codes_of(archive)
    # 永久/BGS/2023 by date: 要点 (Feb) 0001, 纪要 (Jun) 0002, 通知 (Dec) 0003
    assert codes[ids["计划.txt"]] == "Z109-WS·2023-Y-BGS-0001"
    assert codes[ids["纪要.txt"]] == "Z109-WS·2023-Y-BGS-0002"
    assert codes[ids["通知.txt"]] == "Z109-WS·2023-Y-BGS-0003"
    assert codes[ids["总结.txt"]] == "Z109-WS·2022-D30-0001"  # no 机构: segment left out
    assert codes[ids["草稿.txt"]] is None
    assert plan.skipped == [{"id": ids["草稿.txt"], "title": "无日期的草稿", "reason": "缺少年度"}]
    assert archive.search("档号:Z109-WS·2023-Y-BGS-0002").total == 1


def test_order_by_title_and_dry_run_writes_nothing(archive, write):
    ids = fill(archive, write)
    plan = archive.assign_codes(order="title", dry_run=True)
    assert not plan.applied and all(c is None for c in codes_of(archive).values())
    by_id = {c.id: c.new_item for c in plan.changes}
    titles = sorted(
        archive.document(i)["title"] for i in (ids["计划.txt"], ids["纪要.txt"], ids["通知.txt"])
    )
    firsts = [i for i, n in by_id.items() if n == 1 and archive.document(i)["year"] == 2023]
    assert archive.document(firsts[0])["title"] == titles[0]


def test_a_deleted_number_leaves_a_gap_and_is_never_reused(archive, write):
    ids = fill(archive, write)
    archive.assign_codes()
    archive.delete([ids["通知.txt"]])  # held 0003, the highest in its class
    # even gone from the database entirely, its number stays used
    with archive.store.transaction():
        archive.store.db.execute("DELETE FROM documents WHERE id = ?", [ids["通知.txt"]])
    new = write("新通知.txt", "关于开展主题教育的通知\n2023年9月1日")
    new_id = archive.import_paths([new]).files[0].id
    archive.update(new_id, retention="永久", org="BGS")
    archive.assign_codes()
    assert codes_of(archive)[new_id] == "Z109-WS·2023-Y-BGS-0004"


def test_duplicate_numbers_and_codes_are_refused_by_the_database(archive, write):
    ids = fill(archive, write)
    archive.assign_codes()
    # the database's UNIQUE rules refuse them; the clerk reads why (ArchiveError, not a crash)
    with pytest.raises(ArchiveError, match="件号"):
        archive.update(ids["纪要.txt"], item_no=1)  # 0001 belongs to 要点 in the same class
    with pytest.raises(ArchiveError, match="档号"):
        archive.update(ids["总结.txt"], archive_code="Z109-WS·2023-Y-BGS-0001")
    assert codes_of(archive)[ids["纪要.txt"]] == "Z109-WS·2023-Y-BGS-0002"


def test_a_hand_typed_code_is_never_duplicated(archive, write):
    ids = fill(archive, write)
    archive.update(ids["草稿.txt"], archive_code="Z109-WS·2023-Y-BGS-0001")  # typed by hand
    archive.assign_codes()
    codes = [c for c in codes_of(archive).values() if c]
    assert len(codes) == len(set(codes)) == 5
    assert codes_of(archive)[ids["计划.txt"]] == "Z109-WS·2023-Y-BGS-0002"


def test_a_hand_typed_code_is_not_overwritten(archive, write):
    ids = fill(archive, write)
    archive.update(ids["通知.txt"], archive_code="BGS-2023-特-01")
    plan = archive.assign_codes()
    assert codes_of(archive)[ids["通知.txt"]] == "BGS-2023-特-01"
    assert {
        "id": ids["通知.txt"],
        "title": "关于做好2023年度组织生活会的通知",
        "reason": "已有档号（手工填写），未改动",
    } in plan.skipped


def test_renumbering_is_shown_first_then_closes_gaps(archive, write):
    ids = fill(archive, write)
    archive.assign_codes()
    archive.delete([ids["纪要.txt"]])  # 0002 becomes a gap
    plan = archive.plan_renumber(2023, "永久", "BGS")
    moves = {c.id: (c.old_code, c.new_code) for c in plan.changes}
    assert moves[ids["通知.txt"]] == ("Z109-WS·2023-Y-BGS-0003", "Z109-WS·2023-Y-BGS-0002")
    assert moves[ids["纪要.txt"]] == ("Z109-WS·2023-Y-BGS-0002", None)  # in the trash
    assert codes_of(archive)[ids["通知.txt"]].endswith("0003")  # nothing written yet
    archive.apply_code_plan(plan)
    assert codes_of(archive)[ids["通知.txt"]] == "Z109-WS·2023-Y-BGS-0002"
    with pytest.raises(ArchiveError, match="过期"):
        archive.apply_code_plan(plan)  # the same plan again is stale


def test_retention_alias_is_normalised_so_classes_cannot_split(archive, write):
    ids = fill(archive, write)
    archive.update(ids["纪要.txt"], retention="Y")
    archive.assign_codes()
    assert archive.document(ids["纪要.txt"])["retention"] == "永久"
    items = {
        archive.document(i)["item_no"] for i in (ids["计划.txt"], ids["纪要.txt"], ids["通知.txt"])
    }
    assert items == {1, 2, 3}


def test_numbering_while_another_thread_imports(archive, write):
    sources = [
        write(f"批量/{n:02d}.txt", f"第{n}号会议记录\n研究事项{n}。\n2024年3月{n % 28 + 1}日")
        for n in range(40)
    ]
    errors: list[BaseException] = []

    def importer():
        try:
            for chunk in range(0, 40, 5):
                archive.import_paths(sources[chunk : chunk + 5], defaults={"retention": "永久"})
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    thread = threading.Thread(target=importer)
    thread.start()
    rounds = 0
    while thread.is_alive() or rounds == 0:
        archive.assign_codes()
        rounds += 1
    thread.join()
    archive.assign_codes()
    assert errors == []
    rows = archive.store.query("SELECT item_no, archive_code FROM documents")
    assert len(rows) == 40
    assert sorted(r["item_no"] for r in rows) == list(range(1, 41))  # no gaps, no duplicates
    assert len({r["archive_code"] for r in rows}) == 40


def test_cli_assign_codes_dry_run_json(archive, write, tmp_path):
    from tests.core.test_cli import cli

    fill(archive, write)
    folder = archive.folder
    archive.close()
    out = json.loads(cli("assign-codes", "--dry-run", "--json", data_dir=folder).stdout)
    assert {"kind", "applied", "changes", "skipped", "notes"} <= set(out)
    assert out["applied"] is False and len(out["changes"]) == 4
    assert {"id", "old_code", "new_code", "old_item", "new_item"} <= set(out["changes"][0])
    done = json.loads(cli("assign-codes", "--year", "2023", "--json", data_dir=folder).stdout)
    assert done["applied"] and {c["new_code"][-4:] for c in done["changes"]} == {
        "0001",
        "0002",
        "0003",
    }


def test_changing_the_template_and_recoding_keeps_the_numbers(archive, write):
    from core.archival.codes import TEMPLATES

    ids = fill(archive, write)
    archive.assign_codes()
    archive.settings["code_template"] = TEMPLATES["DA/T 13-2022"]
    plan = archive.plan_recode()
    assert len(plan.changes) == 4 and codes_of(archive)[ids["通知.txt"]].endswith("-BGS-0003")
    archive.apply_code_plan(plan)
    assert codes_of(archive)[ids["通知.txt"]] == "Z109-WS·2023·Y·BGS-0003"
    assert codes_of(archive)[ids["总结.txt"]] == "Z109-WS·2022·D30-0001"
    assert archive.plan_recode().changes == []
