"""文号 forms, 会议记录 header fields, keywords and the user's category rules."""

import pytest

from core.ingest.describe import guess_metadata
from core.ingest.extract.base import Extracted
from core.ingest.meta.fields import find_doc_number

MEETING = """生命科学学院党委会会议记录

时间：2023年3月1日 上午9:00
地点：学院三楼会议室（A301）
主持人：张明
出席人：李华、王芳、赵强、
孙丽、周杰
列席人：吴敏（办公室主任）
缺席人及原因：郑伟（出差）
记录人：陈静
议题：
1.传达学习上级会议精神
2.研究2023年党建工作要点

会议内容：

张明：首先传达上级会议精神。

会议一致同意。

散会。
"""


def guess(text, filename="doc.txt", folders=(), rules=None, **kw):
    return guess_metadata(
        Extracted(text=text, format="txt", extractor="text", **kw),
        filename=filename,
        folders=list(folders),
        rules=rules,
    )


@pytest.mark.parametrize(
    ("line", "number", "year"),
    [
        ("湘工大党发〔2022〕12号", "湘工大党发〔2022〕12号", 2022),
        ("湘工发2015[4]号", "湘工发〔2015〕4号", 2015),
        ("湘政发2014年27号", "湘政发〔2014〕27号", 2014),
        ("湘人社发201851号", "湘人社发〔2018〕51号", 2018),
        ("国办函［2019］3号", "国办函〔2019〕3号", 2019),
        ("湘教通【2020】108号", "湘教通〔2020〕108号", 2020),
        ("校办字(2021)第5号", "校办字〔2021〕5号", 2021),
        ("教高函（２０１９）８号", "教高函〔2019〕8号", 2019),
        ("湘工大党发〔2022〕12号          签发人：张明", "湘工大党发〔2022〕12号", 2022),
        ("文号：湘工大发〔2023〕3号", "湘工大发〔2023〕3号", 2023),
    ],
)
def test_doc_number_forms_are_normalised(line, number, year):
    assert find_doc_number(line) == (number, year)


def test_a_doc_number_quoted_in_a_sentence_is_not_the_documents_own():
    assert find_doc_number("根据湘政发〔2014〕27号文件精神，结合我院实际，制定本办法。") is None


def test_doc_number_from_the_file_name():
    found = guess("会议通知\n\n请各单位准时参加。", filename="湘工大党发〔2022〕12号 会议通知.docx")
    assert found["doc_number"].value == "湘工大党发〔2022〕12号"


def test_meeting_record_header_fields():
    found = guess(MEETING, filename="党委会记录.docx")
    got = {k: g.value for k, g in found.items()}
    assert got["title"] == "生命科学学院党委会会议记录"
    assert got["doc_type"] == "会议记录"
    assert got["meeting_time"] == "2023年3月1日 上午9:00"
    assert got["meeting_place"] == "学院三楼会议室（A301）"
    assert got["meeting_chair"] == "张明"
    assert got["meeting_attendees"] == "李华、王芳、赵强、孙丽、周杰"
    assert got["meeting_guests"] == "吴敏（办公室主任）"
    assert got["meeting_absentees"] == "郑伟（出差）"
    assert got["meeting_recorder"] == "陈静"
    assert got["meeting_agenda"] == "1.传达学习上级会议精神\n2.研究2023年党建工作要点"
    assert got["date"] == "2023-03-01" and not found["date"].guessed
    assert got["year"] == 2023


def test_fields_on_one_line_are_split_at_the_next_label():
    text = "党政联席会议纪要\n\n时间：2023年5月8日  地点：行政楼201  主持人：刘洋\n\n参会人员：全体班子成员\n\n会议决定如下。"
    got = {k: g.value for k, g in guess(text).items()}
    assert got["meeting_time"] == "2023年5月8日"
    assert got["meeting_place"] == "行政楼201"
    assert got["meeting_chair"] == "刘洋"
    assert got["meeting_attendees"] == "全体班子成员"
    assert got["doc_type"] == "会议纪要"


def test_a_notice_with_a_deadline_is_not_a_meeting_record():
    text = "关于报送材料的通知\n\n各单位：\n\n请于2023年5月8日前报送。\n\n联系人：刘洋"
    assert not any(k.startswith("meeting_") for k in guess(text))


