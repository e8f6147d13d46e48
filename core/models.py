"""Plain data shared by the core and its callers: records, progress, cancel, reports."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

UNCATEGORIZED = "未分类"

# A sensible default tree for a university (ARCHIVAL.md), editable by the user.
DEFAULT_CATEGORIES = [
    ("党群", "DQ", ["党务综合", "纪检", "组织", "宣传教育", "统战", "工会", "团委"]),
    ("行政", "XZ", []),
    ("教学", "JX", []),
    ("科研", "KY", []),
    ("学生", "XS", []),
]

RETENTIONS = {"永久": "Y", "30年": "D30", "10年": "D10"}

DOC_TYPES = [
    "会议记录",
    "会议纪要",
    "工作计划",
    "工作要点",
    "工作总结",
    "自评报告",
    "通知",
    "通报",
    "请示",
    "报告",
    "批复",
    "决定",
    "意见",
    "函",
    "规章制度",
    "简报",
    "大事记",
    "人事任免",
    "其他",
]

# Columns of the documents table a caller may set (DA/T 22 / DA/T 18 description + file facts).
EDITABLE_FIELDS = [
    "title",
    "doc_type",
    "category_id",
    "year",
    "date",
    "published_date",
    "issuer",
    "doc_number",
    "archive_code",
    "retention",
    "org",
    "item_no",
    "secrecy",
    "pages",
    "remarks",
    "keywords",
    "open_status",
    "meeting_time",
    "meeting_place",
    "meeting_chair",
    "meeting_attendees",
    "meeting_guests",
    "meeting_absentees",
    "meeting_recorder",
    "meeting_agenda",
]
FILE_FIELDS = [
    "original_name",
    "source_path",
    "size",
    "sha256",
    "format",
    "extractor",
    "encoding",
    "needs_ocr",
    "text_source",  # None: the file's own text; "ocr": recognised (some or all pages)
    "ocr_confidence",
    "imported_at",
    "updated_at",
    "deleted_at",
    "batch_id",
]
DOCUMENT_FIELDS = ["ntitle", *EDITABLE_FIELDS, *FILE_FIELDS]

FIELD_LABELS = {
    "title": "题名",
    "doc_type": "文种",
    "category": "类别",
    "year": "年度",
    "date": "日期",
    "published_date": "发布日期",
    "issuer": "责任者",
    "doc_number": "文号",
    "archive_code": "档号",
    "retention": "保管期限",
    "org": "机构(问题)",
    "item_no": "件号",
    "secrecy": "密级",
    "pages": "页数",
    "remarks": "备注",
    "keywords": "主题词",
    "open_status": "开放标识",
    "meeting_time": "会议时间",
    "meeting_place": "地点",
    "meeting_chair": "主持人",
    "meeting_attendees": "出席人",
    "meeting_guests": "列席人",
    "meeting_absentees": "缺席人",
    "meeting_recorder": "记录人",
    "meeting_agenda": "议题",
    "original_name": "原文件名",
    "source_path": "来源路径",
    "size": "大小",
    "sha256": "SHA-256",
    "format": "格式",
}


class CancelToken:
    """Set by the caller to ask a long operation to stop at its next safe point."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class Progress:
    """Where a long operation stands."""

    done: int
    total: int
    current: str = ""
    bytes_done: int = 0
    message: str = ""


@dataclass
class FileOutcome:
    """What happened to one file of an import."""

    path: str
    status: str  # imported | duplicate | failed | skipped
    id: int | None = None
    error: str | None = None
    detail: str | None = None
    text: str | None = None  # an imported file's text: ok | needs_ocr (a scan) | empty

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "status": self.status,
            "id": self.id,
            "error": self.error,
            "text": self.text,
        }


@dataclass
class ImportReport:
    """The final report of one import batch."""

    batch_id: int | None = None
    files: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    bytes: int = 0
    timings: dict = field(default_factory=dict)  # seconds per phase: hash, extract, store, index …

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    def to_json(self) -> dict:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "skipped": self.skipped,
            "cancelled": self.cancelled,
            "files": [f.to_json() for f in self.files],
        }


@dataclass
class Hit:
    """One search result row."""

    id: int
    title: str
    date: str | None
    year: int | None
    category: str
    doc_type: str | None
    issuer: str | None
    doc_number: str | None
    archive_code: str | None
    score: float
    snippet: str = ""
    fields: dict = field(default_factory=dict)  # the other LISTED_FIELDS, for optional columns

    def to_json(self) -> dict:
        data = asdict(self)
        del data["fields"]  # the CLI's search JSON keeps its shape
        return data


# Catalogue fields a result row carries beyond Hit's own (the window's optional columns).
LISTED_FIELDS = [
    "retention", "org", "item_no", "secrecy", "pages", "published_date", "keywords",
    "open_status", "remarks",
]  # fmt: skip


@dataclass
class SearchResult:
    """A page of hits, the exact total and facet counts."""

    total: int
    hits: list[Hit]
    took_ms: float
    facets: dict = field(default_factory=dict)
    interpreted: str = ""
    terms: list[str] = field(default_factory=list)
    total_is_estimate: bool = False  # total and facets estimated from a verified sample
    notes: list[str] = field(default_factory=list)  # how a malformed query was read

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "total_is_estimate": self.total_is_estimate,
            "took_ms": round(self.took_ms, 2),
            "hits": [h.to_json() for h in self.hits],
        }


# The scrambled sum of an id summary (core/maintenance.index_drift): id -> (id * a) % p.
ID_HASH = (2654435761, 4294967311)
# Result orders a search offers (core/search/rank.py; the CLI's --sort).
SORTS = ("relevance", "date", "-date", "title", "archive_code")
# How a snippet marks a hit: 【三会一课】.
MARK_OPEN, MARK_CLOSE = "【", "】"

# 归档文件目录 columns (DA/T 22-2015), in order, and the labels of every exportable column.
CATALOGUE_COLUMNS = [
    "seq",
    "archive_code",
    "doc_number",
    "issuer",
    "title",
    "date",
    "secrecy",
    "pages",
    "remarks",
]
COLUMN_LABELS = {"seq": "序号", **FIELD_LABELS, "date": "日期", "org": "机构"}


def now_iso() -> str:
    """Local time, to the second, ISO 8601 (how every timestamp in the archive is written)."""
    return datetime.now().isoformat(timespec="seconds")


# ---------------------------------------------------------------- the category tree
def category_chain(category_id: int | None, parents: dict[int, int | None]) -> list[int]:
    """The category and its ancestors, nearest first (safe against a cycle in bad data)."""
    chain: list[int] = []
    while category_id is not None and category_id in parents and category_id not in chain:
        chain.append(category_id)
        category_id = parents[category_id]
    return chain


def category_paths(categories: Iterable[dict]) -> dict[int, str]:
    """category id -> '党群/组织' path, from rows with id, name and parent_id."""
    rows = list(categories)
    names = {c["id"]: c["name"] for c in rows}
    parents = {c["id"]: c["parent_id"] for c in rows}
    return {
        cid: "/".join(names[c] for c in reversed(category_chain(cid, parents))) for cid in names
    }


def category_subtree(category_id: int, categories: Iterable[dict]) -> set[int]:
    """The category and all its descendants."""
    children: dict[int | None, list[int]] = {}
    for c in categories:
        children.setdefault(c["parent_id"], []).append(c["id"])
    out, todo = set(), [category_id]
    while todo:
        cid = todo.pop()
        if cid not in out:
            out.add(cid)
            todo.extend(children.get(cid, []))
    return out
