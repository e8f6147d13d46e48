"""The OCR status bar's time left: from this run's seconds per page, steady, Chinese and English."""

from __future__ import annotations

from core.models import Progress
from ui.i18n import set_language
from ui.ocr_eta import TimeLeft, say_minutes


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_durations_read_as_a_clerk_says_them():
    assert say_minutes(0) == "不到 1 分钟"
    assert say_minutes(1) == "约 1 分钟"
    assert say_minutes(3) == "约 3 分钟"
    assert say_minutes(60) == "约 1 小时"
    assert say_minutes(83) == "约 1 小时 20 分钟"
    set_language("en")
    try:
        assert say_minutes(3) == "about 3 minutes"
        assert say_minutes(0) == "less than a minute"
        assert say_minutes(83) == "about 1 h 20 min"
    finally:
        set_language("zh_CN")


def test_the_first_page_which_also_starts_the_worker_does_not_count():
    clock = Clock()
    eta = TimeLeft(clock)
    eta.update(0, 40)  # the run starts
    clock.now += 30  # worker start and model load and the first page
    eta.update(1, 39)
    assert eta.text() == ""  # nothing measured yet without the start-up
    clock.now += 5
    eta.update(2, 38)
    assert eta.text() == "约 3 分钟"  # 38 pages × 5 s, not 38 × 17.5 s


def test_the_estimate_holds_steady_when_one_page_is_slow():
    clock = Clock()
    eta = TimeLeft(clock)
    eta.update(0, 61)
    clock.now += 20
    eta.update(1, 60)
    shown = []
    for done, step in enumerate([4, 4, 4, 4, 9, 4, 4, 4], start=2):
        clock.now += step
        eta.update(done, 61 - done)
        shown.append(eta.text())
    minutes = [int(s.split()[1]) for s in shown]
    assert minutes == [4] * 8  # one slow page (9 s, which alone makes it 5) does not jump it


def test_more_pages_queued_raise_the_estimate():
    clock = Clock()
    eta = TimeLeft(clock)
    eta.update(0, 10)
    clock.now += 20
    eta.update(1, 9)
    clock.now += 6
    eta.update(2, 8)
    assert eta.text() == "不到 1 分钟"
    clock.now += 6
    eta.update(3, 107)  # a folder of scans was imported meanwhile
    assert eta.text() == "约 11 分钟"


def test_status_bar_shows_pages_and_time_left(window, qtbot):
    panel = window.ocr
    clock = Clock()
    panel.time_left = TimeLeft(clock)
    panel._progressed(Progress(0, 30, "扫描件"))
    clock.now += 25
    panel._progressed(Progress(1, 30, "扫描件"))
    assert panel.label.text() == "文字识别：已完成 1 页，剩余 29 页"
    clock.now += 6
    panel._progressed(Progress(2, 30, "扫描件"))
    assert panel.label.text() == "文字识别：已完成 2 页，剩余 28 页，约 3 分钟"
    set_language("en")
    try:
        clock.now += 6
        panel._progressed(Progress(3, 30, "扫描件"))
        assert panel.label.text() == "OCR: 3 pages done, 27 left, about 3 minutes"
    finally:
        set_language("zh_CN")
