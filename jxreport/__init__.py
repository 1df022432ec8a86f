"""jxreport（绩效报告）: budget performance targets and year-end records → scored self-evaluation and reports."""

from .exceptions import JxReportError, ValidationError
from .loading import load_year
from .model import Year
from .problems import Problem

__version__ = "0.1.0"

__all__ = ["JxReportError", "Problem", "ValidationError", "Year", "load_year", "__version__"]
