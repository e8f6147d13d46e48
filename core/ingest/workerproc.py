"""What every worker process shares: its limits in the child, and how the parent ends it.

Used by the extraction sandbox (core/ingest/extract/sandbox.py) and the OCR worker
(core/ingest/ocr/worker.py).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection  # parent_process().join() uses it from the watch thread
import os
import sys
import threading

from core.ingest.extract.base import PARSE_FAILED, TIMEOUT, ExtractError


def prepare_child(memory_limit: int | None) -> None:
    """In the worker: cap its memory and end it when the parent process dies."""
    limit_memory(memory_limit)
    threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()


def limit_memory(limit: int | None) -> None:
    """Cap the worker's address space on POSIX (Windows relies on the file size limit)."""
    if not limit or sys.platform == "win32":
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _exit_with_parent() -> None:
    """If the parent dies (even SIGKILL), do not linger on a hanging file or page."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(0)


def stop_process(process, conn, kill: bool = False) -> None:
    """End a worker: politely (None asks it to return), or at once after a timeout or crash."""
    if process is None:
        return
    if not kill and process.is_alive():
        try:
            conn.send(None)
            process.join(5)
        except (OSError, EOFError, BrokenPipeError):
            pass
    if process.is_alive():
        process.kill()
        process.join(5)
    if conn is not None:
        conn.close()
    if not process.is_alive():
        process.close()


def exchange(worker, request, timeout: float, stop, what: str = "worker") -> tuple:
    """Send one request to a worker (an object with _process and _conn) and return its answer;
    when it cannot be reached, takes longer than timeout or dies, it is killed (stop(kill=True))
    and ExtractError says which."""
    try:
        worker._conn.send(request)
    except (OSError, EOFError, BrokenPipeError) as exc:
        stop(kill=True)
        raise ExtractError(PARSE_FAILED, f"{what} unreachable: {exc!r}") from exc
    if not worker._conn.poll(timeout):
        stop(kill=True)
        raise ExtractError(TIMEOUT, f"no result after {timeout:.0f} s")
    try:
        return worker._conn.recv()
    except (EOFError, OSError) as exc:
        code = worker._process.exitcode if worker._process else None
        stop(kill=True)
        raise ExtractError(PARSE_FAILED, f"{what} died (exit code {code})") from exc
