"""Rule sets: every number that docs/scoring.md marks as a rule, read from a rule file (YAML).

Local practice differs from the Ministry's (how a missed reverse target loses points, which
budget is the denominator …), so no such number is written in the scoring code. A rule
file may `extends:` another and override only what differs; the merged result is checked
in full, and every bad value is reported in Chinese with what is allowed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from jxreport.core.configfile import load_yaml
from jxreport.core.exceptions import ParamsError
from jxreport.core.paths import RULESETS
from jxreport.core.schema import LEVEL1, SATISFACTION_LEVELS

DEFAULT_RULES = "mof-2020"
BUILTIN_RULES = RULESETS
# A name is looked up in ./params/rules (the analyst's own rule files) first, then the built-in ones.
SEARCH = (Path("params") / "rules", BUILTIN_RULES)

EXECUTION = "预算执行率"
DENOMINATORS = ("全年预算数", "年初预算数")
MISSING = ("share", "error")
REVERSE = ("ratio", "linear")
SAT_METHODS = ("share", "weighted")
GRADES = ("full", "partial", "none")  # the qualitative grades of targets.parse_actual


@dataclass(frozen=True)
class Guardrails:
    """Word lists of the guardrail checks (R213, R214, A325, A326; docs/checks.md), from the rule file.

    Which names mean 全年执行数 ÷ 全年预算数, which 二级指标 are cost and quantity indicators,
    and which units contradict a count word of a name (人次 measured in 人 …) vary with local
    wording, so they are data; the built-in mof-2020.yaml holds the defaults.
    """

    execution_names: tuple[str, ...]  # 预算执行率, 预算完成率, 资金执行率, 支出进度 …
    cost_levels: tuple[str, ...]  # 二级指标 that are cost indicators (成本指标)
    quantity_levels: tuple[str, ...]  # 二级指标 that are quantity indicators (数量指标)
    count_words: tuple[tuple[str, tuple[str, ...]], ...]  # name word -> units that contradict it

    def contradicting_units(self, word: str) -> tuple[str, ...]:
        return dict(self.count_words).get(word, ())

    def to_dict(self) -> dict:
        return {"execution_names": list(self.execution_names), "cost_levels": list(self.cost_levels),
                "quantity_levels": list(self.quantity_levels),
                "count_words": {w: list(u) for w, u in self.count_words}}


@dataclass(frozen=True)
class Band:
    """One qualitative grade: a share of the weight [low, high) (or [low, high] on top)."""

    grade: str  # "full" / "partial" / "none"
    label: str  # 达成年度指标 …
    low: Decimal
    high: Decimal
    default: Decimal
    closed: bool  # the upper bound belongs to the band (the top band)

    def contains(self, share: Decimal) -> bool:
        return self.low <= share and (share <= self.high if self.closed else share < self.high)

    def describe(self) -> str:
        """The band as a reader writes it: [80%, 100%]."""
        close = "]" if self.closed else ")"
        return f"[{_pct(self.low)}, {_pct(self.high)}{close}"


@dataclass(frozen=True)
class Rules:
    name: str
    title: str
    execution_weight: Decimal  # 预算执行率
    category_weights: tuple[tuple[str, Decimal], ...]  # 一级指标 -> weight, in schema.LEVEL1 order
    missing_category: str  # "share" | "error"
    execution_denominator: str  # "全年预算数" | "年初预算数"
    execution_warning_below: Decimal  # fraction, 0.90
    reverse: str  # "ratio" | "linear"
    qualitative: tuple[Band, ...]  # full, partial, none
    over_completion: Decimal  # 1.30
    satisfaction_method: str  # "share" | "weighted"
    satisfaction_counted: tuple[str, ...]
    satisfaction_weights: tuple[tuple[str, Decimal], ...]  # level -> points (0–100)
    satisfaction_min_sample: int
    grades: tuple[tuple[str, Decimal], ...]  # (grade, minimum score), highest first
    department_areas_weight: Decimal
    department_execution_weight: Decimal
    monitoring_red_below: Decimal
    monitoring_yellow_below: Decimal
    monitoring_forecast_miss: Decimal
    source: str | None = None  # the file it was read from
    cost_tolerance: Decimal = Decimal("0.05")  # unit cost above its standard by more: 警告 (A323)
    guardrails: Guardrails | None = None  # always set by load_rules (the built-in lists when omitted)

    def weight(self, level1: str) -> Decimal:
        return dict(self.category_weights)[level1]

    def band(self, grade: str) -> Band:
        for b in self.qualitative:
            if b.grade == grade:
                return b
        raise KeyError(grade)

    def grade(self, score) -> str:
        """The grade of a score: the first whose minimum it reaches (优 ≥ 90 …)."""
        s = Decimal(str(score)) if not isinstance(score, Decimal) else score
        for name, minimum in self.grades:
            if s >= minimum:
                return name
        return self.grades[-1][0]

    def to_dict(self) -> dict:
        """The rule set as plain data (for manifest.json and scores.json)."""
        f = float
        return {
            "name": self.name, "title": self.title,
            "weights": {EXECUTION: f(self.execution_weight), **{k: f(v) for k, v in self.category_weights}},
            "missing_category": self.missing_category,
            "execution": {"denominator": self.execution_denominator,
                          "warning_below": f(self.execution_warning_below)},
            "reverse": self.reverse,
            "qualitative": {b.grade: {"label": b.label, "low": f(b.low), "high": f(b.high),
                                      "default": f(b.default)} for b in self.qualitative},
            "over_completion": f(self.over_completion),
            "satisfaction": {"method": self.satisfaction_method, "counted": list(self.satisfaction_counted),
                             "weights": {k: f(v) for k, v in self.satisfaction_weights},
                             "min_sample": self.satisfaction_min_sample},
            "grades": {k: f(v) for k, v in self.grades},
            "department": {"areas": f(self.department_areas_weight),
                           "execution": f(self.department_execution_weight)},
            "monitoring": {"red_below": f(self.monitoring_red_below),
                           "yellow_below": f(self.monitoring_yellow_below),
                           "forecast_miss": f(self.monitoring_forecast_miss)},
            "costs": {"tolerance": f(self.cost_tolerance)},
            "guardrails": self.guardrails.to_dict() if self.guardrails is not None else None,
        }


def available(search=SEARCH) -> list[str]:
    """The rule-set names that load_rules can find."""
    names = set()
    for d in search:
        d = Path(d)
        if d.is_dir():
            names |= {p.stem for p in d.glob("*.yaml")}
    return sorted(names)


def load_rules(name_or_path=None, search=SEARCH) -> Rules:
    """A rule set by name (params/rules/NAME.yaml here first, then the built-in rule sets) or by path."""
    if isinstance(name_or_path, Rules):
        return name_or_path
    target = name_or_path or DEFAULT_RULES
    path = _resolve(target, search)
    data = _read_chain(path, search, [])
    return _build(data, path)


def _is_path(x) -> bool:
    if isinstance(x, Path):
        return True
    s = str(x)
    return "/" in s or os.sep in s or s.endswith((".yaml", ".yml"))


def _resolve(target, search, near: Path | None = None) -> Path:
    if _is_path(target):
        path = Path(target)
        if not path.is_file() and near is not None and not path.is_absolute():
            path = near / target
        if not path.is_file():
            raise ParamsError(f"找不到规则文件 {target}。")
        return path
    name = str(target).strip()
    dirs = ([near] if near is not None else []) + [Path(d) for d in search]
    for d in dirs:
        p = d / f"{name}.yaml"
        if p.is_file():
            return p
    raise ParamsError(f"未知的规则集「{name}」。可用的规则集：{'、'.join(available(search)) or '无'}"
                      f"（在 params/rules/ 下按名称查找，或给出 .yaml 文件路径）。")


def _read_chain(path: Path, search, seen: list[Path]) -> dict:
    """The file's mapping merged over what it extends (recursively)."""
    real = path.resolve()
    if real in seen:
        chain = " → ".join(p.name for p in [*seen, real])
        raise ParamsError(f"规则文件的 extends 形成循环：{chain}。")
    data = load_yaml(path, "规则文件")
    if not isinstance(data, dict):
        raise ParamsError(f"规则文件 {path} 应为键值映射（name、title、weights …）。")
    parent = data.pop("extends", None)
    if parent:
        base = _read_chain(_resolve(parent, search, near=path.parent), search, [*seen, real])
        base.pop("name", None)
        base.pop("title", None)
        data = _merge(base, data)
    return data


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


