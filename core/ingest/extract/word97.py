"""Word 97–2003 binary (.doc) and Kingsoft WPS (.wps): our own reader of the piece table.

See docs [MS-DOC] 2.4.1 and /work/shared/design/WORD97.md. Olefile access goes through ole.py.
"""

from __future__ import annotations

import struct
from pathlib import Path

from core.ingest.extract import ole
from core.ingest.extract.base import CORRUPT, ENCRYPTED, UNSUPPORTED, Extracted, ExtractError

WORD97_IDENT = 0xA5EC
WORD6_IDENT = 0xA5DC
F_COMPLEX = 0x0004
F_ENCRYPTED = 0x0100
F_WHICH_TBL = 0x0200
F_OBFUSCATED = 0x8000
KINGSOFT = 0x534B
MAX_CHARS = 50_000_000
WORD6_CODEPAGE = "gb18030"  # cp936 superset: Chinese Word 6/95 documents
FC_CLX_INDEX = 33  # fcClx's position among the FibRgFcLcb97 pairs
WORD6_FC_CLX = 0x160
# ccpText .. ccpHdrTxbx in FibRgLw97 (ccpMcr at 6 is unused but still occupies CPs).
_CCP_FIELDS = (
    "text",
    "footnotes",
    "headers",
    "macros",
    "comments",
    "endnotes",
    "textboxes",
    "header_textboxes",
)
_CONTROL = {0x0D: "\n", 0x0B: "\n", 0x0C: "\n", 0x0E: "\n", 0x09: "\t", 0x1E: "-", 0xA0: " "}


def extract(path: Path) -> Extracted:
    """Text of all ranges (main text first), plus SummaryInformation properties."""
    path = Path(path)
    with ole.OleFile(path) as cfb:
        try:
            fib, raw = _read_text(cfb)
        except struct.error as exc:  # an offset or count pointing past the stream's end
            raise ExtractError(CORRUPT, f"structure out of bounds: {exc}") from exc
        props = cfb.summary()
    if fib["magic_created"] == KINGSOFT:
        props["producer"] = "Kingsoft WPS"
    suffix = path.suffix.lower()
    return Extracted(
        text=render(raw),
        format="wps" if suffix == ".wps" else "doc",
        extractor="word97",
        title=props.get("title"),
        properties=props,
    )


def _read_text(cfb: ole.OleFile) -> tuple[dict, str]:
    """The FIB and the raw text of all ranges, refusing encrypted files."""
    word = cfb.read("WordDocument")
    fib = parse_fib(word)
    if fib["flags"] & (F_ENCRYPTED | F_OBFUSCATED):
        raise ExtractError(ENCRYPTED, "FIB fEncrypted/fObfuscated")
    if fib["ident"] == WORD6_IDENT:
        return fib, _word6_text(word, fib)
    table_name = "1Table" if fib["flags"] & F_WHICH_TBL else "0Table"
    if not cfb.has(table_name):
        raise ExtractError(CORRUPT, f"table stream {table_name} missing")
    return fib, _word97_text(word, cfb.read(table_name), fib)


def parse_fib(word: bytes) -> dict:
    """The FIB facts we need: ident, flags, CP counts and the CLX location."""
    if len(word) < 0x60:
        raise ExtractError(CORRUPT, "WordDocument stream too short for a FIB")
    ident, nfib, _unused, _lid, _pn, flags = struct.unpack_from("<HHHHHH", word, 0)
    magic_created = struct.unpack_from("<H", word, 0x22)[0] if len(word) > 0x24 else 0
    fib = {"ident": ident, "nfib": nfib, "flags": flags, "magic_created": magic_created}
    if ident == WORD6_IDENT or (101 <= nfib <= 105 and ident != WORD97_IDENT):
        fib["ident"] = WORD6_IDENT  # Word 6/95 (some writers use other wIdent values)
        fib["fc_min"], fib["fc_mac"] = struct.unpack_from("<II", word, 0x18)
        fib["ccp"] = list(struct.unpack_from("<8i", word, 0x34))
        fib["fc_clx"], fib["lcb_clx"] = _pair_at(word, WORD6_FC_CLX)
        return fib
    if ident != WORD97_IDENT or nfib < 101:
        raise ExtractError(UNSUPPORTED, f"WordDocument wIdent {ident:#06x} nFib {nfib}")
    pos = 32
    csw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + csw * 2
    magic_created = struct.unpack_from("<H", word, 34)[0] if csw else magic_created
    cslw = struct.unpack_from("<H", word, pos)[0]
    lw_start = pos + 2
    pos = lw_start + cslw * 4
    cb_fc_lcb = struct.unpack_from("<H", word, pos)[0]
    blob = pos + 2
    if cslw < 11 or cb_fc_lcb <= FC_CLX_INDEX or blob + (FC_CLX_INDEX + 1) * 8 > len(word):
        raise ExtractError(CORRUPT, f"FIB too short (cslw={cslw}, cbRgFcLcb={cb_fc_lcb})")
    fib["magic_created"] = magic_created
    fib["ccp"] = list(struct.unpack_from("<8i", word, lw_start + 3 * 4))
    fib["fc_clx"], fib["lcb_clx"] = _pair_at(word, blob + FC_CLX_INDEX * 8)
    return fib


