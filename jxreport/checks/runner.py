"""run_checks: every registered check over one year, silencing what the year's params ask."""

from __future__ import annotations

from jxreport.core.exceptions import ParamsError
from jxreport.io.model import Year
from jxreport.checks.checked_year import CheckedYear
from jxreport.checks.findings import Findings, sort_key
from jxreport.checks.registry import CHECKS


def run_checks(year: Year, rules=None, silence=(), scores=None, only=None) -> Findings:
    """Run the checks on a loaded year.

    `rules` (a rules.Rules) is passed to the checks that need it; `scores` (a
    results.YearScore) enables the checks of published 自评得分 (scope "scores"), which
    are skipped without it. `silence` lists ids whose findings are set apart (counted and
    listed as silenced); an unknown id is a ParamsError, so a typo cannot hide nothing.
    `only` restricts the run to some ids (tests, notebooks).
    """
    silence = tuple(dict.fromkeys(str(s).strip().upper() for s in silence or () if str(s).strip()))
    wanted = tuple(dict.fromkeys(str(s).strip().upper() for s in only)) if only else None
    unknown = [s for s in silence + (wanted or ()) if s not in CHECKS]
    if unknown:
        raise ParamsError(f"未知的检查编号：{'、'.join(unknown)}。可用的编号：{'、'.join(sorted(CHECKS))}。")
    ctx = CheckedYear(year, rules, scores)
    active, quiet = [], []
    for c in CHECKS.values():
        if wanted is not None and c.id not in wanted:
            continue
        if c.scope == "scores" and scores is None:
            continue
        found = [c.problem(h) for h in c.func(ctx) or ()]
        (quiet if c.id in silence else active).extend(found)
    key = sort_key(ctx.order)
    projects = tuple((p["项目编码"], p["项目名称"]) for p in ctx.projects)
    return Findings(tuple(sorted(active, key=key)), silence, tuple(sorted(quiet, key=key)), projects)
