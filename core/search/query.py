"""The search box's query language, parsed into a small tree; never raises on user input.

`党建 考研` (AND), `"三会一课"` (phrase), `党建 OR 团建`, `NOT 疫情` / `-疫情`, parentheses,
`题名:…` and other fields (Chinese names first, English aliases), `年度:2019-2022`,
`日期:2022-03..2022-06`, `日期:>2021-09-01`, `PNAS*` (prefix of a Latin word).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.search.analysis import normalize, runs

FIELD_ALIASES = {
    "题名": "title",
    "标题": "title",
    "title": "title",
    "正文": "text",
    "内容": "text",
    "text": "text",
    "content": "text",
    "责任者": "issuer",
    "发文机关": "issuer",
    "issuer": "issuer",
    "author": "issuer",
    "文号": "doc_number",
    "number": "doc_number",
    "doc_number": "doc_number",
    "档号": "archive_code",
    "code": "archive_code",
    "archive_code": "archive_code",
    "类别": "category",
    "分类": "category",
    "category": "category",
    "文种": "doc_type",
    "type": "doc_type",
    "doc_type": "doc_type",
    "年度": "year",
    "年份": "year",
    "year": "year",
    "日期": "date",
    "date": "date",
}
TEXT_FIELDS = {"title", "text", None}
MAX_QUERY_CHARS = 2000
MAX_LEAVES = 64
MAX_NOTES = 5
OPERATORS = {"AND", "OR", "NOT", "且", "或", "非"}


@dataclass(frozen=True)
class Term:
    """A substring to find (normalised), optionally in one field, optionally a word prefix."""

    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Range:
    """A year or date range (inclusive bounds as strings; None = open)."""

    field: str  # "year" | "date"
    low: str | None
    high: str | None


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass
class ParsedQuery:
    """The tree plus how it was read, for the UI/CLI to show."""

    root: object | None
    notes: list[str]

    def describe(self) -> str:
        return describe(self.root) if self.root is not None else ""

    def positive_terms(self) -> list[str]:
        """Normalised substrings the user wants to see marked."""
        out: list[str] = []
        _collect_terms(self.root, out, negated=False)
        return list(dict.fromkeys(t for t in out if t))


# A year in parentheses right after a word is part of a 文号 (湘工发(2015)4号), not a group.
_TOKEN = re.compile(
    r'\s*(?:(?P<lp>[(（])|(?P<rp>[)）])|(?P<quote>["“”「」『』])'
    r'|(?P<word>[^\s()（）"“”「」『』]+(?:[(（](?:19|20)\d\d[)）][^\s()（）"“”「」『』]*)*))'
)


def _tokens(text: str, notes: list[str]) -> list[tuple[str, str]]:
    """(kind, value) tokens: lp, rp, phrase, word. Unbalanced quotes close at the end."""
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("quote"):
            end = re.search(r'["“”「」『』]', text[pos:])
            body = text[pos : pos + end.start()] if end else text[pos:]
            pos = pos + end.end() if end else len(text)
            if not end:
                notes.append("引号没有配对，已把引号后的全部文字当作一个短语")
            out.append(("phrase", body))
        elif m.group("lp"):
            out.append(("lp", "("))
        elif m.group("rp"):
            out.append(("rp", ")"))
        else:
            out.append(("word", m.group("word")))
    return out


class _Parser:
    def __init__(self, tokens, notes, folding=True):
        self.folding = folding
        self.tokens = tokens
        self.pos = 0
        self.notes = notes
        self.leaves = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def parse_or(self, depth=0):
        parts = [self.parse_and(depth)]
        while self.peek() in (("word", "OR"), ("word", "或")):
            self.take()
            parts.append(self.parse_and(depth))
        parts = [p for p in parts if p is not None]
        return parts[0] if len(parts) == 1 else (Or(tuple(parts)) if parts else None)

    def parse_and(self, depth):
        parts = []
        while True:
            kind, value = self.peek()
            if kind is None or kind == "rp" or (kind == "word" and value in ("OR", "或")):
                break
            if kind == "word" and value in ("AND", "且"):
                self.take()
                continue
            node = self.parse_unary(depth)
            if node is not None:
                parts.append(node)
        return parts[0] if len(parts) == 1 else (And(tuple(parts)) if parts else None)

    def parse_unary(self, depth):
        negations, op = 0, None
        while True:  # a loop, not recursion: "NOT NOT …" or "------x" may be very long
            kind, value = self.peek()
            if kind == "word" and value in ("NOT", "非"):
                self.take()
                negations, op = negations + 1, value
            elif kind == "word" and value.startswith("-") and len(value) > 1:
                stripped = value.lstrip("-")
                negations += len(value) - len(stripped)
                if not stripped:
                    self.take()
                    op = "-"
                    continue
                self.tokens[self.pos] = ("word", stripped)
                break
            else:
                break
        child = self.parse_primary(depth)
        if child is None:
            if op:
                self.notes.append(f"“{op}”后没有可排除的内容，已忽略")
            return None
        return Not(child) if negations % 2 else child

    def parse_primary(self, depth):
        kind, value = self.take()
        if kind is None:
            return None
        if kind == "lp":
            if depth > 20:
                self.notes.append("括号嵌套过深，已按普通文字处理")
                return None
            node = self.parse_or(depth + 1)
            if self.peek()[0] == "rp":
                self.take()
            else:
                self.notes.append("缺少右括号，已自动补上")
            return node
        if kind == "rp":
            self.notes.append("多余的右括号已忽略")
            return None
        if kind == "phrase":
            return self.leaf(value, None)
        return self.parse_word(value)

    def parse_word(self, word):
        m = re.fullmatch(r"([^:：]+)[:：](.*)", word)
        field = FIELD_ALIASES.get(m.group(1).lower()) if m else None
        if field is None:
            return self.leaf(word, None)
        name, rest = m.group(1), m.group(2)
        if not rest and self.peek()[0] == "phrase":
            rest = self.take()[1]
        elif not rest and self.peek()[0] == "word" and self.peek()[1] not in OPERATORS:
            rest = self.take()[1]  # "题名: 党建" — a space after the colon
        if not rest:
            self.notes.append(f"“{name}:”后没有内容，已忽略")
            return None
        if field in ("year", "date"):
            node = parse_range(field, rest)
            if node is None:
                self.notes.append(f"无法理解“{word}”，已按普通文字搜索")
                return self.leaf(rest, None)
            return node
        return self.leaf(rest, field)

    def leaf(self, text, field):
        prefix = text.endswith("*") and len(text) > 1
        ntext = normalize(text.rstrip("*") if prefix else text, self.folding).strip()
        if not ntext:
            return None
        if not runs(ntext):
            self.notes.append(f"“{text[:20]}”只含标点，已忽略")
            return None
        self.leaves += 1
        if self.leaves > MAX_LEAVES:
            if self.leaves == MAX_LEAVES + 1:
                self.notes.append(f"检索词过多，只使用前 {MAX_LEAVES} 个")
            return None
        return Term(ntext, field, prefix)


_YEAR = r"(\d{4})"
_DATE = r"(\d{4}(?:[-./年]\d{1,2}(?:[-./月]\d{1,2}日?)?月?)?)"


def parse_range(field: str, value: str) -> Range | None:
    """年度:2022, 年度:2019-2022, 日期:2022-03..2022-06, 日期:>2021-09-01, 日期:<=2020."""
    value = normalize(value)
    pat = _YEAR if field == "year" else _DATE
    m = re.fullmatch(rf"(>=|<=|>|<)?{pat}", value)
    if m:
        op, v = m.group(1), _iso(m.group(2))
        if field == "year" and op in (">", "<"):  # whole years: >2021 is 2022 onwards
            v, op = str(int(v) + (1 if op == ">" else -1)), op + "="
        if op in (">", ">="):
            return Range(field, _after(v) if op == ">" else v, None)
        if op in ("<", "<="):
            return Range(field, None, _before(v) if op == "<" else v)
        return Range(field, v, v)
    m = re.fullmatch(rf"{pat}(?:\.\.|-|~|至|到){pat}", value)
    if m:
        return Range(field, _iso(m.group(1)), _iso(m.group(2)))
    return None


def _iso(v: str) -> str:
    parts = [p for p in re.split(r"[-./年月日]", v) if p]
    return "-".join([parts[0]] + [p.zfill(2) for p in parts[1:]])


def _after(v: str) -> str:
    return v + "\uffff"  # strictly after every date that starts with v


def _before(v: str) -> str:
    return v[:-1] + chr(ord(v[-1]) - 1) + "\uffff" if v else v


def parse(text: str, folding: bool = True) -> ParsedQuery:
    """Parse the search box text; malformed input degrades to plain terms with a note."""
    notes: list[str] = []
    text = unicodedata.normalize("NFKC", text or "")  # ＰＮＡＳ, （）, ：, ＯＲ are the plain forms
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"检索式过长，只使用前 {MAX_QUERY_CHARS} 个字符")
    parser = _Parser(_tokens(text, notes), notes, folding)
    root = parser.parse_or()
    while parser.pos < len(parser.tokens):  # stray ")" at top level: keep reading
        parser.take()
        notes.append("多余的右括号已忽略")
        more = parser.parse_or()
        if more is not None:
            root = more if root is None else And((root, more))
    if root is None and text.strip():
        notes.append("检索式中没有可检索的文字（标点和空格已忽略）")
    return ParsedQuery(root, list(dict.fromkeys(notes))[:MAX_NOTES])


def describe(node) -> str:
    """A readable rendering of how the query was understood."""
    if isinstance(node, Term):
        label = {v: k for k, v in reversed(FIELD_ALIASES.items())}.get(node.field, "")
        body = f"“{node.text}{'*' if node.prefix else ''}”"
        return f"{label}:{body}" if node.field else body
    if isinstance(node, Range):
        label = "年度" if node.field == "year" else "日期"
        lo, hi = (node.low or "").rstrip("\uffff"), (node.high or "").rstrip("\uffff")
        return f"{label}:{lo or '…'}至{hi or '…'}"
    if isinstance(node, Not):
        return f"不含 {describe(node.child)}"
    if isinstance(node, And):
        return " 且 ".join(_paren(c) for c in node.children)
    if isinstance(node, Or):
        return " 或 ".join(_paren(c) for c in node.children)
    return ""


def _paren(node) -> str:
    text = describe(node)
    return f"({text})" if isinstance(node, (And, Or)) else text


def _collect_terms(node, out, negated):
    if isinstance(node, Term) and not negated and node.field in TEXT_FIELDS:
        out.append(node.text)
    elif isinstance(node, Not):
        _collect_terms(node.child, out, not negated)
    elif isinstance(node, (And, Or)):
        for c in node.children:
            _collect_terms(c, out, negated)
