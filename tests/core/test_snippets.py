"""Snippets and highlights: exact output where a fast path could part from a plain window scan
(one pattern read once, a Latin term's written-out cases, a hit at a window's edge)."""

import re
import string
import sys

from core.search.snippets import find_spans, make_snippet, term_pattern

COMPAT_XING = "\ufa08"  # 行's CJK compatibility form: term_patterns gives it its own pattern


def test_variant_first_character_that_occurs_is_marked():
    text = f"依照本法作出的{COMPAT_XING}政处罚决定，当事人应当履行。"
    assert (
        make_snippet(text, ["行政处罚决定"])
        == f"依照本法作出的【{COMPAT_XING}政处罚决定】，当事人应当履行。"
    )


def test_both_first_character_variants_in_one_text():
    text = f"依法作出行政处罚决定。另有{COMPAT_XING}政处罚决定书送达。"
    assert make_snippet(text, ["行政处罚决定"]) == (
        f"依法作出【行政处罚决定】。另有【{COMPAT_XING}政处罚决定】书送达。"
    )


def test_overlapping_terms_make_one_mark():
    text = "本单位依法实施行政处罚，并公布处罚结果。"
    assert (
        make_snippet(text, ["处罚", "行政处罚"])
        == "本单位依法实施【行政处罚】，并公布【处罚】结果。"
    )


def test_hits_at_the_very_start_and_end():
    text = "三会一课制度要坚持，支部每月开展三会一课"
    assert make_snippet(text, ["三会一课"]) == "【三会一课】制度要坚持，支部每月开展【三会一课】"


def test_own_brackets_in_the_window_are_not_read_as_marks():
    text = "【案例】某支部落实三会一课制度"
    assert make_snippet(text, ["三会一课"]) == "〖案例〗某支部落实【三会一课】制度"


def test_touching_hits_make_one_mark():
    assert make_snippet("落实三会一课三会一课，", ["三会一课"]) == "落实【三会一课三会一课】，"


def test_hit_cut_by_the_window_edge_is_left_unmarked():
    # The second 会议。会议 runs past the window's sentence break: shown cut, as a window scan
    # (which cannot see past the edge) leaves it.
    text = "召开会议。会议纪要已印发，会议。会议结束"
    assert make_snippet(text, ["会议。会议"]) == "召开【会议。会议】纪要已印发，会议。"


def test_spaced_out_hit_in_a_long_line_is_cut_at_the_width():
    text = "甲" * 50 + "行政  处罚\n决定" + "乙" * 50
    assert (
        make_snippet(text, ["行政处罚决定"])
        == "…" + "甲" * 36 + "【行政 处罚 决定】" + "乙" * 36 + "…"
    )


def test_three_fragments_in_text_order_and_no_fourth():
    text = "一、党建工作。二、其他事项。三、党建考核。四、无关内容。五、党建宣传。六、党建总结。"
    assert make_snippet(text, ["党建"], width=4) == (
        "一、【党建】工作。 … 三、【党建】考核。 … 五、【党建】宣传。"
    )


# ---------------------------------------------------------------- Latin letters and digits
def test_latin_term_matches_only_from_a_word_start():
    text = "编号a2020与2020年及２０２０年，Ｘ2020不算"
    assert make_snippet(text, ["2020"]) == "编号a2020与【2020】年及【２０２０】年，Ｘ2020不算"


def test_letters_that_case_folding_reads_as_latin_keep_a_word_start():
    # ſ, the Kelvin sign, İ and ı were letters to re.IGNORECASE, so no word starts after them.
    text = "ſ2020、\u212a2020、İ2020、ı2020、é2020、-2020"
    assert find_spans(text, ["2020"]) == [(25, 29), (31, 35)]


def test_latin_term_in_any_case_and_width():
    text = "附件：PDF、ｐｄｆ、Pdf和pdf文件"
    assert make_snippet(text, ["pdf"]) == "附件：【PDF】、【ｐｄｆ】、【Pdf】和【pdf】文件"
    assert make_snippet("说明：见附件PDF", ["pdf"]) == "说明：见附件【PDF】"
    assert make_snippet("pdf", ["pdf"]) == "【pdf】"


def test_latin_term_matches_the_characters_case_folding_gives_it():
    text = "\u212aPI、KPI、ſkill、SKILL、İSO、ıso"
    spans = [(0, 3), (4, 7), (8, 13), (14, 19), (20, 23), (24, 27)]
    assert find_spans(text, ["kpi", "skill", "iso"]) == spans


def test_written_out_cases_are_exactly_what_ignorecase_matched():
    # Every character, spaced out: a pattern for one letter or digit finds exactly the
    # characters the IGNORECASE class [x ｘ Ｘ] found, and a digit after exactly the characters
    # the IGNORECASE word class held has no word start.
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    word = re.compile("[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]", re.IGNORECASE)
    letters = set(word.findall("".join(chars)))  # what IGNORECASE took for a letter or digit
    spaced = " ".join(chars)
    for ch in string.ascii_lowercase + string.digits:
        wide = chr(ord(ch) + 0xFEE0)
        before = re.compile(f"[{ch}{wide}{wide.upper()}]", re.IGNORECASE)
        found = {spaced[m.start()] for m in term_pattern(ch).finditer(spaced)}
        assert found == {c for c in letters if before.fullmatch(c)}, ch
    after = " ".join(c + "7" for c in chars)
    starts = {after[m.start() - 1] for m in term_pattern("7").finditer(after)}
    assert starts == set(chars) - letters | {" "}


def test_docno_in_every_bracket_form():
    text = "湘工发[2015]4号、湘工发（2015）第4号、湘工发2015年4号、湘工发 〔 2015 〕 4号"
    assert find_spans(text, ["湘工发〔2015〕4号"]) == [(0, 11), (12, 24), (25, 35), (36, 51)]


# ---------------------------------------------------------------- windows and their edges
def test_whitespace_at_a_cut_edge_goes_with_the_ellipsis():
    text = "甲" * 10 + "  " + "乙" * 34 + "三会一课" + "丙" * 34 + "  " + "丁" * 10
    assert make_snippet(text, ["三会一课"]) == "…" + "乙" * 34 + "【三会一课】" + "丙" * 34 + "…"


def test_one_fragment_leaves_a_hit_cut_by_its_edge_unmarked():
    text = "召开会议。会议纪要已印发，会议。会议结束"
    assert make_snippet(text, ["会议。会议"], fragments=1) == "召开【会议。会议】纪要已印发，会议。"


def test_one_fragment_marks_every_hit_inside_it():
    # 〔2015〕 may start with any bracket: no one first character to look for.
    text = "文号〔2015〕与[2015]并列，另有（2015）在后。" + "无关" * 40 + "又见〔2015〕"
    assert make_snippet(text, ["〔2015〕"], fragments=1) == (
        "文号【〔2015〕】与【[2015]】并列，另有【（2015）】在后。"
    )


def test_own_brackets_between_two_hits_of_one_window():
    text = "【通知】落实三会一课【要求】，三会一课。"
    assert make_snippet(text, ["三会一课"]) == "〖通知〗落实【三会一课】〖要求〗，【三会一课】。"


def test_overlapping_windows_make_one_fragment():
    text = "一、党建工作，党建考核" + "乙" * 60 + "党建宣传"
    assert make_snippet(text, ["党建"], width=8) == (
        "一、【党建】工作，【党建】考核乙乙乙乙乙乙… … …乙乙乙乙乙乙乙乙【党建】宣传"
    )
