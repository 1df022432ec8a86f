"""jxreport（绩效报告）: budget performance targets and year-end records → scored self-evaluation and reports.

The public surface: read a year (`load_year`), parse a target (`parse_target`), score it
(`load_rules`, `score_year`), check it (`run_checks`) and publish its reports
(`run_reports`). Everything else is an implementation detail that may change.
"""

from jxreport.core import interrupts

interrupts.install_early()  # the `jxreport` script: Ctrl-C while importing exits quietly

from jxreport.checks import Findings, run_checks
from jxreport.core.exceptions import JxReportError, ParamsError, ReportError, ValidationError
from jxreport.io.loading import load_year
from jxreport.io.model import Year
from jxreport.core.problems import Problem
from jxreport.scoring.results import DepartmentScore, IndicatorScore, ProjectScore, YearScore
from jxreport.scoring.rules import Rules, load_rules
from jxreport.scoring.scorer import score_year
from jxreport.grammar.targets import Actual, Target, parse_actual, parse_target
from jxreport.io.workbooks import init_year
from jxreport.core.version import __version__


# The report pipeline pulls in papermill, matplotlib and WeasyPrint: imported only when asked for.
_LAZY = {"run_reports": ("pipeline.run", "run_reports"), "RunSummary": ("pipeline.run", "RunSummary"),
         "write_form": ("outputs.forms", "write_form"), "monitor": ("scoring.monitoring", "monitor"),
         "prepare": ("report.context", "prepare"), "ReportContext": ("report.context", "ReportContext"),
         "report_sections": ("sections.annual", None), "monitoring_sections": ("sections.monitoring", None),
         "appendix_sections": ("sections.appendix_parts", None)}


def __getattr__(name):
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        found = import_module(f".{module}", __name__)
        return found if attr is None else getattr(found, attr)
    raise AttributeError(f"module 'jxreport' has no attribute {name!r}")


__all__ = ["Actual", "appendix_sections", "DepartmentScore", "Findings", "IndicatorScore", "JxReportError", "ParamsError",
           "Problem", "ProjectScore", "ReportContext", "ReportError", "Rules", "RunSummary", "Target", "ValidationError",
           "Year", "YearScore", "__version__", "init_year", "load_rules", "load_year", "monitor", "monitoring_sections",
           "parse_actual", "parse_target", "prepare", "report_sections", "run_checks", "run_reports", "score_year", "write_form"]
