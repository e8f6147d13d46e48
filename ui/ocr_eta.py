"""Time left for the OCR queue, from the seconds per page measured in this run, said the way a
clerk reads it (约 3 分钟) and held steady so the status bar does not jump from page to page."""

from __future__ import annotations

import time
from collections.abc import Callable

from ui.i18n import tr


class TimeLeft:
    """Feed it (pages done, pages left) as pages finish; text() is the estimate or ''."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        """A new run: forget the pages measured before."""
        self._start: int | None = None  # pages done when the run started
        self._anchor: tuple[int, float] | None = None  # (done, time) when the first page ended
        self._seconds_per_page: float | None = None
        self._shown: int | None = None  # minutes shown now
        self._left = 0

    def update(self, done: int, left: int) -> None:
        """Progress: done pages in this run, left in the queue (said before each page)."""
        now = self.clock()
        self._left = left
        if self._start is None or done < self._start:
            self._start, self._anchor = done, None
            return
        if self._anchor is None:
            if done > self._start:
                # the first page also paid for starting the worker and loading the models:
                # time from its end, or the whole run's estimate is far too long
                self._anchor = (done, now)
            return
        pages = done - self._anchor[0]
        if pages <= 0:
            return
        self._seconds_per_page = (now - self._anchor[1]) / pages  # the run's mean: steady
        seconds_left = left * self._seconds_per_page
        minutes = 0 if seconds_left < 60 else max(1, round(seconds_left / 60))
        self._shown = _steady(self._shown, minutes)

    def text(self) -> str:
        """约 3 分钟 / 不到 1 分钟 / 约 1 小时 20 分钟; '' until two pages have been timed."""
        if self._shown is None or self._left <= 0:
            return ""
        return say_minutes(self._shown)


def _steady(shown: int | None, minutes: int) -> int:
    """Go down freely (time passes); go up only for a real change (pages were added or the
    pages got slower by more than a tenth), so 3 → 4 → 3 never flickers."""
    if shown is None or minutes <= shown:
        return minutes
    return minutes if minutes > shown * 1.1 + 1 else shown


def say_minutes(minutes: int) -> str:
    """A rounded duration: under an hour in minutes, longer in hours and tens of minutes."""
    if minutes <= 1:
        return tr("不到 1 分钟") if minutes <= 0 else tr("约 1 分钟")
    if minutes < 60:
        return tr("约 {0} 分钟").format(minutes)
    hours, rest = divmod(int(round(minutes / 10.0)) * 10, 60)
    if rest == 0:
        return tr("约 {0} 小时").format(hours)
    return tr("约 {0} 小时 {1} 分钟").format(hours, rest)
