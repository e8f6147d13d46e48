"""Whole-file work on archive.db for backup and restore: a consistent copy, counts, a check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.store.schema import SCHEMA_VERSION


def snapshot_db(source: Path, dest: Path) -> None:
    """A consistent copy with SQLite's backup API (safe while the program writes)."""
    src = sqlite3.connect(str(source), timeout=30)
    dst = sqlite3.connect(str(dest))
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()


def counts(db_path: Path) -> dict:
    """What an archive.db holds: live and trashed documents, categories, 档号, schema version."""
    db = sqlite3.connect(str(db_path))
    try:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents WHERE deleted_at IS NULL"),
            "trash": one("SELECT count(*) FROM documents WHERE deleted_at IS NOT NULL"),
            "categories": one("SELECT count(*) FROM categories"),
            "archive_codes": one("SELECT count(*) FROM documents WHERE archive_code IS NOT NULL"),
            "schema_version": one("PRAGMA user_version"),
        }
    finally:
        db.close()


def check_file(db_path: Path) -> tuple[bool, str]:
    """(too new for this program, SQLite's quick_check result) of an archive.db file."""
    db = sqlite3.connect(str(db_path))
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        integrity = db.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        db.close()
    return version > SCHEMA_VERSION, integrity
