"""`jxreport new`: a project folder for an analyst who never cloned the repository.

The layout is the repository's own: notebooks/ (the report notebooks, outputs cleared, to
open in JupyterLab), params/<year>.yaml (what `jxreport run` reads), params/rules/ (local rule
files, if any), data/<year>/ (the two blank workbooks of `jxreport init`) and output/.
"""

from __future__ import annotations

import json
from pathlib import Path

from jxreport.core.exceptions import JxReportError
from jxreport.core.paths import NOTEBOOKS
from jxreport.io.workbooks import init_year
from jxreport.scoring.rules import DEFAULT_RULES

PARAMS = """\
# {year} 年度报告参数：jxreport run params/{year}.yaml
# 路径相对于项目根目录（params/ 的上一级）。
department: {unit}
data: data/{year}            # 本年度的 targets.xlsx 与 actuals.xlsx
rules: {rules}            # 规则集：内置 {rules}；自定义规则文件放在 params/rules/ 下，写文件名（不含 .yaml）
formats: [html, pdf]
editions: [报送稿, 审核底稿]   # 报送稿（报送财政部门）与审核底稿（另列核对结果和待补充事项）
output: output             # 报告写入 output/{year}/
report_date: {year_after}-03-31    # 报告落款日期（固定写在这里，重复运行结果相同）
silence: []                # 有意静默的检查编号，如 [T101]
monitor_month: null        # 生成截至某月的绩效运行监控报告时填 1–12
previous: null             # 上一年度数据目录（同比），如 data/{year_before}
report_timeout: 120        # 每份报告执行与打印的时间上限（秒），超时即失败，本次不发布
"""


def _fail(message: str) -> JxReportError:
    err = JxReportError(message)
    err.exit_code = 2
    return err


def new_project(folder, year: int, unit: str, department: str | None = None) -> list[Path]:
    """Lay out a project folder; refuses to write over anything already there."""
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise _fail(f"{root} 是一个文件，不是文件夹；请换一个项目目录。")
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    planned = [root / "params" / f"{year}.yaml", root / "data" / str(year),
               *(root / "notebooks" / nb.name for nb in notebooks)]
    existing = [p for p in planned if p.exists()]
    if existing:
        raise _fail("以下文件或目录已存在，为免覆盖，未写入任何文件：" + "、".join(map(str, existing)))
    written = init_year(root / "data" / str(year), year, unit, department)
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    for nb in notebooks:
        target = root / "notebooks" / nb.name
        target.write_text(_cleared(nb, year), encoding="utf-8")
        written.append(target)
    (root / "params" / "rules").mkdir(parents=True, exist_ok=True)
    params = root / "params" / f"{year}.yaml"
    params.write_text(PARAMS.format(year=year, unit=json.dumps(unit, ensure_ascii=False), rules=DEFAULT_RULES,
                                    year_after=year + 1, year_before=year - 1), encoding="utf-8")
    written.append(params)
    (root / "output").mkdir(exist_ok=True)
    return written


def _cleared(path: Path, year: int) -> str:
    """The notebook without the sample year's outputs, its default data folder set to this year."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell["source"] = [line.replace('"../data/2022"', f'"../data/{year}"') for line in cell["source"]]
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
