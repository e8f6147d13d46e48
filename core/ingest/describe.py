"""Metadata that fills itself in: title, dates, year, issuer, 文号, 文种, category, meeting fields."""

from __future__ import annotations

import logging
import re

from core.ingest.extract.base import Extracted
from core.ingest.meta.dates import (
    DateMatch,
    find_dates,
    first_full_date,
    fold_digits,
    parse_partial,
)
from core.ingest.meta.fields import (
    doc_type_of,
    find_doc_number,
    keywords_in,
    meeting_dates,
    meeting_fields_for,
    split_keywords,
)
from core.ingest.meta.guess import Guess
from core.ingest.meta.lines import head_lines, tail_lines
from core.ingest.meta.rules import (
    breadcrumb_in,
    category_from_breadcrumb,
    category_from_folders,
    category_from_rules,
    year_from_folders,
)
from core.ingest.meta.signoff import (
    canonical_issuer,
    find_signoff,
    inner_signoff,
    issuer_label,
    same_issuer,
    title_issuer,
)
from core.ingest.meta.title import (
    red_header_issuer,
    title_from_filename,
    title_from_lines,
    usable_declared_title,
)

__all__ = ["Guess", "guess_metadata", "same_issuer", "canonical_issuer"]

log = logging.getLogger(__name__)

HEADER_LINES = 15  # publication / adoption dates sit just under the title
FIRST_DATE_CHARS = 20000
MAIL_FORMATS = {"eml", "msg"}  # their declared title is the subject, always the best one
_RE_PUBLISHED = re.compile(
    r"(?:发布日期|发布时间|发文日期|发稿时间|发表时间|发布于|更新时间)\s*[:：]?"
)
_RE_ADOPTED = re.compile(r"通过|施行|公布|发布|印发|颁布|修订|修正|批准|实施")
_RE_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_RE_TITLE_YEAR_LOOSE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|学年|届)")


def guess_metadata(
    extracted: Extracted,
    *,
    filename: str,
    folders: list[str],
    file_mtime: str | None = None,
    rules: list[dict] | None = None,
) -> dict[str, Guess]:
    """Every field found in the extracted text and file facts, each with where it came from."""
    try:
        return _guess_all(extracted, filename, folders, file_mtime, rules)
    except Exception:  # a guessing bug must never fail an import: keep the file, ask the clerk
        log.exception("guess_metadata failed for %s", filename)
        out: dict[str, Guess] = {}
        if title := title_from_filename(filename or ""):
            out["title"] = Guess(title, "filename")
        if category := category_from_folders(folders or []):
            out["category"] = Guess(category, "folder")
        return out


def _guess_all(extracted, filename, folders, file_mtime, rules) -> dict[str, Guess]:
    """guess_metadata's work, unguarded."""
    text = _unix_newlines(extracted.text or "")
    head, tail = head_lines(text), tail_lines(text)
    crumbs = list(extracted.breadcrumb or []) or breadcrumb_in(head)
    out: dict[str, Guess] = {}

    title = _title(extracted, head, crumbs, filename)
    if title:
        out["title"] = title
    title_text = title.value if title else ""

    doc_number = _doc_number(head, filename)
    if doc_number:
        out["doc_number"] = Guess(doc_number[0], "doc_number")
    meeting = meeting_fields_for(title_text, text)
    _add_dates_and_issuer(
        out, extracted, text, (head, tail), filename, file_mtime, meeting, doc_number, folders
    )

    doc_type = doc_type_of(title_text) if title_text else None
    if doc_type == "纪要" or doc_type is None and title_text.endswith("会纪要"):
        doc_type = "会议纪要"  # 党委会纪要, 办公会纪要: minutes, told apart from a 会议记录
    elif doc_type is None and title_text.endswith("记录") and meeting:
        doc_type = "会议记录"
    if doc_type:
        out["doc_type"] = Guess(doc_type, "title")
    elif len(meeting) >= 3:
        out["doc_type"] = Guess("会议记录", "text:meeting")
    for field, value in meeting.items():
        out[field] = Guess(value, "text:meeting")
    if meeting and len(dates := meeting_dates(text)) >= 2:
        # a log of several meetings: the first dates the record, all are listed for the clerk
        out["remarks"] = Guess(f"含{len(dates)}次会议：" + "、".join(dates), "text:meeting")

    keywords = _keywords(extracted, head, tail)
    if keywords:
        out["keywords"] = keywords
    category = _category(rules, title_text, text, crumbs, folders)
    if category:
        out["category"] = category
    return out


