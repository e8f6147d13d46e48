"""The contract every format extractor fulfils: bytes on disk in, Extracted or ExtractError out."""

from __future__ import annotations

from dataclasses import dataclass, field

# Per-file failure reasons a clerk reads (the technical detail goes to the log).
ENCRYPTED = "文件已加密"
CORRUPT = "文件已损坏"
EMPTY = "文件为空"
TOO_LARGE = "超过大小限制"
TIMEOUT = "解析超时"
UNSUPPORTED = "不支持的格式"
UNREADABLE = "无法读取文件"
NO_TEXT = "未找到文字"
PARSE_FAILED = "解析失败"  # the parser process died (crash, memory limit) on this file
# An exception no extractor expected: a bug of ours, never blamed on the file (traceback logged).
INTERNAL = "程序内部错误，详情见日志"


@dataclass
class Extracted:
    """Text and facts taken from one file."""

    text: str  # the full text, paragraphs separated by "\n"
    format: str  # docx, doc, wps, pdf, txt, html, xlsx, ...
    extractor: str  # which parser produced it, e.g. "docx", "word97", "pdfium"
    title: str | None = None  # a title the format itself declares (<title>, core properties)
    properties: dict = field(default_factory=dict)  # author, created, modified, subject, keywords
    pages: int | None = None
    encoding: str | None = None
    needs_ocr: bool = False  # no text layer (scan, image): kept, its text comes from OCR
    ocr_pages: list[int] = field(default_factory=list)  # image-only pages of a textual PDF
    breadcrumb: list[str] = field(default_factory=list)  # web page navigation path
    headline: str | None = None  # a web page's article headline, as its own signals agree
    published: str | None = None  # a page's publication or a mail's sending date (ISO)
    published_source: str | None = None  # web:byline, web:meta, web:url, web:label, mail:date
    warnings: list[str] = field(default_factory=list)
    ntext: str | None = None  # the search form of text (textnorm.normalize), made in the worker
    # a mail's attachments: (file name, bytes); bytes None when too big to carry over
    attachments: list[tuple[str, bytes | None]] = field(default_factory=list)


class ExtractError(Exception):
    """A per-file failure: reason is one of the Chinese constants above, detail is technical."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    @property
    def skipped(self) -> bool:
        """Unsupported formats are skipped, not failed."""
        return self.reason == UNSUPPORTED
