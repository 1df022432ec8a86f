"""Everything a report notebook needs, from one call: `prepare(data_dir, rules, …)`.

Both notebooks start here so that they stay thin: read the year, load the rule set, score,
run the checks, and (for 同比) score the previous year with the same rules. Nothing is
cached between calls: a notebook re-run reads the workbooks again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .loading import load_year
from .model import Year
from .results import ProjectScore, YearScore
from .rules import Rules, load_rules

# The notebooks live here; their default data_dir ("../data/2022") is written relative to it.
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@dataclass(frozen=True)
class ReportContext:
    year: Year
    rules: Rules
    scores: YearScore
    findings: object  # checks.Findings
    previous: YearScore | None = None  # the previous fiscal year, scored with the same rules (同比)

    def project(self, code: str) -> ProjectScore:
        return self.scores.project(code)

    def facts(self, code: str) -> dict:
        """The project's row of the 项目 sheet as plain values (None for blanks)."""
        row = self.year.project(code)
        return {k: (None if _blank(v) else v) for k, v in row.items()}

    def yoy(self):
        """The 同比 comparison, or None without a previous year."""
        if self.previous is None:
            return None
        from .yoy import compare

        return compare(self.scores, self.previous)


def _blank(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def resolve_dir(path) -> Path:
    """A data folder: absolute as given; relative to the working directory where it exists there,
    else relative to the repository's notebooks/ folder (the notebooks' defaults, "../data/2022",
    are written from there, so they work whether papermill or JupyterLab runs them)."""
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.resolve()
    alt = NOTEBOOKS / p
    return alt.resolve() if alt.exists() else p.resolve()


def prepare(data_dir, rules=None, silence=(), previous_dir=None) -> ReportContext:
    """Load, score and check one fiscal year (and score the previous one when given)."""
    from .checks import run_checks
    from .scoring import score_year

    r = load_rules(rules)
    year = load_year(resolve_dir(data_dir))
    scores = score_year(year, r)
    findings = run_checks(year, r, silence=tuple(silence or ()), scores=scores)
    previous = None
    if previous_dir:
        previous = score_year(load_year(resolve_dir(previous_dir)), r)
    return ReportContext(year=year, rules=r, scores=scores, findings=findings, previous=previous)
