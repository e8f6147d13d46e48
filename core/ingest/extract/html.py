"""Web pages (.html, .htm, .mht): the visible main text, <title> and the breadcrumb."""

from __future__ import annotations

import email
import re
from pathlib import Path

from core.ingest.extract.base import Extracted
from core.ingest.extract.htmltree import (
    RE_WS,
    Node,
    TreeBuilder,
    clean,
    find,
    iter_elements,
    plain_text,
)
from core.ingest.extract.text import decode_bytes
from core.ingest.extract.webmeta import (
    byline_date,
    choose_headline,
    heading_texts,
    labelled_date,
    meta_date,
    meta_tags,
    script_date,
    signal_date,
    url_date,
)

# Never visible text (title is read separately).
_DROP = {
    "title", "script", "style", "noscript", "template", "svg", "iframe", "object", "select",
    "button", "head", "textarea", "map",
}  # fmt: skip
_BOILER_TAGS = {"nav", "header", "footer", "aside"}
_BOILER_WORDS = {
    "nav", "navbar", "menu", "footer", "foot", "sidebar", "side", "breadcrumb", "breadcrumbs",
    "crumb", "crumbs", "copyright", "share", "toolbar", "topbar", "bottom", "header", "banner",
    "position", "location", "dqwz", "wz", "links", "friendlink", "search", "login",
}  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "dl", "dt", "dd", "table", "blockquote", "pre", "center", "form", "fieldset", "address",
    "figure", "figcaption", "body", "html", "tbody", "thead", "tfoot", "caption", "hr",
    "item", "entry", "description", "summary", "pubdate",
}  # fmt: skip
_CONTAINERS = {
    "div", "section", "article", "main", "td", "body", "center", "blockquote", "form", "li", "dd",
}  # fmt: skip
_RE_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_RE_CRUMB_LABEL = re.compile(
    r"(当前位置|您的位置|你的位置|您现在的位置|您当前的位置|所在位置|当前页面)\s*[:：]?"
)
_RE_CRUMB_SEP = re.compile(r"\s*(?:>>|>|»|›|＞|→|/|\\|－|>)\s*")
_HOME = {"首页", "网站首页", "主页", "学校首页", "home", "Home", "HOME", "返回首页"}
_RE_CRUMB_ATTR = re.compile(r"breadcrumb|crumb|position|location|dqwz|weizhi", re.I)


def extract(path: Path) -> Extracted:
    """An .html/.htm page."""
    return extract_bytes(Path(path).read_bytes(), fmt="html")


def extract_mht(path: Path) -> Extracted:
    """A MIME web archive: its first text/html part (or text/plain)."""
    message = email.message_from_bytes(Path(path).read_bytes())
    fallback = None
    for part in message.walk():
        ctype = part.get_content_type()
        if ctype == "text/html":
            payload = part.get_payload(decode=True) or b""
            return extract_bytes(payload, fmt="mht", declared=part.get_content_charset())
        if ctype == "text/plain" and fallback is None:
            fallback = part
    if fallback is not None:
        payload = fallback.get_payload(decode=True) or b""
        text, encoding = decode_bytes(payload, fallback.get_content_charset())
        return Extracted(text=text.strip(), format="mht", extractor="html", encoding=encoding)
    return Extracted(text="", format="mht", extractor="html")


def extract_bytes(data: bytes, fmt: str = "html", declared: str | None = None) -> Extracted:
    """Parse HTML bytes in their declared or detected encoding."""
    if declared is None:
        match = _RE_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii", "ignore") if match else None
    markup, encoding = decode_bytes(data, declared)
    builder = TreeBuilder()
    builder.feed(markup)
    builder.close()
    root = builder.root
    title = clean(plain_text(find(root, "title"))) if find(root, "title") else None
    crumbs = breadcrumb(root)
    full_text = _tidy(_render(root))
    metas = meta_tags(root)
    headline = choose_headline(title, metas.get("og:title"), heading_texts(root), crumbs)
    _mark_boilerplate(root)
    _measure(root)
    main = _main_content(root)
    text = _tidy(_render(main))
    if len(text) < SHORT_TEXT and len(full_text) > len(text) + SHORT_TEXT:
        text = _without_class_rules(root)  # a class word on an outer wrapper erased the article
    headline = headline or _main_title(root, main, None)
    heading = headline or _main_title(root, main, title)
    if heading and heading not in text[: len(heading) + 200]:
        text = f"{heading}\n{text}" if text else heading
    published, source = _published(markup, full_text, headline, metas)
    return Extracted(
        text=text,
        format=fmt,
        extractor="html",
        title=title or None,
        encoding=encoding,
        breadcrumb=crumbs,
        headline=headline,
        published=published,
        published_source=source,
    )


