"""What the checks read, grouped once by 项目编码 (no per-project DataFrame filtering).

A year of 10,000 projects has ~60,000 indicators and many more ledger rows: every table is
turned into plain records and grouped in one pass, sums are vectorised groupbys, and each
target is parsed once. Checks only read from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from decimal import Decimal
from functools import cached_property

import numpy as np
import pandas as pd

from jxreport.io.model import Year
from jxreport.io.reading import ROW
from jxreport.core.rounding import dec, fmt_money, q2
from jxreport.core.text import blank, blanks
from jxreport.grammar.targets import parse_target
from jxreport.grammar.units import normalize_unit
from jxreport.scoring.links import line_names_category

HUNDRED = Decimal(100)
LINE_TOLERANCE = Decimal("0.005")  # 0.5 % of the declared amount …
MIN_TOLERANCE = Decimal("0.01")  # … and at least 0.01 万元
PERSON_UNITS = frozenset({"人", "名"})


def tolerance(declared) -> Decimal:
    """0.5 % of a declared 万元 amount, at least 0.01 万元 (docs/checks.md, T101)."""
    return max(abs(dec(declared)) * LINE_TOLERANCE, MIN_TOLERANCE)


def num(x) -> str:
    """A count or price as a person writes it: 4829, 1.5, 12,000 (no trailing .0)."""
    d = dec(x)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,f}"


def signed(x, plus: bool = False) -> str:
    """A difference, rounded half up: 0.35 / -0.22 (with plus=True: +0.35, for adjustments)."""
    d = q2(x)
    return ("+" if plus and d > 0 else "") + fmt_money(d)


_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


MAX_ROWS_LISTED = 10  # a message names at most this many Excel rows, then "等 N 行"


def rows_text(rows) -> str:
    """Excel row numbers as a message lists them: 5、9、12 等 14 行."""
    rows = [int(r) for r in rows]
    text = "、".join(str(r) for r in rows[:MAX_ROWS_LISTED])
    return text + (f" 等 {len(rows)} 行" if len(rows) > MAX_ROWS_LISTED else "")


def norm_name(text) -> str:
    """A name compared loosely: full-width folded, whitespace and punctuation removed."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", str(text))).lower() if not blank(text) else ""


