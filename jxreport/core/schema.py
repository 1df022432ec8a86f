"""The two input workbooks: every sheet, column, type and fixed word list.

This module is the one source of truth for sheet names and headers. The reader, the
`jxreport init` template writer, the sample-data builder and the docs all take them from
here, so a renamed column changes everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TARGETS = "targets.xlsx"
ACTUALS = "actuals.xlsx"
WORKBOOKS = (TARGETS, ACTUALS)

# Column types. The reader turns each into one Python/pandas type.
TEXT = "text"  # str, stripped; numbers read as text without a trailing ".0"
CODE = "code"  # like TEXT, but an identifier: required to be non-empty where required
WAN = "wan"  # money in 万元 (float)
YUAN = "yuan"  # money in 元 (float)
NUMBER = "number"  # any number (float)
PERCENT = "percent"  # 25, "25%", 0.25 -> 25.0 (percent points)
DATE = "date"  # datetime.date
MONTH = "month"  # int 1..12
INT = "int"  # whole number
CHOICE = "choice"  # one of Column.choices (after alias mapping)
ANY = "any"  # kept as read (str, number or date): 实际完成值 and the like

LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL1_ALIASES = {"效果指标": "效益指标", "产出": "产出指标", "效益": "效益指标", "效果": "效益指标",
                  "满意度": "满意度指标"}
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
          "生态效益指标", "可持续影响指标", "服务对象满意度指标")
LEVEL2_ALIASES = {
    "数量": "数量指标", "质量": "质量指标", "时效": "时效指标", "成本": "成本指标",
    "经济效益": "经济效益指标", "社会效益": "社会效益指标", "生态效益": "生态效益指标",
    "可持续影响": "可持续影响指标", "可持续发展指标": "可持续影响指标",
    "服务对象满意度": "服务对象满意度指标", "满意度指标": "服务对象满意度指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标", "服务对象满意度指标 ": "服务对象满意度指标",
}
# Which second-level names belong under which first-level name.
LEVEL2_PARENT = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标",
}
NATURE = ("≥", "≤", "=", "定性")
NATURE_ALIASES = {">=": "≥", "<=": "≤", "＝": "=", "==": "="}
SATISFACTION_LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
# A 1–5 score maps to a level: 5 -> 非常满意 … 1 -> 非常不满意.
SATISFACTION_SCORE_LEVEL = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
LIKELIHOOD = ("确定能", "有可能", "完全不可能")
BASIS = ("上级政策", "工作计划", "年度计划", "工作经验", "工作要求", "政策要求", "文件要求", "历史数据", "补全")
QUARTERS = ("一季度", "二季度", "三季度", "四季度")


@dataclass(frozen=True)
class Column:
    name: str
    type: str = TEXT
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    width: int = 14

    @property
    def header(self) -> str:
        """The header as written in the workbook: `*` marks a required column."""
        return self.name + ("*" if self.required else "")


@dataclass(frozen=True)
class Sheet:
    name: str
    workbook: str
    columns: tuple[Column, ...]
    required: bool = True
    help: str = ""
    keyvalue: bool = False  # 单位: rows of 项目 / 内容 instead of a table

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name, type=TEXT, required=False, help="", choices=(), aliases=None, width=14):
    return Column(name, type, required, help, tuple(choices), dict(aliases or {}), width)


UNIT_KEYS = (
    _c("单位名称", TEXT, True, "预算单位全称"),
    _c("年度", INT, True, "预算年度，如 2022"),
    _c("主管部门", TEXT, False, "主管部门名称"),
    _c("总体绩效目标", TEXT, False, "部门整体的年度总体绩效目标，可写多段"),
)

UNIT = Sheet("单位", TARGETS, (_c("项目", TEXT, True, "填写下列项目名称之一：" + "、".join(c.name for c in UNIT_KEYS), width=16),
                              _c("内容", TEXT, True, "对应内容", width=80)),
             help="单位基本信息（两列：项目 / 内容）", keyvalue=True)

PROJECTS = Sheet("项目", TARGETS, (
    _c("项目编码", CODE, True, "项目编码，同一年度内唯一", width=12),
    _c("项目名称", TEXT, True, "项目名称", width=30),
    _c("年初预算数", WAN, True, "年初预算数（万元）"),
    _c("本级资金", WAN, False, "其中本级资金（万元）"),
    _c("上级转移支付", WAN, False, "其中上级转移支付（万元）"),
    _c("其他资金", WAN, False, "其中其他资金（万元）"),
    _c("主要用途", TEXT, False, "项目资金主要用途", width=50),
    _c("一季度", PERCENT, False, "一季度末累计支出计划（占预算的百分比，如 25%）", width=9),
    _c("二季度", PERCENT, False, "二季度末累计支出计划（%）", width=9),
    _c("三季度", PERCENT, False, "三季度末累计支出计划（%）", width=9),
    _c("四季度", PERCENT, False, "四季度末累计支出计划（%），应为 100%", width=9),
    _c("绩效目标", TEXT, False, "项目年度绩效目标，每行一条（目标1…、目标2…）", width=50),
    _c("实施单位", TEXT, False, "实施单位（可空）", width=16),
), help="每行一个项目")

FUND_SOURCES = ("本级资金", "上级转移支付", "其他资金")  # the 其中 columns of 项目: parts of 年初预算数

INDICATORS = Sheet("绩效指标", TARGETS, (
    _c("项目编码", CODE, True, "须为「项目」表中的项目编码", width=12),
    _c("一级指标", CHOICE, True, "产出指标 / 效益指标 / 满意度指标（效果指标视同效益指标）",
       choices=LEVEL1, aliases=LEVEL1_ALIASES, width=12),
    _c("二级指标", CHOICE, True, "数量、质量、时效、成本、经济效益、社会效益、生态效益、可持续影响、服务对象满意度指标",
       choices=LEVEL2, aliases=LEVEL2_ALIASES, width=16),
    _c("三级指标", TEXT, True, "三级指标名称，同一项目内唯一", width=22),
    _c("指标描述", TEXT, False, "指标如何计量", width=36),
    _c("指标值", ANY, True, "年度指标值，照目标表原文填写：100%、85%以上、≤95.3万元、12月底前、是 …", width=14),
    _c("指标值确定依据", TEXT, False, "上级政策、工作计划、工作经验 …", width=16),
    _c("分值", NUMBER, False, "可空；若填写，须为该项目全部指标填写，合计 = 100 − 预算执行率分值", width=8),
    _c("指标性质", CHOICE, False, "可空：≥、≤、=、定性（覆盖自动识别的方向）", choices=NATURE,
       aliases=NATURE_ALIASES, width=9),
), help="每行一个三级指标")

CALC_LINES = Sheet("测算明细", TARGETS, (
    _c("项目编码", CODE, True, "须为「项目」表中的项目编码", width=12),
    _c("明细名称", TEXT, True, "测算明细名称，如 网格员补贴", width=24),
    _c("单价", NUMBER, False, "单价（元）", width=10),
    _c("单价单位", TEXT, False, "如 元/人/月", width=10),
    _c("数量", NUMBER, False, "数量", width=8),
    _c("数量单位", TEXT, False, "如 人", width=8),
    _c("月数", NUMBER, False, "月数（按年计算的可空）", width=8),
    _c("测算金额", WAN, True, "测算金额（万元，照预算原文）", width=10),
    _c("说明", TEXT, False, "说明", width=40),
    _c("台账类别", TEXT, False, "可空：该明细所发放的「发放台账」类别，多个用 、 分隔；空时按明细名称包含的类别对应",
       width=14),
    _c("实物量", TEXT, False, "可空：计量该明细的「实物量」名称（如 征收亩数），用于算单位成本", width=12),
), required=False, help="预算测算明细，每行一条；单价×数量×月数÷10000 与测算金额核对")

DEPT_INDICATORS = Sheet("部门指标", TARGETS, (
    _c("工作领域", TEXT, True, "部门整体的工作领域（分项绩效目标）", width=20),
    _c("绩效目标", TEXT, False, "该领域的绩效目标", width=40),
    _c("指标名称", TEXT, True, "指标名称", width=30),
    _c("指标值", ANY, True, "指标值（同绩效指标的写法）", width=14),
), required=False, help="部门整体绩效目标的分领域指标")

ADJUSTMENTS = Sheet("预算调整", ACTUALS, (
    _c("项目编码", CODE, True, "项目编码", width=12),
    _c("调整金额", WAN, True, "调整金额（万元，追加为正，调减为负）", width=10),
    _c("调整日期", DATE, False, "调整日期", width=12),
    _c("说明", TEXT, False, "调整原因", width=40),
), required=False, help="年度内预算调整；全年预算数 = 年初预算数 + Σ调整金额")

PAYMENTS = Sheet("支出明细", ACTUALS, (
    _c("项目编码", CODE, True, "项目编码", width=12),
    _c("支付日期", DATE, True, "支付日期（须在本年度内）", width=12),
    _c("金额", YUAN, True, "金额（元；退款为负数）", width=14),
    _c("摘要", TEXT, False, "摘要", width=30),
    _c("测算明细", TEXT, False, "可空：所支付的测算明细名称", width=20),
), help="支付台账，每行一笔支出")

RESULTS = Sheet("指标完成", ACTUALS, (
    _c("项目编码", CODE, True, "项目编码", width=12),
    _c("三级指标", TEXT, True, "须与「绩效指标」表中该项目的三级指标一致", width=22),
    _c("实际完成值", ANY, False, "实际完成值：98%、3个、0次、是、2022-12-20、达成年度指标 …", width=16),
    _c("计算口径", TEXT, False, "可空：预算执行率、满意度、人数:类别、人次:类别、人均:类别、发放率:类别、实物量:名称、单位成本:明细/实物量、支出:明细", width=22),
    _c("自评得分", NUMBER, False, "可空：人工评分，须在允许区间内并填写偏差原因", width=8),
    _c("偏差原因", TEXT, False, "未完成或超额 30% 以上时填写", width=30),
    _c("改进措施", TEXT, False, "改进措施", width=30),
    _c("佐证材料", TEXT, False, "佐证材料", width=20),
), help="每行一个指标的完成情况")

SURVEY = Sheet("满意度调查", ACTUALS, (
    _c("项目编码", CODE, True, "项目编码", width=12),
    _c("问卷编号", TEXT, False, "问卷编号", width=10),
    _c("调查对象", TEXT, False, "调查对象（分组）", width=14),
    _c("评价", CHOICE, True, "非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意，或 1–5 分（5 = 非常满意）",
       choices=SATISFACTION_LEVELS, width=12),
), required=False, help="满意度调查，每行一份答卷")

GRANTS = Sheet("发放台账", ACTUALS, (
    _c("项目编码", CODE, True, "项目编码", width=12),
    _c("类别", TEXT, True, "人员类别，如 网格长、网格员", width=12),
    _c("人员编号", CODE, True, "人员编号", width=12),
    _c("月份", MONTH, True, "月份（1–12）", width=8),
    _c("金额", YUAN, True, "金额（元）", width=12),
), required=False, help="对个人的发放台账，每行一人一月")

QUANTITIES = Sheet("实物量", ACTUALS, (
    _c("项目编码", CODE, True, "项目编码", width=12),
    _c("名称", TEXT, True, "实物量名称，如 征收亩数", width=16),
    _c("数量", NUMBER, True, "数量", width=10),
    _c("单位", TEXT, False, "单位，如 亩", width=8),
), required=False, help="实物工作量")

MONITORING = Sheet("绩效监控", ACTUALS, (
    _c("项目编码", CODE, True, "项目编码", width=12),
    _c("三级指标", TEXT, True, "三级指标", width=22),
    _c("截至月份", MONTH, True, "监控截至月份（1–12）", width=8),
    _c("当前完成值", ANY, False, "截至该月的完成值", width=14),
    _c("全年预计完成值", ANY, False, "全年预计完成值", width=14),
    _c("完成可能性", CHOICE, False, "确定能 / 有可能 / 完全不可能", choices=LIKELIHOOD, width=10),
    _c("偏差原因", TEXT, False, "偏差原因", width=30),
    _c("纠偏措施", TEXT, False, "纠偏措施", width=30),
), required=False, help="年中绩效运行监控")

DEPT_RESULTS = Sheet("部门指标完成", ACTUALS, (
    _c("工作领域", TEXT, True, "工作领域", width=20),
    _c("指标名称", TEXT, True, "指标名称（须与「部门指标」表一致）", width=30),
    _c("实际完成值", ANY, False, "实际完成值", width=16),
    _c("自评得分", NUMBER, False, "可空：人工评分", width=8),
    _c("偏差原因", TEXT, False, "偏差原因", width=30),
), required=False, help="部门指标完成情况")

DEPARTMENT_KEY = "部门"  # 项目编码 of a 自评说明 row about the department (blank means the same)
SELF_EVAL_TEXTS = ("自评工作开展情况", "主要经验及做法", "结果应用", "其他需要说明的问题")
SELF_EVAL_NOTES = Sheet("自评说明", ACTUALS, (
    _c("项目编码", CODE, False, "项目编码；填「部门」或留空表示部门整体", width=12),
    _c("自评工作开展情况", TEXT, False, "自评如何组织：时间、人员、方法、数据来源", width=40),
    _c("主要经验及做法", TEXT, False, "主要经验及做法", width=40),
    _c("结果应用", TEXT, False, "自评结果将如何应用（预算安排、整改、公开等）", width=40),
    _c("其他需要说明的问题", TEXT, False, "其他需要说明的问题", width=40),
), required=False, help="报告中无法由数据生成的文字，每个项目（或部门整体）一行；留空处报送稿按数据生成说明")

BASIC_CATEGORIES = ("人员经费", "公用经费")  # 基本支出: these add up with the projects to the department's spending
THREE_PUBLIC = "三公经费"  # part of 公用经费: printed as 其中, never added again
BASIC_SPENDING = Sheet("基本支出", ACTUALS, (
    _c("类别", CHOICE, True, "人员经费 / 公用经费 / 三公经费（三公经费为公用经费的其中数）",
       choices=BASIC_CATEGORIES + (THREE_PUBLIC,), width=12),
    _c("全年预算数", WAN, True, "全年预算数（万元）", width=12),
    _c("全年执行数", WAN, True, "全年执行数（万元）", width=12),
    _c("说明", TEXT, False, "说明", width=30),
), required=False, help="部门基本支出（人员经费、公用经费）和三公经费的预算与执行；填写后部门报告的预算执行情况包含基本支出")

SHEETS: tuple[Sheet, ...] = (UNIT, PROJECTS, INDICATORS, CALC_LINES, DEPT_INDICATORS,
                             ADJUSTMENTS, PAYMENTS, RESULTS, SURVEY, GRANTS, QUANTITIES,
                             MONITORING, DEPT_RESULTS, SELF_EVAL_NOTES, BASIC_SPENDING)
INSTRUCTIONS_SHEET = "填写说明"


def sheets_of(workbook: str) -> tuple[Sheet, ...]:
    return tuple(s for s in SHEETS if s.workbook == workbook)


def sheet(name: str) -> Sheet:
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)
