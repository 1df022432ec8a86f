"""R2xx 目标审核: is every target complete and measurable (as a finance bureau reviews it)?

Runs over the project indicators (绩效指标) and, where it applies, the department-wide
indicators (部门指标), whose findings carry no 项目编码.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from jxreport.core import schema as S
from jxreport.core.text import blank
from jxreport.grammar.units import is_duration, is_money
from jxreport.checks.checked_year import CheckedYear, norm_name, num
from jxreport.checks.guardrails import execution_cost_reason
from jxreport.checks.registry import ERROR, HINT, WARNING, check, hit

OUTPUT_LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标")
VAGUE_WORDS = ("显著", "明显", "进一步", "有效", "逐步", "不断", "大幅", "稳步", "逐年")
_VAGUE = re.compile("|".join(VAGUE_WORDS))
_CLAUSE = re.compile(r"[，,；;。、]|且|并且|同时")
_MEASURE = re.compile(r"\d|%")
_SHARE = re.compile(r"率|比例|比率|占比|覆盖")
_GROWTH = re.compile(r"增长|增幅|增速|增加|提高|提升|同比|环比|上涨|下降|降低")
_LOWER_WORDS = ("发生率", "发生比率", "事故", "投诉", "信访", "差错", "超支", "成本", "违规", "逾期", "不满意",
                "群体性事件")
_HIGHER_WORDS = ("完成率", "覆盖率", "满意度", "满意率", "合格率", "达标率", "到位率", "及时率", "准确率",
                 "发放率", "办结率", "执行率", "知晓率", "参保率", "受理率", "开工率", "运转率", "在岗率",
                 "完好率", "通过率", "验收率", "正确率", "办证率", "整改率")


@dataclass(frozen=True)
class Item:
    """One target to review: a project indicator or a department indicator."""

    sheet: S.Sheet
    row: int
    project: str | None
    name: str
    text: object  # 指标值 as read
    target: object  # targets.Target
    level1: str | None
    level2: str | None
    description: str | None
    area: str | None = None

    @property
    def who(self) -> str:
        if self.project is None:
            return f"部门指标「{self.area} · {self.name}」"
        return f"指标「{self.name}」"


def _build_items(ctx: CheckedYear) -> list[Item]:
    out = [Item(S.INDICATORS, r["_row"], code, r["三级指标"], r["指标值"], r["_t"], r["一级指标"], r["二级指标"],
                r["指标描述"]) for code, inds in ctx.indicators.items() for r in inds]
    out += [Item(S.DEPT_INDICATORS, r["_row"], None, r["指标名称"], r["指标值"], r["_t"], None, None, None,
                 r["工作领域"]) for r in ctx.dept_indicators]
    return out


def _items(ctx: CheckedYear) -> list[Item]:
    """Every target to review: the project indicators, then the department's."""
    return ctx.memo("review-items", _build_items)


def _is_satisfaction(it: Item) -> bool:
    return it.level2 == "服务对象满意度指标" or "满意" in (it.name or "")


# ------------------------------------------------------------------ completeness

@check("R201", "缺少一级指标", WARNING, "targets",
       "项目「{code}」没有{missing}；每个项目应设产出、效益和满意度三类指标。")
def missing_level1(ctx: CheckedYear):
    """项目缺少产出、效益或满意度一级指标。"""
    for p in ctx.projects:
        code = p["项目编码"]
        have = {r["一级指标"] for r in ctx.indicators.get(code, ())}
        missing = [x for x in S.LEVEL1 if x not in have]
        if missing:
            yield hit(S.INDICATORS, None, "一级指标", code, (("缺少", "、".join(missing)),),
                      code=code, missing="、".join(missing))


@check("R202", "缺少产出二级指标", WARNING, "targets",
       "项目「{code}」的产出指标缺少{missing}；产出指标应包括数量、质量、时效和成本指标。")
