"""Everything a report notebook needs, from one call: `prepare(data_dir, rules, …)`.

Both notebooks start here so that they stay thin: read the year, load the rule set, score,
run the checks, and (for 同比) score the previous year with the same rules. A notebook
re-run reads the workbooks again; inside `jxreport run` the year the run has just prepared
from the same workbooks is used instead (snapshot.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jxreport.io.loading import load_year
from jxreport.io.model import Year
from jxreport.scoring.results import ProjectScore, YearScore
from jxreport.scoring.rules import Rules, load_rules

# The notebooks live here; their default data_dir ("../data/2022") is written relative to it.
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


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

    def slices(self, codes) -> dict[str, "ReportContext"]:
        """{项目编码: the context a project report needs}: that project's rows, score and findings.

        The department score, the rules and the findings of no project (counted in every
        project report) stay; what the sections print from a slice is what they print
        from the whole year (tests/test_context.py). The previous year keeps that
        project's score only.
        """
        from dataclasses import replace

        codes = list(dict.fromkeys(codes))
        years = self.year.slices(codes)
        scores = {p.code: p for p in self.scores.projects}
        before = {p.code: p for p in self.previous.projects} if self.previous is not None else {}
        fs = self.findings
        general: list = []  # (position, finding): a project's own and the general ones keep their order
        mine: dict[str, list] = {}
        for k, f in enumerate(fs.items):
            (mine.setdefault(f.project, []) if f.project else general).append((k, f))
        quiet: dict[str, list] = {}
        for f in getattr(fs, "silenced_items", ()):
            quiet.setdefault(f.project, []).append(f)
        names = dict(fs.projects)
        out = {}
        for code in codes:
            ys = replace(self.scores, projects=(scores[code],),
                         warnings=tuple(w for w in self.scores.warnings if w.project == code))
            previous = None
            if self.previous is not None:
                previous = replace(self.previous, warnings=(),
                                   projects=(before[code],) if code in before else ())
            items = tuple(f for _, f in sorted(mine.get(code, []) + general, key=lambda kf: kf[0]))
            findings = replace(fs, items=items, silenced_items=tuple(quiet.get(code, ())),
                               projects=((code, names[code]),) if code in names else ())
            out[code] = ReportContext(year=years[code], rules=self.rules, scores=ys, findings=findings,
                                      previous=previous)
        return out

    def yoy(self):
        """The 同比 comparison, or None without a previous year."""
        if self.previous is None:
            return None
        from jxreport.report.yoy import compare

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


def prepare(data_dir, rules=None, silence=(), previous_dir=None, project=None) -> ReportContext:
    """Load, score and check one fiscal year (and score the previous one when given).

    With `project` (a 项目编码), only what that project's report needs (ReportContext.slices).
    Inside `jxreport run` the run's own prepared year is used when it was prepared from the
    same workbooks, rules and silenced checks (snapshot.py); the result is the same.
    """
    from jxreport.report.snapshot import find

    r = load_rules(rules)
    ctx = find(data_dir, r, silence, previous_dir, project)
    if ctx is not None:
        return ctx
    ctx = prepare_year(data_dir, r, tuple(silence or ()), previous_dir)
    return ctx.slices([project])[project] if project is not None else ctx


def prepare_year(data_dir, rules: Rules, silence: tuple = (), previous_dir=None) -> ReportContext:
    """The whole year read, scored and checked (what `prepare` does without a snapshot)."""
    from jxreport.checks import run_checks
    from jxreport.scoring.scorer import score_year

    year = load_year(resolve_dir(data_dir))
    scores = score_year(year, rules)
    findings = run_checks(year, rules, silence=tuple(silence or ()), scores=scores)
    previous = None
    if previous_dir:
        previous = score_year(load_year(resolve_dir(previous_dir)), rules)
    return ReportContext(year=year, rules=rules, scores=scores, findings=findings, previous=previous)
