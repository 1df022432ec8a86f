"""The report's sentences, written from the numbers.

Every function returns plain text (the caller escapes it for HTML): a sentence names the
figure and says what it means. Figures go through rounding.fmt_* only.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from decimal import Decimal

import cn2an

from jxreport.core.problems import ERROR, HINT, WARNING, Problem
from jxreport.scoring.rates import score_share
from jxreport.scoring.results import IndicatorScore, ProjectScore, Satisfaction, YearScore
from jxreport.core.rounding import dec, fmt_money, fmt_pct, fmt_score, fmt_wan, q2

# 预算执行率 below this needs a 偏差原因 (docs/scoring.md §3, a rule; the caller may pass the rule's value)
LOW_EXECUTION = Decimal("0.9")
MET = ("met", "over")
MISSED = ("missed", "partial", "late")
STATUS_TEXT = {
    "met": "达到年度指标值",
    "over": "大幅超过年度指标值",
    "missed": "未达到年度指标值",
    "partial": "部分达成年度指标",
    "late": "未按期完成",
    "unknown": "完成情况无法与年度指标值比较",
}
NO_REASON = "未说明偏差原因"
LEVEL1_ORDER = ("产出指标", "效益指标", "满意度指标")
# A category scoring at least this share of its weight is not called "the focus of improvement".
FOCUS_BELOW = Decimal("0.95")


# True while a section writes its 报送稿 text (report.editions): statements only, no prompts to
# the preparer, no findings. The 底稿 text (the default) keeps every prompt and finding.
_SUBMIT: ContextVar[bool] = ContextVar("jx_submit", default=False)


@contextmanager
def for_submission():
    """Within this block the sentences are the 报送稿's (see _SUBMIT)."""
    token = _SUBMIT.set(True)
    try:
        yield
    finally:
        _SUBMIT.reset(token)


def submitting() -> bool:
    return _SUBMIT.get()


def cn(n: int) -> str:
    """1 → 一, 12 → 十二 (section numbers and counts in running text)."""
    return cn2an.an2cn(int(n))


def heading_no(i: int) -> str:
    """The Chinese section prefix: 1 → 一、"""
    return f"{cn(i)}、"


def score(x) -> str:
    return f"{fmt_score(x)} 分"


def quote(name: str) -> str:
    return f"「{name}」"


def _sentence(s: str) -> str:
    s = s.strip()
    return s if s.endswith(("。", "！", "？", "；")) else s + "。"


def _reason(text: str | None) -> str:
    text = (text or "").strip()
    if text:
        return f"偏差原因：{_sentence(text)}"
    return "" if submitting() else f"{NO_REASON}。"


def _low(low) -> Decimal:
    return dec(low) if low is not None else LOW_EXECUTION


# ---------------------------------------------------------------- budget execution

def execution(p: ProjectScore, denominator: str = "全年预算数") -> str:
    """全年预算数 208.00 万元，全年执行数 204.37 万元，预算执行率 98.26%，得分 9.83 分。

    `denominator` is the rule's (全年预算数 or 年初预算数); the sentence names it when it is not
    the usual one, so the printed rate can be redone from the printed amounts.
    """
    if p.budget_initial_wan != p.budget_full_year_wan:
        change = p.budget_full_year_wan - p.budget_initial_wan
        word = "追加" if change > 0 else "调减"
        head = (f"年初预算数 {fmt_wan(p.budget_initial_wan)}，年度内{word} {fmt_wan(abs(change))}，"
                f"全年预算数 {fmt_wan(p.budget_full_year_wan)}")
    else:
        head = f"全年预算数 {fmt_wan(p.budget_full_year_wan)}"
    if p.budget_full_year_wan == 0:
        return f"{head}，全年执行数 {fmt_wan(p.spent_wan)}，预算为零，无法计算预算执行率，得分 {score(p.execution_score)}。"
    basis = "" if denominator == "全年预算数" else f"（按{denominator}计算）"
    return (f"{head}，全年执行数 {fmt_wan(p.spent_wan)}，预算执行率{basis} {fmt_pct(p.execution_rate)}，"
            f"得分 {score(p.execution_score)}（分值 {score(p.execution_weight)}）。")


