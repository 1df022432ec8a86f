"""Build the sample years data/2022 and data/2023 from the seed document.

`python tools/make_sample_data.py [out_dir]` writes data/<year>/targets.xlsx and
actuals.xlsx for 2022 and 2023 (default out_dir: the repository's data/).

2022 targets are the seed's own tables (../shared/seeds/): every 指标值, 指标描述 and
依据 is copied as written, with whitespace inside a cell normalised; the seed's sixth
table is cut off after its first indicator, so the rows we added say 补全 in
指标值确定依据. Everything in actuals.xlsx, and the whole of 2023, is invented example data
(示例数据，虚构) that tells one coherent story a reviewer can follow:

- JX-01 pays salaries monthly (one refund); Σ = 2,043,700.00 元 = 204.37 万元.
- JX-02 upgrades 4 communities against a target of 3 (over-completion, no 偏差原因,
  so the report flags it); the smart-community build reaches only 86 %.
- JX-03's 发放台账 and its salary payments agree line by line; the platform was down
  for an upgrade in Q2 (a qualitative indicator partly met).
- JX-04 acquires 96.5 of 100 亩 and spends 44.6 of 50 万元, mostly in Q4 (low
  execution with no 偏差原因: left for the report's warnings).
- JX-05 receives +50 万元 in September for new population (全年预算数 ≠ 年初预算数).
- JX-06 renovates one of its two markets; the other slips into 2023 (execution 83.16 %,
  reason given on its 预算完成率 row, which the scoring reads).
- 2023: JX-04 has ended, JX-07 老旧小区提升改造 is new, the others continue.

Deterministic: every random choice comes from random.Random(<year>), no wall clock.
Column order of each literal table is the schema's (`Sheet.names`), shown in a comment
above it; rec() refuses a row longer than the sheet.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python tools/make_sample_data.py` without installing
    sys.path.insert(0, str(ROOT))

from jxreport.grammar import formulas as F  # noqa: E402
from jxreport.core import schema as S  # noqa: E402
from jxreport.core.rounding import q2  # noqa: E402
from jxreport.io.workbooks import unit_rows, write_workbook  # noqa: E402

UNIT_NAME = "高新区街道办事处"
DEPARTMENT = "高新区管委会"
NOTE = "本工作簿为示例数据（虚构），仅用于演示 jxreport。"
LEVELS = S.SATISFACTION_LEVELS  # 非常满意, 满意, 基本满意, 不满意, 非常不满意
SCORE_OF = {level: score for score, level in S.SATISFACTION_SCORE_LEVEL.items()}
CERTAIN, POSSIBLE, IMPOSSIBLE = S.LIKELIHOOD
EXEC, SAT = F.EXECUTION, F.SATISFACTION


def rec(sheet: S.Sheet, *values) -> dict:
    """One record of `sheet` from values in the schema's column order (trailing blanks may be left off)."""
    if len(values) > len(sheet.names):
        raise ValueError(f"{sheet.name}: {len(values)} values for {len(sheet.names)} columns: {values}")
    return dict(zip(sheet.names, values))


def formula(kind: str, *args: str) -> str:
    """A 计算口径 text from formulas.py's keyword: formula(F.PERSONS, "网格员") -> 人数:网格员."""
    if kind == F.UNIT_COST:
        return f"{kind}:{args[0]}/{args[1]}"
    return kind + (":" + ",".join(args) if args else "")


def yuan(x) -> Decimal:
    return q2(Decimal(str(x)))


def split(total, n: int, rng: random.Random, spread: float = 0.3) -> list[Decimal]:
    """`total` 元 in n random parts with cents; the last part takes the remainder so Σ is exact."""
    total = yuan(total)
    weights = [1 + rng.uniform(-spread, spread) for _ in range(n)]
    s = sum(weights)
    parts = [q2(total * Decimal(repr(w / s))) for w in weights[:-1]]
    return parts + [total - sum(parts)]


def pay(code: str, date: dt.date, amount, memo: str, line: str | None = None) -> dict:
    # 支出明细: 项目编码, 支付日期, 金额, 摘要, 测算明细
    return rec(S.PAYMENTS, code, date, yuan(amount), memo, line)


def spread_payments(code, line, total, dates, memo, rng) -> list[dict]:
    """A lump of spending paid in len(dates) instalments; `memo` may use {i} (1-based) and {n}."""
    parts = split(total, len(dates), rng)
    return [pay(code, d, a, memo.format(i=i, n=len(dates)), line) for i, (d, a) in enumerate(zip(dates, parts), 1)]


def monthly(code, year, line, amount, memo, day=15) -> list[dict]:
    return [pay(code, dt.date(year, m, day), amount, memo.format(m=m), line) for m in range(1, 13)]


def survey(code: str, groups, rng: random.Random, score_every: int = 19) -> list[dict]:
    """满意度调查 answers: `groups` = [(调查对象, counts per level in LEVELS order)], shuffled.

    Every `score_every`-th questionnaire was a paper form scored 1–5: written as the score.
    """
    answers = [(g, level) for g, counts in groups for level, k in zip(LEVELS, counts) for _ in range(k)]
    rng.shuffle(answers)
    # 满意度调查: 项目编码, 问卷编号, 调查对象, 评价
    return [rec(S.SURVEY, code, f"{code}-{i:03d}", g, SCORE_OF[level] if i % score_every == 0 else level)
            for i, (g, level) in enumerate(answers, 1)]


def grants(code, category, prefix, persons, amount, missing=()) -> list[dict]:
    """发放台账: every person of a category paid `amount` 元 each month, except (person, month) in `missing`."""
    rows = []
    for m in range(1, 13):
        for i in range(1, persons + 1):
            pid = f"{prefix}{i:03d}"
            if (pid, m) not in missing:
                # 发放台账: 项目编码, 类别, 人员编号, 月份, 金额
                rows.append(rec(S.GRANTS, code, category, pid, m, yuan(amount)))
    return rows


def grant_payments(code, year, ledger, category, line, day=25) -> list[dict]:
    """One payment a month per category, equal to that month's 发放台账 total (so the ledgers agree)."""
    out = []
    for m in range(1, 13):
        rows = [r for r in ledger if r["类别"] == category and r["月份"] == m]
        total = sum((r["金额"] for r in rows), Decimal(0))
        out.append(pay(code, dt.date(year, m, day), total, f"发放{m}月{line}（{len(rows)}人）", line))
    return out


def total_yuan(payments, code) -> Decimal:
    return sum((p["金额"] for p in payments if p["项目编码"] == code), Decimal(0))


def indicators(code, rows) -> list[dict]:
    """Rows (一级, 二级, 三级, 描述, 指标值, 依据[, 指标性质]) → 绩效指标 records (分值 left blank)."""
    # 绩效指标: 项目编码, 一级指标, 二级指标, 三级指标, 指标描述, 指标值, 指标值确定依据, 分值, 指标性质
    return [rec(S.INDICATORS, code, *r[:6], None, *r[6:]) for r in rows]


def results(code, rows) -> list[dict]:
    """Rows (三级指标, 实际完成值, 计算口径[, 偏差原因, 改进措施, 佐证材料]) → 指标完成 records."""
    # 指标完成: 项目编码, 三级指标, 实际完成值, 计算口径, 自评得分, 偏差原因, 改进措施, 佐证材料
    return [rec(S.RESULTS, code, *r[:3], None, *r[3:]) for r in rows]


def calc_lines(code, rows) -> list[dict]:
    # 测算明细: 项目编码, 明细名称, 单价, 单价单位, 数量, 数量单位, 月数, 测算金额, 说明
    return [rec(S.CALC_LINES, code, *r) for r in rows]


def monitoring(code, rows) -> list[dict]:
    # 绩效监控: 项目编码, 三级指标, 截至月份, 当前完成值, 全年预计完成值, 完成可能性, 偏差原因, 纠偏措施
    return [rec(S.MONITORING, code, r[0], 7, *r[1:]) for r in rows]


def dept_indicators(areas) -> list[dict]:
    # 部门指标: 工作领域, 绩效目标, 指标名称, 指标值
    return [rec(S.DEPT_INDICATORS, area, goal, name, value) for area, goal, items in areas for name, value in items]


def dept_results(rows) -> list[dict]:
    # 部门指标完成: 工作领域, 指标名称, 实际完成值, 自评得分, 偏差原因
    out = []
    for area, items in rows:
        for item in items:
            name, value, *reason = item
            out.append(rec(S.DEPT_RESULTS, area, name, value, None, *reason))
    return out


# =============================================================================== 2022 targets
# The seed, as written. Project names, 主要用途, 绩效目标 and every indicator cell are copied.

