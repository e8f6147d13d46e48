"""The category tree's SQL (a mixin of Store); the rules for changing it are in core/archival."""

from __future__ import annotations

from core.errors import NotFound
from core.models import UNCATEGORIZED, category_paths, category_subtree


class CategoryRows:
    """Category SQL; mixed into Store (self.db, self.lock, self.insert … come from there)."""

    def categories(self) -> list[dict]:
        """Every category: id, name, parent_id, code."""
        return self.query(
            "SELECT id, name, parent_id, code FROM categories ORDER BY parent_id, name"
        )

    def category_paths(self) -> dict[int, str]:
        """category id -> '党群/组织' style path."""
        return category_paths(self.categories())

    def category_path(self, category_id: int | None) -> str:
        """'党群/组织' style path of a category ('' when there is none)."""
        return self.category_paths().get(category_id, "")

    def category_subtree(self, category_id: int) -> set[int]:
        """The category and all its descendants."""
        return category_subtree(category_id, self.categories())

    def category_by_name(self, name: str) -> list[int]:
        """Ids of categories whose name or path equals name."""
        name = name.strip().strip("/")
        paths = self.category_paths()
        return [c["id"] for c in self.categories() if name in (c["name"], paths[c["id"]])]

    def category(self, category_id: int) -> dict:
        """One category's row; NotFound when there is none."""
        rows = self.query("SELECT * FROM categories WHERE id = ?", [category_id])
        if not rows:
            raise NotFound(f"没有编号为 {category_id} 的类别")
        return rows[0]

    def sibling_named(self, name: str, parent_id: int | None, exclude: int | None) -> int | None:
        """The id of another category with this name under the same parent, if any."""
        return self.scalar(
            "SELECT id FROM categories WHERE name = ? AND parent_id IS ? AND id IS NOT ?",
            [name, parent_id, exclude],
        )

    def live_counts_by_category(self) -> dict[int, int]:
        """category id -> live documents directly in it."""
        with self.lock:
            return dict(
                self.db.execute(
                    "SELECT category_id, count(*) FROM documents WHERE deleted_at IS NULL "
                    "GROUP BY category_id"
                ).fetchall()
            )

    def ensure_category_path(self, names: list[str]) -> int:
        """The id of the category at this path, creating missing levels."""
        parent = None
        for name in names:
            name = name.strip()
            if not name:
                continue
            row = self.db.execute(
                "SELECT id FROM categories WHERE name = ? AND parent_id IS ?", [name, parent]
            ).fetchone()
            parent = (
                row[0] if row else self.insert("categories", {"name": name, "parent_id": parent})
            )
        return parent if parent is not None else self.uncategorized_id()

    def uncategorized_id(self) -> int:
        return self.scalar(
            "SELECT id FROM categories WHERE name = ? AND parent_id IS NULL", [UNCATEGORIZED]
        )

    def delete_categories(self, ids: set[int], move_documents_to: int) -> int:
        """Move the documents of these categories, then delete them (in the caller's
        transaction); the number of documents moved."""
        marks = ",".join("?" * len(ids))
        moved = self.execute(
            f"UPDATE documents SET category_id = ? WHERE category_id IN ({marks})",
            [move_documents_to, *ids],
        )
        paths = self.category_paths()
        # children first so the parent_id foreign keys never dangle
        for cid in sorted(ids, key=lambda c: -paths.get(c, "").count("/")):
            self.execute("DELETE FROM categories WHERE id = ?", [cid])
        return moved