def missing_output_level2(ctx: CheckedYear):
    """产出指标缺少数量、质量、时效或成本二级指标。"""
    for p in ctx.projects:
        code = p["项目编码"]
        rows = ctx.indicators.get(code, ())
        have = {r["二级指标"] for r in rows if r["一级指标"] == "产出指标"}
        if not have:
            continue  # R201 already says 产出指标 is missing
        missing = [x for x in OUTPUT_LEVEL2 if x not in have]
        if missing:
            yield hit(S.INDICATORS, None, "二级指标", code, (("缺少", "、".join(missing)),),
                      code=code, missing="、".join(missing))


# ------------------------------------------------------------------ measurability

@check("R203", "指标值缺少单位", WARNING, "targets",
       "{who}的指标值「{text}」只有数字、没有单位；评分时将沿用实际完成值的单位。请写明单位{suggest}。")
def unit_missing(ctx: CheckedYear):
    """定量指标值只有数字没有单位（如「95以上」）。"""
    for it in _items(ctx):
        t = it.target
        if t.kind == "quantitative" and "unit-missing" in t.flags and "zero-target" not in t.flags:
            rate = bool(_SHARE.search(it.name or "")) or "满意" in (it.name or "") or "率" in str(it.text)
            suggest = f"，如「{num(t.value)}%{'以上' if '以上' in str(it.text) else ''}」" if rate else "（%、个、次、人 …）"
            yield hit(it.sheet, it.row, "指标值", it.project, (("指标值", str(it.text)),),
                      who=it.who, text=it.text, suggest=suggest)


@check("R204", "比率超出0–100%", WARNING, "targets",
       "{who}是比率，指标值「{text}」为 {value}%，超出 0–100% 的范围。请核对。")
def rate_out_of_range(ctx: CheckedYear):
    """表示占比的指标（…率、比例、覆盖）指标值不在 0–100% 之间。"""
    for it in _items(ctx):
        t = it.target
        if t.kind != "quantitative" or t.unit != "%" or t.value is None or _is_satisfaction(it):
            continue
        if not _SHARE.search(it.name or "") or _GROWTH.search(it.name or ""):
            continue
        if t.value > 100 or t.value < 0:
            yield hit(it.sheet, it.row, "指标值", it.project, (("指标值", f"{num(t.value)}%"), ("上限", "100%")),
                      who=it.who, text=it.text, value=num(t.value))


@check("R205", "满意度指标超过100%", ERROR, "targets",
       "{who}的指标值「{text}」为 {value}%，满意度不可能超过 100%。")
def satisfaction_over_100(ctx: CheckedYear):
    """满意度指标值超过 100%。"""
    for it in _items(ctx):
        t = it.target
        if _is_satisfaction(it) and t.kind == "quantitative" and t.unit == "%" and t.value is not None \
                and t.value > 100:
            yield hit(it.sheet, it.row, "指标值", it.project, (("指标值", f"{num(t.value)}%"), ("上限", "100%")),
                      who=it.who, text=it.text, value=num(t.value))


def vague_clauses(text) -> list[tuple[str, list[str]]]:
    """Clauses of a target that use a vague word and hold no number: (clause, words)."""
    if not isinstance(text, str):
        return []
    s = unicodedata.normalize("NFKC", text)
    out = []
    for clause in _CLAUSE.split(s):
        words = list(dict.fromkeys(_VAGUE.findall(clause)))
        if words and not _MEASURE.search(clause):
            out.append((clause.strip(), words))
    return out


def _suggestion(clause: str, name: str) -> str:
    if "满意" in clause or "满意" in name:
        return "写明目标值，如「满意度≥90%」"
    if "参与" in clause or "参与" in name:
        return "写明目标值，如「参与人次≥500人次」或「参与率≥60%」"
    if "效果" in clause or "效果" in name or "宣传" in name:
        return "用结果衡量，如「知晓率≥80%」「覆盖人数≥1000人」"
    if re.search(r"提升|提高|增强|改善", clause):
        return "写明目标值或增幅，如「较上年提高5个百分点」"
    return "写明可衡量的数值或完成标准"


