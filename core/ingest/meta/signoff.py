"""落款: the issuer and signing date at the end of a document; issuer equivalence."""

from __future__ import annotations

import re

from core.ingest.meta.dates import DateMatch, find_dates, fold_digits
from core.ingest.meta.lines import RE_ORG_END, clean_line, squeeze

# 版记 and trailer lines that may follow the sign-off and are skipped on the way up.
_RE_TRAILER = re.compile(
    r"印发|^(?:抄送|抄报|主送|分送|发送|报送|送|附件|联系人|联系电话|电话|共印|打印|校对|校核|"
    r"（此件|\(此件|此件|主题词|关键词|关键字)|^[-—－_=＝─━\s]+$|份）?$"
)
_RE_PAGE_NUMBER = re.compile(r"^[-—－\s]*\d{1,3}[-—－\s]*$|^第\s*\d+\s*页")  # "— 3 —", "第 3 页"
_RE_NOT_ISSUER = re.compile(
    r"^(?:特此|此致|敬礼|以上|妥否|当否|请批示|请审|附件|[（(]|\d|[一二三四五六七八九十]、)"
)
_RE_ISSUER_CHARS = re.compile(r"^[\u4e00-\u9fa5（）()·]{2,40}$")
_TRAILER_SCAN = 12
INNER_SCAN_CHARS = 100_000
_HEADER_SKIP = 2  # the title lines: an issuer + date there is a header, not a 落款
_RE_DATEISH = re.compile(r"\d{4}|[〇○零]")


def _date_line(line: str) -> tuple[DateMatch, str] | None:
    """(date, text beside it) when the line is a date alone or an issuer followed by a date."""
    dates = find_dates(line)
    if not dates:
        return None
    d = dates[-1]
    folded = fold_digits(line)
    after = folded[d.end :].strip(" \t\u3000\xa0）)]】")
    before = folded[: d.start].strip(" \t\u3000\xa0（([【")
    if after or len(dates) > 1:
        return None
    if before and not (_issuer_like(squeeze(before)) and RE_ORG_END.search(squeeze(before))):
        return None
    return d, squeeze(before)


def _issuer_like(line: str) -> bool:
    """An organisation or person name line: Han characters only, no sentence, no list marker."""
    return bool(_RE_ISSUER_CHARS.match(line)) and not _RE_NOT_ISSUER.match(line)


def find_signoff(tail: list[str]) -> tuple[DateMatch | None, str | None]:
    """(signing date, issuer) from the last lines, skipping 印发 and other 版记 lines below."""
    for back in range(1, min(len(tail), _TRAILER_SCAN) + 1):
        line = tail[-back]
        if _RE_TRAILER.search(line) or _RE_PAGE_NUMBER.match(line):
            continue
        found = _date_line(line)
        if found is None:
            if len(line) > 40 or line.endswith(("。", "；", ";")):
                return None, None  # reached the body: there is no sign-off
            continue
        date, beside = found
        return date, beside or _issuer_above(tail[: len(tail) - back])
    return None, None


def inner_signoff(text: str) -> tuple[DateMatch, str] | None:
    """The last issuer + date pair inside the text, for documents whose attachments follow the 落款."""
    lines = [clean_line(raw) for raw in text[:INNER_SCAN_CHARS].splitlines()]
    lines = [line for line in lines if line]
    last = None
    for i in range(_HEADER_SKIP, len(lines)):
        line = lines[i]
        if len(line) > 40 or "印发" in line or not _RE_DATEISH.search(line):
            continue
        found = _date_line(line)
        if found is None:
            continue
        issuer = found[1] or _issuer_above(lines[_HEADER_SKIP:i])
        if issuer and RE_ORG_END.search(issuer):
            last = (found[0], issuer)
    return last


def _issuer_above(lines: list[str]) -> str | None:
    """The issuer lines just above the signing date (joint issuers joined with 、)."""
    names: list[str] = []
    lines = [line for line in lines[-5:] if not _RE_PAGE_NUMBER.match(line)]  # a page break
    for line in reversed(lines[-3:]):
        parts = [squeeze(p) for p in re.split(r"[ \t\u3000\xa0]{2,}", line) if p.strip()]
        if not parts or not all(_issuer_like(p) for p in parts):
            break
        names[:0] = parts
    return "、".join(names) or None


_CPC_PREFIXES = ("中国共产党", "中共")


def canonical_issuer(name: str) -> str:
    """中共XX委员会, 中国共产党XX委员会 and XX党委 all become XX党委 (纪律检查委员会 → 纪委)."""
    name = squeeze(name).replace("(", "（").replace(")", "）").replace("纪律检查委员会", "纪委")
    for prefix in _CPC_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 2:
            rest = name[len(prefix) :]
            return rest[:-3] + "党委" if rest.endswith("委员会") else rest
    return name


def same_issuer(a: str | None, b: str | None) -> bool:
    """True when two issuer names denote the same body (中共XX委员会 ≡ XX党委)."""
    if not a or not b:
        return False
    return canonical_issuer(a) == canonical_issuer(b)


_ORG = (
    r"(?:人民政府|政府|委员会|党委|党总支|党支部|总支|支部|大学|学院|学校|办公室|办公厅|研究院|"
    r"研究所|研究生院|中心|学会|协会|联合会|局|厅|委|部|处)"
)
_RE_TITLE_ORG_BEFORE = re.compile(
    rf"^(.{{2,40}}{_ORG})(?=(?:19|20)\d{{2}}|关于|第[一二三四五六七八九十\d])"
)
_RE_TITLE_ORG_LOOSE = re.compile(
    r"^(.{2,30}?(?:大学|学院|学会|协会|人民政府|委员会|党委|局|厅))(?=[\u4e00-\u9fa5])"
)
_RE_ISSUER_LABEL = re.compile(
    r"^(发文机关|发文单位|预算主管部门|预算单位|主办单位|编制单位|发布单位|制定单位|报告单位)"
    r"[ \u3000]*[:：][ \u3000]*([\u4e00-\u9fa5（）()·]{2,40})$"
)
_FIRST_LABELS = ("发文机关", "发文单位")


def issuer_label(lines: list[str], first: bool) -> str | None:
    """An issuer on a labelled line: 发文机关 (first=True), else 预算主管部门/主办单位/编制单位…."""
    for line in lines:
        m = _RE_ISSUER_LABEL.match(squeeze(line))
        if m and (m[1] in _FIRST_LABELS) == first and "印发" not in m[2]:
            return m[2]
    return None


def title_issuer(title: str, doc_type: str | None) -> str | None:
    """The body named at the start of the title: 洪泽区人民政府2023年…, 福州大学关于…, XX学会章程."""
    title = squeeze(title)
    m = _RE_TITLE_ORG_BEFORE.match(title)
    if m:
        return m[1]
    if doc_type and title.endswith(doc_type):
        rest = title[: -len(doc_type)]
        if len(rest) >= 4 and re.search(f"{_ORG}$", rest) and _issuer_like(rest):
            return rest
    m = _RE_TITLE_ORG_LOOSE.match(title)
    return m[1] if m and len(m[1]) >= 4 and _issuer_like(m[1]) else None
