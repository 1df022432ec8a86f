"""The sample years' 自评说明 and 基本支出 sheets (issue 14): text for some reports, none for others.

Some projects and the department get the analyst's text, the rest is left blank so that the
reports show both paths (the 报送稿's sentence from the data, the 底稿's 待补充). 基本支出 is
given for 2023 only, so 2022's department report says its rate covers project spending only.
"""

from __future__ import annotations

from jxreport.core import schema as S
from jxreport.samples.records import rec

NOTES = S.SELF_EVAL_NOTES
BASIC = S.BASIC_SPENDING


def notes(year: int) -> dict[str, list[dict]]:
    """{sheet name: records} to merge into the year's tables."""
    rows = [
        rec(NOTES, S.DEPARTMENT_KEY,
            f"{year + 1}年1月，街道办事处成立由分管财政的副主任牵头、财政所和各项目实施科室参加的自评工作组，"
            "对照年初绩效目标逐项核对支付台账、发放台账和指标完成佐证材料，形成部门整体和各项目自评结果。",
            "坚持按月调度支出进度，对执行偏慢的项目在季度末约谈实施科室；补贴资金通过一卡通直接发放到人。",
            "自评结果报区财政局备案，并在街道政务公开栏公开；得分低于 90 分的项目在下一年度预算编审时重点审核。",
            ""),
        rec(NOTES, "JX-01", "由民政科对照村干部花名册和工资发放表逐人核对，财政所复核支付凭证。",
            "工资、保险按月足额发放，未出现拖欠。", "", ""),
        rec(NOTES, "JX-03", "", "", "网格员补贴标准和人数将在下一年度预算中按实际在岗人数核定。",
            "网格员年内有人员流动，发放人次按实际在岗月份统计。"),
    ]
    out = {NOTES.name: rows}
    if year == 2023:
        out[BASIC.name] = [rec(BASIC, "人员经费", 620.00, 612.35, "在职人员工资福利和社会保障缴费"),
                           rec(BASIC, "公用经费", 85.00, 79.60, "办公、水电、差旅等日常运转"),
                           rec(BASIC, S.THREE_PUBLIC, 6.00, 4.18, "公务接待和公务用车运行维护，含在公用经费中")]
    return out
