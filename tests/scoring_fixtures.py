"""Small fiscal years for the scoring tests, written as real workbooks and read back.

Each test states only the rows it cares about; the rest (the 单位 sheet, a payment or
two) is filled here so the year passes load_year.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jxreport.core import schema as S
from jxreport.io.loading import load_year
from jxreport.io.workbooks import unit_rows
from jxreport.samples.records import write_tables


def indicator(code, level1, level2, name, target, **extra):
    return {"项目编码": code, "一级指标": level1, "二级指标": level2, "三级指标": name, "指标值": target, **extra}


def result(code, name, actual=None, **extra):
    row = {"项目编码": code, "三级指标": name, **extra}
    if actual is not None:
        row["实际完成值"] = actual
    return row


def payment(code, amount, date=dt.date(2022, 6, 30), line=None):
    row = {"项目编码": code, "支付日期": date, "金额": amount}
    if line:
        row["测算明细"] = line
    return row


def standard_indicators(code="P1"):
    """Seven indicators (产出 4, 效益 2, 满意度 1), all met by `standard_results`."""
    return [
        indicator(code, "产出指标", "数量指标", "发放户数", "149户"),
        indicator(code, "产出指标", "质量指标", "发放准确率", "100%"),
        indicator(code, "产出指标", "时效指标", "完成时限", "12月底前"),
        indicator(code, "产出指标", "成本指标", "户均成本", "≤1000元"),
        indicator(code, "效益指标", "社会效益指标", "信访人次", "低于5人次"),
        indicator(code, "效益指标", "可持续影响指标", "平台持续运行", "平台持续运行"),
        indicator(code, "满意度指标", "服务对象满意度指标", "群众满意度", "90%以上"),
    ]


def standard_results(code="P1"):
    return [
        result(code, "发放户数", "149户"),
        result(code, "发放准确率", "100%"),
        result(code, "完成时限", "2022-12-20"),
        result(code, "户均成本", "950元"),
        result(code, "信访人次", "0人次"),
        result(code, "平台持续运行", "达成年度指标"),
        result(code, "群众满意度", "95%"),
    ]


def make_year(dirpath: Path, *, projects=None, indicators=None, results=None, payments=None, adjustments=(),
              calc_lines=(), dept_indicators=(), survey=(), grants=(), quantities=(), dept_results=(), year=2022):
    """Write targets.xlsx / actuals.xlsx into `dirpath` and load them."""
    dirpath = Path(dirpath)
    projects = projects or [{"项目编码": "P1", "项目名称": "测试项目", "年初预算数": 100}]
    indicators = standard_indicators() if indicators is None else indicators
    results = standard_results() if results is None else results
    payments = [payment("P1", 1_000_000)] if payments is None else payments
    write_tables(dirpath, {
        S.UNIT.name: unit_rows("测试街道办事处", year, "测试管委会"),
        S.PROJECTS.name: projects, S.INDICATORS.name: indicators, S.CALC_LINES.name: list(calc_lines),
        S.DEPT_INDICATORS.name: list(dept_indicators),
        S.ADJUSTMENTS.name: list(adjustments), S.PAYMENTS.name: payments, S.RESULTS.name: results,
        S.SURVEY.name: list(survey), S.GRANTS.name: list(grants), S.QUANTITIES.name: list(quantities),
        S.DEPT_RESULTS.name: list(dept_results)})
    return load_year(dirpath)