GOAL_2022 = ("根据管委会工作部署，结合街道办事处年度工作计划，针对街道办事处主要职责、重点工作，在2022年重点做好安全生产、"
             "环境卫生整治、信访维稳、基层党组织建设、征地拆迁、农业农村管理、社会管理事务、社区建设、社区服务以及管委会交办"
             "重点项目工程等工作。")

# Codes carry no year so that the same project keeps its code from year to year (同比).
NAMES = {
    "JX-01": "村干部工资、保险和聘用人员工资",
    "JX-02": "社区运行经费",
    "JX-03": "网格化管理建设费用",
    "JX-04": "征地拆迁补偿款",
    "JX-05": "补偿安置费",
    "JX-06": "龙王庙、马家屯市场改造经费",
    "JX-07": "老旧小区提升改造",  # new in 2023
}
OFFICE = {  # 实施单位: the 科室 that runs each project (plausible, not in the seed)
    "JX-01": "党建工作办公室", "JX-02": "社区建设办公室", "JX-03": "社会治理办公室（网格化管理中心）",
    "JX-04": "征地拆迁办公室", "JX-05": "征地拆迁办公室", "JX-06": "城市管理办公室", "JX-07": "社区建设办公室",
}

PURPOSE_2022 = {
    "JX-01": ("项目安排208万元，本级安排104.5万元，转移支付安排103.5万元。主要包括：1.工资130万元。其中，村支部书记、村主任"
              "一人兼工资：4829元/人/月*9人*12个月=52.5万元；村两委班子其他成员工资：1610元/人/月*40人*12个月=77.5万元"
              "（60%统发，即78万）；\n2.村干部社会保险费27.2万元（养老基数4000元*12%；医疗基数6000*7%+11+10）；3.村会计人员"
              "报酬600元/人/月*18人*12个月=13万元；4.九村劳动保障员工资及保险37.8万元。"),
    "JX-02": ("预算数510万元。其中：本级安排340万元，上级转移支付安排170万元。主要包括1.社区办公经费170万元（每个社区10万元）；"
              "2.社区党组织服务群众专项经费：17个社区*20万元/年=340万元（市与区1:1分担）；统筹用于社区楼栋长年终考核奖72.51万元、"
              "办公用房租金24.04万元、取暖费34.31万元、水电费37.56万元以及组建街道、社区物委会经费及发放物业管理员工资、"
              "智慧社区后期维护费、智慧社区建设等。"),
    "JX-03": ("预算数95.3万元。其中：财政资金95.3万元，其他资金0万元。主要用于：1.网格化管理平台运维费24万元，包括链路费、"
              "平台升级、日常维护、性能调优等；2.网格长、网格员补贴71.28万元：网格长550元/人/月，共44人，网格员400元/人/月，"
              "共88人。"),
    "JX-04": "预算数50万元。其中：财政资金50万元，其他资金0万元。主要用于街道办事处辖区内边角地征地拆迁补偿。",
    "JX-05": "预算数1100万元。其中：财政资金1100万元，其他资金0万元。主要用于：统筹用于新城子村绿化过渡费（149户），考虑每年上浮10%+新增人口。",
    "JX-06": "预算数500万元。其中：财政资金500万元，其他资金0万元。主要用于街道办所辖区龙王庙市场、马家屯市场的改造。",
}

GOALS_2022 = {
    "JX-01": ("目标1保证村干部两委班子其他成员工资、村会计人员工资和村级保障员工资保险及时足额发放；\n"
              "目标2保证村干部及聘用人员工作积极性高，村级组织正常运转，各项工作正常开展。"),
    "JX-02": ("目标1保证街道办所辖社区日常工作正常开展，完成社区基础设施修整维护和改造提升；\n"
              "目标2 以“六位一体”治理体系建设为载体，以智慧服务平台为支点，完成智慧社区的打造；\n"
              "目标3保证社区和谐稳定，居民业余文化生活丰富，搞好社区精神文明建设；\n"
              "目标4完成网格化管理的平台建设和网格员的日常管理。"),
    "JX-03": "目标1网格长网格员补贴及时足额发放；\n目标2网格化管理平台正常运维",
    "JX-04": "目标1保证辖区内边角地征收工作及时，补偿款发放到位\n目标2保证边角地清场及时，不影响整体的征地速度",
    "JX-05": "目标1按时补偿安置费费，保证平改村和谐稳定\n目标2补偿安置费发放准确，人数核对清楚",
    "JX-06": ("目标1对龙王庙、马家屯两个市场进行提升改造；\n"
              "目标2通过项目实施，美化环境，解除安全隐患，便利居民日常购物，活跃居民生活，促进和谐社会的发展"),
}

# code, 年初预算数, 本级资金, 上级转移支付, 其他资金, quarterly cumulative plan (资金支出计划)
BUDGET_2022 = [
    ("JX-01", 208, 104.5, 103.5, None, ("25%", "50%", "75%", "100%")),
    ("JX-02", 510, 340, 170, None, ("25%", "50%", "75%", "100%")),
    ("JX-03", 95.3, 95.3, None, 0, ("25%", "50%", "75%", "100%")),
    ("JX-04", 50, 50, None, 0, ("0%", "30%", "75%", "100%")),
    ("JX-05", 1100, 1100, None, 0, ("0%", "20%", "75%", "100%")),
    ("JX-06", 500, 500, None, 0, ("0%", "20%", "75%", "100%")),
]


def projects(budgets, purposes, goals) -> list[dict]:
    # 项目: 项目编码, 项目名称, 年初预算数, 本级资金, 上级转移支付, 其他资金, 主要用途, 一季度…四季度, 绩效目标, 实施单位
    return [rec(S.PROJECTS, code, NAMES[code], budget, own, transfer, other, purposes[code], *plan, goals[code],
                OFFICE[code])
            for code, budget, own, transfer, other, plan in budgets]


# (一级, 二级, 三级, 指标描述, 指标值, 指标值确定依据[, 指标性质])
# 预算完成率 sits under 成本指标 in the seed with a bare percentage, which the grammar would
# read as a ceiling (成本指标 → ≤); the table means "spend at least 95 %", so 指标性质 says ≥.
INDICATORS_2022 = {
    "JX-01": [
        ("产出指标", "数量指标", "工资保险发放覆盖率", "村干部基础职务补贴（40%部分）和村级劳动保障协管员工资发放人数/应发人数", "100%", "上级政策"),
        ("产出指标", "质量指标", "工资保险发放完成率", "村干部和聘用人员工资保险实际发放金额与计划发放金额的比率", "100%", "上级政策"),
        ("产出指标", "时效指标", "资金发放时限", "资金是否按时发放", "是", "上级政策"),
        ("产出指标", "成本指标", "预算完成率", "该项目实际支出资金与预算资金的比率", "95%", "工作要求", "≥"),
        ("效果指标", "可持续影响指标", "在岗率", "村干部和聘用人员实际在岗人数和应在岗人员的比率", "90%", "上级政策"),
        ("满意度指标", "服务对象满意度指标", "满意度", "村干部和聘用人员满意度", "85%以上", "工作经验"),
    ],
    "JX-02": [
        ("产出指标", "数量指标", "社区提升数量", "社区改造提升数量", "3个", "上级政策、年度计划"),
        ("产出指标", "质量指标", "工程完成率", "智慧社区或社区改造提升工程完成率", "90%", "上级政策、年度计划"),
        ("产出指标", "时效指标", "项目完成时限", "项目完成时限", "12月底前", "上级政策、年度计划"),
        ("产出指标", "成本指标", "社区投入资金", "平均每个社区投入经费", "30万", "上级政策、工作经验"),
        ("效果指标", "可持续影响指标", "群体性事件次数", "不发生群体性事件", "低于1次", "工作经验"),
        ("满意度指标", "服务对象满意度", "居民满意度", "居民满意度", "85%以上", "工作经验"),
    ],
    "JX-03": [
        ("产出指标", "数量指标", "发放人次", "网格长网格员补贴发放人次", "88人", "年度计划、工作经验"),
        ("产出指标", "质量指标", "补贴发放率", "网格长网格员补贴发放率", "95%", "年度计划、工作经验"),
        ("产出指标", "时效指标", "平台运维时效", "平台运维时效", "5天内", "上级政策"),
        ("产出指标", "成本指标", "控制在预算内", "控制在预算内", "95.3万元", "年度计划、工作经验"),
        ("效果指标", "可持续影响指标", "平台持续运行", "平台持续运行", "平台持续运行", "工作经验"),
        ("满意度指标", "服务对象满意度指标", "村（居）人员满意度", "村（居）人员满意度", "85%以上", "工作经验"),
    ],
    "JX-04": [
        ("产出指标", "数量指标", "征收边角地亩数", "按照管委会计划征收的边角地亩数", "100亩", "工作经验"),
        ("产出指标", "质量指标", "边角地征收完成率", "已征收的边角地亩数与计划征收亩数的比例", "100%", "工作经验"),
        ("产出指标", "时效指标", "项目完成时限", "项目完成时限", "12月底前", "工作经验"),
        ("产出指标", "成本指标", "清场费成本", "平均每亩地投入的清场费", "3500元", "政策要求"),
        ("效果指标", "可持续影响指标", "征收地块开工率", "征收后投入使用地块数量与计划征收地块数量的比率", "90%", "工作经验"),
        ("满意度指标", "服务对象满意度指标", "被征地满意度", "涉及征地村庄群众满意度", "85%以上", "工作经验"),
    ],
    "JX-05": [
        ("产出指标", "数量指标", "发放户数", "项目涉及过渡费发放的户量", "149户", "上级政策"),
        ("产出指标", "质量指标", "发放准确率", "人口核算准确率为人口核算数量与实际需发放数量的比率", "100%", "上级政策"),
        ("产出指标", "时效指标", "项目完成时限", "项目完成时限", "12月底前", "工作计划"),
        ("产出指标", "成本指标", "预算完成率", "该项目实际支出资金与预算资金的比率", "100%", "文件要求", "≥"),
        ("效果指标", "可持续影响指标", "过渡费领取村民信访人次", "过渡费领取村民情绪稳定，不发生信访情况", "低于5人次", "工作经验"),
        ("满意度指标", "服务对象满意度指标", "被征地农民满意度", "项目涉及平改村村民满意度", "90%以上", "工作经验"),
    ],
    # The seed breaks off after the first row; every later row is ours (依据 = 补全).
    "JX-06": [
        ("产出指标", "数量指标", "市场改造个数", "龙王庙、马家屯两个市场改造", "2次", "工作计划"),
        ("产出指标", "质量指标", "改造工程验收合格率", "改造工程一次性验收合格的比率", "100%", "补全"),
        ("产出指标", "时效指标", "项目完成时限", "项目完成时限", "12月底前", "补全"),
        ("产出指标", "成本指标", "改造成本", "两个市场改造实际支出", "≤500万元", "补全"),
        ("产出指标", "成本指标", "预算完成率", "该项目实际支出资金与预算资金的比率", "90%", "补全", "≥"),
        ("效果指标", "社会效益指标", "市场安全隐患整改率", "改造中排查出的消防、用电等安全隐患的整改比率", "100%", "补全"),
        ("效果指标", "社会效益指标", "市场环境改善", "市场购物环境、卫生状况改善情况", "市场环境明显改善", "补全"),
        ("满意度指标", "服务对象满意度指标", "商户及居民满意度", "市场商户及周边居民满意度", "85%以上", "补全"),
    ],
}

