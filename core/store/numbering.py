"""件号 and 档号 SQL (a mixin of Store); the numbering rules are in core/archival/codes.py."""

from __future__ import annotations

import sqlite3

from core.errors import ArchiveError

CODE_COLUMNS = "id, title, year, retention, org, item_no, archive_code, date, deleted_at"
# Which documents a numbering looks at (fixed conditions: no SQL text crosses the store).
CODE_SETS = {
    "live": "deleted_at IS NULL",
    "coded": "archive_code IS NOT NULL",
    "numbered": "item_no IS NOT NULL",
    "year": "year = ?",
}


class NumberingRows:
    """Numbering SQL; mixed into Store (self.db, self.query … come from there)."""

    def code_rows(self, which: str, *params) -> list[dict]:
        """The numbering fields of the documents in one CODE_SETS set."""
        return self.query(f"SELECT {CODE_COLUMNS} FROM documents WHERE {CODE_SETS[which]}", params)

    def current_code(self, doc_id: int) -> tuple[int | None, str | None] | None:
        """(件号, 档号) of one document as stored now; None when it is gone."""
        rows = self.query("SELECT item_no, archive_code FROM documents WHERE id = ?", [doc_id])
        return (rows[0]["item_no"], rows[0]["archive_code"]) if rows else None

    def item_counters(self) -> dict[tuple[int, str, str], int]:
        """(year, retention code, 机构) -> the highest 件号 ever given in that class."""
        rows = self.query("SELECT year, retention, org, last_item FROM item_counters")
        return {(r["year"], r["retention"], r["org"]): r["last_item"] for r in rows}

    def set_item_counter(self, cls: tuple[int, str, str], peak: int, lower: bool) -> None:
        """Raise a class's counter to peak (or set it exactly, lower=True: a renumbering)."""
        new = "excluded.last_item" if lower else "max(last_item, excluded.last_item)"
        self.execute(
            "INSERT INTO item_counters (year, retention, org, last_item) VALUES (?, ?, ?, ?) "
            f"ON CONFLICT (year, retention, org) DO UPDATE SET last_item = {new}",
            [*cls, peak],
        )

    def set_codes(self, changes: list[tuple[int, dict]]) -> None:
        """Write (id, {item_no, archive_code[, retention]}) in the caller's transaction; the
        old numbers are cleared first so they can move between documents."""
        try:
            for doc_id, _ in changes:
                self.update("documents", doc_id, {"item_no": None, "archive_code": None})
            for doc_id, fields in changes:
                self.update("documents", doc_id, fields)
        except sqlite3.IntegrityError as e:
            raise ArchiveError(f"档号或件号重复，未作任何修改（{e}）") from e

    def box_ids(self, year: int, first: int, last: int) -> list[int]:
        """Live documents of a year whose 件号 lies in first…last."""
        rows = self.query(
            "SELECT id FROM documents WHERE year = ? AND item_no BETWEEN ? AND ? "
            "AND deleted_at IS NULL",
            [year, first, last],
        )
        return [r["id"] for r in rows]
