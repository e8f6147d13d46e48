"""Written dates in every form a college office uses, and Chinese numerals."""

import datetime as dt

import pytest

from core.ingest.meta.dates import cn_to_int, find_dates, first_full_date, parse_date, parse_partial


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2022年12月11日", dt.date(2022, 12, 11)),
        ("2022 年 12 月 11 日", dt.date(2022, 12, 11)),
        ("2022-12-13", dt.date(2022, 12, 13)),
        ("2022.5.12", dt.date(2022, 5, 12)),
        ("2022/5/12", dt.date(2022, 5, 12)),
        ("二〇二二年十二月十一日", dt.date(2022, 12, 11)),
        ("二○○三年十月二十三日", dt.date(2003, 10, 23)),
        ("二零一九年三月一日", dt.date(2019, 3, 1)),
        ("二〇二三年元月五日", dt.date(2023, 1, 5)),
        ("２０２２年１２月１１日", dt.date(2022, 12, 11)),
        ("２０２２－１２－１３", dt.date(2022, 12, 13)),
        ("20221211", dt.date(2022, 12, 11)),
        ("发布日期:2022-12-13", dt.date(2022, 12, 13)),
        ("2023年3月1日号", dt.date(2023, 3, 1)),
    ],
)
def test_every_written_form_gives_the_calendar_date(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    "impossible",
    ["2022年13月1日", "2022-02-30", "1800年1月1日", "2022.0.12", "十二月十一日", "", "没有日期"],
)
def test_impossible_or_missing_dates_are_rejected(impossible):
    assert parse_date(impossible) is None


def test_partial_dates_keep_what_is_known():
    assert parse_partial("2022年3月") == (2022, 3, None)
    assert parse_partial("二○○三年十月") == (2003, 10, None)
    assert parse_partial("2021年度工作总结") == (2021, None, None)
    assert parse_partial("2022年3月5日") == (2022, 3, 5)
    assert parse_partial("无") is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("三十一", 31), ("五", 5),
     ("二〇二二", 2022), ("二○○三", 2003), ("一九九九", 1999), ("零", 0), ("百", None), ("", None)],
)  # fmt: skip
def test_chinese_numerals(numeral, value):
    assert cn_to_int(numeral) == value


def test_find_dates_reports_positions_in_the_original_text():
    text = "会议于２０２３年３月１日召开，二〇二三年三月十五日印发，另见2023-4-2与2023年5月。"
    found = find_dates(text)
    assert [m.iso for m in found] == ["2023-03-01", "2023-03-15", "2023-04-02", "2023-05"]
    assert [m.precision for m in found] == ["day", "day", "day", "month"]
    first = found[0]
    assert text[first.start : first.end] == "２０２３年３月１日"
    assert found[1].year == 2023 and found[1].date == dt.date(2023, 3, 15)


def test_first_full_date_skips_month_only_dates():
    assert first_full_date("2022年3月起，至2022年4月8日止").iso == "2022-04-08"
    assert first_full_date("版本 1.2.3，共 2022 字") is None


def test_partial_dates_cover_their_whole_period():
    from core.ingest.meta.dates import partial_bounds

    assert partial_bounds("2022年") == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert partial_bounds("2024年2月") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert partial_bounds("2022年12月") == (dt.date(2022, 12, 1), dt.date(2022, 12, 31))
    assert partial_bounds("2022-3-5") == (dt.date(2022, 3, 5), dt.date(2022, 3, 5))
    assert partial_bounds("2021") == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert partial_bounds("2021-06") == (dt.date(2021, 6, 1), dt.date(2021, 6, 30))
    assert partial_bounds("2021-13") is None
    assert partial_bounds("去年") is None
