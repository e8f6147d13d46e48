"""Metadata guessing, split by concern; core.metadata is the public entry."""
