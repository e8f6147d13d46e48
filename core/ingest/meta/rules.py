"""类别: the user's matching rules first, then the web page breadcrumb, then the folders."""

from __future__ import annotations

import re
from functools import lru_cache

_RE_NAV_LINE = re.compile(
    r"(?:当前位置|您的位置|你的位置|您现在的位置|现在位置|所在位置)\s*[:：]?\s*(.+)$"
)
_RE_CRUMB_SEP = re.compile(r"\s*(?:>>|[>»›＞/→]|-{1,2}>)\s*")
_NOT_A_CLASS = {
    "首页",
    "网站首页",
    "主页",
    "正文",
    "详情",
    "详细内容",
    "正文内容",
    "内容",
    "信息浏览",
    "浏览",
}
_RE_YEARISH = re.compile(
    r"^\s*(?:19|20)\d{2}(?:年度?|年|\s*[-—~至]\s*(?:19|20)\d{2}\s*学年.*)?\s*$"
)
_RE_WORD_SEP = re.compile(r"[\s,，;；、]+")
BREADCRUMB_DEPTH = 2
# A crumb that is a category of a Chinese office's site has Chinese in it; a label glued on
# ("位置：首页") is cut off; a crumb naming the article page itself (资讯正文, 新闻详情) is no class.
_RE_HAN_CHAR = re.compile("[\u4e00-\u9fff]")
_RE_CRUMB_LABEL_PREFIX = re.compile(r"^.{0,6}位置\s*[:：]\s*")
_RE_FILE_PIECE = re.compile(
    r"[A-Za-z0-9_./-]*\.(?:s?html?|php|aspx?|jsp)(?![A-Za-z])", re.I
)  # link targets
_RE_DETAIL_PAGE = re.compile(r"(?:正文|详情|详细内容|内容页|阅读)$")
RULE_FIELDS = ("title", "text", "any")  # 题名, 正文, 题名或正文
RULE_KEYS = ("name", "match", "field", "category")
RULE_TEXT_CHARS = 50_000  # what a document is about shows early; keeps 100 rules × 300 KB cheap


def split_category(path: str) -> list[str]:
    """ "党群/组织" → ["党群", "组织"]."""
    return [p.strip() for p in re.split(r"[/／>＞\\]", path) if p.strip()]


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None  # a bad rule never stops an import; the rules editor reports it


def is_regex(match: str) -> bool:
    """A match written /…/ is a regular expression; anything else is a list of words."""
    match = match.strip()
    return len(match) >= 2 and match.startswith("/") and match.endswith("/")


# What a clerk reads when a /regex/ does not compile (re's messages, most specific first).
_REGEX_PROBLEMS = (
    ("character set", "正则表达式有误：方括号“[ ]”没有配对"),
    ("parenthesis", "正则表达式有误：圆括号“( )”没有配对"),
    ("subpattern", "正则表达式有误：圆括号“( )”没有配对"),
    ("greater than max", "正则表达式有误：“{m,n}”里前一个数不能大于后一个数"),
    ("repeat", "正则表达式有误：“*”“+”“?”或“{ }”前面缺少要重复的内容"),
    ("bad escape", "正则表达式有误：反斜杠“\\”后面的写法不对"),
    ("character range", "正则表达式有误：方括号里的范围写错了（如 [9-0]）"),
    ("look-behind", "正则表达式有误：“(?<=…)”里只能写固定长度的内容"),
)
REGEX_INVALID = "正则表达式有误，请检查写法"
REGEX_EMPTY = "正则表达式的两个斜杠之间没有内容"
MATCH_EMPTY = "请填写匹配内容"
CATEGORY_EMPTY = "请填写归入类别"
FIELD_UNKNOWN = "查找范围只能是题名、正文或题名或正文"


def regex_problem(pattern: str) -> str | None:
    """A plain Chinese sentence saying why the pattern does not compile, or None."""
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        return next((msg for key, msg in _REGEX_PROBLEMS if key in e.msg), REGEX_INVALID)
    return None


def validate_rule(rule: dict) -> str | None:
    """Why the rule would never work (empty match or category, bad /regex/), or None when fine."""
    match = str(rule.get("match") or "").strip()
    if not match or not any(_RE_WORD_SEP.split(match)):
        return MATCH_EMPTY
    if is_regex(match):
        if not match[1:-1]:
            return REGEX_EMPTY
        problem = regex_problem(match[1:-1])
        if problem:
            return problem
    if (rule.get("field") or "any") not in RULE_FIELDS:
        return FIELD_UNKNOWN
    if not split_category(str(rule.get("category") or "")):
        return CATEGORY_EMPTY
    return None