@check("R206", "指标值表述模糊", WARNING, "targets",
       "{who}的指标值「{text}」用了“{words}”等模糊表述（「{clause}」），没有可衡量的数值；建议{suggest}。")
def vague(ctx: CheckedYear):
    """指标值用“显著、明显、进一步、有效、逐步、不断”等词而没有数值。"""
    for it in _items(ctx):
        found = vague_clauses(it.text)
        if not found:
            continue
        clause = "」「".join(c for c, _ in found)
        words = "、".join(dict.fromkeys(w for _, ws in found for w in ws))
        yield hit(it.sheet, it.row, "指标值", it.project, (("指标值", str(it.text)), ("模糊用语", words)),
                  who=it.who, text=it.text, clause=clause, words=words,
                  suggest=_suggestion(found[0][0], it.name or ""))


@check("R207", "成本指标写作≥", WARNING, "targets",
       "成本指标「{name}」的指标值「{text}」{how}，而成本指标应控制上限（≤）{advice}。")
def cost_written_ge(ctx: CheckedYear):
    """成本指标明确写作 ≥ / 以上 / 不低于（成本应为上限）。"""
    for it in _items(ctx):
        t = it.target
        if it.level2 == "成本指标" and t.kind == "quantitative" and t.op in (">=", ">") \
                and "op-from-level2" not in t.flags:
            op = "≥" if t.op == ">=" else ">"
            nature = "op-from-nature" in t.flags
            how = f"在「指标性质」列定为 {op}" if nature else f"写作“不低于”（{op}）"
            advice = "；如该指标实为比率（如预算完成率），宜改设金额型成本指标" if t.unit == "%" else ""
            yield hit(it.sheet, it.row, "指标性质" if nature else "指标值", it.project,
                      (("指标值", str(it.text)), ("方向", op)), name=it.name, text=it.text, how=how, advice=advice)


@check("R208", "时效指标缺少时限", WARNING, "targets",
       "时效指标「{name}」的指标值「{text}」没有写明日期或期限；建议写作「12月底前」「5个工作日内」等。")
def timeliness_without_deadline(ctx: CheckedYear):
    """时效指标的指标值既不是日期也不是期限（天、工作日、月 …）。"""
    for it in _items(ctx):
        t = it.target
        if it.level2 != "时效指标":
            continue
        if t.kind == "deadline" or (t.kind == "quantitative" and is_duration(t.unit)):
            continue
        yield hit(it.sheet, it.row, "指标值", it.project, (("指标值", str(it.text)),), name=it.name, text=it.text)


@lru_cache(maxsize=1 << 16)
def _direction(name: str) -> tuple[str, str] | None:
    """("higher"/"lower", the word) that the head of an indicator's name implies, or None.

    Chinese names are head-final, so the keyword that ends last wins: 投诉办结率 → 办结率 (≥),
    事故发生率 → 发生率 (≤).
    """
    best = None
    for words, d in ((_HIGHER_WORDS, "higher"), (_LOWER_WORDS, "lower")):
        for w in words:
            if w not in name:
                continue
            for m in re.finditer(re.escape(w), name):
                if d == "higher" and m.start() > 0 and name[m.start() - 1] == "不":
                    continue
                key = (m.end(), m.end() - m.start())
                if best is None or key > best[0]:
                    best = (key, d, w)
    return None if best is None else (best[1], best[2])


@check("R209", "指标名称与方向相反", WARNING, "targets",
       "{who}的名称含“{word}”，{meaning}，而指标值「{text}」的方向是 {op}{why}。请核对指标值或在「指标性质」列写明方向。")
