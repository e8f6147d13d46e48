"""Whole documents in, the fields a clerk would otherwise type by hand out."""

from pathlib import Path

import pytest

from core.ingest.describe import guess_metadata, same_issuer
from core.ingest.extract.base import Extracted

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
SAMPLE = CORPUS / "samples" / "college-party-report-2022.txt"

# Same shape as the college web page: menu, breadcrumb, title broken by a space,
# 信息来源/发布日期 line, body, sign-off indented with no-break spaces.
WEB_PAGE = """党建引领

制度公开

当前位置: 首页 > 党建引领 > 制度公开

中共湖南示范学院机械工程学院 委员会2023年度党建工作自评报告

信息来源: 发布日期:2024-01-05

2023年学院党委以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，扎实推进各项工作，于2023年6月1日召开专题会议。

一、主要做法与成效

（一）加强政治建设

1.坚持“第一议题”制度。全年组织理论学习中心组学习12次。

\xa0 \xa0 \xa0 \xa0 \xa0 \xa0 中共湖南示范学院机械工程学院委员会

\xa0 \xa0 \xa0 \xa0 \xa0 \xa0 \xa0 \xa0 2023年12月28日
"""

NOTICE = """中共湖南示范学院委员会文件

湘示院党发〔2022〕12号

中共湖南示范学院委员会
关于开展2022年度基层党组织书记
抓党建述职评议考核工作的通知

各二级党组织：

根据上级党委要求，现将2022年度述职评议考核工作有关事项通知如下。

一、考核对象

各二级党组织书记。

特此通知。

附件：述职评议考核测评表

中共湖南示范学院委员会

二〇二二年十二月五日

（此件公开发布）

抄送：校纪委。

湖南示范学院党委办公室                    2022年12月6日印发
"""


def guess(text, filename="doc.txt", folders=(), **kw):
    return guess_metadata(
        Extracted(text=text, format="txt", extractor="text", **kw),
        filename=filename,
        folders=list(folders),
    )


def values(found):
    return {k: g.value for k, g in found.items()}


def test_web_page_gives_report_title_signing_date_issuer_and_breadcrumb_category():
    got = values(guess(WEB_PAGE, filename="page.html", folders=["网页"]))
    assert got["title"] == "中共湖南示范学院机械工程学院委员会2023年度党建工作自评报告"
    assert got["date"] == "2023-12-28"
    assert got["published_date"] == "2024-01-05"
    assert got["year"] == 2023
    assert got["issuer"] == "中共湖南示范学院机械工程学院委员会"
    assert got["doc_type"] == "自评报告"
    assert got["category"] == ["党建引领", "制度公开"]


@pytest.mark.corpus
@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/corpus is absent")
def test_the_real_college_page():
    found = guess(SAMPLE.read_text(encoding="utf-8"), filename=SAMPLE.name, folders=["samples"])
    got = values(found)
    assert got["title"] == "中共湖南工业大学生命科学与化学学院委员会2022年度党建工作自评报告"
    assert got["date"] == "2022-12-11"
    assert got["published_date"] == "2022-12-13"
    assert got["year"] == 2022
    assert got["issuer"] == "中共湖南工业大学生命科学与化学学院委员会"
    assert got["doc_type"] == "自评报告"
    assert got["category"] == ["党建引领", "制度公开"]
    assert found["date"].source == "text:signoff" and not found["date"].guessed


def test_wrapped_notice_title_with_doc_number_and_signoff():
    found = guess(NOTICE, filename="12号文.docx", folders=["2022", "党委发文"])
    got = values(found)
    assert got["title"] == (
        "中共湖南示范学院委员会关于开展2022年度基层党组织书记抓党建述职评议考核工作的通知"
    )
    assert got["doc_number"] == "湘示院党发〔2022〕12号"
    assert got["date"] == "2022-12-05"  # the signing date, not the 印发 date below it
    assert got["year"] == 2022
    assert got["issuer"] == "中共湖南示范学院委员会"
    assert got["doc_type"] == "通知"
    assert got["category"] == ["党委发文"]  # the year folder is not a class


def test_red_header_gives_the_issuer_when_there_is_no_signoff():
    text = "湖南示范学院文件\n\n湘示院发〔2021〕7号\n\n关于调整校历的通知\n\n各单位：\n\n校历调整如下。"
    got = values(guess(text))
    assert got["issuer"] == "湖南示范学院"
    assert got["title"] == "关于调整校历的通知"
    assert got["year"] == 2021  # from the 文号, no date anywhere


def test_filename_date_outranks_dates_in_the_body_and_title_drops_it():
    text = "# 人体损伤程度鉴定标准\n\n<!-- INFO END -->\n\n本标准于2013年8月30日发布。"
    found = guess(text, filename="人体损伤程度鉴定标准(2014-01-01).md", folders=["其他"])
    assert found["date"].value == "2014-01-01" and found["date"].source == "filename"
    assert found["title"].value == "人体损伤程度鉴定标准"
    no_heading = guess("", filename="人体损伤程度鉴定标准(2014-01-01).md")
    assert no_heading["title"].value == "人体损伤程度鉴定标准"
    assert no_heading["title"].source == "filename"


def test_title_falls_back_to_the_format_title_then_the_file_name():
    body = "根据工作安排，现将有关情况报告如下，请审阅。" * 6
    found = guess(body, filename="情况汇报.docx", title="2021年招生工作情况汇报")
    assert found["title"].value == "2021年招生工作情况汇报"
    assert guess(body, filename="情况汇报.docx")["title"].value == "情况汇报"


