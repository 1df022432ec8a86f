"""The report's charts: matplotlib Figures drawn on the Agg canvas, never through pyplot.

Figures are built with `matplotlib.figure.Figure` directly, so no global pyplot state
exists to leak a `<Figure size…>` repr or an inline image into a notebook; `to_png_html`
turns one into an <figure> with an embedded PNG. Every printed figure goes through
rounding.fmt_*.
"""

from __future__ import annotations

import base64
import html
import io
from decimal import Decimal

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from jxreport.core import fonts
from jxreport.scoring.results import ProjectScore, YearScore
from jxreport.core.rounding import dec, fmt_money, fmt_pct, fmt_score, fmt_wan

WIDTH = 6.4  # inches; at 150 dpi about 960 px, shown at the page width
DPI = 150
CAP = 1.5  # completion bars stop at 150 %; the real value is written beside the bar
COLORS = {"met": "#2e7d32", "over": "#1565c0", "missed": "#c62828", "partial": "#ef6c00",
          "late": "#c62828", "unknown": "#757575"}
PLAN = "#ef6c00"
ACTUAL = "#1565c0"
BEFORE = "#9e9e9e"
MONTHS = [f"{m}月" for m in range(1, 13)]


MAX_PROJECTS = 30  # a department chart draws at most this many projects: the largest 全年预算数


def budget_of(row) -> Decimal:
    """The 全年预算数 a department chart ranks by: a ProjectScore's, or a 同比 row's (this year, else last)."""
    if isinstance(row, ProjectScore):
        return row.budget_full_year_wan
    value = row.budget_now if row.budget_now is not None else row.budget_before
    return value if value is not None else Decimal(0)


def largest(projects) -> tuple[list, list]:
    """(shown, rest): up to MAX_PROJECTS projects with the largest budget, in their order, and the rest.

    A district has hundreds of projects: a bar each would make an unreadable image several
    megabytes tall whose memory grows with the year. The tables list every project; the
    charts show the largest and say how many are left out.
    """
    items = list(projects)
    if len(items) <= MAX_PROJECTS:
        return items, []
    ranked = sorted(range(len(items)), key=lambda i: (-budget_of(items[i]), i))
    keep = set(ranked[:MAX_PROJECTS])
    return [p for i, p in enumerate(items) if i in keep], [p for i, p in enumerate(items) if i not in keep]


def _scope(shown, rest) -> str:
    """A department chart's title start: 各项目, or which projects it shows."""
    return f"全年预算数最大的 {len(shown)} 个项目" if rest else "各项目"


def _figure(height: float) -> Figure:
    fonts.setup_matplotlib()
    fig = Figure(figsize=(WIDTH, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _short(name: str, n: int = 14) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def _label(p, width: int = 10, lines: int = 3) -> str:
    """A project's axis label: its 项目编码 and its name wrapped (not cut) over up to `lines` lines,
    so two names that begin alike are never shortened to the same text."""
    name = str(p.name)
    rows = [name[k:k + width] for k in range(0, len(name), width)] or [""]
    if len(rows) > lines:
        rows = rows[:lines]
        rows[-1] = rows[-1][:-1] + "…"
    return "\n".join([str(p.code), *rows])


# Score labels start right of the highest possible score, so the mean line (≤ 100) never crosses one.
_SCORE_LABEL_X = 103


def _tidy(ax):
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def spending(p: ProjectScore, plan: tuple | list | None = None) -> Figure:
    """Cumulative spending by month (万元) against the quarterly plan (percent of 全年预算数)."""
    fig = _figure(3.0)
    ax = fig.add_subplot()
    cum, total = [], Decimal(0)
    monthly = list(p.spent_by_month) + [Decimal(0)] * (12 - len(p.spent_by_month))
    for m in monthly[:12]:
        total += dec(m)
        cum.append(float(total))
    xs = list(range(1, 13))
    ax.plot(xs, cum, marker="o", markersize=3, color=ACTUAL, label="累计支出")
    budget = float(p.budget_full_year_wan)
    if plan and any(v is not None for v in plan):
        # cumulative plan at each quarter end, held until the next quarter end
        qx, qy = [0], [0.0]
        for k, v in enumerate(plan):
            if v is not None:
                qx.append(3 * (k + 1))
                qy.append(budget * float(v) / 100)
        ax.step(qx, qy, where="post", color=PLAN, linestyle="--", linewidth=1.2, label="季度累计支出计划")
        ax.plot(qx[1:], qy[1:], "s", color=PLAN, markersize=5)
        for x, v in zip(qx[1:], [v for v in plan if v is not None]):
            ax.annotate(f"{fmt_money(v, 0)}%", (x, budget * float(v) / 100), textcoords="offset points",
                        xytext=(-4, 5), ha="right", fontsize=7, color=PLAN)
    if budget:
        ax.axhline(budget, color="#616161", linewidth=0.8, linestyle=":")
        ax.annotate(f"全年预算数 {fmt_wan(p.budget_full_year_wan)}", (0.2, budget),
                    textcoords="offset points", xytext=(0, 3), fontsize=7, color="#616161")
    ax.annotate(f"{fmt_money(total)}", (12, cum[-1]), textcoords="offset points", xytext=(4, -10),
                fontsize=7, color=ACTUAL)
    ax.set_xticks(xs, MONTHS, fontsize=7)
    ax.set_xlim(0, 12.8)
    ax.set_ylim(bottom=0, top=max([budget] + cum) * 1.12 or 1)
    ax.set_ylabel("万元", fontsize=8)
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0.0, 0.86), frameon=False)
    ax.set_title("累计支出进度与季度计划", fontsize=9)
    _tidy(ax)
    return fig


