"""Saved web pages: headline and publication date from the page's own signals, never a file time."""

from __future__ import annotations

import sys

from core.ingest.describe import guess_metadata
from core.ingest.extract.html import extract_bytes
from tests.conftest import REPO, corpus_path

BODY = "<p>" + "这是正文内容，讲述了会议的安排和要求。" * 20 + "</p>"


def _guess(html: str, filename: str = "page.html") -> dict:
    extracted = extract_bytes(html.encode("utf-8"))
    got = guess_metadata(extracted, filename=filename, folders=[], file_mtime="2026-12-06")
    return {k: v.value for k, v in got.items()}, extracted


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_headline_agrees_with_title_and_keeps_its_space():
    html = _page(
        "<title>女警打百个电话遭停机 评:运营商识别诈骗_网易新闻</title>",
        '<div class="logo"><h1>网易新闻</h1></div><div class="comments title">15867</div>'
        "<h1>女警打百个电话遭停机 评:运营商识别诈骗</h1>" + BODY,
    )
    got, _ = _guess(html)
    assert got["title"] == "女警打百个电话遭停机 评:运营商识别诈骗"


def test_badge_and_glued_byline_are_not_part_of_the_title():
    html = _page(
        "<title>最不愁吃肉的国家：顿顿有肉吃_头条</title>",
        '<div class="article-title">原创 最不愁吃肉的国家：顿顿有肉吃 发布时间：2019-09-08</div>'
        + BODY,
    )
    got, _ = _guess(html)
    assert got["title"] == "最不愁吃肉的国家：顿顿有肉吃"


def test_generic_site_title_gives_way_to_the_article_heading():
    html = _page(
        "<title>新闻动态--中国地理学会官网</title>",
        "<h3>首页 - 新闻动态</h3><div><h5>2019年人文地理学术年会在重庆成功举行！</h5>"
        '<div class="ly">发布时间：2019-05-18 来源：学会</div><div>' + BODY + "</div></div>",
    )
    got, _ = _guess(html)
    assert got["title"] == "2019年人文地理学术年会在重庆成功举行！"
    assert got["date"] == "2019-05-18"


def test_byline_without_year_takes_it_from_the_meta_tag():
    html = _page(
        '<title>日本最后一家传呼机公司停止服务</title><meta name="publishdate" content="2019-09-30">',
        "<h1>日本最后一家传呼机公司停止服务</h1><div>发布时间：09-30 22:46</div>" + BODY,
    )
    got, extracted = _guess(html)
    assert got["date"] == "2019-09-30" and extracted.published_source == "web:byline"


def test_american_date_on_byline_and_two_digit_year():
    html = _page(
        "<title>某某通知</title>", "<h1>某某通知</h1><div>时间：7/5/2005 9:23:57 PM</div>" + BODY
    )
    assert _guess(html)[0]["date"] == "2005-07-05"
    html = _page("<title>某某通知</title>", "<h1>某某通知</h1><div>发布时间：18-03-08</div>" + BODY)
    assert _guess(html)[0]["date"] == "2018-03-08"


def test_meta_and_url_dates():
    head = (
        '<title>标题甲乙丙丁</title><meta name="firstpublishedtime" content="2007-08-20-23:59:59">'
    )
    assert _guess(_page(head, BODY))[0]["date"] == "2007-08-20"
    head = '<title>标题甲乙丙丁</title><link rel="canonical" href="http://x.cn/art/2024/1/t20240131_5.html">'
    assert _guess(_page(head, BODY))[0]["date"] == "2024-01-31"


def test_page_without_any_date_gets_none_not_the_file_time():
    got, _ = _guess(_page("<title>标题甲乙丙丁</title>", BODY))
    assert "date" not in got
    assert got.get("year") != 2026


def test_class_word_on_outer_wrapper_does_not_erase_the_article():
    html = _page(
        "<title>文章标题甲乙</title>",
        '<div class="wz_wrapper header-box"><div><h1>文章标题甲乙</h1>' + BODY + "</div></div>",
    )
    _, extracted = _guess(html)
    assert "讲述了会议的安排" in extracted.text and len(extracted.text) > 200


def test_self_closing_button_and_stray_body_end_keep_the_text():
    html = (
        "<html><body><div class='top'><button class='go' type='button' />"
        "</div></body><div class='content'><h1>文章标题甲乙</h1>" + BODY + "</div></html>"
    )
    _, extracted = _guess(html)
    assert "讲述了会议的安排" in extracted.text


def test_web_corpus_figures_do_not_slide_back():
    corpus_path("web")
    sys.path.insert(0, str(REPO / "bench"))
    from bench_web_metadata import measure_web

    web = measure_web()
    assert web["title"] >= 61 and web["date"] >= 61
    assert web["file_time"] == 0 and web["short"] <= 1


def test_page_signals_are_read_without_dateparser(monkeypatch):
    """The Windows bundle leaves dateparser out (packaging/archivist.spec): htmldate must not need it."""
    from core.ingest.extract.webmeta import signal_date

    monkeypatch.setitem(sys.modules, "dateparser", None)  # any import of it now fails
    html = (
        '<html><head><meta property="article:published_time" content="2024-01-31T08:00:00+08:00">'
        "<title>标题甲乙丙丁</title></head><body>" + BODY + "</body></html>"
    )
    assert str(signal_date(html)) == "2024-01-31"


def test_placeholder_and_word_export_titles_are_not_headlines():
    body = "<p>关于做好2024年招生工作的通知</p>" + BODY
    got, _ = _guess(_page("<title>无标题文档</title>", body))
    assert got["title"] == "关于做好2024年招生工作的通知"
    got, _ = _guess(_page("<title>Microsoft Word - 关于做好招生工作的通知.doc</title>", BODY))
    assert got["title"] == "关于做好招生工作的通知"


def test_a_title_cut_short_still_finds_the_whole_headline():
    html = _page(
        "<title>广州南沙邮轮母港即将开通地铁直达...</title>",
        "<h1>广州南沙邮轮母港即将开通地铁直达无敌免税</h1>" + BODY,
    )
    assert _guess(html)[0]["title"] == "广州南沙邮轮母港即将开通地铁直达无敌免税"
