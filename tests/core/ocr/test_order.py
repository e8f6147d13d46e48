"""Reading order of OCR boxes: what phrase search and snippets depend on."""

from __future__ import annotations

from core.ingest.ocr.order import Box, arrange

W, H = 1240, 1754


def line(x0, y, text, width=None):
    return Box(x0, y, x0 + (width or 30 * len(text)), y + 34, text, 0.95)


def test_two_columns_under_a_full_width_title_read_column_by_column():
    left = [f"左栏第{i}行内容" for i in range(1, 9)]
    right = [f"右栏第{i}行内容" for i in range(1, 9)]
    boxes = [line(300, 150, "两栏排版的标题横跨整页宽度", 640)]
    for i, (a, b) in enumerate(zip(left, right)):  # lines of both columns at the same heights
        boxes += [line(680, 260 + 60 * i, b, 480), line(80, 260 + 60 * i, a, 480)]
    boxes.append(line(80, 800, "横跨两栏的结束段落写在这里并且很长很长", 1080))
    body, margins = arrange(boxes, W, H)
    lines = body.split("\n")
    assert lines[0] == "两栏排版的标题横跨整页宽度"
    assert lines[1:9] == left and lines[9:17] == right
    assert lines[-1].startswith("横跨两栏的结束段落")
    assert margins == ""


def test_running_header_and_page_number_are_kept_apart():
    boxes = [
        line(500, 30, "某某学院文件汇编", 240),
        *[line(80, 200 + 50 * i, f"正文第{i}行写到这里为止没有结束", 1000) for i in range(6)],
        line(600, 1700, "- 3 -", 60),
    ]
    body, margins = arrange(boxes, W, H)
    assert "汇编" not in body and "- 3 -" not in body
    assert "没有结束正文第1行" in body  # a sentence broken over lines is joined again
    assert margins.split("\n") == ["某某学院文件汇编", "- 3 -"]


def test_single_column_with_a_right_aligned_signature_stays_in_order():
    boxes = [line(80, 200 + 50 * i, f"第{i}段正文内容较长一直写到右边距。", 1000) for i in range(5)]
    boxes += [line(80, 460, "特此通知。", 150)]
    boxes += [line(820, 560, "学院办公室", 150), line(780, 610, "二〇二三年三月六日", 270)]
    body, _ = arrange(boxes, W, H)
    assert body.split("\n")[-4:] == [
        "第4段正文内容较长一直写到右边距。",
        "特此通知。",
        "学院办公室",
        "二〇二三年三月六日",
    ]


def test_boxes_of_one_line_join_left_to_right():
    boxes = [
        line(600, 300, "档案管理", 120),
        line(80, 302, "第一条", 90),
        line(80, 400, "Archive", 200),
    ]
    boxes.append(line(300, 402, "manager", 200))
    body, _ = arrange(boxes, W, H)
    assert body.split("\n") == ["第一条档案管理", "Archive manager"]


def test_ascii_punctuation_beside_chinese_becomes_full_width():
    body, _ = arrange(
        [line(80, 200, "第一条(总则)本法所称档案:指", 900), line(80, 300, "f(x) = 1, 2", 300)], W, H
    )
    assert body.split("\n") == ["第一条（总则）本法所称档案：指", "f(x) = 1, 2"]
