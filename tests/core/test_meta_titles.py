"""Titles carry no markup; 文种 is read from the title's end form, not any substring."""

from __future__ import annotations

import pytest

from core.ingest.describe import guess_metadata
from core.ingest.extract.base import Extracted
from core.ingest.meta.fields import doc_type_of

BODY = "根据学校工作安排，现将有关事项通知如下，请各单位认真贯彻落实。\n" * 5


def _title(text: str) -> str:
    got = guess_metadata(
        Extracted(text=text, format="txt", extractor="text"), filename="x.txt", folders=[]
    )
    return got["title"].value


@pytest.mark.parametrize(
    "head",
    [
        "### 关于做好2024年招生工作的通知",
        "<!-- 模板：通知 -->\n关于做好2024年招生工作的通知",
        "<!-- 模板 -->关于做好2024年招生工作的通知",
        "**关于做好2024年招生工作的通知**",
    ],
)
def test_titles_never_carry_markup(head):
    assert _title(head + "\n" + BODY) == "关于做好2024年招生工作的通知"


def test_a_short_headline_may_end_with_a_question_mark():
    assert (
        _title("女童眼睛被塞几十片纸，这是怎么回事？\n" + BODY)
        == "女童眼睛被塞几十片纸，这是怎么回事？"
    )


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("某某行政协议案", None),
        ("关于提请审议某某条例草案的议案", "议案"),
        ("关于商请支持实习基地建设的函", "函"),
        ("某区财政局2023年部门预算", "预算"),
        ("洪泽区人民政府2023年政府信息公开工作年度报告", "年度报告"),
        ("福州大学学生手册编写规范", "规范"),
        ("2022年第3次党委会会议纪要", "会议纪要"),
        ("课题组第5次例会会议记录", "会议记录"),
    ],
)
def test_doc_type_from_the_end_form(title, doc_type):
    assert doc_type_of(title) == doc_type


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [("2023年第2次党委会纪要", "会议纪要"), ("课题组第2次组会纪要", "会议纪要")],
)
def test_minutes_are_meeting_minutes(title, doc_type):
    text = f"{title}\n时间：2023年3月1日\n地点：会议室\n主持人：书记\n" + BODY
    got = guess_metadata(
        Extracted(text=text, format="txt", extractor="text"), filename="x.txt", folders=[]
    )
    assert got["doc_type"].value == doc_type
