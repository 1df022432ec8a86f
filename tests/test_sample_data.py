"""The sample years in data/: what the demo, the notebooks and the README rely on.

They must be exactly what tools/make_sample_data.py writes (so a reviewer can read the
data in the script), load without a single warning, and keep the seed's targets as the
official tables wrote them.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jxreport import load_year
from jxreport.cli import main
from jxreport.core import schema as S
from jxreport.io.reading import open_workbook
from jxreport.core.rounding import dec

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = ROOT / "data" / "sources"  # the source document of the sample year
YEARS = (2022, 2023)


def _tool():
    """tools/make_sample_data.py, imported as `python tools/make_sample_data.py` runs it (tools/ on the path)."""
    tools = str(ROOT / "tools")
    sys.path.insert(0, tools)
    try:
        spec = importlib.util.spec_from_file_location("make_sample_data", ROOT / "tools" / "make_sample_data.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(tools)


def _sheets(path: Path) -> dict[str, list[list]]:
    """Every sheet's cell values as read back (not the zip bytes, whose timestamps differ)."""
    problems = []
    book = open_workbook(path, problems)
    assert not problems, problems
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _total(values) -> Decimal:
    return sum((dec(v) for v in values), Decimal(0))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    _tool().build(out)
    return out


@pytest.fixture(scope="module")
def years():
    return {y: load_year(DATA / str(y)) for y in YEARS}


@pytest.fixture(scope="module")
def raw_targets_2022():
    return _sheets(DATA / "2022" / S.TARGETS)


def _records(rows: list[list]) -> list[dict]:
    header = [str(h).rstrip("*") for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:]]


# ----------------------------------------------------------------------------- reproducible, clean

@pytest.mark.parametrize("workbook", S.WORKBOOKS)
@pytest.mark.parametrize("year", YEARS)
def test_committed_workbooks_are_what_the_script_writes(regenerated, year, workbook):
    committed = _sheets(DATA / str(year) / workbook)
    fresh = _sheets(regenerated / str(year) / workbook)
    assert list(committed) == list(fresh)
    for name in committed:
        assert committed[name] == fresh[name], (
            f"data/{year}/{workbook} 工作表「{name}」与脚本输出不一致：请运行 .venv/bin/python tools/make_sample_data.py")


def test_the_committed_supplement_is_what_the_script_writes(regenerated):
    name = _tool().SUPPLEMENT_FILE
    assert _sheets(SEEDS / name) == _sheets(regenerated / "sources" / name)


def test_2022_targets_are_the_import_of_the_seed_and_the_supplement(tmp_path):
    """Issue 13: the sample year's targets.xlsx is `jxreport import` of the source document plus
    the marked supplement, nothing typed by hand; the import says where every row came from."""
    out = tmp_path / "2022"
    sources = sorted(SEEDS.iterdir())  # the seed (.txt) and the supplement (.xlsx)
    assert {p.suffix for p in sources} == {".txt", ".xlsx"}
    assert main(["import", *map(str, sources), "--out", str(out)]) == 1  # the sixth table is cut off: said, exit 1
    assert _sheets(out / S.TARGETS) == _sheets(DATA / "2022" / S.TARGETS)
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "补充表 2022_补充表（示例数据）.xlsx：补全 11 个单元格，新增 13 行" in report
    assert "「JX-06」：补充表新增绩效指标 7 行。" in report


def test_supplement_rows_say_they_are_added(raw_targets_2022):
    """Every row the supplement adds says so (依据 补全, 说明 补充), so no reader takes it for the seed's."""
    calc = _records(raw_targets_2022[S.CALC_LINES.name])
    added = [r for r in calc if r["项目编码"] in ("JX-04", "JX-05", "JX-06")]
    assert len(added) == 5 and all(str(r["说明"]).startswith("补充") for r in added)


@pytest.mark.parametrize("year", YEARS)
def test_each_year_loads_with_six_projects_and_no_warning(years, year):
    y = years[year]
    assert y.year == year and y.unit_name == "高新区街道办事处" and y.department == "高新区管委会"
    assert len(y.projects) == 6
    assert [str(w) for w in y.warnings] == []


def test_actuals_say_they_are_example_data():
    notes = _sheets(DATA / "2022" / S.ACTUALS)[S.INSTRUCTIONS_SHEET]
    assert any("示例数据（虚构）" in str(cell) for row in notes for cell in row)


# ----------------------------------------------------------------------------- the seed, verbatim

