"""Charts: Figures without pyplot, a CJK font, capped completion bars, and an <img> with no repr left over."""

import base64
import re
import warnings
from decimal import Decimal as D

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from report_samples import ind, project, year_score

from jxreport.sections import charts
from jxreport.core import fonts
from jxreport.report.yoy import compare


def _all_charts():
    p = project()
    ys = year_score([p, project(code="JX-02", name="社区运行经费")])
    before = year_score([project(score=D("90.00"))], year=2021)
    y = compare(ys, before)
    return [charts.spending(p, (25.0, 50.0, 75.0, 100.0)), charts.completion(p), charts.budget_execution(ys),
            charts.project_scores(ys, y), charts.yoy(y)]


def test_every_chart_is_a_figure_outside_pyplot():
    figs = _all_charts()
    assert all(isinstance(f, Figure) for f in figs)
    assert plt.get_fignums() == []  # nothing registered with pyplot: no inline echo, no <Figure size…> repr


def test_chinese_text_uses_the_cjk_font_without_missing_glyphs():
    fonts.setup_matplotlib()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fig in _all_charts():
            charts.to_png_html(fig, "图")
    assert not [w for w in caught if "Glyph" in str(w.message) or "missing from" in str(w.message)]
    import matplotlib

    assert matplotlib.rcParams["font.sans-serif"][0] == fonts.FAMILY


def test_to_png_html_embeds_a_png_and_clears_the_figure():
    fig = charts.completion(project())
    out = charts.to_png_html(fig, 'a "<b>" alt', "图：完成程度")
    m = re.fullmatch(r'<figure class="jx-chart"><img src="data:image/png;base64,([A-Za-z0-9+/=]+)" '
                     r'alt="([^"]*)"><figcaption>(.*)</figcaption></figure>', out)
    assert m, out[:200]
    assert base64.b64decode(m.group(1))[:8] == b"\x89PNG\r\n\x1a\n"
    assert m.group(2) == "a &quot;&lt;b&gt;&quot; alt"
    assert m.group(3) == "图：完成程度"
    assert fig.axes == []  # cleared


def test_completion_bars_are_capped_with_the_value_written():
    p = project(indicators=(
        ind("发放户数", "产出指标", "数量指标", "100户", "200户", "50", "50", status="over", completion=2.0),
        ind("在岗率", "效益指标", "可持续影响指标", "90%", "45%", "30", "15.00", status="missed", completion=0.5),
        ind("平台运行", "效益指标", "可持续影响指标", "平台持续运行", "部分达成", "10", "7.00", status="partial",
            completion=None, kind="qualitative"),
    ))
    ax = charts.completion(p).axes[0]
    widths = [round(b.get_width(), 6) for b in ax.patches]
    assert widths == [150.0, 50.0, 70.0]  # 200 % drawn at the 150 % cap; qualitative by its score share 7/10
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["200.00%（截断显示）", "50.00%", "得分率 70.00%"]
    assert any(line.get_xdata()[0] == 100 for line in ax.lines)  # the 100 % line


def test_spending_plan_steps_at_quarter_ends():
    p = project()
    ax = charts.spending(p, (25.0, 50.0, 75.0, 100.0)).axes[0]
    actual, plan = ax.lines[0], ax.lines[1]
    assert list(actual.get_xdata()) == list(range(1, 13))
    assert abs(actual.get_ydata()[-1] - 204.37) < 1e-9  # cumulative by month ends at 全年执行数
    assert list(plan.get_xdata()) == [0, 3, 6, 9, 12]
    assert list(plan.get_ydata()) == [0.0, 52.0, 104.0, 156.0, 208.0]  # 208 万元 × 25 / 50 / 75 / 100 %
    assert plan.get_drawstyle() == "steps-post"


def _many(n):
    """n projects whose 全年预算数 are 1..n 万元 (the last is the largest), each 90 % spent."""
    return [project(code=f"P{k:03d}", name=f"项目{k}", budget_full_year_wan=D(k), spent_wan=D(k) * D("0.9"),
                    execution_rate=0.9) for k in range(1, n + 1)]


def _labels(fig):
    """The project names on the y axis (a label is the 项目编码, then the name wrapped over lines)."""
    return ["".join(t.get_text().split("\n")[1:]) for t in fig.axes[0].get_yticklabels()]


def test_department_chart_labels_wrap_long_names_and_keep_the_line_off_them():
    """Names that begin alike stay distinguishable (code + whole name), and no score label sits
    where the budget-weighted mean line runs."""
    a = project(code="JX-01", name="村干部工资、保险和聘用人员工资")
    b = project(code="JX-07", name="村干部工资、保险和聘用人员补贴")
    ys = year_score([a, b])
    for fig in (charts.budget_execution(ys), charts.project_scores(ys)):
        texts = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert texts[0] != texts[1]
        assert all("…" not in t for t in texts)
        assert {"".join(t.split("\n")[1:]) for t in texts} == {a.name, b.name}
    fig = charts.project_scores(ys)
    mean = float(ys.department.weighted_project_score)
    assert all(t.get_position()[0] > max(mean, 100) for t in fig.axes[0].texts)


def test_department_charts_draw_the_largest_projects_and_say_so():
    ps = _many(charts.MAX_PROJECTS + 12)
    ys = year_score(ps)
    fig = charts.budget_execution(ys)
    labels = _labels(fig)
    assert len(labels) == charts.MAX_PROJECTS
    assert "项目12" not in labels and "项目13" in labels and f"项目{charts.MAX_PROJECTS + 12}" in labels
    assert fig.axes[0].get_title() == f"全年预算数最大的 {charts.MAX_PROJECTS} 个项目预算执行情况"
    # no bar for the rest together: it would dwarf the others (the caption gives its totals)
    assert max(b.get_width() for b in fig.axes[0].patches) == charts.MAX_PROJECTS + 12
    scores = charts.project_scores(ys)
    assert len(_labels(scores)) == charts.MAX_PROJECTS and "项目1" not in _labels(scores)
    assert scores.axes[0].get_title() == f"全年预算数最大的 {charts.MAX_PROJECTS} 个项目绩效自评得分"


def test_department_charts_stay_the_same_size_however_many_projects():
    sizes = []
    for n in (charts.MAX_PROJECTS, 200):
        ys = year_score(_many(n))
        sizes.append(charts.budget_execution(ys).get_size_inches()[1])
    assert sizes[1] == sizes[0]  # 30 bars either way


def test_a_small_year_draws_every_project_without_a_rest_bar():
    ys = year_score(_many(3))
    labels = _labels(charts.budget_execution(ys))
    assert sorted(labels) == ["项目1", "项目2", "项目3"]
    assert charts.budget_execution(ys).axes[0].get_title() == "各项目预算执行情况"
