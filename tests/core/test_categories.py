"""Category tree management never loses a document."""

import pytest

from core.errors import ArchiveError


def test_add_rename_move_delete_keeps_documents(archive, write):
    archive.import_paths([write("x.txt", "党委会会议记录 2023年3月1日")], category="党群/组织")
    org = next(c for c in archive.categories() if c["path"] == "党群/组织")
    sub = archive.add_category("支部", parent_id=org["id"])
    archive.rename_category(org["id"], "组织工作")
    assert archive.search("", category="党群/组织工作").total == 1
    archive.move_category(org["id"], None)
    assert any(c["path"] == "组织工作/支部" and c["id"] == sub for c in archive.categories())
    moved = archive.delete_category(org["id"])
    assert moved == 1
    assert archive.search("党委会").hits[0].category == "未分类"
    assert not any(c["path"].startswith("组织工作") for c in archive.categories())


def test_bad_moves_and_names_are_refused(archive):
    a = archive.add_category("甲")
    b = archive.add_category("乙", parent_id=a)
    with pytest.raises(ArchiveError):
        archive.move_category(a, b)
    with pytest.raises(ArchiveError):
        archive.add_category("乙", parent_id=a)
    with pytest.raises(ArchiveError):
        archive.add_category("a/b")
    uncategorized = next(c["id"] for c in archive.categories() if c["path"] == "未分类")
    with pytest.raises(ArchiveError):
        archive.delete_category(uncategorized)