def _pair_at(data: bytes, offset: int) -> tuple[int, int]:
    """An (fc, lcb) pair, or (0, 0) past the end."""
    if offset + 8 > len(data):
        return 0, 0
    return struct.unpack_from("<II", data, offset)


def _total_cps(ccp: list[int]) -> int:
    """All text ranges; a final paragraph mark follows the subsidiary ranges when any exist."""
    counts = [max(0, c) for c in ccp]
    total = sum(counts)
    return total + 1 if total > counts[0] else total


def read_pieces(clx: bytes) -> list[tuple[int, int, int]]:
    """Walk the CLX: skip Prc blocks, then the PlcPcd → [(cp_start, cp_end, fc_raw)]."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:
        if pos + 3 > len(clx):
            raise ExtractError(CORRUPT, "CLX Prc truncated")
        size = struct.unpack_from("<h", clx, pos + 1)[0]
        if size < 0:
            raise ExtractError(CORRUPT, f"CLX Prc with negative size {size}")
        pos += 3 + size
    if pos + 5 > len(clx) or clx[pos] != 0x02:
        raise ExtractError(CORRUPT, f"CLX has no PlcPcd at {pos}")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5 : pos + 5 + lcb]
    if lcb < 16 or len(plc) < lcb or (lcb - 4) % 12:
        raise ExtractError(CORRUPT, f"PlcPcd size {lcb}")
    count = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for i in range(count):
        fc = struct.unpack_from("<I", plc, (count + 1) * 4 + i * 8 + 2)[0]
        if cps[i + 1] > cps[i]:
            pieces.append((cps[i], cps[i + 1], fc))
    return pieces


def _word97_text(word: bytes, table: bytes, fib: dict) -> str:
    """Concatenate pieces up to the last CP of all text ranges."""
    fc_clx, lcb_clx = fib["fc_clx"], fib["lcb_clx"]
    if not lcb_clx or fc_clx + lcb_clx > len(table):
        raise ExtractError(CORRUPT, f"CLX at {fc_clx}+{lcb_clx} outside table stream")
    pieces = read_pieces(table[fc_clx : fc_clx + lcb_clx])
    limit = min(_total_cps(fib["ccp"]) or MAX_CHARS, MAX_CHARS)
    out: list[str] = []
    for cp_start, cp_end, fc in pieces:
        if cp_start >= limit:
            break
        count = min(cp_end, limit) - cp_start
        if fc & 0x40000000:  # compressed: one cp1252 byte per character at fc/2
            start = (fc & 0x3FFFFFFF) // 2
            out.append(_cp1252(word[start : start + count]))
        else:
            out.append(word[fc : fc + 2 * count].decode("utf-16-le", "replace"))
    return "".join(out)


def _cp1252(data: bytes) -> str:
    """cp1252 with its five undefined bytes kept as Latin-1."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in data)


def _word6_text(word: bytes, fib: dict) -> str:
    """Word 6/95: 8-bit text in the document code page, pieces when the file is complex."""
    limit = min(_total_cps(fib["ccp"]), MAX_CHARS)
    if fib["flags"] & F_COMPLEX and fib["lcb_clx"]:
        fc_clx, lcb_clx = fib["fc_clx"], fib["lcb_clx"]
        pieces = read_pieces(word[fc_clx : fc_clx + lcb_clx])
        data = b"".join(word[fc : fc + (end - start)] for start, end, fc in pieces)
    else:
        data = word[fib["fc_min"] : fib["fc_mac"]]
    # CPs count bytes here, so cutting at the limit keeps double-byte characters whole.
    return data[:limit].decode(WORD6_CODEPAGE, "replace")


def render(raw: str) -> str:
    """Drop field instructions, turn Word's control characters into newlines and tabs."""
    out: list[str] = []
    fields: list[bool] = []  # per open field: True once its result (after 0x14) begins
    prev = ""
    for ch in raw:
        code = ord(ch)
        if code == 0x13:
            fields.append(False)
        elif code == 0x14:
            if fields:
                fields[-1] = True
        elif code == 0x15:
            if fields:
                fields.pop()
        elif fields and not all(fields):
            pass  # inside a field instruction
        elif code == 0x07:
            # A cell mark right after another ends the row.
            out.append("\n" if prev == "\x07" else "\t")
        elif code in _CONTROL:
            out.append(_CONTROL[code])
        elif code >= 0x20:
            out.append(ch)
        prev = ch
    text = "".join(out).replace("\t\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
