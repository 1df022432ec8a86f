"""A report's time limit (params `report_timeout`, `run --timeout`): a hung report stops, named.

The limit is enforced inside the process that does the work (serial: this one; pool and warm:
the worker, the PDF worker with what is left) by an interval timer whose signal raises ReportTimeout wherever the
code is, kernel wait or PDF layout. The caller then shuts the report's kernels down, so a
notebook stuck in a cell leaves no kernel behind. Outside a main thread (a Dask worker's task
thread) no signal can be set, and the limit is not enforced there.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

DEFAULT_SECONDS = 120


class ReportTimeout(BaseException):
    """The report ran past its limit (a BaseException: no `except Exception` on the way swallows it)."""


def timeout_message(stem: str, seconds: float) -> str:
    return f"报告「{stem}」超过时间限制 {seconds:g} 秒，已停止（可用参数 report_timeout 或 run --timeout 调整）"


class Clock:
    """Whether the limit was reached: the signal can land inside compile() or a library's own
    `except Exception`, which turn ReportTimeout into another error; callers check `expired`."""

    expired = False


@contextmanager
def time_limit(seconds: float | None):
    """Raise ReportTimeout in this block after `seconds` (None or ≤ 0: no limit); yields a Clock."""
    clock = Clock()
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield clock
        return

    def expire(signum, frame):
        clock.expired = True
        raise ReportTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield clock
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
