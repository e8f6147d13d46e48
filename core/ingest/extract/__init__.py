"""Text extraction: decide the format by content and run its extractor.

Formats (sniff.py decides by bytes, never by extension): Word 97–2003 and Kingsoft WPS
(word97.py), Word 6/95 (word97.py, cp936), docx/docm/dotx (docx.py), Word 2003 XML (wordml.py),
PDF (pdf.py), OFD (ofd.py), xlsx/xls and WPS .et (sheet.py), pptx (slides.py), ppt and WPS .dps
(ppt.py), .eml and Outlook .msg (mail.py), images waiting for OCR (image.py), RTF (rtf.py), ODT (odt.py), HTML and MHT (html.py), text in
any Chinese encoding (text.py). Encrypted files, Microsoft Works, unknown bytes and empty files
end in ExtractError with a Chinese reason. Run hostile input through sandbox.Extractor.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import threading
import traceback
from pathlib import Path

from core.folder.held import HELD, is_held
from core.ingest.extract import sniff
from core.ingest.extract.base import (
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    INTERNAL,
    TOO_LARGE,
    UNREADABLE,
    UNSUPPORTED,
    Extracted,
    ExtractError,
)
from core.ingest.extract.cleanup import fold_radicals
from core.search.analysis import normalize

MAX_BYTES = 200 * 1024 * 1024
_RE_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")
TEST_HOOKS_ENV = "ARCHIVIST_EXTRACT_TEST_HOOKS"  # "1" enables the hang/crash test formats

__all__ = ["Extracted", "ExtractError", "extract_file", "MAX_BYTES"]


def extract_file(path: Path, max_bytes: int = MAX_BYTES) -> Extracted:
    """Extract one file in this process (the sandbox runs this in a worker)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractError(UNREADABLE, repr(exc)) from exc
    if size == 0:
        raise ExtractError(EMPTY, str(path))
    if size > max_bytes:
        raise ExtractError(TOO_LARGE, f"{size} bytes > {max_bytes}")
    try:
        if os.environ.get(TEST_HOOKS_ENV) == "1" and (hooked := _test_hooks(path)):
            return hooked
        kind = sniff.sniff(path)
        result = _dispatch(kind, path)
        # Control characters from any parser would only pollute the index and the snippets.
        result.text = _RE_CONTROLS.sub("", result.text.replace("\r\n", "\n").replace("\r", "\n"))
        _prepare_text(result)
        return result
    except ExtractError:
        raise
    except MemoryError as exc:
        raise ExtractError(TOO_LARGE, "out of memory while parsing") from exc
    except RecursionError as exc:
        raise ExtractError(CORRUPT, "nesting too deep") from exc
    except OSError as exc:  # held by Word or an antivirus scan: the feed tries again
        raise ExtractError(HELD if is_held(exc) else UNREADABLE, repr(exc)) from exc
    except Exception as exc:  # extractors turn what a damaged file raises into CORRUPT
        raise ExtractError(INTERNAL, traceback.format_exc()) from exc


# Names that promise a document format: unrecognisable bytes under them mean a damaged file.
DOCUMENT_SUFFIXES = {
    ".doc",
    ".docx",
    ".docm",
    ".dotx",
    ".wps",
    ".pdf",
    ".xls",
    ".xlsx",
    ".rtf",
    ".odt",
    ".ofd",
    ".ppt",
    ".pptx",
    ".pps",
    ".dps",
    ".et",
    ".msg",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
    ".bmp",
}

# sniffed kind -> (module under core.ingest.extract, function); modules load only when needed
_EXTRACTORS = {
    sniff.TEXT: ("text", "extract"),
    sniff.WORD97: ("word97", "extract"),
    sniff.DOCX: ("docx", "extract"),
    sniff.PDF: ("pdf", "extract"),
    sniff.XLSX: ("sheet", "extract_xlsx"),
    sniff.XLS: ("sheet", "extract_xls"),
    sniff.HTML: ("html", "extract"),
    sniff.MHT: ("html", "extract_mht"),
    sniff.RTF: ("rtf", "extract"),
    sniff.WORDML: ("wordml", "extract"),
    sniff.OFD: ("ofd", "extract"),
    sniff.ODT: ("odt", "extract"),
    sniff.PPTX: ("slides", "extract"),
    sniff.PPT: ("ppt", "extract"),
    sniff.EML: ("mail", "extract_eml"),
    sniff.MSG: ("mail", "extract_msg"),
    sniff.IMAGE: ("image", "extract"),
}
_REFUSED = {
    sniff.EMPTY: (EMPTY, "zero-byte file"),
    sniff.ENCRYPTED_OOXML: (ENCRYPTED, "OLE container with EncryptedPackage"),
    sniff.WORKS: (UNSUPPORTED, "Microsoft Works document"),
}


def _prepare_text(result: Extracted) -> None:
    """Fold radical look-alikes and make the search form here, in the worker process: on big
    texts these are long C calls that would hold the importing process's GIL (and its window)."""
    result.text = fold_radicals(result.text)
    if result.title:
        result.title = fold_radicals(result.title)
    result.ntext = normalize(result.text)


def _dispatch(kind: str, path: Path) -> Extracted:
    """Run the extractor for a sniffed format."""
    if kind in _REFUSED:
        raise ExtractError(*_REFUSED[kind])
    if kind not in _EXTRACTORS:
        if path.suffix.lower() in DOCUMENT_SUFFIXES:  # named like a document but is none: damaged
            raise ExtractError(CORRUPT, f"content is not a {path.suffix.lower()} file")
        raise ExtractError(UNSUPPORTED, f"unknown content ({path.suffix or 'no extension'})")
    module, function = _EXTRACTORS[kind]
    return getattr(importlib.import_module(f"core.ingest.extract.{module}"), function)(path)


def _test_hooks(path: Path) -> Extracted | None:
    """Test-only formats that hang or kill the worker, to prove the sandbox contains them."""
    with open(path, "rb") as fh:
        head = fh.read(32)
    if head.startswith(b"ARCHIVIST-TEST-HANG"):
        while True:
            pass
    if head.startswith(b"ARCHIVIST-TEST-CRASH"):
        os._exit(3)
    if head.startswith(b"ARCHIVIST-TEST-MEMORY"):
        hog = [bytearray(64 * 1024 * 1024) for _ in range(1000)]
        del hog
    if head.startswith(b"ARCHIVIST-TEST-BUG"):  # a bug of ours; "-ONCE": only the first time
        marker = path.with_name(path.name + ".tried")
        if not (head.startswith(b"ARCHIVIST-TEST-BUG-ONCE") and marker.exists()):
            marker.touch()
            raise AttributeError("test hook: a bug in the program, not in the file")
    if head.startswith(b"ARCHIVIST-TEST-IMPORTS"):  # what record_imports_off_main_thread saw
        return Extracted("\n".join(OFF_MAIN_THREAD_IMPORTS), "txt", "test")
    return None


OFF_MAIN_THREAD_IMPORTS: list[str] = []


class _ImportRecorder:
    """A meta-path finder that only notes 'thread: module' for imports off the main thread."""

    def find_spec(self, fullname, path=None, target=None):
        thread = threading.current_thread()
        if thread is not threading.main_thread():
            OFF_MAIN_THREAD_IMPORTS.append(f"{thread.name}: {fullname}")
        return None  # the real finders do the importing


def record_imports_off_main_thread() -> None:
    """Test hook: note every module a worker imports outside its main thread."""
    sys.meta_path.insert(0, _ImportRecorder())