def _completion_value(i) -> tuple[float, str]:
    """The bar's length (fraction) and the label; qualitative indicators show their score share."""
    if i.completion is not None:
        return float(i.completion), fmt_pct(i.completion)
    if i.weight:
        share = dec(i.score) / dec(i.weight)
        return float(share), f"得分率 {fmt_pct(share)}"
    return 0.0, "—"


def completion(p: ProjectScore) -> Figure:
    """Each indicator's completion (actual ÷ target, 100 % = met) as horizontal bars, capped at 150 %."""
    inds = list(p.indicators)
    fig = _figure(0.8 + 0.32 * max(len(inds), 1))
    ax = fig.add_subplot()
    names = [_short(i.name) for i in inds]
    vals, labels, colors = [], [], []
    for i in inds:
        v, label = _completion_value(i)
        vals.append(min(max(v, 0.0), CAP) * 100)
        labels.append(label + ("（截断显示）" if v > CAP else ""))
        colors.append(COLORS.get(i.status, COLORS["unknown"]))
    ys = list(range(len(inds)))[::-1]
    ax.barh(ys, vals, color=colors, height=0.6)
    for y, v, label in zip(ys, vals, labels):
        ax.text(max(v, 100) + 2, y, label, va="center", fontsize=7)
    ax.axvline(100, color="#424242", linewidth=0.9, linestyle="--")
    ax.set_yticks(ys, names, fontsize=7)
    ax.set_xlim(0, CAP * 100 + 45)
    ax.set_xticks([0, 25, 50, 75, 100, 125, 150], ["0", "25%", "50%", "75%", "100%", "125%", "150%"], fontsize=7)
    ax.set_title("绩效指标完成程度（实际完成值 ÷ 年度指标值）", fontsize=9)
    _tidy(ax)
    return fig


def budget_execution(ys: YearScore) -> Figure:
    """Department: 全年预算数 and 全年执行数 of each project (万元), the rate written beside.

    Past MAX_PROJECTS, the largest projects only: a bar for the rest together would dwarf
    them all; the caption gives the rest's totals (sections.dept_budget).
    """
    ps, rest = largest(ys.projects)
    fig = _figure(0.9 + 0.6 * max(len(ps), 1))
    ax = fig.add_subplot()
    pos = list(range(len(ps)))[::-1]
    h = 0.38
    budgets = [float(p.budget_full_year_wan) for p in ps]
    spent = [float(p.spent_wan) for p in ps]
    ax.barh([y + h / 2 for y in pos], budgets, height=h, color=BEFORE, label="全年预算数")
    ax.barh([y - h / 2 for y in pos], spent, height=h, color=ACTUAL, label="全年执行数")
    top = max(budgets + spent + [1.0])
    for y, p in zip(pos, ps):
        rate = fmt_pct(p.execution_rate) if p.budget_full_year_wan else "—"
        ax.text(max(float(p.budget_full_year_wan), float(p.spent_wan)) + top * 0.01, y,
                f"{fmt_money(p.spent_wan)} / {fmt_money(p.budget_full_year_wan)}（{rate}）", va="center", fontsize=7)
    ax.set_yticks(pos, [_label(p) for p in ps], fontsize=7)
    ax.set_xlim(0, top * 1.55)
    ax.set_xlabel("万元", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=7, loc="lower right", frameon=False)
    ax.set_title(_scope(ps, rest) + "预算执行情况", fontsize=9)
    _tidy(ax)
    return fig


def project_scores(ys: YearScore, yoy=None) -> Figure:
    """Department: each project's score (and last year's where known), the budget-weighted mean as a line.

    Past MAX_PROJECTS, the projects with the largest budgets (the mean line is still every project's).
    """
    ps, rest = largest(ys.projects)
    before = {}
    if yoy is not None:
        before = {r.code: r.score_before for r in yoy.projects if r.score_before is not None}
    fig = _figure(0.9 + (0.6 if before else 0.5) * max(len(ps), 1))
    ax = fig.add_subplot()
    pos = list(range(len(ps)))[::-1]
    h = 0.38 if before else 0.6
    now_y = [y - h / 2 for y in pos] if before else pos
    ax.barh(now_y, [float(p.score) for p in ps], height=h, color=ACTUAL, label=f"{ys.year}年度")
    for y, p in zip(now_y, ps):
        ax.text(_SCORE_LABEL_X, y, f"{fmt_score(p.score)}（{p.grade}）", va="center", fontsize=7)
    if before:
        by = [(y + h / 2, before[p.code]) for y, p in zip(pos, ps) if p.code in before]
        ax.barh([y for y, _ in by], [float(s) for _, s in by], height=h, color=BEFORE,
                label=f"{yoy.previous_year}年度")
        for y, s in by:
            ax.text(_SCORE_LABEL_X, y, fmt_score(s), va="center", fontsize=7, color="#616161")
    mean = ys.department.weighted_project_score
    if mean is not None:
        ax.axvline(float(mean), color=PLAN, linestyle="--", linewidth=1, label=f"按预算加权平均 {fmt_score(mean)}")
    ax.set_yticks(pos, [_label(p) for p in ps], fontsize=7)
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlabel("得分", fontsize=8)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False)
    ax.set_title(_scope(ps, rest) + "绩效自评得分", fontsize=9)
    _tidy(ax)
    return fig


