"""The 2023 sample year, projected from 2022 (推算): JX-04 has ended, JX-07 is new.

See tools/make_sample_data.py for the story."""

from __future__ import annotations

import datetime as dt
import random

from jxreport.core import schema as S
from jxreport.core.rounding import q2
from jxreport.grammar import formulas as F
from jxreport.io.workbooks import unit_rows
from jxreport.samples.records import (CERTAIN, EXEC, POSSIBLE, SAT, calc_lines,
                                      dept_results, formula, grant_payments, grants, indicators,
                                      monitoring, pay, rec, results, spread_payments, split, survey,
                                      total_yuan, yuan)

CODES = ("JX-01", "JX-02", "JX-03", "JX-05", "JX-06", "JX-07")
NEW_2023 = {"JX-07": ("老旧小区提升改造", "社区建设办公室")}  # 项目名称, 实施单位

# =============================================================================== 2023 targets (推算)

GOAL_2023 = ("根据管委会工作部署，结合街道办事处年度工作计划，针对街道办事处主要职责、重点工作，在2023年重点做好安全生产、"
             "环境卫生整治、信访维稳、基层党组织建设、农业农村管理、社会管理事务、社区建设、社区服务、老旧小区提升改造以及"
             "管委会交办重点项目工程等工作。")

PURPOSE_2023 = {
    "JX-01": ("项目安排217.8万元，本级安排109万元，转移支付安排108.8万元。主要包括：1.工资135.88万元。其中，村支部书记、村主任"
              "一人兼工资：5070元/人/月*9人*12个月=54.76万元；村两委班子其他成员工资：1690元/人/月*40人*12个月=81.12万元；"
              "2.村干部社会保险费28.6万元；3.村会计人员报酬630元/人/月*18人*12个月=13.61万元；4.九村劳动保障员工资及保险39.71万元。"),
    "JX-03": ("预算数103.2万元。其中：财政资金103.2万元，其他资金0万元。主要用于：1.网格化管理平台运维费24万元；"
              "2.网格长、网格员补贴79.2万元：网格长600元/人/月，共44人，网格员450元/人/月，共88人。"),
    "JX-05": ("预算数1250万元。其中：财政资金1250万元，其他资金0万元。主要用于：新城子村绿化过渡费（155户），"
              "按上年1100万元上浮10%计1210万元，新增人口过渡费40万元。"),
    "JX-06": ("预算数120万元。其中：财政资金120万元，其他资金0万元。主要用于马家屯市场改造续建84.2万元，"
              "龙王庙、马家屯市场消防及监控设施改造35.8万元。"),
    "JX-07": ("预算数300万元。其中：财政资金300万元，其他资金0万元。主要用于3个老旧小区提升改造：楼道粉刷及照明改造"
              "12000元/个*120个单元=144万元，小区道路及停车位改造96万元，雨污管网改造60万元。"),
}

