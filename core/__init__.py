"""Archivist core: storage, extraction, indexing and search. Never imports Qt."""

__version__ = "0.1.0"
