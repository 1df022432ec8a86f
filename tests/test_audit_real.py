"""Published 自评表 laid out by hand (tests/audit_fixtures/build.py, sources cited there):
each table's findings worked by hand, and the same findings from the PDF print of it."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from jxreport.audit import audit_paths

_spec = importlib.util.spec_from_file_location("audit_build", Path(__file__).parent / "audit_fixtures" / "build.py")
build_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_mod)


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    return build_mod.build(tmp_path_factory.mktemp("audit_real"), pdf=True)


def _audits(path):
    run = audit_paths([path])
    assert not run.unreadable, run.unreadable
    return run.audits


def _kinds(a):
    return sorted((f.kind, f.cell) for f in a.findings)


def test_tangxi_weituo_zero_total_row(fixtures):
    # 年度资金总额 row printed 0 | 0 | 0 beside 其中：本年财政拨款 90 | 89.974 | 89.974:
    # three funds_rows_sum errors (C7 D7 E7). From the 其中 figures the rate is
    # 89.974 ÷ 89.974 = 100 %, so the printed rate 0 (G7) and score 0 (H7) are errors: 10 × 1 = 10.
    # Printed scores: 0 + 8×5 + 10 + 10×3 + 10 = 90, but 总分 says 100 (H24).
    # "≥100百分比" against 100 is met (百分比 = %); qualitative rows say 达成预期指标.
    (a,) = _audits(fixtures["tangxi_weituo"])
    assert a.table.project == "委托业务项目" and a.table.money_unit == "万元"
    assert _kinds(a) == [("execution_rate", "G7"), ("execution_score", "H7"), ("funds_rows_sum", "C7"),
                         ("funds_rows_sum", "D7"), ("funds_rows_sum", "E7"), ("total_sum", "H24")]
    by = {f.kind: f for f in a.findings}
    assert by["execution_score"].published == 0 and by["execution_score"].expected == 10
    assert by["total_sum"].published == 100 and by["total_sum"].expected == 90
    assert [i.level1 for i in a.table.indicators][:2] == ["产出指标", "产出指标"]  # "(50分)" stripped, filled down
    assert a.errors == 6


def test_tangxi_yuan_spec_example(fixtures):
    # 215,457.6 ÷ 250,000 = 0.8618304 → "86.18%" as printed; score 10 × 0.8618304 = 8.618 → 8.62,
    # printed 9 (H5). 满意度 worth 20: 93% against ≥95% is missed yet scored 20 of 20 (H13),
    # rule 20 × 93 ÷ 95 = 19.578 → 19.58, and its reason cell I13 is empty.
    # 总分 99 = 9 + 25 + 25 + 20 + 20 agrees with the printed scores.
    (a,) = _audits(fixtures["tangxi_yuan"])
    d = a.to_dict()
    assert d["money_unit"] == "元"
    assert d["published"] == {"budget_initial": 250000.0, "budget": 250000.0, "executed": 215457.6,
                              "execution_rate": "86.18%", "execution_score": 9.0, "total": 99.0, "grade": None}
    assert d["recomputed"] == {"execution_rate": "0.861830", "execution_score": 8.62, "total": 98.62}
    assert _kinds(a) == [("execution_score", "H5"), ("missing_deviation_reason", "I13"),
                         ("not_met_but_full_score", "H13")]
    f = next(f for f in a.findings if f.kind == "not_met_but_full_score")
    assert f.expected == Decimal("19.58") and f.indicator == "村民满意度"  # "指标4：" prefix dropped
    assert d["findings"][0]["kind"] == "execution_score"  # 错误 first


def test_huanggang_soil_weights_only_in_labels(fixtures):
    # 预算执行 worth 20 (from "（20分）"), 10 ÷ 10 = 100 % → 20 as printed. No 分值 column: the
    # blocks 年度绩效目标1（40分）+ 2（40分）+ 20 = 100. 总分 99.6 = 20+10+10+19.6+20+20.
    # Nothing to recompute per indicator (one unreadable_value), and every actual repeats its target.
    (a,) = _audits(fixtures["huanggang_soil"])
    assert a.table.execution_weight.value == 20
    assert [b for _, b in a.table.block_weights] == [40, 40]
    assert [f.kind for f in a.findings] == ["unreadable_value", "actual_copies_target"]
    assert a.errors == 0


def test_deyang_reverse_target_missed_with_full_marks(fixtures):
    # 48 ÷ 50 = 96.00 % → 10 × 0.96 = 9.6 as printed. 结余率 ≤5% with 8%: missed, scored 22.5 of
    # 22.5; rule (ratio) 22.5 × 5 ÷ 8 = 14.0625 → 14.06. "=100%" targets met. 合计 99.6 agrees.
    (a,) = _audits(fixtures["deyang"])
    assert _kinds(a) == [("not_met_but_full_score", "H10")]
    assert a.findings[0].expected == Decimal("14.06")


def test_daying_two_tables_stacked_split_target(fixtures):
    # Table 1: ≤ | 30 | 万元 with 完成值 "完成": not a number, so unchecked (H9), no error.
    # Table 2: 3.36 ÷ 3.36 = 100.00 %, 10; = | 100 | % met by 100; ≥ | 13 | 台 met by 13;
    # 定性 正常运转 repeated; ≥ 90 % met by 95; the "/" row is a placeholder. 合计 100 = 10+30+30+20+10.
    t1, t2 = _audits(fixtures["daying"])
    assert _kinds(t1) == [("unreadable_value", "H9")]
    assert t1.table.indicators[0].target == "30万元" and t1.table.indicators[0].nature == "≤"
    assert t2.table.project.startswith("51092324T000010263357")
    assert t2.findings == [] and len(t2.table.indicators) == 4
    assert t2.table.first_row == 13


def test_huanggang_archive_consistent(fixtures):
    # "10万" typed as text; 10 ÷ 10 → 20. 查询利用服务 450 of ≥500: rule 20 × 450 ÷ 500 = 18, printed
    # 18 (no hint). 12月底前 (2020 from the title) met on 2020-12-20. 总分 98 = 20+20+20+20+18.
    (a,) = _audits(fixtures["huanggang_archive"])
    assert a.findings == []
    assert a.table.budget.value == 10 and a.table.year == 2020


def test_doczj_rate_typed_as_one_and_score_off_rule(fixtures):
    # 119.5 ÷ 120 = 99.58 % printed as "1" (to its precision: 1) and 10 × 0.99583 = 9.96 as printed.
    # 其中 100 + 20 = 120 and 99.5 + 20 = 119.5 agree. 单村整治成本 ≤10万元 with 12.5万元:
    # rule 20 × 10 ÷ 12.5 = 16, printed 12 — 4 points away, a hint (I11); its reason is given.
    # 合计 91.96 = 9.96 + 20 + 12 + 10 + 20 + 20.
    (a,) = _audits(fixtures["doczj"])
    assert _kinds(a) == [("score_off_rule", "I11")]
    assert a.findings[0].expected == 16
    assert a.table.indicators[0].name == "整治村庄数"


@pytest.mark.parametrize("name", build_mod.PDF_FIXTURES)
def test_pdf_gives_same_findings_as_xlsx(fixtures, name):
    def key(run):
        return [(a.table.project, [(f.kind, f.level, f.indicator, f.published, f.expected, f.cell)
                                   for f in a.findings]) for a in run.audits]

    x, p = audit_paths([fixtures[name]]), audit_paths([fixtures[name + "_pdf"]])
    assert not p.unreadable
    kx = key(x)
    kp = [(proj, [(k, lv, ind, pub, exp, cell.replace("第1页 ", "") if cell else cell)
                  for k, lv, ind, pub, exp, cell in fs]) for proj, fs in key(p)]
    assert kx == kp
    assert len(kx) >= 1


def test_table_running_over_two_pdf_pages(tmp_path):
    # 40 indicators × 2 points + 满意度 10 + execution 10 (95 ÷ 100 → 9.50) = 100; 总分 9.5 + 80 + 10 = 99.5.
    # 满意度 80% misses ≥90% yet has its full 10 (rule 10 × 80 ÷ 90 = 8.89), on the second page.
    rows = [["项目支出绩效自评表（2022年度）"] + [""] * 8, ["项目名称", "", "长表"] + [""] * 6,
            build_mod.FUNDS_HEAD, ["", "年度资金总额", 100, 100, 95, 10, "95.00%", 9.5, ""], build_mod.IND_HEAD]
    rows += [["", "产出指标" if i == 0 else "", "数量指标" if i == 0 else "", f"指标{i + 1}：事项{i}", "≥10个", "12个", 2, 2, ""]
             for i in range(40)]
    rows += [["", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "80%", 10, 10, "样本偏少"],
             ["总分", "", "", "", "", "", 100, 99.5, ""]]
    spec = {"sheets": [("S", rows, ["A1:I1"])]}
    x = build_mod.write_xlsx(spec, tmp_path / "long.xlsx")
    p = build_mod.write_pdf(spec, tmp_path / "long.pdf")
    (ax,), (ap,) = _audits(x), _audits(p)
    assert [(f.kind, f.cell, f.expected) for f in ax.findings] == [("not_met_but_full_score", "H46", Decimal("8.89"))]
    assert [(f.kind, f.cell, f.expected) for f in ap.findings] == [("not_met_but_full_score", "第2页 H46", Decimal("8.89"))]
    assert len(ap.table.indicators) == 41 and ap.table.indicators[-1].level1 == "满意度指标"
