"""The category tree: list with counts, add, rename, move, delete (documents are never lost)."""

from __future__ import annotations

from core.errors import ArchiveError, NotFound
from core.models import UNCATEGORIZED


def listing(archive) -> list[dict]:
    """Every category with its path and the number of live documents directly in it."""
    store = archive.store
    counts = dict(
        store.db.execute(
            "SELECT category_id, count(*) FROM documents WHERE deleted_at IS NULL GROUP BY category_id"
        ).fetchall()
    )
    return [
        c | {"path": store.category_path(c["id"]), "count": counts.get(c["id"], 0)}
        for c in store.categories()
    ]


def _get(archive, category_id: int) -> dict:
    rows = archive.store.query("SELECT * FROM categories WHERE id = ?", [category_id])
    if not rows:
        raise NotFound(f"没有编号为 {category_id} 的类别")
    return rows[0]


def _check_name(archive, name: str, parent_id, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name or "/" in name:
        raise ArchiveError("类别名称不能为空，也不能包含“/”")
    clash = archive.store.scalar(
        "SELECT id FROM categories WHERE name = ? AND parent_id IS ? AND id IS NOT ?",
        [name, parent_id, exclude],
    )
    if clash:
        raise ArchiveError(f"同一级下已有名为“{name}”的类别")
    return name


def add(archive, name: str, parent_id: int | None, code: str | None) -> int:
    if parent_id is not None:
        _get(archive, parent_id)
    name = _check_name(archive, name, parent_id)
    with archive.store.transaction():
        cid = archive.store.insert(
            "categories", {"name": name, "parent_id": parent_id, "code": code}
        )
        archive.store.audit("category_add", None, {"id": cid, "name": name, "parent_id": parent_id})
    archive.engine.invalidate()
    return cid


def rename(archive, category_id: int, name: str) -> None:
    row = _get(archive, category_id)
    if row["name"] == UNCATEGORIZED and row["parent_id"] is None:
        raise ArchiveError("“未分类”不能改名")
    name = _check_name(archive, name, row["parent_id"], exclude=category_id)
    with archive.store.transaction():
        archive.store.update("categories", category_id, {"name": name})
        archive.store.audit(
            "category_rename", None, {"id": category_id, "old": row["name"], "new": name}
        )
    archive.engine.invalidate()


def move(archive, category_id: int, new_parent_id: int | None) -> None:
    row = _get(archive, category_id)
    if new_parent_id is not None and new_parent_id in archive.store.category_subtree(category_id):
        raise ArchiveError("不能把类别移到它自己或它的下级类别里")
    _check_name(archive, row["name"], new_parent_id, exclude=category_id)
    with archive.store.transaction():
        archive.store.update("categories", category_id, {"parent_id": new_parent_id})
        archive.store.audit(
            "category_move",
            None,
            {"id": category_id, "old_parent": row["parent_id"], "new_parent": new_parent_id},
        )
    archive.engine.invalidate()


def delete(archive, category_id: int) -> int:
    row = _get(archive, category_id)
    if row["name"] == UNCATEGORIZED and row["parent_id"] is None:
        raise ArchiveError("“未分类”不能删除")
    store = archive.store
    subtree = store.category_subtree(category_id)
    target = store.uncategorized_id()
    marks = ",".join("?" * len(subtree))
    with store.transaction():
        moved = store.db.execute(
            f"UPDATE documents SET category_id = ? WHERE category_id IN ({marks})",
            [target, *subtree],
        ).rowcount
        # children first so the parent_id foreign keys never dangle
        for cid in sorted(subtree, key=lambda c: -len(store.category_path(c))):
            store.db.execute("DELETE FROM categories WHERE id = ?", [cid])
        store.audit(
            "category_delete",
            None,
            {"id": category_id, "name": row["name"], "documents_moved": moved},
        )
    archive.engine.invalidate()
    return moved
