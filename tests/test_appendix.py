"""Issue 16 point 6: past appendix.INLINE_MAX projects the department report keeps its sections,
totals and the projects that need attention, and its per-project tables move to appendix parts."""

from __future__ import annotations

import re
from decimal import Decimal as D
from html import unescape

from report_samples import context, project, year_score

from jxreport.core.rounding import fmt_money
from jxreport.report.editions import for_edition
from jxreport.sections import annual as S
from jxreport.sections import appendix, appendix_parts as P


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _many(n: int):
    return [project(code=f"P{k:03d}", name=f"项目{k}", budget_initial_wan=D(k), budget_full_year_wan=D(k),
                    spent_wan=D(k) - D("0.5") if k % 7 == 0 else D(k)) for k in range(1, n + 1)]


def test_the_parts_cover_every_project_once_in_the_years_order():
    codes = [f"P{k:03d}" for k in range(1, 2 * appendix.PART_SIZE + 8)]
    parts = appendix.parts(codes)
    assert [c for part in parts for c in part] == codes
    assert [len(p) for p in parts] == [appendix.PART_SIZE, appendix.PART_SIZE, 7]
    assert appendix.parts(codes[:appendix.INLINE_MAX]) == []  # a small year lists its projects inline


def test_a_small_department_report_lists_every_project_itself():
    ctx = context(year_score(_many(appendix.INLINE_MAX)))
    html = S.dept_budget(ctx) + S.dept_projects(ctx) + S.dept_appendix(ctx)
    assert "附件" not in _text(html)
    assert "项目30" in _text(S.dept_budget(ctx))


def test_a_large_department_report_keeps_totals_and_the_lowest_and_links_every_part():
    n = appendix.INLINE_MAX + appendix.PART_SIZE + 1
    ps = _many(n)
    ctx = context(year_score(ps))
    budget, projects, form = S.dept_budget(ctx), S.dept_projects(ctx), S.dept_appendix(ctx)
    text = _text(budget)
    total = fmt_money(sum((p.budget_full_year_wan for p in ps), D(0)))
    assert f"{n} {fmt_money(sum((p.budget_initial_wan for p in ps), D(0)))} {total}" in " ".join(text.split())
    assert "执行率最低的 10 个项目" in text and "项目7" in text  # 7 spent less than its budget
    assert "项目12 " not in text  # a project with nothing to say is only in its part
    for html in (budget, projects, form):
        assert 'href="部门整体绩效自评报告_附件1.html"' in html and 'href="部门整体绩效自评报告_附件2.html"' in html
    assert "逐项见附件" in projects and "逐项见上表" not in projects
    assert "项目支出绩效自评汇总表" in _text(form) and "P080" not in form


def test_a_part_lists_only_its_projects_and_adds_up_what_it_prints():
    n = appendix.INLINE_MAX + appendix.PART_SIZE + 1
    ctx = context(year_score(_many(n)))
    codes = appendix.parts([p.code for p in ctx.scores.projects])[1]
    part = P.part_context(ctx, codes)
    html = P.part_title(part, 2, "2023-03-31") + P.part_budget(part) + P.part_scores(part)
    html += P.part_problems(part) + P.part_data_quality(part)
    text = _text(html)
    first = appendix.PART_SIZE + 1
    assert f"附件2（第 {first}–{n} 个项目）" in text
    assert "P001" not in html and f"P{n:03d}" in html
    subtotal = fmt_money(sum((D(k) for k in range(first, n + 1)), D(0)))
    assert f"本附件小计 {subtotal}" in " ".join(text.split())
    assert not re.search(r"部门整体得分\s*\d", text)  # a part prints no department figure (its hash has none)
    assert "审核底稿" not in _text(for_edition(html, "报送稿"))


def test_a_parts_cost_analysis_has_one_numbered_heading():
    n = appendix.INLINE_MAX + 1
    ctx = context(year_score(_many(n)))
    part = P.part_context(ctx, appendix.parts([p.code for p in ctx.scores.projects])[0])
    headings = re.findall(r"<h(\d)>([^<]*)</h\1>", P.part_costs(part))
    assert headings == [("2", "三、成本分析")]  # numbered like the part's other sections, not 三、 around 成本分析
