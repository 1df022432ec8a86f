"""A synthetic, valid fiscal year of any size, for benchmarks and scale tests.

Every figure agrees with every other one the way a careful unit's data would: 测算明细
lines multiply out to their 测算金额 and add up to the budget, 发放台账 agrees with the
payments of its 测算明细 line, dates lie inside the year, each indicator has its result.
Three kinds of project take turns so that one year exercises every target form
(≥ ≤ = 低于, deadlines, durations, yes/no, qualitative, 控制在预算内) and every 计算口径.

Generation is deterministic for a (projects, seed) pair. Workbooks are written with the
real writer (`records.write_tables`), names taken from `jxreport.core.schema`.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from jxreport.core import schema as S
from jxreport.io.workbooks import unit_rows
from jxreport.samples.records import write_tables

KINDS = ("grants", "works", "services")  # project i has kind KINDS[i % 3]
UNIT_NAME = "合成街道办事处"
DEPARTMENT = "合成区管委会"
GOAL = "根据管委会工作部署，做好网格化管理、重点项目服务和社会事务管理等工作（合成数据，仅用于测试和基准）。"
_PLACES = ("东城", "西城", "南湖", "北岭", "青山", "白沙", "金桥", "玉泉", "松林", "柳岸")
_TOPICS = {"grants": "网格化管理补贴", "works": "边角地征拆及清场", "services": "社会事务综合服务"}
_LEVELS = (("非常满意", 50), ("满意", 35), ("基本满意", 10), ("不满意", 4), ("非常不满意", 1))
_SCORE_OF = {"非常满意": 5, "满意": 4, "基本满意": 3, "不满意": 2, "非常不满意": 1}
# 分值 (when a project fills the column): 产出 6 indicators, 效益 3, 满意度 1 → 90 in all.
_WEIGHTS = (10, 10, 8, 8, 7, 7, 10, 10, 10, 10)


def _cents_split(total_cents: int, parts: int, rng: random.Random) -> list[int]:
    """Split an amount in cents into `parts` positive pieces that add up exactly."""
    parts = max(1, min(parts, total_cents))
    cuts = sorted(rng.sample(range(1, total_cents), parts - 1)) if parts > 1 else []
    edges = [0, *cuts, total_cents]
    return [b - a for a, b in zip(edges, edges[1:])]


def _date_in_quarter(year: int, q: int, rng: random.Random) -> dt.date:
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


class _Project:
    """Collects one project's rows in every sheet."""

    def __init__(self, i: int, year: int, rng: random.Random, payments: int, responses: int,
                 max_leaders: int = 12):
        self.i, self.year, self.rng = i, year, rng
        self.max_leaders = max_leaders
        self.kind = KINDS[i % len(KINDS)]
        self.code = f"P{i + 1:05d}"
        self.name = f"{_PLACES[i % len(_PLACES)]}片区{_TOPICS[self.kind]}（{i + 1}）"
        self.n_payments, self.n_responses = payments, responses
        self.calc: list[dict] = []
        self.calc_cents: list[int] = []  # each line's 测算金额 in 万元 cents, as built
        self.ind: list[tuple] = []  # (一级, 二级, 三级, 指标值, result fields dict)
        self.payments: list[dict] = []
        self.grants: list[dict] = []
        self.quantities: list[dict] = []
        self.survey: list[dict] = []
        self.adjustments: list[dict] = []
        self.spend: dict[str, int] = {}  # 明细名称 -> cents to pay (exactly)

    # -- budget lines -------------------------------------------------------------------
    def line(self, name, amount_wan_cents, price=None, price_unit=None, qty=None, qty_unit=None,
             months=None, note=None, spend_share=1.0):
        self.calc_cents.append(amount_wan_cents)
        self.calc.append({"项目编码": self.code, "明细名称": name, "单价": price, "单价单位": price_unit,
                          "数量": qty, "数量单位": qty_unit, "月数": months,
                          "测算金额": amount_wan_cents / 100, "说明": note})
        # 万元 cents → 元 cents is × 10000
        self.spend[name] = int(amount_wan_cents * 10000 * spend_share) // 100 * 100

    @property
    def budget_wan_cents(self) -> int:
        return sum(self.calc_cents)

    def indicator(self, l1, l2, name, target, actual=None, formula=None, **more):
        self.ind.append((l1, l2, name, target, {"实际完成值": actual, "计算口径": formula, **more}))

    # -- the three kinds ----------------------------------------------------------------
    def build(self):
        getattr(self, "_" + self.kind)()
        self._pay()
        self._survey()

    def _grants(self):
        rng, y = self.rng, self.year
        leaders = rng.randint(min(2, self.max_leaders), self.max_leaders)
        members = 2 * leaders
        # 网格长 2500 元/人/月, 网格员 2000 元/人/月, 12 个月: 3 万元 and 2.4 万元 per person.
        self.line("网格长", 300 * leaders, 2500, "元/人/月", leaders, "人", 12, "网格长补贴")
        self.line("网格员", 240 * members, 2000, "元/人/月", members, "人", 12, "网格员补贴")
        office = rng.randint(500, 3000)  # 5.00–30.00 万元, in 万元 cents
        self.line("办公经费", office, note="网格工作站办公、宣传等经费", spend_share=rng.uniform(0.85, 1.0))
        for cat, n, price in (("网格长", leaders, 2500), ("网格员", members, 2000)):
            for p in range(1, n + 1):
                person = f"{self.code}-{'L' if cat == '网格长' else 'M'}{p:03d}"
                for m in range(1, 13):
                    self.grants.append({"项目编码": self.code, "类别": cat, "人员编号": person, "月份": m, "金额": price})
        persons = leaders + members
        self.indicator("产出指标", "数量指标", "补贴发放人数", f"{persons}人", formula="人数:网格长,网格员")
        self.indicator("产出指标", "数量指标", "补贴发放人次", f"不低于{persons * 12}人次", formula="人次:网格长,网格员")
        self.indicator("产出指标", "质量指标", "补贴发放率", "≥95%", formula="发放率:网格长,网格员")
        self.indicator("产出指标", "成本指标", "网格长人均年补贴", "≤30000元", formula="人均:网格长")
        self.indicator("产出指标", "时效指标", "补贴发放时间", "12月底前", dt.date(y, 12, rng.randint(10, 28)))
        self.indicator("产出指标", "成本指标", "网格员人均月补贴", "≤2000元", formula="人均月:网格员")
        self.indicator("效益指标", "社会效益指标", "违规发放事件", "低于1次", "0次")
        self.indicator("效益指标", "社会效益指标", "补贴按时足额发放", "是", "是")
        self.indicator("效益指标", "可持续影响指标", "网格化管理长效机制", "长效机制持续运行", "达成年度指标")
        self.indicator("满意度指标", "服务对象满意度指标", "网格员满意度", "90%以上", formula="满意度")

    def _works(self):
        rng, y = self.rng, self.year
        mu = rng.randint(40, 200)
        sets = rng.randint(2, 20)
        # 清场费 3500 元/亩 (0.35 万元 a 亩); 设备 5000 元/套 (0.5 万元 a 套).
        self.line("清场费", 35 * mu, 3500, "元/亩", mu, "亩", None, "边角地清场")
        self.line("设备购置", 50 * sets, 5000, "元/套", sets, "套", None, "施工安全设备")
        publicity = rng.randint(100, 800)  # 1.00–8.00 万元
        self.line("宣传费", publicity, note="政策宣传", spend_share=rng.uniform(0.8, 1.0))
        self.quantities.append({"项目编码": self.code, "名称": "征收亩数", "数量": mu, "单位": "亩"})
        households = rng.randint(20, 300)
        people = households * 3
        self.indicator("产出指标", "数量指标", "征收亩数", f"{mu}亩", formula="实物量:征收亩数")
        self.indicator("产出指标", "数量指标", "改造户数", f"{households}户", f"{households + rng.randint(0, 5)}户")
        self.indicator("产出指标", "质量指标", "工程验收合格率", "100%", "100%")
        self.indicator("产出指标", "时效指标", "完成时限", f"{y}年11月30日前", dt.date(y, 11, rng.randint(1, 30)))
        self.indicator("产出指标", "成本指标", "每亩清场费", "≤3500元", formula="单位成本:清场费/征收亩数")
        self.indicator("产出指标", "成本指标", "宣传经费", f"≤{publicity / 100:.2f}万元", formula="支出:宣传费")
        self.indicator("效益指标", "社会效益指标", "安全事故发生次数", "低于1次", "0次")
        self.indicator("效益指标", "社会效益指标", "受益群众人数", f"不低于{people}人", f"{people + rng.randint(0, 50)}人")
        self.indicator("效益指标", "生态效益指标", "人居环境改善", "效果明显", "部分达成年度指标并具有一定效果",
                       偏差原因="部分地块清场后尚未绿化", 改进措施="下年度安排绿化")
        self.indicator("满意度指标", "服务对象满意度指标", "居民满意度", "85%以上", formula="满意度:居民")

    def _services(self):
        rng = self.rng
        trainings = rng.randint(4, 12)
        communities = rng.randint(5, 20)
        # 培训 3000 元/次; 社区服务 10000 元/个/月 × 12 月.
        self.line("培训费", 30 * trainings, 3000, "元/次", trainings, "次", None, "业务培训")
        self.line("社区服务", 1200 * communities, 10000, "元/个/月", communities, "个", 12, "社区服务站运行")
        other = rng.randint(200, 2000)  # 2.00–20.00 万元
        self.line("其他运转经费", other, note="其他", spend_share=rng.uniform(0.7, 1.0))
        self.indicator("产出指标", "数量指标", "开展培训次数", f"{trainings}次以上", f"{trainings + rng.randint(0, 1)}次")
        self.indicator("产出指标", "数量指标", "覆盖社区数", f"={communities}个", f"{communities}个")
        self.indicator("产出指标", "质量指标", "预算执行率", "≥90%", formula="预算执行率")
        self.indicator("产出指标", "质量指标", "问题整改率", "95%以上", f"{rng.randint(95, 100)}%")
        self.indicator("产出指标", "时效指标", "事项办结时限", "5个工作日内", f"{rng.randint(2, 5)}个工作日")
        self.indicator("产出指标", "成本指标", "项目成本控制", "控制在预算内", None)  # actual filled after _pay
        self.indicator("效益指标", "社会效益指标", "群众投诉次数", "不超过5次", f"{rng.randint(0, 5)}次")
        self.indicator("效益指标", "经济效益指标", "带动就业人数", f"{communities * 2}人以上", f"{communities * 2 + rng.randint(0, 9)}人")
        self.indicator("效益指标", "可持续影响指标", "服务平台运行", "平台持续运行", "达成年度指标")
        self.indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "90%")  # takes 满意度 of the project

    # -- payments and survey -------------------------------------------------------------
    def _pay(self):
        rng, y = self.rng, self.year
        names = list(self.spend)
        granted = {g["类别"] for g in self.grants}
        budget_rows = self.n_payments
        monthly = 12 if budget_rows >= 36 else max(1, budget_rows // (2 * max(1, len(granted)) + 1))
        rows = []
        for name in names:
            if name in granted:
                # One payment a batch of months, equal to that batch's 发放台账 total.
                months = list(range(1, 13))
                size = -(-12 // monthly)
                for k in range(0, 12, size):
                    batch = months[k:k + size]
                    cents = sum(g["金额"] * 100 for g in self.grants if g["类别"] == name and g["月份"] in batch)
                    day = dt.date(y, batch[-1], 25)
                    rows.append((day, cents, f"{batch[0]}–{batch[-1]}月{name}补贴", name))
        left = max(1, budget_rows - len(rows))
        others = [n for n in names if n not in granted]
        share = [max(1, left // len(others))] * len(others)
        share[0] += max(0, left - sum(share))
        for name, n in zip(others, share):
            for cents in _cents_split(self.spend[name], n, rng):
                q = rng.choice((1, 2, 2, 3, 3, 4, 4, 4))
                rows.append((_date_in_quarter(y, q, rng), cents, f"{name}支出", name))
        rows.sort(key=lambda r: r[0])
        for day, cents, memo, name in rows:
            self.payments.append({"项目编码": self.code, "支付日期": day, "金额": cents / 100, "摘要": memo,
                                  "测算明细": name})
        spent_cents = sum(r[1] for r in rows)
        for entry in self.ind:
            if entry[2] == "项目成本控制":
                entry[4]["实际完成值"] = f"{spent_cents / 1_000_000:.2f}万元"

    def _survey(self):
        rng = self.rng
        words = [w for w, _ in _LEVELS]
        weights = [p for _, p in _LEVELS]
        groups = ("居民", "商户") if self.kind == "works" else ("服务对象",)
        for k in range(1, self.n_responses + 1):
            level = rng.choices(words, weights)[0]
            answer = _SCORE_OF[level] if k % 10 == 0 else level  # every tenth answer as a 1–5 score
            self.survey.append({"项目编码": self.code, "问卷编号": f"{self.code}-Q{k:04d}",
                                "调查对象": groups[k % len(groups)], "评价": answer})

    # -- rows ---------------------------------------------------------------------------
    def project_row(self) -> dict:
        budget = self.budget_wan_cents
        transfer = budget * 3 // 10 if self.i % 2 else 0
        plan = ((25, 50, 75, 100), (20, 45, 70, 100), (10, 40, 70, 100))[self.i % 3]
        goals = {"grants": "目标1：按时足额发放网格长、网格员补贴。\n目标2：网格化管理长效运行。",
                 "works": "目标1：完成边角地征拆清场。\n目标2：保障重点项目按期施工。",
                 "services": "目标1：开展业务培训，提升服务能力。\n目标2：社区服务站正常运行。"}[self.kind]
        return {"项目编码": self.code, "项目名称": self.name, "年初预算数": budget / 100,
                "本级资金": (budget - transfer) / 100, "上级转移支付": (transfer / 100) if transfer else None,
                "主要用途": _TOPICS[self.kind], **{q: f"{v}%" for q, v in zip(S.QUARTERS, plan)},
                "绩效目标": goals, "实施单位": UNIT_NAME}

    def indicator_rows(self) -> list[dict]:
        weighted = self.i % 5 == 4  # every fifth project fills 分值
        return [{"项目编码": self.code, "一级指标": l1, "二级指标": l2, "三级指标": name,
                 "指标描述": f"{name}（{target}）", "指标值": target, "指标值确定依据": "工作计划",
                 "分值": _WEIGHTS[k] if weighted else None}
                for k, (l1, l2, name, target, _) in enumerate(self.ind)]

    def result_rows(self) -> list[dict]:
        return [{"项目编码": self.code, "三级指标": name, **res, "佐证材料": "工作台账"}
                for (_, _, name, _, res) in self.ind]


def _department(year: int) -> tuple[list[dict], list[dict]]:
    areas = (("安全和环境卫生工作", "做好安全巡查和环境卫生整治", (("安全生产考核结果", "85分以上", "92分"),
                                                           ("隐患整改率", "95%以上", "98%"))),
             ("社会事务管理", "做好就业和社会保障服务", (("《就业创业证》办理时间", "2个工作日内", "1个工作日"),
                                                     ("社保补贴到位率", "100%", "100%"))),
             ("重点项目服务推进", "及时完成边角地征拆", (("施工进度完成率", "90%以上", "95%"),
                                                     ("资金发放及时", "是", "是"))))
    targets, results = [], []
    for area, goal, inds in areas:
        for name, target, actual in inds:
            targets.append({"工作领域": area, "绩效目标": goal, "指标名称": name, "指标值": target})
            results.append({"工作领域": area, "指标名称": name, "实际完成值": actual})
    return targets, results


def make_tables(projects: int, seed: int = 0, year: int = 2022, payments: int = 50,
                responses: int = 100, max_leaders: int = 12) -> dict[str, list[dict]]:
    """Every sheet's records, keyed by sheet name (as tests/year_builder.py does).

    `payments` and `responses` are per project; `max_leaders` bounds the 网格长 of a grants
    project (each has twice as many 网格员, paid 12 months), i.e. the size of 发放台账.
    """
    rng = random.Random(seed)
    built = []
    for i in range(projects):
        p = _Project(i, year, random.Random(rng.getrandbits(64)), payments, responses, max_leaders)
        p.build()
        built.append(p)
    dept_targets, dept_results = _department(year)
    adjustments = [{"项目编码": p.code, "调整金额": 2.0, "调整日期": dt.date(year, 7, 1),
                    "说明": "年中追加工作经费"} for p in built if p.i % 10 == 7]
    return {
        S.UNIT.name: unit_rows(UNIT_NAME, year, DEPARTMENT, GOAL),
        S.PROJECTS.name: [p.project_row() for p in built],
        S.INDICATORS.name: [r for p in built for r in p.indicator_rows()],
        S.CALC_LINES.name: [r for p in built for r in p.calc],
        S.DEPT_INDICATORS.name: dept_targets,
        S.ADJUSTMENTS.name: adjustments,
        S.PAYMENTS.name: [r for p in built for r in p.payments],
        S.RESULTS.name: [r for p in built for r in p.result_rows()],
        S.SURVEY.name: [r for p in built for r in p.survey],
        S.GRANTS.name: [r for p in built for r in p.grants],
        S.QUANTITIES.name: [r for p in built for r in p.quantities],
        S.DEPT_RESULTS.name: dept_results,
    }


def write_year(out, projects: int, seed: int = 0, year: int = 2022, payments: int = 50,
               responses: int = 100, max_leaders: int = 12) -> Path:
    """Write targets.xlsx and actuals.xlsx of a synthetic year into `out`; returns `out`."""
    out = Path(out)
    tables = make_tables(projects, seed, year, payments, responses, max_leaders)
    write_tables(out, tables, notes="合成数据（benchmarks/make_year.py 生成），仅用于测试和性能基准。")
    return out
