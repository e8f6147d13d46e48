"""A saved page's own signals for its headline and publication date (html.py's helper).

htmldate owns the page-wide date signals (meta tags, JSON-LD, script variables, the URL); this
module adds what is Chinese-specific or page-layout-specific: the headline where <title>,
og:title and the heading elements agree, and the "发布时间：09-30 22:46" line under it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from core.ingest.extract.htmltree import Node, clean, iter_elements, plain_text

log = logging.getLogger(__name__)
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "textarea", "select", "button"}

MIN_HEADLINE = 4
MAX_HEADLINE = 120
_RE_SPACES = re.compile(r"[\s\u3000\xa0]+")
# Site suffixes: "标题_网易新闻", "标题 - 山西省人民政府", "标题--文化--人民网", "标题|公园_新浪新闻".
_RE_TITLE_SEP = re.compile(r"\s*(?:_{1,2}|\|{1,2}|｜|--+|—+|–| - |-(?=[^\d\s-]))\s*")
_RE_DIGIT_SPACE = re.compile(r"(\d)\s+(?=[年月日号])")
_RE_SITE_NAME = re.compile(r"(?:官网|官方网站|网站|门户网?|首页|主页)$")
_RE_BADGE = re.compile(r"^(?:原创|独家|置顶|推荐|转载|热门|精选|荐|热|图文|视频)(?:\s+|(?=【))")
# A headline element often carries the byline after it: "标题 发布时间：… 来源：…".
_RE_BYLINE = re.compile(
    r"\s*(?:发布时间|发布日期|发表时间|发稿时间|更新时间|来源|作者|编辑|时间|日期|浏览|点击)\s*[:：].*$"
)
_LABELS = r"发布时间|发布日期|发表时间|发表日期|发稿时间|发文日期|成文日期|更新时间|上传时间|时间|日期|发布于"
_RE_LABELLED = re.compile(rf"(?:{_LABELS})\s*[:：]?\s*")
_RE_DATE_TOKEN = re.compile(
    r"(?P<y>(?:19|20)\d{2}|\d{2})\s*[-./年]\s*(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})"
    r"(?:(?!\d)|(?=\d{1,2}:\d{2}))"  # "18-03-0823:16": the time glued on by adjacent <span>s
    r"|(?P<m2>\d{1,2})/(?P<d2>\d{1,2})/(?P<y2>(?:19|20)\d{2})"  # 7/5/2005 9:23:57 PM
    r"|(?<![\d-])(?P<m3>\d{1,2})\s*[-月]\s*(?P<d3>\d{1,2})日?(?=\s*\d{1,2}:\d{2}|\s*$)"  # 09-30 22:46
)
_RE_TIME = re.compile(r"\d{1,2}:\d{2}")
_RE_SOURCE = re.compile(r"来源\s*[:：]|出处\s*[:：]")
_NEAR_AFTER = 400  # the byline sits right under the headline
_NEAR_BEFORE = 200
_RE_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)


def norm(text: str) -> str:
    """Without any whitespace, for comparing headline candidates."""
    return _RE_SPACES.sub("", text or "")


_RE_OFFICE_TITLE = re.compile(r"^(?:Microsoft\s+Word|WPS\s+文字)\s*-\s*|\.(?:docx?|wps|pdf)$", re.I)
_RE_JUNK_TITLE = re.compile(
    r"^(?:无标题(?:文档|页)?|未命名|新建.*|untitled.*|document\d*|index|home|首页|主页|正文|详情|"
    r"内容页|文章页|网页标题)$",
    re.I,
)


def tidy_headline(text: str) -> str:
    """One line, single spaces kept as shown, badges and a glued byline dropped."""
    text = _RE_OFFICE_TITLE.sub("", _RE_SPACES.sub(" ", text or "").strip()).strip()
    if _RE_JUNK_TITLE.match(text):
        return ""
    text = _RE_BYLINE.sub("", text).strip()
    text = _RE_DIGIT_SPACE.sub(r"\1", text)  # "2007 年末": a typesetting gap, not a word break
    return _RE_BADGE.sub("", text).strip()


def title_segments(page_title: str) -> list[str]:
    """<title> cut at its site separators, longest first."""
    parts = [p.strip() for p in _RE_TITLE_SEP.split(page_title or "") if p and p.strip()]
    return sorted(parts, key=lambda p: -len(norm(p)))


def choose_headline(
    page_title: str | None, og_title: str | None, elements: list[str], crumbs: list[str]
) -> str | None:
    """The headline the page's own signals agree on, else the best single signal."""
    heads = [h for h in (tidy_headline(e) for e in elements) if _headline_sized(h)]
    og = tidy_headline(og_title or "")
    full = norm(page_title or "")
    segments = title_segments(page_title or "")
    longest = segments[0] if segments else ""
    for head in sorted(heads, key=lambda h: -len(norm(h))):
        n = norm(head)
        if n == norm(og) or (full.startswith(n) or n == norm(longest)) and _substantial(n, longest):
            return head
        cut = norm(longest).rstrip(".…")  # a <title> cut short: "定了！…地铁直达+无敌免..."
        if len(cut) >= 8 and cut != norm(longest) and n.startswith(cut):
            return head
    if _headline_sized(og) and norm(og) != full or _headline_sized(og) and len(segments) == 1:
        return og
    if not longest or headline_generic(longest, crumbs) or not _headline_sized(longest):
        return None  # html.py then takes the heading in or just above the main text
    return tidy_headline(longest)


def headline_generic(segment: str, crumbs: list[str]) -> bool:
    """A <title> that names the site or section, not the article ("新闻动态--中国地理学会官网")."""
    return len(norm(segment)) <= 6 or segment in crumbs or bool(_RE_SITE_NAME.search(segment))


