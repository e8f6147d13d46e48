"""题名: the document's own title from its first lines, joined when it wraps."""

from __future__ import annotations

import re

from core.ingest.meta.dates import find_dates, fold_digits
from core.ingest.meta.fields import doc_type_of, find_doc_number, is_field_line
from core.ingest.meta.lines import RE_ORG_END, squeeze

MAX_TITLE = 120
_RE_NAV = re.compile(
    r"当前位置|您的位置|你的位置|您现在的位置|现在位置|所在位置|首页\s*[>»›/＞]|[>»›＞]\s*正文"
)
_RE_META = re.compile(
    r"^(?:信息来源|来源|文章来源|发布日期|发布时间|发文日期|发布人|发布者|作者|撰稿|编辑|责任编辑|"
    r"审核|审稿|供稿|点击|点击数|浏览|浏览次数|阅读|阅读次数|访问次数|字号|日期|时间|地点|"
    r"主持人|主持|出席人|出席人员|参会人员|记录人|记录|议题|签发人|密级|紧急程度)\s*[:：]"
)
_RE_MARKER = re.compile(
    r"^(?:[★☆]|(?:特急|加急|平急|机密|秘密|绝密|内部资料|内部文件)(?:[★☆\s]|$)|份号|"
    r"第\s*\d+\s*期$|\d{6}$|<!--|附件)"
)
_RE_LETTERHEAD = re.compile(r"^[\u4e00-\u9fa5（）()]{4,30}$")
_RE_RED_HEADER = re.compile(r"^([\u4e00-\u9fa5（）()、]{3,30}?)文\s*件$")
_RE_ENUMERATED = re.compile(
    r"^(?:\d{1,2}[.、．]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|第[一二三四五六七八九十百\d]+[章条节])"
)
_RE_DATE_LINE_EXTRAS = re.compile(r"[\s()（）\[\]【】星期周一二三四五六日天上下午\d:：]")
_RE_SYMBOLS = re.compile(r"^[\W_]+$")
_RE_MD_H1 = re.compile(r"^#\s+(.+?)\s*#*$")
_TERMINAL = "。；;：:"
_EXCLAIM = "！!？?"  # a headline may end so ("…啥来头？"); a long sentence may not
_EXCLAIM_MAX = 40
_RE_MARKUP = re.compile(r"<!--.*?-->|^#{1,6}\s*|^\*\*|\*\*$|\s#+$|^[-—－_=＝─━]{3,}")
_JOINERS = ("的", "关于", "和", "与", "及", "、", "暨", "《", "对", "在", "为", "于", "年", "度", "以及")  # fmt: skip
_CONTINUE_LINE_MAX = 40
_SHORT_MENU_ITEM = 8
_NOTE = re.compile(r"[（(][^（()）]{1,20}[)）]")


def red_header_issuer(lines: list[str]) -> str | None:
    """The issuer printed in a red header "XX文件" near the top."""
    for line in lines[:6]:
        m = _RE_RED_HEADER.match(squeeze(line))
        if m and "关于" not in m[1] and not _RE_NAV.search(line):
            return m[1]
    for line, nxt in zip(lines[:3], lines[1:4], strict=False):
        name = squeeze(line)
        if _RE_LETTERHEAD.match(name) and RE_ORG_END.search(name) and nxt.startswith("关于"):
            return name  # a letterhead (信函格式): the org's name alone above "关于…"
    return None


def is_noise(line: str) -> bool:
    """Navigation, source/date lines, red headers, markers, 文号 and date-only lines."""
    if _RE_NAV.search(line) or _RE_META.match(line) or _RE_MARKER.match(line):
        return True
    if is_field_line(line):
        return True
    if _RE_SYMBOLS.match(line) or _RE_RED_HEADER.match(squeeze(line)):
        return True
    if find_doc_number(line):
        return True
    return _is_date_line(line)


def _is_date_line(line: str) -> bool:
    """A line that is a date and little else (weekday, time of day, brackets)."""
    dates = find_dates(line)
    if not dates:
        return False
    folded, rest, at = fold_digits(line), [], 0
    for d in dates:
        rest.append(folded[at : d.start])
        at = d.end
    rest.append(folded[at:])
    return len(_RE_DATE_LINE_EXTRAS.sub("", "".join(rest))) <= 2


def _is_body(line: str) -> bool:
    return len(line) > 90 or line.endswith(("。", "；")) and len(line) > 25


def _plausible(line: str) -> bool:
    """Could stand as (part of) a title: no sentence ending, not a list item or salutation."""
    return (
        not line.endswith(tuple(_TERMINAL))
        and not (line.endswith(tuple(_EXCLAIM)) and len(line) > _EXCLAIM_MAX)
        and not _RE_ENUMERATED.match(line)
        and not _is_body(line)
        and len(squeeze(line)) >= 2
    )


