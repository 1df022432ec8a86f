"""PDF time for one report table holding a 500 … 20,000-character field (issue 12, point 6).

The page is a 绩效指标-style table (指标 / 目标值 / 实际完成值) in the reports' own stylesheet,
printed by outputs.pdf.html_to_pdf, once as shipped and once with break_long_runs turned off
(the old behaviour, up to 4,000 characters: beyond that it runs for minutes). A linear layout
doubles its time when the text doubles (ratio ≈ 2); the old one gave ≈ 4 and worse.
Run: .venv/bin/python benchmarks/bench_long_text.py
"""

from __future__ import annotations

import math
import tempfile
import time
from pathlib import Path

from jxreport.outputs import pdf
from jxreport.sections.html import stylesheet

SIZES = (500, 1000, 2000, 4000, 10000, 20000)
OLD_UP_TO = 4000
BASE = "按时足额完成社区服务项目资金拨付，并对照年度绩效目标开展自评工作；"


def page(n: int) -> str:
    text = (BASE * (n // len(BASE) + 1))[:n]
    rows = "".join(f"<tr><td>指标{i}</td><td>{text if i == 2 else '≥95%'}</td><td>完成</td></tr>"
                   for i in range(1, 4))
    return (f"<html><head><style>{stylesheet('report.css')}</style></head><body><main>"
            f"<h2>绩效指标</h2><table><thead><tr><th>三级指标</th><th>目标值</th><th>实际完成值</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></main></body></html>")


def seconds(n: int, out: Path) -> float:
    t = time.perf_counter()
    pdf.html_to_pdf(page(n), out, header="基准 2022 年度")
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.pdf"
        seconds(100, out)  # warm-up: WeasyPrint import and font loading
        shipped = pdf.break_long_runs
        for label, fn in (("now", shipped), ("old", lambda html, every=0: html)):
            pdf.break_long_runs = fn
            last = None
            for n in SIZES:
                if label == "old" and n > OLD_UP_TO:
                    break
                s = seconds(n, out)
                ratio = f"  ×{(s / last[1]) ** (1 / math.log2(n / last[0])):.1f} per doubling" if last else ""
                print(f"{label}: {n:>6} characters {s:7.2f} s{ratio}", flush=True)
                last = (n, s)
        pdf.break_long_runs = shipped


if __name__ == "__main__":
    main()