SHORT_TEXT = 200


def _published(markup, full_text, headline, metas) -> tuple[str | None, str | None]:
    """(ISO date, source): the byline under the headline, the page's meta/JSON signals, the URL."""
    signal = meta_date(metas) or signal_date(markup)
    from_url = url_date(metas.get("canonical", ""), metas.get("og:url", ""))
    hint = signal.year if signal else from_url.year if from_url else None
    for found, source in (
        (lambda: byline_date(full_text, headline, hint), "web:byline"),
        (lambda: signal, "web:meta"),
        (lambda: from_url, "web:url"),
        (lambda: labelled_date(full_text, hint), "web:label"),
        (lambda: script_date(markup), "web:script"),
    ):
        date = found()
        if date is not None:
            return date.isoformat(), source
    return None, None


def _without_class_rules(root: Node) -> str:
    """The main text again, boilerplate judged by tag only (no class/id words)."""
    for node in iter_elements(root):
        node.nav = node.tag in _BOILER_TAGS
        node.boiler = node.parent.boiler or node.nav
        node.size = node.links = 0
    root.size = root.links = 0
    _measure(root)
    return _tidy(_render(_main_content(root)))


def _is_boilerplate(node: Node) -> bool:
    """Navigation, headers, footers and side columns, by tag or class/id words."""
    if node.tag in _BOILER_TAGS or node.attrs.get("role") in (
        "navigation",
        "banner",
        "contentinfo",
    ):
        return True
    words = re.split(r"[\s_\-]+", node.ident())
    return any(word in _BOILER_WORDS for word in words)


def _measure(node: Node) -> None:
    """Fill size and links for every element (boilerplate and dropped tags count zero)."""
    for child in node.children:
        if isinstance(child, str):
            length = len(RE_WS.sub("", child))
            node.size += length
            if node.tag == "a":
                node.links += length
            continue
        _measure(child)
        if (child.tag in _DROP and not _feed_title(child)) or child.nav:
            continue
        node.size += child.size
        node.links += child.size if child.tag == "a" else child.links


def _content_scores(body: Node) -> dict[int, float]:
    """Readability-style scores: each run of non-link text counts fully for its nearest
    container and half for the next one up, so paragraphs split over sibling <div>s
    still elect their common parent."""
    scores: dict[int, float] = {}
    for node in iter_elements(body):
        if node.boiler or node.tag in _DROP or _in_link(node):
            continue
        own = sum(len(RE_WS.sub("", c)) for c in node.children if isinstance(c, str))
        if not own:
            continue
        first = node if node.tag in _CONTAINERS else _container_above(node)
        if first is None:
            continue
        scores[id(first)] = scores.get(id(first), 0) + own
        second = _container_above(first)
        if second is not None:
            scores[id(second)] = scores.get(id(second), 0) + own / 2
    return scores


def _container_above(node: Node) -> Node | None:
    """The nearest ancestor that is a container element."""
    parent = node.parent
    while parent is not None and parent.tag not in _CONTAINERS:
        parent = parent.parent
    return parent


def _in_link(node: Node) -> bool:
    """True for <a> and anything inside one."""
    while node is not None:
        if node.tag == "a":
            return True
        if node.tag in _CONTAINERS:
            return False  # links do not contain containers; stop early
        node = node.parent
    return False


def _main_content(root: Node) -> Node:
    """<article>/<main> when present, else the container with most own text, widened a little."""
    body = find(root, "body") or root
    if body.size < root.size / 2:
        body = root  # a stray </body> (or a body-less fragment) leaves the article outside it
    marked = [
        n
        for n in iter_elements(root)
        if n.tag in ("article", "main") or n.attrs.get("role") == "main"
    ]
    marked = [n for n in marked if n.size >= 50 and not _inside_boilerplate(n)]
    if marked:
        return max(marked, key=lambda n: n.size)
    candidates = [
        n for n in iter_elements(body) if n.tag in _CONTAINERS and not _inside_boilerplate(n)
    ]
    if not candidates:
        return body
    scores = _content_scores(body)
    best = max(candidates, key=lambda n: scores.get(id(n), 0))
    if scores.get(id(best), 0) < 50:
        return body
    while best.parent is not None and best.parent.tag not in ("#root", "html"):
        parent = best.parent
        extra = parent.size - best.size
        extra_links = parent.links - best.links
        # Stop before taking in another column: much more text, or text that is mostly links.
        if extra > max(120, 0.3 * best.size) or (extra and extra_links > 0.5 * extra):
            break
        best = parent
    return best


def _inside_boilerplate(node: Node) -> bool:
    """True when node or an ancestor is navigation/header/footer (set by _mark_boilerplate)."""
    return node.boiler


