"""`jxreport import` on layouts other than the seed's: two published forms laid out by hand
(tests/make_published_fixtures.py), a 指标值 split into 性质 | 值 | 单位 columns, and the
prose rules (department sentences, 测算 in 主要用途) on their own."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jxreport.cli import main
from jxreport.core import schema as S
from jxreport.importing.prose import calc_lines, fund_sources, name_and_value, split_clauses

sys.path.insert(0, str(Path(__file__).parent))
import make_published_fixtures  # noqa: E402


def sheets(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(min_row=2, values_only=True)] for ws in wb.worksheets[1:]}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return make_published_fixtures.main(str(tmp_path_factory.mktemp("pub")))


def test_batang_form_long_and_annual_blocks(published, tmp_path, capsys):
    out = tmp_path / "b"
    assert main(["import", str(published[0]), "--out", str(out)]) == 0
    got = sheets(out / S.TARGETS)
    unit = dict(got["单位"])
    assert (unit["单位名称"], unit["年度"], unit["主管部门"]) == ("宁乡市坝塘镇人民政府", "2021", "坝塘镇")
    p = got["项目"][0]
    assert p[:6] == ("JX-01", "镇域内基础设施建设", 10606.7522, 6923.3552, None, 3683.397)
    assert p[11] == "全面完成集镇立面改造、机关、学校、乡村振兴等项目，搞好提质改造"  # 年度目标, read below its label
    assert p[12] == "坝塘镇人民政府"
    names = [r[3] for r in got["绩效指标"]]
    assert names[:2] == ["集镇立面改造栋数", "新建和改造村组道路里程"] and len(names) == 8
    assert "完成基础设施建设项目个数" not in names  # 长期绩效指标 are not this year's targets
    assert [r[1] for r in got["绩效指标"]] == ["产出指标"] * 5 + ["效益指标"] * 3  # merged 一级 carried down
    assert got["绩效指标"][1][2] == "数量指标"  # merged 二级 carried down too
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "长期绩效指标" in report and "完成基础设施建设项目个数" in report and "含上级财政资金" in report
    assert main(["check", str(out)]) == 0


def test_jiaxian_form_label_and_value_in_one_cell(published, tmp_path):
    out = tmp_path / "j"
    assert main(["import", str(published[1]), "--out", str(out)]) == 0
    got = sheets(out / S.TARGETS)
    assert dict(got["单位"])["单位名称"] == "佳县住房和城乡建设局" and dict(got["单位"])["年度"] == "2016"
    p = got["项目"][0]
    assert p[:4] == ("JX-01", "城乡环境卫生整治", 120, 120)
    assert p[12] == "佳县环境卫生管理站"
    assert [(r[3], r[5]) for r in got["绩效指标"]] == [
        ("清扫保洁面积", "≥85万平方米"), ("垃圾无害化处理率", "≥95%"), ("生活垃圾日产日清", "日产日清"),
        ("每平方米年保洁成本", "≤1.4元"), ("城区环境卫生状况", "明显改善"), ("居民满意度", "≥85%")]
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "「项目负责人」" in report and "单位职能概述" in report and "长效保洁机制" in report


def test_split_value_columns_and_a_repeated_header(tmp_path):
    """指标值 written as 指标性质 | 指标值 | 度量单位 under one merged header; the header row repeats."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    rows = [
        ["2024年项目支出绩效目标表"] + [""] * 6,
        ["项目名称", "道路养护", "", "", "实施单位", "某镇", ""],
        ["年度资金总额", "30", "", "", "其中：财政拨款", "30", ""],
        ["年度绩效目标", "完成辖区道路日常养护", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", "", "", "指标值确定依据"],
        ["", "", "", "指标性质", "指标值", "度量单位", ""],
        ["产出指标", "数量指标", "养护里程", "≥", "12", "公里", "年度计划"],
        ["", "时效指标", "完成时间", "≤", "12月底前", "", "年度计划"],
        ["一级指标", "二级指标", "三级指标", "指标值", "", "", "指标值确定依据"],
        ["", "", "", "指标性质", "指标值", "度量单位", ""],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "工作经验"],
    ]
    for i, r in enumerate(rows, 1):
        for j, v in enumerate(r, 1):
            if v:
                ws.cell(row=i, column=j, value=v)
    for r in (5, 9):
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=6)
    ws.merge_cells("A7:A8")
    src = tmp_path / "分栏.xlsx"
    wb.save(src)
    out = tmp_path / "o"
    assert main(["import", str(src), "--out", str(out), "--unit", "某镇"]) == 0
    got = sheets(out / S.TARGETS)
    assert [(r[1], r[2], r[3], r[5]) for r in got["绩效指标"]] == [
        ("产出指标", "数量指标", "养护里程", "≥12公里"),
        ("产出指标", "时效指标", "完成时间", "≤12月底前"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    assert got["项目"][0][:4] == ("JX-01", "道路养护", 30, 30)


# ---------------------------------------------------------------- prose rules

def test_a_sentence_with_two_targets_gives_two():
    clauses = [c for c, _ in split_clauses("食品安全规范办证率95%，办证时间控制在5个工作日内")]
    assert [name_and_value(c)[:2] for c in clauses] == [("食品安全规范办证率", "95%"), ("办证时间", "5个工作日内")]
    assert name_and_value("开展4次以上法律知识宣传")[:2] == ("开展法律知识宣传", "4次以上")
    assert name_and_value("医疗保险参保率大于90%")[:2] == ("医疗保险参保率", "大于90%")
    assert name_and_value("群众满意度100%为优秀") == ("群众满意度", "100%", "为优秀")
    assert name_and_value("社区服务能力显著提升")[:2] == ("社区服务能力", "显著提升")
    assert name_and_value("对检查发现的安全隐患") is None


def test_fund_sources_from_prose():
    got = fund_sources("项目安排208万元，本级安排104.5万元，转移支付安排103.5万元。")
    assert {k: v[0] for k, v in got.items()} == {"年初预算数": "208", "本级资金": "104.5", "上级转移支付": "103.5"}


def test_calc_lines_rules():
    lines, notes = calc_lines("预算数30万元。主要用于：1.保洁员工资2500元/人/月*10人*12个月=30万元；2.设备费5万元（购置垃圾桶）")
    assert [(ln["明细名称"], ln.get("单价"), ln.get("数量"), ln.get("月数"), ln["测算金额"]) for ln in lines] == [
        ("保洁员工资", Decimal(2500), Decimal(10), Decimal(12), Decimal(30)),
        ("设备费", None, None, None, Decimal(5)),
    ]
    assert lines[1]["说明"] == "购置垃圾桶" and not notes
    # priced members that do not add up to their total: only the total is a line, and it is said
    lines, notes = calc_lines("1.补贴10万元：甲500元/人/月，共10人，乙300元/人/月，共5人。")
    assert [ln["明细名称"] for ln in lines] == ["补贴"] and "不符" in notes[0]
