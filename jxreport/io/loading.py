"""load_year: read both workbooks of a fiscal year and check that they fit together.

Problems that make the year unreadable (a bad cell, an unknown project, a result without
an indicator …) are collected from both workbooks and raised together as one
ValidationError. What is suspicious but usable stays as a warning on the Year.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from jxreport.core import schema as S
from jxreport.core.exceptions import ValidationError
from jxreport.grammar.formulas import FormulaError, parse_formula
from jxreport.io.model import Year
from jxreport.core.problems import ERROR, WARNING, Problem
from jxreport.io.reading import ROW, empty_frame, read_workbook

# Which attribute of Year holds which sheet: one mapping, used here and by the writers.
FRAMES = {
    "projects": S.PROJECTS, "indicators": S.INDICATORS, "calc_lines": S.CALC_LINES,
    "dept_indicators": S.DEPT_INDICATORS, "adjustments": S.ADJUSTMENTS, "payments": S.PAYMENTS,
    "results": S.RESULTS, "survey": S.SURVEY, "grants": S.GRANTS, "quantities": S.QUANTITIES,
    "monitoring": S.MONITORING, "dept_results": S.DEPT_RESULTS,
    "self_evaluation": S.SELF_EVAL_NOTES, "basic_spending": S.BASIC_SPENDING,
}


def load_year(data_dir) -> Year:
    """Read and validate `data_dir/targets.xlsx` and `data_dir/actuals.xlsx`.

    Raises ValidationError with every problem found when the year cannot be used.
    """
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise ValidationError([Problem(ERROR, f"数据目录不存在：{data_dir}")])
    tables: dict[str, pd.DataFrame] = {}
    readable = {}
    for wb in S.WORKBOOKS:
        got = read_workbook(data_dir / wb, problems)
        readable[wb] = got is not None
        tables.update(got or {})
    unit = _read_unit(tables.get(S.UNIT.name), problems) if readable[S.TARGETS] else {}
    year = unit.get("年度")
    frames = {attr: tables.get(sh.name, empty_frame(sh)) for attr, sh in FRAMES.items()}
    # A sheet that could not be read would make every row that refers to it an error of its own
    # (2,601 for one header typo): its one problem is enough.
    unread = [sh for sh in FRAMES.values() if sh.required and sh.name not in tables]
    if all(readable.values()) and not unread:
        _validate(frames, year, problems)
    errors = [p for p in problems if p.level == ERROR]
    if errors:
        raise ValidationError(errors)
    if data_dir.name.isdigit() and year and int(data_dir.name) != year:
        problems.append(Problem(WARNING, f"「年度」为 {year}，与数据目录名 {data_dir.name} 不一致。",
                                workbook=S.TARGETS, sheet=S.UNIT.name, column="内容"))
    return Year(data_dir=data_dir, year=int(year), unit_name=unit["单位名称"],
                department=unit.get("主管部门"), overall_goal=unit.get("总体绩效目标"),
                warnings=tuple(problems), **frames)


def _read_unit(frame: pd.DataFrame | None, problems: list[Problem]) -> dict:
    """The 单位 key/value sheet as a dict; 年度 as an int."""
    if frame is None:
        return {}
    out: dict = {}
    where = dict(workbook=S.TARGETS, sheet=S.UNIT.name)
    keys = {c.name: c for c in S.UNIT_KEYS}
    for _, r in frame.iterrows():
        key, value = r["项目"], r["内容"]
        if key not in keys:
            problems.append(Problem(WARNING, f"未知项目「{key}」将被忽略；可填：{'、'.join(keys)}。",
                                    row=int(r[ROW]), column="项目", **where))
            continue
        out[key] = value
        out.setdefault("_row_" + key, int(r[ROW]))
    for c in S.UNIT_KEYS:
        if c.required and not out.get(c.name):
            problems.append(Problem(ERROR, f"缺少「{c.name}」（{c.help}）：请在「项目」列写「{c.name}」，在「内容」列填写。",
                                    column="内容", **where))
    if out.get("年度"):
        text = str(out["年度"]).strip().rstrip("年")
        if text.isdigit() and 1990 <= int(text) <= 2100:
            out["年度"] = int(text)
        else:
            problems.append(Problem(ERROR, f"「年度」应为四位年份（如 2022），读到「{out['年度']}」。",
                                    row=out.get("_row_年度"), column="内容", **where))
            out["年度"] = None
    return out


def _err(problems, sheet: S.Sheet, row, column, message, level=ERROR, project=None):
    problems.append(Problem(level, message, workbook=sheet.workbook, sheet=sheet.name,
                            row=int(row) if row is not None else None, column=column, project=project))


def _validate(f: dict[str, pd.DataFrame], year: int | None, problems: list[Problem]) -> None:
    projects = f["projects"]
    dup = projects[projects["项目编码"].notna() & projects.duplicated("项目编码", keep=False)]
    for _, r in dup.iterrows():
        first = int(projects.loc[projects["项目编码"] == r["项目编码"], ROW].min())
        if int(r[ROW]) != first:
            _err(problems, S.PROJECTS, r[ROW], "项目编码",
                 f"项目编码「{r['项目编码']}」重复（第 {first} 行已使用）；同一年度内项目编码须唯一。")
    codes = set(projects["项目编码"].dropna())
    _quarters(projects, problems)

    for attr, sheet in FRAMES.items():
        df = f[attr]
        if attr == "projects" or "项目编码" not in df.columns:
            continue
        allowed = codes | ({S.DEPARTMENT_KEY} if sheet is S.SELF_EVAL_NOTES else set())
        unknown = df[df["项目编码"].notna() & ~df["项目编码"].isin(allowed)]
        for _, r in unknown.iterrows():
            _err(problems, sheet, r[ROW], "项目编码",
                 f"项目编码「{r['项目编码']}」不在「项目」表中；可用的项目编码：{'、'.join(sorted(codes)) or '无'}。")

    ind = f["indicators"]
    dup = ind[ind["三级指标"].notna() & ind.duplicated(["项目编码", "三级指标"], keep=False)]
    seen = set()
    for _, r in dup.iterrows():
        key = (r["项目编码"], r["三级指标"])
        if key in seen:
            _err(problems, S.INDICATORS, r[ROW], "三级指标",
                 f"项目「{key[0]}」的三级指标「{key[1]}」重复；同一项目内三级指标须唯一（可加限定词区分）。",
                 project=key[0])
        seen.add(key)
    both = ind[ind["一级指标"].notna() & ind["二级指标"].notna()]
    parents = both["二级指标"].map(S.LEVEL2_PARENT)
    for _, r in both[parents.notna() & (parents != both["一级指标"])].iterrows():  # only the misfits
        parent = S.LEVEL2_PARENT.get(r["二级指标"])
        if parent and parent != r["一级指标"]:
            _err(problems, S.INDICATORS, r[ROW], "二级指标",
                 f"二级指标「{r['二级指标']}」通常属于「{parent}」，此处填在「{r['一级指标']}」下。",
                 level=WARNING, project=r["项目编码"])

    if not targets_only(f):  # a blank actuals.xlsx (just imported or init): nothing to complete yet
        _results(f, problems)
    if year:
        for sheet, attr, col in ((S.PAYMENTS, "payments", "支付日期"), (S.ADJUSTMENTS, "adjustments", "调整日期")):
            df = f[attr]
            dates = df[col]
            outside = df[[isinstance(d, dt.date) and d.year != year for d in dates.tolist()]]
            for _, r in outside.iterrows():
                _err(problems, sheet, r[ROW], col,
                     f"日期 {r[col].isoformat()} 不在 {year} 年度内（应在 {year}-01-01 至 {year}-12-31 之间）。",
                     project=r["项目编码"])
    _dept(f, problems)


ACTUAL_FRAMES = tuple(attr for attr, sh in FRAMES.items() if sh.workbook == S.ACTUALS)


def targets_only(frames) -> bool:
    """True when actuals.xlsx holds no data row at all: the year is at its target stage, so
    `check` reviews the targets alone (jxreport import writes such a blank actuals.xlsx)."""
    get = frames.get if isinstance(frames, dict) else (lambda a: getattr(frames, a))
    return all(len(get(a)) == 0 for a in ACTUAL_FRAMES)


def _quarters(projects: pd.DataFrame, problems: list[Problem]) -> None:
    # Find the rows with a value out of range or below the previous filled quarter at once;
    # only those are walked one by one to word their problems.
    plan = projects[list(S.QUARTERS)].to_numpy(dtype=float)
    previous = pd.DataFrame(plan).ffill(axis=1).shift(1, axis=1).to_numpy(dtype=float)
    suspect = ((plan < 0) | (plan > 100) | (plan < previous)).any(axis=1)
    for _, r in projects[suspect].iterrows():
        plan = [(q, r[q]) for q in S.QUARTERS if pd.notna(r[q])]
        for q, v in plan:
            if v < 0 or v > 100:
                _err(problems, S.PROJECTS, r[ROW], q, f"累计支出计划 {v:g}% 应在 0%–100% 之间。",
                     project=r["项目编码"])
        for (q0, v0), (q1, v1) in zip(plan, plan[1:]):
            if v1 < v0:
                _err(problems, S.PROJECTS, r[ROW], q1,
                     f"季度支出计划是累计数，不应减少：{q0} {v0:g}%，{q1} 却为 {v1:g}%。", project=r["项目编码"])


def _results(f: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    ind, res = f["indicators"], f["results"]
    keys = set(zip(ind["项目编码"], ind["三级指标"]))
    level1 = dict(zip(zip(ind["项目编码"], ind["三级指标"]), ind["一级指标"]))
    seen: dict = {}
    formula_error: dict = {}  # each distinct 计算口径 is parsed once
    columns = (res[c].tolist() for c in ("项目编码", "三级指标", ROW, "计算口径", "实际完成值"))
    for code, name, row, formula, actual in zip(*columns):
        if code is None or name is None:
            continue
        key = (code, name)
        if key not in keys:
            names = [n for c, n in keys if c == key[0]]
            _err(problems, S.RESULTS, row, "三级指标",
                 f"项目「{key[0]}」没有三级指标「{key[1]}」（绩效指标表中该项目的指标：{'、'.join(names) or '无'}）。",
                 project=key[0])
            continue
        if key in seen:
            _err(problems, S.RESULTS, row, "三级指标",
                 f"指标「{key[1]}」的完成情况重复填写（第 {seen[key]} 行已填）。", project=key[0])
        seen.setdefault(key, int(row))
        if formula:
            if formula not in formula_error:
                try:
                    parse_formula(formula)
                    formula_error[formula] = None
                except FormulaError as exc:
                    formula_error[formula] = str(exc)
            if formula_error[formula] is not None:
                _err(problems, S.RESULTS, row, "计算口径", formula_error[formula], project=key[0])
        elif actual is None and level1.get(key) != "满意度指标":
            _err(problems, S.RESULTS, row, "实际完成值",
                 "实际完成值为空，且未填写计算口径；请填写完成值，或填写计算口径由记录推算。", project=key[0])
    missing = [(c, n, row) for (c, n), row in zip(zip(ind["项目编码"], ind["三级指标"]), ind[ROW])
               if (c, n) not in seen and c is not None and n is not None]
    if missing:
        listing = "；".join(f"{c}「{n}」（绩效指标表第 {row} 行）" for c, n, row in missing)
        problems.append(Problem(ERROR, f"以下 {len(missing)} 个指标没有完成情况，请在「指标完成」表补填：{listing}。",
                                workbook=S.ACTUALS, sheet=S.RESULTS.name, column="三级指标"))


def _dept(f: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    keys = set(zip(f["dept_indicators"]["工作领域"], f["dept_indicators"]["指标名称"]))
    for _, r in f["dept_results"].iterrows():
        if (r["工作领域"], r["指标名称"]) not in keys and r["指标名称"] is not None:
            _err(problems, S.DEPT_RESULTS, r[ROW], "指标名称",
                 f"「部门指标」表中没有工作领域「{r['工作领域']}」的指标「{r['指标名称']}」。")