# (明细名称, 单价, 单价单位, 数量, 数量单位, 月数, 测算金额 万元 as declared, 说明)
# The declared 52.5 and 77.5 are the seed's own figures; the true products are 52.1532 and
# 77.28, and the checks must report them. JX-03's lines add up to 95.28 against 95.3.
CALC_2022 = {
    "JX-01": [
        ("村支部书记、村主任工资", 4829, "元/人/月", 9, "人", 12, 52.5, "村支部书记、村主任一人兼"),
        ("村两委其他成员工资", 1610, "元/人/月", 40, "人", 12, 77.5, "60%统发，即78万"),
        ("村干部社会保险费", None, None, None, None, None, 27.2, "养老基数4000元*12%；医疗基数6000*7%+11+10"),
        ("村会计人员报酬", 600, "元/人/月", 18, "人", 12, 13, None),
        ("九村劳动保障员工资及保险", None, None, None, None, None, 37.8, None),
    ],
    "JX-02": [
        ("社区办公经费", 100000, "元/个", 17, "个", None, 170, "每个社区10万元"),
        ("社区党组织服务群众专项经费", 200000, "元/个", 17, "个", None, 340, "市与区1:1分担"),
    ],
    # 明细名称 网格长补贴 / 网格员补贴 are found by the 发放台账 类别 网格长 / 网格员: a line
    # matches a category when its name equals it or starts with it (derive.py, 发放率).
    "JX-03": [
        ("网格化管理平台运维费", None, None, None, None, None, 24, "包括链路费、平台升级、日常维护、性能调优等"),
        ("网格长补贴", 550, "元/人/月", 44, "人", 12, 29.04, None),
        ("网格员补贴", 400, "元/人/月", 88, "人", 12, 42.24, None),
    ],
    "JX-04": [
        ("清场费", 3500, "元/亩", 100, "亩", None, 35, "按管委会计划征收100亩"),
        ("边角地征地拆迁补偿款", None, None, None, None, None, 15, "地上附着物及青苗补偿"),
    ],
    "JX-05": [
        ("新城子村绿化过渡费", None, None, None, None, None, 1100, "149户"),
    ],
    "JX-06": [
        ("龙王庙市场改造", None, None, None, None, None, 260, "补全：原表未列测算明细，按两个市场改造规模拆分"),
        ("马家屯市场改造", None, None, None, None, None, 240, "补全：原表未列测算明细，按两个市场改造规模拆分"),
    ],
}

# 部门指标: (工作领域, 绩效目标, [(指标名称, 指标值)]), split out of the seed's 绩效指标 sentences.
DEPT_2022 = [
    ("安全和环境卫生工作",
     "一是加强村居安全培训宣教，做好安全日常巡查和专项监督检查、安全隐患整改；二是做好小摊点备案卡办理、食品安全监督检查及宣教工作；"
     "三是做好环境卫生治理，提升人居环境。",
     [("安全生产考核结果", "85分以上"), ("安全隐患整改率", "95以上"), ("食品安全规范办证率", "95%"),
      ("办证时间", "5个工作日内"), ("公共区域整洁程度", "95%以上")]),
    ("农村经济发展",
     "一是指导农村经济建设发展，合理安排集体资产的分配、使用；二是做好国民经济和社会发展有关数据收集整理报送工作；"
     "三是劣质散煤管控，推广洁净煤，促进大气环境质量持续改善。",
     [("惠农补贴资金发放率", "100%"), ("农民对农业政策的满意度", "90%以上"), ("动植物防疫事故发生率", "小于1%"),
      ("农村统计工作完成率", "90%以上"), ("散煤全面禁燃率", "100%")]),
    ("社会事务管理",
     "一是建立健全就业台账、开展就业指导，做好就业困难人员认定、小额担保贷款和社会保险补贴等工作；二是做好城镇居民养老保险、"
     "城镇居民医疗保险以及其他社会保险工作，加强离退休人员社会化管理；三是做好区域内保障性住房申请的受理、审核等工作。"
     "四是按照职责要求、文件规定，受理行政区域内相关民政事务的申请、初审及复核工作；五是做好计生宣传服务工作",
     [("《就业创业证》办理时间", "2个工作日内"), ("“零就业家庭”", "动态归零"), ("社保补贴到位率", "100%"),
      ("医疗保险参保率", "大于90%"), ("养老资格认证率", "大于80%"), ("保障性住房以及民政事务申请受理率", "100%")]),
    ("重点项目服务推进",
     "一是做好组织协调工作，及时完成边角地征拆，为重点项目服务；二是做好涉及村人口增减统计工作，及时发放过渡费、绿化租地费等。",
     [("重点项目建设施工进度完成目标", "90%以上"), ("对重点项目了解认知度", "90%以上"),
      ("发放过渡费或租地费村的增减人口统计准确率", "100%"), ("资金发放及时率", "100%"), ("受益群众满意度", "90%以上")]),
    ("信访、综治以及扫黑除恶",
     "切实做好信访日常管理、重要节点的安保、社会综合治理、扫黑除恶等相关工作。",
     [("工作完成率", "90%以上"), ("群众满意度", "100%"), ("群体性事件发生比率", "低于10%")]),
    ("社区建设与服务",
     "负责辖区内社区建设和社区服务工作，强化社区功能，完善社区服务，解决社区问题，不断提高社区成员的生活水平和生活质量，"
     "加大社区工作人员管理力度，进行老旧小区提升改造，大力打造智慧社区并在社区内推行网格化管理。",
     [("社区正常运转率", "100%"), ("社区服务能力", "显著提升"), ("群众满意度", "显著提高"), ("群众对社区活动的参与度", "逐步提高")]),
    ("基层组织建设",
     "全面落实村级组织运转各项政策，加强工资保障力度，科学村两委考核制度，扎实推进基层党组织服务群众能力，充分发挥村级组织作用。",
     [("村干部工资及考核奖发放", "按时、足额发放"), ("村级考核", "公开、公正、透明"), ("村级组织是否正常运转", "是"),
      ("党员活动", "顺利开展"), ("群众满意度", "显著提升")]),
    ("综合执法工作",
     "一是开展法制宣传，增强辖区群众法制意识，提高群众知法守法观念；二是建立和完善执法队伍建设，规范执法流程，提升执法人员业务水平。",
     [("开展法律知识宣传", "4次以上"), ("宣传效果", "明显"), ("组织执法培训", "2次以上"), ("培训率", "90%以上"),
      ("执法办结率", "100%"), ("群众满意度", "不断提升")]),
]


