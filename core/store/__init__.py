"""SQLite, the source of truth: every SQL statement and every sqlite3 connection lives here."""

from sqlite3 import Error as DatabaseError  # what a failed write raises (disk full, locked …)

from core.store.database import Store

__all__ = ["DatabaseError", "Store"]