def _strong(title: str) -> bool:
    """Ends with a 文种 or reads "…关于…" — almost surely the title."""
    return bool(doc_type_of(title)) or "关于" in title or bool(_RE_RECORD_TITLE.search(title))


def _join(lines: list[str], start: int) -> tuple[str, int]:
    """The title starting at lines[start], wrapped over up to 3 lines; (title, lines used)."""
    title = squeeze(lines[start])
    used = 1
    while used < 3 and start + used < len(lines):
        nxt = lines[start + used]
        if is_noise(nxt) or not _plausible(nxt) or len(nxt) > _CONTINUE_LINE_MAX:
            break
        joined = title + squeeze(nxt)
        continues = _wraps(title, nxt, joined) or _NOTE.fullmatch(squeeze(nxt))
        if not continues or len(joined) > MAX_TITLE:
            break
        title, used = joined, used + 1
    return title, used


def _wraps(title: str, nxt: str, joined: str) -> bool:
    """True when nxt continues title: a dangling 的/关于, an open "关于…", a split 文种, an issuer."""
    if title.endswith(_JOINERS):
        return True
    if RE_ORG_END.search(title) and nxt.startswith("关于") and doc_type_of(squeeze(nxt)):
        return (
            False  # "某某部\n关于…的通知": the org line is the letterhead, the title stands alone
        )
    unfinished = doc_type_of(title) is None
    if unfinished and "关于" in title:
        return True
    completes = doc_type_of(joined) is not None
    if unfinished and completes and len(title) >= _SHORT_MENU_ITEM:
        return True  # short menu items (党建引领) must not swallow the title below them
    if RE_ORG_END.search(title) is None:
        return False
    return nxt.startswith("关于") or completes


def title_from_lines(lines: list[str], skip: set[str] | None = None) -> str | None:
    """The title among the first lines: a "# " heading, a 文种-ending line, else the first plausible line."""
    for line in lines[:5]:
        m = _RE_MD_H1.match(line)
        if (
            m
        ):  # authored plain text, not layout: its spaces are meant ("最高人民法院 最高人民检察院")
            return m[1].strip()[:MAX_TITLE]
    lines = [_unmarked(line) for line in lines]
    lines = [line for line in lines if line]
    nav_at = max((i for i, line in enumerate(lines[:15]) if _RE_NAV.search(line)), default=-1)
    candidates: list[str] = []
    for line in lines[nav_at + 1 :]:
        if _is_body(line) or line.endswith(("：", ":")) and candidates:
            break
        if line in (skip or ()):
            continue
        candidates.append(line)
    first_plausible = long_plausible = None
    for i, line in enumerate(candidates[:12]):
        if is_noise(line) or not _plausible(line):
            continue
        title, _ = _join(candidates, i)
        if _strong(title):
            return title
        if len(title) >= _SHORT_MENU_ITEM and long_plausible is None:
            long_plausible = title
        if first_plausible is None and len(title) >= 4:
            first_plausible = title
    return long_plausible or first_plausible


def _unmarked(line: str) -> str:
    """A line without Markdown heading marks, bold marks or HTML comments."""
    if "#" in line or "<!--" in line or "*" in line or line[:1] in "-—－_=＝─━":
        return _RE_MARKUP.sub("", line).strip()
    return line


_RE_RECORD_TITLE = re.compile(r"(?:会|组会|例会|座谈|研讨|讲座|活动)(?:记录|纪要)$")


_RE_NAME_DATE = re.compile(r"\s*[（(\[【]?\s*\d{4}[-.年]\d{1,2}[-.月]\d{1,2}日?\s*[)）\]】]?\s*$")


def title_from_filename(filename: str) -> str | None:
    """The file name without extension and without a trailing "(2014-01-01)"."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = _RE_NAME_DATE.sub("", fold_digits(stem))
    return squeeze(stem) or None


_RE_JUNK_DECLARED = re.compile(
    r"^(?:无标题|未命名|标题|文档\s*\d*|新建\s*.*文档.*|document\s*\d*|untitled|title|"
    r"microsoft word|wps|\d+|[\W_]+)$",
    re.IGNORECASE,
)
_RE_OFFICE_PREFIX = re.compile(r"^(?:Microsoft\s+Word|WPS\s+文字)\s*-\s*", re.IGNORECASE)
_RE_DOC_EXT = re.compile(r"\.(?:docx?|wps|pdf|html?|txt|rtf|odt)$", re.IGNORECASE)


def usable_declared_title(declared: str | None) -> str | None:
    """A format-declared title without "Microsoft Word - " and ".doc", or None if it is a placeholder."""
    title = squeeze(_RE_DOC_EXT.sub("", _RE_OFFICE_PREFIX.sub("", (declared or "").strip())))
    if not title or _RE_JUNK_DECLARED.match(title):
        return None
    return title[:MAX_TITLE]
