"""Build the audit test workbooks (and PDFs of some) from real published 自评表, laid out by hand.

Run `python tests/audit_fixtures/build.py OUTDIR` or call build(outdir). Each table keeps the
wording and layout of its source (cited per table); where the published excerpt breaks off,
the remaining rows were completed by hand and say so. Expected findings are worked in
tests/test_audit_real.py.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import openpyxl
from openpyxl.utils import range_boundaries

FUNDS_HEAD = ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""]
IND_HEAD = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]

# 1. 池州市贵池区棠溪镇 委托业务项目 (安徽, 2022): a 年度资金总额 row of zeros beside a filled
# 其中 row; "≥100百分比"; block headings 产出指标(50分). Source:
# http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2
# (the excerpt breaks off in the 满意度 row: its values and the 总分 row were completed by hand).
TANGXI_WT = dict(sheets=[("Sheet1", [
    ["附件：", "", "", "", "", "", "", "", ""],
    ["项目支出绩效自评表", "", "", "", "", "", "", "", ""],
    ["（2022年度）", "", "", "", "", "", "", "", ""],
    ["项目名称", "", "委托业务项目", "", "", "", "", "", ""],
    ["主管部门", "", "219-池州市贵池区棠溪镇人民政府", "", "", "实施单位", "219001-池州市贵池区棠溪镇人民政府", "", ""],
    ["项目资金\n（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额：", 0, 0, 0, 10, 0, 0, ""],
    ["", "其中：本年财政拨款", 90, 89.974, 89.974, "—", "—", "—", ""],
    ["", "上年结转资金", None, None, None, "—", "—", "—", ""],
    ["", "其他资金", None, None, None, "—", "—", "—", ""],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
    ["", "本项目共申请预算资金90万元。", "", "", "", "本项目共完成预算资金89.97万元。", "", "", ""],
    IND_HEAD,
    ["", "产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", 8, 8, ""],
    ["", "", "质量指标", "委托业务报告合格率", "≥100百分比", "100", 8, 8, ""],
    ["", "", "", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8, ""],
    ["", "", "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", 8, 8, ""],
    ["", "", "成本指标", "项目总成本", "≤90万元", "90", 8, 8, ""],
    ["", "", "", "单项业务成本", "符合相关规定", "达成预期指标", 10, 10, ""],
    ["", "效益指标(30分)", "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", "达成预期指标", 10, 10, ""],
    ["", "", "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标", 10, 10, ""],
    ["", "", "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显", "达成预期指标", 10, 10, ""],
    ["", "满意度指标(10分)", "满意度指标", "公众满意度", "≥90%", "95%", 10, 10, ""],
    ["总分", "", "", "", "", "", 100, 100, ""],
], ["A2:I2", "A3:I3", "A4:B4", "C4:I4", "A5:B5", "C5:E5", "G5:I5", "A6:A10", "H6:I6", "H7:I7",
    "A11:A12", "B11:E11", "F11:I11", "A13:A23", "B14:B19", "C15:C16", "C18:C19", "B20:B22", "A24:F24"])])

# 2. 棠溪镇 (元): the example of docs/audit.md — 250,000 元 budget, 215,457.6 元 spent, "86.18%"
# printed as text and an execution score of 9 where the amounts give 8.62. Source: the same
# town's published forms (http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2
# family) as quoted in docs/audit.md; indicator rows laid out by hand with the
# wordings of other published tables (≧735人次, ═100%, >=90%, 满意度 worth 20).
TANGXI_YUAN = dict(sheets=[("Sheet1", [
    ["项目支出绩效自评表（2023年度）", "", "", "", "", "", "", "", ""],
    ["项目名称", "", "村级公益事业建设", "", "", "", "", "", ""],
    ["主管部门", "", "棠溪镇人民政府", "", "", "实施单位", "棠溪镇人民政府", "", ""],
    ["项目资金（元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", 250000, 250000, 215457.6, 10, "86.18%", 9, ""],
    ["", "其中：当年财政拨款", 250000, 250000, 215457.6, "—", "—", "—", ""],
    ["", "上年结转资金", None, None, None, "—", "—", "—", ""],
    ["", "其他资金", None, None, None, "—", "—", "—", ""],
    IND_HEAD,
    ["", "产出指标", "数量指标", "指标1：培训人次", "≧735人次", "735人次", 25, 25, ""],
    ["", "", "质量指标", "指标2：验收合格率", "═100%", "100%", 25, 25, ""],
    ["", "效益指标", "社会效益指标", "指标3：群众受益率", ">=90%", "92%", 20, 20, ""],
    ["", "满意度指标", "服务对象满意度指标", "指标4：村民满意度", "≥95%", "93%", "20分", "20分", ""],
    ["总分", "", "", "", "", "", 100, 99, ""],
], ["A1:I1", "A2:B2", "C2:I2", "A4:A8", "H4:I4", "A9:A13"])])

# 3. 黄冈市水土保持与农田水利科研所 水土保持监测 (湖北, 2020): 预算执行 worth 20 with the
# weight only in the labels, "年度绩效目标1(40分)" blocks, no 分值 column, 总分 99.6.
# Source: search excerpt "2020年度水土保持监测项目绩效自评表" (document hosting page); the same
# 黄冈 layout is at http://bubsandbeans.com/paper/218226069.html
HUANGGANG_SOIL = dict(sheets=[("自评表", [
    ["2020年度水土保持监测项目绩效自评表", "", "", "", "", "", ""],
    ["单位名称：黄冈市水土保持与农田水利科研所", "", "", "", "填报日期：2021年3月10日", "", ""],
    ["项目名称", "水土保持监测", "", "主管部门", "黄冈市水利和湖泊局", "", ""],
    ["预算执行情况（万元）（20分）", "", "预算数（A）", "执行数（B）", "执行率（B/A）", "得分（20分*执行率）", ""],
    ["年度财政资金总额", "", 10, 10, "100%", 20, ""],
    ["年度绩效目标1（40分）", "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"],
    ["", "产出指标", "质量指标", "监测数据必须合格", "100%", "100%", 10],
    ["", "", "进度指标", "取得2018-2022监测资料", "100%", "100%", 10],
    ["", "效益指标", "满意度指标", "服务对象满意度指标", "98%", "98%", 19.6],
    ["年度绩效目标2（40分）", "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"],
    ["", "产出指标", "质量指标", "监测数据资料整编", "100%", "100%", 20],
    ["", "", "进度指标", "完成年度资料上报", "100%", "100%", 20],
    ["总分", "", "", "", "", "", 99.6],
], ["A1:G1", "A4:B4", "A5:B5", "A6:A9", "A10:A12", "A13:F13"])])

# 4. 德阳 (四川) 缴纳经费 project: "=100%", "≤10次", 4 × 22.5 points, 合计 row. Source:
# https://dyrmt.com/article-132779-22.html (excerpt from the indicator rows on; the funds
# block and the 完成值 column were completed by hand in the 四川 layout of table 5).
DEYANG = dict(sheets=[("Sheet1", [
    ["部门预算项目支出绩效自评表（2023年度）", "", "", "", "", "", "", ""],
    ["项目名称", "社会保险缴纳", "", "", "", "", "", ""],
    ["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"],
    ["", "总额", 50, 50, 48, "96.00%", 10, 9.6],
    ["", "其中：财政资金", 50, 50, 48, "96.00%", "/", "/"],
    ["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重", "得分"],
    ["", "产出指标", "数量指标", "足额保障率", "=100%", "100%", 22.5, 22.5],
    ["", "", "", "科目调整次数", "≤10次", "3次", 22.5, 22.5],
    ["", "", "时效指标", "按时发放率", "=100%", "100%", 22.5, 22.5],
    ["", "效益指标", "经济效益指标", "结余率（计算方法为：结余数/预算数）", "≤5%", "8%", 22.5, 22.5],
    ["合计", "", "", "", "", "", 100, 99.6],
    ["评价结论", "及时、足额缴纳。", "", "", "", "", "", ""],
    ["存在问题", "暂无", "", "", "", "", "", ""],
], ["A3:A5", "A6:A10", "B7:B9", "C7:C8", "A11:F11"])])

# 5 + 6. 大英县司法局 (四川遂宁, 2023): two tables stacked on one sheet; target split over
# 指标性质 / 指标值 / 度量单位; "/" placeholder rows; 权重; 合计. Source:
# https://dyxrmt.cn/article-157795-21.html (first table: 成本控制数 ≤ 30 万元, 完成值 "完成";
# second: 安可替代补助资金, 总额 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10). The first table's
# funds block and the second's rows after the first were completed by hand.
_SC_HEAD = ["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
_SC_FUNDS = ["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因", "", ""]
DAYING = dict(sheets=[("Sheet1", [
    ["部门预算项目支出绩效自评表（2023年度）", "", "", "", "", "", "", "", "", "", ""],
    ["项目名称", "2023年社区矫正工作经费", "", "", "", "", "", "", "", "", ""],
    ["主管部门", "大英县司法局部门", "", "", "", "实施单位", "大英县司法局", "", "", "", ""],
    _SC_FUNDS,
    ["", "总额", 30, 30, 30, "100.00%", 10, 10, "", "", ""],
    ["", "其中：财政资金", 30, 30, 30, "100.00%", "/", "/", "", "", ""],
    ["", "其他资金", None, None, None, None, "/", "/", "", "", ""],
    _SC_HEAD,
    ["", "产出指标", "经济成本指标", "成本控制数", "≤", 30, "万元", "完成", 90, 90, ""],
    ["合计", "", "", "", "", "", "", "", 100, 100, ""],
    ["评价结论", "根据财政局资金下达的管理办法，将资金支付给项目施工方。", "", "", "", "", "", "", "", "", ""],
    ["项目负责人：查小兵", "", "", "", "财务负责人：唐勇", "", "", "", "", "", ""],
    ["部门预算项目支出绩效自评表（2023年度）", "", "", "", "", "", "", "", "", "", ""],
    ["项目名称", "51092324T000010263357-2023年全县安可替代补助资金项目", "", "", "", "", "", "", "", "", ""],
    ["主管部门", "大英县司法局部门", "", "", "", "实施单位", "大英县司法局", "", "", "", ""],
    _SC_FUNDS,
    ["", "总额", 0.00, 3.36, 3.36, "100.00%", 10, 10, "", "", ""],
    ["", "其中：财政资金", 0.00, 3.36, 3.36, "100.00%", "/", "/", "", "", ""],
    ["", "财政专户管理资金", 0.00, 0.00, 0.00, "0.00%", "/", "/", "", "", ""],
    ["", "单位资金", 0.00, 0.00, 0.00, "0.00%", "/", "/", "", "", ""],
    ["", "其他资金", "/", "/", "/", "/", "/", "/", "", "", ""],
    _SC_HEAD,
    ["", "产出指标", "质量指标", "完成安可产品购买并按要求支付资金", "=", 100, "%", "100", 30, 30, ""],
    ["", "", "数量指标", "购买安可电脑", "≥", 13, "台", 13, 30, 30, ""],
    ["", "效益指标", "社会效益指标", "保障办公正常运转", "定性", "正常运转", "", "正常运转", 20, 20, ""],
    ["", "满意度指标", "服务对象满意度指标", "使用人员满意度", "≥", 90, "%", 95, 10, 10, ""],
    ["", "/", "/", "/", "/", "/", "/", "/", None, None, ""],
    ["合计", "", "", "", "", "", "", "", 100, 100, ""],
], ["A4:A7", "A8:A9", "A16:A21", "A22:A27"])])

# 7. 黄冈市档案馆 档案专项经费 (湖北, 2020): "10万" typed as text, 执行 worth 20, a 分值
# column. Source: http://bubsandbeans.com/paper/218226069.html (funds row as published:
# 10万 | 10万 | 100% | 20; indicator rows after the header were completed by hand).
HUANGGANG_ARCHIVE = dict(sheets=[("Sheet1", [
    ["附件2：黄冈市档案馆2020年度项目绩效自评表", "", "", "", "", "", "", ""],
    ["项目名称", "档案抢救与保护、档案工作考评、查询利用等专项经费", "", "", "实施单位", "黄冈市档案馆", "", ""],
    ["预算执行情况（万元）（20分）", "", "预算数（A）", "执行数（B）", "执行率（B/A）", "分值", "得分（20分*执行率）", ""],
    ["年度财政资金总额", "", "10万", "10万", "100%", 20, 20, ""],
    ["年度绩效指标", "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "分值", "得分"],
    ["", "产出指标", "数量指标", "重点档案抢救", "≥1000卷", "1200卷", 20, 20],
    ["", "", "质量指标", "档案数字化合格率", "100%", "100%", 20, 20],
    ["", "", "时效指标", "档案资料征集完成时间", "12月底前", "2020年12月20日", 20, 20],
    ["", "效益指标", "社会效益指标", "查询利用服务", "≥500人次", "450人次", 20, 18],
    ["总分", "", "", "", "", "", 100, 98],
], ["A3:B3", "A4:B4", "A5:A9", "B6:B8", "A10:F10"])])

# 8. The 自评表 template of biz.doczj.com (项目支出绩效自评表 with "未完成原因分析" and the
# ratio formula for ≥ and ≤ targets). Source: http://biz.doczj.com/doc/174893555.html
# (the template's rows filled by hand: 执行率 typed as "1", 满意度 worth 20, 指标1: prefixes,
# a missed reverse target scored by hand away from the formula).
DOCZJ = dict(sheets=[("自评表", [
    ["", "", "", "", "", "", "", "", "", ""],
    ["", "项目支出绩效自评表（2021年度）", "", "", "", "", "", "", "", ""],
    ["", "单位：万元", "", "", "", "", "", "", "", ""],
    ["", "项目名称", "", "农村环境整治", "", "", "", "", "", ""],
    ["", "项目资金", "", "年初预算数", "全年预算数", "实际执行数", "分值", "执行率", "得分", ""],
    ["", "", "年度资金总额", 120, 120, 119.5, 10, "1", 9.96, ""],
    ["", "", "其中：财政拨款", 100, 100, 99.5, "", "", "", ""],
    ["", "", "上级转移支付", 20, 20, 20, "", "", "", ""],
    ["", "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "全年实际值", "分值", "得分", "未完成原因分析"],
    ["", "", "产出指标", "数量指标", "指标1:整治村庄数", "≥12个", "12个", 20, 20, ""],
    ["", "", "", "成本指标", "指标2:单村整治成本", "≤10万元", "12.5万元", 20, 12, "材料涨价"],
    ["", "", "", "时效指标", "指标3:完工时间", "11月底前", "是", 10, 10, ""],
    ["", "", "效益指标", "生态效益指标", "指标4:垃圾收运覆盖率", "≥95%", "97%", 20, 20, ""],
    ["", "", "满意度指标", "服务对象满意度指标", "指标5:群众满意度", "≥90%", "92%", 20, 20, ""],
    ["", "合计", "", "", "", "", "", 100, 91.96, ""],
], ["B2:J2", "B5:C5", "B6:B8", "B9:B14", "C10:C12", "B15:G15"])])

FIXTURES = {
    "tangxi_weituo": TANGXI_WT, "tangxi_yuan": TANGXI_YUAN, "huanggang_soil": HUANGGANG_SOIL,
    "deyang": DEYANG, "daying": DAYING, "huanggang_archive": HUANGGANG_ARCHIVE, "doczj": DOCZJ,
}
PDF_FIXTURES = ("tangxi_weituo", "tangxi_yuan", "deyang", "daying")


def write_xlsx(spec: dict, path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merges in spec["sheets"]:
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row, 1):
                if v not in ("", None):
                    cell = ws.cell(r, c, v)
                    if isinstance(v, str) and v[:1] in "=+-@":
                        cell.data_type = "s"  # "=100%" is text in a published table, not a formula
        for m in merges:
            c0, r0, c1, r1 = range_boundaries(m)
            keep = ws.cell(r0, c0).value
            ws.merge_cells(m)
            ws.cell(r0, c0).value = keep
    wb.save(path)
    return path


def write_pdf(spec: dict, path: Path) -> Path:
    """The table "printed to PDF": an HTML table with the merges as rowspan/colspan, via WeasyPrint."""
    from weasyprint import HTML

    from jxreport.core.fonts import FAMILY, font_face_css

    parts = ["<html><head><meta charset='utf-8'><style>" + font_face_css() + "@page{size:A4 landscape;margin:1cm}"
             f"body{{font-family:'{FAMILY}'}}table{{border-collapse:collapse;font-size:9pt}}td{{border:1px solid #000;padding:2px}}</style></head><body>"]
    for _, rows, merges in spec["sheets"]:
        spans, hidden = {}, set()
        for m in merges:
            c0, r0, c1, r1 = range_boundaries(m)
            spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            hidden |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        parts.append("<table>")
        for r, row in enumerate(rows, 1):
            parts.append("<tr>")
            for c, v in enumerate(row, 1):
                if (r, c) in hidden:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                text = "" if v is None else html.escape(str(v))
                parts.append(f"<td rowspan='{rs}' colspan='{cs}'>{text}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    HTML(string="".join(parts)).write_pdf(str(path))
    return path


def build(outdir, pdf: bool = True) -> dict[str, Path]:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {k: write_xlsx(v, out / f"{k}.xlsx") for k, v in FIXTURES.items()}
    if pdf:
        for k in PDF_FIXTURES:
            paths[k + "_pdf"] = write_pdf(FIXTURES[k], out / f"{k}.pdf")
    return paths


if __name__ == "__main__":
    print("\n".join(str(p) for p in build(sys.argv[1] if len(sys.argv) > 1 else "audit_fixtures_out").values()))
