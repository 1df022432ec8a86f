"""The 2022 sample year: the seed's targets by import (with a small supplement), and invented actuals.

See tools/make_sample_data.py for the story."""

from __future__ import annotations

import datetime as dt
import random

from jxreport.core import schema as S
from jxreport.core.rounding import q2
from jxreport.grammar import formulas as F
from jxreport.samples.records import (CERTAIN, EXEC, IMPOSSIBLE, POSSIBLE, SAT, calc_lines,
                                      dept_results, formula, grant_payments, grants, indicators,
                                      monitoring, pay, rec, results, spread_payments, split, survey,
                                      total_yuan, yuan)

CODES = ("JX-01", "JX-02", "JX-03", "JX-04", "JX-05", "JX-06")  # as `jxreport import` numbers the seed's six tables

# =============================================================================== 2022 targets
# data/2022/targets.xlsx is what `jxreport import` makes of the seed (data/sources/) and of the
# supplement below, written to data/sources/ as a workbook in targets.xlsx's layout. The
# supplement holds only what the seed does not: who runs each project, the 主管部门, the rows
# of the sixth table after its cut (指标值确定依据 = 补全), 测算明细 for the projects whose
# 主要用途 gives no formula (说明 starts with 补充), the 台账类别 that tie JX-01's wage lines to
# their 发放台账, and 指标性质 ≥ where a 成本指标 is a rate to reach. Invented (示例数据).

SUPPLEMENT_FILE = "2022_补充表（示例数据）.xlsx"
SUPPLEMENT_NOTE = ("本工作簿是 jxreport 示例年度的补充表（虚构）：目标表没有写明或被截断的内容。"
                   "jxreport import 把它与目标表一起导入；目标表中已有的内容以目标表为准。")

# 项目: 项目编码, 项目名称, 实施单位 (the 科室 that runs each project: plausible, not in the seed)
OFFICES_2022 = [
    ("JX-01", "村干部工资、保险和聘用人员工资", "党建工作办公室"),
    ("JX-02", "社区运行经费", "社区建设办公室"),
    ("JX-03", "网格化管理建设费用", "社会治理办公室（网格化管理中心）"),
    ("JX-04", "征地拆迁补偿款", "征地拆迁办公室"),
    ("JX-05", "补偿安置费", "征地拆迁办公室"),
    ("JX-06", "龙王庙、马家屯市场改造经费", "城市管理办公室"),
]

# 绩效指标 (一级, 二级, 三级, 描述, 指标值, 依据[, 指标性质]). 预算完成率 sits under 成本指标 in
# the seed with a bare percentage, which the grammar reads as a ceiling (成本指标 → ≤); the
# table means "spend at least", so 指标性质 says ≥ (the seed's cells are left as written).
NATURE_2022 = {"JX-01": [("预算完成率", "≥")], "JX-05": [("预算完成率", "≥")]}
# The seed's sixth table breaks off after its first indicator; every later row is ours.
JX06_REST = [
    ("产出指标", "质量指标", "改造工程验收合格率", "改造工程一次性验收合格的比率", "100%", "补全"),
    ("产出指标", "时效指标", "项目完成时限", "项目完成时限", "12月底前", "补全"),
    ("产出指标", "成本指标", "改造成本", "两个市场改造实际支出", "≤500万元", "补全"),
    ("产出指标", "成本指标", "预算完成率", "该项目实际支出资金与预算资金的比率", "90%", "补全", "≥"),
    ("效果指标", "社会效益指标", "市场安全隐患整改率", "改造中排查出的消防、用电等安全隐患的整改比率", "100%", "补全"),
    ("效果指标", "社会效益指标", "市场环境改善", "市场购物环境、卫生状况改善情况", "市场环境明显改善", "补全"),
    ("满意度指标", "服务对象满意度指标", "商户及居民满意度", "市场商户及周边居民满意度", "85%以上", "补全"),
]

# 测算明细 (明细名称, 单价, 单价单位, 数量, 数量单位, 月数, 测算金额 万元, 说明, 台账类别, 实物量).
# JX-01's lines are the seed's (names as written); the supplement adds their 台账类别 only.
LEDGER_2022 = [("JX-01", "村支部书记、村主任一人兼工资", "村书记主任"),
               ("JX-01", "村两委班子其他成员工资", "村两委成员"),
               ("JX-01", "村会计人员报酬", "村会计")]