def targets_2022() -> dict[str, list[dict]]:
    return {
        S.UNIT.name: unit_rows(UNIT_NAME, 2022, DEPARTMENT, GOAL_2022),
        S.PROJECTS.name: projects(BUDGET_2022, PURPOSE_2022, GOALS_2022),
        S.INDICATORS.name: [r for code, rows in INDICATORS_2022.items() for r in indicators(code, rows)],
        S.CALC_LINES.name: [r for code, rows in CALC_2022.items() for r in calc_lines(code, rows)],
        S.DEPT_INDICATORS.name: dept_indicators(DEPT_2022),
    }


# =============================================================================== 2022 actuals (示例数据)

def d22(month: int, day: int) -> dt.date:
    return dt.date(2022, month, day)


def grants_2022() -> list[dict]:
    # 3 person-months not paid: WGZ017 was away on secondment in March, WGY023 on sick leave in Aug–Sep.
    return (grants("JX-03", "网格长", "WGZ", 44, 550, {("WGZ017", 3)})
            + grants("JX-03", "网格员", "WGY", 88, 400, {("WGY023", 8), ("WGY023", 9)}))


def payments_2022(rng: random.Random, ledger: list[dict]) -> list[dict]:
    p: list[dict] = []
    # JX-01: monthly salaries, quarterly social insurance, one refund; Σ = 2,043,700.00 元.
    p += monthly("JX-01", 2022, "村支部书记、村主任工资", 4829 * 9, "发放{m}月村支部书记、村主任工资")
    p += monthly("JX-01", 2022, "村两委其他成员工资", 1610 * 40, "发放{m}月村两委其他成员工资")
    p += monthly("JX-01", 2022, "村会计人员报酬", 600 * 18, "发放{m}月村会计人员报酬")
    p += [pay("JX-01", d22(m, 28), "66843.25", f"缴纳第{q}季度村干部社会保险费", "村干部社会保险费")
          for q, m in enumerate((3, 6, 9, 12), 1)]
    p.append(pay("JX-01", d22(4, 18), "-1610.00", "退回多付款（3月村两委成员工资重复发放1人）", "村两委其他成员工资"))
    rest = yuan("2043700.00") - total_yuan(p, "JX-01")  # the labour-security staff take what is left
    month = q2(rest / 12)
    p += [pay("JX-01", d22(m, 15), month if m < 12 else rest - 11 * month, f"发放{m}月九村劳动保障员工资及保险",
              "九村劳动保障员工资及保险") for m in range(1, 13)]

    # JX-02: office money to 17 communities each quarter, then the special fund's uses (seed: 72.51,
    # 24.04, 34.31, 37.56 万元 …) and the upgrade of 4 communities; Σ = 503.42 万元.
    p += [pay("JX-02", d22(m, 20), 17 * 25000, f"拨付第{q}季度社区办公经费（17个社区）", "社区办公经费")
          for q, m in enumerate((1, 4, 7, 10), 1)]
    line = "社区党组织服务群众专项经费"
    p.append(pay("JX-02", d22(1, 25), 725100, "社区楼栋长年终考核奖", line))
    p += [pay("JX-02", d22(m, 15), 120200, f"社区办公用房租金（{h}）", line) for h, m in (("上半年", 3), ("下半年", 9))]
    p += [pay("JX-02", d22(m, 10), 171550, f"社区取暖费（{s}）", line) for s, m in (("1–3月", 1), ("11–12月", 11))]
    p += spread_payments("JX-02", line, 375600, [d22(m, 8) for m in range(1, 13)], "社区水电费（第{i}期）", rng)
    p += [pay("JX-02", d22(m, 18), 90000, f"智慧社区后期维护费（{h}）", line) for h, m in (("上半年", 5), ("下半年", 11))]
    p.append(pay("JX-02", d22(6, 16), 120000, "组建街道、社区物委会经费", line))
    for name, dates in (("丰和社区", (d22(5, 12), d22(8, 19))), ("盛安社区", (d22(6, 10), d22(9, 9))),
                        ("康乐社区", (d22(7, 14), d22(10, 21))), ("怡景社区", (d22(9, 22), d22(12, 16)))):
        p += spread_payments("JX-02", line, 337500, list(dates), name + "改造提升工程款（第{i}/{n}期）", rng)

    # JX-03: the grant payments equal the 发放台账 month by month; platform upkeep 23.838 万元.
    p += grant_payments("JX-03", 2022, ledger, "网格长", "网格长补贴")
    p += grant_payments("JX-03", 2022, ledger, "网格员", "网格员补贴")
    line = "网格化管理平台运维费"
    p += [pay("JX-03", d22(m, 5), 9000, f"网格化管理平台链路费（第{q}季度）", line) for q, m in enumerate((1, 4, 7, 10), 1)]
    p += [pay("JX-03", d22(m, 28), 22000, f"网格化管理平台日常维护费（第{q}季度）", line)
          for q, m in enumerate((3, 6, 9, 12), 1)]
    p.append(pay("JX-03", d22(5, 20), 98000, "网格化管理平台升级改造", line))
    p.append(pay("JX-03", d22(11, 16), 16380, "网格化管理平台性能调优", line))

    # JX-04: behind its plan (0/30/75/100): little before Q4. 清场费 337,500 元 for 96.5 亩; Σ = 44.6 万元.
    clear_dates = [d22(6, 28), d22(9, 20), d22(10, 12), d22(10, 26), d22(11, 3), d22(11, 15), d22(11, 24),
                   d22(12, 2), d22(12, 9), d22(12, 14), d22(12, 19), d22(12, 23)]
    p += spread_payments("JX-04", "清场费", 337500, clear_dates, "边角地清场费（第{i}宗地块）", rng)
    comp_dates = [d22(9, 27), d22(10, 18), d22(11, 8), d22(11, 22), d22(12, 6), d22(12, 13), d22(12, 20), d22(12, 27)]
    p += spread_payments("JX-04", "边角地征地拆迁补偿款", 108500, comp_dates, "边角地地上附着物及青苗补偿（第{i}户）", rng)

    # JX-05: transition allowance to 6 村民小组 in three rounds; +50 万元 for new population after
    # the September adjustment. Σ = 1,150 万元 = 全年预算数.
    groups = [f"新城子村第{i}村民小组" for i in range(1, 7)]
    for label, total, month in (("上半年", 2200000, 6), ("三季度", 6350000, 8), ("四季度", 2450000, 11)):
        parts = split(total, len(groups), rng, spread=0.15)
        p += [pay("JX-05", d22(month, 10 + i), a, f"{g}绿化过渡费（{label}）", "新城子村绿化过渡费")
              for i, (g, a) in enumerate(zip(groups, parts))]
    p += [pay("JX-05", d22(10, 20), 260000, "新增人口过渡费（第一批）"), pay("JX-05", d22(12, 12), 240000, "新增人口过渡费（第二批）")]

    # JX-06: 龙王庙 done (260 万元); 马家屯 held up by tenants' relocation (155.8 万元 paid). Σ = 415.8 万元.
    p.append(pay("JX-06", d22(4, 15), 85000, "龙王庙市场改造设计费", "龙王庙市场改造"))
    p.append(pay("JX-06", d22(12, 22), 38000, "龙王庙市场改造工程监理费", "龙王庙市场改造"))
    p += spread_payments("JX-06", "龙王庙市场改造", 2477000,
                         [d22(5, 20), d22(6, 10), d22(6, 24), d22(7, 8), d22(7, 22), d22(8, 12), d22(8, 25), d22(9, 23),
                          d22(10, 21), d22(11, 18), d22(11, 30)], "龙王庙市场改造工程款（第{i}/{n}期）", rng)
    p.append(pay("JX-06", d22(5, 26), 70000, "马家屯市场改造设计费", "马家屯市场改造"))
    p += spread_payments("JX-06", "马家屯市场改造", 1488000,
                         [d22(8, 18), d22(9, 16), d22(10, 14), d22(11, 11), d22(11, 25), d22(12, 9), d22(12, 26)],
                         "马家屯市场改造前期拆除及工程款（第{i}期）", rng)
    return p


