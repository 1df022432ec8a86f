"""Report sections as HTML: totals that add up, escaping, the official form, and one snapshot.

Snapshots live in tests/snapshots/; regenerate with `JX_UPDATE_SNAPSHOTS=1 pytest tests/test_sections.py`.
"""

import os
import re
from dataclasses import replace
from decimal import Decimal as D
from html import unescape
from pathlib import Path

import pytest
from report_samples import FACTS, FINDING, INDICATORS, context, ind, project, year_score

from jxreport.sections import annual as S
from jxreport.checks import Findings
from jxreport.core.paths import resolve_dir
from jxreport.core.problems import Problem

SNAPSHOTS = Path(__file__).parent / "snapshots"
CODE = "JX-01"


def _rows(html: str) -> list[list[str]]:
    """Each <tr> as its cells' text."""
    out = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)
        out.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return out


def _table(html: str, n: int = 0) -> str:
    return re.findall(r"<table.*?</table>", html, flags=re.S)[n]


def project_sections(ctx, code=CODE):
    return [S.title(ctx, code, "2023-03-31"), S.key_figures(ctx, code), S.basic_info(ctx, code),
            S.budget_execution(ctx, code), S.indicators(ctx, code), S.conclusion(ctx, code), S.problems(ctx, code),
            S.improvements(ctx, code), S.appendix(ctx, code), S.data_quality(ctx, code)]


def dept_sections(ctx):
    return [S.dept_title(ctx, "2023-03-31"), S.dept_key_figures(ctx), S.dept_basic(ctx), S.dept_budget(ctx),
            S.dept_indicators(ctx), S.dept_projects(ctx), S.dept_conclusion(ctx), S.dept_problems(ctx),
            S.dept_data_quality(ctx), S.dept_appendix(ctx)]


def test_indicator_table_total_is_the_sum_of_printed_scores():
    html = S.indicators(context(), CODE)
    rows = _rows(_table(html))
    body = [r for r in rows[1:] if r[0] != "合计"]
    total = rows[-1]
    scores = [D(r[-2]) for r in body]
    weights = [D(r[-3]) for r in body]
    assert total[0] == "合计"
    assert D(total[-2]) == sum(scores) == D("97.94")  # = the project's printed total
    assert D(total[-3]) == sum(weights) == D("100.00")


def test_totals_add_up_when_weights_do_not_divide_evenly():
    # 50 split six ways at 8.33: the printed column adds to 49.98, and the total says so
    six = tuple(ind(f"指标{k}", "产出指标", "数量指标", "100%", "100%", "8.33", "8.33") for k in range(6))
    p = project(indicators=six, score=D("9.83") + D("8.33") * 6)
    table, w, s, _ = S.indicator_table(p)
    assert w == D("59.98") and s == D("59.81")
    assert _rows(table)[-1][-3:-1] == ["59.98", "59.81"]


def test_derivations_are_shown_under_the_table():
    html = S.indicators(context(), CODE)
    assert "注1" in html and "2,043,700.00 元 ÷ 2,080,000.00 元 = 98.25%" in html
    assert "有效问卷 40 份，满意率 92.50%（95% 置信区间 80.00%–97.00%）" in html


def test_overrides_are_listed_beside_the_rule_score():
    inds = tuple(replace(i, overridden=True, rule_score=D("11.50"), score=D("12.28")) if i.name == "工资保险发放完成率"
                 else i for i in INDICATORS)
    ys = year_score([project(indicators=inds)])
    html = S.indicators(context(ys), CODE)
    assert "采用自评得分 12.28 分，按评分规则计算为 11.50 分（相差 0.78 分）" in html


def test_workbook_text_is_escaped_everywhere():
    evil = "<script>alert(1)</script>"
    p = project(name=evil, indicators=tuple(replace(i, name=i.name + evil) for i in INDICATORS))
    ys = year_score([p])
    facts = [dict(FACTS, 项目名称=evil, 主要用途=evil, 绩效目标=evil, 实施单位=evil)]
    finding = replace(FINDING, message=evil, numbers=((evil, evil),))
    ctx = context(ys, Findings((finding,)), facts)
    ctx = replace(ctx, year=replace(ctx.year, overall_goal=evil))
    for html in project_sections(ctx) + dept_sections(ctx):
        assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in S.basic_info(ctx, CODE)


