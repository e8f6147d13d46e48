"""Run extraction in a worker process with a time and memory limit per file.

A hostile or broken file can hang a parser, exhaust memory or crash native code (pdfium);
the worker absorbs that, the file gets a reason, and a fresh worker takes the next file.
Uses the spawn context so it behaves the same in a PyInstaller bundle on Windows
(main.py calls multiprocessing.freeze_support()).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import time
import traceback
import warnings
from pathlib import Path

from core.ingest.extract import (
    MAX_BYTES,
    TEST_HOOKS_ENV,
    extract_file,
    record_imports_off_main_thread,
)
from core.ingest.extract.base import (
    INTERNAL,
    PARSE_FAILED,
    TOO_LARGE,
    Extracted,
    ExtractError,
)
from core.ingest.workerproc import exchange, prepare_child, stop_process

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY = 1536 * 1024 * 1024
STARTUP_TIMEOUT = 120.0  # a cold start on a slow office PC, not counted against any file
RECYCLE_AFTER = 500  # files per worker, so slow leaks in native parsers cannot pile up
# A plain text file is decoded by Python alone, with no native parser to leak: it wears a worker
# 20x less, so a folder of .txt files does not pay a fresh interpreter (~0.7 s CPU) per 500 files.
PLAIN_TEXT_WEAR = 0.05
# Imported by an idle worker, one at a time and on its main thread: a module imported from two
# threads at once can be seen half-initialised by one of them (a good file then failed).
WARM_UP_MODULES = (
    "core.ingest.describe",
    "core.ingest.extract.docx",
    "core.ingest.extract.word97",
    "core.ingest.extract.pdf",
    "core.ingest.extract.html",
    "core.ingest.extract.rtf",
    "core.ingest.extract.sheet",
    "openpyxl",
    "xlrd",
)

log = logging.getLogger(__name__)


class Extractor:
    """extract(path) -> Extracted, isolated in a warm worker process (or in-process for tests).

    One instance serves one thread: calls are sequential, as in an import batch.
    """

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_BYTES,
        in_process: bool = False,
        memory_limit: int | None = DEFAULT_MEMORY,
    ):
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.max_bytes = max_bytes
        self.in_process = in_process
        self._ctx = multiprocessing.get_context("spawn")
        self._process = None
        self._conn = None
        self._served = 0
        self._ready = False
        self._interrupted = False
        self.workers_started = 0

    def __enter__(self) -> Extractor:
        if not self.in_process:
            self._spawn()  # start now: the interpreter boots while the caller scans and hashes
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def extract(self, path: Path) -> Extracted:
        """Extract one file; raises ExtractError with a Chinese reason on any failure."""
        return self._request(path, None)[0]

    def extract_and_guess(self, path: Path, facts: dict) -> tuple[Extracted, dict]:
        """Extract one file and guess its metadata (guess_metadata keywords in facts) in the
        worker: the guessing is pure CPU work the importing process is then spared."""
        return self._request(path, facts)

    def _request(self, path: Path, facts: dict | None) -> tuple[Extracted, dict | None]:
        if self.in_process:
            return _extract_and_guess(Path(path), facts, self.max_bytes)
        for attempt in (1, 2):
            try:
                return self._request_worker(path, facts)
            except ExtractError as exc:
                if exc.reason != INTERNAL:
                    raise
                self._stop_worker(kill=True)  # whatever went wrong may live on in that worker
                if attempt == 2:
                    log.error(
                        "unexpected error on %s, again in a fresh worker:\n%s", path, exc.detail
                    )
                    raise
                log.warning(
                    "unexpected error on %s, retrying in a fresh worker:\n%s", path, exc.detail
                )
        raise AssertionError("unreachable")

    def _request_worker(self, path: Path, facts: dict | None) -> tuple[Extracted, dict | None]:
        """One attempt in the worker process."""
        if self._interrupted:
            raise ExtractError(PARSE_FAILED, "extraction interrupted")
        self._ensure_worker()
        message = exchange(self, (str(path), facts), self.timeout, self._stop_worker)
        plain = message[0] == "ok" and message[1].extractor == "text"
        self._served += PLAIN_TEXT_WEAR if plain else 1
        if self._served >= RECYCLE_AFTER:
            self._stop_worker()
        if message[0] == "ok":
            return message[1], message[2]
        _, reason, detail, worker_spoiled = message
        if worker_spoiled:
            self._stop_worker(kill=True)  # after MemoryError the worker's heap is suspect
        raise ExtractError(reason, detail)

    def close(self) -> None:
        """Stop the worker."""
        self._stop_worker()
        self._interrupted = False

    def interrupt(self) -> None:
        """From another thread: cut short the file in progress and refuse more until close().

        Killing the worker makes the waiting extract() see the pipe close at once; the thread
        that uses this extractor still does all the cleaning up."""
        self._interrupted = True
        process = self._process
        if process is not None:
            with contextlib.suppress(Exception):  # it may be ending on its own just now
                process.kill()

    def _ensure_worker(self) -> None:
        """Have a running worker that has said it is ready."""
        if self._process is None or not self._process.is_alive():
            self._stop_worker(kill=True)
            self._spawn()
        if self._ready:
            return
        if not self._conn.poll(STARTUP_TIMEOUT):
            self._stop_worker(kill=True)
            raise ExtractError(PARSE_FAILED, "extraction worker did not start")
        try:
            self._conn.recv()  # "ready"
        except (EOFError, OSError) as exc:
            self._stop_worker(kill=True)
            raise ExtractError(PARSE_FAILED, f"extraction worker failed to start: {exc!r}") from exc
        self._ready = True

    def _spawn(self) -> None:
        """Start a worker process without waiting for it."""
        if self._process is not None:
            return
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=worker_main,
            args=(child, self.memory_limit, self.max_bytes),
            name="archivist-extract",
            daemon=True,
        )
        process.start()
        child.close()
        self._process, self._conn, self._served, self._ready = process, parent, 0, False
        self.workers_started += 1

    def _stop_worker(self, kill: bool = False) -> None:
        """End the worker: politely, or at once after a timeout or crash."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        stop_process(process, conn, kill)


