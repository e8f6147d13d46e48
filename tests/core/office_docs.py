"""Generated 公文 and meeting records in the layouts other offices use (for test_meta_offices)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

BODY = "根据上级有关要求，结合本单位实际，现将有关事项通知如下，请认真贯彻执行。"
BODY_DATES = "截至2023年6月30日，共完成项目12个；统计期为2022年1月1日至2022年12月31日。"
RULE = "————————————————————"


@dataclass
class Doc:
    """One generated document: how it is laid out and what must be read from it."""

    name: str  # file name (its suffix picks the writer: .docx, .txt, .pdf)
    lines: list[str]  # paragraphs; "|"-separated rows in `table`
    expect: dict  # field → value (None: the field must be absent)
    table: list[list[str]] = field(default_factory=list)  # a Word table placed at `table_at`
    table_at: int = 1
    created: dt.datetime | None = None  # docx core property


def official() -> list[Doc]:
    """公文: red headers, 文号 lines, rules, two-line titles, sign-offs, 版记."""
    return [
        Doc(
            "福大教通知.docx",
            ["福州大学文件", "福大教〔2019〕37号", RULE, "福州大学关于印发《福州大学本科生",
             "学籍管理规定》的通知", "各学院：", BODY * 3, "福州大学", "2019年3月15日",
             "抄送：校领导", "福州大学校长办公室        2019年3月18日印发"],
            {"title": "福州大学关于印发《福州大学本科生学籍管理规定》的通知",
             "date": "2019-03-15", "issuer": "福州大学", "doc_type": "通知",
             "doc_number": "福大教〔2019〕37号", "year": 2019},
        ),
        Doc(
            "教育局通知.docx",
            ["某市教育局文件", "某教发〔2024〕12号", "关于做好2024年暑期安全工作的通知",
             "各区县教育局：", BODY * 3, "2024年7月20日", "（此件主动公开）",
             "某市教育局办公室            2024年7月25日印发"],
            {"title": "关于做好2024年暑期安全工作的通知", "date": "2024-07-20",
             "issuer": "某市教育局", "doc_type": "通知"},
        ),
        Doc(
            "只有版记.txt",
            ["某县农业农村局文件", "关于开展春季农业生产检查的通知", "各乡镇：", BODY * 3,
             "例如2024年5月1日前完成自查。", "抄送：县政府办", "某县农业农村局办公室  2024年3月8日印发"],
            {"title": "关于开展春季农业生产检查的通知", "date": "2024-03-08",
             "issuer": "某县农业农村局", "doc_type": "通知"},
        ),
        Doc(
            "年度报告.txt",
            ["洪泽区人民政府2023年政府信息公开工作年度报告", BODY_DATES, BODY * 3],
            {"title": "洪泽区人民政府2023年政府信息公开工作年度报告", "date": None,
             "year": 2023, "issuer": "洪泽区人民政府", "doc_type": "年度报告"},
        ),
        Doc(
            "部门预算.docx",
            ["2024年部门预算公开说明", "预算主管部门：某区教育局", BODY_DATES, BODY * 3],
            {"title": "2024年部门预算公开说明", "date": None, "issuer": "某区教育局",
             "year": 2024},
        ),
        Doc(
            "文号在括号里.txt",
            ["福州大学关于印发研究生奖助学金管理办法的通知", "（福大研〔2019〕21号）",
             "各学院：", BODY * 3, "福州大学", "2019年9月2日"],
            {"title": "福州大学关于印发研究生奖助学金管理办法的通知",
             "doc_number": "福大研〔2019〕21号", "date": "2019-09-02", "issuer": "福州大学"},
        ),
        Doc(
            "横线粘连.docx",
            ["某某大学文件", "某大校〔2022〕5号", RULE + "关于印发某某大学科研经费管理办法的通知",
             "各单位：", BODY * 3, "某某大学", "2022年5月6日"],
            {"title": "关于印发某某大学科研经费管理办法的通知", "date": "2022-05-06",
             "issuer": "某某大学", "doc_type": "通知"},
        ),
        Doc(
            "学会章程.txt",
            ["中国某某学会章程", "第一章　总则", "第一条　本会名称为中国某某学会。" + BODY,
             "第二条　本会是学术性社会团体。" + BODY_DATES],
            {"title": "中国某某学会章程", "date": None, "doc_type": "章程",
             "issuer": "中国某某学会"},
        ),
        Doc(
            "答辩规则.docx",
            ["某某大学研究生学位论文答辩规则", "第一条　为规范答辩工作，制定本规则。", BODY_DATES],
            {"title": "某某大学研究生学位论文答辩规则", "date": None, "doc_type": "规则",
             "issuer": "某某大学"},
        ),
        Doc(
            "例子日期.txt",
            ["关于开展2023年教学检查的通知", "各系部：", BODY + "请于2023年5月1日前提交材料。",
             BODY * 2, "某某学院教务处", "2023年4月10日"],
            {"title": "关于开展2023年教学检查的通知", "date": "2023-04-10",
             "issuer": "某某学院教务处"},
        ),
        Doc(
            "统计报告.docx",
            ["关于2022年度统计数据的报告", BODY_DATES, BODY * 3],
            {"title": "关于2022年度统计数据的报告", "date": None, "year": 2022,
             "doc_type": "报告"},
        ),
        Doc(
            "两行标题.txt",
            ["某某大学关于进一步加强", "实验室安全管理工作的意见", "各学院：", BODY * 3,
             "某某大学", "2021年11月3日"],
            {"title": "某某大学关于进一步加强实验室安全管理工作的意见", "date": "2021-11-03",
             "doc_type": "意见", "issuer": "某某大学"},
        ),
        Doc(
            "党委通知.docx",
            ["中共某某学院委员会文件", "关于召开2023年度组织生活会的通知", "各党支部：",
             BODY * 3, "中共某某学院委员会", "二〇二三年十二月二十八日"],
            {"title": "关于召开2023年度组织生活会的通知", "date": "2023-12-28",
             "issuer": "中共某某学院委员会", "doc_type": "通知"},
        ),
        Doc(
            "活动方案.txt",
            ["2023年校园文化艺术节活动方案", "主办单位：某某大学团委", "承办单位：艺术学院",
             BODY * 3],
            {"title": "2023年校园文化艺术节活动方案", "issuer": "某某大学团委",
             "doc_type": "方案", "date": None, "year": 2023},
        ),
        Doc(
            "模板落款.docx",
            ["关于申报2024年教改项目的通知", "各学院：", BODY * 3, "附件：申报书",
             "单位（盖章）：", "年    月    日"],
            {"title": "关于申报2024年教改项目的通知", "date": None, "issuer": None},
        ),
        Doc(
            "属性日期.docx",
            ["学院实验室管理制度", BODY * 3],
            {"title": "学院实验室管理制度", "date": None, "doc_type": "制度"},
            created=dt.datetime(2020, 1, 1, 8, 0),
        ),
        Doc(
            "20221211工作简报.txt",
            ["学院工作简报", BODY * 3],
            {"title": "学院工作简报", "date": "2022-12-11", "doc_type": "简报"},
        ),
        Doc(
            "政府通知.pdf",
            ["某某区人民政府文件", "某政发〔2023〕8号", "关于印发某某区2023年民生实事项目的通知",
             "各街道办事处：", BODY * 3, "某某区人民政府", "2023年2月14日",
             "某某区人民政府办公室  2023年2月16日印发"],
            {"title": "关于印发某某区2023年民生实事项目的通知", "date": "2023-02-14",
             "issuer": "某某区人民政府", "doc_type": "通知"},
        ),
        Doc(
            "批复.ofd",
            ["某某省教育厅", "某教复〔2022〕15号", "关于同意某某学院设置本科专业的批复",
             "某某学院：", "你院《关于申请增设本科专业的请示》收悉。经研究，同意设置。" + BODY,
             "某某省教育厅", "2022年6月30日"],
            {"title": "关于同意某某学院设置本科专业的批复", "date": "2022-06-30",
             "issuer": "某某省教育厅", "doc_type": "批复", "doc_number": "某教复〔2022〕15号"},
        ),
        Doc(
            "县委办通知.docx",
            ["中共某某县委办公室文件", "某办发〔2021〕30号", "关于印发《某某县2021年乡村振兴",
             "重点工作任务》的通知", "各乡镇党委：", BODY * 3, "中共某某县委办公室", "2021年4月2日",
             "中共某某县委办公室                2021年4月6日印发"],
            {"title": "关于印发《某某县2021年乡村振兴重点工作任务》的通知", "date": "2021-04-02",
             "issuer": "中共某某县委办公室", "doc_type": "通知"},
        ),
        Doc(
            "决算说明.txt",
            ["某某大学2022年度决算说明", "一、基本情况", BODY_DATES, BODY * 2],
            {"title": "某某大学2022年度决算说明", "date": None, "issuer": "某某大学", "year": 2022},
        ),
        Doc(
            "联合落款.txt",
            ["关于表彰2022年度先进集体和先进个人的决定", "各单位：", BODY * 3,
             "中国共产党某某大学委员会", "某某大学", "2023年1月9日"],
            {"title": "关于表彰2022年度先进集体和先进个人的决定", "date": "2023-01-09",
             "doc_type": "决定"},
        ),
        Doc(
            "工作总结.txt",
            ["学生会工作总结", BODY_DATES, BODY * 3],
            {"title": "学生会工作总结", "date": None, "doc_type": "工作总结"},
        ),
        Doc(
            "放假通知.docx",
            ["关于2023年暑假放假安排的通知", "全校师生：", "根据校历，2023年暑假自7月10日开始。" + BODY,
             "学校办公室", "2023年6月20日"],
            {"title": "关于2023年暑假放假安排的通知", "date": "2023-06-20", "issuer": "学校办公室"},
        ),
        Doc(
            "信函格式.pdf",
            ["某某大学党委组织部", "关于开展2022年度党员民主评议工作的通知", "各二级党组织：",
             BODY * 3, "附件：1.民主评议表", "2022年12月5日"],
            {"title": "关于开展2022年度党员民主评议工作的通知", "date": "2022-12-05",
             "issuer": "某某大学党委组织部"},
        ),
        Doc(
            "批复文号在下.ofd",
            ["某某市人民政府", "关于同意设立某某公园的批复", "某政复〔2023〕3号", "市园林局：",
             BODY * 2, "某某市人民政府", "2023年4月4日"],
            {"title": "关于同意设立某某公园的批复", "date": "2023-04-04", "issuer": "某某市人民政府",
             "doc_type": "批复", "doc_number": "某政复〔2023〕3号"},
        ),
        Doc(
            "表格纵排.docx",
            ["会议记录", BODY],
            {"title": "会议记录", "meeting_time": "2020年5月8日上午", "meeting_place": "会议室",
             "meeting_chair": "院长", "date": "2020-05-08", "meeting_recorder": "办公室主任"},
            table=[["会议名称", "院务会"], ["时    间", "2020年5月8日上午"], ["地    点", "会议室"],
                   ["主 持 人", "院长"], ["出席人员", "院领导班子成员"], ["记 录 人", "办公室主任"]],
        ),
    ]  # fmt: skip


def meetings() -> list[Doc]:
    """会议记录 and 会议纪要: fields in tables, spaced and variant labels, multi-meeting logs."""
    return [
        Doc(
            "组会记录.docx",
            ["课题组第3次组会会议记录", "一、讨论了实验进度。" + BODY],
            {"title": "课题组第3次组会会议记录", "doc_type": "会议记录", "date": "2022-07-18",
             "meeting_time": "2022年7月18日", "meeting_place": "理科楼301",
             "meeting_chair": "张三", "meeting_recorder": "李四"},
            table=[["时间", "2022年7月18日", "地点", "理科楼301"],
                   ["主持人", "张三", "记录人", "李四"],
                   ["参会人员", "张三、李四、王五"]],
        ),
        Doc(
            "评审会.docx",
            ["会议议定如下：" + BODY, BODY],
            {"title": "某某项目设计评审会议记录", "doc_type": "会议记录", "date": "2023-04-11",
             "meeting_place": "行政楼二楼会议室", "meeting_chair": "赵六"},
            table=[["某某项目设计评审会议记录"],
                   ["会议时间", "2023年4月11日上午9:00"],
                   ["会议地点", "行政楼二楼会议室"],
                   ["会议主持", "赵六"],
                   ["与会人员", "赵六、钱七、孙八"]],
            table_at=0,
        ),
        Doc(
            "空格标签.docx",
            ["党支部委员会会议记录", "时　　间：2023年3月2日下午", "地　　点：党员活动室",
             "主 持 人：王书记", "记 录 人：刘某", "参会人员：全体支委", "会议内容：",
             "一、学习文件。" + BODY],
            {"title": "党支部委员会会议记录", "doc_type": "会议记录", "date": "2023-03-02",
             "meeting_place": "党员活动室", "meeting_chair": "王书记",
             "meeting_recorder": "刘某"},
        ),
        Doc(
            "变体标签.txt",
            ["教研室例会记录", "起始时间：2023-05-06 14:00", "结束时间：2023-05-06 16:00",
             "会议主持：王五", "参会人员：教研室全体教师", "会议记录：陈某",
             "内容：讨论期末考试安排。" + BODY],
            {"title": "教研室例会记录", "date": "2023-05-06", "meeting_chair": "王五",
             "meeting_attendees": "教研室全体教师", "meeting_recorder": "陈某"},
        ),
        Doc(
            "与会人员.txt",
            ["学院学术委员会会议记录", "会议时间：2021年9月1日", "会议地点：学院会议室",
             "与会人员：张教授、李教授", "记录人：秘书", BODY * 2],
            {"title": "学院学术委员会会议记录", "date": "2021-09-01",
             "meeting_attendees": "张教授、李教授", "doc_type": "会议记录"},
        ),
        Doc(
            "办公会纪要.docx",
            ["2023年第5次校长办公会会议纪要", "〔2023〕5号", "2023年5月10日，校长在行政楼主持召开办公会。",
             BODY * 3, "校长办公室", "2023年5月12日"],
            {"title": "2023年第5次校长办公会会议纪要", "doc_type": "会议纪要",
             "date": "2023-05-12", "issuer": "校长办公室"},
        ),
        Doc(
            "无日期例会.txt",
            ["课题组例会记录", "时间：每周三下午", "地点：实验室", "主持人：导师", "记录人：学生甲",
             BODY],
            {"title": "课题组例会记录", "date": None, "meeting_chair": "导师"},
        ),
        Doc(
            "多次会议.docx",
            ["2023年课题组会议记录", "第一次会议", "时间：2023年3月1日", "地点：实验楼",
             "主持人：导师", BODY, "第二次会议", "时间：2023年3月15日", "地点：实验楼",
             "主持人：导师", BODY],
            {"title": "2023年课题组会议记录", "date": "2023-03-01",
             "meeting_time": "2023年3月1日", "doc_type": "会议记录",
             "remarks": "含2次会议：2023-03-01、2023-03-15"},
        ),
        Doc(
            "支委会记录.pdf",
            ["第一党支部支委会会议记录", "会议时间：2024年1月9日", "会议地点：党员之家",
             "主持人：支部书记", "记录人：组织委员", "参会人员：全体支委", BODY * 2],
            {"title": "第一党支部支委会会议记录", "date": "2024-01-09",
             "meeting_place": "党员之家", "meeting_recorder": "组织委员",
             "doc_type": "会议记录"},
        ),
        Doc(
            "讲座记录.txt",
            ["学术讲座记录", "时间：2022年10月20日", "地点：图书馆报告厅", "主讲：王教授",
             "参加人员：研究生", "内容：人工智能的发展", BODY],
            {"title": "学术讲座记录", "date": "2022-10-20", "meeting_place": "图书馆报告厅"},
        ),
        Doc(
            "纪要表格.docx",
            ["项目推进会会议纪要", "会议议定：" + BODY, BODY, "项目办公室", "2022年8月3日"],
            {"title": "项目推进会会议纪要", "doc_type": "会议纪要", "date": "2022-08-03",
             "meeting_place": "3号会议室"},
            table=[["时间", "2022年8月1日", "地点", "3号会议室"], ["主持", "项目经理"]],
        ),
        Doc(
            "党委会纪要.pdf",
            ["中共某某学院委员会", "党委会会议纪要", "〔2023〕3号", "2023年3月6日，党委书记主持召开党委会。",
             BODY * 2, "中共某某学院委员会办公室", "2023年3月8日"],
            {"title": "中共某某学院委员会党委会会议纪要", "doc_type": "会议纪要", "date": "2023-03-08"},
        ),
        Doc(
            "例会纪要.docx",
            ["项目例会纪要", BODY * 2],
            {"title": "项目例会纪要", "meeting_place": "二号楼205", "meeting_chair": "项目负责人",
             "meeting_recorder": "小王", "date": "2021-11-05"},
            table=[["会议时间", "2021年11月5日 14:30", "会议地点", "二号楼205"],
                   ["主 持 人", "项目负责人", "记 录 人", "小王"], ["参会人员", "项目组全体成员"]],
        ),
        Doc(
            "研究生组会.docx",
            ["研究生组会记录", "时间：2022年11月2日 19:00-21:00", "地点：腾讯会议", "主持：导师",
             "参与人员：全体研究生", "记录：学生乙", "一、汇报进展。" + BODY],
            {"title": "研究生组会记录", "date": "2022-11-02", "meeting_place": "腾讯会议",
             "meeting_chair": "导师", "meeting_recorder": "学生乙",
             "meeting_attendees": "全体研究生"},
        ),
    ]  # fmt: skip


def write(doc: Doc, folder: Path) -> Path:
    """The document written in the format its name asks for."""
    path = folder / doc.name
    if path.suffix == ".docx":
        _docx(doc, path)
    elif path.suffix == ".ofd":
        _ofd(doc, path)
    elif path.suffix == ".pdf":
        _pdf(doc, path)
    else:
        path.write_text("\n".join(doc.lines) + "\n", encoding="utf-8")
    return path


def _ofd(doc: Doc, path: Path) -> None:
    """A one-page OFD: one text object per line, 8 mm apart (as a 版式 converter writes them)."""
    import html
    import zipfile

    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    objects = "".join(
        f'<ofd:TextObject ID="{i}" Boundary="20 {20 + 8 * i} 170 6" Font="1" Size="5">'
        f'<ofd:TextCode X="0" Y="5">{html.escape(line)}</ofd:TextCode></ofd:TextObject>'
        for i, line in enumerate(doc.lines, start=1)
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "OFD.xml",
            f'{head}<ofd:OFD {ns} Version="1.0"><ofd:DocBody><ofd:DocInfo></ofd:DocInfo>'
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f'{head}<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" '
            'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        )
        zf.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f'{head}<ofd:Page {ns}><ofd:Content><ofd:Layer ID="0">{objects}'
            "</ofd:Layer></ofd:Content></ofd:Page>",
        )


def _docx(doc: Doc, path: Path) -> None:
    import docx

    document = docx.Document()
    lines = list(doc.lines)
    for i, line in enumerate(lines + [None]):
        if doc.table and i == doc.table_at:
            width = max(len(row) for row in doc.table)
            table = document.add_table(rows=len(doc.table), cols=width)
            for r, row in enumerate(doc.table):
                if len(row) == 1 and width > 1:
                    table.cell(r, 0).merge(table.cell(r, width - 1))
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        if line is not None:
            document.add_paragraph(line)
    if doc.created:
        document.core_properties.created = doc.created
    document.save(str(path))


def _pdf(doc: Doc, path: Path) -> None:
    """Painted by Qt (as a clerk's 打印成PDF would): one paragraph per line."""
    import html

    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from ui.pdf_render import cjk_family

    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                    QMarginsF(20, 20, 20, 20))
    )  # fmt: skip
    text = QTextDocument()
    text.setDefaultFont(QFont(cjk_family() or "", 11))
    text.setHtml("".join(f"<p>{html.escape(line)}</p>" for line in doc.lines))
    text.setPageSize(QSizeF(writer.width(), writer.height()))
    text.print_(writer)