def test_seed_targets_are_kept_as_written(years):
    ind = years[2022].indicators.set_index(["项目编码", "三级指标"])["指标值"]
    expected = {
        ("JX-01", "资金发放时限"): "是", ("JX-01", "满意度"): "85%以上",
        ("JX-02", "社区投入资金"): "30万", ("JX-02", "群体性事件次数"): "低于1次", ("JX-02", "项目完成时限"): "12月底前",
        ("JX-03", "发放人次"): "88人", ("JX-03", "平台运维时效"): "5天内", ("JX-03", "控制在预算内"): "95.3万元",
        ("JX-03", "平台持续运行"): "平台持续运行", ("JX-04", "清场费成本"): "3500元", ("JX-04", "征收边角地亩数"): "100亩",
        ("JX-05", "发放户数"): "149户", ("JX-05", "过渡费领取村民信访人次"): "低于5人次", ("JX-06", "市场改造个数"): "2次",
    }
    assert {k: ind[k] for k in expected} == expected
    dept = years[2022].dept_indicators.set_index(["工作领域", "指标名称"])["指标值"]
    assert dept[("安全和环境卫生工作", "对检查发现的安全隐患，按照隐患整改率")] == "95以上"  # no unit, as the seed writes it
    assert dept[("社会事务管理", "《就业创业证》办理时间")] == "2个工作日内"
    assert dept[("综合执法工作", "群众满意度")] == "不断提升"
    assert years[2022].dept_indicators["工作领域"].nunique() == 8


def test_old_words_are_not_rewritten_in_the_workbook(raw_targets_2022):
    rows = _records(raw_targets_2022[S.INDICATORS.name])
    seed_rows = [r for r in rows if r["指标值确定依据"] != "补全"]
    # one 效果指标 row in each of the seed's five complete tables: the loader maps it, the file keeps it
    assert [r["项目编码"] for r in seed_rows if r["一级指标"] == "效果指标"] == ["JX-01", "JX-02", "JX-03", "JX-04", "JX-05"]
    assert [r["二级指标"] for r in rows if r["三级指标"] == "居民满意度"] == ["服务对象满意度"]


def test_declared_budget_arithmetic_is_kept_with_its_errors(years):
    lines = years[2022].calc_lines.set_index(["项目编码", "明细名称"])
    head = lines.loc[("JX-01", "村支部书记、村主任一人兼工资")]
    assert (head["单价"], head["数量"], head["月数"], head["测算金额"]) == (4829, 9, 12, 52.5)  # true 52.1532
    assert lines.loc[("JX-01", "村两委班子其他成员工资"), "测算金额"] == 77.5  # true 77.28
    jx01 = lines.loc["JX-01", "测算金额"]
    assert _total(jx01) == Decimal("208.0")  # 52.5 + 77.5 + 27.2 + 13 + 37.8
    assert _total(lines.loc["JX-03", "测算金额"]) == Decimal("95.28")  # against a budget of 95.3


def test_completed_rows_of_the_cut_off_table_say_so(years):
    jx06 = years[2022].of("indicators", "JX-06")
    basis = dict(zip(jx06["三级指标"], jx06["指标值确定依据"]))
    assert basis.pop("市场改造个数") == "工作计划"  # the seed's own row
    assert basis and set(basis.values()) == {"补全"}


def test_every_seed_cell_occurs_in_the_seed(years):
    seed = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    flat = re.sub(r"\s+", "", seed)
    y = years[2022]
    assert y.overall_goal in seed
    raw = _records(_sheets(DATA / "2022" / S.TARGETS)[S.INDICATORS.name])
    for r in raw:
        if r["指标值确定依据"] != "补全":
            cells = "".join(str(r[c]) for c in ("二级指标", "三级指标", "指标描述", "指标值", "指标值确定依据"))
            assert cells in flat, r
    for _, p in y.projects.iterrows():
        for col in ("项目名称", "主要用途", "绩效目标"):
            assert re.sub(r"\s+", "", p[col]) in flat, (p["项目编码"], col)
    for goal in y.dept_indicators["绩效目标"].unique():
        assert re.sub(r"\s+", "", goal) in flat


# ----------------------------------------------------------------------------- the example records

@pytest.mark.parametrize("year", YEARS)
def test_every_project_has_a_satisfaction_survey_of_at_least_100(years, year):
    y = years[year]
    with_sat = set(y.indicators.loc[y.indicators["一级指标"] == "满意度指标", "项目编码"])
    assert with_sat == set(y.project_codes)
    counts = y.survey.groupby("项目编码").size()
    assert all(counts[c] >= 100 for c in with_sat), counts.to_dict()


