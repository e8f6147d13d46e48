"""validate_rule: what the rules editor tells a clerk about a rule that could never work."""

from __future__ import annotations

import pytest

from core.ingest.meta.rules import (
    CATEGORY_EMPTY,
    FIELD_UNKNOWN,
    MATCH_EMPTY,
    REGEX_EMPTY,
    category_from_rules,
    first_matching_rule,
    is_blank_rule,
    tidy_rule,
    validate_rule,
)


def rule(match: str, category: str = "党群/组织", field: str = "any") -> dict:
    return {"name": "", "match": match, "field": field, "category": category}


@pytest.mark.parametrize(
    "match",
    ["党建", "党建 组织、宣传，团委", "/关于.*的通知/", "/^\\d{4}年/", "/党建", "党建/"],
)
def test_a_working_rule_has_no_problem(match):
    assert validate_rule(rule(match)) is None


@pytest.mark.parametrize(
    ("match", "words"),
    [
        ("/(党建/", "圆括号"),
        ("/党建)/", "圆括号"),
        ("/[党建/", "方括号"),
        ("/*党建/", "前面缺少要重复的内容"),
        ("/\\q/", "反斜杠"),
        ("/[9-0]/", "范围写错了"),
        ("/a{3,1}/", "前一个数不能大于后一个数"),
        ("/(?<=a+)b/", "固定长度"),
    ],
)
def test_a_broken_regex_is_explained_in_plain_chinese(match, words):
    message = validate_rule(rule(match))
    assert message and message.startswith("正则表达式有误") and words in message


def test_every_regex_error_gets_a_sentence_even_an_unusual_one():
    message = validate_rule(rule("/(?P<名/"))
    assert message and message.startswith("正则表达式有误")


@pytest.mark.parametrize("match", ["", "   ", "、、 ，", None])
def test_an_empty_match_is_refused(match):
    assert validate_rule(rule(match)) == MATCH_EMPTY


def test_an_empty_regex_is_refused():
    assert validate_rule(rule("//")) == REGEX_EMPTY


@pytest.mark.parametrize("category", ["", "  ", "/", " ／ "])
def test_an_empty_category_is_refused(category):
    assert validate_rule(rule("党建", category)) == CATEGORY_EMPTY


def test_an_unknown_field_is_refused():
    assert validate_rule(rule("党建", field="body")) == FIELD_UNKNOWN


def test_a_broken_rule_is_skipped_and_the_next_one_applies():
    rules = [rule("/(党建/", "甲"), rule("党建", "乙/丙", field="title")]
    assert first_matching_rule(rules, "2021年党建工作总结", "") == 1
    assert category_from_rules(rules, "2021年党建工作总结", "") == (["乙", "丙"], "乙/丙")


def test_the_first_matching_rule_wins_and_the_field_is_respected():
    rules = [
        {"name": "题名有通知", "match": "通知", "field": "title", "category": "行政/通知"},
        {"name": "正文提党建", "match": "/党[建委]/", "field": "text", "category": "党群"},
    ]
    assert category_from_rules(rules, "工作总结", "学院党委召开会议") == (["党群"], "正文提党建")
    assert category_from_rules(rules, "关于放假的通知", "党建") == (["行政", "通知"], "题名有通知")
    assert first_matching_rule(rules, "工作总结", "财务") is None


def test_a_rule_is_tidied_for_settings_and_keeps_keys_written_by_hand():
    hand = {"name": "  ", "match": " 党建 ", "category": " 党群／党建 > 支部 ", "note": "2023年定"}
    assert tidy_rule(hand) == {
        "note": "2023年定",
        "match": "党建",
        "field": "any",
        "category": "党群/党建/支部",
    }
    assert validate_rule(tidy_rule(hand)) is None


def test_only_a_rule_with_nothing_written_is_blank():
    assert is_blank_rule({"field": "title", "match": " ", "category": ""})
    assert not is_blank_rule({"name": "党建"})
