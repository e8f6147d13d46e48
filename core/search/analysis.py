"""The one term rule: how text becomes the search form and the terms the index holds.

The search form is NFKC, lowercase, simplified⇄traditional and variant characters folded to
one form (OpenCC's tables, core/search/fold_table.py; one character to one, so a highlight maps
back to the original characters), 文号 brackets and 档号 separators written one way, and no
whitespace between Han characters. Changing it needs a SEARCH_FORM bump: stored search forms and
the index are then rebuilt at open.

Index writing, query planning and "more like this" all use it, so a query always asks the
index for exactly the terms a document was indexed with. Han text is indexed as bigrams (field
"g") and single characters (field "u"); Latin letters and digits as whole words (field "g").
"""

import re
import unicodedata
from functools import cache

from core.search.fold_table import FROM as _FOLD_FROM
from core.search.fold_table import TO as _FOLD_TO

# Script=Han: 々 〇 〡-〩 〸-〻, Ext A, URO, compatibility, Ext B–H.
HAN = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0003134f"
)
RE_HAN = re.compile(f"[{HAN}]+")
RE_WORD = re.compile(f"[^\\W_{HAN}]+")  # Latin/digit/other-script word runs
RE_RUN = re.compile(f"([{HAN}]+)|([^\\W_{HAN}]+)")
_RE_HAN_WS = re.compile(f"(?<=[{HAN}])\\s+(?=[{HAN}])")

SEARCH_FORM = 2  # version of normalize(): 2 = folding, 文号 and 档号 forms (1 had none)
FOLD = dict(zip(_FOLD_FROM, _FOLD_TO, strict=True))
_FOLD_TABLE = str.maketrans(FOLD)
_FOLD_KEYS = frozenset(FOLD)
_FOLDED_FROM: dict[str, str] = {}
for _a, _b in FOLD.items():
    _FOLDED_FROM[_b] = _FOLDED_FROM.get(_b, _b) + _a
# 文号 (GB/T 9704): the year in any bracket after the issuer's abbreviation, 湘工发〔2015〕4号,
# [2015], (2015), 【2015】, and 湘工发2015年4号; "第4号" is 4号. Each pattern starts with a
# character class (no leading look-behind), so scanning a long text stays fast.
OPEN_BRACKETS, CLOSE_BRACKETS = "〔[(【〖", "〕])】〗"
_RE_DOCNO_YEAR = re.compile(
    f"[{re.escape(OPEN_BRACKETS)}]\\s*((?:19|20)\\d\\d)\\s*"
    f"[{re.escape(CLOSE_BRACKETS)}](?:\\s*(?:第\\s*)?(?=\\d{{1,5}}\\s*号))?"
)
_RE_DOCNO_GAP = re.compile(r"\s+(?=〔(?:19|20)\d\d〕)")  # 湘工发 〔2015〕: no gap after Han
_RE_DOCNO_NIAN = re.compile(r"([发字函办令])((?:19|20)\d\d)年第?(?=\d{1,5}号)")
# 档号 parts are joined by · - . in any mix (WS·2015-D10-0001): one separator, "-".
_RE_CODE_SEP = re.compile(r"[·・‧\-.‐‑–—](?=[0-9a-z])")
_CODE_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """Simplified ⇄ traditional and variant characters to one form, one character to one."""
    found = _FOLD_KEYS.intersection(text)
    if len(found) > 40:  # a traditional text: one pass (str.translate is ~0.25 µs a character)
        return text.translate(_FOLD_TABLE)
    for ch in found:  # a simplified text has a few: str.replace scans at memory speed
        text = text.replace(ch, FOLD[ch])
    return text


def _docno_gap(m: re.Match) -> str:
    return "" if m.start() and is_han(m.string[m.start() - 1]) else m.group()


def _code_sep(m: re.Match) -> str:
    i = m.start()
    return "-" if i and m.string[i - 1] in _CODE_CHARS else m.group()


BIGRAMS = "g"  # index field: Han bigrams (a lone Han character stands as itself) and words
UNIGRAMS = "u"  # index field: single Han characters
Posting = tuple[str, str]  # (field, term)


def search_form_key(folding: bool = True) -> str:
    """What meta.search_form records: the version, and whether 繁简 folding is off."""
    return str(SEARCH_FORM) if folding else f"{SEARCH_FORM}-nofold"


def normalize(text: str, folding: bool = True) -> str:
    """The search form of text (see the module docstring); folding=False keeps 繁简 forms
    apart (the archive's fold_variants setting)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if folding:
        text = fold(text)
    text = _RE_HAN_WS.sub("", text)
    text = _RE_DOCNO_YEAR.sub(r"〔\1〕", text)
    if "〔" in text:
        text = _RE_DOCNO_GAP.sub(_docno_gap, text)
    if "年" in text:
        text = _RE_DOCNO_NIAN.sub(r"\1〔\2〕", text)
    return _RE_CODE_SEP.sub(_code_sep, text)


@cache
def folded_from(ch: str) -> str:
    """Every character whose search form is the folded character ch, ch first (发 → 发發髮)."""
    return _FOLDED_FROM.get(ch, ch)


def is_han(ch: str) -> bool:
    """True when the single character is a Han ideograph (including 〇 and 々)."""
    return bool(RE_HAN.fullmatch(ch))


def runs(text: str) -> list[tuple[str, str]]:
    """Split normalised text into ("han", run) and ("word", run) pieces, dropping the rest."""
    return [("han", h) if h else ("word", w) for h, w in RE_RUN.findall(text)]


# ---------------------------------------------------------------- documents
def bigram_terms(parts) -> set[str]:
    """The BIGRAMS terms of a document's normalised parts (title, text)."""
    terms: set[str] = set()
    for part in parts:
        for run in RE_HAN.findall(part):
            if len(run) > 1:
                terms.update(map(str.__add__, run, run[1:]))
            else:
                terms.add(run)
        terms.update(RE_WORD.findall(part))
    return terms


def unigram_terms(parts) -> set[str]:
    """The UNIGRAMS terms of a document's normalised parts."""
    terms: set[str] = set()
    for part in parts:
        terms.update("".join(RE_HAN.findall(part)))
    return terms


FIELD_TERMS = {BIGRAMS: bigram_terms, UNIGRAMS: unigram_terms}


# ---------------------------------------------------------------- queries
def query_postings(text: str, prefix: bool, expand) -> tuple[list[list[Posting]], bool]:
    """Posting groups (an AND of ORs) covering every document containing normalised text, and
    whether the groups alone are exact.

    Han runs give unigrams/bigrams (exact substrings). Latin/digit runs are whole words, as
    they are indexed; with `prefix` the last one is a word prefix, which expand(word) turns
    into the index's words.
    """
    pieces = RE_RUN.findall(text)
    groups: list[list[Posting]] = []
    for i, (han, word) in enumerate(pieces):
        if han and len(han) == 1:
            groups.append([(UNIGRAMS, han)])
        elif han:
            groups.extend([(BIGRAMS, han[k : k + 2])] for k in range(len(han) - 1))
        elif prefix and i == len(pieces) - 1:
            groups.append([(BIGRAMS, w) for w in expand(word)])
        else:
            groups.append([(BIGRAMS, word)])
    single = len(pieces) == 1 and len(pieces[0][0] or pieces[0][1]) == len(text)
    exact = single and (bool(pieces[0][1]) or len(pieces[0][0]) <= 2)
    unique = list({tuple(g): g for g in groups}.values())
    return unique, exact
