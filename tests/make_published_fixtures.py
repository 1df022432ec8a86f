"""Two 目标表 laid out by hand after published forms that differ from the seed's.

    python tests/make_published_fixtures.py OUT_DIR

- 坝塘镇.docx — after 宁乡市坝塘镇人民政府《项目绩效目标表（2021年度）》
  (https://renrendoc.com/paper/307484460.html): 填报单位 line above the table, 项目单位,
  年度资金总额及构成 block (总额 / 财政拨款 / 其他资金), 项目绩效目标 split into 长期目标 |
  年度目标 with the texts *below* their labels, and two indicator blocks (长期绩效指标,
  then 年度绩效指标) whose columns are 一级指标 | 二级指标 | 指标内容 | 指标值 | 备注, with
  一级指标 merged down.
- 佳县.xlsx — after 佳县《财政支出项目绩效目标申报表》(https://docx.baby/p/20793843881926.html):
  title rows, 项目实施单位, 项目资金申请（万元） written as label and value in one cell
  (「资金总额：120」「财政拨款：120」), 项目负责人 / 联系电话 / 项目起止时间 (no column in
  targets.xlsx), the same 长期 / 年度 indicator blocks, 其他说明的问题 and the signature row.

The layouts (labels, their order, merges) follow the published forms; the project contents
are illustrative (the published forms carry placeholder or personal data).
"""

from __future__ import annotations

import sys
from pathlib import Path

BATANG_ANNUAL = [
    ("产出指标", "数量指标", "集镇立面改造栋数", "≥120栋", ""),
    ("产出指标", "数量指标", "新建和改造村组道路里程", "≥15公里", ""),
    ("产出指标", "质量指标", "工程验收合格率", "100%", ""),
    ("产出指标", "时效指标", "项目完成时间", "2021年12月底前", ""),
    ("产出指标", "成本指标", "项目总成本", "≤10606.7522万元", "含上级财政资金"),
    ("效益指标", "社会效益指标", "受益群众人数", "≥3万人", ""),
    ("效益指标", "可持续影响指标", "设施正常使用年限", "≥10年", ""),
    ("效益指标", "社会公众或服务对象满意度指标", "群众满意度", "≥90%", ""),
]


