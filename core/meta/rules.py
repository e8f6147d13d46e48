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
    if len(match) >= 2 and match.startswith("/") and match.endswith("/"):
        rx = _compiled(match[1:-1])
        return bool(rx and rx.search(hay.raw(field)))
    lowered = hay.lower(field)
    return any(word.lower() in lowered for word in _RE_WORD_SEP.split(match) if word)


def category_from_rules(rules: list[dict], title: str, text: str) -> tuple[list[str], str] | None:
    """(category path, rule name) of the first rule that matches."""
    hay = _Haystacks(title, text)
    for rule in rules or ():
        path = split_category(str(rule.get("category") or ""))
        if path and rule_matches(rule, title, text, hay):
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
