"""RTF to text: our own small reader (\\uN escapes, \\'hh in the document or font code page)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from core.extract.base import Extracted

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
    fonts = _font_codepages(data)
    ansi = _ansi_codepage(data)
    state = _State(codepage=ansi)
    stack: list[_State] = []
    out: list[str] = []
    info: dict[str, list[str]] = {}
    pending = bytearray()  # \'hh bytes waiting to be decoded together (double-byte code pages)
    skip_chars = 0
    new_group = False

    def emit(text: str) -> None:
        if state.info:
            info.setdefault(state.info, []).append(text)
        elif not state.skip:
            out.append(text)

    def flush() -> None:
        if pending:
            emit(bytes(pending).decode(state.codepage or ansi, "replace"))
            pending.clear()

    pos = 0
    while pos < len(data):
        match = _TOKEN.match(data, pos)
        if match is None:
            pos += 1
            continue
        pos = match.end()
        word, arg, hexbyte, symbol, brace, plain = match.groups()
        if hexbyte is None:
            flush()
        if brace == b"{":
            stack.append(state.copy())
            new_group = True
            continue
        starts_group, new_group = new_group, False
        if brace == b"}":
            state = stack.pop() if stack else state
            skip_chars = 0
        elif hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
            else:
                pending.append(int(hexbyte, 16))
        elif plain is not None:
            if skip_chars:
                plain, skip_chars = plain[skip_chars:], max(0, skip_chars - len(plain))
            emit(plain.decode(state.codepage or ansi, "replace"))
        elif symbol is not None:
            if symbol == b"*":
                state.skip = True  # unknown destination: ignorable by definition
            elif symbol == b"~":
                emit("\u00a0")
            elif symbol in (b"\\", b"{", b"}"):
                emit(symbol.decode())
            elif symbol == b"_":
                emit("-")
        elif word is not None:
            skip_chars = _control_word(word, arg, state, fonts, starts_group, emit, skip_chars)
            if word == b"bin" and arg:
                pos += max(0, int(arg))  # raw binary: its bytes are not RTF tokens
    flush()
    props = {key: "".join(parts).strip() for key, parts in info.items() if "".join(parts).strip()}
    text = _RE_CONTROLS.sub("", "".join(out))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip(), props


def _control_word(word, arg, state: _State, fonts, starts_group, emit, skip_chars) -> int:
    """Apply one control word; returns the number of fallback characters still to skip."""
    if word in _SKIP_DEST and starts_group:
        state.skip = True
    elif word in _INFO_FIELDS and starts_group:
        state.info = _INFO_FIELDS[word]
    elif word == b"info":
        state.skip = True  # only the fields above are kept, through state.info
    elif word == b"uc" and arg is not None:
        state.uc = max(0, int(arg))
    elif word == b"u" and arg is not None:
        emit(
            chr(int(arg) % 65536) if int(arg) % 65536 < 0xD800 or int(arg) % 65536 >= 0xE000 else ""
        )
        return state.uc
    elif word == b"f" and arg is not None:
        state.codepage = fonts.get(int(arg), state.codepage)
    elif word in _SYMBOLS:
        emit(_SYMBOLS[word])
    return skip_chars


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