def execution_reason(p: ProjectScore) -> str | None:
    """The 偏差原因 given on an indicator derived from 预算执行率 (the only place the records hold one)."""
    for i in p.indicators:
        if is_execution_indicator(i) and i.deviation_reason:
            return i.deviation_reason
    return None


def is_execution_indicator(i: IndicatorScore) -> bool:
    """An indicator that restates the execution rate (计算口径 预算执行率, or named …执行率/预算完成率),
    the row scoring reads the execution's 偏差原因 from."""
    if i.derived is not None and i.derived.formula.replace(" ", "").startswith("预算执行率"):
        return True
    return any(k in i.name for k in ("执行率", "预算完成率"))


def execution_meaning(p: ProjectScore, low=None) -> str:
    """What the rate means: fully spent, overspent, or how much is left and why."""
    if p.budget_full_year_wan == 0:
        return ""
    left = q2(p.budget_full_year_wan - p.spent_wan)
    if left == 0:
        return "预算资金已全部支出。"
    if left < 0:
        return f"全年执行数超过全年预算数 {fmt_wan(-left)}，需核实是否有预算调整未录入。"
    rate = dec(p.execution_rate)
    if rate < _low(low):
        return (f"尚有 {fmt_wan(left)}未支出，预算执行率低于 {fmt_pct(_low(low))}"
                + (f"，{_reason(execution_reason(p))}" if _reason(execution_reason(p)) else "。"))
    return f"尚有 {fmt_wan(left)}未支出。"


def is_low_execution(p: ProjectScore, low=None) -> bool:
    return p.budget_full_year_wan != 0 and dec(p.execution_rate) < _low(low)


# ---------------------------------------------------------------- indicators

def counts(p: ProjectScore) -> dict[str, int]:
    """How many indicators met (incl. over-completed), over, missed, unknown."""
    c = Counter(i.status for i in p.indicators)
    return {"total": len(p.indicators), "met": c["met"] + c["over"], "over": c["over"],
            "missed": sum(c[s] for s in MISSED), "unknown": c["unknown"]}


def area_scores(p: ProjectScore) -> list[tuple[str, Decimal, Decimal]]:
    """(category, Σ score, Σ weight) for 预算执行率 and each first-level indicator present."""
    out = [("预算执行率", p.execution_score, p.execution_weight)]
    groups: dict[str, list[IndicatorScore]] = {}
    for i in p.indicators:
        groups.setdefault(i.level1, []).append(i)
    order = [k for k in LEVEL1_ORDER if k in groups] + [k for k in groups if k not in LEVEL1_ORDER]
    for k in order:
        out.append((k, sum((i.score for i in groups[k]), Decimal(0)), sum((i.weight for i in groups[k]), Decimal(0))))
    return out


def weakest_area(p: ProjectScore) -> tuple[str, Decimal, Decimal] | None:
    """The category with the lowest share of its weight scored, or None when all are full."""
    worst = None
    for name, s, w in area_scores(p):
        if w <= 0 or s >= w:
            continue
        ratio = s / w
        if worst is None or ratio < worst[0]:
            worst = (ratio, (name, s, w))
    return worst[1] if worst else None


def _names(items, limit: int = 6) -> str:
    names = [quote(i.name) for i in items]
    if len(names) > limit:
        return "、".join(names[:limit]) + f"等 {len(names)} 项"
    return "、".join(names)


