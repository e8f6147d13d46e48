"""Small fields read from patterns: 文号, 文种, 主题词, and 会议记录 header fields."""

from __future__ import annotations

import re

from core.ingest.meta.dates import first_full_date, fold_digits

# 机关代字 ends in one of these in practice (湘工大党发, 国办函, 湘教通, 校字, 党任 …).
_AGENCY_END = "发字函办通任文电复报令告规纪委呈审批备教证校研"
_RE_DOC_NUMBER = re.compile(
    r"(?<![\u4e00-\u9fa5])([\u4e00-\u9fa5]{0,11}?[" + _AGENCY_END + r"])\s*"
    r"[〔\[［【(（]?\s*((?:19|20)\d{2})\s*[〕\]］】)）年]?\s*第?\s*"
    r"[〔\[［【(（]?\s*(\d{1,4})\s*[〕\]］】)）]?\s*号"
)
# 会议纪要 numbered without an agency code: "〔2023〕3号" on a line of its own.
_RE_BARE_NUMBER = re.compile(
    r"^[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*(\d{1,4})\s*号$"
)
_RE_NOT_AGENCY = re.compile(r"关于|印发|转发|根据|按照|依据|的|及|和")
_RE_DOC_NUMBER_LABEL = re.compile(r"^(?:文号|发文字号|发文编号|编号)\s*[:：]\s*")

# Longest ending wins, so 自评报告 beats 报告 and 会议纪要 beats 纪要.
DOC_TYPE_ENDINGS = sorted(
    [
        "会议记录", "会议纪要", "纪要", "自评报告", "述职报告", "调研报告", "报告", "工作总结",
        "总结", "工作要点", "工作计划", "计划", "方案", "通知", "通报", "请示", "批复", "决定",
        "决议", "意见", "函", "规定", "办法", "细则", "条例", "简报", "公告", "通告", "大事记",
        "规则", "章程", "制度", "标准", "解释", "答复", "命令", "议案", "公报", "修正案", "纲要",
        "规划", "讲话", "汇报", "任免", "规范", "说明书", "预算", "决算", "年度报告",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_RE_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]{0,20}[)）]\s*$")

_RE_KEYWORDS = re.compile(r"^(?:主题词|关键词|关键字)\s*[:：]\s*(.+)$")
_RE_KEYWORD_SEP = re.compile(r"[\s,，;；、]+")

# 会议记录 header labels, longest first inside each field so 会议时间 is taken whole.
MEETING_LABELS = {
    "meeting_time": ["会议时间", "起始时间", "开始时间", "召开时间", "时间", "日期"],
    "meeting_place": ["会议地点", "召开地点", "地点"],
    "meeting_chair": ["会议主持人", "会议主持", "主持人", "主持"],
    "meeting_attendees": [
        "应出席人员", "出席人员", "参会人员", "参加人员", "与会人员", "出席人", "参会人",
        "参加人", "参与人员", "参与人", "与会者", "出席", "参会",
    ],
    "meeting_guests": ["列席人员", "列席人", "列席"],
    "meeting_absentees": ["缺席人员及原因", "缺席人及原因", "缺席人员", "缺席人", "缺席"],
    "meeting_recorder": ["会议记录人", "记录人", "记录员", "会议记录", "记录"],
    "meeting_agenda": ["会议议题", "会议议程", "会议内容", "议题", "议程", "内容"],
    "meeting_other": ["结束时间", "主讲人", "主讲"],  # read so they end the field above them
}  # fmt: skip
_LABEL_FIELD = {label: f for f, labels in MEETING_LABELS.items() for label in labels}
_LABEL_GAP = "[ \u3000\xa0]*"  # "主 持 人", "时　　间": labels spaced out to align
_RE_MEETING_LABEL = re.compile(
    r"(?:^|(?<=[ \t\u3000\xa0]))("
    + "|".join(_LABEL_GAP.join(lb) for lb in sorted(_LABEL_FIELD, key=len, reverse=True))
    + r")(?:[ \u3000]*[:：]|[ \u3000]*\t)",  # "时间：…" or a table cell "时间<tab>…"
    re.MULTILINE,
)
_RE_LABEL_GAP = re.compile(_LABEL_GAP)
_RE_ENUMERATED = re.compile(
    r"^\s*(?:\d{1,2}[.、．)）]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|[①-⑩])"
)
MEETING_HEAD_CHARS = 3000
MAX_FIELD_LINES = 4
MAX_AGENDA_LINES = 16
_LIST_SEPARATORS = ("、", "，", ",")


