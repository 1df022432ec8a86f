"""The validated tables of one fiscal year, as the rest of the package sees them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import pandas as pd

from jxreport.core.problems import Problem
from jxreport.core.schema import DEPARTMENT_KEY, SELF_EVAL_TEXTS
from jxreport.core.rounding import dec
from jxreport.core.text import blank
from jxreport.io.reading import ROW


# The frames with a 项目编码 column, one project's rows each (see Year.slices).
PROJECT_FRAMES = ("projects", "indicators", "calc_lines", "adjustments", "payments", "results", "survey", "grants",
                  "quantities", "monitoring")


@dataclass(frozen=True)
class Year:
    """Everything read from `data/<year>/`: unit facts plus one DataFrame per sheet.

    Every frame has the schema's columns and `_row`, the Excel row the record came from.
    Frames are shared, not copied: treat them as read-only.
    """

    data_dir: Path
    year: int
    unit_name: str
    department: str | None
    overall_goal: str | None
    projects: pd.DataFrame
    indicators: pd.DataFrame
    calc_lines: pd.DataFrame
    dept_indicators: pd.DataFrame
    adjustments: pd.DataFrame
    payments: pd.DataFrame
    results: pd.DataFrame
    survey: pd.DataFrame
    grants: pd.DataFrame
    quantities: pd.DataFrame
    monitoring: pd.DataFrame
    dept_results: pd.DataFrame
    warnings: tuple[Problem, ...] = field(default=())
    self_evaluation: pd.DataFrame | None = None  # 自评说明 (optional sheet; None when built without it)
    basic_spending: pd.DataFrame | None = None  # 基本支出 (optional sheet)

    def notes_for(self, code: str | None) -> dict[str, str]:
        """The 自评说明 texts of a project (code) or of the department (None): {column: text}, blanks left out."""
        df = self.self_evaluation
        if df is None or df.empty:
            return {}
        keys = df["项目编码"].map(lambda v: None if blank(v) or str(v).strip() == DEPARTMENT_KEY else str(v).strip())
        rows = df[keys == code] if code is not None else df[keys.isna()]
        out: dict[str, str] = {}
        for _, r in rows.iterrows():
            for col in SELF_EVAL_TEXTS:
                if col not in out and not blank(r.get(col)):
                    out[col] = str(r[col]).strip()
        return out

    @property
    def project_codes(self) -> list[str]:
        return list(self.projects["项目编码"])

    def project(self, code: str) -> pd.Series:
        rows = self.projects[self.projects["项目编码"] == code]
        if rows.empty:
            raise KeyError(code)
        return rows.iloc[0]

    def facts(self, code: str) -> dict:
        """The project's row of the 项目 sheet as plain values, None for each blank cell."""
        return {k: (None if blank(v) else v) for k, v in self.project(code).items()}

    def of(self, frame: str, code: str) -> pd.DataFrame:
        """The rows of one project in one of the per-project frames (e.g. `of("payments", code)`)."""
        df = getattr(self, frame)
        return df[df["项目编码"] == code]

    def slices(self, codes) -> dict[str, "Year"]:
        """{项目编码: this Year with only that project's rows} for the given codes.

        A project report needs its own rows only; a kernel that holds one project's slice
        stays the same size however many projects the year has. The 部门 frames are kept
        empty. Each frame is grouped once (no per-project scan of every frame).
        """
        wanted = list(dict.fromkeys(codes))
        positions = {name: getattr(self, name).groupby("项目编码", sort=False).indices for name in PROJECT_FRAMES}
        out = {}
        for code in wanted:
            frames = {}
            for name in PROJECT_FRAMES:
                df = getattr(self, name)
                rows = positions[name].get(code)
                frames[name] = df.iloc[rows] if rows is not None else df.iloc[0:0]
            notes = self.self_evaluation
            if notes is not None:
                notes = notes[notes["项目编码"].map(lambda v: not blank(v) and str(v).strip() == code)]
            out[code] = replace(self, **frames, dept_indicators=self.dept_indicators.iloc[0:0],
                                dept_results=self.dept_results.iloc[0:0], self_evaluation=notes,
                                basic_spending=None,
                                warnings=tuple(w for w in self.warnings if w.project == code))
        return out

    def full_year_budget(self, code: str) -> Decimal:
        """全年预算数 (万元) = 年初预算数 + Σ 预算调整, in Decimal so auditors' sums agree."""
        total = dec(self.project(code)["年初预算数"])
        for amount in self.of("adjustments", code)["调整金额"]:
            total += dec(amount)
        return total


__all__ = ["Year", "ROW"]
