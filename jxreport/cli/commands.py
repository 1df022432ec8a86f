"""What each `jxreport` command does: call the library, print the result, return the exit status."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from jxreport.core.exceptions import ParamsError
from jxreport.io.workbooks import init_year
from jxreport.importing.build import import_documents, write_import
from jxreport.io.loading import load_year, targets_only
from jxreport.checks import CHECKS, format_findings, run_checks, to_dicts
from jxreport.audit import RENDERERS, audit_paths
from jxreport.scoring.costs import compute_costs
from jxreport.scoring.rules import load_rules
from jxreport.scoring.scorer import score_year
from jxreport.outputs import scores_json
from jxreport.outputs.console import format_score_table
from jxreport.pipeline.run import run_reports
from jxreport.pipeline.scaffold import new_project


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def init(args) -> int:
    paths = init_year(args.dir, args.year, args.unit, args.department)
    _print("已生成空白工作簿：\n" + "\n".join(f"  {p}" for p in paths) + "\n请按各工作表表头填写后运行 jxreport check。")
    return 0


def new(args) -> int:
    paths = new_project(args.dir, args.year, args.unit, args.department)
    root = Path(args.dir)
    _print(f"已新建项目目录 {root}：\n" + "\n".join(f"  {p.relative_to(root)}" for p in paths)
           + f"\n下一步：填写 data/{args.year}/ 中的两个工作簿，然后在 {root} 中运行"
           f"\n  jxreport check data/{args.year}\n  jxreport run params/{args.year}.yaml")
    return 0


def import_targets(args) -> int:
    result = import_documents([Path(s) for s in args.sources], year=args.year, unit=args.unit)
    written = write_import(result, Path(args.out), force=args.force)
    _print(result.summary() + "\n已写入：\n" + "\n".join(f"  {p}" for p in written))
    return result.exit_code


def check(args) -> int:
    year = load_year(args.data_dir)  # unreadable input stops here, before anything else

    rules = load_rules(args.rules)
    stage = targets_only(year)  # blank actuals.xlsx: review the targets, score nothing yet
    scores = None if stage else score_year(year, rules)
    only = [c.id for c in CHECKS.values() if c.scope == "targets"] if stage else None
    findings = run_checks(year, rules=rules, silence=tuple(args.silence), scores=scores, only=only)
    if args.format == "json":
        _print(json.dumps({"year": year.year, "unit": year.unit_name,
                           "input_warnings": [p.to_dict() for p in year.warnings],
                           "findings": to_dicts(findings)}, ensure_ascii=False, indent=2))
    else:
        head = f"{year.unit_name} {year.year} 年度：{len(year.projects)} 个项目，{len(year.indicators)} 个绩效指标。"
        lines = [head] + (["actuals.xlsx 中尚无数据：只核对绩效目标表，不计算得分。"] if stage else [])
        if year.warnings:
            lines.append(f"读取时的提示（{len(year.warnings)} 条）：")
            lines += [f"  {p}" for p in year.warnings]
        lines.append(format_findings(findings))
        _print("\n".join(lines))
    return 1 if findings.errors else 0


def score(args) -> int:
    if args.out and Path(args.out).is_dir():  # before the work, not after it
        raise ParamsError(f"--out {args.out} 是文件夹；请给出要写入的文件名，如 {Path(args.out) / 'scores.txt'}。")
    year = load_year(args.data_dir)

    ys = score_year(year, load_rules(args.rules))
    if args.format == "json":
        text = json.dumps(scores_json.to_dict(ys, compute_costs(year)), ensure_ascii=False, indent=2)
    else:
        text = format_score_table(ys, verbose=args.verbose)
    if args.out:
        out = Path(args.out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise ParamsError(f"无法写入 {out}：{exc.strerror or exc}。") from None
        _print(f"已写入 {out}")
    else:
        _print(text)
    return 0


def run(args) -> int:
    formats = [f.strip() for f in args.formats.split(",") if f.strip()] if args.formats else None
    summary = run_reports(args.params, projects=args.projects, formats=formats, out=args.out,
                          monitor_month=args.monitor_month, workers=args.workers,
                          scheduler=args.scheduler, progress=not args.no_progress,
                          force=getattr(args, "force", False), editions=getattr(args, "edition", None),
                          timeout=getattr(args, "timeout", None), wait=not getattr(args, "no_wait", False))
    _print(str(summary))
    return 0


def audit(args) -> int:
    """Audit published 自评表 (docs/audit.md): exit 0 clean, 1 an 错误 somewhere, 2 nothing readable."""
    result = audit_paths(args.paths, args.rules)
    text = RENDERERS[args.format](result)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        _print(f"已写入 {out}")
    else:
        _print(text.rstrip("\n"))
    if args.out or args.format != "table":  # the table output lists them itself
        for u in result.unreadable:
            print(u["message"], file=sys.stderr)
    return result.exit_code