def _mark_boilerplate(root: Node) -> None:
    """Flag every element inside navigation, headers, footers and side columns."""
    for node in iter_elements(root):
        node.nav = _is_boilerplate(node)
        node.boiler = node.parent.boiler or node.nav


def _render(node: Node) -> str:
    """Visible text with line breaks at blocks, tabs between table cells."""
    out: list[str] = []
    _render_into(node, out)
    return "".join(out)


def _render_into(node: Node, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            out.append(RE_WS.sub(" ", child))
            continue
        tag = child.tag
        if (tag in _DROP and not _feed_title(child)) or child.nav:
            continue
        if tag == "br":
            out.append("\n")
        elif tag in ("td", "th"):
            _render_into(child, out)
            out.append("\t")
        elif tag == "tr" or tag in _BLOCK or tag == "title":
            out.append("\n")
            _render_into(child, out)
            out.append("\n")
        else:
            _render_into(child, out)


def _feed_title(node: Node) -> bool:
    """An RSS/Atom item's <title> is text to keep (the page's own <title> is not)."""
    return node.tag == "title" and node.parent is not None and node.parent.tag in ("item", "entry")


def _tidy(text: str) -> str:
    """Strip each line, drop empty ones, tidy tabs."""
    lines = (re.sub(r"[ ]*\t[ \t]*", "\t", line).strip(" \t") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _main_title(root: Node, main: Node, page_title: str | None) -> str | None:
    """The article heading: an <h1> in or just before the main text, a 'title' element, <title>."""
    inside, before = [], []
    for node in iter_elements(root):
        if node is main:
            inside = [n for n in iter_elements(main) if _heading_kind(n)]
            break
        if _heading_kind(node) and not node.boiler:
            before.append(node)
    for kind in ("h1", "title", "h"):
        for node in [n for n in inside if _heading_kind(n) == kind] + [
            n for n in reversed(before) if _heading_kind(n) == kind
        ]:
            heading = clean(plain_text(node))
            if 4 <= len(heading) <= 120 and heading.split(" ")[0] not in _HOME:
                return heading
    if page_title:
        return re.split(r"\s*[-_|—–]+\s*", page_title)[0].strip() or None
    return None


def _heading_kind(node: Node) -> str | None:
    """'h1' for <h1>, 'title' for block elements whose class/id says title, else None."""
    if node.tag == "h1":
        return "h1"
    if node.tag in ("h2", "h3", "h4", "h5", "h6"):
        return "h"
    ident = node.ident()
    if (
        "title" in ident
        and "subtitle" not in ident
        and node.tag not in ("a", "title", "span", "li", "ul")
    ):
        return "title"
    return None


def breadcrumb(root: Node) -> list[str]:
    """The navigation path ('首页 > 党建引领 > 制度公开' → ['党建引领', '制度公开'])."""
    for node in iter_elements(root):
        if _RE_CRUMB_ATTR.search(node.ident()) and node.tag not in ("body", "html"):
            crumbs = _crumbs_of(node)
            if crumbs:
                return _claimed(node, crumbs)
    for node in iter_elements(root):
        if node.tag in _DROP:
            continue
        own = "".join(c for c in node.children if isinstance(c, str))
        if _RE_CRUMB_LABEL.search(own):
            holder = node
            while holder.parent is not None and len(clean(plain_text(holder))) < 12:
                holder = holder.parent  # the label sits alone in a <span>; the path is beside it
            crumbs = _crumbs_of(holder)
            if crumbs:
                return _claimed(holder, crumbs)
    return []


def _claimed(node: Node, crumbs: list[str]) -> list[str]:
    """Mark the breadcrumb's element as navigation so it stays out of the main text."""
    node.attrs["class"] = f"{node.attrs.get('class') or ''} breadcrumb"
    return crumbs


def _crumbs_of(node: Node) -> list[str]:
    """Split an element's text at the separators; fall back to its links."""
    text = clean(plain_text(node))
    if len(text) > 300:
        return []
    label = _RE_CRUMB_LABEL.search(text)
    if label:
        text = text[label.end() :]
    parts = [p.strip() for p in _RE_CRUMB_SEP.split(text) if p and p.strip()]
    if len(parts) <= 1:  # separators drawn as images or CSS: use the list items or links
        items = [clean(plain_text(n)) for n in iter_elements(node) if n.tag == "li"]
        links = [clean(plain_text(n)) for n in iter_elements(node) if n.tag == "a"]
        parts = items or links or parts
    parts = [p for p in parts if p and p not in _HOME and not _RE_CRUMB_LABEL.fullmatch(p)]
    return parts[:10]
