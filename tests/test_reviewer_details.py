"""Details a reviewer or a newcomer met in the sample year (issue 14, points 3 and 6 and the small ones):
a qualitative 完成率 is its band's share, 资金来源 adds up to 全年预算数, every 合计 row has its
rate, the quarterly progress comes from the unrounded ledger, the run summary counts what it
lists, index.html sorts 等级 by rank, and a monitoring report is dated by its own month."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from html import unescape
from pathlib import Path

from report_samples import context, project, year_score
from test_scoring import j

from jxreport.outputs.index_page import render_index
from jxreport.pipeline.run import RunSummary
from jxreport.sections import annual as S
from jxreport.sections.monitoring import report_day


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_a_qualitative_completion_is_the_band_share_not_a_quotient_of_rounded_scores():
    # w = 2.8125 (45 ÷ 16): 部分达成 scores q2(2.8125 × 0.70) = 1.97, and 1.97 ÷ 2.8125 = 70.04 %
    partly = j("显著提升", "部分达成", D("2.8125"), "社会效益指标")
    assert partly.score == D("1.97")
    assert partly.completion == 0.70


def test_funding_sources_include_the_adjustment_and_add_up_to_the_full_year_budget():
    p = project(budget_initial_wan=D("1100.00"), budget_full_year_wan=D("1150.00"),
                funds=(("本级资金", D("1100.00")), ("上级转移支付", None), ("其他资金", None)))
    text = _text(S.basic_info(context(year_score([p])), p.code))
    assert re.search(r"预算调整\s+50\.00", text)
    assert re.search(r"合计（全年预算数）\s+1,150\.00", text)


def _spent_months(total_yuan_cents: list[int]) -> tuple[D, ...]:
    return tuple(D(c) / D(1_000_000) for c in total_yuan_cents)  # 分 → 万元


def test_quarterly_progress_divides_the_unrounded_ledger():
    # the ledger 94.97122 万元 ÷ 95.30 = 99.6550 % → 99.66 % (the execution rate); the printed 94.97 ÷ 95.30
    # = 99.653 % → 99.65 % would contradict it
    months = _spent_months([94_971_220] + [0] * 11)
    p = project(budget_initial_wan=D("95.30"), budget_full_year_wan=D("95.30"), spent_wan=D("94.97"),
                execution_rate=float(D("94.97122") / D("95.30")), spent_by_month=months)
    html = S.budget_execution(context(year_score([p])), p.code)
    assert "四季度末 99.66%" in _text(html) and "99.65%" not in html


def test_every_total_row_has_its_rate():
    a = project()
    b = project(code="JX-02", name="社区运行经费", budget_full_year_wan=D("100.00"), spent_wan=D("50.00"),
                execution_rate=0.5, spent_by_month=())
    ctx = context(year_score([a, b]))
    for html in (S.dept_budget(ctx), S.dept_appendix(ctx)):
        rows = [r for r in re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S) if "合计" in r]
        # (204.37 + 50.00) ÷ (208.00 + 100.00) = 82.59 %
        assert rows and all("82.59%" in r for r in rows), rows


def test_the_run_summary_counts_what_it_lists():
    s = RunSummary(year=2022, department="单位", output_dir=Path("out"), reports=(), files=(), seconds=1.0,
                   department_score="98.00", department_grade="优", findings={"错误": 0, "警告": 1, "提示": 0},
                   warnings=1, highlights=("[警告] 甲", "[警告] 乙"), input_notes={"错误": 0, "警告": 1})
    text = str(s)
    listed = sum(1 for line in text.splitlines() if line.startswith("  [警告]"))
    said = sum(int(n) for n in re.findall(r"警告 (\d+) 条", text))
    assert listed == said == 2


def test_index_sorts_the_grade_by_rank_and_not_the_report_links():
    good = project(code="A", score=D("95.00"), grade="优")
    fair = project(code="B", score=D("75.00"), grade="中")
    html = render_index(year_score([fair, good]), department="单位", report_date="2023-03-31", rules_title="规则",
                        reports=[])
    heads = re.findall(r"<th[^>]*>.*?</th>", html.split('id="projects"')[1].split("</thead>")[0])
    grade = next(h for h in heads if "等级" in h)
    report = next(h for h in heads if "报告" in h)
    assert 'data-type="number"' in grade and "<button" not in report
    assert 'data-sort="95.0">优' in html and 'data-sort="75.0">中' in html  # 优 sorts above 中


def test_a_monitoring_report_is_dated_by_its_month():
    class July:
        year, month = 2022, 7

    assert report_day(July, "2023-03-31") == dt.date(2022, 7, 31)  # the annual date is after the year ended
    assert report_day(July, "2022-08-10") == dt.date(2022, 8, 10)  # written in the following month
    assert report_day(July, None) == dt.date(2022, 7, 31)


def test_titles_and_the_metadata_line_break_only_between_items():
    html = S.title(context(), "JX-01", "2023-03-31")
    h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert '<span class="kw">2022年度</span>' in h1
    meta = re.search(r'<p class="meta">(.*?)</p>', html).group(1)
    assert '<span class="kw">报告日期：2023年3月31日</span>' in meta
    head = S.dept_appendix(context())
    assert '<span class="nw">全年</span><wbr><span class="nw">执行数</span><wbr><span class="nw">（万元）</span>' in head
    assert '<span class="nw">一级指标</span>' in S.appendix(context(), "JX-01")
