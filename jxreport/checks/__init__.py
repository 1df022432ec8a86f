"""Checks of a fiscal year's data: 目标勾稽 (T1xx), 目标审核 (R2xx), 执行勾稽 (A3xx).

    findings = run_checks(load_year("data/2022"), silence=("R203",), scores=score_year(...))
    print(format_findings(findings))

Every check is registered once in `registry.CHECKS` (see registry.py for the id scheme);
findings are `jxreport.core.problems.Problem`s with the check's id, title and level.
"""

from jxreport.checks import actual_arithmetic
from jxreport.checks import cost_checks  # noqa: F401  (registers A320–A324)
from jxreport.checks import guardrails  # noqa: F401  (registers R213, R214, A325, A326)
from jxreport.checks import target_arithmetic
from jxreport.checks import target_review  # noqa: F401  (registers the checks)
from jxreport.checks.findings import Findings, format_findings, to_dicts
from jxreport.checks.registry import CHECKS, Check, Hit, check, checks_table
from jxreport.checks.runner import run_checks

__all__ = ["CHECKS", "Check", "Findings", "Hit", "check", "checks_table", "format_findings", "run_checks",
           "to_dicts"]