RULES = [
    {"name": "组织", "category": "党群/组织", "match": "组织生活 发展党员", "field": "text"},
    {"name": "纪检", "category": "党群/纪检", "match": "/纪(律)?检(查)?/", "field": "title"},
    {"name": "教学", "category": "教学", "match": "教学", "field": "any"},
]


def test_first_matching_rule_sets_the_category():
    found = guess(
        "关于做好发展党员工作的通知\n\n各支部：请做好发展党员工作。", rules=RULES, folders=["收文"]
    )
    assert found["category"].value == ["党群", "组织"]
    assert found["category"].source == "rule:组织"
    by_regex = guess("学院纪律检查工作要点\n\n全年工作安排如下。", rules=RULES)
    assert by_regex["category"].value == ["党群", "纪检"]
    by_title_any = guess("本科教学工作总结\n\n全年工作回顾如下。", rules=RULES)
    assert by_title_any["category"].value == ["教学"]


def test_without_a_matching_rule_the_folders_give_the_category():
    found = guess("工会活动安排\n\n春季健步走。", rules=RULES, folders=["2023年", "行政", "工会"])
    assert found["category"].value == ["行政", "工会"]
    assert found["category"].source == "folder"


def test_a_bad_regex_rule_is_ignored_not_fatal():
    rules = [{"name": "坏", "category": "X", "match": "/([/", "field": "any"}, *RULES]
    found = guess("本科教学工作总结\n\n内容。", rules=rules)
    assert found["category"].value == ["教学"]


def test_keywords_from_the_text_or_the_properties():
    text = "关于印发办法的通知\n\n正文。\n\n主题词：教学　管理　办法\n"
    assert guess(text)["keywords"].value == "教学,管理,办法"
    props = guess("正文。", properties={"keywords": "党建；考核, 述职"})
    assert props["keywords"].value == "党建,考核,述职"
    assert props["keywords"].guessed


def test_minutes_numbered_without_an_agency_code():
    text = "院长办公会议纪要\n\n〔2023〕3号\n\n学院办公室编\n\n会议研究了以下事项。"
    got = {k: g.value for k, g in guess(text).items()}
    assert got["title"] == "院长办公会议纪要"
    assert got["doc_number"] == "〔2023〕3号"
    assert got["year"] == 2023
    assert got["doc_type"] == "会议纪要"


def test_year_from_the_title_when_nothing_else_dates_the_document():
    found = guess("生命学院2022年度党建工作总结\n\n一年来，学院党委坚持从严治党，成效明显。")
    assert found["year"].value == 2022
    assert found["year"].guessed
    assert "date" not in found


def test_meeting_record_written_as_a_table():
    text = (
        "党总支支委会会议记录\n"
        "会议时间\t2023年4月12日 14:30\t会议地点\t学院会议室\n"
        "主持人\t刘洋\t记录人\t陈静\n"
        "出席人员\t刘洋、王芳、赵强\n"
        "会议议题\t研究发展对象人选\n"
        "会议内容\t支部书记通报了发展对象的考察情况。\n"
    )
    got = {k: g.value for k, g in guess(text).items()}
    assert got["meeting_time"] == "2023年4月12日 14:30"
    assert got["meeting_place"] == "学院会议室"
    assert got["meeting_chair"] == "刘洋"
    assert got["meeting_recorder"] == "陈静"
    assert got["meeting_attendees"] == "刘洋、王芳、赵强"
    assert got["meeting_agenda"] == "研究发展对象人选"
    assert got["date"] == "2023-04-12"


def test_a_schedule_table_in_a_notice_gives_no_meeting_fields():
    text = "关于举办教学比赛的通知\n\n时间\t地点\t内容\n5月8日\t报告厅\t初赛\n\n请各单位组织报名。"
    assert not any(k.startswith("meeting_") for k in guess(text))


def test_windows_line_ends_do_not_leak_into_values():
    found = guess(MEETING.replace("\n", "\r\n"))
    assert found["meeting_chair"].value == "张明"
    assert found["meeting_agenda"].value == "1.传达学习上级会议精神\n2.研究2023年党建工作要点"
    assert found["title"].value == "生命科学学院党委会会议记录"


def test_a_title_citing_a_doc_number_is_still_the_title():
    text = "关于转发湘教发〔2022〕8号文件的通知\n\n各学院：\n\n现将文件转发给你们，请遵照执行。"
    found = guess(text)
    assert found["title"].value == "关于转发湘教发〔2022〕8号文件的通知"
    assert "doc_number" not in found
