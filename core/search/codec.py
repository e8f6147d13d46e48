"""How the index is laid out on disk: Whoosh W3 codec settings and fixes for whoosh-reloaded 2.7.5.

Private to core/search_index.py (the module that owns whoosh): it hands the whoosh modules in.
Our fields are positionless and unscored, so most of Whoosh's per-term record (weight, length
bytes, max weight: 26 bytes + a 12-byte pointer) is constant, and rare terms paid a whole posting
block (~60 bytes) for a handful of ids. Terms are written as compact varint records instead, with
the ids of rare terms inline; readers accept both forms, so older indexes stay readable.
"""

from __future__ import annotations

import marshal
import struct
from importlib.metadata import version
from itertools import accumulate, islice

PINNED = "2.7.5"
BLOCK_LIMIT = 1024  # ids per posting block: fewer block headers, better zlib ratio
INLINE_LIMIT = 32  # terms in fewer documents keep their ids in the term record
COMPACT = 2  # flag bit of a compact term record (bit 0 = ids inline, as in Whoosh)


def make_codec(whoosh3, patched: bool):
    """The codec new segments are written with (stock settings when the patches are off)."""
    if not patched:
        return whoosh3.W3Codec()
    return whoosh3.W3Codec(blocklimit=BLOCK_LIMIT, inlinelimit=INLINE_LIMIT)


def varints(values) -> bytes:
    """Unsigned integers as LEB128 varints."""
    out = bytearray()
    for v in values:
        while v >= 0x80:
            out.append((v & 0x7F) | 0x80)
            v >>= 7
        out.append(v)
    return bytes(out)


def read_varints(buf, pos: int, n: int) -> tuple[list[int], int]:
    """n varints from buf at pos, and the position after them."""
    out = []
    for _ in range(n):
        v = shift = 0
        while True:
            b = buf[pos]
            pos += 1
            v |= (b & 0x7F) << shift
            if b < 0x80:
                break
            shift += 7
        out.append(v)
    return out, pos


def encode_terminfo(ti) -> bytes | None:
    """A compact record of a W3TermInfo, or None when it carries weights/lengths we'd drop."""
    df = ti._df
    if (
        df <= 0
        or ti._weight != df
        or ti._maxweight != 1.0
        or ti._minlength not in (None, 0)
        or ti._maxlength
    ):
        return None
    if ti._inlined is not None:
        ids = ti._inlined[0]
        return bytes([COMPACT | 1]) + varints([df, ids[0], *(b - a for a, b in zip(ids, ids[1:]))])
    return bytes([COMPACT]) + varints(
        [df, ti._minid, ti._maxid - ti._minid, ti._offset, ti._length]
    )


def decode_terminfo(cls, s: bytes):
    """A W3TermInfo from a compact record."""
    ti = cls()
    (df,), pos = read_varints(s, 1, 1)
    ti._df, ti._weight, ti._maxweight = df, float(df), 1.0
    ti._minlength, ti._maxlength = 0, 0
    if s[0] & 1:
        gaps, _ = read_varints(s, pos, df)
        ids, cur = [], 0
        for g in gaps:
            cur += g
            ids.append(cur)
        ti._inlined = (tuple(ids), None, (b"",) * df)  # merges want bytes values
        ti._minid, ti._maxid = ids[0], ids[-1]
    else:
        (minid, span, ti._offset, ti._length), _ = read_varints(s, pos, 4)
        ti._minid, ti._maxid = minid, minid + span
    return ti


def inline_ids(record: bytes) -> list[int] | None:
    """The ids of a compact record that keeps them inline (a rare term), else None: read
    straight from the record, without a TermInfo or a matcher (~2x faster per lookup)."""
    if record[0] != COMPACT | 1:
        return None
    (df,), pos = read_varints(record, 1, 1)
    gaps, _ = read_varints(record, pos, df)
    return list(accumulate(gaps))


def patch(writing, whoosh3, filetables, structfile=None) -> bool:
    """Apply the fixes to the pinned whoosh-reloaded; False (nothing changed) for any other.

    1. W3PerDocReader._cached_reader does not cache a missing length column, so every
       posting of a non-scorable field costs an os.stat(): cache the miss too.
    2. PostingPool spills runs with one pickle per posting: write marshal'ed chunks instead.
    3. W3PostingsWriter.finish_postings calls a misspelt set_inline(), so ids could never be
       inlined: inline them (without the constant weights and empty values).
    4. W3TermInfo writes compact records (see encode_terminfo) and reads both forms.
    5. The term dictionary's hash tables get 1.25 slots per term instead of 2 (12 bytes each:
       a tenth of a small archive's index); lookups probe a slot or two more.
    6. BufferFile (a file inside a memory-mapped segment) copied its whole slice into a BytesIO
       when opened, though its readers mostly use get() on the slice: its stream reads now read
       the slice in place (opening the 50k archive and its first search: ~100 ms of copying).
    """
    if version("whoosh-reloaded") != PINNED:
        return False
    if getattr(writing.PostingPool, "_archivist", False):
        return True
    _patch_perdoc_cache(whoosh3)
    _patch_pool_runs(writing)
    _patch_inline(whoosh3)
    _patch_terminfo(whoosh3.W3TermInfo)
    _patch_term_hash(filetables)
    if structfile is not None:
        _patch_buffer_file(structfile.BufferFile)
    writing.PostingPool._archivist = True
    return True