CALC_ADDED_2022 = {
    "JX-04": [
        ("清场费", 3500, "元/亩", 100, "亩", None, 35, "补充：按管委会计划征收100亩", None, "征收亩数"),  # 成本分析: 元/亩
        ("边角地征地拆迁补偿款", None, None, None, None, None, 15, "补充：地上附着物及青苗补偿"),
    ],
    "JX-05": [("新城子村绿化过渡费", None, None, None, None, None, 1100, "补充：149户")],
    "JX-06": [
        ("龙王庙市场改造", None, None, None, None, None, 260, "补充：原表未列测算明细，按两个市场改造规模拆分"),
        ("马家屯市场改造", None, None, None, None, None, 240, "补充：原表未列测算明细，按两个市场改造规模拆分"),
    ],
}


def supplement_2022() -> dict[str, list[dict]]:
    """The supplement's sheets, {sheet name: records}, in targets.xlsx's layout."""
    return {
        S.UNIT.name: [rec(S.UNIT, "主管部门", "高新区管委会")],
        S.PROJECTS.name: [{"项目编码": c, "项目名称": n, "实施单位": o} for c, n, o in OFFICES_2022],
        S.INDICATORS.name: [{"项目编码": c, "三级指标": name, "指标性质": nature}
                            for c, rows in NATURE_2022.items() for name, nature in rows]
                           + indicators("JX-06", JX06_REST),
        S.CALC_LINES.name: [{"项目编码": c, "明细名称": n, "台账类别": cat} for c, n, cat in LEDGER_2022]
                           + [r for c, rows in CALC_ADDED_2022.items() for r in calc_lines(c, rows)],
    }


# =============================================================================== 2022 actuals (示例数据)

def d22(month: int, day: int) -> dt.date:
    return dt.date(2022, month, day)


def grants_2022() -> list[dict]:
    # JX-03, 3 person-months not paid: WGZ017 was away on secondment in March, WGY023 on sick leave in
    # August, and WGY045 left after June: July vacant, WGY089 took the post from August (one
    # replacement: 89 persons paid for 88 posts, never more than 88 in a month).
    wgy = grants("JX-03", "网格员", "WGY", 88, 400, {("WGY023", 8)} | {("WGY045", m) for m in range(7, 13)})
    wgy += [r | {"人员编号": "WGY089"} for r in wgy if r["人员编号"] == "WGY001" and r["月份"] >= 8]
    # JX-01: the village cadres' wages, every post paid every month.
    return (grants("JX-01", "村书记主任", "CSJ", 9, 4829) + grants("JX-01", "村两委成员", "CWY", 40, 1610)
            + grants("JX-01", "村会计", "CKJ", 18, 600)
            + grants("JX-03", "网格长", "WGZ", 44, 550, {("WGZ017", 3)}) + wgy)


def payments_2022(rng: random.Random, ledger: list[dict]) -> list[dict]:
    p: list[dict] = []
    # JX-01: monthly salaries, quarterly social insurance, one refund; Σ = 2,043,700.00 元.
    p += grant_payments("JX-01", 2022, ledger, "村书记主任", "村支部书记、村主任一人兼工资", day=15)
    wages = grant_payments("JX-01", 2022, ledger, "村两委成员", "村两委班子其他成员工资", day=15)
    wages[2] = wages[2] | {"金额": wages[2]["金额"] + 1610}  # March paid one member twice, refunded in April
    p += wages
    p += grant_payments("JX-01", 2022, ledger, "村会计", "村会计人员报酬", day=15)
    p += [pay("JX-01", d22(m, 28), "66843.25", f"缴纳第{q}季度村干部社会保险费", "村干部社会保险费")
          for q, m in enumerate((3, 6, 9, 12), 1)]
    p.append(pay("JX-01", d22(4, 18), "-1610.00", "退回多付款（3月村两委成员工资重复发放1人）", "村两委班子其他成员工资"))
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
    p += grant_payments("JX-03", 2022, ledger, "网格长", "网格长")
    p += grant_payments("JX-03", 2022, ledger, "网格员", "网格员")
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
    spent = {code: total_yuan(pays, code) for code in CODES}
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
    ("安全和环境卫生工作", [("安全生产考核结果", "92分"), ("对检查发现的安全隐患，按照隐患整改率", "97%"), ("食品安全规范办证率", "96%"),
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
    ("基层组织建设", [("村干部工资及考核奖", "按时、足额发放"), ("村级考核", "公开、公正、透明"), ("村级组织是否正常运转", "是"),
                ("党员活动", "顺利开展"), ("群众满意度", "达成年度指标")]),
    ("综合执法工作", [("开展法律知识宣传", "6次", "年中追加普法进社区、进市场宣传活动2次"), ("宣传效果", "达成年度指标"),
                ("组织执法培训", "2次"), ("培训率", "95%"), ("执法办结率", "100%"), ("群众满意度", "达成年度指标")]),
]
