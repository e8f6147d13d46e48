"""Web pages: the main text without navigation, the title, the breadcrumb, any encoding."""

from __future__ import annotations

import codecs

from core.ingest.extract import extract_file

BODY = (
    "2022年学院党委以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党的二十大精神，"
    "以高质量党建引领学院在学科建设、科学研究、本科教学、团学育人等方面取得了很好的业绩。"
)
PAGE = f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>2022年度党建工作自评报告-生命科学与化学学院</title>
<script>var menu = "首页 学院概况 党建引领"; function nav() {{ return "脚本文字"; }}</script>
<style>.nav {{ color: red; }}</style>
</head><body>
<div class="header"><img src="logo.png"><div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/a">学院概况</a></li><li><a href="/b">党建引领</a></li>
<li><a href="/c">师资队伍</a></li><li><a href="/d">人才培养</a></li></ul></div></div>
<div class="main">
 <div class="left"><h3>党建引领</h3><ul><li><a href="/x">制度公开</a></li><li><a href="/y">支部风采</a></li></ul></div>
 <div class="right">
  <div class="dqwz"><span>当前位置：</span><a href="/">首页</a> &gt; <a href="/b">党建引领</a> &gt; <a href="/x">制度公开</a></div>
  <h1>中共某某学院委员会2022年度党建工作自评报告</h1>
  <div class="info">信息来源： 发布日期：2022-12-13</div>
  <div class="content">
   <p>{BODY}</p>
   <p>一、主要做法与成效</p>
   <p>（一）实施党建引领工程，发挥导航定向作用</p>
   <p>1.强化党建特色。学院党委继续实施“党建+共同体”模式，逐步实现党的基层组织与学科专业联建。</p>
  </div>
 </div>
</div>
<div class="footer">版权所有 某某大学 湘ICP备12345678号 地址：湖南省株洲市</div>
</body></html>"""


def test_gbk_page_gives_main_text_title_and_breadcrumb(tmp_path):
    path = tmp_path / "report.htm"
    path.write_bytes(PAGE.encode("gbk"))
    result = extract_file(path)
    assert result.format == "html"
    assert result.title == "2022年度党建工作自评报告-生命科学与化学学院"
    assert result.breadcrumb == ["党建引领", "制度公开"]
    assert BODY in result.text
    assert result.text.startswith("中共某某学院委员会2022年度党建工作自评报告")
    assert "发布日期：2022-12-13" in result.text
    for noise in ("脚本文字", "color", "师资队伍", "版权所有", "支部风采"):
        assert noise not in result.text


def test_page_without_extension_hint_is_sniffed_by_content(tmp_path):
    path = tmp_path / "download"
    path.write_bytes(PAGE.encode("gbk"))
    assert BODY in extract_file(path).text


def test_utf16_page_with_bom(tmp_path):
    page = PAGE.replace("charset=gb2312", "charset=utf-16")
    path = tmp_path / "page.html"
    path.write_bytes(codecs.BOM_UTF16_LE + page.encode("utf-16-le"))
    result = extract_file(path)
    assert BODY in result.text
    assert result.breadcrumb == ["党建引领", "制度公开"]


def test_utf8_page_mislabelled_gb2312_is_still_read_right(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode("utf-8"))
    assert BODY in extract_file(path).text


def test_article_element_wins_and_breadcrumb_class(tmp_path):
    page = """<html><head><meta charset="utf-8"><title>通知</title></head><body>
    <nav>首页 新闻 通知公告</nav>
    <ol class="breadcrumb"><li><a>首页</a></li><li><a>通知公告</a></li><li>正文</li></ol>
    <article><h2>关于开展档案整理工作的通知</h2><p>各单位：为做好年度档案整理工作，现将有关事项通知如下。</p></article>
    <aside>热点新闻 阅读排行</aside></body></html>"""
    path = tmp_path / "a.html"
    path.write_text(page, encoding="utf-8")
    result = extract_file(path)
    assert "现将有关事项通知如下" in result.text
    assert "关于开展档案整理工作的通知" in result.text
    assert "阅读排行" not in result.text and "新闻" not in result.text
    assert result.breadcrumb == ["通知公告", "正文"]


def test_table_cells_are_separated(tmp_path):
    page = """<html><body><table><tr><td>姓名</td><td>部门</td></tr>
    <tr><td>张三</td><td>党政办公室</td></tr></table></body></html>"""
    path = tmp_path / "t.html"
    path.write_text(page, encoding="utf-8")
    assert "张三\t党政办公室" in extract_file(path).text


def test_mht_archive_gives_the_html_part(tmp_path):
    html_part = PAGE.replace("charset=gb2312", "charset=gb2312").encode("gbk")
    import quopri

    encoded = quopri.encodestring(html_part).decode("ascii")
    mht = (
        "From: <Saved by Windows Internet Explorer 8>\r\n"
        "Subject: report\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----=_NextPart_000"\r\n\r\n'
        "This is a multi-part message in MIME format.\r\n\r\n"
        "------=_NextPart_000\r\n"
        'Content-Type: text/html; charset="gb2312"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: http://www.example.edu.cn/info/1.htm\r\n\r\n"
        f"{encoded}\r\n"
        "------=_NextPart_000--\r\n"
    )
    path = tmp_path / "report.mht"
    path.write_bytes(mht.encode("ascii"))
    result = extract_file(path)
    assert result.format == "mht"
    assert BODY in result.text
    assert result.breadcrumb == ["党建引领", "制度公开"]


def test_deeply_nested_hostile_page_does_not_crash(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><body>" + "<div>" * 5_000 + "深处的文字" + "</div>" * 10, encoding="utf-8"
    )
    assert "深处的文字" in extract_file(path).text


def _table_layout_page(title: str, info: str, paragraphs: list[str]) -> str:
    """An old-style college site: table layout, site name in an <h1>, side menu, footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<html><head><meta charset="gbk"><title>{title}-生命科学与化学学院</title></head><body>
