"""One writer per year: an fcntl lock on `output/.<year>.lock`, held for the whole run.

A second run of the same year waits for the first (and says so, naming its PID and start
time, which the holder writes into the lock file), or with `--no-wait` stops at once with
RunLocked (exit 4). The lock is the kernel's: it is released when the holder's process ends,
however it ends, so a killed run never leaves a stale lock. The file itself stays.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from jxreport.core.exceptions import JxReportError


class RunLocked(JxReportError):
    """Another run is writing the same year and the caller asked not to wait."""

    exit_code = 4


def lock_path(root, year) -> Path:
    return Path(root) / f".{year}.lock"


@contextmanager
def year_lock(root, year, *, wait: bool = True, say=None):
    """Hold the year's lock for the block; `say` gets the one-line notice when the run must wait."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    path = lock_path(root, year)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise RunLocked(f"{year} 年度的输出正由另一次运行写入（{holder}），本次未运行（--no-wait）。") from None
            if say is not None:
                say(f"{year} 年度的输出正由另一次运行写入（{holder}），等待它结束……")
            fcntl.flock(fd, fcntl.LOCK_EX)
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {stamp}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock; the file is kept (unlinking it would race a waiter)


def _holder(fd: int) -> str:
    try:
        pid, _, started = os.pread(fd, 200, 0).decode("ascii", "replace").strip().partition(" ")
    except OSError:
        return "进程未知"
    if not pid.isdigit():
        return "进程未知"
    return f"进程 {pid}，开始于 {started}" if started else f"进程 {pid}"


__all__ = ["RunLocked", "lock_path", "year_lock"]