def test_a_document_that_states_no_date_gets_none_only_a_suggestion():
    body = "学院召开了会议。" * 20
    from_props = guess(body, properties={"created": "2021-09-01T08:00:00Z"})
    assert "date" not in from_props and "year" not in from_props
    assert from_props["date_suggestion"].value == "2021-09-01"
    from_mtime = guess_metadata(
        Extracted(text=body, format="txt", extractor="text"),
        filename="a.txt",
        folders=["收文", "2019-2020学年"],
        file_mtime="2020-05-06T10:00:00",
    )
    assert "date" not in from_mtime
    assert from_mtime["date_suggestion"].value == "2020-05-06"
    assert from_mtime["year"].value == 2019 and from_mtime["year"].source == "folder"
    # a date in the running text (an event, a cut-off) is not the document's own date
    first = guess("学院于2019年4月3日召开会议，研究招生工作。" * 3)
    assert "date" not in first


@pytest.mark.parametrize("folder", ["2019", "2019年", "2019年度", "2019-2020学年"])
def test_year_from_the_folder_not_the_file_time(folder):
    found = guess_metadata(
        Extracted(text="学院召开了会议。" * 20, format="txt", extractor="text"),
        filename="a.txt",
        folders=["党办", folder],
        file_mtime="2026-05-06T10:00:00",
    )
    assert found["year"].value == 2019 and "date" not in found


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("XX学院2022年度党建工作总结", "工作总结"),
        ("中共XX学院委员会2022年度党建工作自评报告", "自评报告"),
        ("关于申请增设实验室的请示", "请示"),
        ("2023年第3次党委会会议纪要", "会议纪要"),
        ("学院科研经费管理办法（试行）", "办法"),
        ("关于同意设立研究所的批复", "批复"),
        ("XX学院2023年工作要点", "工作要点"),
    ],
)
def test_doc_type_is_the_longest_ending_of_the_title(title, doc_type):
    assert guess(f"{title}\n\n正文内容如下，请遵照执行。")["doc_type"].value == doc_type


def test_same_issuer_knows_party_committee_names():
    assert same_issuer("中共湖南工业大学委员会", "湖南工业大学党委")
    assert same_issuer("中国共产党湖南工业大学委员会", "中共湖南工业大学委员会")
    assert same_issuer("中共湖南工业大学纪律检查委员会", "湖南工业大学纪委")
    assert not same_issuer("中共湖南工业大学委员会", "湖南工业大学")
    assert not same_issuer("湖南工业大学党委", "湖南工业大学纪委")
    assert not same_issuer(None, "湖南工业大学党委")


def test_signoff_is_found_above_a_long_attachment():
    attachment = "\n\n".join(f"{i}. 第{i}项考核内容及评分标准，满分10分。" for i in range(1, 80))
    text = (
        "关于印发考核办法的通知\n\n各单位：\n\n现将考核办法印发给你们，请遵照执行。\n\n"
        "附件：考核评分表\n\n湖南示范学院人事处\n\n2021年9月3日\n\n附件\n\n考核评分表\n\n"
        "（截至2021年8月31日）\n\n" + attachment
    )
    got = values(guess(text))
    assert got["date"] == "2021-09-03"
    assert got["issuer"] == "湖南示范学院人事处"


def test_menu_lines_without_a_breadcrumb_do_not_become_the_title():
    text = "首页\n学院概况\n党建引领\n学院召开2023年度迎新工作部署会\n发布时间：2023-09-01 浏览次数：120\n9月1日上午，学院召开迎新工作部署会，全体教职工参加。"
    got = values(guess(text))
    assert got["title"] == "学院召开2023年度迎新工作部署会"
    assert got["date"] == "2023-09-01" and got["published_date"] == "2023-09-01"
    menu_then_notice = "党建引领\n关于召开2023年度民主生活会的通知\n各党支部：\n请按要求准备。"
    assert guess(menu_then_notice)["title"].value == "关于召开2023年度民主生活会的通知"


def test_masthead_and_title_lines_are_joined():
    text = "湖南示范学院\n2022年度工作总结\n\n2022年，学院坚持以立德树人为根本任务，各项事业取得新进展。"
    assert guess(text)["title"].value == "湖南示范学院2022年度工作总结"
    noted = "学院科研经费管理办法\n（试行）\n\n第一条 为规范科研经费管理，制定本办法。"
    got = values(guess(noted))
    assert got["title"] == "学院科研经费管理办法（试行）"
    assert got["doc_type"] == "办法"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("Microsoft Word - 2021年招生工作情况汇报.doc", "2021年招生工作情况汇报"),
        ("文档1", "情况汇报"),
        ("无标题", "情况汇报"),
        ("Document", "情况汇报"),
    ],
)
def test_placeholder_format_titles_are_not_used(declared, expected):
    body = "根据工作安排，现将有关情况报告如下，请审阅。" * 6
    assert guess(body, filename="情况汇报.docx", title=declared)["title"].value == expected


def test_pdf_page_numbers_below_the_signoff_are_skipped():
    signed = "中共湖南示范学院委员会\n\n二〇二二年十二月五日"
    page_break = "中共湖南示范学院委员会\n— 1 —\n二〇二二年十二月五日"
    text = NOTICE.split("（此件")[0].replace(signed, page_break) + "\n— 2 —\n第 2 页 共 2 页\n"
    assert page_break in text
    got = values(guess(text))
    assert got["date"] == "2022-12-05"
    assert got["issuer"] == "中共湖南示范学院委员会"


def test_a_markdown_heading_is_kept_as_written():
    text = "# 最高人民法院 最高人民检察院关于办理案件的解释\n\n<!-- INFO END -->\n\n第一条 为依法办理案件，制定本解释。"
    got = values(guess(text, filename="解释.md"))
    assert got["title"] == "最高人民法院 最高人民检察院关于办理案件的解释"
    assert got["doc_type"] == "解释"