def actuals_2022(rng: random.Random) -> dict[str, list[dict]]:
    ledger = grants_2022()
    pays = payments_2022(rng, ledger)
    spent = {code: total_yuan(pays, code) for code in NAMES}
    per_community = q2(spent["JX-02"] / 17 / 10000)  # 29.61 万 a community
    jx03 = q2(spent["JX-03"] / 10000)

    res = []
    res += results("JX-01", [
        ("工资保险发放覆盖率", "100%", None, None, None, "工资发放花名册"),
        ("工资保险发放完成率", "100%", None, None, None, "银行代发回单"),
        ("资金发放时限", "是", None, None, None, "工资发放记录"),
        ("预算完成率", None, EXEC),
        ("在岗率", "97%", None, None, None, "村干部考勤记录"),
        ("满意度", None, SAT, None, None, "满意度调查问卷"),
    ])
    res += results("JX-02", [
        # 4 communities against 3: ≥130 % of the target with no 偏差原因, so the report asks for one.
        ("社区提升数量", None, formula(F.QUANTITY, "改造社区数"), None, None, "改造工程验收单"),
        ("工程完成率", "86%", None, "智慧社区平台二期建设因设备供货延迟，年底完成工程量的86%",
         "2023年一季度完成剩余工程；设备采购提前招标，合同中明确供货时限", "工程进度报告"),
        ("项目完成时限", d22(12, 26), None),
        ("社区投入资金", f"{per_community}万", None),
        ("群体性事件次数", "0次", None),
        ("居民满意度", None, SAT),
    ])
    res += results("JX-03", [
        # The seed sets 发放人次 = 88人 while planning 44 网格长 + 88 网格员 = 132 persons; 88 is the
        # 网格员 headcount, so the target is read as "网格员 paid" and derived as distinct 网格员.
        # The target review reports the inconsistency; 2023 corrects the target to 132人.
        ("发放人次", None, formula(F.PERSONS, "网格员"), None, None, "补贴发放台账"),
        ("补贴发放率", None, formula(F.PAY_RATE, "网格长", "网格员"), None, None, "补贴发放台账"),
        ("平台运维时效", "3天", None, None, None, "运维工单记录"),
        ("控制在预算内", f"{jx03}万元", None),
        ("平台持续运行", "部分达成年度指标并具有一定效果", None,
         "平台二季度停机升级约20天，期间网格事件改为人工上报", "升级改造分段安排在夜间和节假日实施，并建立备用上报渠道"),
        ("村（居）人员满意度", None, SAT),
    ])
    res += results("JX-04", [
        ("征收边角地亩数", None, formula(F.QUANTITY, "征收亩数"), "一宗3.5亩边角地权属存在争议，年内未能完成征收",
         "配合自然资源部门完成确权后，于2023年上半年完成征收", "征收协议"),
        ("边角地征收完成率", "96.5%", None, "一宗3.5亩边角地权属存在争议，年内未能完成征收"),
        ("项目完成时限", d22(12, 20), None),
        ("清场费成本", None, formula(F.UNIT_COST, "清场费", "征收亩数"), None, None, "清场费支付凭证"),
        ("征收地块开工率", "80%", None, "部分地块受用地单位项目审批进度影响未按期开工",
         "与管委会及用地单位建立开工台账，按月督办"),
        ("被征地满意度", None, SAT),
    ])
    res += results("JX-05", [
        ("发放户数", "149户", None, None, None, "过渡费发放花名册"),
        ("发放准确率", "100%", None),
        ("项目完成时限", d22(12, 15), None),
        ("预算完成率", None, EXEC),
        ("过渡费领取村民信访人次", "2人次", None, None, None, "信访登记簿"),
        ("被征地农民满意度", None, None),  # neither value nor 口径: takes the project's 满意度
    ])
    marketplace = "马家屯市场商户搬迁安置协调未完成，改造工程延至2023年实施；龙王庙市场已于11月完工"
    res += results("JX-06", [
        ("市场改造个数", "1次", None, marketplace, "已制定商户过渡安置方案，马家屯市场改造列入2023年预算续建", "竣工验收报告"),
        ("改造工程验收合格率", "100%", None, None, None, "竣工验收报告"),
        ("项目完成时限", "未按时完成", None, "马家屯市场改造未能在12月底前完工：" + marketplace),
        ("改造成本", f"{q2(spent['JX-06'] / 10000)}万元", None),
        # The 预算执行率 row is where the scoring reads the reason for a rate under 90 % (83.16 %).
        ("预算完成率", None, EXEC, "马家屯市场改造推迟，年内仅支付设计费、前期拆除费及部分进度款",
         "结余资金按程序申请结转2023年续建使用"),
        ("市场安全隐患整改率", "100%", None),
        ("市场环境改善", "部分达成年度指标并具有一定效果", None, "龙王庙市场环境明显改善，马家屯市场尚未改造"),
        ("商户及居民满意度", None, SAT),
    ])

    sv = []
    sv += survey("JX-01", [("村干部", (30, 28, 8, 3, 1)), ("聘用人员", (18, 20, 9, 2, 1))], rng)  # 113/120
    sv += survey("JX-02", [("居民", (52, 56, 25, 13, 4))], rng)  # 133/150
    sv += survey("JX-03", [("村民", (18, 20, 7, 4, 1)), ("居民", (20, 24, 11, 4, 1))], rng)  # 100/110
    sv += survey("JX-04", [("被征地村民", (28, 36, 23, 10, 3))], rng)  # 87/100
    sv += survey("JX-05", [("平改村村民", (50, 48, 24, 6, 2))], rng)  # 122/130
    sv += survey("JX-06", [("商户", (16, 22, 13, 7, 2)), ("居民", (19, 25, 9, 5, 2))], rng)  # 104/120

    mon = []
    mon += monitoring("JX-01", [
        ("工资保险发放覆盖率", "100%", "100%", CERTAIN),
        ("资金发放时限", "是", "是", CERTAIN),
        ("预算完成率", "56.2%", "98%", CERTAIN),
    ])
    mon += monitoring("JX-02", [
        ("社区提升数量", "1个", "4个", CERTAIN),
        ("工程完成率", "35%", "88%", POSSIBLE, "智慧社区平台二期设备招标延后", "加快设备采购，督促施工单位增加人手"),
        ("居民满意度", None, "88%", CERTAIN),
    ])
    mon += monitoring("JX-03", [
        ("发放人次", "88人", "88人", CERTAIN),
        ("平台持续运行", "二季度停机升级后已恢复运行", "平台持续运行", POSSIBLE, "平台二季度停机升级约20天",
         "建立备用上报渠道，后续升级避开工作时段"),
    ])
    mon += monitoring("JX-04", [
        ("征收边角地亩数", "32亩", "100亩", POSSIBLE, "一宗地块权属存在争议", "协调自然资源部门加快确权"),
        ("清场费成本", "3500元", "3500元", CERTAIN),
    ])
    mon += monitoring("JX-05", [
        ("发放户数", "149户", "149户", CERTAIN),
        ("过渡费领取村民信访人次", "1人次", "2人次", CERTAIN),
    ])
    mon += monitoring("JX-06", [
        ("市场改造个数", "0次", "1次", IMPOSSIBLE, "马家屯市场商户搬迁安置协调未完成，改造无法在年内完工",
         "集中力量保证龙王庙市场年内完工；马家屯市场改造调整至2023年实施，并提前办理资金结转"),
        ("改造工程验收合格率", None, "100%", CERTAIN),
    ])

    return {
        S.ADJUSTMENTS.name: [rec(S.ADJUSTMENTS, "JX-05", 50, d22(9, 15), "新增人口过渡费")],
        S.PAYMENTS.name: pays,
        S.RESULTS.name: res,
        S.SURVEY.name: sv,
        S.GRANTS.name: ledger,
        S.QUANTITIES.name: [rec(S.QUANTITIES, *r) for r in (
            ("JX-02", "改造社区数", 4, "个"), ("JX-04", "征收亩数", 96.5, "亩"), ("JX-06", "改造市场数", 1, "个"))],
        S.MONITORING.name: mon,
        S.DEPT_RESULTS.name: dept_results(DEPT_RESULTS_2022),
    }