def test_some_answers_are_scores_1_to_5():
    rows = _records(_sheets(DATA / "2022" / S.ACTUALS)[S.SURVEY.name])
    scores = [r["评价"] for r in rows if not isinstance(r["评价"], str)]
    assert 0 < len(scores) < len(rows) / 10
    assert set(scores) <= {1, 2, 3, 4, 5}


def test_jx01_spends_exactly_204_37_wan_with_one_refund(years):
    p = years[2022].of("payments", "JX-01")
    assert _total(p["金额"]) == Decimal("2043700.00")  # 204.37 万元 of 208 → 98.25 %
    refunds = p[p["金额"] < 0]
    assert list(refunds["金额"]) == [-1610.0] and "退回多付款" in refunds["摘要"].iloc[0]


def test_grid_ledger_has_every_person_and_agrees_with_the_payments(years):
    y = years[2022]
    g = y.grants[y.grants["项目编码"] == "JX-03"]
    assert g.loc[g["类别"] == "网格长", "人员编号"].nunique() == 44
    # one replacement: WGY045 paid Jan–Jun, July vacant, WGY089 from August → 89 persons, ≤ 88 a month
    wgy = g[g["类别"] == "网格员"]
    assert wgy["人员编号"].nunique() == 89
    assert sorted(wgy.loc[wgy["人员编号"] == "WGY045", "月份"]) == [1, 2, 3, 4, 5, 6]
    assert sorted(wgy.loc[wgy["人员编号"] == "WGY089", "月份"]) == [8, 9, 10, 11, 12]
    assert wgy.groupby("月份")["人员编号"].nunique().max() == 88
    assert len(g) == (44 + 88) * 12 - 3  # three person-months unpaid (WGZ017 Mar, WGY023 Aug, July's vacancy)
    assert not g.duplicated(["人员编号", "月份"]).any()
    for category, expected in (("网格长", Decimal("289850.00")), ("网格员", Decimal("421600.00"))):
        ledger = _total(g.loc[g["类别"] == category, "金额"])
        paid = _total(y.payments.loc[y.payments["测算明细"] == category, "金额"])
        assert ledger == paid == expected  # 550 × 527 and 400 × 1054


def test_village_wages_run_through_the_ledger(years):
    y = years[2022]
    g = y.grants[y.grants["项目编码"] == "JX-01"]
    assert len(g) == (9 + 40 + 18) * 12 and not g.duplicated(["人员编号", "月份"]).any()
    pays = y.payments.set_index("测算明细")["金额"]
    for category, line, expected in (("村书记主任", "村支部书记、村主任一人兼工资", Decimal("521532.00")),  # 4829 × 9 × 12
                                     ("村两委成员", "村两委班子其他成员工资", Decimal("772800.00")),  # 1610 × 40 × 12
                                     ("村会计", "村会计人员报酬", Decimal("129600.00"))):  # 600 × 18 × 12
        assert _total(g.loc[g["类别"] == category, "金额"]) == _total(pays.loc[[line]]) == expected
    lines = y.calc_lines.set_index("明细名称")
    assert lines.loc["村两委班子其他成员工资", "台账类别"] == "村两委成员"


def test_land_clearing_cost_per_mu(years):
    y = years[2022]
    clearing = _total(y.payments.loc[y.payments["测算明细"] == "清场费", "金额"])
    mu = y.quantities.set_index("名称").loc["征收亩数", "数量"]
    assert (clearing, mu) == (Decimal("337500.00"), 96.5)  # 3,497.41 元/亩 against ≤ 3500元
    assert _total(y.of("payments", "JX-04")["金额"]) == Decimal("446000.00")


def test_one_adjustment_changes_one_full_year_budget(years):
    y = years[2022]
    changed = [c for c in y.project_codes if y.full_year_budget(c) != dec(y.project(c)["年初预算数"])]
    assert changed == ["JX-05"] and y.full_year_budget("JX-05") == Decimal("1150.0")


def test_the_next_year_keeps_codes_ends_one_project_and_starts_one(years):
    before, after = set(years[2022].project_codes), set(years[2023].project_codes)
    assert before - after == {"JX-04"} and after - before == {"JX-07"}
    for code in before & after:
        assert years[2022].project(code)["项目名称"] == years[2023].project(code)["项目名称"]
    assert years[2023].project("JX-05")["年初预算数"] == 1250  # 1100 × 1.1 + 40
