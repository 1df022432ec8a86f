"""`jxreport` command line: parse options, call the library, print in Chinese.

Exit status: 0 ok (a run whose data has findings still succeeds: findings are shown, not
fatal); 1 `check` found 错误-level findings, or a report failed to render; 2 unreadable input
or bad parameters (nothing written); 3 a missing dependency; 4 `run --no-wait` found another
run writing the year; 130/143 interrupted by Ctrl-C/SIGTERM (core/interrupts.py).
"""

from __future__ import annotations

import argparse
import sys

from jxreport.core.version import __version__
from jxreport.cli import commands
from jxreport.core.exceptions import JxReportError
from jxreport.core.interrupts import Interrupted, install, restore


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jxreport", description="绩效报告：绩效目标表 + 年末执行记录 → 绩效自评与绩效评价报告")
    p.add_argument("--version", action="version", version=f"jxreport {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")

    for name, func, what, folder in (
            ("init", commands.init, "生成某一年度的两个空白工作簿（targets.xlsx、actuals.xlsx）", "年度数据目录，如 data/2024"),
            ("new", commands.new, "新建一个项目目录（notebooks/、params/、data/<年度>/、output/），不需要克隆代码仓库",
             "项目目录，如 绩效报告")):
        s = sub.add_parser(name, help=what)
        s.add_argument("dir", help=folder)
        s.add_argument("--year", type=int, required=True, help="预算年度")
        s.add_argument("--unit", required=True, help="单位名称")
        s.add_argument("--department", help="主管部门")
        s.set_defaults(func=func)

    s = sub.add_parser("import", help="读取绩效目标表（Word、Excel、文本），写成 targets.xlsx")
    s.add_argument("sources", nargs="+", metavar="SOURCE", help=".docx、.xlsx、.txt 文件或其所在文件夹")
    s.add_argument("--out", required=True, help="年度数据目录，如 data/2023")
    s.add_argument("--year", type=int, help="预算年度（默认取自文件）")
    s.add_argument("--unit", help="单位名称（默认取自文件）")
    s.add_argument("--force", action="store_true", help="覆盖已有的 targets.xlsx")
    s.set_defaults(func=commands.import_targets)

    s = sub.add_parser("check", help="读取并核对一个年度的数据（勾稽与目标审核）")
    s.add_argument("data_dir", help="年度数据目录，如 data/2022")
    s.add_argument("--format", choices=("table", "json"), default="table", help="输出格式")
    s.add_argument("--rules", help="规则集名称或文件（默认 mof-2020）")
    s.add_argument("--silence", nargs="*", default=[], metavar="ID", help="有意静默的检查编号")
    s.set_defaults(func=commands.check)

    s = sub.add_parser("score", help="计算绩效自评得分")
    s.add_argument("data_dir", help="年度数据目录")
    s.add_argument("--rules", help="规则集名称或文件（默认 mof-2020）")
    s.add_argument("--format", choices=("table", "json"), default="table", help="输出格式")
    s.add_argument("--out", help="写入文件（默认输出到屏幕）")
    s.add_argument("-v", "--verbose", action="store_true", help="列出每个指标")
    s.set_defaults(func=commands.score)

    s = sub.add_parser("run", help="按参数文件生成全部报告（HTML、PDF、自评表.xlsx …）")
    s.add_argument("params", help="参数文件，如 params/2022.yaml")
    s.add_argument("--projects", nargs="+", metavar="CODE", help="只生成这些项目的报告")
    s.add_argument("--formats", help="输出格式，逗号分隔：html,pdf")
    s.add_argument("--edition", choices=["报送稿", "审核底稿", "全部"],
                   help="报告版本：报送稿、审核底稿或全部（默认见参数文件，缺省为全部）")
    s.add_argument("--out", help="输出目录（默认见参数文件）")
    s.add_argument("--monitor-month", type=int, metavar="M", help="生成截至 M 月的绩效运行监控报告")
    s.add_argument("--workers", type=int, metavar="N", help="并行进程数（默认等于 CPU 核数）")
    s.add_argument("--scheduler", metavar="ADDRESS", help="Dask 集群地址，如 tcp://HOST:8786")
    s.add_argument("--no-progress", action="store_true", help="不显示进度条")
    s.add_argument("--force", action="store_true", help="全部重新生成（默认只重新生成输入有变化的报告）")
    s.add_argument("--no-wait", action="store_true",
                   help="另一次运行正在写入同一年度时立即退出（退出码 4），而不是等待它结束")
    s.add_argument("--timeout", metavar="SECONDS", help="每份报告的时间上限（秒，默认见参数文件，缺省 120）")
    s.set_defaults(func=commands.run)

    s = sub.add_parser("audit", help="审核单位公开的项目支出绩效自评表（.xlsx / PDF），重算并列出不一致之处")
    s.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹（递归查找 .xlsx、.xls、.pdf）")
    s.add_argument("--rules", help="规则集名称或文件（默认 mof-2020）")
    s.add_argument("--format", choices=("table", "json", "html"), default="table", help="输出格式")
    s.add_argument("--out", help="写入文件（默认输出到屏幕）")
    s.set_defaults(func=commands.audit)
    return p


def main(argv: list[str] | None = None) -> int:
    previous = install()  # Ctrl-C/SIGTERM raise Interrupted: cleanup runs, then one sentence
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args) or 0)
    except JxReportError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except Interrupted as exc:
        print(exc.message(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:  # raised by a library that installed its own handler
        print(Interrupted(2).message(), file=sys.stderr)
        return 130
    finally:
        restore(previous)


if __name__ == "__main__":
    sys.exit(main())