def unit_of(raw) -> str | None:
    return normalize_unit(raw.strip()) if isinstance(raw, str) and raw.strip() else None


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values (faster than DataFrame.to_dict at 100,000 rows)."""
    if not len(df):
        return []
    cols = list(df.columns)
    return [dict(zip(cols, row)) for row in zip(*(df[c].tolist() for c in cols))]


def _group(records: list[dict], key: str = "项目编码") -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        out[r[key]].append(r)
    return out


def _cents_sum(df: pd.DataFrame, keys: list[str], col: str) -> dict:
    """Σ money per group, exactly to the cent (amounts in 元 with at most 2 decimals)."""
    if df.empty:
        return {}
    cents = np.rint(df[col].astype("float64").fillna(0.0).to_numpy() * 100).astype("int64")
    s = pd.Series(cents, index=df.index).groupby([df[k] for k in keys], sort=False).sum()
    return {k: Decimal(int(v)) / HUNDRED for k, v in s.items()}


class CheckedYear:
    """The year as the checks read it: its rows as records grouped by project, parsed targets
    and sums, plus the optional rules and scores (the `ctx` every check receives)."""

    def __init__(self, year: Year, rules=None, scores=None):
        self.year = year
        self.rules = rules
        self.scores = scores
        self.fy = year.year
        self._memo: dict = {}

    def memo(self, key: str, build):
        """A value several checks share (built by the first that asks)."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    # ---------------------------------------------------------------- targets workbook
    @cached_property
    def projects(self) -> list[dict]:
        return _records(self.year.projects)

    @cached_property
    def project(self) -> dict[str, dict]:
        return {p["项目编码"]: p for p in self.projects}

    @cached_property
    def order(self) -> dict[str, int]:
        """Sheet order of the projects (findings are sorted by it)."""
        return {p["项目编码"]: i for i, p in enumerate(self.projects)}

    @cached_property
    def indicators(self) -> dict[str, list[dict]]:
        """Indicator records by project; each has `_t`, its parsed target."""
        rows = _records(self.year.indicators)
        for r in rows:
            r["_t"] = parse_target(r["指标值"], r["二级指标"], self.fy, r["指标性质"])
        return _group(rows)

    @cached_property
    def indicator(self) -> dict[tuple[str, str], dict]:
        return {(r["项目编码"], r["三级指标"]): r for rows in self.indicators.values() for r in rows}

    @cached_property
    def dept_indicators(self) -> list[dict]:
        rows = _records(self.year.dept_indicators)
        for r in rows:
            r["_t"] = parse_target(r["指标值"], None, self.fy)
        return rows

    @cached_property
    def calc_lines(self) -> dict[str, list[dict]]:
        return _group(_records(self.year.calc_lines))

    # ---------------------------------------------------------------- actuals workbook
    @cached_property
    def results(self) -> dict[str, list[dict]]:
        return _group(_records(self.year.results))

    @cached_property
    def adjustments_wan(self) -> dict[str, Decimal]:
        adj = self.year.adjustments
        out: dict[str, Decimal] = defaultdict(Decimal)
        for code, amount in zip(adj["项目编码"], adj["调整金额"]):
            if not blank(amount):
                out[code] += dec(amount)
        return out

    @cached_property
    def spent_yuan(self) -> dict[str, Decimal]:
        """全年执行数 per project, in 元."""
        return {k[0] if isinstance(k, tuple) else k: v
                for k, v in _cents_sum(self.year.payments, ["项目编码"], "金额").items()}

    @cached_property
    def line_spent_yuan(self) -> dict[tuple[str, str], Decimal]:
        """Σ 支出明细 per (project, 测算明细) for the payments that name their line."""
        p = self.year.payments
        tagged = p[~np.array(blanks(p["测算明细"].tolist()), dtype=bool)]
        return _cents_sum(tagged, ["项目编码", "测算明细"], "金额")

    @cached_property
    def tagged_projects(self) -> set[str]:
        """Projects whose ledger names the 测算明细 line of at least one payment."""
        return {code for code, _ in self.line_spent_yuan}

    @cached_property
    def grant_groups(self) -> list[dict]:
        """One record per (project, 类别) of 发放台账: Σ 金额, distinct persons, rows."""
        g = self.year.grants
        if g.empty:
            return []
        sums = _cents_sum(g, ["项目编码", "类别"], "金额")
        by = g.groupby(["项目编码", "类别"], sort=False)
        stats = pd.DataFrame({"persons": by["人员编号"].nunique(), "first": by[ROW].min(), "count": by.size()})
        return [{"项目编码": k[0], "类别": k[1], "金额": sums[k], "人数": int(n), "人次": int(c), "_row": int(r)}
                for k, n, r, c in zip(stats.index, stats["persons"], stats["first"], stats["count"])]

    @cached_property
    def monthly_headcount(self) -> dict[tuple[str, str], list[tuple[int, int, int]]]:
        """(project, 类别) → [(月份, persons paid that month, first Excel row)], months ascending.

        A person counts in a month when the month's amounts to them add up to more than 0 (a
        reversed payment is no headcount), so a replacement is one post, not an extra person.
        """
        g = self.year.grants
        if g.empty:
            return {}
        keys = ["项目编码", "类别", "月份", "人员编号"]
        per = g.groupby(keys, sort=False).agg(金额=("金额", "sum"), first=(ROW, "min")).reset_index()
        per = per[per["金额"] > 0]
        by = per.groupby(["项目编码", "类别", "月份"], sort=True).agg(n=("人员编号", "size"), first=("first", "min"))
        out: dict[tuple[str, str], list] = {}
        for (code, cat, month), n, r in zip(by.index, by["n"], by["first"]):
            out.setdefault((code, cat), []).append((int(month), int(n), int(r)))
        return out

    def full_year_wan(self, code: str) -> Decimal:
        return dec(self.project[code]["年初预算数"]) + self.adjustments_wan.get(code, Decimal(0))

    def lines_of_category(self, code: str, category: str) -> list[dict]:
        """测算明细 lines that a 发放台账 类别 pays for: listed in 台账类别, or (blank) named in 明细名称.

        The same rule links a line to its ledger in the cost analysis (scoring.costs).
        """
        return [ln for ln in self.calc_lines.get(code, ())
                if line_names_category(ln["明细名称"], ln.get("台账类别"), category)]
