"""A web page's breadcrumb becomes a category only from the parts that name one."""

from core.ingest.meta.rules import category_from_breadcrumb


def test_site_sections_become_the_category():
    assert category_from_breadcrumb(["首页", "党建引领", "制度公开"]) == ["党建引领", "制度公开"]
    assert category_from_breadcrumb(["首页", "新闻中心", "国内新闻", "正文"]) == [
        "新闻中心",
        "国内新闻",
    ]


def test_url_pieces_widgets_labels_and_repeats_make_no_category():
    assert category_from_breadcrumb(["col1621004", "index.html"]) == []
    assert category_from_breadcrumb(["by Taboola"]) == []
    assert category_from_breadcrumb(["位置：首页", "新闻动态"]) == ["新闻动态"]
    assert category_from_breadcrumb(["公司", "公司"]) == ["公司"]
    assert category_from_breadcrumb(["基金资讯", "资讯正文"]) == ["基金资讯"]
    assert category_from_breadcrumb(["index.html投资管理", "index.html投资运行"]) == [
        "投资管理",
        "投资运行",
    ]
