"""run_checks as a whole: the registry, Findings, silencing, the console text, the sample
year's known faults, a clean year with no finding at all, and speed at 10,000 projects."""

from __future__ import annotations

import json
from pathlib import Path

import checks_fixtures as F
import numpy as np
import pandas as pd
import pytest

from jxreport import load_year
from jxreport.core import schema as S
from jxreport.checks import CHECKS, Findings, checks_table, format_findings, run_checks, to_dicts
from jxreport.cli import main
from jxreport.core.exceptions import ParamsError
from jxreport.io.loading import FRAMES
from jxreport.io.model import Year
from jxreport.core.problems import ERROR, HINT, LEVELS, WARNING
from jxreport.io.workbooks import init_year, write_workbook

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "2022"


# ---------------------------------------------------------------- registry

def test_registry_ids_titles_levels():
    assert len(CHECKS) >= 30
    for cid, c in CHECKS.items():
        assert cid == c.id and cid[0] in "TRA" and cid[1:].isdigit() and len(cid) == 4
        assert c.level in LEVELS and c.title and c.template and c.doc
        assert {"T": "targets", "R": "targets"}.get(cid[0], c.scope) == c.scope
    table = checks_table()
    assert all(f"| {cid} |" in table for cid in CHECKS)
    assert table.index("| T101 |") < table.index("| R201 |") < table.index("| A301 |")


def test_registering_an_id_twice_is_refused():
    from jxreport.checks.registry import check

    with pytest.raises(ValueError, match="T101"):
        check("T101", "重复", ERROR)(lambda ctx: ())


# ---------------------------------------------------------------- the clean year

def test_consistent_year_from_init_has_no_finding(tmp_path):
    """`jxreport init`, then consistent tables written into those workbooks: nothing to report."""
    init_year(tmp_path, 2022, "测试街道办事处", "测试管委会")
    t = F.tables()
    for wb in S.WORKBOOKS:
        write_workbook(tmp_path / wb, wb, {s.name: t[s.name] for s in S.sheets_of(wb) if s.name in t})
    year = load_year(tmp_path)
    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    found = run_checks(year, scores=score_year(year, load_rules()))
    assert found.items == (), format_findings(found)
    assert found.counts() == {ERROR: 0, WARNING: 0, HINT: 0, "已静默": 0, "合计": 0}
    assert format_findings(found).endswith("共 0 条：错误 0 条，警告 0 条，提示 0 条（已静默 0 条）")


# ---------------------------------------------------------------- Findings, silence, text

@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """One error (T101), one warning (R203, twice: project and department) and one hint (T107)."""
    t = F.tables()
    F.row_of(t, S.CALC_LINES.name, 明细名称="网格长补贴")["测算金额"] = 2.80
    t[S.PROJECTS.name][0].update({"年初预算数": 8.64, "上级转移支付": 3.64})
    F.row_of(t, S.INDICATORS.name, 三级指标="征收完成率")["指标值"] = "95以上"
    t[S.DEPT_INDICATORS.name][1]["指标值"] = "95以上"
    for q in S.QUARTERS:
        t[S.PROJECTS.name][1].pop(q)
    return F.load(tmp_path_factory.mktemp("faulty"), t)


def test_findings_sorted_and_counted(faulty):
    f = run_checks(faulty)
    assert [(p.level, p.id, p.project) for p in f.items] == [
        (ERROR, "T101", "P1"), (WARNING, "R203", "P2"), (WARNING, "R203", None), (HINT, "T107", "P2")]
    assert [p.id for p in f.errors] == ["T101"] and len(f.warnings) == 2 and [p.id for p in f.hints] == ["T107"]
    assert [p.id for p in f.by_project("P2")] == ["R203", "T107"]
    assert [p.sheet for p in f.by_project(None)] == ["部门指标"]
    assert f.counts() == {ERROR: 1, WARNING: 2, HINT: 1, "已静默": 0, "合计": 4}
    assert f.projects == (("P1", "网格化管理"), ("P2", "征地拆迁"))


def test_silenced_findings_are_counted_not_dropped(faulty):
    f = run_checks(faulty, silence=("r203",))
    assert f.silenced == ("R203",)
    assert [p.id for p in f.items] == ["T101", "T107"]
    assert [p.id for p in f.silenced_items] == ["R203", "R203"]
    assert f.counts()["已静默"] == 2
    text = format_findings(f)
    assert "已静默的检查：R203（2 条）" in text
    assert text.endswith("共 2 条：错误 1 条，警告 0 条，提示 1 条（已静默 2 条）")
    dicts = to_dicts(f)
    assert [(d["id"], d["silenced"]) for d in dicts] == [("T101", False), ("T107", False), ("R203", True),
                                                        ("R203", True)]
    json.dumps(dicts, ensure_ascii=False)  # JSON-ready


