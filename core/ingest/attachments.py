"""A mail's attachments become documents of their own, linked to the mail (a mixin of Importer).

The mail's extractor (in the sandbox worker) hands over the attachments' bytes; each one of a
format we import is written to a temporary folder and goes through the same path as any file
(hash, duplicate check, extraction in the sandbox, metadata, store, index), reported by the name
"邮件名 › 附件名". A forwarded mail inside a mail is an attachment too, unpacked in its turn down
to MAX_DEPTH levels. A duplicate attachment is not stored twice: the mail links to the document
already in the archive.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core.ingest.extract.base import TOO_LARGE, UNREADABLE
from core.ingest.feed import SourceFile
from core.models import FileOutcome

log = logging.getLogger(__name__)

MAX_DEPTH = 3  # a mail in a mail in a mail: deeper ones are imported, not unpacked
# What an office mails around and we import; other attachments (.zip, .exe, signature .gif)
# stay a line in the mail's text.
ATTACHMENT_SUFFIXES = {
    ".doc", ".docx", ".docm", ".dotx", ".wps", ".pdf", ".xls", ".xlsx", ".et", ".rtf", ".odt",
    ".ofd", ".ppt", ".pptx", ".pps", ".dps", ".txt", ".csv", ".md", ".html", ".htm", ".mht",
    ".mhtml", ".eml", ".msg", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp",
}  # fmt: skip
SEPARATOR = " › "
_RE_UNSAFE = re.compile(r'[\x00-\x1f\\/:*?"<>|]')


@dataclass
class Attached:
    """One attachment waiting to be imported: which mail, its name, where its bytes are."""

    mail_id: int
    name: str
    display: str  # 邮件名 › 附件名, what the report and source_path say
    position: int
    category_id: int
    folders: list[str]
    depth: int
    path: Path | None  # None: not written out (error says why)
    error: str | None = None
    mail_date: str | None = None  # offered as the date of an attachment that names none


class AttachmentImport:
    """The Importer's attachment pass; the host provides store, cancel, _import_sources() and
    the state it starts empty (_attached, _attach_dir, _attach_count, _origin)."""

    def _keep_attachments(self, mail_id: int, record: dict, prepared) -> None:
        """After a mail is stored: write its attachments out to be imported after the files."""
        attachments = prepared.attachments
        depth = prepared.depth + 1
        # a mail from the folder is named by its file name; an attached one by its whole chain
        display = record["source_path"] if prepared.depth else record["original_name"]
        if not attachments:
            return
        if depth > MAX_DEPTH:
            log.info(
                "attachments of %s not unpacked: mails nested deeper than %d", display, MAX_DEPTH
            )
            return
        if self._attach_dir is None:
            try:
                self._attach_dir = Path(tempfile.mkdtemp(prefix="archivist-attachments-"))
            except OSError as e:
                log.warning("no temporary folder for attachments: %s", e)
                self._attach_dir = Path(tempfile.gettempdir(), "archivist-unwritable")
        for position, (name, data) in enumerate(attachments):
            if Path(name).suffix.lower() not in ATTACHMENT_SUFFIXES:
                continue
            path, error = None, TOO_LARGE
            if data is not None:
                self._attach_count += 1
                try:
                    folder = self._attach_dir / str(self._attach_count)
                    folder.mkdir()
                    path, error = folder / _safe_name(name), None
                    path.write_bytes(data)
                except OSError as e:  # the temporary folder is full or missing
                    log.warning("attachment %s of %s not written: %s", name, display, e)
                    path, error = None, UNREADABLE
            self._attached.append(
                Attached(
                    mail_id,
                    name,
                    f"{display}{SEPARATOR}{name}",
                    position,
                    record["category_id"],
                    list(prepared.src.folders),
                    depth,
                    path,
                    error,
                    record.get("date"),
                )
            )

    def _import_attachments(self, report) -> None:
        """Import the kept attachments (and theirs, level by level), then link them."""
        try:
            while self._attached and not self.cancel.cancelled:
                level, self._attached = self._attached, []
                too_big = [a for a in level if a.path is None]
                carried = [a for a in level if a.path is not None]
                for item in too_big:
                    report.files.append(
                        FileOutcome(item.display, "failed", error=item.error, detail="attachment")
                    )
                sources = [SourceFile(str(a.path.parent), a.path.name, a.folders) for a in carried]
                start = len(report.files)
                self._origin = carried
                try:
                    self._import_sources(sources, report)
                finally:
                    self._origin = None
                self._link(carried, report.files[start:])
                if len(report.files) - start < len(carried):  # cancelled within this level
                    report.cancelled = True
            if self._attached:  # cancelled before the next level
                report.cancelled = True
        finally:
            if self._attach_dir is not None:
                shutil.rmtree(self._attach_dir, ignore_errors=True)
                self._attach_dir = None

    def _link(self, carried: list[Attached], outcomes: list[FileOutcome]) -> None:
        """Each imported or duplicate attachment is linked to its mail."""
        with self.store.transaction():
            for item, outcome in zip(carried, outcomes):
                if outcome.id is not None and outcome.status in ("imported", "duplicate"):
                    self.store.link_attachment(item.mail_id, outcome.id, item.name, item.position)

    def _attachment_of(self, index: int) -> Attached | None:
        """In the attachment pass: which attachment the source at this index is."""
        origin = self._origin
        return origin[index] if origin is not None and index < len(origin) else None


def _safe_name(name: str) -> str:
    """A file name every file system takes: no separators or control characters, not too long
    (the suffix, which decides nothing but the stored copy's name, is kept)."""
    name = _RE_UNSAFE.sub("_", name).strip(" .") or "附件"
    suffix = Path(name).suffix[:16]
    stem = name[: len(name) - len(suffix)] if suffix else name
    return stem[:100] + suffix