def indicator_summary(p: ProjectScore) -> str:
    """项目共设置三级指标 6 个，其中 5 个达到年度指标值，1 个未达到（「在岗率」）。"""
    c = counts(p)
    if c["total"] == 0:
        return "项目未设置三级绩效指标。"
    s = f"项目共设置三级指标 {c['total']} 个"
    if c["met"] == c["total"]:
        s += "，全部达到年度指标值"
    else:
        s += f"，其中 {c['met']} 个达到年度指标值"
    if c["over"]:
        s += f"（其中{_names([i for i in p.indicators if i.status == 'over'])}大幅超过年度指标值）"
    if c["missed"]:
        s += f"，{c['missed']} 个未达到（{_names([i for i in p.indicators if i.status in MISSED])}）"
    if c["unknown"]:
        s += f"，{c['unknown']} 个无法与年度指标值比较（{_names([i for i in p.indicators if i.status == 'unknown'])}）"
    return s + "。"


def actual_phrase(i: IndicatorScore) -> str:
    return f"年度指标值 {i.target_text}，实际完成 {i.actual_text or ('（无记录）' if submitting() else '（未填写）')}"


def indicator_problem(i: IndicatorScore) -> str:
    """One missed / over-completed / unclear indicator, with its 偏差原因 or the note that none was given."""
    levels = "／".join(x for x in (i.level1, i.level2) if x)
    head = f"{quote(i.name)}" + (f"（{levels}）" if levels else "") + actual_phrase(i)
    if i.status == "over" and i.completion is not None:
        what = f"完成率 {fmt_pct(i.completion)}，{STATUS_TEXT['over']}"
    elif i.status in MISSED and i.completion is not None and i.status != "late":
        what = f"完成率 {fmt_pct(i.completion)}，{STATUS_TEXT[i.status]}"
    elif i.status == "late" and "按" in (i.actual_text or ""):
        what = ""  # the actual already says it (未按时完成)
    else:
        what = STATUS_TEXT.get(i.status, i.status)
    if what:
        head += f"，{what}"
    s = f"{head}，得分 {score(i.score)}（分值 {score(i.weight)}）。"
    if i.status == "over" and not (i.deviation_reason or "").strip() and not submitting():
        return s + f"{NO_REASON}（年度指标值是否设定偏低？）。"
    return s + _reason(i.deviation_reason)


def needs_attention(i: IndicatorScore) -> bool:
    return i.status not in ("met",)


def override_note(i: IndicatorScore) -> str:
    return (f"{quote(i.name)}采用自评得分 {score(i.score)}，按评分规则计算为 {score(i.rule_score)}"
            f"（相差 {fmt_score(i.score - i.rule_score)} 分）" + (f"；{_reason(i.deviation_reason)}" if _reason(i.deviation_reason) else "。"))


def satisfaction(s: Satisfaction, label: str = "满意度") -> str:
    """有效问卷 120 份，满意率 92.50%（95% 置信区间 86.32%–96.17%）。"""
    who = f"（调查对象：{s.group}）" if s.group else ""
    how = "加权满意度得分率" if s.method == "weighted" else "满意率"
    text = (f"{label}调查{who}有效问卷 {s.n} 份，{how} {fmt_pct(s.rate)}"
            f"（95% 置信区间 {fmt_pct(s.low)}–{fmt_pct(s.high)}）。")
    if s.small_sample:
        text += "样本量偏小，区间较宽，结论仅供参考。"
    return text


# ---------------------------------------------------------------- conclusion

