"""`jxreport audit`: each finding kind triggered on a hand-made table and absent on a consistent one;
the CLI (formats, exit codes, folders, unreadable files) and the round trip on our own 自评表.xlsx."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jxreport.audit import audit_paths
from jxreport.audit.reader import number
from jxreport.cli import main

ROOT = Path(__file__).resolve().parents[1]


def consistent(**kw) -> dict:
    """A table whose figures all agree (worked by hand):
    execution 95 ÷ 100 = 95.00 % → 10 × 0.95 = 9.50; indicators 25 + 25 + 30 + 10 = 90, all met,
    scored in full; 总分 9.5 + 90 = 99.50 → 优 (≥ 90)."""
    t = dict(
        unit="万元", initial=100, budget=100, executed=95, weight=10, rate="95.00%", score=9.5,
        parts=[("其中：当年财政拨款", 100, 100, 95), ("上年结转资金", None, None, None)],
        inds=[("产出指标", "数量指标", "培训场次", "≥10个", "12个", 25, 25, ""),
              ("", "质量指标", "合格率", "≥95%", "96%", 25, 25, ""),
              ("效益指标", "社会效益指标", "群众知晓度", "显著提升", "达成年度指标", 30, 30, ""),
              ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "92%", 10, 10, "")],
        total_weight=100, total=99.5, grade="自评等级：优",
    )
    t.update(kw)
    return t


def write(t: dict, path: Path, sheet="Sheet1", wb=None, start=1) -> Path:
    """Lay ``t`` out in the official layout (财预〔2020〕10号 附件1) from row ``start``."""
    own = wb is None
    wb = wb or openpyxl.Workbook()
    ws = wb.active if own else wb.create_sheet(sheet)
    ws.title = sheet
    rows = [["项目支出绩效自评表（2022年度）"], ["项目名称", "", "测试项目"],
            [f"项目资金（{t['unit']}）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["", "年度资金总额", t["initial"], t["budget"], t["executed"], t["weight"], t["rate"], t["score"]]]
    rows += [["", name, a, b, c, "—", "—", "—"] for name, a, b, c in t["parts"]]
    rows += [["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
             ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
    rows += [["", *i] for i in t["inds"]]
    rows += [["总分", "", "", "", "", "", t["total_weight"], t["total"], t["grade"]]]
    for r, row in enumerate(rows, start):
        for c, v in enumerate(row, 1):
            if v not in ("", None):
                ws.cell(r, c, v)
    if own:
        wb.save(path)
    return path


def audit_one(tmp_path, **kw):
    run = audit_paths([write(consistent(**kw), tmp_path / "t.xlsx")])
    assert not run.unreadable
    (a,) = run.audits
    return a


def kinds(a):
    return [f.kind for f in a.findings]


def test_consistent_table_has_no_findings(tmp_path):
    a = audit_one(tmp_path)
    assert a.findings == []
    assert a.execution_score == Decimal("9.50") and a.total == Decimal("99.50")


# Each kind: (overrides that trigger it, the cell it names, published, expected) — worked by hand.
TRIGGERS = {
    # 95 ÷ 100 × 10 = 9.50, printed 9.8
    "execution_score": (dict(score=9.8, total=99.8), "H4", Decimal("9.8"), Decimal("9.50")),
    # 95 ÷ 100 = 95.00 %, printed 96.00 %
    "execution_rate": (dict(rate="96.00%"), "G4", "96.00%", "95.00%"),
    # 105 spent of 100: capped at 10 points
    "execution_exceeds_budget": (dict(executed=105, rate="100%", score=10, total=100,
                                      parts=[("其中：当年财政拨款", 100, 100, 105)]), "E4", 105, 100),
    # 其中 rows 60 + 30 = 90 ≠ 100 in 年初预算数
    "funds_rows_sum": (dict(parts=[("其中：当年财政拨款", 60, 100, 95), ("上年结转资金", 30, None, None)]),
                       "C4", 100, Decimal("90.00")),
    # 10 + 25 + 25 + 30 + 15 = 105 ≠ 100
    "weights_sum": (dict(inds=consistent()["inds"][:3] + [("满意度指标", "满意度", "满意度", "≥90%", "92%", 15, 10, "")]),
                    "G13", 100, Decimal("105.00")),
    # 满意度 scored 12 of 10
    "score_exceeds_weight": (dict(inds=consistent()["inds"][:3] + [("满意度指标", "满意度", "满意度", "≥90%", "92%", 10, 12, "")],
                                  total=101.5), "H12", 12, 10),
    # 9.5 + 90 = 99.50, printed 99.60
    "total_sum": (dict(total=99.6), "H13", Decimal("99.6"), Decimal("99.50")),
    # 12个 meets ≥10个, scored 20 of 25 (reason given, total adjusted 94.5)
    "met_but_not_full_score": (dict(inds=[("产出指标", "数量指标", "培训场次", "≥10个", "12个", 25, 20, "扣分")]
                                    + consistent()["inds"][1:], total=94.5), "H9", 20, 25),
    # 90% misses ≥95%, full 25; rule 25 × 90 ÷ 95 = 23.68 (reason given)
    "not_met_but_full_score": (dict(inds=[consistent()["inds"][0], ("", "质量指标", "合格率", "≥95%", "90%", 25, 25, "设备故障")]
                                    + consistent()["inds"][2:]), "H10", 25, Decimal("23.68")),
    # 80% of ≥95%: rule 25 × 80 ÷ 95 = 21.05, printed 15 (6.05 away)
    "score_off_rule": (dict(inds=[consistent()["inds"][0], ("", "质量指标", "合格率", "≥95%", "80%", 25, 15, "设备故障")]
                            + consistent()["inds"][2:], total=89.5, grade="自评等级：良"), "H10", 15, Decimal("21.05")),
    # 94.8% misses ≥95%: 25 × 94.8 ÷ 95 = 24.95 as printed (no hint), but the reason is empty
    "missing_deviation_reason": (dict(inds=[consistent()["inds"][0], ("", "质量指标", "合格率", "≥95%", "94.8%", 25, 24.95, "")]
                                      + consistent()["inds"][2:], total=99.45), "I10", None, None),
    # 99.50 is 优, printed 良
    "grade_vs_total": (dict(grade="自评等级：良"), "I13", "良", "优"),
    # every actual copies its target
    "actual_copies_target": (dict(inds=[("产出指标", "数量指标", "培训场次", "≥10个", "≥10个", 25, 25, ""),
                                        ("", "质量指标", "合格率", "≥95%", "≥95%", 25, 25, ""),
                                        ("效益指标", "社会效益指标", "群众知晓度", "显著提升", "显著提升", 30, 30, ""),
                                        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "≥90%", 10, 10, "")]),
                             "F9", None, None),
    # 较好 against ≥95% cannot be compared
    "unreadable_value": (dict(inds=[consistent()["inds"][0], ("", "质量指标", "合格率", "≥95%", "较好", 25, 25, "")]
                              + consistent()["inds"][2:]), "F10", "较好", None),
}


@pytest.mark.parametrize("kind", sorted(TRIGGERS))
def test_kind_triggers(tmp_path, kind):
    over, cell, published, expected = TRIGGERS[kind]
    a = audit_one(tmp_path, **over)
    hits = [f for f in a.findings if f.kind == kind]
    assert len(hits) == 1, a.findings
    f = hits[0]
    assert f.cell == cell
    if published is not None:
        assert f.published == published
    if expected is not None:
        assert f.expected == expected or f.expected == str(expected) or f"{expected}" == f"{f.expected}"
    assert f.message


def test_kind_levels(tmp_path):
    from jxreport.audit.recompute import KINDS

    assert set(TRIGGERS) == set(KINDS)
    a = audit_one(tmp_path, **TRIGGERS["execution_exceeds_budget"][0])
    assert [f.level for f in a.findings if f.kind == "execution_exceeds_budget"] == ["警告"]
    assert audit_one(tmp_path, total=99.6).findings[0].level == "错误"


def test_zero_total_row_beside_filled_parts(tmp_path):
    # 总额 row blank, 其中 100 | 100 | 95: each column reported, rate recomputed from the parts.
    a = audit_one(tmp_path, initial=None, budget=None, executed=None)
    assert sorted(f.cell for f in a.findings if f.kind == "funds_rows_sum") == ["C4", "D4", "E4"]
    assert a.execution_score == Decimal("9.50")


def test_execution_worth_20_and_rate_typed_as_one(tmp_path):
    # weight 20 from the table: 20 × 0.95 = 19.00; "1" for 99.6 % is right to its printed precision
    a = audit_one(tmp_path, weight=20, score=19, total=109)
    assert a.execution_score == Decimal("19.00")
    assert kinds(a) == ["weights_sum"]  # 20 + 90 = 110, not 100
    assert audit_one(tmp_path, weight=20, score=19, total=109, total_weight=110).findings[0].kind == "weights_sum"
    b = audit_one(tmp_path, executed=99.6, rate="1", score=9.96, total=99.96,
                  parts=[("其中：当年财政拨款", 100, 100, 99.6)])
    assert b.findings == []


def test_reverse_direction_unwritten_under_cost_is_unchecked(tmp_path):
    inds = consistent()["inds"][:3] + [("满意度指标", "成本指标", "预算完成率", "95%", "98%", 10, 10, "")]
    a = audit_one(tmp_path, inds=inds)
    assert kinds(a) == ["unreadable_value"] and "方向" in a.findings[0].message


def test_text_numbers():
    assert number("86.18%").value == Decimal("0.8618") and number("86.18%").places == 4
    assert number("9.5分").value == Decimal("9.5")
    assert number("１０ ").value == 10
    assert number("／") is None and number("—") is None and number("达成") is None


def test_stacked_tables_and_sheets(tmp_path):
    # one table on sheet A, one on sheet C (with a 总分 off by 0.2), and a blank sheet B
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    write(consistent(), None, "A", wb=wb)
    wb.create_sheet("B")
    write(consistent(total=99.7), None, "C", wb=wb)
    p = tmp_path / "sheets.xlsx"
    wb.save(p)
    # two tables one above the other on one sheet, the second from row 21
    wb2 = openpyxl.Workbook()
    wb2.remove(wb2.active)
    write(consistent(), None, "S", wb=wb2, start=1)
    write(consistent(total=99.6), None, "S2", wb=wb2, start=21)
    for row in wb2["S2"].iter_rows():
        for c in row:
            if c.value is not None:
                wb2["S"].cell(c.row, c.column, c.value)
    del wb2["S2"]
    p2 = tmp_path / "stacked.xlsx"
    wb2.save(p2)
    run = audit_paths([p, p2])
    assert [(a.table.sheet, a.table.first_row, kinds(a)) for a in run.audits if a.file == str(p)] == [
        ("A", 1, []), ("C", 1, ["total_sum"])]
    assert [(a.table.first_row, kinds(a), [f.cell for f in a.findings]) for a in run.audits if a.file == str(p2)] == [
        (1, [], []), (21, ["total_sum"], ["H33"])]


# --------------------------------------------------------------------------- CLI


def test_cli_exit_codes_and_folder(tmp_path, capsys):
    good = tmp_path / "d" / "good.xlsx"
    good.parent.mkdir()
    write(consistent(), good)
    (tmp_path / "d" / "sub").mkdir()
    bad = write(consistent(total=99.6), tmp_path / "d" / "sub" / "bad.xlsx")
    other = openpyxl.Workbook()
    other.active["A1"] = "这不是自评表"
    other.save(tmp_path / "d" / "other.xlsx")
    (tmp_path / "d" / "scan.pdf").write_bytes(_blank_pdf())
    assert main(["audit", str(good)]) == 0
    capsys.readouterr()
    assert main(["audit", str(tmp_path / "d"), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert {Path(t["file"]).name for t in out["tables"]} == {"good.xlsx", "bad.xlsx"}
    msgs = {Path(u["file"]).name: u["message"] for u in out["files_unreadable"]}
    assert set(msgs) == {"other.xlsx", "scan.pdf"}
    assert "三级指标" in msgs["other.xlsx"] and "扫描件" in msgs["scan.pdf"]
    assert out["rules"] == "mof-2020"
    assert main(["audit", str(tmp_path / "d" / "other.xlsx")]) == 2
    assert main(["audit", str(bad), "--format", "table"]) == 1
    text = capsys.readouterr().out
    assert "total_sum H13" in text and "错误" in text


def test_cli_rules_and_bad_rules(tmp_path, capsys):
    p = write(consistent(), tmp_path / "t.xlsx")
    assert main(["audit", str(p), "--rules", "local-linear", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rules"] == "local-linear"
    assert main(["audit", str(p), "--rules", "no-such-rules"]) == 2


def test_html_is_self_contained_and_escaped(tmp_path):
    t = consistent(inds=[("产出指标", "数量指标", "<script>alert(1)</script>", "≥10个", "较好", 25, 25, "")]
                   + consistent()["inds"][1:])
    out = tmp_path / "r.html"
    assert main(["audit", str(write(t, tmp_path / "x.xlsx")), "--format", "html", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page
    assert "F9" in page and "sortable" in page and "重算" in page


def _blank_pdf() -> bytes:
    """A one-page PDF with no text layer (what a scan gives us)."""
    from weasyprint import HTML

    return HTML(string="<div style='width:5cm;height:5cm;background:#888'></div>").write_pdf()


# --------------------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def own_form(tmp_path_factory):
    from jxreport.io.loading import load_year
    from jxreport.outputs.forms import write_form
    from jxreport.scoring.scorer import score_year

    year = load_year(ROOT / "data" / "2022")
    return write_form(score_year(year), tmp_path_factory.mktemp("own") / "自评表.xlsx", year=year)


def test_own_form_audits_without_errors(own_form):
    run = audit_paths([own_form])
    assert len(run.audits) >= 6
    assert run.exit_code == 0
    assert [f.message for a in run.audits for f in a.findings if f.level == "错误"] == []
    assert all(a.table.money_unit == "万元" for a in run.audits)


def test_own_form_corrupted_score_found_in_its_cell(own_form, tmp_path):
    copy = tmp_path / "copy.xlsx"
    shutil.copy(own_form, copy)
    before = {(a.table.sheet, f.kind, f.cell) for a in audit_paths([copy]).audits for f in a.findings}
    wb = openpyxl.load_workbook(copy)
    ws = wb["JX-01"]
    total = next(c for c in ws["A"] if c.value == "总分")
    cell = ws.cell(total.row, 8)
    cell.value = float(cell.value) - 1
    wb.save(copy)
    after = {(a.table.sheet, f.kind, f.cell) for a in audit_paths([copy]).audits for f in a.findings}
    assert after - before == {("JX-01", "total_sum", cell.coordinate)}
    assert before - after == set()
