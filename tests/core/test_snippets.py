"""make_snippet's exact output where its one-pattern fast path could part from a window scan."""

from core.search.snippets import make_snippet

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
