"""jxreport（绩效报告）: budget performance targets and year-end records → scored self-evaluation and reports.

The public surface: read a year (`load_year`), parse a target (`parse_target`), score it
(`load_rules`, `score_year`), check it (`run_checks`) and publish its reports
(`run_reports`). Everything else is an implementation detail that may change.
"""

from .checks import Findings, run_checks
from .exceptions import JxReportError, ParamsError, ReportError, ValidationError
from .loading import load_year
from .model import Year
from .problems import Problem
from .results import DepartmentScore, IndicatorScore, ProjectScore, YearScore
from .rules import Rules, load_rules
from .scoring import score_year
from .targets import Actual, Target, parse_actual, parse_target
from .workbooks import init_year

__version__ = "0.1.0"

_LAZY = {"run_reports": ("run", "run_reports"), "RunSummary": ("run", "RunSummary"),
         "write_form": ("forms", "write_form"), "monitor": ("monitoring", "monitor")}


def __getattr__(name):
    """The report pipeline pulls in papermill and WeasyPrint: import it only when asked for."""
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'jxreport' has no attribute {name!r}")


__all__ = ["Actual", "DepartmentScore", "Findings", "IndicatorScore", "JxReportError", "ParamsError",
           "Problem", "ProjectScore", "ReportError", "Rules", "RunSummary", "Target", "ValidationError",
           "Year", "YearScore", "__version__", "init_year", "load_rules", "load_year", "monitor",
           "parse_actual", "parse_target", "run_checks", "run_reports", "score_year", "write_form"]