def _patch_perdoc_cache(whoosh3) -> None:
    original = whoosh3.W3PerDocReader._cached_reader

    def _cached_reader(self, fieldname, column):
        try:
            return self._readers[fieldname]
        except KeyError:
            reader = self._readers[fieldname] = original(self, fieldname, column)
            return reader

    whoosh3.W3PerDocReader._cached_reader = _cached_reader


def _patch_pool_runs(writing) -> None:
    header = struct.Struct("<Q")
    chunk = 4096  # the final k-way merge holds one chunk per run in memory: keep it small

    def _write_run(self, f, items):
        it = iter(items)
        while block := list(islice(it, chunk)):
            data = marshal.dumps(block)
            f.write(header.pack(len(data)))
            f.write(data)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while len(h := f.read(8)) == 8:
                yield from marshal.loads(f.read(header.unpack(h)[0]))
        finally:
            f.close()
            self._remove_run(path)

    writing.PostingPool._write_run = _write_run
    writing.PostingPool._read_run = _read_run


def _patch_inline(whoosh3) -> None:
    def finish_postings(self):
        terminfo = self._terminfo
        if not self.written() and len(self) < self._inlinelimit and not self._values:
            terminfo.add_block(self)
            terminfo._inlined = (tuple(self._ids), None, None)
        else:
            if self._ids:
                self._write_block(last=True)
            terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        self._terminfo = None
        return terminfo

    whoosh3.W3PostingsWriter.finish_postings = finish_postings


def _patch_terminfo(cls) -> None:
    stock_to_bytes, stock_from_bytes = cls.to_bytes, cls.from_bytes.__func__
    stock_weight, stock_df = cls.read_weight.__func__, cls.read_doc_freq.__func__
    stock_lengths, stock_maxweight = (
        cls.read_min_and_max_length.__func__,
        cls.read_max_weight.__func__,
    )

    def to_bytes(self):
        return encode_terminfo(self) or stock_to_bytes(self)

    def from_bytes(c, s):
        return decode_terminfo(c, s) if s[0] & COMPACT else stock_from_bytes(c, s)

    def compact_df(dbfile, datapos):
        """The document frequency of a compact record at datapos, else None."""
        head = dbfile.get(datapos, 6)
        return read_varints(head, 1, 1)[0][0] if head[0] & COMPACT else None

    def read_weight(c, dbfile, datapos):
        df = compact_df(dbfile, datapos)
        return stock_weight(c, dbfile, datapos) if df is None else float(df)

    def read_doc_freq(c, dbfile, datapos):
        df = compact_df(dbfile, datapos)
        return stock_df(c, dbfile, datapos) if df is None else df

    def read_min_and_max_length(c, dbfile, datapos):
        if dbfile.get(datapos, 1)[0] & COMPACT:
            return 0, 0
        return stock_lengths(c, dbfile, datapos)

    def read_max_weight(c, dbfile, datapos):
        if dbfile.get(datapos, 1)[0] & COMPACT:
            return 1.0
        return stock_maxweight(c, dbfile, datapos)

    cls.to_bytes = to_bytes
    cls.from_bytes = classmethod(from_bytes)
    cls.read_weight = classmethod(read_weight)
    cls.read_doc_freq = classmethod(read_doc_freq)
    cls.read_min_and_max_length = classmethod(read_min_and_max_length)
    cls.read_max_weight = classmethod(read_max_weight)


def _patch_term_hash(filetables) -> None:
    pointer = filetables._pointer

    def _write_hashes(self):
        dbfile = self.dbfile
        for entries in self.buckets:
            numslots = len(entries) + len(entries) // 4 + 1 if entries else 0
            self.directory.append((dbfile.tell(), numslots))
            table = [(0, 0)] * numslots
            for hashval, position in entries:
                slot = (hashval >> 8) % numslots
                while table[slot][1]:  # linear probing, as the reader does
                    slot = (slot + 1) % numslots
                table[slot] = (hashval, position)
            dbfile.write(b"".join(pointer.pack(h, p) for h, p in table))

    filetables.OrderedHashWriter._write_hashes = _write_hashes


class _SliceStream:
    """A read-only file over a buffer that reads without copying the whole buffer first."""

    def __init__(self, buf):
        self._buf, self._pos = buf, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._buf) if n is None or n < 0 else min(len(self._buf), self._pos + n)
        data = bytes(self._buf[self._pos : end])
        self._pos = max(self._pos, end)
        return data

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._buf))[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readline(self, limit: int = -1) -> bytes:
        end, size = self._pos, len(self._buf)
        while end < size:  # pickle reads lines of its text opcodes: short reads
            chunk = bytes(self._buf[end : end + 4096])
            i = chunk.find(b"\n")
            end += i + 1 if i >= 0 else len(chunk)
            if i >= 0:
                break
        n = end - self._pos
        return self.read(n if limit is None or limit < 0 else min(n, limit))

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._buf = b""

    def __getattr__(self, name):  # anything else: a stream copy (pickle only probes peek)
        from io import BytesIO

        if name == "peek":
            raise AttributeError(name)
        stream = BytesIO(bytes(self._buf))
        stream.seek(self._pos)
        return getattr(stream, name)


def _patch_buffer_file(cls) -> None:
    def __init__(self, buf, name=None, onclose=None):
        self._buf, self._name, self.onclose = buf, name, onclose
        self.file = _SliceStream(buf)
        self.is_real, self.is_closed = False, False

    cls.__init__ = __init__
