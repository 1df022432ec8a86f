"""Guardrails R213, R214, A325, A326: indicators whose score rewards the wrong thing (docs/checks.md).

Each rule fires on hand-built years in the wordings users write, stays silent where it does not
apply, reads its word lists from the rule file, and fires on the sample year where it should.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import checks_fixtures as F
import pytest

from jxreport import load_year
from jxreport.checks import run_checks
from jxreport.cli import main
from jxreport.core import schema as S
from jxreport.core.exceptions import ParamsError
from jxreport.core.problems import HINT, WARNING
from jxreport.scoring.derive import derive
from jxreport.scoring.rules import load_rules
from jxreport.scoring.scorer import score_year

IDS = ("R212", "R213", "R214", "A325", "A326")
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "2022"


def found(tmp_path, t, rules=None):
    """The guardrail findings (and R212) of year `t`, checked after scoring it with `rules`."""
    year = F.load(tmp_path, t)
    r = load_rules(rules)
    return run_checks(year, r, scores=score_year(year, r), only=IDS).items


def ids(items, code=None) -> list[str]:
    return sorted(p.id for p in items if code is None or p.project == code)


def set_indicator(t, code, old, name=None, value=None, level2=None, actual=None, formula=None):
    """Rename / change one indicator and its 指标完成 row together."""
    ind = F.row_of(t, S.INDICATORS.name, 项目编码=code, 三级指标=old)
    res = F.row_of(t, S.RESULTS.name, 项目编码=code, 三级指标=old)
    if name is not None:
        ind["三级指标"] = res["三级指标"] = name
    if value is not None:
        ind["指标值"] = value
    if level2 is not None:
        ind["二级指标"] = level2
    if actual is not None or formula is not None:
        res.pop("实际完成值", None)
        res.pop("计算口径", None)
        if actual is not None:
            res["实际完成值"] = actual
        if formula is not None:
            res["计算口径"] = formula
    return ind, res


def test_clean_year_has_no_guardrail_finding(tmp_path):
    assert found(tmp_path, F.tables()) == ()


# ------------------------------------------------------------------ R213

@pytest.mark.parametrize("name", ["预算完成率", "预算执行率", "资金执行率", "支出进度", "资金 支付率"])
def test_r213_execution_rate_as_cost_indicator_by_name(tmp_path, name):
    t = F.tables()
    set_indicator(t, "P1", "网格员补贴标准", name=name, value="≥95%", actual="96%")
    items = found(tmp_path, t)
    [p] = [p for p in items if p.id == "R213"]
    assert p.level == WARNING and p.project == "P1" and p.sheet == S.INDICATORS.name
    # P1: 执行率 10 points; 产出指标 50 ÷ 4 二级指标 = 12.50 for the cost indicator → 22.50 points on one ratio
    assert "10.00 分 + 本指标 12.50 分 = 22.50 分" in p.message
    assert "R212" not in ids(items)  # R213 says it, with the points; no second finding


def test_r213_by_formula_whatever_the_name(tmp_path):
    t = F.tables()
    set_indicator(t, "P1", "网格员补贴标准", name="资金使用情况", value="≥95%", formula="预算执行率")
    [p] = [p for p in found(tmp_path, t) if p.id == "R213"]
    assert "计算口径为「预算执行率」" in p.message


def test_r213_silent_for_money_costs_and_for_rates_outside_cost(tmp_path):
    t = F.tables()
    set_indicator(t, "P1", "网格员补贴标准", name="项目成本", value="≤8.48万元", actual="8.48万元")
    set_indicator(t, "P2", "征收完成率", name="预算执行率", value="100%", actual="100%")  # 质量指标, not cost
    assert "R213" not in ids(found(tmp_path, t))


def test_r213_words_come_from_the_rule_file(tmp_path):
    t = F.tables()
    set_indicator(t, "P1", "网格员补贴标准", name="经费兑现率", value="≥95%", actual="96%")
    assert "R213" not in ids(found(tmp_path / "a", t))
    rules = tmp_path / "local.yaml"
    rules.write_text("name: local\ntitle: 本地\nextends: mof-2020\nguardrails:\n  execution_names: [经费兑现率]\n",
                     encoding="utf-8")
    assert "R213" in ids(found(tmp_path / "b", t, rules))


def test_guardrail_lists_are_checked(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: 坏\nextends: mof-2020\nguardrails:\n  execution_names: []\n"
                   "  count_words: {人次: 人}\n  typo: 1\n", encoding="utf-8")
    with pytest.raises(ParamsError) as exc:
        load_rules(bad)
    msg = str(exc.value)
    assert "guardrails.execution_names" in msg and "guardrails.count_words.人次" in msg and "guardrails.typo" in msg


# ------------------------------------------------------------------ A325

def test_a325_total_cost_met_while_quantity_missed(tmp_path):
    t = F.tables()
    set_indicator(t, "P2", "清场费成本", name="项目成本", value="≤50万元", actual="41.58万元")
    F.row_of(t, S.QUANTITIES.name, 项目编码="P2")["数量"] = 50  # 50 of 100 亩
    items = found(tmp_path, t)
    [p] = [p for p in items if p.id == "A325"]
    assert p.level == HINT and p.project == "P2" and p.sheet == S.RESULTS.name
    assert "「项目成本」" in p.message and "「征收亩数」（100亩，完成 50 亩）" in p.message


def test_a325_silent_when_quantity_met_or_cost_is_per_unit(tmp_path):
    t = F.tables()
    set_indicator(t, "P2", "清场费成本", name="项目成本", value="≤50万元", actual="41.58万元")
    assert "A325" not in ids(found(tmp_path / "met", t))  # all 100 亩 delivered
    t = F.tables()  # 清场费成本 ≤3500元/亩 is per delivered 亩: not lowered by undelivered output
    F.row_of(t, S.QUANTITIES.name, 项目编码="P2")["数量"] = 50
    assert "A325" not in ids(found(tmp_path / "unit", t))


def test_a325_silent_when_cost_missed(tmp_path):
    t = F.tables()
    set_indicator(t, "P2", "清场费成本", name="项目成本", value="≤40万元", actual="41.58万元")
    F.row_of(t, S.QUANTITIES.name, 项目编码="P2")["数量"] = 50
    assert "A325" not in ids(found(tmp_path, t))


# ------------------------------------------------------------------ R214, A326

@pytest.mark.parametrize("name,value,fires", [
    ("发放人次", "12人", True), ("发放人次", "144人次", False), ("补贴发放人数", "12人", False),
    ("改造个数", "2次", True), ("改造个数", "2个", False), ("完成项数", "3次", True), ("完成项数", "3项", False), ("受益户数", "12人", True), ("培训场次", "4场", False),
])
def test_r214_count_word_against_the_target_unit(tmp_path, name, value, fires):
    t = F.tables()
    set_indicator(t, "P1", "发放人数", name=name, value=value, actual=value)
    items = [p for p in found(tmp_path, t) if p.id == "R214"]
    assert bool(items) == fires
    if fires:
        assert items[0].level == HINT and f"「{name}」" in items[0].message


@pytest.mark.parametrize("name,value,formula,fires", [
    ("发放人次", "12人", "人数:网格长,网格员", True),      # 人次 computed as distinct persons
    ("发放人次", "144人次", "人次:网格长,网格员", False),
    ("发放人数", "144人次", "人次:网格长,网格员", True),   # persons computed as payments
    ("发放人数", "12人", "人数:网格长,网格员", False),
    ("补贴发放", "12人", "人数:网格长,网格员", False),     # no count word in the name
])
def test_a326_formula_against_name(tmp_path, name, value, formula, fires):
    t = F.tables()
    set_indicator(t, "P1", "发放人数", name=name, value=value, formula=formula)
    items = [p for p in found(tmp_path, t) if p.id == "A326"]
    assert bool(items) == fires
    if fires:
        assert items[0].sheet == S.RESULTS.name and items[0].column == "计算口径"


def test_payments_formula_counts_person_months_paid(tmp_path):
    """人次 = payments to persons: a split payment counts once, a reversed one not at all."""
    t = F.tables()
    g = t[S.GRANTS.name]
    # Y01, January: 400 paid as 300 + 100 → still one 人次; Y02, February: 400 then −400 → no 人次
    jan = F.row_of(t, S.GRANTS.name, 人员编号="Y01", 月份=1)
    jan["金额"] = 300
    g.append({"项目编码": "P1", "类别": "网格员", "人员编号": "Y01", "月份": 1, "金额": 100})
    g.append({"项目编码": "P1", "类别": "网格员", "人员编号": "Y02", "月份": 2, "金额": -400})
    year = F.load(tmp_path, t)
    r = derive(year, "P1", "人次:网格员")
    assert r.value == 8 * 12 - 1 and r.unit == "人次"  # 96 person-months less the reversed one
    assert derive(year, "P1", "人数:网格员").value == 8


# ------------------------------------------------------------------ the sample year

@pytest.fixture(scope="module")
def sample_findings():
    year = load_year(SAMPLE)
    r = load_rules()
    return run_checks(year, r, scores=score_year(year, r), only=IDS).items


def test_sample_year_guardrails(sample_findings):
    by = Counter((p.id, p.project) for p in sample_findings if p.id != "R212")
    # 预算完成率 as a 成本指标 in JX-01, JX-05, JX-06
    assert {k for k in by if k[0] == "R213"} == {("R213", "JX-01"), ("R213", "JX-05"), ("R213", "JX-06")}
    # JX-06: 改造成本 ≤500万元 met (415.80) while 市场改造个数 is 1 of 2
    assert {k for k in by if k[0] == "A325"} == {("A325", "JX-06")}
    # JX-03 发放人次 computed with 人数:网格员 (distinct persons)
    assert {k for k in by if k[0] == "A326"} == {("A326", "JX-03")}
    # 发放人次 written 88人 (JX-03), 市场改造个数 written 2次 (JX-06)
    assert {k for k in by if k[0] == "R214"} == {("R214", "JX-03"), ("R214", "JX-06")}
    assert all(n == 1 for n in by.values())
    cost = next(p for p in sample_findings if p.id == "A325")
    assert "改造成本" in cost.message and "市场改造个数" in cost.message


def test_check_command_lists_them(capsys):
    main(["check", str(SAMPLE), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    got = {(f["id"], f["project"]) for f in data["findings"] if f["id"] in ("R213", "A325", "A326", "R214")}
    assert {("R213", "JX-01"), ("R213", "JX-05"), ("R213", "JX-06"), ("A325", "JX-06"), ("A326", "JX-03")} <= got
