"""The score table printed by `jxreport score`: plain text that lines up in a terminal.

Chinese characters take two columns in a terminal, so widths are counted with
unicodedata.east_asian_width rather than len(); otherwise every row after a project name
would drift.
"""

from __future__ import annotations

import unicodedata

from jxreport.scoring.results import IndicatorScore, YearScore
from jxreport.core.rounding import fmt_money, fmt_pct, fmt_score


def width(text: str) -> int:
    """Terminal columns of `text`: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, w: int, right: bool) -> str:
    gap = " " * max(0, w - width(text))
    return gap + text if right else text + gap


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(width(r[j]) for r in [header, *rows]) for j in range(len(header))]
    out = ["  ".join(_pad(h, widths[j], j in right) for j, h in enumerate(header)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for r in rows:
        out.append("  ".join(_pad(c, widths[j], j in right) for j, c in enumerate(r)).rstrip())
    return out


_HEAD = ["项目编码", "项目名称", "全年预算数(万元)", "全年执行数(万元)", "执行率", "得分", "等级"]
_RIGHT = {2, 3, 4, 5}
_IND_HEAD = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"]


def _indicator_row(i: IndicatorScore) -> list[str]:
    score = fmt_score(i.score) + ("*" if i.overridden else "")
    return [i.level1, i.level2, i.name, i.target_text, i.actual_text, fmt_score(i.weight), score]


def format_score_table(ys: YearScore, verbose: bool = False) -> str:
    """The year's scores as a table: one row a project, a 部门整体 row at the end.

    With `verbose`, each project is followed by its indicators (an override is marked *).
    """
    d = ys.department
    lines = [f"{ys.unit_name} {ys.year} 年度绩效自评（规则：{ys.rules}）", ""]
    rows = [[p.code, p.name, fmt_money(p.budget_full_year_wan), fmt_money(p.spent_wan), fmt_pct(p.execution_rate),
             fmt_score(p.score), p.grade] for p in ys.projects]
    total = ["部门整体", f"{len(ys.projects)} 个项目", fmt_money(d.budget_wan), fmt_money(d.spent_wan),
             fmt_pct(d.execution_rate), fmt_score(d.score), d.grade]
    table = _table(_HEAD, [*rows, total], _RIGHT)
    rule = table[1]
    if not verbose:
        lines += table[:-1] + [rule, table[-1]]
    else:
        lines += table[:2]
        for p, line in zip(ys.projects, table[2:-1]):
            lines.append(line)
            inds = [["", "预算执行率", "", "", fmt_pct(p.execution_rate), fmt_score(p.execution_weight),
                     fmt_score(p.execution_score)]] + [_indicator_row(i) for i in p.indicators]
            sub = _table(_IND_HEAD, inds, {5, 6})
            lines += ["    " + s for s in sub] + [f"    说明：{n}" for n in p.notes] + [""]
        lines += [rule, table[-1]]
        if d.scored_areas:
            lines += ["", "部门指标："]
            inds = [["", "部门预算执行率", "", "", fmt_pct(d.execution_rate), fmt_score(d.execution_weight),
                     fmt_score(d.execution_score)]] + [_indicator_row(i) for a in d.scored_areas for i in a.indicators]
            lines += ["    " + s for s in _table(["部门指标", "工作领域", "指标名称", "指标值", "实际完成值", "分值", "得分"],
                                                   inds, {5, 6})]
    if d.weighted_project_score is not None:
        lines.append(f"项目得分预算加权平均：{fmt_score(d.weighted_project_score)} 分")
    overridden = [i for p in ys.projects for i in p.indicators if i.overridden]
    if overridden:
        lines.append(f"* 自评得分覆盖规则得分的指标 {len(overridden)} 个：" + "；".join(
            f"{i.project}「{i.name}」规则 {fmt_score(i.rule_score)} 分 → 自评 {fmt_score(i.score)} 分" for i in overridden))
    warnings = [w for w in ys.warnings]
    if warnings:
        lines += ["", f"提示与警告（{len(warnings)} 条）："] + [f"  {w}" for w in warnings]
    return "\n".join(lines)