def conclusion(p: ProjectScore, findings: tuple[Problem, ...] = ()) -> str:
    """评价结论: one paragraph — total and grade, execution, indicators met/missed, the weakest area."""
    parts = [f"经自评，{p.name}项目综合得分 {score(p.score)}，评价等级为“{p.grade}”。"]
    if p.budget_full_year_wan != 0:
        parts.append(f"全年预算数 {fmt_wan(p.budget_full_year_wan)}，执行 {fmt_wan(p.spent_wan)}，"
                     f"预算执行率 {fmt_pct(p.execution_rate)}。")
    parts.append(indicator_summary(p))
    areas = [f"{name} {score(s)}（分值 {fmt_score(w)}）" for name, s, w in area_scores(p)]
    parts.append("分类看，" + "，".join(areas) + "。")
    weak = weakest_area(p)
    if weak is None:
        parts.append("各类指标均取得满分。")
    else:
        name, s, w = weak
        share = score_share(s, w)
        # 得分率 (score ÷ 分值) is not the execution rate: say whose score it is
        what = "预算执行率一项的得分" if name == "预算执行率" else name
        if share >= FOCUS_BELOW:
            parts.append(f"各类指标得分率（得分 ÷ 分值）均在 {fmt_pct(FOCUS_BELOW, 0)} 以上，相对最低的是{what}"
                         f"（得分 {score(s)}，分值 {fmt_score(w)}，得分率 {fmt_pct(share)}）。")
        else:
            parts.append(f"得分率（得分 ÷ 分值）最低的是{what}（得分 {score(s)}，分值 {fmt_score(w)}，"
                         f"得分率 {fmt_pct(share)}），是下一步改进的重点。")
    errs = sum(1 for f in findings if f.level == ERROR)
    if errs and not submitting():
        parts.append(f"数据审核发现 {errs} 项错误，相关数字在核实前应审慎使用（见“数据质量与目标审核”）。")
    return "".join(parts)


# ---------------------------------------------------------------- problems and improvements

def finding_text(f: Problem) -> str:
    title = f.title or f.id or "数据审核"
    place = f.place
    nums = "；".join(f"{k} {v}" for k, v in f.numbers)
    s = f"{title}（{f.level}）：{f.message.strip().rstrip('。')}"
    if nums:
        s += f"（{nums}）"
    s += "。"
    if place:
        s += f"位置：{place}。"
    return s


def problems(p: ProjectScore, findings: tuple[Problem, ...] = (), low=None) -> list[str]:
    """存在的问题及原因: low execution, each indicator not plainly met, and the check findings (errors, warnings)."""
    items = []
    if is_low_execution(p, low):
        items.append(f"预算执行率偏低：{execution(p)}{execution_meaning(p, low)}")
    elif p.budget_full_year_wan != 0 and p.spent_wan > p.budget_full_year_wan:
        items.append(f"超预算支出：{execution(p)}{execution_meaning(p, low)}")
    for i in p.indicators:
        if needs_attention(i):
            items.append(indicator_problem(i))
    for f in () if submitting() else findings:  # findings belong to the 底稿
        if f.level in (ERROR, WARNING):
            items.append("数据审核发现" + finding_text(f))
    return items


def improvements(p: ProjectScore, low=None) -> list[str]:
    """改进措施: what the 指标完成 sheet says, and each open problem with no measure stated as such."""
    items = []
    for i in p.indicators:
        if i.improvement:
            items.append(f"针对{quote(i.name)}：{_sentence(i.improvement)}")
        elif needs_attention(i):
            items.append(_measure_missing(i))
    if is_low_execution(p, low) and not any(
            i.improvement and is_execution_indicator(i) for i in p.indicators):
        items.append(f"预算执行率 {fmt_pct(p.execution_rate)} 偏低，建议分析未支出资金的原因，合理安排支出进度。"
                     if submitting() else f"预算执行率 {fmt_pct(p.execution_rate)} 偏低，未填写相应改进措施。")
    return items


def _measure_missing(i: IndicatorScore) -> str:
    """An indicator not plainly met with no 改进措施: the 底稿's to-do, or the 报送稿's suggestion from its status."""
    if not submitting():
        return f"{quote(i.name)}{STATUS_TEXT.get(i.status, '')}，未填写改进措施。"
    if i.status == "over":
        return f"{quote(i.name)}{STATUS_TEXT['over']}，建议下一年度结合实际完成情况合理设定年度指标值。"
    return f"{quote(i.name)}{STATUS_TEXT.get(i.status, '')}，建议跟踪完成情况，分析原因并落实整改。"


NO_MEASURES_NEEDED = "各项指标均已达成，下一年度继续按现有做法组织实施。"
NO_MEASURES_TODO = "各项指标均已达成，指标完成表未填写改进措施。"