<table width="1000"><tr><td><h1 class="logo">湖南工业大学生命科学与化学学院</h1></td>
<td><a href="/">首页</a> <a href="/1">学院概况</a> <a href="/2">党建引领</a> <a href="/3">招生就业</a></td></tr></table>
<table width="1000"><tr>
<td width="220" valign="top"><div class="lm">党建引领</div>
<a href="/a">制度公开</a><br><a href="/b">支部风采</a><br><a href="/c">理论学习</a></td>
<td valign="top">
<table><tr><td class="wz">当前位置: <a href="/">首页</a> &gt; <a href="/2">党建引领</a> &gt; <a href="/a">制度公开</a></td></tr></table>
<table><tr><td class="bt" align="center">{title}</td></tr>
<tr><td align="center">{info}</td></tr>
<tr><td class="zw">{body}</td></tr></table>
</td></tr></table>
<table><tr><td>Copyright 2022 湖南工业大学 地址：湖南省株洲市天元区泰山路88号 邮编：412007</td></tr></table>
</body></html>"""


def test_real_report_text_in_a_table_layout_page(tmp_path):
    from tests.core.extract.conftest import corpus_dir

    lines = [
        line.strip()
        for line in (corpus_dir("samples") / "college-party-report-2022.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    title = next(line for line in lines if "自评报告" in line)
    info = next(line for line in lines if line.startswith("信息来源"))
    body = lines[lines.index(info) + 1 :]
    page = _table_layout_page(title, info, body)
    path = tmp_path / "content.jsp"
    path.write_bytes(page.encode("gb18030"))
    result = extract_file(path)
    assert result.breadcrumb == ["党建引领", "制度公开"]
    text_lines = result.text.split("\n")
    assert text_lines[0] == title
    assert info.split()[0] in text_lines[1]
    for line in body:
        assert line in text_lines, line
    for noise in ("招生就业", "支部风采", "邮编", "湖南工业大学生命科学与化学学院\n"):
        assert noise not in result.text


def test_paragraphs_in_sibling_divs_are_all_kept(tmp_path):
    paragraphs = [
        f"第{i}段：学院认真落实全面从严治党主体责任，推进党建与业务深度融合，取得明显成效。"
        for i in range(1, 7)
    ]
    page = (
        '<html><head><meta charset="utf-8"><title>总结</title></head><body>'
        '<div class="menu"><a>首页</a><a>学院概况</a><a>新闻中心</a></div>'
        '<div class="article"><h2 class="title">2023年党建工作总结</h2>'
        + "".join(f"<div class='para'>{p}</div>" for p in paragraphs)
        + '</div><div class="right"><a>热点新闻一</a><a>热点新闻二</a></div></body></html>'
    )
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    lines = extract_file(path).text.split("\n")
    assert lines[0] == "2023年党建工作总结"
    assert lines[1:] == paragraphs
