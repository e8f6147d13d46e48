"""Recognise pages in a separate process with a time and memory limit per page.

The worker renders the page itself (pdfium, Pillow) and runs the engine, so a hostile file or a
native crash costs only that page; the parent gets (text, header/footer text, confidence).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import traceback
from pathlib import Path

from core.ingest.extract.base import (
    CORRUPT,
    INTERNAL,
    PARSE_FAILED,
    TOO_LARGE,
    ExtractError,
)
from core.ingest.workerproc import exchange, prepare_child, stop_process

PAGE_TIMEOUT = 180.0  # seconds for one page on a slow office PC
STARTUP_TIMEOUT = 120.0  # interpreter, onnxruntime and the models
MEMORY_LIMIT = 3 * 1024 * 1024 * 1024  # onnxruntime reserves generously; a bomb still stops
RENDER_DPI = 200  # PDF pages: enough for 5-pt print, half the pixels of 300 dpi

log = logging.getLogger(__name__)


class OcrWorker:
    """recognise(kind, path, page) in a warm worker process; restarted after any failure."""

    def __init__(self, page_timeout: float = PAGE_TIMEOUT, memory_limit: int | None = MEMORY_LIMIT):
        self.page_timeout = page_timeout
        self.memory_limit = memory_limit
        self._ctx = multiprocessing.get_context("spawn")
        self._process = None
        self._conn = None

    def __enter__(self) -> OcrWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def recognise(self, kind: str, path: Path, page: int) -> tuple[str, str, float | None]:
        """One page's (body text, header/footer text, mean confidence); ExtractError on failure."""
        self._ensure()
        request = (kind, str(path), page)
        message = exchange(self, request, self.page_timeout, self._stop, "OCR worker")
        if message[0] == "ok":
            return message[1], message[2], message[3]
        if message[3]:  # after MemoryError or a bug the worker's state is suspect
            self._stop(kill=True)
        raise ExtractError(message[1], message[2])

    def interrupt(self) -> None:
        """From another thread: stop the page in progress (the worker is killed)."""
        process = self._process
        if process is not None:
            with contextlib.suppress(Exception):
                process.kill()

    def close(self) -> None:
        self._stop()

    def _ensure(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._stop(kill=True)
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=worker_main, args=(child, self.memory_limit), name="archivist-ocr", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        ready = parent.poll(STARTUP_TIMEOUT)
        try:
            message = parent.recv() if ready else None
        except (EOFError, OSError):
            message = None
        if message != "ready":
            self._stop(kill=True)
            detail = message[1] if isinstance(message, tuple) else "no answer"
            raise ExtractError(PARSE_FAILED, f"OCR worker did not start: {detail}")

    def _stop(self, kill: bool = False) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        stop_process(process, conn, kill)


def worker_main(conn, memory_limit: int | None) -> None:
    """Load the engine once, then answer page requests until told to stop."""
    prepare_child(memory_limit)
    try:
        from core.ingest.ocr.engine import Engine

        engine = Engine()
    except BaseException:  # noqa: BLE001 - the parent must hear why
        conn.send(("err", traceback.format_exc()))
        return
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if request is None:
            return
        conn.send(_one_page(engine, *request))


def _one_page(engine, kind: str, path: str, page: int) -> tuple:
    """A picklable outcome for one page."""
    try:
        image = load_page(kind, Path(path), page)
        from core.ingest.ocr.order import arrange

        boxes = engine.boxes(image)
        text, margins = arrange(boxes, image.width, image.height)
        chars = sum(len(b.text) for b in boxes)
        confidence = sum(b.score * len(b.text) for b in boxes) / chars if chars else None
        return ("ok", text, margins, confidence)
    except ExtractError as exc:
        return ("err", exc.reason, exc.detail, False)
    except MemoryError:
        return ("err", TOO_LARGE, "memory limit reached while recognising", True)
    except BaseException:  # noqa: BLE001
        return ("err", INTERNAL, traceback.format_exc(), True)


def load_page(kind: str, path: Path, page: int):
    """The page image: a rendered PDF or OFD page or a frame of an image file."""
    if kind == "pdf":
        from core.ingest.extract.pdf import render_page

        return render_page(path, page, RENDER_DPI)
    if kind == "ofd":
        from core.ingest.extract.ofd import render_page as render_ofd_page

        return render_ofd_page(path, page, RENDER_DPI)
    if kind == "image":
        from core.ingest.extract.image import load_frame

        return load_frame(path, page)
    raise ExtractError(CORRUPT, f"no pages to recognise in a {kind} file")
