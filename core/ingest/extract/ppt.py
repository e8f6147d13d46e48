"""PowerPoint 97–2003 and WPS 演示 (.ppt/.dps/.pps): the text atoms of the 'PowerPoint Document'
stream ([MS-PPT] 2.3, 2.9.x), written here because no maintained Python reader of the binary
format exists; the container is read through ole.py."""

from __future__ import annotations

import struct
from pathlib import Path

from core.ingest.extract import ole
from core.ingest.extract.base import CORRUPT, ENCRYPTED, Extracted, ExtractError

STREAM = "PowerPoint Document"
TEXT_CHARS, TEXT_BYTES = 0x0FA0, 0x0FA8  # TextCharsAtom (UTF-16LE), TextBytesAtom (8-bit)
SLIDE_LIST = 0x0FF0  # SlideListWithText: placeholder text of slides (instance 0) and notes (2)
SLIDE, NOTES, NOTES_ATOM = 0x03EE, 0x03F0, 0x03F1
# Masters, handouts and their placeholders hold "单击此处编辑母版标题样式", never the content.
SKIPPED = {0x03F8, 0x0FC9, 0x0FD9}  # MainMaster, Handout, HeadersFooters
CRYPT_SESSION = 0x2F14
MAX_DEPTH = 32
MAX_ATOMS = 500_000


def extract(path: Path) -> Extracted:
    """Slide text in slide order, then text boxes and notes; duplicates from fast saves once."""
    with ole.OleFile(path) as cfb:
        streams = {name.lower() for name in cfb.streams()}
        if "encryptedsummary" in streams:
            raise ExtractError(ENCRYPTED, "PowerPoint with encrypted summary")
        data = cfb.read(STREAM)
        props = cfb.summary()
    lines = list(dict.fromkeys(text_atoms(data)))  # a text repeated on slides counts once
    return Extracted(
        text="\n".join(lines),
        format="ppt",
        extractor="ppt-atoms",
        title=props.get("title"),
        properties=props,
        pages=_count(data, SLIDE) or None,
    )


def text_atoms(data: bytes) -> list[str]:
    """Every text atom outside masters, in stream order (the slide list comes first)."""
    out: list[str] = []
    _walk(data, 0, len(data), 0, out, [MAX_ATOMS])
    return out


def _walk(data: bytes, pos: int, end: int, depth: int, out: list[str], budget: list[int]) -> None:
    """Records between pos and end; containers are entered, text atoms collected."""
    while pos + 8 <= end:
        ver_inst, rtype, length = struct.unpack_from("<HHI", data, pos)
        body = pos + 8
        stop = min(body + length, end)  # a truncated record: read what is there
        budget[0] -= 1
        if budget[0] < 0:
            raise ExtractError(CORRUPT, "too many records")
        if rtype == CRYPT_SESSION:
            raise ExtractError(ENCRYPTED, "PowerPoint encryption")
        if ver_inst & 0x0F == 0x0F:  # a container
            skip = (
                rtype in SKIPPED
                or (rtype == SLIDE_LIST and ver_inst >> 4 == 1)
                or (rtype == NOTES and _is_notes_master(data, body, stop))
            )
            if not skip and depth < MAX_DEPTH:
                _walk(data, body, stop, depth + 1, out, budget)
        elif rtype in (TEXT_CHARS, TEXT_BYTES):
            text = _decode(data[body:stop], rtype)
            if text and text != "*":  # "*" is the slide-number placeholder
                out.append(text)
        pos = body + length


def _is_notes_master(data: bytes, body: int, stop: int) -> bool:
    """A Notes container whose NotesAtom names no slide (0 or a master id) is the notes master."""
    if body + 12 > stop:
        return False
    _, rtype, _ = struct.unpack_from("<HHI", data, body)
    if rtype != NOTES_ATOM:
        return False
    (slide_id,) = struct.unpack_from("<I", data, body + 8)
    return slide_id == 0 or slide_id >= 0x80000000


def _decode(raw: bytes, rtype: int) -> str:
    """UTF-16LE or the low bytes of UTF-16 (Latin-1); PowerPoint ends paragraphs with \\r."""
    if rtype == TEXT_CHARS:
        text = raw[: len(raw) - len(raw) % 2].decode("utf-16-le", "replace")
    else:
        text = raw.decode("latin-1")
    return text.replace("\r", "\n").replace("\x0b", "\n").strip()


def _count(data: bytes, wanted: int) -> int:
    """Containers of one type among the top-level records (slides)."""
    count, pos = 0, 0
    while pos + 8 <= len(data):
        ver_inst, rtype, length = struct.unpack_from("<HHI", data, pos)
        if rtype == wanted and ver_inst & 0x0F == 0x0F:
            count += 1
        pos += 8 + length
    return count
