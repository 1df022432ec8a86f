"""Exceptions a user may see. Each carries Chinese text fit for the console."""

from __future__ import annotations

from jxreport.core.problems import Problem


class JxReportError(Exception):
    """Base class: the CLI prints these without a traceback."""

    exit_code = 1


class ValidationError(JxReportError):
    """Unreadable or inconsistent input: every problem of the run, collected together."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"输入数据有 {len(self.problems)} 个错误，未生成任何输出："]
        lines += [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


class ParamsError(JxReportError):
    """A params or rule file that cannot be used."""

    exit_code = 2


class ReportError(JxReportError):
    """A report failed to execute or render; previous outputs were left as they were."""

    exit_code = 1


class MissingDependencyError(JxReportError):
    """An optional heavy dependency or a system library is missing: says how to install it."""

    exit_code = 3