def test_numbers_are_right_aligned():
    # Every cell holding a printed figure is right-aligned; targets and actuals stay as written
    # (text such as 100%、是、12月底前), so a percentage in an indicator table is exempt.
    for html in project_sections(context()) + dept_sections(context()):
        for table in re.findall(r"<table.*?</table>", html, flags=re.S):
            plain = re.sub(r"<[^>]+>", "", table)  # headers are split into word spans
            figure = r"-?[\d,]+\.\d\d" if "实际完成值" in plain else r"[+-]?[\d,]+\.\d\d%?"
            for attrs, value in re.findall(rf"<td([^>]*)>({figure})</td>", table):
                assert "num" in attrs, (value, table[:200])


def test_tables_have_a_head_except_the_official_forms():
    for html in project_sections(context()) + dept_sections(context()):
        for table in re.findall(r"<table.*?</table>", html, flags=re.S):
            assert "<thead>" in table or table.startswith('<table class="form"'), table[:120]


def test_self_evaluation_form_has_the_official_rows():
    html = S.appendix(context(), CODE)
    assert "项目支出绩效自评表" in html and "（2022年度）" in html
    rows = _rows(html)
    first = [r[0] for r in rows]
    assert first[:2] == ["项目名称", "主管部门"]
    assert rows[1][2] == "实施单位"
    assert rows[2] == ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert rows[3] == ["年度资金总额", "208.00", "208.00", "204.37", "10.00", "98.25%", "9.83"]
    assert rows[4] == ["其中：本级资金", "104.50", "104.50", "—", "—", "—", "—"]
    assert rows[5][0] == "上级转移支付" and rows[6][0] == "其他资金"
    assert rows[7] == ["年度总体目标", "预期目标", "实际完成情况"]
    assert rows[9][:9] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                           "偏差原因分析及改进措施"]
    assert rows[-1][:3] == ["总分", "100.00", "97.94"]
    assert 'rowspan="4">产出指标' in html  # the four 产出 indicators share one 一级 cell
    assert "偏差原因：2名村干部12月离职，工资未发放<br>改进措施：及时调整发放名单" in unescape(html)


def test_data_quality_groups_findings_and_lists_silenced_ids():
    hint = Problem("提示", "建议写明数值", project=CODE, id="R299", title="模糊表述")
    quiet = replace(FINDING, id="T102")
    ctx = context(findings=Findings((FINDING, hint), silenced=("T102",), silenced_items=(quiet,)))
    html = S.data_quality(ctx, CODE)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert "共发现错误 1 项、警告 0 项、提示 1 项。" in text
    assert html.index("错误（1 项）") < html.index("提示（1 项）")
    assert "文件「targets.xlsx」工作表「测算明细」第 3 行「测算金额」列" in text
    assert "计算：52.15 万元" in text
    assert "T102（1 项）" in text
    assert "财政部 2020 自评规则" in text


def test_key_figures_are_short_and_plain():
    # each figure with its unit in an inline block: a line breaks between items, never inside 204.37 万元
    items = ("综合得分 97.94 分", "评价等级 优", "预算执行率 98.25%", "全年执行数 204.37 万元")
    assert S.key_figures(context(), CODE) == ('<section class="jx"><p class="key">'
                                              + "<wbr>　".join(f'<span class="kw">{x}</span>' for x in items)
                                              + "</p></section>")


