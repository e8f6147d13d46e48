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
_RE_YEARISH = re.compile(r"^\s*(?:19|20)\d{2}(?:年度?|年)?\s*$")
_RE_WORD_SEP = re.compile(r"[\s,，;；、]+")
BREADCRUMB_DEPTH = 2


def split_category(path: str) -> list[str]:
    """ "党群/组织" → ["党群", "组织"]."""
    return [p.strip() for p in re.split(r"[/／>＞\\]", path) if p.strip()]


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None  # a bad rule never stops an import; the rules editor reports it


def rule_matches(rule: dict, title: str, text: str) -> bool:
    """True when the rule's match ("/regex/" or words, any of which suffices) hits its field."""
    match = (rule.get("match") or "").strip()
    if not match:
        return False
    field = rule.get("field") or "any"
    haystack = title if field == "title" else text if field == "text" else f"{title}\n{text}"
    if len(match) >= 2 and match.startswith("/") and match.endswith("/"):
        rx = _compiled(match[1:-1])
        return bool(rx and rx.search(haystack))
    lowered = haystack.lower()
    return any(word.lower() in lowered for word in _RE_WORD_SEP.split(match) if word)


def category_from_rules(rules: list[dict], title: str, text: str) -> tuple[list[str], str] | None:
    """(category path, rule name) of the first rule that matches."""
    for rule in rules or ():
        path = split_category(rule.get("category") or "")
        if path and rule_matches(rule, title, text):
            return path, str(rule.get("name") or rule.get("category"))
    return None


def breadcrumb_in(lines: list[str]) -> list[str]:
    """The navigation path written in a "当前位置: 首页 > A > B" line."""
    for line in lines[:20]:
        m = _RE_NAV_LINE.search(line)
        if m:
            return [p for p in _RE_CRUMB_SEP.split(m[1]) if p.strip()]
    return []


def category_from_breadcrumb(crumbs: list[str]) -> list[str]:
    """The last meaningful items of a breadcrumb (home and "正文" dropped)."""
    items = [c.strip() for c in crumbs if c and c.strip() and c.strip() not in _NOT_A_CLASS]
    items = [c for c in items if not c.startswith(("当前位置", "您的位置")) and len(c) <= 20]
    return items[-BREADCRUMB_DEPTH:]


def category_from_folders(folders: list[str]) -> list[str]:
    """Folder names as a category path, years left out (年度 is its own field)."""
    return [f.strip() for f in folders if f and f.strip() and not _RE_YEARISH.match(f)]
