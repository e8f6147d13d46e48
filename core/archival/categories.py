"""The category tree: list with counts, add, rename, move, delete (documents are never lost).

Functions of the store; the facade tells the search engine afterwards that the data changed.
"""

from __future__ import annotations

from core.errors import ArchiveError
from core.models import UNCATEGORIZED


def listing(store) -> list[dict]:
    """Every category with its path and the number of live documents directly in it."""
    counts, paths = store.live_counts_by_category(), store.category_paths()
    return [
        c | {"path": paths[c["id"]], "count": counts.get(c["id"], 0)} for c in store.categories()
    ]


def _checked_name(store, name: str, parent_id, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name or "/" in name:
        raise ArchiveError("类别名称不能为空，也不能包含“/”")
    if store.sibling_named(name, parent_id, exclude):
        raise ArchiveError(f"同一级下已有名为“{name}”的类别")
    return name


def _changeable(store, category_id: int, doing: str) -> dict:
    """The category's row; 未分类 itself cannot be renamed or deleted."""
    row = store.category(category_id)
    if row["name"] == UNCATEGORIZED and row["parent_id"] is None:
        raise ArchiveError(f"“未分类”不能{doing}")
    return row


def add(store, name: str, parent_id: int | None, code: str | None) -> int:
    if parent_id is not None:
        store.category(parent_id)  # NotFound for a bad parent
    name = _checked_name(store, name, parent_id)
    with store.transaction():
        cid = store.insert("categories", {"name": name, "parent_id": parent_id, "code": code})
        store.audit("category_add", None, {"id": cid, "name": name, "parent_id": parent_id})
    return cid


def rename(store, category_id: int, name: str) -> None:
    row = _changeable(store, category_id, "改名")
    name = _checked_name(store, name, row["parent_id"], exclude=category_id)
    with store.transaction():
        store.update("categories", category_id, {"name": name})
        store.audit("category_rename", None, {"id": category_id, "old": row["name"], "new": name})


def move(store, category_id: int, new_parent_id: int | None) -> None:
    row = store.category(category_id)
    if new_parent_id is not None and new_parent_id in store.category_subtree(category_id):
        raise ArchiveError("不能把类别移到它自己或它的下级类别里")
    _checked_name(store, row["name"], new_parent_id, exclude=category_id)
    with store.transaction():
        store.update("categories", category_id, {"parent_id": new_parent_id})
        details = {"id": category_id, "old_parent": row["parent_id"], "new_parent": new_parent_id}
        store.audit("category_move", None, details)


def delete(store, category_id: int) -> int:
    """Delete a category and its subcategories; their documents move to 未分类."""
    row = _changeable(store, category_id, "删除")
    subtree = store.category_subtree(category_id)
    with store.transaction():
        moved = store.delete_categories(subtree, move_documents_to=store.uncategorized_id())
        details = {"id": category_id, "name": row["name"], "documents_moved": moved}
        store.audit("category_delete", None, details)
    return moved
