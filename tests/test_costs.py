"""成本分析 (jxreport.scoring.costs): unit costs against their standards, hand-worked.

One project P1 (year 2022), every figure worked out by hand:

- 网格员补贴 400 元/人/月 × 2 人 × 12 月 (no 台账类别: linked by name to 类别 网格员).
  Ledger: A paid 12 months × 400; B months 1–6 × 400, then leaves (month 7 vacant);
  C replaces B from month 8: 200 (half month) + 4 × 400. Σ = 4,800 + 2,400 + 1,800 = 9,000 元;
  person-months 12 + 6 + 5 = 23 → 9,000 ÷ 23 = 391.304… → 391.30 元/人/月;
  deviation (391.30 − 400) ÷ 400 = −2.175 % → −2.18 % (half up); 3 persons vs 2 planned.
- 两委人员报酬 6,000 元/人/年 × 3 人, 台账类别 村干部 (the name does not contain it):
  X, Y 12 × 500, Z 10 × 500 → 17,000 元 ÷ 3 人 = 5,666.666… → 5,666.67 元/人/年;
  deviation (5,666.67 − 6,000) ÷ 6,000 = −5.5555 % → −5.56 %.
- 清场费 3,500 元/亩 × 100 亩, 实物量 征收亩数 = 96.5 亩; payments naming it 330,000 元
  → 330,000 ÷ 96.5 = 3,419.689… → 3,419.69 元/亩; (3,419.69 − 3,500) ÷ 3,500 = −2.2946 % → −2.29 %.
- 宣传费, no 单价: 测算金额 2 万元 ÷ 40 次 = 500.00 元/次; no 实物量 → actual null, with a reason.
- 平台运维费: no 单价, no 数量 → no standard, actual null.
- Payments: 330,000 (清场费) + 76,000 not naming a line = 406,000 元 全年执行数.
  Lines: 9,000 + 17,000 (from their ledgers) + 330,000 + 0 + 0 = 356,000 → 未列明细 50,000 元,
  share 50,000 ÷ 406,000 = 12.315 % → 12.32 %.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from scoring_fixtures import make_year, payment

import jxreport as jx
from jxreport.outputs import scores_json
from jxreport.scoring.costs import UNLINKED, basis_of, compute_costs, line_names_category
from jxreport.scoring.derive import derive
from jxreport.scoring.scorer import score_year


def _grant(cat, who, month, amount, code="P1"):
    return {"项目编码": code, "类别": cat, "人员编号": who, "月份": month, "金额": amount}


def _ledger():
    rows = [_grant("网格员", "A", m, 400) for m in range(1, 13)]
    rows += [_grant("网格员", "B", m, 400) for m in range(1, 7)]
    rows += [_grant("网格员", "C", 8, 200)] + [_grant("网格员", "C", m, 400) for m in range(9, 13)]
    rows += [_grant("村干部", w, m, 500) for w in ("X", "Y") for m in range(1, 13)]
    rows += [_grant("村干部", "Z", m, 500) for m in range(1, 11)]
    return rows


LINES = [
    {"项目编码": "P1", "明细名称": "网格员补贴", "单价": 400, "单价单位": "元/人/月", "数量": 2, "数量单位": "人",
     "月数": 12, "测算金额": 0.96},
    {"项目编码": "P1", "明细名称": "两委人员报酬", "单价": 6000, "单价单位": "元/人/年", "数量": 3, "数量单位": "人",
     "测算金额": 1.8, "台账类别": "村干部"},
    {"项目编码": "P1", "明细名称": "清场费", "单价": 3500, "单价单位": "元/亩", "数量": 100, "数量单位": "亩",
     "测算金额": 35, "实物量": "征收亩数"},
    {"项目编码": "P1", "明细名称": "宣传费", "数量": 40, "数量单位": "次", "测算金额": 2},
    {"项目编码": "P1", "明细名称": "平台运维费", "测算金额": 10},
]


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    return make_year(tmp_path_factory.mktemp("costs"), calc_lines=LINES, grants=_ledger(),
                     payments=[payment("P1", 330000, line="清场费"), payment("P1", 76000)],
                     quantities=[{"项目编码": "P1", "名称": "征收亩数", "数量": 96.5, "单位": "亩"}])


@pytest.fixture(scope="module")
def costs(year):
    return compute_costs(year).of("P1")


def _line(costs, name):
    return next(ln for ln in costs.lines if ln.line == name)


def test_per_person_month_counts_person_months_with_vacancy_and_replacement(costs):
    ln = _line(costs, "网格员补贴")
    assert ln.source == "grants" and ln.spent == Decimal("9000.00")
    assert (ln.persons, ln.person_months, ln.months) == (3, 23, 12)
    assert ln.planned_persons == 2 and ln.planned_person_months == 24
    assert ln.standard.value == Decimal("400.00") and ln.standard.unit == "元/人/月"
    assert ln.actual.value == Decimal("391.30")
    assert ln.actual.derivation == "9,000.00 元 ÷ 23 人·月 = 391.30 元/人/月"
    assert ln.deviation_pct == Decimal("-2.18")


def test_per_person_year_counts_distinct_persons_via_the_explicit_category(costs):
    ln = _line(costs, "两委人员报酬")
    assert ln.categories == ("村干部",)
    assert ln.actual.value == Decimal("5666.67") and ln.actual.unit == "元/人/年"
    assert ln.actual.derivation == "17,000.00 元 ÷ 3 人 = 5,666.67 元/人/年"
    assert ln.deviation_pct == Decimal("-5.56")


def test_per_mu_divides_spending_by_the_linked_quantity(costs):
    ln = _line(costs, "清场费")
    assert ln.source == "payments" and ln.spent == Decimal("330000")
    assert ln.actual.value == Decimal("3419.69")
    assert ln.actual.derivation == "清场费 支出 330,000.00 元 ÷ 征收亩数 96.50 亩 = 3,419.69 元/亩"
    assert ln.deviation_pct == Decimal("-2.29")
    assert ln.rate_pct == Decimal("94.29")  # 330,000 ÷ 350,000


def test_line_without_price_takes_amount_over_quantity_and_says_why_no_actual(costs):
    ln = _line(costs, "宣传费")
    assert ln.standard.value == Decimal("500.00") and ln.standard.unit == "元/次"
    assert ln.standard.derivation == "测算金额 20,000.00 元 ÷ 数量 40 次 = 500.00 元/次"
    assert ln.actual is None and "实物量" in ln.reason
    run = _line(costs, "平台运维费")
    assert run.standard is None and run.actual is None and "单价" in run.reason


def test_unlinked_spending_is_its_own_row_and_rows_add_up(costs):
    ln = _line(costs, UNLINKED)
    assert ln.spent == Decimal("50000") and ln.share_pct == Decimal("12.32")
    assert costs.unlinked == Decimal("50000") and costs.spent == Decimal("406000")
    assert sum(x.spent for x in costs.lines) == costs.spent
    assert not costs.notes


def test_ambiguous_and_missing_name_matches_are_notes_not_guesses(tmp_path):
    lines = [{"项目编码": "P1", "明细名称": "网格长网格员补贴", "单价": 450, "单价单位": "元/人/月", "数量": 2,
              "数量单位": "人", "月数": 12, "测算金额": 1.08},
             {"项目编码": "P1", "明细名称": "协管员补贴", "单价": 300, "单价单位": "元/人/月", "数量": 1,
              "数量单位": "人", "月数": 12, "测算金额": 0.36}]
    grants = [_grant("网格长", "A", 1, 450), _grant("网格员", "B", 1, 450)]
    year = make_year(tmp_path, calc_lines=lines, grants=grants, payments=[payment("P1", 900)])
    pc = compute_costs(year).of("P1")
    kinds = {(n.line, n.kind) for n in pc.notes}
    assert kinds == {("网格长网格员补贴", "ambiguous"), ("协管员补贴", "missing")}
    both = _line(pc, "网格长网格员补贴")
    assert both.actual is None and both.categories == ()
    assert _line(pc, UNLINKED).spent == Decimal("900")


def test_yoy_compares_with_the_same_line_of_the_previous_year(tmp_path):
    def year(folder, price, paid):
        fy = 2022 if folder == "a" else 2023
        line = [{"项目编码": "P1", "明细名称": "网格员补贴", "单价": price, "单价单位": "元/人/月", "数量": 1,
                 "数量单位": "人", "月数": 2, "测算金额": price * 2 / 10000}]
        return make_year(tmp_path / folder, calc_lines=line, grants=[_grant("网格员", "A", m, paid) for m in (1, 2)],
                         payments=[payment("P1", paid * 2, dt.date(fy, 6, 30), line="网格员补贴")], year=fy)
    prev = year("a", 400, 380)
    now = year("b", 450, 418)
    ln = _line(compute_costs(now, prev).of("P1"), "网格员补贴")
    assert ln.previous.value == Decimal("380.00")
    assert ln.yoy_pct == Decimal("10.00")  # (418 − 380) ÷ 380


def test_cost_tables_show_last_years_unit_cost_only_with_a_previous_year(tmp_path):
    # 2022: 380 元 × 2 months ÷ 2 人·月 = 380.00; 2023: 418 × 2 ÷ 2 = 418.00; (418 − 380) ÷ 380 = +10.00 %
    def year(folder, fy, price, paid):
        line = [{"项目编码": "P1", "明细名称": "网格员补贴", "单价": price, "单价单位": "元/人/月", "数量": 1,
                 "数量单位": "人", "月数": 2, "测算金额": price * 2 / 10000}]
        make_year(tmp_path / folder, calc_lines=line, grants=[_grant("网格员", "A", m, paid) for m in (1, 2)],
                  payments=[payment("P1", paid * 2, dt.date(fy, 6, 30), line="网格员补贴")], year=fy)
    year("a", 2022, 400, 380)
    year("b", 2023, 450, 418)
    ctx = jx.prepare(tmp_path / "b", "mof-2020", previous_dir=tmp_path / "a")
    for html in (jx.report_sections.cost_analysis(ctx.slices(["P1"])["P1"], "P1"), jx.report_sections.dept_costs(ctx)):
        assert "上年单位成本" in html
        assert ">380.00 元/人/月<" in html and ">+10.00%<" in html
    assert "网格员补贴上年 380.00 元/人/月，同比 +10.00%" in jx.report_sections.cost_analysis(ctx, "P1")
    alone = jx.prepare(tmp_path / "b", "mof-2020")
    html = jx.report_sections.cost_analysis(alone, "P1")
    assert "上年单位成本" not in html and "同比" not in html and ">418.00 元/人/月<" in html


def test_unit_cost_chart_draws_actual_over_standard_with_labels_inside(costs):
    # 网格员补贴 391.30 ÷ 400 = 97.825 %; 两委人员报酬 5,666.67 ÷ 6,000 = 94.44…%; 清场费 3,419.69 ÷ 3,500 = 97.70…%
    from jxreport.sections import charts

    fig = charts.unit_costs(costs.lines)
    ax = fig.axes[0]
    assert [b.get_width() for b in ax.patches] == pytest.approx([97.825, 5666.67 / 60, 3419.69 / 35])
    assert [t.get_text() for t in ax.texts][0] == "391.30（标准 400.00 元/人/月）"
    box = ax.get_window_extent(fig.canvas.get_renderer())
    assert all(t.get_window_extent(fig.canvas.get_renderer()).x1 <= box.x1 for t in ax.texts)  # no label cut
    assert charts.unit_costs([ln for ln in costs.lines if ln.actual is None]) is None


def test_units_and_link_rule():
    assert basis_of("元/人/月") == ("person_month", "人")
    assert basis_of("元/人·月") == ("person_month", "人")
    assert basis_of("元/人/年") == ("person", "人")
    assert basis_of("元/户") == ("person", "户")
    assert basis_of("元/亩") == ("quantity", "亩")
    assert basis_of("万元") is None
    assert line_names_category("网格员补贴", None, "网格员")
    assert not line_names_category("网格员补贴", "协管员", "网格员")
    assert line_names_category("两委报酬", "村干部、会计", "会计")


def test_scores_json_carries_the_cost_table_as_documented(year):
    data = scores_json.to_dict(score_year(year, "mof-2020"), compute_costs(year))
    costs = json.loads(json.dumps(data, ensure_ascii=False))["projects"][0]["costs"]
    first = costs["lines"][0]
    assert first["line"] == "网格员补贴" and first["budget"] == "0.96" and first["spent"] == "9000.00"
    assert first["standard"]["value"] == "400.00" and first["actual"] == {
        "value": "391.30", "unit": "元/人/月", "derivation": "9,000.00 元 ÷ 23 人·月 = 391.30 元/人/月"}
    assert first["basis"]["person_months"] == 23 and first["deviation_pct"] == "-2.18"
    assert costs["lines"][3]["actual"] is None and costs["lines"][3]["reason"]
    assert (costs["spent"], costs["unlinked"]) == ("406000.00", "50000.00")
    assert sum(Decimal(ln["spent"]) for ln in costs["lines"]) == Decimal(costs["spent"])
    doc = (Path(__file__).resolve().parents[1] / "docs" / "outputs.md").read_text(encoding="utf-8")
    keys = set(costs) | {k for ln in costs["lines"] for k in ln} | set(first["basis"]) | set(first["actual"])
    assert not sorted(k for k in keys if f"`{k}`" not in doc)


def test_cost_section_prints_rows_that_add_up_with_their_arithmetic(tmp_path):
    lines = [dict(LINES[0], 明细名称="网格员补贴<b>")] + LINES[1:]
    make_year(tmp_path, calc_lines=lines, grants=_ledger(),
              payments=[payment("P1", 330000, line="清场费"), payment("P1", 76000)],
              quantities=[{"项目编码": "P1", "名称": "征收亩数", "数量": 96.5, "单位": "亩"}])
    ctx = jx.prepare(tmp_path, "mof-2020")
    html = jx.report_sections.cost_analysis(ctx, "P1")
    assert "网格员补贴&lt;b&gt;" in html and "网格员补贴<b>" not in html
    assert "9,000.00 元 ÷ 23 人·月 = 391.30 元/人/月" in html
    # B left, C replaced B: 3 persons filled 2 posts → 9,000 ÷ 2 = 4,500.00 元 a post, standard 400 × 12 = 4,800.00
    assert "每个岗位全年 9,000.00 元 ÷ 2 个计划岗位 = 4,500.00 元（标准 400.00 元/人/月 × 12 月 = 4,800.00 元）" in html
    assert "（391.30 − 400.00）÷ 400.00 = -2.18%" in html
    # 预算 0.96 + 1.80 + 35.00 + 2.00 + 10.00 = 49.76 万元; 支出 Σ rows = 406,000.00 元 = 全年执行数
    total = html[html.index('<tr class="total">'):]
    assert ">49.76<" in total and ">406,000.00<" in total
    assert "未列明细" in html and "50,000.00 元支出不属于任何测算明细" in html
    assert '<figure class="jx-chart">' in html and "实际单位成本 ÷ 标准" in html
    dept = jx.report_sections.dept_costs(ctx)
    assert dept.index("按 元/人/月") < dept.index("按 元/人/年") < dept.index("按 元/亩") < dept.index("无单价标准")
    assert ">0.96<" in dept and ">9,000.00<" in dept and "391.30 元/人/月" in dept


def test_pay_rate_formula_follows_the_same_link(year):
    """发放率:村干部 finds its planned 3 人 through 台账类别 (the line's name does not contain it)."""
    d = derive(year, "P1", "发放率:村干部")
    assert d.derivation == "实发 3 人 ÷ 计划 3 人（测算明细 两委人员报酬 3 人）= 100.00%"
