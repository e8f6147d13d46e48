"""Metadata guessing, split by concern; core.ingest.describe is the public entry."""