def _headline_sized(text: str) -> bool:
    n = norm(text)
    return MIN_HEADLINE <= len(n) <= MAX_HEADLINE and not n.isdigit()


def _substantial(n: str, longest: str) -> bool:
    """A candidate long enough not to be a site name that happens to prefix the <title>."""
    return len(n) >= max(MIN_HEADLINE, 0.5 * len(norm(longest)))


def _token_date(m: re.Match, year_hint: int | None) -> dt.date | None:
    """The date a _RE_DATE_TOKEN match writes; a missing year comes from the hint."""
    if m["y"]:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        y = y + 2000 if y < 100 else y
    elif m["y2"]:
        y, mo, d = int(m["y2"]), int(m["m2"]), int(m["d2"])
    else:
        if year_hint is None:
            return None
        y, mo, d = year_hint, int(m["m3"]), int(m["d3"])
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def byline_date(full_text: str, headline: str | None, year_hint: int | None) -> dt.date | None:
    """The date on the byline near the headline (labelled, or beside a time or 来源)."""
    at = _headline_at(full_text, headline)
    if at < 0:
        return None
    after = full_text[at : at + len(headline or "") + _NEAR_AFTER]
    before = full_text[max(0, at - _NEAR_BEFORE) : at]
    for window in (after, before):
        for line in window.split("\n"):
            found = _line_date(line, year_hint)
            if found:
                return found
    return None


def labelled_date(text: str, year_hint: int | None) -> dt.date | None:
    """The first "发布日期：…" date anywhere on the page (some put it at the bottom)."""
    for m in _RE_LABELLED.finditer(text):
        token = _RE_DATE_TOKEN.match(text, m.end())
        if token and (found := _token_date(token, year_hint)):
            return found
    return None


def _line_date(line: str, year_hint: int | None) -> dt.date | None:
    """A date on a short byline: after a label, or beside a time of day or a 来源."""
    if len(line) > 120:
        return None
    label = _RE_LABELLED.search(line)
    if label and (token := _RE_DATE_TOKEN.match(line, label.end())):
        return _token_date(token, year_hint)
    if _RE_TIME.search(line) or _RE_SOURCE.search(line):
        for token in _RE_DATE_TOKEN.finditer(line):
            # a bare "09-30" needs its label
            if (token["y"] or token["y2"]) and (found := _token_date(token, year_hint)):
                return found
    return None


def _headline_at(full_text: str, headline: str | None) -> int:
    if not headline:
        return -1
    at = full_text.find(headline)
    return at if at >= 0 else full_text.find(headline[:8])


def url_date(*names: str) -> dt.date | None:
    """A date in a URL or file name: /2024/01/31/, t20240131_, _20240131."""
    for name in names:
        for m in _RE_URL_DATE.finditer(name or ""):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


_META_DATES = (
    "article:published_time", "publishdate", "pubdate", "firstpublishedtime", "apub:time",
    "publish_time", "publishtime", "datepublished", "dc.date.issued", "dc.date", "date",
)  # fmt: skip
_RE_SCRIPT_EPOCH = re.compile(
    r"""\b(?:ct|publish_time|pubtime|create_time|publishTime)\s*[=:]\s*["']?(1\d{9})["']?"""
)
_BEIJING = dt.timezone(dt.timedelta(hours=8))


def meta_date(metas: dict[str, str]) -> dt.date | None:
    """A publication date in a named <meta> (its own format: "2007-08-20-23:59:59" too)."""
    for name in _META_DATES:
        token = _RE_DATE_TOKEN.match(metas.get(name, "").strip())
        if token and token["y"] and len(token["y"]) == 4 and (found := _token_date(token, None)):
            return found
    return None


def script_date(markup: str) -> dt.date | None:
    """A Unix time in a script variable (var ct = "1581517074"), as a Beijing date."""
    m = _RE_SCRIPT_EPOCH.search(markup)
    return dt.datetime.fromtimestamp(int(m[1]), _BEIJING).date() if m else None


def signal_date(markup: str) -> dt.date | None:
    """The publication date from meta tags, JSON-LD, script variables or the canonical URL."""
    try:
        from htmldate import find_date

        found = find_date(markup, extensive_search=False, original_date=True)
    except Exception:  # a library bug on one hostile page must not lose the page's text
        log.warning("htmldate failed", exc_info=True)
        return None
    return dt.date.fromisoformat(found) if found else None


def meta_tags(root: Node) -> dict[str, str]:
    """<meta name/property=… content=…> by lowercase name (first one wins)."""
    out: dict[str, str] = {}
    for node in iter_elements(root):
        if node.tag in ("meta", "link"):
            key = (node.attrs.get("property") or node.attrs.get("name") or "").lower()
            if node.tag == "link" and node.attrs.get("rel", "").lower() == "canonical":
                key, node.attrs["content"] = "canonical", node.attrs.get("href", "")
            if key and key not in out and node.attrs.get("content"):
                out[key] = node.attrs["content"].strip()
    return out


def heading_texts(root: Node) -> list[str]:
    """Texts of <h1> and headline-like elements (class/id/itemprop title or headline)."""
    out = []
    for node in iter_elements(root):
        if node.tag in _SKIP:
            continue
        ident = f"{node.ident()} {node.attrs.get('itemprop', '')}".lower()
        titled = ("title" in ident or "headline" in ident) and "subtitle" not in ident
        if node.tag in ("h1", "h2") or titled and node.tag not in ("a", "title", "li", "ul"):
            out.append(clean(plain_text(node)))
    return out
