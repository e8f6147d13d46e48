"""A lenient HTML element tree on the stdlib parser (no lxml), for html.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_DEPTH = 400  # deeper nesting is flattened (hostile pages, recursion limits)
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
}  # fmt: skip
_AUTO_CLOSE = {"p", "li", "td", "th", "tr", "option", "dt", "dd"}
RE_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")


class Node:
    """An element of the parsed page."""

    __slots__ = ("tag", "attrs", "children", "parent", "size", "links", "nav", "boiler")

    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []
        self.size = 0  # visible characters below, boilerplate excluded
        self.links = 0  # of which inside <a>
        self.nav = False  # this element is navigation/header/footer/side column
        self.boiler = False  # this element or an ancestor is navigation

    def ident(self) -> str:
        """class and id, lowercase, for boilerplate and breadcrumb detection."""
        return f"{self.attrs.get('class') or ''} {self.attrs.get('id') or ''}".lower()


class TreeBuilder(HTMLParser):
    """Lenient tree building on the stdlib parser (no lxml)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _AUTO_CLOSE and self.current.tag == tag:
            self._close_current()
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID and self.depth < MAX_DEPTH:
            self.current, self.depth = node, self.depth + 1

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            while self.current is not node:
                self._close_current()
            self._close_current()

    def handle_data(self, data):
        self.current.children.append(data)

    def unknown_decl(self, data):
        """<![CDATA[…]]> (RSS/XML feeds): its content is text, or markup to parse in place."""
        if data.startswith("CDATA["):
            inner = data[len("CDATA[") :]
            if "<" in inner:
                self.feed_markup(inner)
            else:
                self.handle_data(inner)

    def feed_markup(self, markup: str):
        """Parse a fragment as children of the current element."""
        nested = TreeBuilder()
        nested.feed(markup)
        nested.close()
        for child in nested.root.children:
            if isinstance(child, Node):
                child.parent = self.current
            self.current.children.append(child)

    def _close_current(self):
        if self.current.parent is not None:
            self.current, self.depth = self.current.parent, self.depth - 1


def find(node: Node, tag: str) -> Node | None:
    """First element with this tag, depth first."""
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                return child
            found = find(child, tag)
            if found is not None:
                return found
    return None


def iter_elements(node: Node):
    """All elements below node, depth first (iterative: pages can nest hundreds deep)."""
    stack = [c for c in reversed(node.children) if isinstance(c, Node)]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(c for c in reversed(current.children) if isinstance(c, Node))


def plain_text(node: Node | None) -> str:
    """All text below node, ignoring structure (for titles and breadcrumbs)."""
    if node is None:
        return ""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag not in ("script", "style"):
            parts.append(plain_text(child))
    return "".join(parts)


def clean(text: str) -> str:
    """Collapse whitespace to single spaces."""
    return RE_WS.sub(" ", text).strip()
