"""The one registry of checks (勾稽与目标审核): every rule, its stable id, title, level and message.

Id scheme (stable: reports, `--silence` and a year's params refer to checks by id):

- ``T1xx`` 目标勾稽 — arithmetic of the targets workbook (测算明细, budget, funds, quarterly
  plan, count and cost targets against the budget's own figures);
- ``R2xx`` 目标审核 — target review: is each target complete and measurable;
- ``A3xx`` 执行勾稽 — arithmetic of the actuals (ledger, 发放台账, results, published scores).

A number is never reused for a different rule; a retired check keeps its number unused.
Each check has one fixed level (错误 / 警告 / 提示); where the spec asks for two levels
(e.g. more persons paid than planned vs fewer) there are two ids, so each can be silenced
on its own. The table of all checks is generated from this registry:
``python -m jxreport.checks`` prints it (``checks_table()``).

A check is a small function ``fn(ctx) -> Iterable[Hit]`` registered with ``@check``; the
runner turns each Hit into a ``jxreport.core.problems.Problem`` carrying the check's id, title
and level, and the message made from the check's Chinese template and the Hit's fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from jxreport.core import schema as S
from jxreport.core.problems import ERROR, HINT, LEVELS, WARNING, Problem

SCOPES = ("targets", "actuals", "scores")  # what a check reads; "scores" needs a YearScore
GROUPS = {"T": "目标勾稽", "R": "目标审核", "A": "执行勾稽"}

__all__ = ["CHECKS", "Check", "ERROR", "GROUPS", "HINT", "Hit", "SCOPES", "WARNING", "check", "checks_table", "hit"]


@dataclass(frozen=True)
class Hit:
    """One place where a check fired: where, whose, and the fields of its message template."""

    sheet: S.Sheet
    row: int | None
    column: str | None
    project: str | None
    fields: Mapping[str, object] = field(default_factory=dict)
    numbers: tuple[tuple[str, str], ...] = ()


def hit(sheet: S.Sheet, row=None, column=None, project=None, numbers=(), **fields) -> Hit:
    return Hit(sheet, None if row is None else int(row), column, project, fields, tuple(numbers))


@dataclass(frozen=True)
class Check:
    id: str
    title: str  # short Chinese name, e.g. 测算明细金额不符
    level: str  # 错误 / 警告 / 提示
    scope: str  # targets / actuals / scores
    template: str  # Chinese message, str.format fields supplied by each Hit
    func: Callable[..., Iterable[Hit]] = field(compare=False, repr=False)
    doc: str = ""  # one line: what it checks (from the function's docstring)

    @property
    def group(self) -> str:
        return GROUPS[self.id[0]]

    def problem(self, h: Hit) -> Problem:
        return Problem(self.level, self.template.format(**h.fields), workbook=h.sheet.workbook,
                       sheet=h.sheet.name, row=h.row, column=h.column, project=h.project, id=self.id,
                       title=self.title, numbers=h.numbers)


CHECKS: dict[str, Check] = {}


def check(id: str, title: str, level: str = ERROR, scope: str = "targets", template: str = "{detail}"):
    """Register a check function under a stable id (see the module docstring for the scheme)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}: {level!r}")
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}: {scope!r}")
    if id[:1] not in GROUPS or not id[1:].isdigit():
        raise ValueError(f"check id must be T/R/A + digits: {id!r}")

    def register(fn):
        if id in CHECKS:
            raise ValueError(f"check id {id} registered twice ({CHECKS[id].func.__name__}, {fn.__name__})")
        doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        CHECKS[id] = Check(id, title, level, scope, template, fn, doc)
        return fn

    return register


def checks_table() -> str:
    """A Markdown table of every registered check (generated: it cannot drift from the code)."""
    lines = ["| 编号 | 类别 | 级别 | 标题 | 检查内容 |", "|---|---|---|---|---|"]
    for c in sorted(CHECKS.values(), key=lambda c: ("TRA".index(c.id[0]), c.id)):
        lines.append(f"| {c.id} | {c.group} | {c.level} | {c.title} | {c.doc} |")
    return "\n".join(lines)