def yoy(y) -> Figure:
    """同比: budget, execution rate and score of each project and the department, last year beside this year."""
    shown, _ = largest(y.projects)
    rows = shown + [y.department]
    fig = _figure(0.9 + 0.42 * len(rows))
    axes = fig.subplots(1, 3, sharey=True)
    pos = list(range(len(rows)))[::-1]
    h = 0.38
    panels = (("全年预算数（万元）", "budget"), ("预算执行率（%）", "rate"), ("得分", "score"))
    for ax, (title, key) in zip(axes, panels):
        now = [getattr(r, f"{key}_now") for r in rows]
        before = [getattr(r, f"{key}_before") for r in rows]
        ax.barh([p - h / 2 for p, v in zip(pos, now) if v is not None], [float(v) for v in now if v is not None],
                height=h, color=ACTUAL, label=f"{y.year}年度")
        ax.barh([p + h / 2 for p, v in zip(pos, before) if v is not None],
                [float(v) for v in before if v is not None], height=h, color=BEFORE, label=f"{y.previous_year}年度")
        ax.set_title(title, fontsize=8)
        ax.tick_params(axis="x", labelsize=6)
        _tidy(ax)
    labels = [_short(r.name, 10) + ("（新增）" if r.status == "new" else "（已结束）" if r.status == "ended" else "")
              for r in rows]
    axes[0].set_yticks(pos, labels, fontsize=7)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, fontsize=7, loc="lower center", ncol=2, frameon=False, bbox_to_anchor=(0.5, -0.02))
    fig.subplots_adjust(bottom=0.18, wspace=0.15)
    return fig


def unit_costs(lines) -> Figure | None:
    """Each 测算明细 line's actual unit cost as a share of its standard (100 % = at standard).

    Lines have different units (元/人/月, 元/亩 …), so the bar is actual ÷ standard and the
    label gives both figures in the line's unit; last year's unit cost, when known, is a grey
    mark on the same scale. None when no line has both an actual and a standard.
    """
    shown = [ln for ln in lines if ln.actual is not None and ln.standard is not None and ln.standard.value]
    if not shown:
        return None
    fig = _figure(0.9 + 0.42 * len(shown))
    ax = fig.add_subplot()
    ys = list(range(len(shown)))[::-1]
    top = 100.0
    for y, ln in zip(ys, shown):
        share = float(dec(ln.actual.value) / dec(ln.standard.value) * 100)
        over = ln.deviation_pct is not None and ln.deviation_pct > 0
        ax.barh(y, share, color=COLORS["missed"] if over else ACTUAL, height=0.5)
        label = f"{fmt_money(ln.actual.value)}（标准 {fmt_money(ln.standard.value)} {ln.standard.unit}）"
        if ln.previous is not None:
            before = float(dec(ln.previous.value) / dec(ln.standard.value) * 100)
            ax.plot([before], [y], marker="D", color=BEFORE, markersize=5, linestyle="none")
            label += f"，上年 {fmt_money(ln.previous.value)}"
            top = max(top, before)
        ax.text(max(share, 100) + 2, y, label, va="center", fontsize=7)
        top = max(top, share)
    ax.axvline(100, color="#424242", linewidth=0.9, linestyle="--")
    ax.set_yticks(ys, [_short(ln.line) for ln in shown], fontsize=7)
    ax.set_xlim(0, top * 1.9)
    ax.set_xlabel("实际单位成本 ÷ 标准（%）", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    title = "实际单位成本与标准" + ("（◆ 上年）" if any(ln.previous is not None for ln in shown) else "")
    ax.set_title(title, fontsize=9)
    _tidy(ax)
    return fig


def to_png_html(fig: Figure, alt: str, caption: str | None = None) -> str:
    """The figure as <figure><img src="data:image/png;base64,…"></figure>; the figure is cleared after."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    fig.clear()
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = html.escape(caption if caption is not None else alt)
    return (f'<figure class="jx-chart"><img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'
            f"<figcaption>{cap}</figcaption></figure>")


__all__ = ["MAX_PROJECTS", "budget_execution", "budget_of", "completion", "largest", "project_scores", "spending", "to_png_html",
           "unit_costs", "yoy"]
