"""A consistent, complete year for the check tests: every check stays silent on it.

`tables()` returns the year as {sheet name: [records]}; a test changes the one thing it is
about and calls `load(tmp_path, t)` (written with the real workbook writer, read back with
load_year). Hand-worked figures:

P1 网格化管理: 网格长补贴 550 元/人/月 × 4 人 × 12 月 = 2.64 万元; 网格员补贴 400 × 8 × 12
   = 3.84 万元; 平台运维费 2.00 万元; Σ = 8.48 万元 = 年初预算数. 发放台账 4 网格长 and
   8 网格员 paid every month (26,400 + 38,400 元), the ledger pays the same per line.
P2 征地拆迁: 清场费 3500 元/亩 × 100 亩 = 35 万元; 补偿款 15 万元; Σ = 50 万元.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import year_builder

from jxreport import load_year
from jxreport.core import schema as S
from jxreport.io.workbooks import unit_rows

D = dt.date


def _ind(code, l1, l2, name, value, desc=None, **more):
    return {"项目编码": code, "一级指标": l1, "二级指标": l2, "三级指标": name, "指标值": value,
            "指标描述": desc or name, "指标值确定依据": "工作计划", **more}


def _grants():
    rows = []
    for month in range(1, 13):
        rows += [{"项目编码": "P1", "类别": "网格长", "人员编号": f"Z{i:02d}", "月份": month, "金额": 550}
                 for i in range(1, 5)]
        rows += [{"项目编码": "P1", "类别": "网格员", "人员编号": f"Y{i:02d}", "月份": month, "金额": 400}
                 for i in range(1, 9)]
    return rows


def _payments():
    rows = []
    for month in range(1, 13):
        day = D(2022, month, 25)
        rows.append({"项目编码": "P1", "支付日期": day, "金额": 2200, "摘要": f"{month}月网格长补贴", "测算明细": "网格长补贴"})
        rows.append({"项目编码": "P1", "支付日期": day, "金额": 3200, "摘要": f"{month}月网格员补贴", "测算明细": "网格员补贴"})
    rows.append({"项目编码": "P1", "支付日期": D(2022, 6, 30), "金额": 20000, "摘要": "平台运维", "测算明细": "平台运维费"})
    rows += [
        {"项目编码": "P2", "支付日期": D(2022, 4, 10), "金额": 150000, "摘要": "清场费一期", "测算明细": "清场费"},
        {"项目编码": "P2", "支付日期": D(2022, 8, 10), "金额": 200000, "摘要": "清场费二期", "测算明细": "清场费"},
        {"项目编码": "P2", "支付日期": D(2022, 9, 20), "金额": 150000, "摘要": "补偿款", "测算明细": "征地补偿款"},
    ]
    return rows


BASE = {
    S.UNIT.name: unit_rows("测试街道办事处", 2022, "测试管委会", "做好各项工作。"),
    S.PROJECTS.name: [
        {"项目编码": "P1", "项目名称": "网格化管理", "年初预算数": 8.48, "本级资金": 5, "上级转移支付": 3.48,
         "一季度": "25%", "二季度": "50%", "三季度": "75%", "四季度": "100%", "绩效目标": "目标1 补贴按时足额发放"},
        {"项目编码": "P2", "项目名称": "征地拆迁", "年初预算数": 50, "本级资金": 50,
         "一季度": "0%", "二季度": "30%", "三季度": "100%", "四季度": "100%", "绩效目标": "目标1 完成边角地征收"},
    ],
    S.INDICATORS.name: [
        _ind("P1", "产出指标", "数量指标", "发放人数", "12人", "网格长、网格员补贴发放人数"),
        _ind("P1", "产出指标", "质量指标", "补贴发放率", "100%"),
        _ind("P1", "产出指标", "时效指标", "补贴发放时限", "12月底前"),
        _ind("P1", "产出指标", "成本指标", "网格员补贴标准", "≤400元/人/月"),
        _ind("P1", "效益指标", "社会效益指标", "网格事件处置率", "≥90%"),
        _ind("P1", "满意度指标", "服务对象满意度指标", "群众满意度", "≥85%"),
        _ind("P2", "产出指标", "数量指标", "征收亩数", "100亩"),
        _ind("P2", "产出指标", "质量指标", "征收完成率", "100%"),
        _ind("P2", "产出指标", "时效指标", "完成时限", "2022年11月30日前"),
        _ind("P2", "产出指标", "成本指标", "清场费成本", "≤3500元/亩", "平均每亩清场费"),
        _ind("P2", "效益指标", "可持续影响指标", "征收地块开工率", "≥90%"),
        _ind("P2", "满意度指标", "服务对象满意度指标", "被征地群众满意度", "≥85%"),
    ],
    S.CALC_LINES.name: [
        {"项目编码": "P1", "明细名称": "网格长补贴", "单价": 550, "单价单位": "元/人/月", "数量": 4, "数量单位": "人",
         "月数": 12, "测算金额": 2.64},
        {"项目编码": "P1", "明细名称": "网格员补贴", "单价": 400, "单价单位": "元/人/月", "数量": 8, "数量单位": "人",
         "月数": 12, "测算金额": 3.84},
        {"项目编码": "P1", "明细名称": "平台运维费", "测算金额": 2.0},
        {"项目编码": "P2", "明细名称": "清场费", "单价": 3500, "单价单位": "元/亩", "数量": 100, "数量单位": "亩",
         "测算金额": 35},
        {"项目编码": "P2", "明细名称": "征地补偿款", "测算金额": 15},
    ],
    S.DEPT_INDICATORS.name: [
        {"工作领域": "安全和环境卫生工作", "绩效目标": "做好安全生产", "指标名称": "安全生产考核结果", "指标值": "85分以上"},
        {"工作领域": "安全和环境卫生工作", "绩效目标": "做好安全生产", "指标名称": "安全隐患整改率", "指标值": "≥95%"},
    ],
    S.PAYMENTS.name: _payments(),
    S.RESULTS.name: [
        {"项目编码": "P1", "三级指标": "发放人数", "计算口径": "人数:网格长,网格员"},
        {"项目编码": "P1", "三级指标": "补贴发放率", "计算口径": "发放率:网格长,网格员"},
        {"项目编码": "P1", "三级指标": "补贴发放时限", "实际完成值": D(2022, 12, 25)},
        {"项目编码": "P1", "三级指标": "网格员补贴标准", "实际完成值": "400元/人/月"},
        {"项目编码": "P1", "三级指标": "网格事件处置率", "实际完成值": "96%"},
        {"项目编码": "P1", "三级指标": "群众满意度", "计算口径": "满意度"},
        {"项目编码": "P2", "三级指标": "征收亩数", "计算口径": "实物量:征收亩数"},
        {"项目编码": "P2", "三级指标": "征收完成率", "实际完成值": "100%"},
        {"项目编码": "P2", "三级指标": "完成时限", "实际完成值": D(2022, 11, 20)},
        {"项目编码": "P2", "三级指标": "清场费成本", "实际完成值": "3500元/亩"},
        {"项目编码": "P2", "三级指标": "征收地块开工率", "实际完成值": "92%"},
        {"项目编码": "P2", "三级指标": "被征地群众满意度", "计算口径": "满意度"},
    ],
    S.SURVEY.name: [{"项目编码": code, "问卷编号": f"{code}-{i:03d}", "评价": "满意" if i % 10 else "基本满意"}
                    for code in ("P1", "P2") for i in range(1, 41)],
    S.GRANTS.name: _grants(),
    S.QUANTITIES.name: [{"项目编码": "P2", "名称": "征收亩数", "数量": 100, "单位": "亩"}],
    S.DEPT_RESULTS.name: [
        {"工作领域": "安全和环境卫生工作", "指标名称": "安全生产考核结果", "实际完成值": "92分"},
        {"工作领域": "安全和环境卫生工作", "指标名称": "安全隐患整改率", "实际完成值": "98%"},
    ],
}


def tables() -> dict[str, list[dict]]:
    """A deep copy of the consistent year, keyed by sheet name."""
    return copy.deepcopy(BASE)


def write(folder: Path, t: dict[str, list[dict]] | None = None) -> Path:
    return year_builder.write(folder, tables() if t is None else t)


def load(folder: Path, t: dict[str, list[dict]] | None = None):
    """Write `t` into `folder` and read it back as a Year."""
    return load_year(write(folder, t))


def row_of(t: dict, sheet: str, **match) -> dict:
    """The one record of `sheet` whose fields equal `match` (to change it in place)."""
    found = [r for r in t[sheet] if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (sheet, match, len(found))
    return found[0]


def excel_row(t: dict, sheet: str, **match) -> int:
    """The Excel row `write` gives that record (header in row 1)."""
    rec = row_of(t, sheet, **match)
    return next(i for i, r in enumerate(t[sheet], 2) if r is rec)


def drop(t: dict, sheet: str, **match) -> None:
    t[sheet] = [r for r in t[sheet] if not all(r.get(k) == v for k, v in match.items())]
