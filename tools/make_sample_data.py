"""Build the sample years data/2022 and data/2023 from the seed document.

`python tools/make_sample_data.py [out_dir]` writes data/<year>/targets.xlsx and
actuals.xlsx for 2022 and 2023 (default out_dir: the repository's data/).

2022 targets are not typed here: they are what `jxreport import` makes of the seed
(data/sources/2022_部门整体及项目绩效目标.txt, the source document as the unit holds it) and of
a small supplement, data/sources/2022_补充表（示例数据）.xlsx, which this script writes from
tools/sample_2022.py: the 实施单位 and 主管部门 the seed does not name, the rows of the sixth
table after its cut, 测算明细 for JX-04/05/06, JX-01's 台账类别 and two 指标性质. The import's
own report (import-report.md) is written beside targets.xlsx: where each row came from.
Everything in actuals.xlsx, and the whole of 2023, is invented example data
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
- 2023 (projected from the imported 2022 targets): JX-04 has ended, JX-07 老旧小区提升改造
  is new, the others continue.

Deterministic: every random choice comes from random.Random(<year>), no wall clock.
Column order of each literal table is the schema's (`Sheet.names`), shown in a comment
above it; rec() refuses a row longer than the sheet.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from sample_2022 import SUPPLEMENT_FILE, SUPPLEMENT_NOTE, actuals_2022, supplement_2022
from sample_2023 import actuals_2023, targets_2023
from sample_narrative import notes as sample_notes

from jxreport.core import schema as S
from jxreport.importing.build import import_documents, write_import
from jxreport.io.workbooks import write_workbook
from jxreport.samples.records import write_tables

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "sources" / "2022_部门整体及项目绩效目标.txt"
NOTE = "本工作簿为示例数据（虚构），仅用于演示 jxreport。"


def import_2022(out: Path) -> dict[str, list[dict]]:
    """`jxreport import` of the seed and the supplement into <out>/2022; the imported tables.

    The supplement is written to <out>/sources/ (data/sources/ for the repository's data/).
    Paths are given relative to <out>'s parent, so import-report.md names data/sources/…,
    never this machine's folders.
    """
    supplement = out / "sources" / SUPPLEMENT_FILE
    write_workbook(supplement, S.TARGETS, supplement_2022(), note=SUPPLEMENT_NOTE)
    cwd = os.getcwd()
    os.chdir(out.parent)
    try:
        res = import_documents([Path(os.path.relpath(SEED)), supplement.relative_to(out.parent)])
    finally:
        os.chdir(cwd)
    write_import(res, out / "2022", force=True)
    return res.tables


def build(out_dir: Path) -> list[Path]:
    """Write <out_dir>/<year>/targets.xlsx and actuals.xlsx for every sample year."""
    out = Path(out_dir).resolve()
    targets = import_2022(out)
    written = [out / "2022" / S.TARGETS]
    rng = random.Random(2022)  # one generator a year: changing 2023 never moves 2022
    tables = {**actuals_2022(rng), **sample_notes(2022)}
    written.append(write_workbook(out / "2022" / S.ACTUALS, S.ACTUALS,
                                  {s.name: tables[s.name] for s in S.sheets_of(S.ACTUALS) if s.name in tables}, note=NOTE))
    rng = random.Random(2023)
    written += write_tables(out / "2023", {**targets_2023(targets), **actuals_2023(rng), **sample_notes(2023)},
                            notes={S.ACTUALS: NOTE})
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "data"
    for path in build(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