def find_doc_number(line: str, *, anywhere: bool = False) -> tuple[str, int] | None:
    """(normalised 文号, year) when the line is a 文号 line (or contains one, with anywhere)."""
    text = _RE_DOC_NUMBER_LABEL.sub("", fold_digits(line.strip()))
    if text[:1] in "（(" and text[-1:] in "）)":
        text = text[1:-1].strip()  # "（福大教〔2019〕37号）" on its own line under the title
    m = _RE_DOC_NUMBER.search(text)
    if not m:
        bare = _RE_BARE_NUMBER.match(text)
        return (f"〔{bare[1]}〕{int(bare[2])}号", int(bare[1])) if bare else None
    rest = text[m.end() :].strip()
    if not anywhere and (m.start() > 0 or (len(rest) > 12 and "签发" not in rest)):
        return None
    agency, year, seq = m[1], int(m[2]), int(m[3])
    if _RE_NOT_AGENCY.search(agency):
        return None  # "关于印发湘工大党发〔2022〕12号文件的通知" is a title that cites a number
    return f"{agency}〔{year}〕{seq}号", year


# Endings that are the tail of another word, not a 文种: 行政协议案 is a 协议 case, 信函 a letter.
_NOT_DOC_TYPE = re.compile(r"(?:协议案|[信来公]函|[^的复]函)$")


def doc_type_of(title: str) -> str | None:
    """The 文种 a title ends with, ignoring a trailing note like （试行） or （2022年修订）."""
    core = title.strip().rstrip("。.!！?？ ")
    for _ in range(2):
        core = _RE_TRAILING_NOTE.sub("", core)
    for ending in DOC_TYPE_ENDINGS:
        if core.endswith(ending):
            if ending in ("议案", "函") and _NOT_DOC_TYPE.search(core):
                return None
            return ending
    return None


def keywords_in(lines: list[str]) -> str | None:
    """The comma-joined words of a 主题词/关键词 line."""
    for line in lines:
        m = _RE_KEYWORDS.match(line)
        if m:
            words = [w for w in _RE_KEYWORD_SEP.split(m[1]) if w]
            if words:
                return ",".join(words)
    return None


def split_keywords(raw: str) -> str | None:
    """Document-property keywords in the same comma-joined form."""
    words = [w for w in _RE_KEYWORD_SEP.split(raw or "") if w]
    return ",".join(words) or None


_RE_MEETING_TITLE = re.compile(
    r"会议|党委会|办公会|联席会|支委会|常委会|纪要|记录|座谈会|例会|班子会"
)
MEETING_FIELDS_ALONE = 4  # this many header fields make a meeting record whatever the title


def meeting_fields_for(title: str, text: str) -> dict[str, str]:
    """Meeting header fields, kept only when the document is a meeting record or minutes."""
    found = meeting_fields(text)
    if len(found) >= MEETING_FIELDS_ALONE or (found and _RE_MEETING_TITLE.search(title)):
        return found
    return {}


def meeting_fields(text: str) -> dict[str, str]:
    """会议记录 header values; each spans from its label to the next label (a few lines at most)."""
    head = text[:MEETING_HEAD_CHARS]
    marks = list(_RE_MEETING_LABEL.finditer(head))
    fields = [_LABEL_FIELD[_RE_LABEL_GAP.sub("", m[1])] for m in marks]
    if len(set(fields) - {"meeting_other"}) < 2:
        return {}
    found: dict[str, str] = {}
    for i, m in enumerate(marks):
        field = fields[i]
        if field in found or field == "meeting_other":
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(head)
        lines = [p.strip(" \t\u3000\xa0") for p in head[m.end() : end].split("\n")]
        value = _agenda(lines) if field == "meeting_agenda" else _wrapped(lines)
        value = value.strip(" \t\u3000")
        if value:
            found[field] = value
    return found


_TIME_FIELDS = ("meeting_time",)
MAX_MEETINGS = 60


def meeting_dates(text: str) -> list[str]:
    """The date after every 时间/会议时间 label: one per meeting of a multi-meeting log."""
    dates: list[str] = []
    for m in _RE_MEETING_LABEL.finditer(text):
        if _LABEL_FIELD.get(_RE_LABEL_GAP.sub("", m[1])) not in _TIME_FIELDS:
            continue
        found = first_full_date(text[m.end() : m.end() + 40].split("\n", 1)[0])
        if found and found.iso not in dates:
            dates.append(found.iso)
            if len(dates) >= MAX_MEETINGS:
                break
    return dates


def is_field_line(line: str) -> bool:
    """A "时间：…"/"主 持 人：…" line or a table row starting with such a label cell."""
    return _RE_MEETING_LABEL.match(line) is not None


def _wrapped(lines: list[str]) -> str:
    """A field's own line, plus lines it continues onto (after a trailing 、 or ，)."""
    if not lines[0] and len(lines) > 1:
        lines = [line for line in lines[1:] if line][:1] or [""]
    value = lines[0]
    for line in lines[1:MAX_FIELD_LINES]:
        if not line or not value.endswith(_LIST_SEPARATORS):
            break
        value += line
    return value.rstrip("".join(_LIST_SEPARATORS) + "；;")


def _agenda(lines: list[str]) -> str:
    """The 议题: its own line and the numbered items below it."""
    items = [lines[0]] if lines[0] else []
    for line in lines[1:MAX_AGENDA_LINES]:
        if not line:
            continue
        if _RE_ENUMERATED.match(line) or not items:
            items.append(line)
        else:
            break
    return "\n".join(items)