_KEYS = {
    "": ("name", "title", "weights", "missing_category", "execution", "reverse", "qualitative",
         "over_completion", "satisfaction", "grades", "department", "monitoring", "costs",
         "guardrails"),
    "execution": ("denominator", "warning_below"),
    "satisfaction": ("method", "counted", "weights", "min_sample"),
    "department": ("areas", "execution"),
    "monitoring": ("red_below", "yellow_below", "forecast_miss"),
    "costs": ("tolerance",),
    "guardrails": ("execution_names", "cost_levels", "quantity_levels", "count_words"),
    "band": ("label", "low", "high", "default"),
}


class _Reader:
    """Reads values out of the merged mapping, recording every problem before raising."""

    def __init__(self, data: dict, path: Path):
        self.data, self.path, self.errors = data, path, []

    def fail(self, key: str, message: str):
        self.errors.append(f"「{key}」{message}")

    def section(self, key: str) -> dict:
        v = self.data.get(key)
        if not isinstance(v, dict):
            self.fail(key, "缺失或不是键值映射。")
            return {}
        if key in _KEYS:
            self.unknown(v, key, _KEYS[key])
        return v

    def unknown(self, mapping: dict, where: str, allowed):
        for k in mapping:
            if k not in allowed:
                self.fail(f"{where}.{k}" if where else str(k), f"不是可用的键；可用：{'、'.join(allowed)}。")

    def number(self, mapping: dict, key: str, where: str, lo=None, hi=None, fraction=False) -> Decimal:
        full = f"{where}.{key}" if where else key
        v = mapping.get(key)
        try:
            if isinstance(v, bool) or v is None:
                raise InvalidOperation
            if fraction and isinstance(v, str) and v.strip().endswith("%"):
                d = Decimal(v.strip()[:-1]) / 100
            else:
                d = Decimal(str(v))
            if not d.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            what = "比例（0–1 之间的小数，如 0.9，或 90%）" if fraction else "数字"
            self.fail(full, f"应为{what}，读到「{v}」。")
            return Decimal(0)
        if (lo is not None and d < lo) or (hi is not None and d > hi):
            self.fail(full, f"应在 {lo} 与 {hi} 之间，读到 {v}。" if hi is not None else f"应不小于 {lo}，读到 {v}。")
        return d

    def choice(self, mapping: dict, key: str, where: str, allowed) -> str:
        full = f"{where}.{key}" if where else key
        v = mapping.get(key)
        if v not in allowed:
            self.fail(full, f"应为 {' 或 '.join(allowed)}，读到「{v}」。")
            return allowed[0]
        return v