def _unix_newlines(text: str) -> str:
    """CRLF and CR line ends (old Windows and Mac text files) as "\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _add_dates_and_issuer(
    out, extracted, text, lines, filename, file_mtime, meeting, doc_number, folders
):
    """Signing/publication dates, 年度 and 责任者, each from its most trusted source."""
    head, tail = lines
    sign_date, issuer = find_signoff(tail)
    inner = None if sign_date else inner_signoff(text)
    published, adopted = _header_dates(head)
    if extracted.published:
        out["published_date"] = Guess(extracted.published, extracted.published_source)
    elif published:
        out["published_date"] = Guess(published.iso, "text:published")
    candidates = _date_candidates(sign_date, filename, inner, adopted, meeting, text, extracted)
    title = out["title"].value if "title" in out else ""
    _add_date_and_year(out, candidates, doc_number, title, folders)
    if "date" not in out and (suggestion := _date_suggestion(extracted, file_mtime)):
        out["date_suggestion"] = suggestion
    found = _issuer(issuer, head, inner, title)
    if found:
        out["issuer"] = found


def _issuer(signed: str | None, head: list[str], inner, title: str) -> Guess | None:
    """责任者 by trust: the 落款, the red header, a 落款 before attachments, a 发文机关 line, the
    body named at the start of the title, a 预算主管部门/主办单位 line. Never the 版记 印发 office."""
    for value, source in (
        (lambda: signed, "text:signoff"),
        (lambda: red_header_issuer(head), "text:red_header"),
        (lambda: inner[1] if inner else None, "text:signoff"),
        (lambda: issuer_label(head[:HEADER_LINES], first=True), "text:label"),
        (lambda: title_issuer(title, doc_type_of(title)) if title else None, "title:issuer"),
        (lambda: issuer_label(head[:HEADER_LINES], first=False), "text:label"),
    ):
        found = value()
        if found and "印发" not in found:
            return Guess(found, source)
    return None


def _title(extracted: Extracted, head: list[str], crumbs: list[str], filename: str) -> Guess | None:
    """A web page's headline; else the text heading, the format's declared title, the file name."""
    if extracted.headline:
        return Guess(extracted.headline, "web:headline")
    declared = usable_declared_title(extracted.title)
    if declared and extracted.format in MAIL_FORMATS:  # a mail's subject, not its "主题：" line
        return Guess(declared, "format_title")
    found = title_from_lines(head, set(crumbs))
    if found:
        return Guess(found, "heading")
    if declared:
        return Guess(declared, "format_title")
    from_name = title_from_filename(filename)
    return Guess(from_name, "filename") if from_name else None


def _header_dates(head: list[str]) -> tuple[DateMatch | None, DateMatch | None]:
    """(发布日期 after its label, first publication/adoption date) among the lines under the title."""
    published = adopted = None
    for line in head[:HEADER_LINES]:
        label = _RE_PUBLISHED.search(line)
        if label and published is None:
            dates = [d for d in find_dates(line[label.end() :]) if d.precision == "day"]
            published = dates[0] if dates else None
        if adopted is None:
            days = [d for d in find_dates(line) if d.precision == "day"]
            # "2020年11月9日 最高人民法院审判委员会" heads a law; otherwise a keyword must say so
            if days and (days[0].start == 0 and len(line) <= 60 or _RE_ADOPTED.search(line)):
                adopted = days[0]
    return published, adopted or published


def _filename_date(filename: str) -> DateMatch | None:
    """A date written in the file name, e.g. "…(2014-01-01).md" or "20221211会议记录.docx"."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    days = [d for d in find_dates(stem) if d.precision == "day"]
    if days:
        return days[-1]
    parts = parse_partial(re.sub(r"\d{9,}", "", fold_digits(stem)))
    if parts and parts[1] and parts[2]:
        y, m, d = parts
        return DateMatch(f"{y:04d}-{m:02d}-{d:02d}", 0, 0, "day")
    return None


