"""Build the sample years data/2022 and data/2023 from the seed document.

`python tools/make_sample_data.py [out_dir]` writes data/<year>/targets.xlsx and
actuals.xlsx for 2022 and 2023 (default out_dir: the repository's data/).

2022 targets are the seed's own tables (the source document, not in the repository): every 指标值, 指标描述 and
依据 is copied as written, with whitespace inside a cell normalised; the seed's sixth
table is cut off after its first indicator, so the rows we added say 补全 in
指标值确定依据. Everything in actuals.xlsx, and the whole of 2023, is invented example data
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
- 2023: JX-04 has ended, JX-07 老旧小区提升改造 is new, the others continue.

Deterministic: every random choice comes from random.Random(<year>), no wall clock.
Column order of each literal table is the schema's (`Sheet.names`), shown in a comment
above it; rec() refuses a row longer than the sheet.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from sample_2022 import actuals_2022, targets_2022
from sample_2023 import actuals_2023, targets_2023
from sample_narrative import notes as sample_notes

from jxreport.core import schema as S
from jxreport.samples.records import write_tables

ROOT = Path(__file__).resolve().parents[1]
NOTE = "本工作簿为示例数据（虚构），仅用于演示 jxreport。"
YEARS = {2022: (targets_2022, actuals_2022), 2023: (targets_2023, actuals_2023)}


def build(out_dir: Path) -> list[Path]:
    """Write <out_dir>/<year>/targets.xlsx and actuals.xlsx for every sample year."""
    written = []
    for year, (targets, actuals) in YEARS.items():
        rng = random.Random(year)  # one generator a year: changing 2023 never moves 2022
        written += write_tables(Path(out_dir) / str(year), {**targets(), **actuals(rng), **sample_notes(year)},
                                notes={S.ACTUALS: NOTE})
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "data"
    for path in build(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