def batang_docx(out: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("项目绩效目标表")
    d.add_paragraph("（2021年度）")
    d.add_paragraph("填报单位（盖章）：宁乡市坝塘镇人民政府")
    rows = [
        ["项目名称", "镇域内基础设施建设", "", "项目属性", "延续项目", ""],
        ["主管部门", "坝塘镇", "", "主管部门编码", "", ""],
        ["项目单位", "坝塘镇人民政府", "", "项目负责人", "（略）", ""],
        ["项目起止时间", "2021年1月至2021年12月", "", "", "", ""],
        ["年度资金总额及构成", "总额", "10606.7522万元", "", "", ""],
        ["", "财政拨款", "6923.3552万元", "", "", ""],
        ["", "其他资金", "3683.397万元", "", "", ""],
        ["项目概况", "镇域内水利、道路、机关、学校及乡村振兴等基础设施建设项目", "", "", "", ""],
        ["项目绩效目标", "长期目标", "", "年度目标", "", ""],
        ["", "改善镇域内基础设施，振兴乡村经济", "", "全面完成集镇立面改造、机关、学校、乡村振兴等项目，搞好提质改造", "", ""],
        ["长期绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
        ["", "产出指标", "数量指标", "完成基础设施建设项目个数", "≥10个", ""],
        ["", "效益指标", "社会效益指标", "乡村面貌改善", "明显改善", ""],
        ["年度绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
    ] + [[""] + list(r) for r in BATANG_ANNUAL]
    t = d.add_table(rows=len(rows), cols=6)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v:
                t.cell(i, j).text = v

    def merge(r0, c0, r1, c1):
        text = t.cell(r0, c0).text
        m = t.cell(r0, c0).merge(t.cell(r1, c1))
        m.text = text

    for r in range(4):
        merge(r, 1, r, 2)
        merge(r, 4, r, 5)
    merge(3, 1, 3, 5)
    merge(4, 0, 6, 0)
    for r in range(4, 7):
        merge(r, 2, r, 5)
    merge(7, 1, 7, 5)
    merge(8, 0, 9, 0)
    merge(8, 1, 8, 2)
    merge(8, 3, 8, 5)
    merge(9, 1, 9, 2)
    merge(9, 3, 9, 5)
    merge(10, 0, 12, 0)
    first = 14
    merge(13, 0, first + len(BATANG_ANNUAL) - 1, 0)
    merge(first, 1, first + 4, 1)  # 产出指标
    merge(first + 5, 1, first + 7, 1)  # 效益指标
    merge(first, 2, first + 1, 2)  # 数量指标 twice
    d.save(str(out))


JIAXIAN_ANNUAL = [
    ("产出指标", "数量指标", "清扫保洁面积", "≥85万平方米", ""),
    ("产出指标", "质量指标", "垃圾无害化处理率", "≥95%", ""),
    ("产出指标", "时效指标", "生活垃圾日产日清", "日产日清", ""),
    ("产出指标", "成本指标", "每平方米年保洁成本", "≤1.4元", ""),
    ("效益指标", "社会效益指标", "城区环境卫生状况", "明显改善", ""),
    ("效益指标", "服务对象满意度指标", "居民满意度", "≥85%", ""),
]


def jiaxian_xlsx(out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标申报表"
    rows = [
        ["佳县财政支出项目绩效目标申报表"] + [""] * 5,
        ["（2016年度）"] + [""] * 5,
        ["填报单位（盖章）：佳县住房和城乡建设局"] + [""] * 5,
        ["项目名称", "城乡环境卫生整治", "项目属性", "延续项目", "", ""],
        ["主管部门", "佳县住房和城乡建设局", "主管部门编码", "", "", ""],
        ["项目实施单位", "佳县环境卫生管理站", "项目负责人", "（略）", "联系电话", "（略）"],
        ["项目起止时间", "2016年1月至2016年12月", "", "", "", ""],
        ["项目资金申请（万元）", "资金总额：120", "财政拨款：120", "自有资金：0", "事业收入：", "其他："],
        ["单位职能概述", "负责县城区道路清扫保洁、垃圾收集清运和公厕管理", "", "", "", ""],
        ["项目绩效目标", "长期目标", "", "年度目标", "", ""],
        ["", "建立城乡环境卫生长效管理机制", "", "城区主次干道清扫保洁全覆盖，生活垃圾日产日清", "", ""],
        ["长期绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
        ["", "效益指标", "可持续影响指标", "长效保洁机制", "建立", ""],
        ["年度绩效指标", "一级指标", "二级指标", "指标内容", "指标值", "备注"],
    ] + [[""] + list(r) for r in JIAXIAN_ANNUAL] + [
        ["其他说明的问题", "", "", "", "", ""],
        ["填报人：", "", "单位负责人：", "", "填报日期：", ""],
    ]
    for i, r in enumerate(rows, 1):
        for j, v in enumerate(r, 1):
            if v:
                ws.cell(row=i, column=j, value=v)
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    ws.merge_cells("B7:F7")
    ws.merge_cells("B9:F9")
    ws.merge_cells("A10:A11")
    ws.merge_cells("B10:C10")
    ws.merge_cells("D10:F10")
    ws.merge_cells("B11:C11")
    ws.merge_cells("D11:F11")
    first = 15
    ws.merge_cells(start_row=14, start_column=1, end_row=first + len(JIAXIAN_ANNUAL) - 1, end_column=1)
    ws.merge_cells(start_row=first, start_column=2, end_row=first + 3, end_column=2)
    ws.merge_cells(start_row=first + 4, start_column=2, end_row=first + 5, end_column=2)
    wb.save(out)


def main(out_dir: str) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    a, b = out / "坝塘镇.docx", out / "佳县.xlsx"
    batang_docx(a)
    jiaxian_xlsx(b)
    return [a, b]


if __name__ == "__main__":
    main(sys.argv[1])