def direction_mismatch(ctx: CheckedYear):
    """指标名称所示方向与指标值相反（如“发生率、投诉、成本”却为 ≥，“完成率、满意度”却为 ≤）。"""
    for it in _items(ctx):
        t = it.target
        if t.kind != "quantitative" or t.op not in (">=", ">", "<=", "<") or not it.name:
            continue
        d = _direction(it.name)
        if d is None:
            continue
        direction, word = d
        up = t.op in (">=", ">")
        if direction == "lower" and up and it.level2 == "成本指标" and "op-from-level2" not in t.flags:
            continue  # R207 already says so
        if (direction == "lower") == up:
            op = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}[t.op]
            why = "（未写方向，按二级指标默认）" if "op-from-level2" in t.flags else ""
            meaning = "应越低越好（≤）" if direction == "lower" else "应越高越好（≥）"
            yield hit(it.sheet, it.row, "指标值", it.project, (("指标值", str(it.text)), ("方向", op)),
                      who=it.who, word=word, meaning=meaning, text=it.text, op=op, why=why)


@check("R210", "疑似重复指标", WARNING, "targets",
       "项目「{code}」的{what}与第 {first} 行{other}{how}，疑似重复。请合并或改为不同的指标。")
def near_duplicates(ctx: CheckedYear):
    """同一项目内三级指标名称仅差空格或标点，或两个名称下指标描述与指标值完全相同。"""
    for code, rows in ctx.indicators.items():
        seen_name: dict[str, dict] = {}
        seen_desc: dict[tuple[str, str], dict] = {}
        reported: set[tuple[int, int]] = set()
        for r in rows:
            key = norm_name(r["三级指标"])
            if key and key in seen_name:
                first = seen_name[key]
                reported.add((first["_row"], r["_row"]))
                yield hit(S.INDICATORS, r["_row"], "三级指标", code,
                          (("三级指标", r["三级指标"]), ("第 %d 行" % first["_row"], first["三级指标"])),
                          code=code, what=f"三级指标「{r['三级指标']}」", first=first["_row"],
                          other=f"的「{first['三级指标']}」", how="仅差空格或标点")
            else:
                seen_name.setdefault(key, r)
            if not blank(r["指标描述"]):
                dkey = (norm_name(r["指标描述"]), norm_name(r["指标值"]))
                first = seen_desc.get(dkey)
                if first is not None and (first["_row"], r["_row"]) not in reported:
                    yield hit(S.INDICATORS, r["_row"], "指标描述", code,
                              (("三级指标", r["三级指标"]), ("第 %d 行" % first["_row"], first["三级指标"]),
                               ("指标值", str(r["指标值"]))),
                              code=code, what=f"三级指标「{r['三级指标']}」", first=first["_row"],
                              other=f"的「{first['三级指标']}」",
                              how=f"指标描述「{r['指标描述']}」和指标值「{r['指标值']}」完全相同")
                else:
                    seen_desc.setdefault(dkey, r)


@check("R211", "指标值无法识别", WARNING, "targets",
       "{who}的指标值「{text}」无法识别为数值、日期或是/否，将按定性指标人工评分。"
       "如为定量指标，请写作「≥90%」「3个」「12月底前」等。")
def unparsed(ctx: CheckedYear):
    """指标值无法解析（将按定性指标处理）。"""
    for it in _items(ctx):
        if "unparsed" in it.target.flags:
            yield hit(it.sheet, it.row, "指标值", it.project, (("指标值", str(it.text)),), who=it.who, text=it.text)


@check("R212", "成本指标不是金额", HINT, "targets",
       "成本指标「{name}」的指标值「{text}」不是金额；成本指标宜反映投入成本（如「≤95.3万元」「≤3500元/亩」），"
       "执行进度类比率已由预算执行率反映。")
def cost_not_money(ctx: CheckedYear):
    """成本指标的指标值不是金额（是执行率的由 R213 报告）。"""
    for it in _items(ctx):
        t = it.target
        if it.level2 == "成本指标" and t.kind == "quantitative" and not is_money(t.unit) \
                and "budget-ref" not in t.flags:
            ind = ctx.indicator.get((it.project, it.name))
            if ind is not None and execution_cost_reason(ctx, it.project, ind) is not None:
                continue  # R213 already says so (an execution rate, with the points it repeats)
            yield hit(it.sheet, it.row, "指标值", it.project, (("指标值", str(it.text)),), name=it.name, text=it.text)