def _pct(d: Decimal) -> str:
    return f"{(d * 100).normalize():f}%"


def _build(data: dict, path: Path) -> Rules:
    r = _Reader(data, path)
    r.unknown(data, "", _KEYS[""])
    name = data.get("name") or path.stem
    title = data.get("title")
    if not title or not isinstance(title, str):
        r.fail("title", "缺失：请写规则集的中文名称，如「财政部 2020 自评规则（财预〔2020〕10号）」。")

    w = r.section("weights")
    r.unknown(w, "weights", (EXECUTION, *LEVEL1))
    exec_w = r.number(w, EXECUTION, "weights", lo=0, hi=100)
    cats = tuple((c, r.number(w, c, "weights", lo=0, hi=100)) for c in LEVEL1)
    total = exec_w + sum(v for _, v in cats)
    if not r.errors and total != 100:
        r.fail("weights", f"合计应为 100，现为 {total.normalize():f}"
                          f"（{EXECUTION} {exec_w} + " + " + ".join(f"{c} {v}" for c, v in cats) + "）。")

    missing = r.choice(data, "missing_category", "", MISSING)
    ex = r.section("execution")
    denominator = r.choice(ex, "denominator", "execution", DENOMINATORS)
    warn_below = r.number(ex, "warning_below", "execution", lo=0, hi=1, fraction=True)
    reverse = r.choice(data, "reverse", "", REVERSE)

    qd = r.section("qualitative")
    r.unknown(qd, "qualitative", GRADES)
    bands = []
    for g in GRADES:
        b = qd.get(g)
        where = f"qualitative.{g}"
        if not isinstance(b, dict):
            r.fail(where, "缺失：每档应有 label、low、high、default。")
            continue
        r.unknown(b, where, _KEYS["band"])
        low = r.number(b, "low", where, lo=0, hi=1, fraction=True)
        high = r.number(b, "high", where, lo=0, hi=1, fraction=True)
        default = r.number(b, "default", where, lo=0, hi=1, fraction=True)
        band = Band(g, str(b.get("label") or g), low, high, default, closed=(g == "full"))
        if low > high or (low == high and g != "full"):
            r.fail(where, f"区间下限 {low} 应小于上限 {high}。")
        elif not band.contains(default):
            r.fail(f"{where}.default", f"{default} 应在该档区间 {band.describe()} 之内。")
        bands.append(band)
    if len(bands) == 3:
        full, partial, none = bands
        if full.high != 1 or none.low != 0 or partial.high != full.low or none.high != partial.low:
            r.fail("qualitative", "三档区间应首尾相接并覆盖 0–100%：none.low = 0，none.high = partial.low，"
                                  "partial.high = full.low，full.high = 1。"
                                  f"现为 none {none.describe()}、partial {partial.describe()}、full {full.describe()}。")
    over = r.number(data, "over_completion", "", lo=1, fraction=True)

    sd = r.section("satisfaction")
    method = r.choice(sd, "method", "satisfaction", SAT_METHODS)
    counted = sd.get("counted")
    if not isinstance(counted, list) or not counted or any(c not in SATISFACTION_LEVELS for c in counted):
        r.fail("satisfaction.counted", f"应为以下评价的列表（至少一项）：{'、'.join(SATISFACTION_LEVELS)}；读到「{counted}」。")
        counted = list(SATISFACTION_LEVELS[:3])
    sw = sd.get("weights")
    sat_weights = ()
    if not isinstance(sw, dict):
        r.fail("satisfaction.weights", f"应为每档评价的分值（0–100）：{'、'.join(SATISFACTION_LEVELS)}。")
    else:
        r.unknown(sw, "satisfaction.weights", SATISFACTION_LEVELS)
        sat_weights = tuple((lv, r.number(sw, lv, "satisfaction.weights", lo=0, hi=100)) for lv in SATISFACTION_LEVELS)
    min_sample = r.number(sd, "min_sample", "satisfaction", lo=0)
    if min_sample != min_sample.to_integral_value():
        r.fail("satisfaction.min_sample", f"应为整数，读到 {min_sample}。")

    gd = data.get("grades")
    grades: list[tuple[str, Decimal]] = []
    if not isinstance(gd, dict) or not gd:
        r.fail("grades", "应为 等级: 最低分 的映射，如 优: 90、良: 80、中: 60、差: 0。")
    else:
        grades = [(str(k), r.number(gd, k, "grades", lo=0, hi=100)) for k in gd]
        mins = [m for _, m in grades]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            r.fail("grades", "应按最低分由高到低排列，且各不相同。")
        elif mins[-1] != 0:
            r.fail("grades", f"最后一个等级「{grades[-1][0]}」的最低分应为 0，使任何得分都有等级。")

    dd = r.section("department")
    areas_w = r.number(dd, "areas", "department", lo=0, hi=100)
    dept_exec_w = r.number(dd, "execution", "department", lo=0, hi=100)
    if not r.errors and areas_w + dept_exec_w != 100:
        r.fail("department", f"areas + execution 应为 100，现为 {(areas_w + dept_exec_w).normalize():f}。")

    md = r.section("monitoring")
    red = r.number(md, "red_below", "monitoring", lo=0, hi=1, fraction=True)
    yellow = r.number(md, "yellow_below", "monitoring", lo=0, hi=1, fraction=True)
    miss = r.number(md, "forecast_miss", "monitoring", lo=0, hi=1, fraction=True)
    if red > yellow:
        r.fail("monitoring", f"red_below（{red}）不应大于 yellow_below（{yellow}）。")

    cost_tol = Decimal("0.05")  # optional section: rule files written before it stay valid
    if "costs" in data:
        cost_tol = r.number(r.section("costs"), "tolerance", "costs", lo=0, hi=1, fraction=True)

    guard = _guardrails(r, data)

    if r.errors:
        lines = "\n".join(f"  - {e}" for e in r.errors)
        raise ParamsError(f"规则文件 {path} 有 {len(r.errors)} 处错误：\n{lines}")
    return Rules(
        name=str(name), title=title, execution_weight=exec_w, category_weights=cats,
        missing_category=missing, execution_denominator=denominator, execution_warning_below=warn_below,
        reverse=reverse, qualitative=tuple(bands), over_completion=over, satisfaction_method=method,
        satisfaction_counted=tuple(counted), satisfaction_weights=sat_weights,
        satisfaction_min_sample=int(min_sample), grades=tuple(grades), department_areas_weight=areas_w,
        department_execution_weight=dept_exec_w, monitoring_red_below=red, monitoring_yellow_below=yellow,
        monitoring_forecast_miss=miss, source=str(path), cost_tolerance=cost_tol, guardrails=guard,
    )


