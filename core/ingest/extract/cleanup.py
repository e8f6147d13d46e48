"""Repairs applied to every extracted text before it is stored."""

from __future__ import annotations

import re
import unicodedata

# CJK Radicals Supplement code points that PDF fonts (e.g. Noto CJK, 方正/思源 subsets) put in the
# text layer instead of the ordinary character; NFKC leaves most of these alone.
# fmt: off
_SUPPLEMENT = {
    "⺁": "厂", "⺇": "几", "⺌": "小", "⺎": "兀", "⺏": "尢", "⺐": "尣", "⺑": "尢",
    "⺒": "巳", "⺓": "幺", "⺛": "旡", "⺝": "月", "⺟": "母", "⺠": "民", "⺤": "爫",
    "⺦": "丬", "⺮": "竹", "⺳": "罒", "⺶": "羊", "⺷": "羊", "⺺": "聿", "⺼": "月",
    "⻀": "艸", "⻁": "虎", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "角", "⻈": "讠",
    "⻉": "贝", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻓": "长", "⻔": "门",
    "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻢": "马",
    "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
    "⻬": "齐", "⻮": "齿", "⻯": "竜", "⻰": "龙", "⻳": "龟", "⻟": "食", "⻠": "饣",
}
# fmt: on
_TABLE = {ord(k): v for k, v in _SUPPLEMENT.items()}
# Kangxi Radicals (U+2F00–U+2FD5) have NFKC mappings to the unified ideographs.
_TABLE.update({cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)})
_RE_RADICAL = re.compile("[\u2e80-\u2fdf]")  # a C scan: every imported text passes here


def fold_radicals(text: str) -> str:
    """Replace radical look-alikes (⽣ ⽉ ⻅ …) by the characters they stand for (生 月 见 …)."""
    if not _RE_RADICAL.search(text):
        return text
    return text.translate(_TABLE)
