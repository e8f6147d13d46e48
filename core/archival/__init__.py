"""Archival work on stored documents: categories, 档号/件号, exports, backup and restore."""