def test_unknown_silence_id_is_a_params_error(faulty):
    with pytest.raises(ParamsError, match="X999"):
        run_checks(faulty, silence=("X999",))


def test_format_groups_by_level_then_project(faulty):
    text = format_findings(run_checks(faulty))
    lines = text.splitlines()
    assert lines[0] == "错误（1 条）" and lines[1] == "  ■ P1 网格化管理"
    assert lines[2] == "    T101 测算明细金额不符 — 文件「targets.xlsx」工作表「测算明细」第 2 行「测算金额」列"
    assert lines[4] == "      单价×数量×月数÷10000 = 2.64；测算金额 = 2.80；差额 = 0.16"
    assert text.index("警告（2 条）") < text.index("■ 部门整体") < text.index("提示（1 条）")
    assert lines[-1] == "共 4 条：错误 1 条，警告 2 条，提示 1 条（已静默 0 条）"
    by_project = format_findings(run_checks(faulty), by="project")
    assert by_project.index("■ P1 网格化管理（1 条）") < by_project.index("■ P2 征地拆迁（2 条）") \
        < by_project.index("■ 部门整体（1 条）")


def test_to_dicts_carries_place_and_numbers(faulty):
    d = to_dicts(run_checks(faulty))[0]
    assert d["id"] == "T101" and d["level"] == ERROR and d["row"] == 2 and d["project"] == "P1"
    assert d["numbers"] == {"单价×数量×月数÷10000": "2.64", "测算金额": "2.80", "差额": "0.16"}
    assert d["place"] == "文件「targets.xlsx」工作表「测算明细」第 2 行「测算金额」列"