def use_of_results(p: ProjectScore, low=None) -> str:
    """结果应用: what the figures suggest for next year's budget, stated from the figures."""
    c = counts(p)
    parts = [f"本项目自评得分 {score(p.score)}、等级“{p.grade}”，自评结果将作为下一年度预算安排和项目管理的参考依据。"]
    if is_low_execution(p, low):
        left = q2(p.budget_full_year_wan - p.spent_wan)
        parts.append(f"预算执行率 {fmt_pct(p.execution_rate)}，{fmt_wan(left)}未支出，建议编制下一年度预算时据实核定规模、合理安排支出进度。")
    if c["over"]:
        parts.append(f"{c['over']} 个指标大幅超过年度指标值，建议下一年度据实提高年度指标值。")
    if c["missed"]:
        parts.append(f"{c['missed']} 个指标未达到年度指标值，建议跟踪整改并在下一年度绩效目标中加以落实。")
    if not c["over"] and not c["missed"] and not is_low_execution(p, low):
        parts.append("各项指标均已达成，建议保持现有管理做法。")
    return "".join(parts)


def goal_achievement(p: ProjectScore) -> str:
    """附表「实际完成情况」: the year in two sentences."""
    return execution(p) + indicator_summary(p)


# ---------------------------------------------------------------- department

def dept_execution(ys: YearScore) -> str:
    d = ys.department
    s = (f"部门 {len(ys.projects)} 个项目全年预算数合计 {fmt_wan(d.budget_wan)}，全年执行数合计 {fmt_wan(d.spent_wan)}，"
         f"部门预算执行率 {fmt_pct(d.execution_rate)}，得分 {score(d.execution_score)}（分值 {score(d.execution_weight)}）。")
    rated = [p for p in ys.projects if p.budget_full_year_wan != 0]
    if len(rated) > 1:
        lo = min(rated, key=lambda p: dec(p.execution_rate))
        hi = max(rated, key=lambda p: dec(p.execution_rate))
        s += (f"项目执行率最高的是{quote(hi.name)}（{fmt_pct(hi.execution_rate)}），"
              f"最低的是{quote(lo.name)}（{fmt_pct(lo.execution_rate)}）。")
    return s


def grade_counts(ys: YearScore) -> str:
    c = Counter(p.grade for p in ys.projects)
    return "、".join(f"“{g}”{n} 个" for g, n in c.items())


def dept_projects(ys: YearScore) -> str:
    """项目绩效自评汇总 in words: range, weighted mean, grades, the lowest."""
    if not ys.projects:
        return "本年度无项目支出。"
    ps = ys.projects
    lo = min(ps, key=lambda p: p.score)
    hi = max(ps, key=lambda p: p.score)
    s = f"{len(ps)} 个项目自评得分在 {fmt_score(lo.score)}～{fmt_score(hi.score)} 分之间"
    if ys.department.weighted_project_score is not None:
        s += f"，按全年预算数加权平均 {score(ys.department.weighted_project_score)}"
    s += f"；评价等级{grade_counts(ys)}。"
    if len(ps) > 1:
        s += f"得分最低的是{quote(lo.name)}（{score(lo.score)}，“{lo.grade}”）。"
    return s


def dept_area_weakest(ys: YearScore):
    worst = None
    for a in ys.department.areas:
        if a.weight <= 0 or a.score >= a.weight:
            continue
        r = a.score / a.weight
        if worst is None or r < worst[0]:
            worst = (r, a)
    return worst[1] if worst else None


