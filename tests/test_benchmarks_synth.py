"""The synthetic year of benchmarks/: valid, self-consistent, every target form, and it scores."""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal

import pytest

from jxreport.samples.synth import KINDS, make_tables, write_year
from jxreport import load_year
from jxreport.core import schema as S
from jxreport.grammar.targets import parse_target


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """Three projects, one of each kind, written with the real workbook writer."""
    return load_year(write_year(tmp_path_factory.mktemp("synth") / "2022", projects=3, seed=11))


def _dec(x) -> Decimal:
    return Decimal(str(x))


def test_loads_without_a_single_problem(year):
    assert year.warnings == ()
    assert (year.year, len(year.projects), len(year.indicators), len(year.results)) == (2022, 3, 30, 30)
    # About 50 payments and exactly 100 survey responses a project.
    assert list(year.payments.groupby("项目编码").size()) == [50, 50, 50]
    assert list(year.survey.groupby("项目编码").size()) == [100, 100, 100]
    assert len(year.grants) > 0 and len(year.quantities) == 1
    assert all(d.year == 2022 for d in year.payments["支付日期"])


def test_budget_lines_multiply_out_and_add_up(year):
    lines = year.calc_lines
    priced = lines[lines["单价"].notna()]
    for _, r in priced.iterrows():
        months = r["月数"] if r["月数"] == r["月数"] else 1  # NaN → not by month
        assert _dec(r["单价"]) * _dec(r["数量"]) * _dec(months) / 10000 == _dec(r["测算金额"])
    for _, p in year.projects.iterrows():
        declared = sum((_dec(v) for v in lines.loc[lines["项目编码"] == p["项目编码"], "测算金额"]), Decimal(0))
        assert declared == _dec(p["年初预算数"])
        parts = _dec(p["本级资金"]) + (_dec(p["上级转移支付"]) if p["上级转移支付"] == p["上级转移支付"] else 0)
        assert parts == _dec(p["年初预算数"])
        spent = sum((_dec(v) for v in year.of("payments", p["项目编码"])["金额"]), Decimal(0))
        assert spent <= _dec(p["年初预算数"]) * 10000


def test_grant_ledger_agrees_with_payments_and_plan(year):
    # 网格长 are paid 2500 元 a month and 网格员 2000 元, 12 months each: the 测算明细 line
    # for each category is 单价 × persons × 12, and the payments tagged with it sum to the ledger.
    g = year.grants
    for cat, price in (("网格长", 2500), ("网格员", 2000)):
        rows = g[g["类别"] == cat]
        persons = rows["人员编号"].nunique()
        assert len(rows) == persons * 12 and set(rows["金额"]) == {price}
        line = year.calc_lines[year.calc_lines["明细名称"] == cat].iloc[0]
        assert (line["单价"], line["数量"], line["月数"]) == (price, persons, 12)
        paid = year.payments.loc[year.payments["测算明细"] == cat, "金额"].sum()
        assert paid == rows["金额"].sum() == price * persons * 12


def test_every_target_form_and_formula_is_present(year):
    kinds, ops = set(), set()
    for _, r in year.indicators.iterrows():
        t = parse_target(r["指标值"], r["二级指标"], year.year, r["指标性质"])
        kinds.add(t.kind)
        ops.add(t.op)
    assert kinds == {"quantitative", "deadline", "boolean", "qualitative"}
    assert {">=", "<=", "=", "<"} <= ops  # 低于1次 reads as a strict <
    forms = {str(f).split(":")[0] for f in year.results["计算口径"].dropna()}
    assert forms == {"预算执行率", "满意度", "人数", "人次", "人均", "人均月", "发放率", "实物量", "单位成本", "支出"}
    assert "控制在预算内" in set(year.indicators["指标值"])
    # A 满意度指标 with neither value nor 口径 (takes the project's satisfaction).
    blank = year.results[year.results["实际完成值"].isna() & year.results["计算口径"].isna()]
    assert list(blank["三级指标"]) == ["服务对象满意度"]


def test_same_seed_same_year_other_seed_other_year():
    a, b, c = make_tables(4, seed=3), make_tables(4, seed=3), make_tables(4, seed=4)
    assert a == b
    assert a[S.PAYMENTS.name] != c[S.PAYMENTS.name]
    assert [p["项目编码"] for p in a[S.PROJECTS.name]] == ["P00001", "P00002", "P00003", "P00004"]
    assert len(KINDS) == 3


def test_small_ledger_sizes_for_scale_years():
    t = make_tables(6, seed=1, payments=10, responses=10, max_leaders=1)
    assert len(t[S.PAYMENTS.name]) == 60 and len(t[S.SURVEY.name]) == 60
    # Two grants projects, 1 网格长 + 2 网格员 each, 12 months.
    assert len(t[S.GRANTS.name]) == 2 * 3 * 12
    assert all(isinstance(p["支付日期"], dt.date) for p in t[S.PAYMENTS.name])


@pytest.mark.skipif(importlib.util.find_spec("jxreport.scoring.scorer") is None, reason="scoring not written yet")
def test_it_scores(year):
    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    ys = score_year(year, load_rules(None))
    assert len(ys.projects) == 3
    for p in ys.projects:
        assert 0 < p.score <= 100
        assert len(p.indicators) == 10


@pytest.mark.skipif(importlib.util.find_spec("jxreport.checks") is None, reason="checks not written yet")
def test_check_finds_no_error(year):
    from jxreport.checks import run_checks
    from jxreport.scoring.rules import load_rules

    findings = run_checks(year, rules=load_rules(None))
    assert [str(f) for f in findings.errors] == []