# (工作领域, [(指标名称, 实际完成值[, 偏差原因])])
DEPT_RESULTS_2022 = [
    ("安全和环境卫生工作", [("安全生产考核结果", "92分"), ("安全隐患整改率", "97%"), ("食品安全规范办证率", "96%"),
                   ("办证时间", "3个工作日"), ("公共区域整洁程度", "96%")]),
    ("农村经济发展", [("惠农补贴资金发放率", "100%"), ("农民对农业政策的满意度", "93%"), ("动植物防疫事故发生率", "0%"),
                ("农村统计工作完成率", "100%"), ("散煤全面禁燃率", "100%")]),
    ("社会事务管理", [("《就业创业证》办理时间", "1个工作日"), ("“零就业家庭”", "0户"), ("社保补贴到位率", "100%"),
                ("医疗保险参保率", "96.5%"), ("养老资格认证率", "92%"), ("保障性住房以及民政事务申请受理率", "100%")]),
    ("重点项目服务推进", [("重点项目建设施工进度完成目标", "86%", "马家屯市场改造因商户搬迁协调推迟至2023年"),
                  ("对重点项目了解认知度", "92%"), ("发放过渡费或租地费村的增减人口统计准确率", "100%"),
                  ("资金发放及时率", "100%"), ("受益群众满意度", "93.8%")]),
    ("信访、综治以及扫黑除恶", [("工作完成率", "95%"), ("群众满意度", "96%", "个别信访诉求涉及历史遗留问题，尚未完全化解"),
                     ("群体性事件发生比率", "0%")]),
    ("社区建设与服务", [("社区正常运转率", "100%"), ("社区服务能力", "达成年度指标"), ("群众满意度", "达成年度指标"),
                 ("群众对社区活动的参与度", "部分达成年度指标并具有一定效果", "疫情防控期间社区集体活动减少")]),
    ("基层组织建设", [("村干部工资及考核奖发放", "按时、足额发放"), ("村级考核", "公开、公正、透明"), ("村级组织是否正常运转", "是"),
                ("党员活动", "顺利开展"), ("群众满意度", "达成年度指标")]),
    ("综合执法工作", [("开展法律知识宣传", "6次", "年中追加普法进社区、进市场宣传活动2次"), ("宣传效果", "达成年度指标"),
                ("组织执法培训", "2次"), ("培训率", "95%"), ("执法办结率", "100%"), ("群众满意度", "达成年度指标")]),
]


# =============================================================================== 2023 targets (推算)

GOAL_2023 = ("根据管委会工作部署，结合街道办事处年度工作计划，针对街道办事处主要职责、重点工作，在2023年重点做好安全生产、"
             "环境卫生整治、信访维稳、基层党组织建设、农业农村管理、社会管理事务、社区建设、社区服务、老旧小区提升改造以及"
             "管委会交办重点项目工程等工作。")

PURPOSE_2023 = {
    "JX-01": ("项目安排217.8万元，本级安排109万元，转移支付安排108.8万元。主要包括：1.工资135.88万元。其中，村支部书记、村主任"
              "一人兼工资：5070元/人/月*9人*12个月=54.76万元；村两委班子其他成员工资：1690元/人/月*40人*12个月=81.12万元；"
              "2.村干部社会保险费28.6万元；3.村会计人员报酬630元/人/月*18人*12个月=13.61万元；4.九村劳动保障员工资及保险39.71万元。"),
    "JX-02": PURPOSE_2022["JX-02"],
    "JX-03": ("预算数103.2万元。其中：财政资金103.2万元，其他资金0万元。主要用于：1.网格化管理平台运维费24万元；"
              "2.网格长、网格员补贴79.2万元：网格长600元/人/月，共44人，网格员450元/人/月，共88人。"),
    "JX-05": ("预算数1250万元。其中：财政资金1250万元，其他资金0万元。主要用于：新城子村绿化过渡费（155户），"
              "按上年1100万元上浮10%计1210万元，新增人口过渡费40万元。"),
    "JX-06": ("预算数120万元。其中：财政资金120万元，其他资金0万元。主要用于马家屯市场改造续建84.2万元，"
              "龙王庙、马家屯市场消防及监控设施改造35.8万元。"),
    "JX-07": ("预算数300万元。其中：财政资金300万元，其他资金0万元。主要用于3个老旧小区提升改造：楼道粉刷及照明改造"
              "12000元/个*120个单元=144万元，小区道路及停车位改造96万元，雨污管网改造60万元。"),
}

GOALS_2023 = {
    "JX-01": GOALS_2022["JX-01"],
    "JX-02": GOALS_2022["JX-02"],
    "JX-03": GOALS_2022["JX-03"],
    "JX-05": GOALS_2022["JX-05"],
    "JX-06": "目标1完成马家屯市场改造续建；\n目标2完善两个市场的消防及监控设施，消除安全隐患",
    "JX-07": "目标1完成3个老旧小区楼道、道路、管网提升改造；\n目标2改善居民居住环境，提升居民生活品质",
}

BUDGET_2023 = [
    ("JX-01", 217.8, 109, 108.8, None, ("25%", "50%", "75%", "100%")),
    ("JX-02", 510, 340, 170, None, ("25%", "50%", "75%", "100%")),
    ("JX-03", 103.2, 103.2, None, 0, ("25%", "50%", "75%", "100%")),
    ("JX-05", 1250, 1250, None, 0, ("0%", "20%", "75%", "100%")),
    ("JX-06", 120, 120, None, 0, ("30%", "80%", "100%", "100%")),
    ("JX-07", 300, 300, None, 0, ("10%", "40%", "80%", "100%")),
]

INDICATORS_2023 = {
    "JX-01": INDICATORS_2022["JX-01"],
    "JX-02": [("产出指标", "数量指标", "社区提升数量", "社区改造提升数量", "4个", "上级政策、年度计划")]
    + INDICATORS_2022["JX-02"][1:],
    # 发放人次 now counts both categories, as the budget plans (44 + 88 = 132 persons).
    "JX-03": [
        ("产出指标", "数量指标", "发放人次", "网格长网格员补贴发放人数", "132人", "年度计划、工作经验"),
        INDICATORS_2022["JX-03"][1],
        INDICATORS_2022["JX-03"][2],
        ("产出指标", "成本指标", "控制在预算内", "控制在预算内", "103.2万元", "年度计划、工作经验"),
        *INDICATORS_2022["JX-03"][4:],
    ],
    "JX-05": [("产出指标", "数量指标", "发放户数", "项目涉及过渡费发放的户量", "155户", "上级政策")]
    + INDICATORS_2022["JX-05"][1:],
    "JX-06": [
        ("产出指标", "数量指标", "市场改造个数", "完成马家屯市场改造续建", "1个", "工作计划"),
        ("产出指标", "质量指标", "改造工程验收合格率", "改造工程一次性验收合格的比率", "100%", "工作计划"),
        ("产出指标", "时效指标", "项目完成时限", "项目完成时限", "6月底前", "工作计划"),
        ("产出指标", "成本指标", "改造成本", "市场改造及消防监控设施实际支出", "≤120万元", "工作计划"),
        ("效果指标", "社会效益指标", "市场安全隐患整改率", "消防、用电等安全隐患的整改比率", "100%", "工作计划"),
        ("效果指标", "社会效益指标", "市场环境改善", "市场购物环境、卫生状况改善情况", "市场环境明显改善", "工作计划"),
        ("满意度指标", "服务对象满意度指标", "商户及居民满意度", "市场商户及周边居民满意度", "85%以上", "工作经验"),
    ],
    "JX-07": [
        ("产出指标", "数量指标", "改造小区数", "完成提升改造的老旧小区个数", "3个", "工作计划"),
        ("产出指标", "数量指标", "改造楼道单元数", "完成楼道粉刷及照明改造的单元数", "120个", "工作计划"),
        ("产出指标", "质量指标", "工程验收合格率", "改造工程验收合格的比率", "100%", "上级政策"),
        ("产出指标", "时效指标", "项目完成时限", "项目完成时限", "11月底前", "工作计划"),
        ("产出指标", "成本指标", "单元楼道改造成本", "平均每个单元楼道改造投入", "12000元", "工作计划"),
        ("效益指标", "社会效益指标", "居住环境改善", "小区居住环境改善情况", "明显改善", "工作计划"),
        ("效益指标", "可持续影响指标", "设施完好率", "改造后设施完好的比率", "95%以上", "工作经验"),
        ("满意度指标", "服务对象满意度指标", "小区居民满意度", "改造小区居民满意度", "90%以上", "工作经验"),
    ],
}

