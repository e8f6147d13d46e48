"""Text normalisation shared by the index, verification, queries and snippets."""

import re
import unicodedata

# Script=Han: 々 〇 〡-〩 〸-〻, Ext A, URO, compatibility, Ext B–H.
HAN = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0003134f"
)
RE_HAN = re.compile(f"[{HAN}]+")
RE_WORD = re.compile(f"[^\\W_{HAN}]+")  # Latin/digit/other-script word runs
RE_RUN = re.compile(f"([{HAN}]+)|([^\\W_{HAN}]+)")
_RE_HAN_WS = re.compile(f"(?<=[{HAN}])\\s+(?=[{HAN}])")


def normalize(text: str) -> str:
    """NFKC, lowercase, and drop whitespace between two Han characters (the search form)."""
    return _RE_HAN_WS.sub("", unicodedata.normalize("NFKC", text).lower())


def is_han(ch: str) -> bool:
    """True when the single character is a Han ideograph (including 〇 and 々)."""
    return bool(RE_HAN.fullmatch(ch))


def runs(text: str) -> list[tuple[str, str]]:
    """Split normalised text into ("han", run) and ("word", run) pieces, dropping the rest."""
    return [("han", h) if h else ("word", w) for h, w in RE_RUN.findall(text)]
