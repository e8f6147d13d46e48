"""Spreadsheets: .xlsx via openpyxl, .xls via xlrd (the only modules importing them)."""

from __future__ import annotations

import datetime as _dt
import io
import re
import warnings as warnings_module
from pathlib import Path

from defusedxml import ElementTree as SafeET

from core.ingest.extract import ole, ziputil
from core.ingest.extract.base import CORRUPT, ENCRYPTED, Extracted, ExtractError

MAX_ROWS_PER_SHEET = 100_000
MAX_CELLS = 2_000_000  # all sheets together
_RE_SHEET = re.compile(r"xl/worksheets/sheet(\d+)\.xml$", re.I)


def extract_xlsx(path: Path) -> Extracted:
    """Sheet names and cell text row by row (values, not formulas), bounded."""
    with ziputil.open_checked(path) as zf:
        ziputil.reject_dtds(zf)
        backslashes = ziputil.has_backslash_names(zf)  # openpyxl cannot find such members
    lines: list[str] = []
    warnings: list[str] = []
    props: dict = {}
    try:
        if backslashes:
            raise ValueError("zip member names use backslashes")
        sheets = _openpyxl_rows(path, lines, warnings, props)
    except Exception:  # openpyxl rejects strict OOXML and odd styles: read the XML ourselves
        lines, warnings, sheets = [], [], 0
    if len(lines) <= sheets:  # nothing but sheet names
        generic = generic_xlsx_lines(path, warnings)
        if len(generic) > len(lines):
            lines = generic
    return Extracted(
        text="\n".join(lines),
        format="xlsx",
        extractor="openpyxl",
        title=props.get("title"),
        properties=props,
        warnings=warnings,
    )


def _openpyxl_rows(path: Path, lines: list[str], warnings: list[str], props: dict) -> int:
    """Fill lines through openpyxl; returns the number of sheets."""
    import openpyxl

    with warnings_module.catch_warnings():
        warnings_module.simplefilter("ignore")  # openpyxl warns about every unsupported extension
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
        budget = [MAX_CELLS]
        sheets = 0
        try:
            for sheet in book.worksheets:
                if not hasattr(sheet, "iter_rows"):
                    continue
                sheets += 1
                lines.append(str(sheet.title))
                _append_rows(
                    sheet.iter_rows(values_only=True), lines, budget, warnings, sheet.title
                )
            props.update(_xlsx_properties(book))
        finally:
            book.close()
    return sheets


