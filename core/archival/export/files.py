"""Originals copied to a folder or a .zip as `档号 题名.ext`, with a SHA-256 manifest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

from core.archival.export import cell
from core.errors import NotFound
from core.folder.held import retry_held
from core.models import Progress

MAX_NAME = 120
RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
MANIFEST_FIELDS = [
    "file",
    "id",
    "archive_code",
    "title",
    "date",
    "year",
    "retention",
    "org",
    "item_no",
    "doc_number",
    "issuer",
    "category",
    "pages",
    "original_name",
    "size",
    "sha256",
]
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def safe_name(stem: str, ext: str = "", limit: int = MAX_NAME) -> str:
    """A file name Windows accepts: no <>:"/\\|?* or control characters, no reserved names."""
    ext = _UNSAFE.sub("", ext)[:16]
    stem = re.sub(r"\s+", " ", _UNSAFE.sub("", stem)).strip().rstrip(". ")
    if stem.split(".")[0].strip().upper() in RESERVED:
        stem = "_" + stem
    stem = stem[: max(1, limit - len(ext))].rstrip(". ") or "未命名"
    return stem + ext


def export_name(doc: dict) -> str:
    """`档号 题名.ext` (the title alone when there is no 档号 yet)."""
    ext = Path(doc.get("original_name") or "").suffix.lower()
    if not ext:
        ext = Path(doc["extra"].get("stored_file") or "").suffix.lower()
    stem = " ".join(p for p in (doc.get("archive_code"), doc.get("title")) if p)
    return safe_name(stem or f"文件{doc['id']}", ext)


def unique_name(name: str, used: set[str]) -> str:
    """name, or `name (2).ext`, `name (3).ext` … (case-insensitive, as on Windows)."""
    stem, ext = os.path.splitext(name)
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem} ({n}){ext}"
    used.add(candidate.lower())
    return candidate


def export_files(originals, docs: list[dict], out: Path, *, on_progress=None, cancel=None) -> dict:
    """Copy each document's kept original (originals: the archive's Originals); the report
    lists missing or damaged ones."""
    out = Path(out)
    on_progress = on_progress or (lambda p: None)
    as_zip = out.suffix.lower() == ".zip"
    sink = _ZipSink(out) if as_zip else _FolderSink(out)
    entries, missing, damaged = [], [], []
    cancelled = False
    try:
        for n, doc in enumerate(docs):
            if cancel is not None and cancel.cancelled:
                cancelled = True
                break
            on_progress(Progress(n, len(docs), doc.get("title") or ""))
            try:
                src = originals.existing(doc["sha256"], doc["extra"])
            except NotFound:
                missing.append({"id": doc["id"], "title": doc["title"], "error": "原文件缺失"})
                continue
            name = unique_name(export_name(doc), sink.used)
            sha = sink.add(src, name)
            if sha != doc["sha256"]:
                damaged.append({"id": doc["id"], "title": doc["title"], "error": "原文件已损坏"})
            entry = {k: cell(doc, k) for k in MANIFEST_FIELDS if k not in ("file", "sha256")}
            entries.append({"file": name, **entry, "size": src.stat().st_size, "sha256": sha})
        sink.add_bytes("manifest.json", _manifest_json(entries))
        sink.add_bytes("manifest.csv", _manifest_csv(entries))
    except BaseException:
        sink.abort()
        raise
    if cancelled and as_zip:
        sink.abort()
    else:
        sink.finish()
    on_progress(Progress(len(entries), len(docs), ""))
    return {
        "out": str(out),
        "files": len(entries),
        "missing": missing,
        "damaged": damaged,
        "cancelled": cancelled,
        "manifest": "manifest.json",
    }


def _manifest_json(entries: list[dict]) -> bytes:
    return json.dumps({"files": entries}, ensure_ascii=False, indent=1).encode("utf-8")


def _manifest_csv(entries: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_FIELDS)
    writer.writeheader()
    writer.writerows(entries)
    return buf.getvalue().encode("utf-8-sig")


class _FolderSink:
    """Files into a folder (created if needed); names already there are not overwritten."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.used = {p.name.lower() for p in folder.iterdir()} - {"manifest.json", "manifest.csv"}

    def add(self, src: Path, name: str) -> str:
        h = hashlib.sha256()
        with open(src, "rb") as fin, open(self.folder / name, "wb") as fout:
            while chunk := fin.read(1 << 20):
                h.update(chunk)
                fout.write(chunk)
        shutil.copystat(src, self.folder / name)
        return h.hexdigest()

    def add_bytes(self, name: str, data: bytes) -> None:
        (self.folder / name).write_bytes(data)

    def finish(self) -> None:
        pass

    def abort(self) -> None:
        pass


class _ZipSink:
    """Members into OUT.zip.part, renamed to OUT.zip only when complete."""

    def __init__(self, out: Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        self.out, self.tmp = out, out.with_name(out.name + ".part")
        self.zip = zipfile.ZipFile(self.tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.used = {"manifest.json", "manifest.csv"}

    def add(self, src: Path, name: str) -> str:
        h = hashlib.sha256()
        with open(src, "rb") as fin, self.zip.open(name, "w", force_zip64=True) as fout:
            while chunk := fin.read(1 << 20):
                h.update(chunk)
                fout.write(chunk)
        return h.hexdigest()

    def add_bytes(self, name: str, data: bytes) -> None:
        self.zip.writestr(name, data)

    def finish(self) -> None:
        self.zip.close()
        retry_held(os.replace, self.tmp, self.out)  # an antivirus scans fresh files

    def abort(self) -> None:
        self.zip.close()
        self.tmp.unlink(missing_ok=True)
