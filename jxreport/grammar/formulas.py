"""The grammar of 计算口径: how a result is derived from the records instead of typed in.

Validation uses it to reject a malformed 口径 up front; derive.py evaluates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# kind -> (the Chinese keyword, what the argument names, whether an argument is required)
EXECUTION = "预算执行率"
SATISFACTION = "满意度"
PERSONS = "人数"
PAYMENTS = "人次"
PER_PERSON = "人均"
PER_PERSON_MONTH = "人均月"
PAY_RATE = "发放率"
QUANTITY = "实物量"
UNIT_COST = "单位成本"
SPENDING = "支出"

FORMS = {
    EXECUTION: "预算执行率 — 全年执行数 ÷ 全年预算数",
    SATISFACTION: "满意度 或 满意度:调查对象 — 满意度调查的满意率",
    PERSONS: "人数:类别[,类别…] — 发放台账中的不重复人数",
    PAYMENTS: "人次:类别[,…] — 发放台账中的发放人次（每人每月发放一次计一人次）",
    PER_PERSON: "人均:类别[,…] — 发放金额 ÷ 不重复人数（元/人）",
    PER_PERSON_MONTH: "人均月:类别 — 发放金额 ÷ 人次（元/人/月）",
    PAY_RATE: "发放率:类别[,…] — 实发人·月 ÷ 测算明细中对应明细的计划人·月（数量 × 月数）",
    QUANTITY: "实物量:名称 — 实物量表中的数量",
    UNIT_COST: "单位成本:明细名称/实物量名称 — 该明细支出（元）÷ 实物量",
    SPENDING: "支出:明细名称 — 该测算明细的支出（万元）",
}
# The unit a kind yields when it does not depend on the records (实物量, 单位成本: the 实物量 table's unit).
UNITS = {EXECUTION: "%", SATISFACTION: "%", PERSONS: "人", PAYMENTS: "人次", PER_PERSON: "元/人",
         PER_PERSON_MONTH: "元/人/月", PAY_RATE: "%", SPENDING: "万元"}
_NEEDS_ARG = {PERSONS, PAYMENTS, PER_PERSON, PER_PERSON_MONTH, PAY_RATE, QUANTITY, UNIT_COST, SPENDING}
_SPLIT = re.compile(r"\s*[,，、;；]\s*")


@dataclass(frozen=True)
class Formula:
    kind: str
    args: tuple[str, ...] = ()
    text: str = ""


class FormulaError(ValueError):
    """A 计算口径 that does not follow the grammar; the message is Chinese and lists the forms."""


def parse_formula(text: str) -> Formula:
    s = re.sub(r"\s+", "", str(text)).replace("：", ":")
    kind, _, rest = s.partition(":")
    if kind not in FORMS:
        raise FormulaError(f"无法识别的计算口径「{text}」。可用的写法：" + "；".join(FORMS.values()))
    if kind == UNIT_COST:
        parts = tuple(p for p in re.split(r"[/／]", rest) if p)
        if len(parts) != 2:
            raise FormulaError(f"计算口径「{text}」应写作 {FORMS[UNIT_COST]}")
        return Formula(kind, parts, str(text))
    args = tuple(a for a in _SPLIT.split(rest) if a) if rest else ()
    if kind in _NEEDS_ARG and not args:
        raise FormulaError(f"计算口径「{text}」缺少参数，应写作 {FORMS[kind]}")
    if kind == EXECUTION and args:
        raise FormulaError(f"计算口径「{text}」不带参数，应写作 {FORMS[EXECUTION]}")
    return Formula(kind, args, str(text))
