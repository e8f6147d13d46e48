"""Write the bundled sample documents (texts written for this project; run once, commit the output).

uv run python resources/make_samples.py
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent / "samples"

SUMMARY = """湖南某职业学院化学工程系党总支
2022年度党建工作总结

2022年，系党总支坚持以习近平新时代中国特色社会主义思想为指导，认真落实全面从严治党要求，现将全年工作总结如下。
一、加强思想政治建设
全年组织中心组理论学习12次，开展“三会一课”48次，各支部按期召开组织生活会。
二、夯实基层组织
发展党员9名，预备党员转正11名，完成支部换届选举2个。
三、存在的不足与下一步打算
部分支部活动形式单一，下一步将结合专业建设开展主题党日活动。

化学工程系党总支
2022年12月20日"""

NOTICE = """湘某院党发〔2023〕5号
关于召开2023年度组织生活会的通知

各党支部：
根据上级党委工作安排，经研究，决定召开2023年度组织生活会。现将有关事项通知如下。
一、时间：2024年1月10日至1月20日
二、参加人员：全体党员
三、有关要求：各支部要认真开展谈心谈话，会前征求意见不少于10条。

中共某某学院委员会
2023年12月28日"""

MINUTES = """党委会会议记录
时间：2023年3月15日上午9:00
地点：行政楼三楼会议室
主持人：张明
出席人：张明、李华、王芳、赵强、陈静
列席人：刘洋（党政办公室）
缺席人：孙伟（出差）
记录人：周敏
议题：一、研究2023年度党建工作要点；二、讨论实验室安全专项检查方案。
会议内容：
一、会议审议通过了《2023年度党建工作要点》，要求各支部对照落实。
二、会议同意实验室安全专项检查方案，由保卫处牵头，4月底前完成。
散会。"""

NEWS_HTML = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>学院开展实验室安全检查-某某学院</title>
<style>body {{ font-family: sans-serif; }}</style>
<script>var nav = "首页";</script></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/xw">学院新闻</a> <a href="/dj">党建引领</a></div>
<div class="position">当前位置: 首页 &gt; 学院新闻</div>
<div class="article">
<h1>学院开展实验室安全检查</h1>
<p>发布日期:2023-04-26</p>
<p>4月25日，学院组织开展实验室安全专项检查，重点检查危险化学品存放、消防器材和用电安全。</p>
<p>检查组对发现的问题当场反馈，要求限期整改，确保实验室安全。</p>
</div>
<div class="footer">版权所有 某某学院</div>
</body></html>"""


def write_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    lines = SUMMARY.splitlines()
    doc.add_heading(lines[1], level=1)
    for line in lines[2:]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=3, cols=2)
    for row, (k, v) in zip(table.rows, [("项目", "次数"), ("三会一课", "48"), ("组织生活会", "6")]):
        row.cells[0].text, row.cells[1].text = k, v
    doc.core_properties.title = lines[1]
    doc.save(path)


def write_pdf(path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFont, QGuiApplication, QPageSize, QPdfWriter, QTextDocument

    app = QGuiApplication.instance() or QGuiApplication([])
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.A4))
    writer.setTitle("关于召开2023年度组织生活会的通知")
    doc = QTextDocument()
    doc.setDefaultFont(QFont("Noto Serif CJK SC", 12))
    doc.setPlainText(NOTICE)
    doc.print_(writer)
    del app


SCAN_LINES = [
    "档案室开放时间调整的说明",
    "自即日起档案室每周一至周五开放，",
    "查阅档案请携带有效证件。",
]


def write_scan(path: Path) -> None:
    """A small scanned-looking page for the self-test's OCR check (not one of the samples)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 30)
    image = Image.new("L", (760, 240), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(SCAN_LINES):
        draw.text((40, 40 + row * 56), line, font=font, fill=0)
    image.save(path, optimize=True)


def main() -> None:
    write_docx(HERE / "2022年度党建工作总结.docx")
    write_pdf(HERE / "关于召开2023年度组织生活会的通知.pdf")
    (HERE / "党委会会议记录2023年3月.txt").write_bytes(
        MINUTES.replace("\n", "\r\n").encode("gb18030")
    )
    (HERE / "学院新闻-实验室安全检查.html").write_bytes(
        NEWS_HTML.replace("{{", "{").replace("}}", "}").encode("gbk")
    )
    (HERE.parent / "selftest").mkdir(exist_ok=True)
    write_scan(HERE.parent / "selftest" / "扫描件-档案室开放时间.png")


if __name__ == "__main__":
    main()
