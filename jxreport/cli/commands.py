"""What each `jxreport` command does: call the library, print the result, return the exit status."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def init(args) -> int:
    from jxreport.io.workbooks import init_year

    paths = init_year(args.dir, args.year, args.unit, args.department)
    _print("已生成空白工作簿：\n" + "\n".join(f"  {p}" for p in paths) + "\n请按各工作表表头填写后运行 jxreport check。")
    return 0


def check(args) -> int:
    from jxreport.io.loading import load_year

    year = load_year(args.data_dir)  # unreadable input stops here, before anything else
    from jxreport.checks import format_findings, run_checks, to_dicts
    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    rules = load_rules(args.rules)
    scores = score_year(year, rules)
    findings = run_checks(year, rules=rules, silence=tuple(args.silence), scores=scores)
    if args.format == "json":
        _print(json.dumps({"year": year.year, "unit": year.unit_name,
                           "input_warnings": [p.to_dict() for p in year.warnings],
                           "findings": to_dicts(findings)}, ensure_ascii=False, indent=2))
    else:
        head = f"{year.unit_name} {year.year} 年度：{len(year.projects)} 个项目，{len(year.indicators)} 个绩效指标。"
        lines = [head]
        if year.warnings:
            lines.append(f"读取时的提示（{len(year.warnings)} 条）：")
            lines += [f"  {p}" for p in year.warnings]
        lines.append(format_findings(findings))
        _print("\n".join(lines))
    return 1 if findings.errors else 0


def score(args) -> int:
    from jxreport.io.loading import load_year

    year = load_year(args.data_dir)
    from jxreport.outputs import scores_json
    from jxreport.outputs.console import format_score_table
    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    ys = score_year(year, load_rules(args.rules))
    if args.format == "json":
        text = json.dumps(scores_json.to_dict(ys), ensure_ascii=False, indent=2)
    else:
        text = format_score_table(ys, verbose=args.verbose)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
        _print(f"已写入 {out}")
    else:
        _print(text)
    return 0


def run(args) -> int:
    from jxreport.pipeline.run import run_reports

    formats = [f.strip() for f in args.formats.split(",") if f.strip()] if args.formats else None
    summary = run_reports(args.params, projects=args.projects, formats=formats, out=args.out,
                          monitor_month=args.monitor_month, workers=args.workers,
                          scheduler=args.scheduler, progress=not args.no_progress)
    _print(str(summary))
    return 0
