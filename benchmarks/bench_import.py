"""`jxreport import` of 20 project tables: one Word document, one Excel workbook, one text file.

    .venv/bin/python -m benchmarks.bench_import [--tables 20] [--repeat 3]

The tables are the seed's six 目标表 (data/sources/) laid out as the budget system prints
them (tests/make_target_docx.py), repeated with new project names up to --tables. Timed:
reading + interpreting + writing targets.xlsx, actuals.xlsx and import-report.md. Target:
under 2 s for 20 tables. Prints the best wall time and its CPU time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import make_target_docx  # noqa: E402

from jxreport.importing.build import import_documents, write_import  # noqa: E402

SEED = ROOT / "data" / "sources" / "2022_部门整体及项目绩效目标.txt"


def build(out: Path, n: int) -> list[Path]:
    text = SEED.read_text(encoding="utf-8")
    prose, tables = make_target_docx.seed_parts(text)
    projects = [make_target_docx.project(t) for t in tables]
    many = []
    for k in range(n):
        p = dict(projects[k % len(projects)])
        p["name"] = f"{p['name']}（{k + 1}）"
        many.append(p)
    docx, xlsx = out / "目标表.docx", out / "目标表.xlsx"
    make_target_docx.write_docx(prose, many, docx)
    make_target_docx.write_xlsx(many, xlsx)
    # the text form: the seed's prose and tables, its (cut-off) table set repeated
    body = text.split("\n\n\n\n", 1)
    reps = text + ("\n\n\n" + body[1]) * (n // len(projects))
    txt = out / "目标表.txt"
    txt.write_text(reps, encoding="utf-8")
    return [docx, xlsx, txt]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        sources = build(d, args.tables)
        for src in sources:
            best = None
            for r in range(args.repeat):
                out = d / f"out-{src.suffix[1:]}-{r}"
                t0, c0 = time.perf_counter(), time.process_time()
                res = import_documents([src], year=2022, unit="基准测试单位")
                write_import(res, out)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                best = min(best or (wall, cpu), (wall, cpu))
            n = len(res.tables["项目"])
            print(f"{src.name}: {n} 个项目表，{len(res.tables['绩效指标'])} 个指标 —— 最快 {best[0]:.3f} s（CPU {best[1]:.3f} s）")


if __name__ == "__main__":
    main()
