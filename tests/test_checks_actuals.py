"""Checks of the actuals (A3xx 执行勾稽): each triggered by a small change to the consistent year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import checks_fixtures as F

from jxreport.core import schema as S
from jxreport.checks import run_checks
from jxreport.core.problems import ERROR, HINT, WARNING
from jxreport.scoring.results import IndicatorScore, ProjectScore, YearScore

PAY, GRANTS, RES, ADJ = S.PAYMENTS.name, S.GRANTS.name, S.RESULTS.name, S.ADJUSTMENTS.name


def findings(tmp_path, t, check_id, **kw):
    return [p for p in run_checks(F.load(tmp_path, t), **kw).items if p.id == check_id]


def one(tmp_path, t, check_id, **kw):
    found = findings(tmp_path, t, check_id, **kw)
    assert len(found) == 1, found
    return found[0]


def test_a301_payment_after_deadline(tmp_path):
    t = F.tables()
    F.row_of(t, PAY, 摘要="补偿款")["支付日期"] = dt.date(2022, 12, 15)  # 时限 2022年11月30日前
    p = one(tmp_path, t, "A301")
    row = F.excel_row(t, PAY, 摘要="补偿款")
    assert (p.level, p.project, p.sheet, p.row, p.column) == (HINT, "P2", "支出明细", row, "支付日期")
    assert p.numbers == (("期限", "2022-11-30"), ("晚于期限的支出笔数", "1"), ("金额（元）", "150,000.00"))


def test_a301_silent_on_the_deadline_day(tmp_path):
    t = F.tables()
    F.row_of(t, PAY, 摘要="补偿款")["支付日期"] = dt.date(2022, 11, 30)
    assert not findings(tmp_path, t, "A301")


def test_a302_spent_over_budget(tmp_path):
    t = F.tables()
    t[PAY].append({"项目编码": "P2", "支付日期": dt.date(2022, 10, 8), "金额": 12345.67, "摘要": "追加补偿"})
    p = one(tmp_path, t, "A302")
    assert (p.level, p.project, p.row) == (ERROR, "P2", 3)
    assert p.numbers == (("全年执行数", "51.23"), ("全年预算数", "50.00"), ("超出", "1.23"))
    assert "512,345.67 元" in p.message


def test_a302_explained_by_adjustment(tmp_path):
    t = F.tables()
    t[PAY].append({"项目编码": "P2", "支付日期": dt.date(2022, 10, 8), "金额": 12345.67, "摘要": "追加补偿"})
    t[ADJ] = [{"项目编码": "P2", "调整金额": 1.5, "调整日期": dt.date(2022, 9, 1), "说明": "追加"}]
    assert not findings(tmp_path, t, "A302")
    t[ADJ][0]["调整金额"] = 1.0  # 51.00 < 51.23: still over
    p = one(tmp_path / "b", t, "A302")
    assert p.numbers == (("全年执行数", "51.23"), ("预算调整", "+1.00"), ("全年预算数", "51.00"), ("超出", "0.23"))


def test_a303_grants_vs_ledger(tmp_path):
    t = F.tables()
    F.row_of(t, GRANTS, 人员编号="Z01", 月份=3)["金额"] = 600  # 网格长 26,450 vs ledger 26,400
    p = one(tmp_path, t, "A303")
    assert (p.level, p.project, p.sheet, p.column) == (ERROR, "P1", "发放台账", "金额")
    assert p.numbers == (("发放台账合计（元）", "26,450.00"), ("支出明细合计（元）", "26,400.00"), ("差额（元）", "50.00"))


def test_a303_within_one_yuan_or_untagged_ledger(tmp_path):
    t = F.tables()
    F.row_of(t, GRANTS, 人员编号="Z01", 月份=3)["金额"] = 550.8  # 0.80 元 ≤ 1 元
    assert not findings(tmp_path / "a", t, "A303")
    F.row_of(t, GRANTS, 人员编号="Z01", 月份=3)["金额"] = 900
    for r in t[PAY]:
        r.pop("测算明细", None)  # the ledger names no line: nothing to compare with
    assert not findings(tmp_path / "b", t, "A303")


def test_a304_category_without_line(tmp_path):
    t = F.tables()
    t[GRANTS].append({"项目编码": "P1", "类别": "协管员", "人员编号": "X01", "月份": 1, "金额": 300})
    found = run_checks(F.load(tmp_path, t))
    assert [(p.level, p.numbers) for p in found.by_id("A304")] == [(HINT, (("类别", "协管员"),))]
    assert not found.by_id("A303")  # no line to compare its amount with


def test_a305_paid_twice_in_a_month(tmp_path):
    t = F.tables()
    t[GRANTS].append({"项目编码": "P1", "类别": "网格员", "人员编号": "Y03", "月份": 5, "金额": 400})
    rows = [i for i, r in enumerate(t[GRANTS], 2) if r["人员编号"] == "Y03" and r["月份"] == 5]
    p = one(tmp_path, t, "A305")
    assert (p.level, p.project, p.row) == (ERROR, "P1", rows[1])
    assert p.numbers == (("人员编号", "Y03"), ("月份", "5"), ("次数", "2"))
    assert f"第 {rows[0]}、{rows[1]} 行" in p.message


def test_a305_silent_for_a_refund_or_another_month(tmp_path):
    t = F.tables()
    t[GRANTS].append({"项目编码": "P1", "类别": "网格员", "人员编号": "Y03", "月份": 5, "金额": -400})
    assert not findings(tmp_path, t, "A305")


def test_a306_more_persons_than_planned(tmp_path):
    t = F.tables()
    t[GRANTS].append({"项目编码": "P1", "类别": "网格员", "人员编号": "Y09", "月份": 12, "金额": 400})
    t[PAY].append({"项目编码": "P1", "支付日期": dt.date(2022, 12, 26), "金额": 400, "测算明细": "网格员补贴"})
    t[S.PROJECTS.name][0].update({"年初预算数": 8.52, "上级转移支付": 3.52})
    found = run_checks(F.load(tmp_path, t))
    assert [(p.level, p.numbers) for p in found.by_id("A306")] == [
        (WARNING, (("实发人数", "9"), ("计划人数", "8"), ("差额", "1")))]
    assert not found.by_id("A307") and not found.by_id("A303")


def test_a307_fewer_persons_than_planned(tmp_path):
    t = F.tables()
    F.drop(t, GRANTS, 人员编号="Z04")
    for r in t[PAY]:
        if r.get("测算明细") == "网格长补贴":
            r["金额"] = 1650
    found = run_checks(F.load(tmp_path, t))
    assert [(p.level, p.numbers) for p in found.by_id("A307")] == [
        (HINT, (("实发人数", "3"), ("计划人数", "4"), ("差额", "-1")))]
    assert not found.by_id("A306")


def _replace_y08(t, first_month: int):
    """Y08 leaves after June; Y09 takes the post from `first_month` (July vacant when it is 8)."""
    t[GRANTS] = [r for r in t[GRANTS] if not (r["人员编号"] == "Y08" and r["月份"] > 6)]
    t[GRANTS] += [{"项目编码": "P1", "类别": "网格员", "人员编号": "Y09", "月份": m, "金额": 400}
                  for m in range(first_month, 13)]


def test_a306_a307_count_a_replacement_as_the_same_post(tmp_path):
    # 9 distinct persons against 8 planned, but never more than 8 in a month: no A306.
    # July: Y01–Y07 = 7 persons < 8 planned → A307 (vacancy), naming the month.
    t = F.tables()
    _replace_y08(t, first_month=8)
    found = run_checks(F.load(tmp_path, t), only=("A306", "A307"))
    assert not found.by_id("A306")
    [p] = found.by_id("A307")
    assert p.numbers == (("实发人数", "7"), ("计划人数", "8"), ("差额", "-1"))
    assert "7 月实发人数少于" in p.message


def test_a306_when_the_successor_overlaps(tmp_path):
    # Y09 paid from June while Y08 is still paid in June: June has 9 persons > 8 planned.
    t = F.tables()
    _replace_y08(t, first_month=6)
    found = run_checks(F.load(tmp_path, t), only=("A306", "A307"))
    [p] = found.by_id("A306")
    assert (p.level, p.numbers) == (WARNING, (("实发人数", "9"), ("计划人数", "8"), ("差额", "1")))
    assert "「网格员」6 月实发人数多于" in p.message
    assert not found.by_id("A307")


def test_a308_share_above_100(tmp_path):
    t = F.tables()
    F.row_of(t, RES, 三级指标="网格事件处置率")["实际完成值"] = "105%"
    p = one(tmp_path, t, "A308")
    assert (p.level, p.row, p.column, p.numbers) == (
        WARNING, F.excel_row(t, RES, 三级指标="网格事件处置率"), "实际完成值",
        (("实际完成值", "105%"), ("上限", "100%")))
    F.row_of(t, RES, 三级指标="网格事件处置率")["实际完成值"] = "100%"
    assert not findings(tmp_path / "b", t, "A308")


def test_a308_derived_rate_with_scores(tmp_path):
    """发放率 from 发放台账 above 100 %: 97 paid ÷ 96 planned person-months (8 × 12 + one extra in December)."""
    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    t = F.tables()
    F.row_of(t, RES, 三级指标="补贴发放率")["计算口径"] = "发放率:网格员"
    t[GRANTS].append({"项目编码": "P1", "类别": "网格员", "人员编号": "Y09", "月份": 12, "金额": 400})
    year = F.load(tmp_path, t)
    found = run_checks(year, scores=score_year(year, load_rules())).by_id("A308")
    assert [(p.column, p.numbers[0]) for p in found] == [("计算口径", ("实际完成值", "101.04%"))]


def test_a309_unit_disagrees(tmp_path):
    t = F.tables()
    F.row_of(t, RES, 三级指标="征收完成率")["实际完成值"] = "3个"
    p = one(tmp_path, t, "A309")
    assert (p.level, p.project, p.numbers) == (ERROR, "P2", (("指标值单位", "%"), ("实际完成值单位", "个")))
    F.row_of(t, RES, 三级指标="征收完成率")["实际完成值"] = "0.98"  # a bare number takes the target's unit
    assert not findings(tmp_path / "b", t, "A309")


def test_a310_manual_score_vs_rules(tmp_path):
    """网格事件处置率 96 % ≥ 90 % earns its full 30 points (效益 30 ÷ 1 indicator); 28 typed."""
    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    t = F.tables()
    F.row_of(t, RES, 三级指标="网格事件处置率").update({"自评得分": 28, "偏差原因": "部分事件处置不及时"})
    year = F.load(tmp_path, t)
    scores = score_year(year, load_rules())
    found = run_checks(year, scores=scores).by_id("A310")
    assert [(p.level, p.row, p.numbers) for p in found] == [
        (HINT, F.excel_row(t, RES, 三级指标="网格事件处置率"),
         (("自评得分", "28.00"), ("规则得分", "30.00"), ("差额", "-2.00")))]
    assert not run_checks(year).by_id("A310")  # without scores the check is skipped


def _fake_scores(year, manual_weight):
    ind = IndicatorScore("P1", "效益指标", "社会效益指标", "网格事件处置率", "≥90%", "96%", "quantitative", ">=",
                         Decimal(manual_weight), Decimal(manual_weight), Decimal(manual_weight))
    ps = ProjectScore("P1", "网格化管理", Decimal("8.48"), Decimal("8.48"), Decimal("8.48"), 1.0, Decimal(10),
                      Decimal(10), (ind,), Decimal(100), "优")
    return YearScore(2022, year.unit_name, None, "mof-2020", (ps,), None)


def test_a311_manual_score_outside_weight(tmp_path):
    t = F.tables()
    F.row_of(t, RES, 三级指标="网格事件处置率").update({"自评得分": 32, "偏差原因": "超额完成"})
    year = F.load(tmp_path, t)
    p = [x for x in run_checks(year, scores=_fake_scores(year, 30)).items if x.id == "A311"]
    assert [(x.level, x.numbers) for x in p] == [(ERROR, (("自评得分", "32.00"), ("分值", "30.00")))]
    assert not run_checks(year, scores=_fake_scores(year, 32)).by_id("A311")


def test_a312_payments_typed_in_wan(tmp_path):
    """P2 征地拆迁: budget 50 万元; its payments typed as 35 and 15 (万元) instead of 350,000 and 150,000 元:
    Σ 50 元 = 0.0050 万元, 0.01 % of the budget → 错误 on the first payment row."""
    t = F.tables()
    for r in t[PAY]:
        if r["项目编码"] == "P2":
            r["金额"] = Decimal(r["金额"]) / 10000
    p = one(tmp_path, t, "A312")
    first = min(F.excel_row(t, PAY, **{"项目编码": "P2", "摘要": r["摘要"]}) for r in t[PAY] if r["项目编码"] == "P2")
    assert (p.level, p.project, p.sheet, p.row, p.column) == (ERROR, "P2", "支出明细", first, "金额")
    assert "多半按万元填写" in p.message and "0.01%" in p.message
    assert p.numbers == (("支出明细合计（元）", "50.00"), ("全年预算数（万元）", "50.00"))


def test_a312_budget_typed_in_yuan(tmp_path):
    """P2's budget typed as 500,000 (元) in the 万元 column: 500,000 元 spent is 0.01 % of 500,000 万元."""
    t = F.tables()
    row = F.row_of(t, S.PROJECTS.name, 项目编码="P2")
    row["年初预算数"], row["本级资金"] = 500000, 500000
    p = one(tmp_path, t, "A312")
    assert (p.sheet, p.column, p.project) == ("项目", "年初预算数", "P2")
    assert "年初预算数多半按元填写" in p.message


def test_a312_silent_on_consistent_amounts_and_at_the_edges(tmp_path):
    assert not findings(tmp_path, F.tables(), "A312")
    t = F.tables()  # P2 spends exactly 1 % of 50 万元 = 5,000 元: plausible (a project that barely started)
    pays = [r for r in t[PAY] if r["项目编码"] == "P2"]
    pays[0]["金额"], pays[1]["金额"] = 2500, 2500
    assert not findings(tmp_path, t, "A312")