def _loose_date(raw: str | None) -> DateMatch | None:
    """A property or file-time string (ISO or written) as a day-precision date."""
    parts = parse_partial(str(raw)) if raw else None
    if parts and parts[1] and parts[2]:
        return DateMatch(f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}", 0, 0, "day")
    return None


def _date_candidates(sign_date, filename, inner, adopted, meeting, text, extracted):
    """(date, source) in order of trust; computed lazily so the first hit is cheap.

    Only dates the document states as its own: no "first date in the text" (a statistics
    period, a 截至 cut-off), no document properties, no file time (see _date_suggestion)."""
    if extracted.published:
        yield DateMatch(extracted.published, 0, 0, "day"), extracted.published_source
    yield sign_date, "text:signoff"
    yield _printed_date(text), "text:printed"
    yield _filename_date(filename), "filename"
    yield inner[0] if inner else None, "text:signoff"
    yield first_full_date(meeting.get("meeting_time", "")), "text:meeting"
    yield adopted, "text:published"


def _printed_date(text: str) -> DateMatch | None:
    """The 版记 印发 date: "XX办公室 2024年7月25日印发" in the last lines."""
    for line in reversed(tail_lines(text)):
        if "印发" in line and len(line) <= 60:
            days = [d for d in find_dates(line) if d.precision == "day"]
            if days and line[days[-1].end :].strip(" \t\u3000").startswith("印发"):
                return days[-1]
    return None


def _date_suggestion(extracted: Extracted, file_mtime: str | None) -> Guess | None:
    """A date to offer in the form, never stored as the date: properties, then the file time."""
    props = extracted.properties or {}
    for raw, source in (
        (props.get("created"), "properties"),
        (props.get("modified"), "properties"),
        (file_mtime, "file_mtime"),
    ):
        found = _loose_date(raw)
        if found:
            return Guess(found.iso, source)
    return None


def _add_date_and_year(out: dict, candidates, doc_number, title: str, folders) -> None:
    """Date from the most trusted source; year from it, else 文号, the title's 20XX年度, the folder."""
    chosen = next(((d, src) for d, src in candidates if d is not None), None)
    if chosen and chosen[0].precision == "day":
        out["date"] = Guess(chosen[0].iso, chosen[1])
    if chosen:
        out["year"] = Guess(chosen[0].year, chosen[1])
    elif doc_number:
        out["year"] = Guess(doc_number[1], "doc_number")
    elif (m := _RE_TITLE_YEAR.search(title) or _RE_TITLE_YEAR_LOOSE.search(title)) is not None:
        out["year"] = Guess(int(m[1]), "title:year")
    elif (year := year_from_folders(folders)) is not None:
        out["year"] = Guess(year, "folder")


def _doc_number(head: list[str], filename: str) -> tuple[str, int] | None:
    """文号 from a line of its own near the top, else from the file name."""
    for line in head[:HEADER_LINES]:
        found = find_doc_number(line)
        if found:
            return found
    return find_doc_number(filename, anywhere=True)


def _keywords(extracted: Extracted, head: list[str], tail: list[str]) -> Guess | None:
    """主题词/关键词 written in the text, else the document properties."""
    found = keywords_in(tail) or keywords_in(head)
    if found:
        return Guess(found, "text:keywords")
    raw = (extracted.properties or {}).get("keywords")
    words = split_keywords(str(raw)) if raw else None
    return Guess(words, "properties") if words else None


def _category(rules, title: str, text: str, crumbs: list[str], folders: list[str]) -> Guess | None:
    """A matching rule, else the breadcrumb's last items, else the folder names."""
    ruled = category_from_rules(rules or [], title, text)
    if ruled:
        return Guess(ruled[0], f"rule:{ruled[1]}")
    from_crumbs = category_from_breadcrumb(crumbs)
    if from_crumbs:
        return Guess(from_crumbs, "breadcrumb")
    from_folders = category_from_folders(folders or [])
    return Guess(from_folders, "folder") if from_folders else None