def worker_main(conn, memory_limit: int | None, max_bytes: int) -> None:
    """The worker loop: receive a path, send back ("ok", Extracted) or ("err", ...)."""
    prepare_child(memory_limit)
    warnings.simplefilter("ignore")  # library warnings about odd files are not our output
    if os.environ.get(TEST_HOOKS_ENV) == "1":
        record_imports_off_main_thread()
    conn.send("ready")
    warm_up = list(WARM_UP_MODULES)
    while True:
        try:
            # The first file starts at once; while none waits, load the parsers the next
            # files will need (here, not in a thread: see WARM_UP_MODULES).
            while warm_up and not conn.poll(0):
                _import_quietly(warm_up.pop(0))
            request = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if request is None:
            return
        conn.send(_run_one(*request, max_bytes))


def _extract_and_guess(path: Path, facts: dict | None, max_bytes: int) -> tuple:
    """The extracted file and, when facts are given, its guessed metadata."""
    extracted = extract_file(path, max_bytes)
    if facts is None:
        return extracted, None
    from core.ingest.describe import guess_metadata

    return extracted, guess_metadata(extracted, **facts)


def _run_one(path: str, facts: dict | None, max_bytes: int) -> tuple:
    """One file's outcome as a picklable tuple (ExtractError itself does not round-trip)."""
    try:
        return ("ok", *_extract_and_guess(Path(path), facts, max_bytes))
    except ExtractError as exc:
        return ("err", exc.reason, exc.detail, False)
    except MemoryError:
        return ("err", TOO_LARGE, "memory limit reached while parsing", True)
    except BaseException:  # noqa: BLE001 - the worker must answer whatever happens
        return ("err", INTERNAL, traceback.format_exc(), True)


def _import_quietly(name: str) -> None:
    """Import one module ahead of need; a failure shows later, on the file that needs it."""
    with contextlib.suppress(Exception):
        importlib.import_module(name)


def measure_overhead(path: Path, repeat: int = 20) -> dict:
    """Seconds per file in-process vs through the worker, for the bench script."""
    timings = {}
    for label, in_process in (("in_process", True), ("sandbox", False)):
        with Extractor(in_process=in_process) as extractor:
            extractor.extract(path)  # warm
            start = time.perf_counter()
            for _ in range(repeat):
                extractor.extract(path)
            timings[label] = (time.perf_counter() - start) / repeat
    timings["overhead"] = timings["sandbox"] - timings["in_process"]
    return timings
