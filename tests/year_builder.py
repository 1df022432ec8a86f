"""A small, consistent fiscal year as editable tables, written with the real workbook writer.

Tests start from `tables()`, change the one thing they are about, and `write()` it.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from jxreport.core import schema as S
from jxreport.io.workbooks import unit_rows
from jxreport.samples.records import write_tables

BASE = {
    S.UNIT.name: unit_rows("测试街道办事处", 2022, "测试管委会", "做好各项工作。"),
    S.PROJECTS.name: [
        {"项目编码": "P1", "项目名称": "测试项目", "年初预算数": 10, "本级资金": 10, "主要用途": "测试",
         "一季度": "25%", "二季度": "50%", "三季度": "75%", "四季度": "100%", "绩效目标": "目标1 完成工作"},
    ],
    S.INDICATORS.name: [
        {"项目编码": "P1", "一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "完成户数", "指标值": "10户"},
        {"项目编码": "P1", "一级指标": "产出指标", "二级指标": "质量指标", "三级指标": "合格率", "指标值": "95%以上"},
        {"项目编码": "P1", "一级指标": "产出指标", "二级指标": "时效指标", "三级指标": "完成时限", "指标值": "12月底前"},
        {"项目编码": "P1", "一级指标": "产出指标", "二级指标": "成本指标", "三级指标": "项目成本", "指标值": "≤10万元"},
        {"项目编码": "P1", "一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "受益人数", "指标值": "100人以上"},
        {"项目编码": "P1", "一级指标": "满意度指标", "二级指标": "服务对象满意度指标", "三级指标": "群众满意度", "指标值": "85%以上"},
    ],
    S.PAYMENTS.name: [
        {"项目编码": "P1", "支付日期": dt.date(2022, 3, 15), "金额": 25000, "摘要": "一季度"},
        {"项目编码": "P1", "支付日期": dt.date(2022, 6, 15), "金额": 25000, "摘要": "二季度"},
        {"项目编码": "P1", "支付日期": dt.date(2022, 9, 15), "金额": 25000, "摘要": "三季度"},
        {"项目编码": "P1", "支付日期": dt.date(2022, 12, 15), "金额": 25000, "摘要": "四季度"},
    ],
    S.RESULTS.name: [
        {"项目编码": "P1", "三级指标": "完成户数", "实际完成值": "10户"},
        {"项目编码": "P1", "三级指标": "合格率", "实际完成值": "98%"},
        {"项目编码": "P1", "三级指标": "完成时限", "实际完成值": dt.date(2022, 12, 20)},
        {"项目编码": "P1", "三级指标": "项目成本", "实际完成值": "10万元"},
        {"项目编码": "P1", "三级指标": "受益人数", "实际完成值": "120人"},
        {"项目编码": "P1", "三级指标": "群众满意度", "计算口径": "满意度"},
    ],
    S.SURVEY.name: [{"项目编码": "P1", "问卷编号": f"Q{i:03d}", "评价": "满意" if i % 10 else "不满意"}
                    for i in range(1, 41)],
}


def tables() -> dict[str, list[dict]]:
    """A deep copy of the consistent year, keyed by sheet name."""
    return copy.deepcopy(BASE)


def write(folder: Path, t: dict[str, list[dict]] | None = None) -> Path:
    """Write both workbooks of `t` (default: the consistent year) into `folder`."""
    write_tables(folder, tables() if t is None else t)
    return Path(folder)
