"""Work the OCR queue: recognise each queued document's pages in the worker, keep every page as
it comes (a kill loses at most the page in progress), then store the text marked as OCR, guess
its metadata again and index it."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable

from core.errors import NotFound
from core.ingest.extract.base import Extracted, ExtractError
from core.ingest.ocr.worker import OcrWorker
from core.models import CancelToken, Progress, now_iso
from core.search.analysis import normalize
from core.store.ocr import WAITING, WORKING

IMAGE_FORMATS = {"jpg", "png", "tif", "bmp", "gif", "webp"}
PAGED_FORMATS = {"pdf", "ofd"}  # documents whose pages the worker renders
# Guesses that text found by OCR may replace: what the file's name, folder or date suggested.
REPLACEABLE = {"filename", "folder", "file_mtime", "properties", "format_title", "title:year"}
OCR_NOTE = "［以下为文字识别（OCR）结果］"  # where recognised pages start after a text layer

log = logging.getLogger(__name__)


class OcrRunner:
    """Recognise queued documents until the queue is empty, cancelled or paused."""

    def __init__(self, store, index, originals, settings, worker: OcrWorker | None = None):
        self.store, self.index, self.originals, self.settings = store, index, originals, settings
        self.worker = worker or OcrWorker(
            page_timeout=float(settings.get("ocr_page_timeout_s", 180))
        )
        self.on_changed: Callable[[], None] = lambda: None
        self.write_lock = contextlib.nullcontext()

    def run(
        self,
        on_progress: Callable[[Progress], None] | None = None,
        cancel: CancelToken | None = None,
        limit_pages: int | None = None,
    ) -> dict:
        """{documents, pages, failed, seconds}; stops between pages when cancel is set."""
        started = time.perf_counter()
        stats = {"documents": 0, "pages": 0, "failed": 0, "seconds": 0.0}
        self.store.ocr_resume()
        progress = on_progress or (lambda p: None)
        with self.worker:
            while not (cancel and cancel.cancelled):
                if limit_pages is not None and stats["pages"] >= limit_pages:
                    break
                entry = self.store.ocr_next()
                if entry is None:
                    break
                self._document(entry, stats, progress, cancel, limit_pages)
        stats["seconds"] = round(time.perf_counter() - started, 2)
        return stats

    def _document(self, entry: dict, stats: dict, progress, cancel, limit_pages) -> None:
        doc_id = entry["doc_id"]
        doc = self.store.document(doc_id, with_content=True)
        kind = (
            doc["format"]
            if doc["format"] in PAGED_FORMATS
            else "image"
            if doc["format"] in IMAGE_FORMATS
            else None
        )
        try:
            path = self.originals.existing(doc["sha256"], doc["extra"])
        except NotFound:
            path = None
        if kind is None or path is None:
            reason = "原件缺失" if path is None else f"无法识别 {doc['format']} 文件的页面"
            self._finish(doc, entry, {}, reason)
            stats["failed"] += 1
            return
        done = self.store.ocr_done_pages(doc_id)
        for page in entry["pages"]:
            if page in done:
                continue
            stopping = limit_pages is not None and stats["pages"] >= limit_pages
            if (cancel and cancel.cancelled) or stopping:
                self.store.set_ocr_state(WAITING, [doc_id], only=WORKING)
                return
            counts = self.store.ocr_counts()
            progress(
                Progress(
                    stats["pages"],
                    stats["pages"] + counts["pages_left"],
                    doc["title"],
                    message=f"正在识别：{doc['title']} 第 {page + 1} 页",
                )
            )
            done[page] = self._page(doc_id, kind, path, page)
            stats["pages"] += 1
        failed = all(row.get("error") for row in done.values()) and bool(done)
        self._finish(doc, entry, done, next(iter(done.values()))["error"] if failed else None)
        stats["failed" if failed else "documents"] += 1

    def _page(self, doc_id: int, kind: str, path, page: int) -> dict:
        """Recognise and store one page; a failure is a note on that page, not a lost document."""
        try:
            text, margins, confidence = self.worker.recognise(kind, path, page)
            error = None
        except ExtractError as exc:
            log.warning(
                "OCR of document %s page %s failed: %s %s", doc_id, page + 1, exc.reason, exc.detail
            )
            text, margins, confidence, error = "", "", None, exc.reason
        self.store.save_ocr_page(doc_id, page, text, margins, confidence, error)
        return {"text": text, "margins": margins, "confidence": confidence, "error": error}

    def _finish(self, doc: dict, entry: dict, pages: dict, error: str | None) -> None:
        """Store text (extracted part + recognised pages + headers/footers), fields, index."""
        ordered = [pages[p] for p in sorted(pages)]
        body = "\n".join(p["text"] for p in ordered if p["text"].strip())
        margins = "\n".join(dict.fromkeys(p["margins"] for p in ordered if p["margins"].strip()))
        recognised = "\n".join(part for part in (body, margins) if part)
        base = (doc.get("content") or "")[: entry["base_chars"]]
        content = "\n".join(
            part for part in (base, OCR_NOTE if base and recognised else "", recognised) if part
        )
        chars = sum(len(p["text"]) for p in ordered if p["confidence"] is not None)
        confidence = (
            sum(p["confidence"] * len(p["text"]) for p in ordered if p["confidence"] is not None)
            / chars
            if chars
            else None
        )
        fields = {"updated_at": now_iso()}
        if recognised:
            fields.update(
                text_source="ocr", ocr_confidence=round(confidence or 0.0, 3), needs_ocr=0
            )
            fields.update(self._better_guesses(doc, content))
        ncontent = normalize(content)
        with self.write_lock, self.store.transaction():
            self.store.finish_ocr(doc["id"], content, ncontent, fields, error)
            if recognised:
                details = {"pages": len(ordered), "confidence": fields["ocr_confidence"]}
                self.store.audit("ocr", doc["id"], details)
            title = fields.get("ntitle", doc.get("ntitle") or normalize(doc["title"] or ""))
            with self.write_lock:
                self.index.write(add_docs=[(doc["id"], title, ncontent)])
        self.on_changed()

    def _better_guesses(self, doc: dict, content: str) -> dict:
        """Title, date, 文号 … guessed from the recognised text where only weak guesses (or none)
        stood; a clerk's own edits are never touched (they leave the guessed map)."""
        from core.ingest.describe import guess_metadata

        extracted = Extracted(text=content, format=doc["format"], extractor="ocr")
        guesses = guess_metadata(extracted, filename=doc.get("original_name") or "", folders=[])
        guessed = dict(doc.get("guessed") or {})
        fields: dict = {}
        for name, guess in guesses.items():
            if name == "category" or guess.source in REPLACEABLE:
                continue
            empty = doc.get(name) in (None, "")
            if empty or guessed.get(name) in REPLACEABLE:
                fields[name] = guess.value
                guessed[name] = guess.source
        if "title" in fields:
            fields["ntitle"] = normalize(fields["title"])
        if fields:
            fields["guessed"] = json.dumps(guessed, ensure_ascii=False)
        return fields
