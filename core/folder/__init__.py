"""The archive folder on disk: where it is, its lock, its log, its settings, its kept originals."""
