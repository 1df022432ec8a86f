"""Write a synthetic, valid fiscal year of N projects: `python benchmarks/make_year.py --projects N --seed S OUT`.

The year loads with `jxreport.load_year` without a problem and `jxreport check` accepts it;
see jxreport/samples/synth.py for what it contains.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


from jxreport.samples.synth import write_year


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="生成一个合成的年度数据（targets.xlsx、actuals.xlsx），用于测试和性能基准")
    p.add_argument("out", help="输出目录，如 /tmp/synth/2022")
    p.add_argument("--projects", type=int, required=True, help="项目数")
    p.add_argument("--seed", type=int, default=0, help="随机种子（相同种子生成相同数据）")
    p.add_argument("--year", type=int, default=2022, help="预算年度（默认 2022）")
    p.add_argument("--payments", type=int, default=50, help="每个项目的支出笔数（约数，默认 50）")
    p.add_argument("--responses", type=int, default=100, help="每个项目的满意度答卷数（默认 100）")
    p.add_argument("--max-leaders", type=int, default=12, help="补贴类项目的网格长人数上限（决定发放台账的大小，默认 12）")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    out = write_year(args.out, args.projects, args.seed, args.year, args.payments, args.responses,
                     args.max_leaders)
    print(f"已生成 {args.projects} 个项目的合成年度数据：{out}（{time.perf_counter() - t0:.1f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