def test_department_budget_table_adds_up_and_shows_yoy():
    p2 = project(code="JX-02", name="社区运行经费", budget_initial_wan=D("510.00"), budget_full_year_wan=D("530.00"),
                 spent_wan=D("400.00"), execution_rate=400 / 530)
    ys = year_score([project(), p2])
    before = year_score([project(budget_full_year_wan=D("200.00")),
                         project(code="JX-09", name="旧项目", budget_full_year_wan=D("50.00"))], year=2021)
    ctx = context(ys, previous=before)
    rows = _rows(_table(S.dept_budget(ctx)))
    assert rows[-1][:5] == ["合计", "718.00", "738.00", "604.37", "81.89%"]
    assert rows[1][-1] == "+8.00" and rows[2][-1] == "新增"
    html = S.dept_projects(ctx)
    assert "同比情况" in html and "已结束" in html and "旧项目" in html


def test_department_sections_without_previous_have_no_yoy():
    html = "".join(dept_sections(context()))
    assert "同比" not in html


def test_resolve_dir_falls_back_to_the_notebooks_folder(tmp_path, monkeypatch):
    """A notebook's default "../data/2022" works from the project root as well as from notebooks/."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data" / "2022").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert resolve_dir("../data/2022") == tmp_path / "data" / "2022"
    monkeypatch.chdir(tmp_path / "notebooks")
    assert resolve_dir("../data/2022") == tmp_path / "data" / "2022"
    (tmp_path / "notebooks" / "here").mkdir()
    assert resolve_dir("here") == tmp_path / "notebooks" / "here"
    assert resolve_dir("nowhere") == tmp_path / "notebooks" / "nowhere"


def test_snapshot_of_the_self_evaluation_form():
    html = S.appendix(context(), CODE)
    path = SNAPSHOTS / "project_appendix.html"
    if os.environ.get("JX_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        if not os.environ.get("JX_UPDATE_SNAPSHOTS") and not path.exists():
            pytest.fail(f"missing snapshot {path}: run with JX_UPDATE_SNAPSHOTS=1")
        path.parent.mkdir(exist_ok=True)
        path.write_text(html.replace("<tr", "\n<tr"), encoding="utf-8")
    assert html.replace("<tr", "\n<tr") == path.read_text(encoding="utf-8")


DATA = Path(__file__).resolve().parents[1] / "data" / "2022"


@pytest.mark.skipif(not (DATA / "targets.xlsx").exists(), reason="sample year not built")
def test_sample_year_tables_add_up_to_the_scores():
    from jxreport.report.context import prepare

    ctx = prepare(DATA, "mof-2020")
    for p in ctx.scores.projects:
        total = _rows(_table(S.indicators(ctx, p.code)))[-1]
        assert D(total[-2]) == p.score, p.code
        assert _rows(S.appendix(ctx, p.code))[-1][2] == f"{p.score:.2f}"
    dept = _rows(_table(S.dept_indicators(ctx)))[-1]
    assert D(dept[-2]) == ctx.scores.department.score


def test_department_chart_captions_say_which_projects_a_large_year_shows(monkeypatch):
    from jxreport.sections import appendix
    from jxreport.sections.charts import MAX_PROJECTS

    monkeypatch.setattr(appendix, "INLINE_MAX", 40)  # listed inline (tests/test_appendix.py: in the appendix)
    many = [project(code=f"P{k:03d}", name=f"项目{k}", budget_full_year_wan=D(k), spent_wan=D(k)) for k in range(1, 41)]
    ctx = context(year_score(many))
    budget, projects = S.dept_budget(ctx), S.dept_projects(ctx)
    assert (f"图：全年预算数最大的 {MAX_PROJECTS} 个项目的预算执行情况（万元；其余 10 个项目全年预算数合计 55.00 万元、"
            f"全年执行数 55.00 万元，执行率 100.00%，逐项见上表）") in budget  # 1 + … + 10 = 55
    assert (f"图：全年预算数最大的 {MAX_PROJECTS} 个项目的自评得分（虚线为全部项目按预算加权平均；其余 10 个项目逐项见上表）"
            in projects)
    assert len(_rows(_table(budget))) == 40 + 2  # the table still lists every project (+ header, 合计)
    small = context()
    assert "图：各项目预算执行情况（万元）" in S.dept_budget(small)
    assert "图：各项目自评得分（虚线为按预算加权平均）" in S.dept_projects(small)
