"""RTF to text: our own small reader (\\uN escapes, \\'hh in the document or font code page)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from core.ingest.extract.base import Extracted

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+",
)
# Destinations whose text is not document text.
_SKIP_DEST = {
    b"fonttbl", b"colortbl", b"stylesheet", b"listtable", b"listoverridetable", b"revtbl",
    b"rsidtbl", b"generator", b"pict", b"object", b"objdata", b"datastore", b"themedata",
    b"colorschememapping", b"latentstyles", b"xmlnstbl", b"fldinst", b"bkmkstart", b"bkmkend",
    b"filetbl", b"pgdsctbl", b"mmathPr", b"wgrffmtfilter", b"shppict", b"nonshppict", b"header",
    b"footer", b"headerl", b"headerr", b"headerf", b"footerl", b"footerr", b"footerf",
}  # fmt: skip
_RE_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_INFO_FIELDS = {
    b"title": "title",
    b"author": "author",
    b"subject": "subject",
    b"keywords": "keywords",
}
_CHARSET_CP = {
    0: None, 128: "cp932", 129: "cp949", 134: "gb18030", 136: "cp950", 161: "cp1253",
    162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251",
    222: "cp874", 238: "cp1250",
}  # fmt: skip
_SYMBOLS = {
    b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"row": "\n", b"tab": "\t",
    b"cell": "\t", b"nestcell": "\t", b"emdash": "—", b"endash": "–", b"bullet": "•",
    b"lquote": "‘", b"rquote": "’", b"ldblquote": "“", b"rdblquote": "”", b"emspace": " ",
    b"enspace": " ", b"qmspace": " ",
}  # fmt: skip


class _State:
    """Per-group state: skipping, unicode skip count, current font's code page."""

    __slots__ = ("skip", "uc", "codepage", "info")

    def __init__(self, skip=False, uc=1, codepage=None, info=None):
        self.skip, self.uc, self.codepage, self.info = skip, uc, codepage, info

    def copy(self) -> _State:
        return _State(self.skip, self.uc, self.codepage, self.info)


def extract(path: Path) -> Extracted:
    """The visible text and the \\info title/author of an RTF file."""
    text, props = rtf_to_text(Path(path).read_bytes())
    return Extracted(
        text=text, format="rtf", extractor="rtf", title=props.get("title"), properties=props
    )


def rtf_to_text(data: bytes) -> tuple[str, dict]:
    """Convert RTF bytes to (text, info properties)."""
    reader = _Reader(_ansi_codepage(data), _font_codepages(data))
    pos = 0
    while pos < len(data):
        match = _TOKEN.match(data, pos)
        if match is None:
            pos += 1
            continue
        pos = match.end() + reader.token(*match.groups())
    return reader.result()


class _Reader:
    """Turns RTF tokens into text: groups push and pop a _State, \\'hh bytes wait in pending
    to be decoded together (double-byte code pages), \\uN skips its fallback characters."""

    def __init__(self, ansi: str, fonts: dict[int, str]):
        self.ansi, self.fonts = ansi, fonts
        self.state = _State(codepage=ansi)
        self.stack: list[_State] = []
        self.out: list[str] = []
        self.info: dict[str, list[str]] = {}
        self.pending = bytearray()
        self.skip_chars = 0  # fallback characters of the last \\uN still to skip
        self.new_group = False  # the previous token opened a group (destinations start so)

    def token(self, word, arg, hexbyte, symbol, brace, plain) -> int:
        """Take one token; returns how many raw bytes after it to jump over (\\binN)."""
        if hexbyte is None:
            self.flush()
        if brace == b"{":
            self.stack.append(self.state.copy())
            self.new_group = True
            return 0
        starts_group, self.new_group = self.new_group, False
        if brace == b"}":
            self.state = self.stack.pop() if self.stack else self.state
            self.skip_chars = 0
        elif hexbyte is not None:
            self.hex_byte(int(hexbyte, 16))
        elif plain is not None:
            self.plain(plain)
        elif symbol is not None:
            self.symbol(symbol)
        elif word is not None:
            self.control_word(word, arg, starts_group)
            if word == b"bin" and arg:
                return max(0, int(arg))  # raw binary: its bytes are not RTF tokens
        return 0

    def control_word(self, word: bytes, arg: bytes | None, starts_group: bool) -> None:
        state = self.state
        if word in _SKIP_DEST and starts_group:
            state.skip = True
        elif word in _INFO_FIELDS and starts_group:
            state.info = _INFO_FIELDS[word]
        elif word == b"info":
            state.skip = True  # only the fields above are kept, through state.info
        elif word == b"uc" and arg is not None:
            state.uc = max(0, int(arg))
        elif word == b"u" and arg is not None:
            code = int(arg) % 65536
            self.emit(chr(code) if code < 0xD800 or code >= 0xE000 else "")  # no lone surrogate
            self.skip_chars = state.uc
        elif word == b"f" and arg is not None:
            state.codepage = self.fonts.get(int(arg), state.codepage)
        elif word in _SYMBOLS:
            self.emit(_SYMBOLS[word])

    def emit(self, text: str) -> None:
        if self.state.info:
            self.info.setdefault(self.state.info, []).append(text)
        elif not self.state.skip:
            self.out.append(text)

    def flush(self) -> None:
        if self.pending:
            self.emit(bytes(self.pending).decode(self.state.codepage or self.ansi, "replace"))
            self.pending.clear()

    def hex_byte(self, value: int) -> None:
        if self.skip_chars:
            self.skip_chars -= 1
        else:
            self.pending.append(value)

    def plain(self, chunk: bytes) -> None:
        if self.skip_chars:
            chunk, self.skip_chars = chunk[self.skip_chars :], max(0, self.skip_chars - len(chunk))
        self.emit(chunk.decode(self.state.codepage or self.ansi, "replace"))

    def symbol(self, symbol: bytes) -> None:
        if symbol == b"*":
            self.state.skip = True  # unknown destination: ignorable by definition
        elif symbol == b"~":
            self.emit("\u00a0")
        elif symbol in (b"\\", b"{", b"}"):
            self.emit(symbol.decode())
        elif symbol == b"_":
            self.emit("-")

    def result(self) -> tuple[str, dict]:
        """(text, info properties) of everything read."""
        self.flush()
        joined = {key: "".join(parts).strip() for key, parts in self.info.items()}
        props = {key: value for key, value in joined.items() if value}
        text = _RE_CONTROLS.sub("", "".join(self.out))
        return "\n".join(line.rstrip() for line in text.split("\n")).strip(), props


def _ansi_codepage(data: bytes) -> str:
    """The \\ansicpgN document code page, cp1252 when absent."""
    match = re.search(rb"\\ansicpg(\d+)", data[:4096])
    if not match:
        return "cp1252"
    number = int(match.group(1))
    name = {936: "gb18030", 950: "cp950", 65001: "utf-8"}.get(number, f"cp{number}")
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"  # an unknown code page: Latin text still reads, escapes stay visible
    return name


def _font_codepages(data: bytes) -> dict[int, str]:
    """Font number → code page from \\fcharsetN (Chinese fonts use 134 = GB2312)."""
    fonts: dict[int, str] = {}
    start = data.find(b"\\fonttbl")
    if start < 0:
        return fonts
    table = data[start : start + 65536]
    for number, charset in re.findall(rb"\\f(\d+)[^;{}]*?\\fcharset(\d+)", table):
        codepage = _CHARSET_CP.get(int(charset))
        if codepage:
            fonts[int(number)] = codepage
    return fonts