def test_cli_check_exit_codes(tmp_path, faulty, capsys):
    assert main(["check", str(faulty.data_dir)]) == 1  # an 错误 finding
    out = capsys.readouterr().out
    assert "T101 测算明细金额不符" in out and "共 4 条" in out
    assert main(["check", str(F.write(tmp_path / "clean")), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert main(["check", str(tmp_path / "missing")]) == 2


# ---------------------------------------------------------------- the sample year

@pytest.mark.skipif(not (SAMPLE / S.TARGETS).exists(), reason="data/2022 not built")
def test_sample_year_known_faults():
    year = load_year(SAMPLE)
    f = run_checks(year)
    ind = year.indicators.set_index(["项目编码", "三级指标"])["_row"]
    lines = year.calc_lines.set_index("明细名称")["_row"]
    dept = year.dept_indicators.set_index("指标名称")

    def get(cid, project, row):
        got = [p for p in f.items if (p.id, p.project, p.row) == (cid, project, row)]
        assert len(got) == 1, (cid, project, row, [(p.id, p.project, p.row) for p in f.items])
        return got[0]

    p = get("T101", "JX-01", int(lines["村支部书记、村主任一人兼工资"]))
    assert p.level == ERROR and p.numbers == (("单价×数量×月数÷10000", "52.15"), ("测算金额", "52.50"), ("差额", "0.35"))
    p = get("T102", "JX-01", int(lines["村两委班子其他成员工资"]))
    assert p.level == WARNING and p.numbers == (("单价×数量×月数÷10000", "77.28"), ("测算金额", "77.50"), ("差额", "0.22"))
    p = get("T109", "JX-03", int(ind["JX-03", "发放人次"]))
    assert p.numbers == (("指标值", "88"), ("测算明细人数", "132"), ("差额", "-44"))
    assert "网格长 44 人 + 网格员 88 人 = 132 人" in p.message
    get("R203", None, int(dept.loc["对检查发现的安全隐患，按照隐患整改率", "_row"]))
    vague = {(p.row, p.numbers[1][1]) for p in f.by_id("R206") if p.project is None}
    rows = dept["_row"]
    for name, word in (("社区服务能力", "显著"), ("群众对社区活动的参与度", "逐步"), ("宣传效果", "明显")):
        assert (int(rows[name]), word) in vague
    texts = {p.numbers[0][1] for p in f.by_id("R206")}
    assert {"显著提升", "显著提高", "逐步提高", "不断提升", "明显"} <= texts
    # The cost targets that fit their budget stay silent (30万 × 17 = 510; 3500 × 100 亩 = 35 ≤ 50).
    assert not f.by_id("T110") and not f.by_id("T111")


# ---------------------------------------------------------------- speed

def _big_year(n: int) -> Year:
    """n projects × 6 indicators, 3 lines, 12 payments and 1 grant category of 10 persons each."""
    codes = np.array([f"P{i:05d}" for i in range(n)], dtype=object)

    def frame(sheet: S.Sheet, data: dict) -> pd.DataFrame:
        k = len(next(iter(data.values())))
        cols = {c.name: data.get(c.name, [None] * k) for c in sheet.columns}
        df = pd.DataFrame(cols)
        df["_row"] = np.arange(2, k + 2)
        return df

    rep = lambda xs, k: np.repeat(np.asarray(xs, dtype=object), k)  # noqa: E731
    tile = lambda xs, k: np.tile(np.asarray(xs, dtype=object), k)  # noqa: E731
    projects = frame(S.PROJECTS, {"项目编码": codes, "项目名称": ["项目"] * n, "年初预算数": [10.0] * n,
                                  "本级资金": [10.0] * n, "一季度": [25.0] * n, "二季度": [50.0] * n,
                                  "三季度": [75.0] * n, "四季度": [100.0] * n})
    spec = [("产出指标", "数量指标", "发放人数", "10人"), ("产出指标", "质量指标", "发放率", "100%"),
            ("产出指标", "时效指标", "时限", "12月底前"), ("产出指标", "成本指标", "人均补贴", "≤500元/人/月"),
            ("效益指标", "社会效益指标", "处置率", "≥90%"), ("满意度指标", "服务对象满意度指标", "满意度", "≥85%")]
    indicators = frame(S.INDICATORS, {"项目编码": rep(codes, 6), "一级指标": tile([s[0] for s in spec], n),
                                      "二级指标": tile([s[1] for s in spec], n), "三级指标": tile([s[2] for s in spec], n),
                                      "指标值": tile([s[3] for s in spec], n), "指标描述": tile([s[2] for s in spec], n)})
    calc = frame(S.CALC_LINES, {"项目编码": rep(codes, 3), "明细名称": tile(["网格员补贴", "运维费", "其他"], n),
                                "单价": tile([500.0, np.nan, np.nan], n), "数量": tile([10.0, np.nan, np.nan], n),
                                "数量单位": tile(["人", None, None], n), "月数": tile([12.0, np.nan, np.nan], n),
                                "测算金额": tile([6.0, 3.0, 1.0], n)})
    payments = frame(S.PAYMENTS, {"项目编码": rep(codes, 12), "支付日期": tile([pd.Timestamp(2022, m, 20).date()
                                                                          for m in range(1, 13)], n),
                                  "金额": tile([5000.0] * 12, n), "测算明细": tile(["网格员补贴"] * 12, n)})
    grants = frame(S.GRANTS, {"项目编码": rep(codes, 120), "类别": ["网格员"] * (120 * n),
                              "人员编号": tile([f"G{i}" for i in range(10)] * 12, n),
                              "月份": tile(np.repeat(np.arange(1, 13), 10), n), "金额": [500.0] * (120 * n)})
    results = frame(S.RESULTS, {"项目编码": rep(codes, 6), "三级指标": tile([s[2] for s in spec], n),
                                "实际完成值": tile(["10人", "100%", "2022-12-20", "500元/人/月", "95%", "90%"], n)})
    frames = {attr: frame(sheet, {c.name: [] for c in sheet.columns}) for attr, sheet in FRAMES.items()}
    frames.update(projects=projects, indicators=indicators, calc_lines=calc, payments=payments, grants=grants,
                  results=results)
    return Year(data_dir=Path("."), year=2022, unit_name="大单位", department=None, overall_goal=None, **frames)


def test_a_large_consistent_year_has_no_findings():
    # Speed is measured in benchmarks/, never asserted here.
    year = _big_year(2_000)
    f = run_checks(year)
    # Every project's payments (60,000 元 = 6 万元) are fine; the budget (10) has 4 万元 of lines unpriced.
    assert f.items == (), format_findings(f)[:2000]


def test_big_year_faults_are_found_per_project():
    year = _big_year(50)
    year.calc_lines.loc[year.calc_lines["项目编码"] == "P00007", "测算金额"] = [6.5, 3.0, 0.5]
    f = run_checks(year)
    assert [(p.id, p.project) for p in f.items] == [("T101", "P00007")]
