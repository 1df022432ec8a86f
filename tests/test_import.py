"""`jxreport import` on the seed document: the rows it must give, its Word and Excel copies,
the check findings it must lead to, and the inputs it must refuse."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jxreport.checks import CHECKS, run_checks
from jxreport.cli import main
from jxreport.core import schema as S
from jxreport.grammar.targets import parse_target
from jxreport.importing.build import import_documents, write_import
from jxreport.importing.prose import shared_value_names
from jxreport.io.loading import load_year

sys.path.insert(0, str(Path(__file__).parent))
import make_target_docx  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "2022_部门整体及项目绩效目标.txt"  # the sample year's source document


def sheets(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(min_row=2, values_only=True)] for ws in wb.worksheets[1:]}


@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "2022"
    assert main(["import", str(SEED), "--out", str(out)]) == 1  # the sixth table is cut off
    return out


@pytest.fixture(scope="module")
def seed(seed_dir):
    return sheets(seed_dir / S.TARGETS)


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    d = tmp_path_factory.mktemp("copies")
    docx, xlsx = d / "目标表.docx", d / "目标表.xlsx"
    make_target_docx.main([str(SEED), str(docx), str(xlsx)])
    return docx, xlsx


# ---------------------------------------------------------------- the rows, listed by hand from the seed

INDICATORS = [
    ("JX-01", "产出指标", "数量指标", "工资保险发放覆盖率", "100%", "上级政策"),
    ("JX-01", "产出指标", "质量指标", "工资保险发放完成率", "100%", "上级政策"),
    ("JX-01", "产出指标", "时效指标", "资金发放时限", "是", "上级政策"),
    ("JX-01", "产出指标", "成本指标", "预算完成率", "95%", "工作要求"),
    ("JX-01", "效果指标", "可持续影响指标", "在岗率", "90%", "上级政策"),
    ("JX-01", "满意度指标", "服务对象满意度指标", "满意度", "85%以上", "工作经验"),
    ("JX-02", "产出指标", "数量指标", "社区提升数量", "3个", "上级政策、年度计划"),
    ("JX-02", "产出指标", "质量指标", "工程完成率", "90%", "上级政策、年度计划"),
    ("JX-02", "产出指标", "时效指标", "项目完成时限", "12月底前", "上级政策、年度计划"),
    ("JX-02", "产出指标", "成本指标", "社区投入资金", "30万", "上级政策、工作经验"),
    ("JX-02", "效果指标", "可持续影响指标", "群体性事件次数", "低于1次", "工作经验"),
    ("JX-02", "满意度指标", "服务对象满意度", "居民满意度", "85%以上", "工作经验"),
    ("JX-03", "产出指标", "数量指标", "发放人次", "88人", "年度计划、工作经验"),
    ("JX-03", "产出指标", "质量指标", "补贴发放率", "95%", "年度计划、工作经验"),
    ("JX-03", "产出指标", "时效指标", "平台运维时效", "5天内", "上级政策"),
    ("JX-03", "产出指标", "成本指标", "控制在预算内", "95.3万元", "年度计划、工作经验"),
    ("JX-03", "效果指标", "可持续影响指标", "平台持续运行", "平台持续运行", "工作经验"),
    ("JX-03", "满意度指标", "服务对象满意度指标", "村（居）人员满意度", "85%以上", "工作经验"),
    ("JX-04", "产出指标", "数量指标", "征收边角地亩数", "100亩", "工作经验"),
    ("JX-04", "产出指标", "质量指标", "边角地征收完成率", "100%", "工作经验"),
    ("JX-04", "产出指标", "时效指标", "项目完成时限", "12月底前", "工作经验"),
    ("JX-04", "产出指标", "成本指标", "清场费成本", "3500元", "政策要求"),
    ("JX-04", "效果指标", "可持续影响指标", "征收地块开工率", "90%", "工作经验"),
    ("JX-04", "满意度指标", "服务对象满意度指标", "被征地满意度", "85%以上", "工作经验"),
    ("JX-05", "产出指标", "数量指标", "发放户数", "149户", "上级政策"),
    ("JX-05", "产出指标", "质量指标", "发放准确率", "100%", "上级政策"),
    ("JX-05", "产出指标", "时效指标", "项目完成时限", "12月底前", "工作计划"),
    ("JX-05", "产出指标", "成本指标", "预算完成率", "100%", "文件要求"),
    ("JX-05", "效果指标", "可持续影响指标", "过渡费领取村民信访人次", "低于5人次", "工作经验"),
    ("JX-05", "满意度指标", "服务对象满意度指标", "被征地农民满意度", "90%以上", "工作经验"),
    ("JX-06", "产出指标", "数量指标", "市场改造个数", "2次", "工作计划"),  # the table stops here
]

# (项目编码, 项目名称, 年初预算数, 本级, 上级转移支付, 其他, 一…四季度)
PROJECTS = [
    ("JX-01", "村干部工资、保险和聘用人员工资", 208, 104.5, 103.5, None, "25%", "50%", "75%", "100%"),
    ("JX-02", "社区运行经费", 510, 340, 170, None, "25%", "50%", "75%", "100%"),
    ("JX-03", "网格化管理建设费用", 95.3, 95.3, None, 0, "25%", "50%", "75%", "100%"),
    ("JX-04", "征地拆迁补偿款", 50, 50, None, 0, "0%", "30%", "75%", "100%"),
    ("JX-05", "补偿安置费", 1100, 1100, None, 0, "0%", "20%", "75%", "100%"),
    ("JX-06", "龙王庙、马家屯市场改造经费", 500, 500, None, 0, "0%", "20%", "75%", "100%"),
]

# 工作领域 → [(指标名称, 指标值)], each a slice of the 绩效指标 sentence
DEPARTMENT = {
    "安全和环境卫生工作": [("安全生产考核结果", "85分以上"), ("对检查发现的安全隐患，按照隐患整改率", "95以上"),
                   ("食品安全规范办证率", "95%"), ("办证时间", "5个工作日内"), ("公共区域整洁程度", "95%以上")],
    "农村经济发展": [("惠农补贴资金发放率", "100%"), ("农民对农业政策的满意度", "90%以上"),
               ("动植物防疫事故发生率", "小于1%"), ("农村统计工作完成率", "90%以上"), ("散煤全面禁燃率", "100%")],
    "社会事务管理": [("《就业创业证》办理时间", "2个工作日内"), ("“零就业家庭”", "动态归零"), ("社保补贴到位率", "100%"),
               ("医疗保险参保率", "大于90%"), ("养老资格认证率", "大于80%"), ("保障性住房以及民政事务申请受理率", "100%")],
    "重点项目服务推进": [("重点项目建设施工进度完成目标", "90%以上"), ("对重点项目了解认知度", "90%以上"),
                 ("发放过渡费或租地费村的增减人口统计准确率", "100%"), ("资金发放及时率", "100%"),  # "准确率、及时率100%": two
                 ("受益群众满意度", "90%以上")],
    "信访、综治以及扫黑除恶": [("工作完成率", "90%以上"), ("群众满意度", "100%"), ("群体性事件发生比率", "低于10%")],
    "社区建设与服务": [("社区正常运转率", "100%"), ("社区服务能力", "显著提升"), ("群众满意度", "显著提高"),
                ("群众对社区活动的参与度", "逐步提高")],
    "基层组织建设": [("村干部工资及考核奖", "按时、足额发放"), ("村级考核", "公开、公正、透明"),
               ("村级组织是否正常运转", "村级组织是否正常运转"), ("党员活动", "顺利开展"), ("群众满意度", "显著提升")],
    "综合执法工作": [("开展法律知识宣传", "4次以上"), ("宣传效果", "明显"), ("组织执法培训", "2次以上"), ("培训率", "90%以上"),
               ("执法办结率", "100%"), ("群众满意度", "不断提升")],
}


def test_unit_sheet(seed):
    unit = dict(seed["单位"])
    assert unit["单位名称"] == "高新区街道办事处" and unit["年度"] == "2022"
    assert unit["总体绩效目标"].startswith("根据管委会工作部署") and unit["总体绩效目标"].endswith("等工作。")


def test_projects_funds_and_quarters(seed):
    got = [r[:6] + r[7:11] for r in seed["项目"]]
    assert got == PROJECTS
    first = seed["项目"][0]
    assert first[6].startswith("项目安排208万元") and "37.8万元。" in first[6]  # 主要用途 verbatim, both lines
    assert first[11] == ("目标1保证村干部两委班子其他成员工资、村会计人员工资和村级保障员工资保险及时足额发放；\n"
                         "目标2保证村干部及聘用人员工作积极性高，村级组织正常运转，各项工作正常开展。")


def test_every_indicator_verbatim(seed):
    got = [(r[0], r[1], r[2], r[3], r[5], r[6]) for r in seed["绩效指标"]]
    assert got == INDICATORS
    desc = {r[3]: r[4] for r in seed["绩效指标"] if r[0] == "JX-05"}
    assert desc["发放准确率"] == "人口核算准确率为人口核算数量与实际需发放数量的比率"


def test_department_work_areas_and_indicators(seed):
    got: dict[str, list] = {}
    goals = {}
    for area, goal, name, value in seed["部门指标"]:
        got.setdefault(area, []).append((name, value))
        goals[area] = goal
    assert got == DEPARTMENT  # 8 areas, the （4） heading included, in order
    assert list(got) == list(DEPARTMENT)
    assert goals["信访、综治以及扫黑除恶"] == "切实做好信访日常管理、重要节点的安保、社会综合治理、扫黑除恶等相关工作。"


def test_calculation_lines(seed):
    lines = {r[1]: r for r in seed["测算明细"]}
    # 4829元/人/月*9人*12个月=52.5万元: the words before it, the factors, the declared amount
    assert lines["村支部书记、村主任一人兼工资"][2:8] == (4829, "元/人/月", 9, "人", 12, 52.5)
    assert lines["村两委班子其他成员工资"][2:9] == (1610, "元/人/月", 40, "人", 12, 77.5, "60%统发，即78万")
    assert lines["村干部社会保险费"][7:9] == (27.2, "养老基数4000元*12%；医疗基数6000*7%+11+10")
    # 17个社区*20万元/年=340万元: a price in 万元 is written in 元
    assert lines["社区党组织服务群众专项经费"][2:8] == (200000, "元/年", 17, "个社区", None, 340)
    # 网格长550元/人/月，共44人，网格员400元/人/月，共88人 under a total of 71.28 万元
    assert lines["网格长"][2:8] == (550, "元/人/月", 44, "人", 12, 29.04)
    assert lines["网格员"][2:8] == (400, "元/人/月", 88, "人", 12, 42.24)
    assert sum(Decimal(str(r[7])) for r in seed["测算明细"] if r[0] == "JX-01") == Decimal("208.0")


def test_every_target_parses(seed):
    for r in seed["绩效指标"]:
        t = parse_target(r[5], r[2], 2022)
        assert "unparsed" not in t.flags, r
    kinds = {r[3]: parse_target(r[5], r[2], 2022) for r in seed["绩效指标"] if r[0] == "JX-03"}
    assert (kinds["发放人次"].op, kinds["发放人次"].value, kinds["发放人次"].unit) == (">=", 88, "人")
    assert kinds["平台运维时效"].op == "<=" and kinds["平台持续运行"].kind == "qualitative"
    for area, goal, name, value in seed["部门指标"]:
        t = parse_target(value, None, 2022)
        assert t.kind in ("quantitative", "boolean", "qualitative", "deadline")
    t = parse_target("大于90%", None, 2022)
    assert (t.op, t.value) == (">", 90)


def test_check_finds_the_seed_inconsistencies_and_nothing_from_the_import(seed_dir, capsys):
    year = load_year(seed_dir)
    assert not [w for w in year.warnings if w.level == "错误"]
    only = [c.id for c in CHECKS.values() if c.scope == "targets"]
    f = run_checks(year, only=only)
    nums = {(p.id, p.project): p.numbers for p in f.items}
    assert nums[("T101", "JX-01")] == (("单价×数量×月数÷10000", "52.15"), ("测算金额", "52.50"), ("差额", "0.35"))
    t102 = [p.numbers[:2] for p in f.by_id("T102") if p.project == "JX-01"]
    assert (("单价×数量×月数÷10000", "77.28"), ("测算金额", "77.50")) in t102
    assert nums[("T109", "JX-03")] == (("指标值", "88"), ("测算明细人数", "132"), ("差额", "-44"))
    # nothing that only an import could cause: fund sums, quarters, codes and sums against the budget hold
    assert not {p.id for p in f.items} & {"T103", "T105", "T106", "T107", "T108"}
    assert main(["check", str(seed_dir)]) == 1
    out = capsys.readouterr().out
    assert "只核对绩效目标表" in out and "52.15" in out and "网格长 44 人 + 网格员 88 人 = 132 人" in out


def test_report_traces_rows_and_lists_what_was_left(seed_dir):
    text = (seed_dir / "import-report.md").read_text(encoding="utf-8")
    assert "表6 第543行" in text and "缺少三级指标、指标值" in text  # the cut-off sixth table
    assert "「为优秀」" in text and "「为差」" in text  # grading remarks after a value are listed, not lost
    assert "（一）完善制度建设" in text  # 工作保障措施: no column, listed
    assert f"| 2 | 一级指标：{SEED.name} 表1 第84行 第1列" in text
    assert "项目安排208万元" in text and "主要用途中「本级安排104.5万元」" in text
    assert (seed_dir / S.ACTUALS).exists()


def test_word_copy_imports_to_the_same_rows(copies, seed, tmp_path):
    out = tmp_path / "docx"
    assert main(["import", str(copies[0]), "--out", str(out)]) == 1
    assert sheets(out / S.TARGETS) == seed
    text = (out / "import-report.md").read_text(encoding="utf-8")
    assert "表3" in text  # the second project's table was split over two Word tables


def test_excel_copy_imports_the_same_projects(copies, seed, tmp_path):
    out = tmp_path / "xlsx"
    assert main(["import", str(copies[1]), "--out", str(out), "--year", "2022"]) == 1
    got = sheets(out / S.TARGETS)
    for name in ("项目", "绩效指标", "测算明细"):
        assert got[name] == seed[name], name
    unit = dict(got["单位"])
    assert unit["单位名称"] == "未填写"  # an Excel 目标表 has no unit line: said in the report


def test_refuses_to_overwrite_without_force(seed_dir, capsys):
    before = (seed_dir / S.TARGETS).read_bytes()
    assert main(["import", str(SEED), "--out", str(seed_dir)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (seed_dir / S.TARGETS).read_bytes() == before


def test_force_overwrites_and_keeps_actuals(tmp_path):
    out = tmp_path / "y"
    res = import_documents([SEED])
    write_import(res, out)
    (out / S.ACTUALS).write_bytes(b"kept")
    write_import(res, out, force=True)
    assert (out / S.ACTUALS).read_bytes() == b"kept"


@pytest.mark.parametrize("name, content, words", [
    ("a.pdf", b"%PDF-1.4", "PDF"),
    ("a.doc", b"\xd0\xcf\x11\xe0", ".docx"),
    ("empty.txt", b"", "空的"),
])
def test_unreadable_inputs_exit_2(tmp_path, capsys, name, content, words):
    p = tmp_path / name
    p.write_bytes(content)
    assert main(["import", str(p), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert name in err and words in err
    assert not (tmp_path / "o").exists()


def test_an_empty_word_file_exits_2_and_a_pdf_beside_a_good_file_is_listed(tmp_path, capsys):
    import docx

    empty = tmp_path / "空.docx"
    docx.Document().save(str(empty))
    assert main(["import", str(empty), "--out", str(tmp_path / "o")]) == 2
    assert "空.docx" in capsys.readouterr().err
    folder = tmp_path / "来源"
    folder.mkdir()
    (folder / "扫描件.pdf").write_bytes(b"%PDF-1.4")
    (folder / "目标.txt").write_text("2023年部门整体绩效目标\n\n甲项目绩效目标表\n\n\t项目名称\n\t甲项目\n\n"
                                     "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n\t产出指标\n\t数量指标\n\t户数\n\t10户\n",
                                     encoding="utf-8")
    out = tmp_path / "o2"
    assert main(["import", str(folder), "--out", str(out), "--unit", "某单位"]) == 1
    assert "扫描件.pdf" in capsys.readouterr().out
    assert sheets(out / S.TARGETS)["绩效指标"][0][1:6] == ("产出指标", "数量指标", "户数", None, "10户")


def test_a_self_evaluation_form_is_refused(tmp_path, capsys):
    import docx

    d = docx.Document()
    d.add_paragraph("项目支出绩效自评表")
    t = d.add_table(rows=3, cols=6)
    for j, v in enumerate(["项目名称", "社区运行经费", "全年预算数", "510", "全年执行数", "500"]):
        t.cell(0, j).text = v
    for j, v in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"]):
        t.cell(1, j).text = v
    p = tmp_path / "自评表.docx"
    d.save(str(p))
    assert main(["import", str(p), "--out", str(tmp_path / "o")]) == 2
    assert "自评表" in capsys.readouterr().err


def test_a_table_without_indicators_imports_what_it_has(tmp_path, capsys):
    p = tmp_path / "无指标.txt"
    p.write_text("2023年部门整体绩效目标\n\n某项目绩效目标表\n\n\t项目名称\n\t某项目\n\n\t项目资金主要用途\n"
                 "\t预算数12万元。其中：财政资金12万元。\n", encoding="utf-8")
    out = tmp_path / "o"
    assert main(["import", str(p), "--out", str(out), "--unit", "某单位"]) == 1
    assert "没有绩效指标" in capsys.readouterr().out
    got = sheets(out / S.TARGETS)
    assert got["项目"][0][:4] == ("JX-01", "某项目", 12, 12)
    assert dict(got["单位"])["年度"] == "2023"


SAMPLE = ROOT / "data" / "2022" / S.TARGETS


@pytest.mark.skipif(not SAMPLE.exists(), reason="data/2022 not built")
def test_targets_read_as_the_hand_typed_sample_year(seed):
    """Each imported 指标值 parses as the one typed by hand into data/2022 (指标性质 aside)."""
    typed = sheets(SAMPLE)
    by_key = {(r[0], r[3]): r for r in typed["绩效指标"]}
    for r in seed["绩效指标"]:
        o = by_key[(r[0], r[3])]
        a, b = parse_target(r[5], r[2], 2022), parse_target(o[5], o[2], 2022)
        assert (a.kind, a.op, a.value, a.unit) == (b.kind, b.op, b.value, b.unit), r
    dept = {v for *_, v in typed["部门指标"]}
    same = [r[3] for r in seed["部门指标"] if r[3] in dept]
    assert len(same) >= 34  # the rest split the sentence differently; see tools/compare_targets.py


@pytest.mark.parametrize("name, expected", [
    ("发放过渡费或租地费村的增减人口统计准确率、资金发放及时率", ["发放过渡费或租地费村的增减人口统计准确率", "资金发放及时率"]),
    ("政策知晓度、群众满意度", ["政策知晓度", "群众满意度"]),
    ("保障性住房以及民政事务申请受理率", ["保障性住房以及民政事务申请受理率"]),  # one rate, no 、
    ("村干部工资及考核奖", ["村干部工资及考核奖"]),
    ("道路、桥梁维修完成率", ["道路、桥梁维修完成率"]),  # 道路 is no rate: one indicator
])
def test_two_rates_sharing_one_value_are_two_indicators(name, expected):
    assert shared_value_names(name) == expected