class _Haystacks:
    """The title, the text and both, each lower-cased once however many rules look at them."""

    def __init__(self, title: str, text: str):
        text = text[:RULE_TEXT_CHARS]
        self._raw = {"title": title, "text": text, "any": f"{title}\n{text}"}
        self._lower: dict[str, str] = {}

    def raw(self, field: str) -> str:
        return self._raw.get(field, self._raw["any"])

    def lower(self, field: str) -> str:
        key = field if field in self._raw else "any"
        if key not in self._lower:
            self._lower[key] = self._raw[key].lower()
        return self._lower[key]


def rule_matches(rule: dict, title: str, text: str, _hay: _Haystacks | None = None) -> bool:
    """True when the rule's match ("/regex/" or words, any of which suffices) hits its field."""
    match = str(rule.get("match") or "").strip()
    if not match:
        return False
    hay = _hay or _Haystacks(title, text)
    field = rule.get("field") or "any"
    if is_regex(match):
        rx = _compiled(match[1:-1])
        return bool(rx and rx.search(hay.raw(field)))
    lowered = hay.lower(field)
    return any(word.lower() in lowered for word in _RE_WORD_SEP.split(match) if word)


def is_blank_rule(rule: dict) -> bool:
    """A rule with nothing written in it (an editor drops it rather than refusing it)."""
    return not any(str(rule.get(k) or "").strip() for k in ("name", "match", "category"))


def tidy_rule(rule: dict) -> dict:
    """The rule as settings keep it: trimmed, category as 甲/乙, other keys left as they were."""
    out = {k: v for k, v in rule.items() if k not in RULE_KEYS}
    if str(rule.get("name") or "").strip():
        out["name"] = str(rule["name"]).strip()
    out["match"] = str(rule.get("match") or "").strip()
    out["field"] = rule.get("field") or "any"
    out["category"] = "/".join(split_category(str(rule.get("category") or "")))
    return out


def first_matching_rule(rules: list[dict], title: str, text: str) -> int | None:
    """The index of the first rule with a category whose match hits (what import applies)."""
    hay = _Haystacks(title, text)
    for index, rule in enumerate(rules or ()):
        path = split_category(str(rule.get("category") or ""))
        if path and rule_matches(rule, title, text, hay):
            return index
    return None


def category_from_rules(rules: list[dict], title: str, text: str) -> tuple[list[str], str] | None:
    """(category path, rule name) of the first rule that matches."""
    index = first_matching_rule(rules, title, text)
    if index is None:
        return None
    rule = rules[index]
    return split_category(str(rule["category"])), str(rule.get("name") or rule.get("category"))


def breadcrumb_in(lines: list[str]) -> list[str]:
    """The navigation path written in a "当前位置: 首页 > A > B" line."""
    for line in lines[:20]:
        m = _RE_NAV_LINE.search(line)
        if m:
            return [p for p in _RE_CRUMB_SEP.split(m[1]) if p.strip()]
    return []


def category_from_breadcrumb(crumbs: list[str]) -> list[str]:
    """The last meaningful items of a breadcrumb: home, "正文", labels, file and URL pieces
    (index.html, col1621004) and widgets ("by Taboola") dropped — each makes a category."""
    items = [
        _RE_FILE_PIECE.sub("", _RE_CRUMB_LABEL_PREFIX.sub("", c or "")).strip() for c in crumbs
    ]
    items = [c for c in items if c and c not in _NOT_A_CLASS and len(c) <= 20]
    items = [c for c in items if _RE_HAN_CHAR.search(c) and not _RE_DETAIL_PAGE.search(c)]
    items = [c for i, c in enumerate(items) if i == 0 or c != items[i - 1]]  # 公司 > 公司
    return items[-BREADCRUMB_DEPTH:]


def category_from_folders(folders: list[str]) -> list[str]:
    """Folder names as a category path, years left out (年度 is its own field)."""
    return [f.strip() for f in folders if f and f.strip() and not _RE_YEARISH.match(f)]


_RE_FOLDER_YEAR = re.compile(
    r"^((?:19|20)\d{2})(?:\s*(?:年|年度)|\s*[-—~至]\s*(?:19|20)\d{2}\s*学年.*)?$"
)


def year_from_folders(folders: list[str]) -> int | None:
    """年度 from the nearest folder named for it: 2019, 2019年, 2019年度, 2019-2020学年."""
    for name in reversed(folders or []):
        m = _RE_FOLDER_YEAR.match(name.strip())
        if m:
            return int(m[1])
    return None