CALC_2023 = {
    "JX-01": [
        ("村支部书记、村主任工资", 5070, "元/人/月", 9, "人", 12, 54.76, "村支部书记、村主任一人兼"),
        ("村两委其他成员工资", 1690, "元/人/月", 40, "人", 12, 81.12, None),
        ("村干部社会保险费", None, None, None, None, None, 28.6, "养老基数4200元*12%；医疗基数6300*7%"),
        ("村会计人员报酬", 630, "元/人/月", 18, "人", 12, 13.61, None),
        ("九村劳动保障员工资及保险", None, None, None, None, None, 39.71, None),
    ],
    "JX-02": CALC_2022["JX-02"],
    "JX-03": [
        ("网格化管理平台运维费", None, None, None, None, None, 24, "包括链路费、日常维护、性能调优等"),
        ("网格长补贴", 600, "元/人/月", 44, "人", 12, 31.68, None),
        ("网格员补贴", 450, "元/人/月", 88, "人", 12, 47.52, None),
    ],
    "JX-05": [
        ("新城子村绿化过渡费", None, None, None, None, None, 1210, "上年1100万元上浮10%"),
        ("新增人口过渡费", None, None, None, None, None, 40, "新增人口6户"),
    ],
    "JX-06": [
        ("马家屯市场改造续建", None, None, None, None, None, 84.2, "2022年结余资金续建"),
        ("市场消防及监控设施改造", None, None, None, None, None, 35.8, None),
    ],
    "JX-07": [
        ("楼道改造", 12000, "元/个", 120, "个", None, 144, "楼道粉刷及照明改造"),
        ("小区道路及停车位改造", None, None, None, None, None, 96, None),
        ("雨污管网改造", None, None, None, None, None, 60, None),
    ],
}

# 2023 keeps the 2022 department targets, except that 法律知识宣传 is raised after 2022's 6 times.
DEPT_2023 = [(area, goal, [(n, "5次以上" if n == "开展法律知识宣传" else v) for n, v in items])
             for area, goal, items in DEPT_2022]


def targets_2023() -> dict[str, list[dict]]:
    return {
        S.UNIT.name: unit_rows(UNIT_NAME, 2023, DEPARTMENT, GOAL_2023),
        S.PROJECTS.name: projects(BUDGET_2023, PURPOSE_2023, GOALS_2023),
        S.INDICATORS.name: [r for code, rows in INDICATORS_2023.items() for r in indicators(code, rows)],
        S.CALC_LINES.name: [r for code, rows in CALC_2023.items() for r in calc_lines(code, rows)],
        S.DEPT_INDICATORS.name: dept_indicators(DEPT_2023),
    }


# =============================================================================== 2023 actuals (示例数据)

def d23(month: int, day: int) -> dt.date:
    return dt.date(2023, month, day)


def grants_2023() -> list[dict]:
    # 2 person-months not paid: WGY051 was on leave in February and March.
    return (grants("JX-03", "网格长", "WGZ", 44, 600)
            + grants("JX-03", "网格员", "WGY", 88, 450, {("WGY051", 2), ("WGY051", 3)}))


def payments_2023(rng: random.Random, ledger: list[dict]) -> list[dict]:
    p: list[dict] = []
    # JX-01: Σ = 2,146,500.00 元 (98.55 % of 217.8 万元).
    p += monthly("JX-01", 2023, "村支部书记、村主任工资", 5070 * 9, "发放{m}月村支部书记、村主任工资")
    p += monthly("JX-01", 2023, "村两委其他成员工资", 1690 * 40, "发放{m}月村两委其他成员工资")
    p += monthly("JX-01", 2023, "村会计人员报酬", 630 * 18, "发放{m}月村会计人员报酬")
    p += [pay("JX-01", d23(m, 28), "70512.50", f"缴纳第{q}季度村干部社会保险费", "村干部社会保险费")
          for q, m in enumerate((3, 6, 9, 12), 1)]
    rest = yuan("2146500.00") - total_yuan(p, "JX-01")
    month = q2(rest / 12)
    p += [pay("JX-01", d23(m, 15), month if m < 12 else rest - 11 * month, f"发放{m}月九村劳动保障员工资及保险",
              "九村劳动保障员工资及保险") for m in range(1, 13)]

    # JX-02: Σ = 506.39 万元 (with the 2022 smart-community phase-2 final payment).
    p += [pay("JX-02", d23(m, 20), 17 * 25000, f"拨付第{q}季度社区办公经费（17个社区）", "社区办公经费")
          for q, m in enumerate((1, 4, 7, 10), 1)]
    line = "社区党组织服务群众专项经费"
    p.append(pay("JX-02", d23(1, 18), 725100, "社区楼栋长年终考核奖", line))
    p += [pay("JX-02", d23(m, 15), 120200, f"社区办公用房租金（{h}）", line) for h, m in (("上半年", 3), ("下半年", 9))]
    p += [pay("JX-02", d23(m, 10), 175000, f"社区取暖费（{s}）", line) for s, m in (("1–3月", 1), ("11–12月", 11))]
    p += spread_payments("JX-02", line, 381000, [d23(m, 8) for m in range(1, 13)], "社区水电费（第{i}期）", rng)
    p += [pay("JX-02", d23(m, 18), 90000, f"智慧社区后期维护费（{h}）", line) for h, m in (("上半年", 5), ("下半年", 11))]
    p.append(pay("JX-02", d23(6, 16), 120000, "社区物委会经费", line))
    for name, dates in (("和平社区", (d23(4, 12), d23(7, 19))), ("新华社区", (d23(5, 10), d23(8, 9))),
                        ("育才社区", (d23(6, 14), d23(9, 21))), ("丰和社区", (d23(7, 22), d23(11, 16)))):
        p += spread_payments("JX-02", line, 315000, list(dates), name + "改造提升工程款（第{i}/{n}期）", rng)
    p.append(pay("JX-02", d23(3, 20), 107400, "智慧社区平台二期尾款", line))

    # JX-03: grants as in the ledger; platform upkeep 23.6 万元.
    p += grant_payments("JX-03", 2023, ledger, "网格长", "网格长补贴")
    p += grant_payments("JX-03", 2023, ledger, "网格员", "网格员补贴")
    line = "网格化管理平台运维费"
    p += [pay("JX-03", d23(m, 5), 9000, f"网格化管理平台链路费（第{q}季度）", line) for q, m in enumerate((1, 4, 7, 10), 1)]
    p += [pay("JX-03", d23(m, 28), 42000, f"网格化管理平台日常维护费（第{q}季度）", line)
          for q, m in enumerate((3, 6, 9, 12), 1)]
    p.append(pay("JX-03", d23(10, 16), 32000, "网格化管理平台性能调优", line))

    # JX-05: Σ = 1,250 万元.
    groups = [f"新城子村第{i}村民小组" for i in range(1, 7)]
    for label, total, month in (("上半年", 2400000, 6), ("三季度", 6900000, 8), ("四季度", 2800000, 11)):
        parts = split(total, len(groups), rng, spread=0.15)
        p += [pay("JX-05", d23(month, 10 + i), a, f"{g}绿化过渡费（{label}）", "新城子村绿化过渡费")
              for i, (g, a) in enumerate(zip(groups, parts))]
    p += [pay("JX-05", d23(m, 20), 200000, f"新增人口过渡费（{h}）", "新增人口过渡费") for h, m in (("上半年", 6), ("下半年", 12))]

    # JX-06: 马家屯 finished in June; Σ = 118.6 万元.
    p += spread_payments("JX-06", "马家屯市场改造续建", 842000,
                         [d23(2, 20), d23(3, 8), d23(3, 22), d23(4, 7), d23(4, 19), d23(5, 10), d23(5, 24), d23(6, 28)],
                         "马家屯市场改造续建工程款（第{i}/{n}期）", rng)
    p += spread_payments("JX-06", "市场消防及监控设施改造", 344000,
                         [d23(3, 15), d23(4, 12), d23(5, 17), d23(6, 9), d23(6, 21), d23(6, 29)],
                         "市场消防及监控设施改造款（第{i}/{n}期）", rng)

    # JX-07: new. 楼道改造 1,404,200 元 for 118 units = 11,900 元 a unit; +30 万元 in August for lighting.
    p += spread_payments("JX-07", "楼道改造", 1404200,
                         [d23(3, 15), d23(4, 20), d23(5, 25), d23(6, 27), d23(7, 25), d23(8, 24), d23(9, 21), d23(11, 9)],
                         "楼道粉刷及照明改造工程款（第{i}/{n}期）", rng)
    p += spread_payments("JX-07", "小区道路及停车位改造", 955800,
                         [d23(4, 26), d23(6, 15), d23(8, 10), d23(9, 28), d23(11, 20)], "小区道路及停车位改造工程款（第{i}/{n}期）", rng)
    p += spread_payments("JX-07", "雨污管网改造", 598000,
                         [d23(5, 18), d23(7, 13), d23(9, 14), d23(11, 23)], "雨污管网改造工程款（第{i}/{n}期）", rng)
    p += spread_payments("JX-07", None, 166000, [d23(9, 7), d23(10, 19), d23(11, 23)], "楼道照明节能改造（追加，第{i}/{n}期）", rng)
    return p


