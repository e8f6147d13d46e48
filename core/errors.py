"""Errors the core raises; every message is one a clerk can read (Chinese)."""


class ArchiveError(Exception):
    """Base for errors shown to the user as they are."""


class NotFound(ArchiveError):
    """No such document, category or file."""


class QueryError(ArchiveError):
    """A query that cannot be run (shown with how it was read)."""


class ArchiveLocked(ArchiveError):
    """Another program instance has this archive open for writing."""


class Cancelled(ArchiveError):
    """The user cancelled a long operation (not an error to report)."""


class BackupDamaged(ArchiveError):
    """The backup file is not intact; nothing was restored."""


class ArchiveOnNetwork(ArchiveError):
    """The archive folder is on a network drive, where SQLite's WAL mode is not safe."""
