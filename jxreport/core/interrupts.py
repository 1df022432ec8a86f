"""Ctrl-C and SIGTERM in the `jxreport` command: exit 130 or 143, one Chinese sentence, no traceback.

Until the command's main() is running nothing has been written, so the early handlers
(installed when the package is imported by the `jxreport` script, before the heavy imports)
end the process at once. main() then installs handlers that raise Interrupted, so that every
`with`/`finally` on the way out runs: the unpublished release folder, the context folder and
the kernels are removed, and the published output is left as it was.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
NAMES = {signal.SIGINT: "已中断（Ctrl-C）", signal.SIGTERM: "已终止（SIGTERM）"}
EARLY = "：尚未写入任何文件。\n"
LATE = "：各年度的输出仍是一套完整的报告（上一次成功运行的，或本次已发布的），本次未完成的临时文件已删除。"


class Interrupted(BaseException):
    """Raised by the handlers main() installs; BaseException so that `except Exception` lets it pass."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(self.signum, 130)

    def message(self) -> str:
        return NAMES.get(self.signum, "已中断") + LATE


def _early(signum, frame):
    os.write(2, (NAMES[signum] + EARLY).encode("utf-8"))
    os._exit(EXIT_CODES[signum])


def _raise(signum, frame):
    for s in EXIT_CODES:  # a second signal must not cut the cleanup short
        signal.signal(s, signal.SIG_IGN)
    raise Interrupted(signum)


def install_early() -> None:
    """Exit at once on Ctrl-C/SIGTERM while the `jxreport` script is still importing."""
    if Path(sys.argv[0] if sys.argv else "").name == "jxreport":
        _install(_early)


def install() -> dict:
    """Handlers that raise Interrupted; returns the previous ones for restore()."""
    return _install(_raise)


def restore(previous: dict) -> None:
    for s, h in previous.items():
        if h is not None:
            signal.signal(s, h)


def _install(handler) -> dict:
    try:
        return {s: signal.signal(s, handler) for s in EXIT_CODES}
    except ValueError:  # not the main thread: leave the signals alone
        return {}


__all__ = ["Interrupted", "install", "install_early", "restore"]