GOALS_2023 = {  # the others keep their 2022 goals
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

# 2023 keeps each project's 2022 indicators, except the rows given here (matched by 三级指标).
CHANGED_2023 = {
    "JX-02": [("产出指标", "数量指标", "社区提升数量", "社区改造提升数量", "4个", "上级政策、年度计划")],
    # 发放人次 now counts both categories, as the budget plans (44 + 88 = 132 persons).
    "JX-03": [
        ("产出指标", "数量指标", "发放人次", "网格长网格员补贴发放人数", "132人", "年度计划、工作经验"),
        ("产出指标", "成本指标", "控制在预算内", "控制在预算内", "103.2万元", "年度计划、工作经验"),
    ],
    "JX-05": [("产出指标", "数量指标", "发放户数", "项目涉及过渡费发放的户量", "155户", "上级政策")],
}
# Projects whose 2023 indicators are all new (JX-06 is now the 续建 of one market).
NEW_INDICATORS_2023 = {
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
        ("村支部书记、村主任一人兼工资", 5070, "元/人/月", 9, "人", 12, 54.76, None, "村书记主任"),
        ("村两委班子其他成员工资", 1690, "元/人/月", 40, "人", 12, 81.12, None, "村两委成员"),
        ("村干部社会保险费", None, None, None, None, None, 28.6, "养老基数4200元*12%；医疗基数6300*7%"),
        ("村会计人员报酬", 630, "元/人/月", 18, "人", 12, 13.61, None, "村会计"),
        ("九村劳动保障员工资及保险", None, None, None, None, None, 39.71, None),
    ],
    "JX-03": [
        ("网格化管理平台运维费", None, None, None, None, None, 24, "包括链路费、日常维护、性能调优等"),
        ("网格长", 600, "元/人/月", 44, "人", 12, 31.68, None),
        ("网格员", 450, "元/人/月", 88, "人", 12, 47.52, None),
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

RAISED_2023 = {"开展法律知识宣传": "5次以上"}  # 部门指标 raised after 2022's 6 times; the others are kept


def _indicators(prev: list[dict], code: str) -> list[dict]:
    """2023's indicators of `code`: all new, or 2022's with the changed rows replaced in place."""
    if code in NEW_INDICATORS_2023:
        return indicators(code, NEW_INDICATORS_2023[code])
    new = {r["三级指标"]: r for r in indicators(code, CHANGED_2023.get(code, []))}
    return [new.get(r["三级指标"], dict(r)) for r in prev if r["项目编码"] == code]


def targets_2023(prev: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """2023 projected from the 2022 targets `prev` (as imported): what changed is written here."""
    unit = {r["项目"]: r["内容"] for r in prev[S.UNIT.name]}
    p22 = {r["项目编码"]: r for r in prev[S.PROJECTS.name]}
    budgets = {b[0]: b for b in BUDGET_2023}
    projects = []
    for code in CODES:
        old = p22.get(code, {})
        name, office = NEW_2023.get(code, (old.get("项目名称"), old.get("实施单位")))
        _, budget, own, transfer, other, plan = budgets[code]
        projects.append(rec(S.PROJECTS, code, name, budget, own, transfer, other,
                            PURPOSE_2023.get(code, old.get("主要用途")), *plan, GOALS_2023.get(code, old.get("绩效目标")),
                            office))
    inds = [r for code in CODES for r in _indicators(prev[S.INDICATORS.name], code)]
    calc = []
    for code in CODES:
        calc += calc_lines(code, CALC_2023[code]) if code in CALC_2023 else \
            [dict(r) for r in prev[S.CALC_LINES.name] if r["项目编码"] == code]
    dept = [dict(r) | ({"指标值": RAISED_2023[r["指标名称"]]} if r["指标名称"] in RAISED_2023 else {})
            for r in prev[S.DEPT_INDICATORS.name]]
    return {
        S.UNIT.name: unit_rows(unit["单位名称"], 2023, unit.get("主管部门"), GOAL_2023),
        S.PROJECTS.name: projects,
        S.INDICATORS.name: inds,
        S.CALC_LINES.name: calc,
        S.DEPT_INDICATORS.name: dept,
    }


# =============================================================================== 2023 actuals (示例数据)

def d23(month: int, day: int) -> dt.date:
    return dt.date(2023, month, day)


def grants_2023() -> list[dict]:
    # 2 person-months not paid: WGY051 was on leave in February and March.
    return (grants("JX-01", "村书记主任", "CSJ", 9, 5070) + grants("JX-01", "村两委成员", "CWY", 40, 1690)
            + grants("JX-01", "村会计", "CKJ", 18, 630)
            + grants("JX-03", "网格长", "WGZ", 44, 600)
            + grants("JX-03", "网格员", "WGY", 88, 450, {("WGY051", 2), ("WGY051", 3)}))


def payments_2023(rng: random.Random, ledger: list[dict]) -> list[dict]:
    p: list[dict] = []
    # JX-01: Σ = 2,146,500.00 元 (98.55 % of 217.8 万元).
    p += grant_payments("JX-01", 2023, ledger, "村书记主任", "村支部书记、村主任一人兼工资", day=15)
    p += grant_payments("JX-01", 2023, ledger, "村两委成员", "村两委班子其他成员工资", day=15)
    p += grant_payments("JX-01", 2023, ledger, "村会计", "村会计人员报酬", day=15)
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
    p += grant_payments("JX-03", 2023, ledger, "网格长", "网格长")
    p += grant_payments("JX-03", 2023, ledger, "网格员", "网格员")
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
    spent = {code: total_yuan(pays, code) for code in CODES}
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
    ("安全和环境卫生工作", [("安全生产考核结果", "93分"), ("对检查发现的安全隐患，按照隐患整改率", "98%"), ("食品安全规范办证率", "97%"),
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
    ("基层组织建设", [("村干部工资及考核奖", "按时、足额发放"), ("村级考核", "公开、公正、透明"), ("村级组织是否正常运转", "是"),
                ("党员活动", "顺利开展"), ("群众满意度", "达成年度指标")]),
    ("综合执法工作", [("开展法律知识宣传", "5次"), ("宣传效果", "达成年度指标"), ("组织执法培训", "3次", "新增执法人员，年中加办岗前培训1次"), ("培训率", "96%"),
                ("执法办结率", "100%"), ("群众满意度", "达成年度指标")]),
]
