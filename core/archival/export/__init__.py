"""Exports: the order of a catalogue and how each field reads in it."""

from __future__ import annotations

import re

from core.archival.codes import RETENTION_LABELS, retention_code
from core.errors import ArchiveError
from core.models import CATALOGUE_COLUMNS, COLUMN_LABELS

CATALOGUE_COLUMNS, LABELS = CATALOGUE_COLUMNS, COLUMN_LABELS  # the names the exports use
_RETENTION_ORDER = {"Y": 0, "D30": 1, "D10": 2}


def in_catalogue_order(docs) -> list[dict]:
    """Documents in the order of an archive box (catalogue_key)."""
    return sorted(docs, key=catalogue_key)


def catalogue_key(doc: dict):
    """Year, retention (永久 first), 机构, 件号, date: the order of an archive box."""
    code = retention_code(doc.get("retention"))
    return (
        doc.get("year") or 9999,
        _RETENTION_ORDER.get(code, 9),
        doc.get("org") or "",
        doc.get("item_no") if doc.get("item_no") is not None else 10**9,
        doc.get("date") or "9999",
        doc["id"],
    )


def class_of(doc: dict) -> tuple:
    """(year, retention label, 机构) of a document; unknown parts are ''."""
    code = retention_code(doc.get("retention"))
    label = RETENTION_LABELS.get(code, doc.get("retention") or "")
    return (doc.get("year") or "", label, (doc.get("org") or "").strip())


def yyyymmdd(date: str | None) -> str:
    """'2022-12-11' → '20221211'; an unknown month or day is written 00 (DA/T 22)."""
    parts = re.findall(r"\d+", date or "")
    if not parts or len(parts[0]) != 4:
        return ""
    month, day = (parts + ["0", "0"])[1:3]
    return f"{parts[0]}{int(month):02d}{int(day):02d}"


def resolve_columns(names: list[str] | str | None, default=CATALOGUE_COLUMNS) -> list[str]:
    """Column keys from field names or their Chinese labels ('title' or '题名')."""
    if not names:
        return list(default)
    if isinstance(names, str):
        names = [n for n in re.split(r"[,，]", names) if n.strip()]
    by_label = {label: key for key, label in LABELS.items()}
    out = []
    for name in (n.strip() for n in names):
        key = name if name in LABELS else by_label.get(name)
        if key is None:
            raise ArchiveError(f"没有这一列：{name}（可用：{'、'.join(LABELS.values())}）")
        out.append(key)
    return out


def cell(doc: dict, key: str, seq: int | None = None):
    """The value of one column for one document, as a catalogue shows it."""
    if key == "seq":
        return seq
    value = doc.get(key)
    if key == "date":
        return yyyymmdd(value)
    if key == "retention":
        return RETENTION_LABELS.get(retention_code(value), value or "")
    if key == "doc_number" and value:
        return gbt_doc_number(value)
    return "" if value is None else value


_DOCNO = re.compile(
    r"^(?P<org>.*?[^\s\d〔\[(（［【〖])\s*"
    r"(?:[〔\[(（［【〖]\s*(?P<y1>(?:19|20)\d\d)\s*[〕\])）］】〗]|(?P<y2>(?:19|20)\d\d)\s*年)"
    r"\s*第?\s*(?P<no>\d+)\s*号$"
)


def gbt_doc_number(value: str) -> str:
    """A 文号 as GB/T 9704 writes it (湘工发[2015]第4号 → 湘工发〔2015〕4号); other text as is."""
    m = _DOCNO.match(value.strip())
    if not m:
        return value
    return f"{m['org']}〔{m['y1'] or m['y2']}〕{int(m['no'])}号"


def class_label(cls: tuple) -> str:
    """'2022-永久-BGS' style name of a class (for sheet names and headings)."""
    return "-".join(str(p) for p in cls if p not in ("", None)) or "未分年度"


def box_documents(store, year, retention, org, first, last) -> list[dict]:
    """Live documents of one class whose 件号 lies in first…last, by 件号."""
    code, want = retention_code(retention), (org or "").strip()
    docs = store.documents(store.box_ids(year, first, last)).values()
    picked = [
        d
        for d in docs
        if retention_code(d["retention"]) == code and (d["org"] or "").strip() == want
    ]
    return sorted(picked, key=lambda d: d["item_no"])