def generic_xlsx_lines(path: Path, warnings: list[str]) -> list[str]:
    """Cell text straight from the sheet XML (any namespace, strict OOXML too)."""
    lines: list[str] = []
    budget = [MAX_CELLS]
    try:
        with ziputil.open_checked(path) as zf:
            names = zf.namelist()
            shared = _shared_strings(zf, names)
            sheets = [n for n in names if _RE_SHEET.match(n)]
            for name in sorted(sheets, key=lambda n: int(_RE_SHEET.match(n).group(1))):
                lines.append(name.rsplit("/", 1)[-1].removesuffix(".xml"))
                with zf.open(name) as fh:
                    _append_rows(_xml_rows(fh, shared), lines, budget, warnings, name)
    except ExtractError:
        raise
    except Exception as exc:
        raise ExtractError(CORRUPT, f"xlsx XML: {exc!r}") from exc
    return lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _shared_strings(zf, names: list[str]) -> list[str]:
    """The shared string table (rich text runs joined, phonetic hints left out)."""
    name = next((n for n in names if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return []
    strings = []
    with zf.open(name) as fh:
        for _event, element in SafeET.iterparse(fh, forbid_dtd=True):
            if _local(element.tag) == "si":
                strings.append(
                    "".join(
                        t.text or ""
                        for t in element.iter()
                        if _local(t.tag) == "t" and not _in_phonetic(element, t)
                    )
                )
                element.clear()
    return strings


def _in_phonetic(si, t) -> bool:
    """True when t sits in an rPh (furigana) run."""
    return any(_local(r.tag) == "rPh" and t in list(r.iter()) for r in si)


def _xml_rows(fh, shared: list[str]):
    """Yield each <row>'s values."""
    for _event, element in SafeET.iterparse(fh, forbid_dtd=True):
        if _local(element.tag) != "row":
            continue
        values = []
        for cell in element:
            kind = cell.get("t")
            value = next((c.text for c in cell if _local(c.tag) == "v"), None)
            if kind == "s" and value is not None and value.strip().isdigit():
                index = int(value)
                value = shared[index] if index < len(shared) else None
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in cell.iter() if _local(t.tag) == "t")
            values.append(value)
        element.clear()
        yield values


def _append_rows(rows, lines: list[str], budget: list[int], warnings: list[str], name) -> None:
    """Tab-joined non-empty rows, stopping at the row and cell budgets."""
    for count, row in enumerate(rows):
        if count >= MAX_ROWS_PER_SHEET or budget[0] <= 0:
            warnings.append(f"工作表“{name}”过大，只读取了前 {count} 行")
            return
        budget[0] -= len(row)
        cells = [cell_text(value) for value in row]
        line = "\t".join(cells).rstrip("\t")
        if line.strip():
            lines.append(line)


def cell_text(value) -> str:
    """A cell value as a reader would write it (1.0 → 1, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(" ")
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")


def _xlsx_properties(book) -> dict:
    """Core properties of the workbook."""
    props: dict = {}
    core = getattr(book, "properties", None)
    for key, attr in (
        ("title", "title"),
        ("author", "creator"),
        ("subject", "subject"),
        ("keywords", "keywords"),
        ("created", "created"),
        ("modified", "modified"),
    ):
        value = getattr(core, attr, None)
        if isinstance(value, _dt.datetime):
            props[key] = value.isoformat()
        elif isinstance(value, str) and value.strip():
            props[key] = value.strip()
    return props


def extract_xls(path: Path) -> Extracted:
    """BIFF workbooks (Excel 95–2003) through xlrd."""

    data = Path(path).read_bytes()
    try:
        book = _open_xls(data)
    except ExtractError as exc:
        # xlrd's own compound-file reader is stricter than olefile: retry on the bare stream.
        stream = _workbook_stream(path) if ole.is_ole(data[:8]) else None
        if stream is None or exc.reason == ENCRYPTED:
            raise
        book = _open_xls(stream)
    lines: list[str] = []
    warnings: list[str] = []
    budget = [MAX_CELLS]
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception:  # one damaged sheet must not lose the others
                warnings.append(f"工作表 {index + 1} 无法读取")
                continue
            lines.append(sheet.name)
            rows = (_xls_row(book, sheet, r) for r in range(sheet.nrows))
            _append_rows(rows, lines, budget, warnings, sheet.name)
            book.unload_sheet(index)
        props = {"author": book.user_name} if getattr(book, "user_name", "") else {}
    finally:
        book.release_resources()
    return Extracted(
        text="\n".join(line for line in lines if line),
        format="xls",
        extractor="xlrd",
        properties=props,
        warnings=warnings,
    )


def _open_xls(data: bytes):
    """xlrd on bytes, its errors turned into ExtractError."""
    import xlrd

    try:
        return xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise ExtractError(ENCRYPTED, f"xls: {exc}") from exc
        raise ExtractError(CORRUPT, f"xls: {exc}") from exc
    except Exception as exc:  # struct, index, assertion errors on damaged BIFF records
        raise ExtractError(CORRUPT, f"xls: {exc!r}") from exc


def _workbook_stream(path: Path) -> bytes | None:
    """The Workbook (BIFF8) or Book (BIFF5) stream read through olefile."""
    try:
        with ole.OleFile(path) as cfb:
            for name in ("Workbook", "Book"):
                if cfb.has(name):
                    return cfb.read(name)
    except ExtractError:
        return None
    return None


def _xls_row(book, sheet, r: int) -> list:
    """One row's values with Excel dates turned into datetimes."""
    import xlrd

    values = []
    for cell in sheet.row(r):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                continue
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                pass
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            values.append(None)
        else:
            values.append(cell.value)
    return values
