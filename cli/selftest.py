"""--self-test: a temporary archive, the bundled samples imported, searched and checked."""

from __future__ import annotations

import shutil
import tempfile
import traceback
from pathlib import Path

from core.archive import Archive, resources_folder

# (query, expected original file name of a hit): one per bundled format.
EXPECTED_HITS = [
    ("三会一课", "2022年度党建工作总结.docx"),
    ("组织生活会", "关于召开2023年度组织生活会的通知.pdf"),
    ("散会", "党委会会议记录2023年3月.txt"),
    ("实验室安全", "学院新闻-实验室安全检查.html"),
]


def run_checks(log) -> bool:
    """Run every check, logging each line; True when all passed."""
    samples = resources_folder() / "samples"
    tmp = Path(tempfile.mkdtemp(prefix="archivist-selftest-"))
    ok = True
    try:
        with Archive.open(tmp / "archive") as archive:
            report = archive.import_paths([samples])
            log(
                f"import: {report.imported} imported, {report.failed} failed, "
                f"{report.skipped} skipped"
            )
            for f in report.files:
                if f.status != "imported":
                    log(f"  {f.status}: {Path(f.path).name} {f.error}")
            ok &= report.imported >= len(EXPECTED_HITS) and report.failed == 0
            for query, name in EXPECTED_HITS:
                result = archive.search(query, limit=50)
                names = {archive.document(h.id)["original_name"] for h in result.hits}
                found = name in names
                log(
                    f"search {query}: {result.total} hits, {name} {'found' if found else 'MISSING'}"
                )
                ok &= found
            ok &= _export_checks(archive, tmp, log)
            ok &= _ocr_check(archive, log)
            check = archive.check(repair=False)
            log(f"check: {'ok' if check['ok'] else check}")
            ok &= check["ok"]
            ok &= _found_after(archive, f"reindex: {archive.reindex()} documents", log)
        # The index folder is replaced while Whoosh has its files memory-mapped (on Windows a
        # mapped file cannot be deleted): damage it, reopen, and the rebuild must succeed.
        for toc in (tmp / "archive" / "index").glob("*.toc"):
            toc.write_bytes(b"damaged")
        with Archive.open(tmp / "archive") as archive:
            ok &= _found_after(archive, "damaged index reopened", log)
    except Exception:
        log(traceback.format_exc())
        ok = False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ok


OCR_SAMPLE = ("档案室每周一至周五开放", "扫描件-档案室开放时间.png")


def _ocr_check(archive, log) -> bool:
    """With the OCR component: a scanned page becomes searchable after the queue is worked."""
    if not archive.ocr_available():
        log("ocr: component not installed (skipped)")
        return True
    query, name = OCR_SAMPLE
    archive.import_paths([resources_folder() / "selftest" / name])
    stats = archive.run_ocr()
    names = {archive.document(h.id)["original_name"] for h in archive.search(query).hits}
    log(
        f"ocr: {stats['pages']} pages in {stats['seconds']} s, {query} "
        f"{'found' if name in names else 'MISSING'}"
    )
    return name in names


def _found_after(archive, what: str, log) -> bool:
    """Log `what` and whether the first expected hit is still found."""
    query, name = EXPECTED_HITS[0]
    names = {archive.document(h.id)["original_name"] for h in archive.search(query).hits}
    log(f"{what}: {query} {'found' if name in names else 'MISSING'}")
    return name in names


def _export_checks(archive, tmp: Path, log) -> bool:
    """The catalogue as .xlsx and the originals as a .zip, both read back."""
    import zipfile

    from openpyxl import load_workbook

    docs = archive.export_selection("")
    archive.export_catalogue(tmp / "catalogue.xlsx", docs, fmt="xlsx")
    sheet = load_workbook(tmp / "catalogue.xlsx", read_only=True).worksheets[-1]
    titles = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    found = all(d["title"] in titles for d in docs)
    log(f"export catalogue: {len(docs)} rows, titles {'found' if found else 'MISSING'}")
    archive.export_files(tmp / "files.zip", docs)
    with zipfile.ZipFile(tmp / "files.zip") as z:
        members = [n for n in z.namelist() if not n.startswith("manifest")]
        intact = z.testzip() is None
    log(f"export files: {len(members)} originals, zip {'ok' if intact else 'DAMAGED'}")
    return found and intact and len(members) >= len(docs)


def main(log_file: str | None = None) -> int:
    """Print (and write to log_file) each step, then OK or FAIL; exit code 0 only when OK."""
    lines: list[str] = []

    def log(line: str) -> None:
        lines.append(line)
        try:
            print(line, flush=True)
        except (AttributeError, OSError, UnicodeError):  # windowed exe: no console
            pass

    passed = run_checks(log)
    log("OK" if passed else "FAIL")
    if log_file:
        Path(log_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if passed else 1
