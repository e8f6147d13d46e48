"""The Qt window: presents what core.archive.Archive does."""
