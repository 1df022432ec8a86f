"""A supplement in targets.xlsx's layout, imported beside the 目标表: fills what the document
lacks, adds rows, never overwrites the document, and says where every value came from."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from jxreport.cli import main
from jxreport.core import schema as S
from jxreport.importing.supplement import is_targets_workbook
from jxreport.io.workbooks import write_workbook

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "2022_部门整体及项目绩效目标.txt"


def rows(path: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    it = ws.iter_rows(values_only=True)
    head = [str(h).rstrip("*") for h in next(it)]
    return [dict(zip(head, r)) for r in it]


def supplement(tmp_path: Path, tables: dict) -> Path:
    return write_workbook(tmp_path / "补充.xlsx", S.TARGETS, tables)


def run_import(tmp_path, *sources):
    out = tmp_path / "out"
    code = main(["import", *map(str, sources), "--out", str(out), "--force"])
    return code, out


def test_blank_cells_are_filled_and_rows_added_after_their_project(tmp_path):
    sup = supplement(tmp_path, {
        S.UNIT.name: [{"项目": "主管部门", "内容": "高新区管委会"}],
        S.PROJECTS.name: [{"项目编码": "JX-03", "实施单位": "网格化管理中心"}],
        S.INDICATORS.name: [{"项目编码": "JX-01", "三级指标": "预算完成率", "指标性质": "≥"},
                            {"项目编码": "JX-01", "一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "新增指标",
                             "指标值": "100%", "指标值确定依据": "补全"}],
        S.CALC_LINES.name: [{"项目编码": "JX-01", "明细名称": "村会计人员报酬", "台账类别": "村会计"}],
    })
    code, out = run_import(tmp_path, SEED, sup)
    assert code == 1  # the seed's sixth table is still cut off
    unit = {r["项目"]: r["内容"] for r in rows(out / S.TARGETS, S.UNIT.name)}
    assert list(unit) == ["单位名称", "年度", "主管部门", "总体绩效目标"] and unit["主管部门"] == "高新区管委会"
    projects = {r["项目编码"]: r for r in rows(out / S.TARGETS, S.PROJECTS.name)}
    assert projects["JX-03"]["实施单位"] == "网格化管理中心" and projects["JX-01"]["实施单位"] is None
    inds = rows(out / S.TARGETS, S.INDICATORS.name)
    jx01 = [r for r in inds if r["项目编码"] == "JX-01"]
    assert [r["三级指标"] for r in jx01][-1] == "新增指标"  # after JX-01's own rows, not at the sheet's end
    assert inds.index(jx01[-1]) == len(jx01) - 1
    assert next(r for r in jx01 if r["三级指标"] == "预算完成率")["指标性质"] == "≥"
    assert next(r for r in jx01 if r["三级指标"] == "预算完成率")["指标值"] == "95%"  # the document's value stays
    calc = {r["明细名称"]: r for r in rows(out / S.TARGETS, S.CALC_LINES.name)}
    assert calc["村会计人员报酬"]["台账类别"] == "村会计" and calc["村会计人员报酬"]["测算金额"] == 13
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "指标性质：补充表 补充.xlsx 工作表「绩效指标」第2行「指标性质」列" in report
    assert "| 8 | 补充表 补充.xlsx 工作表「绩效指标」第3行 |" in report  # JX-01 has 6 rows: the added one is row 8


def test_a_value_that_differs_from_the_document_is_listed_not_written(tmp_path):
    sup = supplement(tmp_path, {S.INDICATORS.name: [{"项目编码": "JX-01", "三级指标": "预算完成率", "指标值": "98%"}],
                                S.CALC_LINES.name: [{"项目编码": "JX-09", "明细名称": "不存在的项目", "测算金额": 1}]})
    code, out = run_import(tmp_path, SEED, sup)
    assert code == 1
    inds = rows(out / S.TARGETS, S.INDICATORS.name)
    assert next(r for r in inds if r["项目编码"] == "JX-01" and r["三级指标"] == "预算完成率")["指标值"] == "95%"
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "补充.xlsx 工作表「绩效指标」第2行「指标值」列：「98%」—— 与目标表中的「95%」不同；以目标表为准，未采用" in report
    assert "补充.xlsx 工作表「测算明细」第2行「项目编码」列：「JX-09」—— 补充表中的项目编码不是任何已导入项目的编码" in report
    assert "不存在的项目" not in [r["明细名称"] for r in rows(out / S.TARGETS, S.CALC_LINES.name)]


def test_a_supplement_alone_is_refused(tmp_path, capsys):
    sup = supplement(tmp_path, {S.PROJECTS.name: [{"项目编码": "JX-01", "实施单位": "某科室"}]})
    code, out = run_import(tmp_path, sup)
    assert code == 2 and not out.exists()
    assert "targets.xlsx 格式的补充表" in capsys.readouterr().err


def test_a_published_target_table_in_excel_is_not_taken_for_a_supplement(tmp_path):
    """A 目标表 laid out in Excel (one table per sheet) has no targets.xlsx header row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目"  # even a sheet named like ours
    ws.append(["项目名称", "社区运行经费"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    wb.save(tmp_path / "目标表.xlsx")
    assert not is_targets_workbook(tmp_path / "目标表.xlsx")
    assert is_targets_workbook(supplement(tmp_path, {}))
