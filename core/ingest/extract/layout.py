"""Page layout helpers shared by the fixed-layout formats (PDF, OFD)."""

from __future__ import annotations

import re

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = _HAN + "\u3040-\u30ff"  # kana too: Japanese PDFs break lines the same way
_LINE_END_OK = re.compile(f"[{_CJK}，、；：（《“‘—]$")  # a line that stops mid-sentence
_LINE_START_OK = re.compile(f"^[{_CJK}，。、；：）》”’！？—]")
_SALUTATION_MAX = 20
_RE_DOC_NO = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号")
_RE_LABEL = re.compile(f"^[{_HAN}][{_HAN} \u3000]{{0,6}}[：:]")
_RE_HEADING = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+[章节条篇部分]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)"
)


def join_cjk_lines(lines: list[str]) -> str:
    """Join a line break between two Han characters when the line before is full length."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return ""
    typical = lengths[int(len(lengths) * 0.75)] if len(lengths) > 3 else lengths[-1]
    out: list[str] = []
    previous = ""  # the last physical line, even when it was joined onto a paragraph
    for line in lines:
        line = line.rstrip()
        if out and _continues(previous, line, typical):
            out[-1] += line.lstrip()
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


def _continues(previous: str, line: str, typical: int) -> bool:
    """True when line carries on the sentence that previous broke off."""
    before, after = previous.strip(), line.strip()
    if not before or not after or typical < 8 or len(before) < typical * 0.8:
        return False
    if not (_LINE_END_OK.search(before) and _LINE_START_OK.search(after)):
        return False
    if _RE_DOC_NO.search(after) and len(after) <= _SALUTATION_MAX * 2:
        return False  # a 文号 line ("某政复〔2023〕3号") under the title
    if after.endswith(("：", ":")) and len(after) <= _SALUTATION_MAX or _RE_LABEL.match(after):
        return False  # "各街道办事处：" or "会议时间：…" opens a line of its own
    return not (_RE_HEADING.match(before) and len(before) < typical * 0.9)