def actuals_2023(rng: random.Random) -> dict[str, list[dict]]:
    ledger = grants_2023()
    pays = payments_2023(rng, ledger)
    spent = {code: total_yuan(pays, code) for code in NAMES}
    wan = {code: q2(v / 10000) for code, v in spent.items()}

    res = []
    res += results("JX-01", [
        ("工资保险发放覆盖率", "100%", None, None, None, "工资发放花名册"),
        ("工资保险发放完成率", "100%", None, None, None, "银行代发回单"),
        ("资金发放时限", "是", None),
        ("预算完成率", None, EXEC),
        ("在岗率", "96%", None, None, None, "村干部考勤记录"),
        ("满意度", None, SAT),
    ])
    res += results("JX-02", [
        ("社区提升数量", None, formula(F.QUANTITY, "改造社区数"), None, None, "改造工程验收单"),
        ("工程完成率", "95%", None),
        ("项目完成时限", d23(12, 22), None),
        ("社区投入资金", f"{q2(spent['JX-02'] / 17 / 10000)}万", None),
        ("群体性事件次数", "0次", None),
        ("居民满意度", None, SAT),
    ])
    res += results("JX-03", [
        ("发放人次", None, formula(F.PERSONS, "网格长", "网格员"), None, None, "补贴发放台账"),
        ("补贴发放率", None, formula(F.PAY_RATE, "网格长", "网格员"), None, None, "补贴发放台账"),
        ("平台运维时效", "2天", None, None, None, "运维工单记录"),
        ("控制在预算内", f"{wan['JX-03']}万元", None),
        ("平台持续运行", "达成年度指标", None),
        ("村（居）人员满意度", None, SAT),
    ])
    res += results("JX-05", [
        ("发放户数", "155户", None, None, None, "过渡费发放花名册"),
        ("发放准确率", "100%", None),
        ("项目完成时限", d23(12, 20), None),
        ("预算完成率", None, EXEC),
        ("过渡费领取村民信访人次", "0人次", None),
        ("被征地农民满意度", None, SAT),
    ])
    res += results("JX-06", [
        ("市场改造个数", "1个", None, None, None, "竣工验收报告"),
        ("改造工程验收合格率", "100%", None, None, None, "竣工验收报告"),
        ("项目完成时限", d23(6, 28), None),
        ("改造成本", f"{wan['JX-06']}万元", None),
        ("市场安全隐患整改率", "100%", None),
        ("市场环境改善", "达成年度指标", None),
        ("商户及居民满意度", None, SAT),
    ])
    res += results("JX-07", [
        ("改造小区数", None, formula(F.QUANTITY, "改造小区数"), None, None, "竣工验收报告"),
        ("改造楼道单元数", None, formula(F.QUANTITY, "改造楼道单元数"),
         "育才小区2个单元居民对改造方案意见不一致，暂缓实施", "做好居民沟通，2024年纳入改造计划", "竣工验收报告"),
        ("工程验收合格率", "100%", None, None, None, "竣工验收报告"),
        ("项目完成时限", d23(11, 24), None),
        ("单元楼道改造成本", None, formula(F.UNIT_COST, "楼道改造", "改造楼道单元数"), None, None, "工程结算单"),
        ("居住环境改善", "达成年度指标", None),
        ("设施完好率", "98%", None),
        ("小区居民满意度", None, SAT),
    ])

    sv = []
    sv += survey("JX-01", [("村干部", (32, 30, 6, 2, 0)), ("聘用人员", (20, 20, 8, 2, 1))], rng)  # 116/121
    sv += survey("JX-02", [("居民", (60, 55, 20, 11, 4))], rng)  # 135/150
    sv += survey("JX-03", [("村民", (20, 21, 6, 3, 0)), ("居民", (22, 25, 9, 3, 1))], rng)  # 103/110
    sv += survey("JX-05", [("平改村村民", (55, 50, 20, 5, 2))], rng)  # 125/132
    sv += survey("JX-06", [("商户", (20, 24, 10, 5, 1)), ("居民", (21, 26, 8, 4, 1))], rng)  # 109/120
    sv += survey("JX-07", [("小区居民", (60, 52, 18, 8, 2))], rng)  # 130/140

    mon = []
    mon += monitoring("JX-01", [("资金发放时限", "是", "是", CERTAIN), ("预算完成率", "56.4%", "98%", CERTAIN)])
    mon += monitoring("JX-02", [("社区提升数量", "3个", "4个", CERTAIN), ("工程完成率", "60%", "95%", CERTAIN)])
    mon += monitoring("JX-03", [("发放人次", "132人", "132人", CERTAIN), ("平台持续运行", "平台持续运行", "平台持续运行", CERTAIN)])
    mon += monitoring("JX-05", [("发放户数", "155户", "155户", CERTAIN)])
    mon += monitoring("JX-06", [("市场改造个数", "1个", "1个", CERTAIN), ("项目完成时限", d23(6, 28), d23(6, 28), CERTAIN)])
    mon += monitoring("JX-07", [
        ("改造楼道单元数", "64个", "118个", POSSIBLE, "育才小区部分单元居民意见不一致", "逐户沟通，争取年内开工"),
        ("项目完成时限", None, "11月底前", CERTAIN),
    ])

    return {
        S.ADJUSTMENTS.name: [rec(S.ADJUSTMENTS, "JX-07", 30, d23(8, 10), "追加楼道照明节能改造")],
        S.PAYMENTS.name: pays,
        S.RESULTS.name: res,
        S.SURVEY.name: sv,
        S.GRANTS.name: ledger,
        S.QUANTITIES.name: [rec(S.QUANTITIES, *r) for r in (
            ("JX-02", "改造社区数", 4, "个"), ("JX-06", "改造市场数", 1, "个"),
            ("JX-07", "改造小区数", 3, "个"), ("JX-07", "改造楼道单元数", 118, "个"))],
        S.MONITORING.name: mon,
        S.DEPT_RESULTS.name: dept_results(DEPT_RESULTS_2023),
    }


DEPT_RESULTS_2023 = [
    ("安全和环境卫生工作", [("安全生产考核结果", "93分"), ("安全隐患整改率", "98%"), ("食品安全规范办证率", "97%"),
                   ("办证时间", "3个工作日"), ("公共区域整洁程度", "96%")]),
    ("农村经济发展", [("惠农补贴资金发放率", "100%"), ("农民对农业政策的满意度", "94%"), ("动植物防疫事故发生率", "0%"),
                ("农村统计工作完成率", "100%"), ("散煤全面禁燃率", "100%")]),
    ("社会事务管理", [("《就业创业证》办理时间", "1个工作日"), ("“零就业家庭”", "0户"), ("社保补贴到位率", "100%"),
                ("医疗保险参保率", "97%"), ("养老资格认证率", "93%"), ("保障性住房以及民政事务申请受理率", "100%")]),
    ("重点项目服务推进", [("重点项目建设施工进度完成目标", "95%"), ("对重点项目了解认知度", "93%"),
                  ("发放过渡费或租地费村的增减人口统计准确率", "100%"), ("资金发放及时率", "100%"), ("受益群众满意度", "94.7%")]),
    ("信访、综治以及扫黑除恶", [("工作完成率", "96%"), ("群众满意度", "97%", "个别信访诉求涉及历史遗留问题，仍在化解中"),
                     ("群体性事件发生比率", "0%")]),
    ("社区建设与服务", [("社区正常运转率", "100%"), ("社区服务能力", "达成年度指标"), ("群众满意度", "达成年度指标"),
                 ("群众对社区活动的参与度", "达成年度指标")]),
    ("基层组织建设", [("村干部工资及考核奖发放", "按时、足额发放"), ("村级考核", "公开、公正、透明"), ("村级组织是否正常运转", "是"),
                ("党员活动", "顺利开展"), ("群众满意度", "达成年度指标")]),
    ("综合执法工作", [("开展法律知识宣传", "5次"), ("宣传效果", "达成年度指标"), ("组织执法培训", "3次", "新增执法人员，年中加办岗前培训1次"), ("培训率", "96%"),
                ("执法办结率", "100%"), ("群众满意度", "达成年度指标")]),
]


# =============================================================================== writing

YEARS = {2022: (targets_2022, actuals_2022), 2023: (targets_2023, actuals_2023)}


def build(out_dir: Path) -> list[Path]:
    """Write <out_dir>/<year>/targets.xlsx and actuals.xlsx for every sample year."""
    written = []
    for year, (targets, actuals) in YEARS.items():
        folder = Path(out_dir) / str(year)
        rng = random.Random(year)  # one generator a year: changing 2023 never moves 2022
        written.append(write_workbook(folder / S.TARGETS, S.TARGETS, targets()))
        written.append(write_workbook(folder / S.ACTUALS, S.ACTUALS, actuals(rng), note=NOTE))
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "data"
    for path in build(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
