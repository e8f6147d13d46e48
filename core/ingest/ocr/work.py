"""The facade's OCR methods (a mixin of core.archive.Archive): the queue, working it, 重新识别.

One class in two files: the host provides store, index, settings, originals, _write_lock,
_writable() and _changed().
"""

from __future__ import annotations

import json

from core.errors import ArchiveError
from core.ingest.ocr import engine
from core.store.ocr import CANCELLED, WAITING


class OcrWork:
    """OCR of an open archive."""

    @staticmethod
    def ocr_available() -> bool:
        """True when the OCR component is installed (the window hides OCR without it)."""
        return engine.available()

    def ocr_enabled(self) -> bool:
        """Installed and not turned off in the settings."""
        return self.ocr_available() and bool(self.settings.get("ocr_enabled", True))

    def ocr_status(self) -> dict:
        """{waiting (documents), pages_left, done, failed, cancelled}."""
        return self.store.ocr_counts()

    def ocr_entry(self, doc_id: int) -> dict | None:
        """One document's place in the OCR queue (state, pages, error), or None."""
        return self.store.ocr_entry(doc_id)

    def run_ocr(self, *, on_progress=None, cancel=None, limit_pages: int | None = None) -> dict:
        """Recognise queued documents until none is left (or cancel): {documents, pages,
        failed, seconds}. Each finished document is searchable at once."""
        self._writable()
        if not self.ocr_available():
            raise ArchiveError("未安装文字识别（OCR）组件")
        from core.ingest.ocr.runner import OcrRunner  # (the worker's modules: not at start)

        runner = OcrRunner(self.store, self.index, self.originals, self.settings)
        runner.write_lock = self._write_lock  # a finished document is stored between imports
        runner.on_changed = self._changed
        return runner.run(on_progress=on_progress, cancel=cancel, limit_pages=limit_pages)

    def reocr(self, ids) -> int:
        """重新识别: queue documents (scans, images, PDFs, OFD) again; returns how many were queued."""
        from core.ingest.ocr.runner import IMAGE_FORMATS, PAGED_FORMATS

        self._writable()
        queued = 0
        with self._write_lock:
            for doc_id in ids:
                doc = self.store.document(doc_id)
                if doc["format"] not in IMAGE_FORMATS | PAGED_FORMATS:
                    continue
                entry = self.store.ocr_entry(doc_id)
                if entry is not None:
                    pages, base = json.loads(entry["pages"] or "[]"), entry["base_chars"]
                else:
                    pages = list(range(doc.get("pages") or 1))
                    base = 0 if doc.get("needs_ocr") else len(doc.get("content") or "")
                self.store.enqueue_ocr(doc_id, pages, base_chars=base)
                queued += 1
        return queued

    def cancel_ocr(self) -> int:
        """Take every waiting document off the queue (they can be queued again later)."""
        self._writable()
        return self.store.set_ocr_state(CANCELLED, only=WAITING)

    def resume_ocr(self) -> int:
        """Put cancelled documents back on the queue."""
        self._writable()
        return self.store.set_ocr_state(WAITING, only=CANCELLED)
