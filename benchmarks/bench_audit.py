"""`jxreport audit` on a folder of 500 tables (issue 17: target under 10 s on 2 cores).

Usage: .venv/bin/python -m benchmarks.bench_audit [--tables 500] [--dir DIR] [--pdf]

The folder holds the hand-laid published tables of tests/audit_fixtures/build.py (eight
tables in seven layouts, stacked and split) copied until there are N tables, as one file
per table or per pair, the way a bureau receives them. Wall and CPU time of audit_paths
(reading, recomputing) and of rendering the three output formats are printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import tempfile
import time
from pathlib import Path

from jxreport.audit import audit_paths, render_html, render_json, render_table

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location("audit_build", ROOT / "tests" / "audit_fixtures" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _vary(src: Path, dst: Path, i: int) -> None:
    """A copy whose figures in text cells differ (so the target grammar's caches do not flatter)."""
    import re

    import openpyxl

    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and re.search(r"\d", c.value) and len(c.value) < 20:
                    c.value = re.sub(r"\d+", lambda m: str(int(m.group()) + i % 37), c.value, count=1)
                    c.data_type = "s"
    wb.save(dst)


def make_folder(folder: Path, tables: int, pdf: bool = False) -> int:
    """Copies of the fixture workbooks (or their PDF prints) until `tables` tables; returns the file count."""
    mod = _build_module()
    src = folder / "_src"
    paths = mod.build(src, pdf=pdf)
    if pdf:
        paths = {k: p for k, p in paths.items() if k.endswith("_pdf")}
    per_file = {k: (2 if k.startswith("daying") else 1) for k in paths}
    n = files = 0
    while n < tables:
        for k, p in paths.items():
            if n >= tables:
                break
            dst = folder / f"{files:04d}_{k}{p.suffix}"
            if p.suffix == ".xlsx":
                _vary(p, dst, files)
            else:
                shutil.copy(p, dst)
            files += 1
            n += per_file[k]
    shutil.rmtree(src)
    return files


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", type=int, default=500)
    ap.add_argument("--dir")
    ap.add_argument("--pdf", action="store_true", help="PDF prints of the tables instead of workbooks")
    args = ap.parse_args(argv)
    folder = Path(args.dir or tempfile.mkdtemp(prefix="bench_audit_"))
    folder.mkdir(parents=True, exist_ok=True)
    files = make_folder(folder, args.tables, args.pdf)
    w0, c0 = time.perf_counter(), time.process_time()
    run = audit_paths([folder])
    w1, c1 = time.perf_counter(), time.process_time()
    for r in (render_table, render_json, render_html):
        r(run)
    w2, c2 = time.perf_counter(), time.process_time()
    print(f"{files} 个文件，{len(run.audits)} 张表（无法读取 {len(run.unreadable)} 个），"
          f"发现 {sum(len(a.findings) for a in run.audits)} 条")
    print(f"读取与重算：墙钟 {w1 - w0:.2f} s，CPU {c1 - c0:.2f} s")
    print(f"输出 table+json+html：墙钟 {w2 - w1:.2f} s，CPU {c2 - c1:.2f} s")
    print(f"合计：墙钟 {w2 - w0:.2f} s（目标 < 10 s）")
    if not args.dir:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