def dept_conclusion(ys: YearScore, yoy=None, findings: tuple[Problem, ...] = ()) -> str:
    d = ys.department
    who = ys.unit_name
    parts = [f"经自评，{who}{ys.year}年度部门整体绩效得分 {score(d.score)}，评价等级为“{d.grade}”。"]
    parts.append(f"部门预算执行率 {fmt_pct(d.execution_rate)}（全年预算数 {fmt_wan(d.budget_wan)}，执行 {fmt_wan(d.spent_wan)}）。")
    n_ind = sum(len(a.indicators) for a in d.areas)
    if d.areas:
        met = sum(1 for a in d.areas for i in a.indicators if i.status in MET)
        parts.append(f"部门指标覆盖 {len(d.areas)} 个工作领域、{n_ind} 个指标，其中 {met} 个达到年度指标值。")
        weak = dept_area_weakest(ys)
        if weak is not None:
            parts.append(f"得分率最低的工作领域是{quote(weak.area)}（{score(weak.score)}，分值 {fmt_score(weak.weight)}）。")
    elif d.projects_area is not None:
        parts.append(f"未设部门指标，工作领域的 {fmt_score(d.projects_area.weight)} 分按项目自评得分的预算加权平均折算为"
                     f" {score(d.projects_area.score)}，加部门预算执行率得分 {score(d.execution_score)}。")
    parts.append(dept_projects(ys))
    if yoy is not None:
        parts.append(yoy_summary(yoy))
    errs = sum(1 for f in findings if f.level == ERROR)
    if errs and not submitting():
        parts.append(f"数据审核发现 {errs} 项错误，相关数字在核实前应审慎使用。")
    return "".join(parts)


def dept_problems(ys: YearScore, findings: tuple[Problem, ...] = (), low=None) -> list[str]:
    items = []
    for p in ys.projects:
        if is_low_execution(p, low):
            items.append(f"{quote(p.name)}预算执行率 {fmt_pct(p.execution_rate)}，{execution_meaning(p, low)}")
    for a in ys.department.areas:
        for i in a.indicators:
            if needs_attention(i):
                items.append(f"部门指标（{a.area}）" + indicator_problem(replace(i, level1="", level2="")))
    for p in ys.projects:
        for i in p.indicators:
            if needs_attention(i):
                items.append(f"{quote(p.name)}：" + indicator_problem(i))
    lv = Counter(f.level for f in findings)
    if (lv[ERROR] or lv[WARNING]) and not submitting():
        items.append(f"数据质量与目标审核共发现错误 {lv[ERROR]} 项、警告 {lv[WARNING]} 项、提示 {lv[HINT]} 项，详见下节。")
    return items


def dept_improvements(ys: YearScore, low=None) -> list[str]:
    items = []
    for p in ys.projects:
        for i in p.indicators:
            if i.improvement:
                items.append(f"{quote(p.name)}针对{quote(i.name)}：{_sentence(i.improvement)}")
    missing = [p for p in ys.projects
               if any(needs_attention(i) and not i.improvement for i in p.indicators)]
    if missing and submitting():
        items.append("以下项目存在未达到或大幅超过年度指标值的指标，建议逐项分析原因、落实整改并合理设定下一年度指标值："
                     + "、".join(quote(p.name) for p in missing) + "。")
    elif missing:
        items.append("以下项目存在未达到或大幅超过年度指标值的指标但未填写改进措施："
                     + "、".join(quote(p.name) for p in missing) + "。")
    return items


def yoy_summary(yoy) -> str:
    d = yoy.department
    s = f"与{yoy.previous_year}年度相比，"
    parts = []
    if d.budget_change is not None:
        parts.append(f"部门全年预算数{_change(d.budget_change, '万元')}")
    if d.rate_change is not None:
        parts.append(f"预算执行率{_change(d.rate_change, '个百分点')}")
    if d.score_change is not None:
        parts.append(f"整体得分{_change(d.score_change, '分')}")
    s += "，".join(parts) + "。"
    if yoy.new:
        s += f"新增项目 {len(yoy.new)} 个（{'、'.join(quote(r.name) for r in yoy.new)}）。"
    if yoy.ended:
        s += f"上年度 {len(yoy.ended)} 个项目本年度已结束（{'、'.join(quote(r.name) for r in yoy.ended)}）。"
    return s


def _change(x: Decimal, unit: str) -> str:
    if x > 0:
        return f"增加 {fmt_money(x)} {unit}"
    if x < 0:
        return f"减少 {fmt_money(-x)} {unit}"
    return "持平"