def _words(r: _Reader, mapping: dict, key: str, where: str) -> tuple[str, ...]:
    """A non-empty list of words (keywords, 二级指标, units)."""
    v = mapping.get(key)
    if not isinstance(v, list) or not v or any(not isinstance(x, str) or not x.strip() for x in v):
        r.fail(f"{where}.{key}", f"应为非空的词语列表，如 [预算执行率, 预算完成率]；读到「{v}」。")
        return ()
    return tuple(x.strip() for x in v)


def _guardrails(r: _Reader, data: dict) -> Guardrails | None:
    """The guardrails section; omitted (a rule file written before it), the built-in mof-2020's."""
    section = data.get("guardrails")
    if section is None:
        section = load_yaml(BUILTIN_RULES / f"{DEFAULT_RULES}.yaml", "规则文件").get("guardrails") or {}
    elif not isinstance(section, dict):
        r.fail("guardrails", "应为键值映射（execution_names、cost_levels …）。")
        return None
    r.unknown(section, "guardrails", _KEYS["guardrails"])
    g = "guardrails"
    names = _words(r, section, "execution_names", g)
    cost = _words(r, section, "cost_levels", g)
    qty = _words(r, section, "quantity_levels", g)
    cw = section.get("count_words")
    words: list[tuple[str, tuple[str, ...]]] = []
    if not isinstance(cw, dict) or not cw:
        r.fail(f"{g}.count_words", f"应为 名称中的计数词: [与之矛盾的单位 …] 的映射，如 人次: [人, 名]；读到「{cw}」。")
    else:
        words = [(str(w), _words(r, cw, w, f"{g}.count_words")) for w in cw]
    return Guardrails(names, cost, qty, tuple(words))
