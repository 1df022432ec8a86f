"""Everything a report notebook needs, from one call: `prepare(data_dir, rules, …)`.

Both notebooks start here so that they stay thin: read the year, load the rule set, score,
run the checks, and (for 同比) score the previous year with the same rules. A notebook
re-run reads the workbooks again; inside `jxreport run` the year the run has just prepared
from the same workbooks is used instead (snapshot.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from jxreport.core.paths import resolve_dir
from jxreport.io.loading import load_year
from jxreport.io.model import PROJECT_FRAMES, Year
from jxreport.scoring.results import ProjectScore, YearScore
from jxreport.scoring.rules import Rules, load_rules
from jxreport.report.yoy import compare
from jxreport.report.snapshot import find
from jxreport.checks import run_checks
from jxreport.scoring.scorer import score_year


@dataclass(frozen=True)
class ReportContext:
    year: Year
    rules: Rules
    scores: YearScore
    findings: object  # checks.Findings
    previous: YearScore | None = None  # the previous fiscal year, scored with the same rules (同比)
    previous_year: Year | None = None  # its records, for the 同比 of the cost tables (scoring.costs)

    def project(self, code: str) -> ProjectScore:
        return self.scores.project(code)

    def facts(self, code: str) -> dict:
        """The project's row of the 项目 sheet as plain values (None for blanks)."""
        return self.year.facts(code)

    def slices(self, codes) -> dict[str, "ReportContext"]:
        """{项目编码: the context a project report needs}: that project's rows, score and findings.

        The department score, the rules and the findings of no project (counted in every
        project report) stay; what the sections print from a slice is what they print
        from the whole year (tests/test_context.py). The previous year keeps that
        project's score only.
        """
        codes = list(dict.fromkeys(codes))
        years = self.year.slices(codes)
        before_years = self.previous_year.slices(codes) if self.previous_year is not None else {}
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
                                      previous=previous, previous_year=before_years.get(code))
        return out

    def part(self, codes) -> "ReportContext":
        """The context of an appendix part (sections/appendix_parts.py): these projects' rows,
        scores (this year's and last), findings and reading notes, in the year's order.

        Unlike a project's slice, no finding or note of another project or of the department
        stays: a part prints its own projects only. The department score stays (a part prints
        none of it; its problems section takes the projects from it).
        """
        keep = set(codes)
        ys = replace(self.scores, projects=tuple(p for p in self.scores.projects if p.code in keep),
                     warnings=tuple(w for w in self.scores.warnings if w.project in keep))
        previous = self.previous
        if previous is not None:
            previous = replace(previous, warnings=(), projects=tuple(p for p in previous.projects if p.code in keep))
        fs = self.findings
        findings = replace(fs, items=tuple(f for f in fs.items if f.project in keep),
                           silenced_items=tuple(f for f in getattr(fs, "silenced_items", ()) if f.project in keep),
                           projects=tuple((c, n) for c, n in getattr(fs, "projects", ()) if c in keep))
        return replace(self, year=_only(self.year, keep), scores=ys, findings=findings, previous=previous,
                       previous_year=_only(self.previous_year, keep))

    def summary(self) -> "ReportContext":
        """The department report's context when its per-project lists are in the appendix parts.

        Past appendix.INLINE_MAX projects the department report prints every project's score
        (scores), the department's own sheets and the findings, but no per-project record: those
        are printed by the parts, which read their own. So the per-project frames other than 项目
        keep only how many rows they had (a column-less frame: a section that would read a
        record fails instead of printing an empty table), and a department kernel does not grow
        with the records of a large year. tests/test_context.py: the report prints the same.
        """
        return replace(self, year=_counts_only(self.year), previous_year=_counts_only(self.previous_year))

    def yoy(self):
        """The 同比 comparison, or None without a previous year."""
        if self.previous is None:
            return None

        return compare(self.scores, self.previous)


def _only(year: Year | None, keep: set) -> Year | None:
    """The year with only these projects' rows; the 部门 sheets empty (no part prints them)."""
    if year is None:
        return None
    frames = {name: getattr(year, name)[getattr(year, name)["项目编码"].isin(keep)] for name in PROJECT_FRAMES}
    notes = year.self_evaluation
    if notes is not None:
        notes = notes[notes["项目编码"].isin(keep)]
    return replace(year, **frames, dept_indicators=year.dept_indicators.iloc[0:0],
                   dept_results=year.dept_results.iloc[0:0], self_evaluation=notes, basic_spending=None,
                   warnings=tuple(w for w in year.warnings if w.project in keep))


def _counts_only(year: Year | None) -> Year | None:
    """The year with its per-project records reduced to their number (ReportContext.summary)."""
    if year is None:
        return None
    frames = {name: pd.DataFrame(index=pd.RangeIndex(len(getattr(year, name))))
              for name in PROJECT_FRAMES if name != "projects"}
    return replace(year, **frames)


def prepare(data_dir, rules=None, silence=(), previous_dir=None, project=None, codes=None,
            department: bool = False) -> ReportContext:
    """Load, score and check one fiscal year (and score the previous one when given).

    With `project` (a 项目编码), only what that project's report needs (ReportContext.slices);
    with `codes` (an appendix part's 项目编码), only what that part needs (ReportContext.part).
    `department` asks for what the department report needs: inside a run that planned appendix
    parts, the year without its per-project records (ReportContext.summary), else the whole year.
    Inside `jxreport run` the run's own prepared year is used when it was prepared from the
    same workbooks, rules and silenced checks (snapshot.py); the result is the same.
    """
    r = load_rules(rules)
    codes = tuple(codes) if codes else None
    ctx = find(data_dir, r, silence, previous_dir, project, codes=codes, department=department)
    if ctx is not None:
        return ctx
    ctx = _memo.get(data_dir, r, tuple(silence or ()), previous_dir)
    if project is not None:
        return ctx.slices([project])[project]
    return ctx.part(codes) if codes else ctx


class _YearMemo:
    """The last year prepared, kept for the next report of a warm kernel (`keep_years_in_memory`)."""

    def __init__(self):
        self.signature = None  # a function of the arguments naming every file they read; None: off
        self.key = self.value = None

    def get(self, *args):
        if self.signature is None:
            return prepare_year(*args)
        try:
            key = (repr(args), self.signature(args))
        except Exception:  # anything unusual: no memo, just the real thing
            return prepare_year(*args)
        if key != self.key:
            self.key, self.value = None, None  # one year at a time
            self.value, self.key = prepare_year(*args), key
        return self.value


_memo = _YearMemo()


def keep_years_in_memory(signature) -> None:
    """Let `prepare` answer repeated calls on unchanged inputs from memory (a warm report kernel).

    `signature(args)` names the state of every file the arguments may read (size, mtime), so
    that a workbook saved between two reports is read again; None turns the memory off.
    """
    _memo.signature = signature
    _memo.key = _memo.value = None


def prepare_year(data_dir, rules: Rules, silence: tuple = (), previous_dir=None) -> ReportContext:
    """The whole year read, scored and checked (what `prepare` does without a snapshot)."""
    year = load_year(resolve_dir(data_dir))
    scores = score_year(year, rules)
    findings = run_checks(year, rules, silence=tuple(silence or ()), scores=scores)
    previous = before = None
    if previous_dir:
        before = load_year(resolve_dir(previous_dir))
        previous = score_year(before, rules)
    return ReportContext(year=year, rules=rules, scores=scores, findings=findings, previous=previous,
                         previous_year=before)
