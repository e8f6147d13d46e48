"""Helpers for the extractor tests: the shared corpus (skipped where absent)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()


def corpus_dir(*parts: str) -> Path:
    """A folder of ../shared/corpus, or skip (the corpus is test data, never shipped)."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not present at {path}")
    return path


def manifest(*parts: str) -> list[dict]:
    """Rows of a corpus MANIFEST.tsv."""
    folder = corpus_dir(*parts)
    with open(folder / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


# --- A minimal compound file (CFB v3) writer, so tests can build Word 97 and OLE files. ---

SECTOR = 512
END_OF_CHAIN, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def write_cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """Write streams (each padded to 4 KB so no mini stream is needed) into a compound file."""
    import struct

    names = list(streams)
    datas = [streams[n] + b"\0" * max(0, 4096 - len(streams[n])) for n in names]
    dir_entries = 1 + len(names)
    dir_sectors = (dir_entries * 128 + SECTOR - 1) // SECTOR
    fat = [FAT_SECTOR]
    first_dir = len(fat)
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [END_OF_CHAIN]
    starts = []
    for data in datas:
        count = (len(data) + SECTOR - 1) // SECTOR
        start = len(fat)
        starts.append(start)
        fat += [start + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
    assert len(fat) <= SECTOR // 4, "test files must fit one FAT sector"
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = bytearray(SECTOR)
    header[0:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<III", header, 40, 0, 1, first_dir)
    struct.pack_into("<IIIII", header, 52, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN)
    struct.pack_into("<I", header, 68, 0)
    difat = [0] + [FREE] * 108
    struct.pack_into("<109I", header, 76, *difat)

    def entry(name, kind, child, right, start, size):
        raw = bytearray(128)
        encoded = name.encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded) + 2, kind, 1)
        struct.pack_into("<III", raw, 68, NO_STREAM, right, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    directory = entry("Root Entry", 5, 1 if names else NO_STREAM, NO_STREAM, END_OF_CHAIN, 0)
    for i, (name, data) in enumerate(zip(names, datas, strict=True)):
        right = i + 2 if i + 1 < len(names) else NO_STREAM
        directory += entry(name, 2, NO_STREAM, right, starts[i], len(data))
    directory += b"\0" * (dir_sectors * SECTOR - len(directory))
    body = b"".join(d + b"\0" * (-len(d) % SECTOR) for d in datas)
    path.write_bytes(bytes(header) + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + body)
    return path


def word97_bytes(pieces: list[tuple[str, bool]], flags: int = 0x0200) -> dict[str, bytes]:
    """WordDocument and 1Table streams for text pieces [(text, compressed)], main text only."""
    import struct

    word = bytearray(0x800)
    struct.pack_into("<HHHHHH", word, 0, 0xA5EC, 0xC1, 0, 0x0409, 0, flags)
    struct.pack_into("<HH", word, 0x20, 14, 0x6A62)  # csw, wMagicCreated
    struct.pack_into("<H", word, 0x3E, 22)  # cslw
    struct.pack_into("<H", word, 0x98, 0x5D)  # cbRgFcLcb
    cps, pcds, cp = [0], b"", 0
    for text, compressed in pieces:
        offset = len(word)
        if compressed:
            word += text.encode("cp1252")
            fc = (offset * 2) | 0x40000000
        else:
            word += text.encode("utf-16-le")
            fc = offset
        cp += len(text)
        cps.append(cp)
        pcds += struct.pack("<HIH", 0, fc, 0)
    struct.pack_into("<i", word, 0x40 + 3 * 4, cp)  # ccpText
    plc = struct.pack(f"<{len(cps)}I", *cps) + pcds
    clx = b"\x01" + struct.pack("<h", 2) + b"\x00\x00" + b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, 0x9A + 33 * 8, 0, len(clx))  # fcClx, lcbClx
    return {"WordDocument": bytes(word), "1Table": clx}
