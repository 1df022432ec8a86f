"""成本分析: what one unit of each 测算明细 line actually cost, against its standard (docs: costs).

A line is linked to its records by one rule, shared with the ledger checks A303–A307
(`line_names_category`): the 台账类别 column when filled, else a 发放台账 类别 that the line's
name contains. Where the name match is ambiguous or finds nothing for a per-person
standard, the line is not linked and a `LinkNote` says so (a 提示, never a guess).

A year may hold 10,000 projects and 1,000,000 发放台账 rows, so the ledgers are aggregated
once with numpy (like `RecordIndex`): each row is mapped to the line it belongs to, and
sums, distinct persons and distinct person-months are counted per line in one pass.
Every printed figure is a Decimal rounded half up, with the arithmetic that gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from jxreport.core.rounding import WAN, dec, fmt_money, q2
from jxreport.core.text import blank
from jxreport.io.model import Year
from jxreport.io.reading import ROW
from jxreport.scoring.derive import RecordIndex, factorize, group_ids, money_by_group
from jxreport.scoring.links import categories_of, line_names_category  # noqa: F401  (re-exported)

UNLINKED = "未列明细"
PERSON_WORDS = ("人", "名", "户")
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)

# How an actual unit cost is counted, by the standard's unit.
PER_PERSON_MONTH = "person_month"  # 元/人/月: Σ 金额 ÷ distinct (人员编号, 月份)
PER_PERSON = "person"  # 元/人/年, 元/人: Σ 金额 ÷ distinct 人员编号
PER_QUANTITY = "quantity"  # 元/亩 …: spending ÷ the linked 实物量


@dataclass(frozen=True)
class Figure:
    """A printed figure: value rounded half up to 2 places, its unit and how it was obtained."""

    value: Decimal
    unit: str
    derivation: str


@dataclass(frozen=True)
class LinkNote:
    """A line whose 发放台账 link is ambiguous or missing (reported as a 提示)."""

    project: str
    line: str
    row: int | None
    kind: str  # "ambiguous" or "missing"
    categories: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class CostLine:
    """One 测算明细 line (or the project's 未列明细 row) with its costs."""

    project: str
    line: str
    row: int | None  # Excel row in 测算明细; None for 未列明细
    budget_wan: Decimal | None  # 测算金额, 万元 (2 places)
    spent: Decimal  # 元
    source: str  # "payments", "grants", "none" or "unlinked"
    share_pct: Decimal | None  # of the project's spending
    rate_pct: Decimal | None  # spent ÷ budget
    standard: Figure | None
    actual: Figure | None
    reason: str | None  # why `actual` is None
    deviation_pct: Decimal | None
    categories: tuple[str, ...] = ()
    quantity: str | None = None
    amount: Decimal | None = None  # Σ 发放台账 of the linked 类别 (元)
    persons: int | None = None
    person_months: int | None = None
    months: int | None = None
    planned_persons: Decimal | None = None
    planned_months: Decimal | None = None
    planned_person_months: Decimal | None = None
    previous: Figure | None = None  # last year's actual unit cost of the same line
    yoy_pct: Decimal | None = None

    @property
    def unlinked(self) -> bool:
        return self.row is None


@dataclass(frozen=True)
class ProjectCosts:
    project: str
    lines: tuple[CostLine, ...]  # 测算明细 order, then the 未列明细 row when not zero
    spent: Decimal  # 全年执行数, 元 (= Σ line.spent)
    unlinked: Decimal
    notes: tuple[LinkNote, ...] = ()


@dataclass(frozen=True)
class YearCosts:
    projects: tuple[ProjectCosts, ...]
    links: tuple[tuple[str, str, str], ...] = ()  # (项目编码, 类别, 明细名称) of every linked 类别

    def of(self, code: str) -> ProjectCosts | None:
        for p in self.projects:
            if p.project == code:
                return p
        return None

    @property
    def notes(self) -> tuple[LinkNote, ...]:
        return tuple(n for p in self.projects for n in p.notes)


# --------------------------------------------------------------------------- linking

def _name_match(name: str, cats) -> list[str]:
    """Categories contained in the line's name; one contained in a longer match is dropped."""
    found = [c for c in cats if c and c in name]
    return [c for c in found if not any(c != o and c in o for o in found)]


def basis_of(unit) -> tuple[str, str] | None:
    """(how to count, the denominator's word) of a unit such as 元/人/月, 元/人/年, 元/亩."""
    if blank(unit):
        return None
    u = str(unit).replace(" ", "").replace("／", "/").replace("·", "/").replace("每", "/")
    if not u.startswith("元/") or len(u) <= 2:
        return None
    parts = [p for p in u[2:].split("/") if p]
    if not parts:
        return None
    head = parts[0]
    if head in PERSON_WORDS:
        if len(parts) >= 2 and parts[1] == "月":
            return PER_PERSON_MONTH, head
        if len(parts) == 1 or parts[1] == "年":
            return PER_PERSON, head
        return None
    if len(head) == 2 and head[0] in PERSON_WORDS and head[1] == "月":
        return PER_PERSON_MONTH, head[0]
    return PER_QUANTITY, "/".join(parts)


# --------------------------------------------------------------------------- printing

def _n(x) -> str:
    d = dec(x)
    return f"{int(d):,}" if d == d.to_integral_value() else fmt_money(d)


def _pct(x) -> str:
    return f"{q2(x):.2f}%"


def _deviation(actual: Decimal, standard: Decimal) -> Decimal | None:
    return None if standard == 0 else q2((actual - standard) / standard * _HUNDRED)


# --------------------------------------------------------------------------- computing

class _GrantStats:
    """发放台账 aggregated by line id (vectorised): Σ 金额, persons, person-months, months."""

    def __init__(self, line_of_group: np.ndarray, gid: np.ndarray, grants, n_lines: int):
        self.n = n_lines
        lid = np.where(gid >= 0, line_of_group[np.maximum(gid, 0)], -1) if len(gid) else gid
        self.lid = lid
        amounts = grants["金额"].to_numpy(dtype="float64") if len(gid) else np.zeros(0)
        self.amount = money_by_group(lid, amounts, n_lines) if n_lines else []
        pid, persons = factorize(grants["人员编号"].to_numpy(dtype=object)) if len(gid) else (lid, [])
        month = grants["月份"].to_numpy(dtype="float64") if len(gid) else np.zeros(0)
        month = np.where(np.isnan(month), -1, month).astype(np.int64)
        paid = (lid >= 0) & (pid >= 0) & (month >= 1) & (np.nan_to_num(amounts) > 0)
        P = len(persons) + 1
        self.persons = self._distinct(lid[paid] * P + pid[paid], P)
        self.person_months = self._distinct((lid[paid] * P + pid[paid]) * 13 + month[paid], P * 13)
        self.months = self._distinct(lid[paid] * 13 + month[paid], 13)
        self.rows = np.bincount(lid[lid >= 0], minlength=n_lines) if n_lines else np.zeros(0, int)

    def _distinct(self, keys: np.ndarray, per_line: int) -> np.ndarray:
        u = np.unique(keys)
        return np.bincount(u // per_line, minlength=self.n) if self.n else np.zeros(0, int)


def compute_costs(year: Year, previous: Year | None = None, index: RecordIndex | None = None) -> YearCosts:
    """The cost tables of every project with 测算明细 or spending; `previous` gives 同比."""
    index = index or RecordIndex(year)
    c = year.calc_lines
    lines = list(zip(c["项目编码"].tolist(), c["明细名称"].tolist(), c["单价"].tolist(), c["单价单位"].tolist(),
                     c["数量"].tolist(), c["数量单位"].tolist(), c["月数"].tolist(), c["测算金额"].tolist(),
                     c["台账类别"].tolist() if "台账类别" in c else [None] * len(c),
                     c["实物量"].tolist() if "实物量" in c else [None] * len(c), c[ROW].tolist()))

    # 发放台账 groups (项目编码, 类别), and which line each belongs to.
    g = year.grants
    if len(g):
        gid, gkeys = group_ids(index.codes("grants"), g["类别"].to_numpy(dtype=object))
    else:
        gid, gkeys = np.zeros(0, dtype=np.int64), []
    cats_by_project: dict[str, list[str]] = {}
    group_no: dict[tuple, int] = {}
    for i, (code, cat) in enumerate(gkeys):
        cats_by_project.setdefault(code, []).append(cat)
        group_no[(code, cat)] = i

    notes: list[LinkNote] = []
    linked: list[tuple[str, ...]] = []
    claims: dict[tuple, list[int]] = {}
    for i, (code, name, price, punit, qty, qunit, months, amount, explicit, qname, row) in enumerate(lines):
        cats = cats_by_project.get(code, [])
        listed = categories_of(explicit)
        if listed:
            missing = [x for x in listed if x not in cats]
            if missing:
                notes.append(LinkNote(code, name, row, "missing", tuple(missing),
                                      f"测算明细「{name}」的台账类别「{'、'.join(missing)}」在「发放台账」中没有该项目的记录"
                                      f"（现有类别：{'、'.join(cats) or '无'}）。"))
            mine = tuple(x for x in listed if x in cats)
        else:
            found = _name_match(name, cats) if isinstance(name, str) else []
            mine = ()
            if len(found) > 1:
                notes.append(LinkNote(code, name, row, "ambiguous", tuple(found),
                                      f"测算明细「{name}」的名称包含多个发放类别（{'、'.join(found)}），无法确定对应哪一个；"
                                      "请在「台账类别」列中写明。"))
            elif found:
                mine = tuple(found)
            else:
                b = basis_of(_unit_of(price, punit, qty, qunit, months))
                if b is not None and b[0] != PER_QUANTITY and cats:
                    notes.append(LinkNote(code, name, row, "missing", (),
                                          f"测算明细「{name}」按{b[1]}计算标准，但其名称不包含该项目「发放台账」的任何类别"
                                          f"（现有类别：{'、'.join(cats)}）；请在「台账类别」列中写明。"))
        linked.append(mine)
        for cat in mine:
            claims.setdefault((code, cat), []).append(i)
    for (code, cat), who in claims.items():
        if len(who) > 1:  # one 类别 for several lines: its records cannot be split between them
            names = [lines[i][1] for i in who]
            for i in who:
                linked[i] = tuple(x for x in linked[i] if x != cat)
                notes.append(LinkNote(code, lines[i][1], lines[i][10], "ambiguous", (cat,),
                                      f"发放类别「{cat}」对应多条测算明细（{'、'.join(names)}），其发放记录无法分到各条明细；"
                                      "请在「台账类别」列中只为一条明细写明该类别。"))
    line_of_group = np.full(len(gkeys) + 1, -1, dtype=np.int64)
    for i, mine in enumerate(linked):
        for cat in mine:
            line_of_group[group_no[(lines[i][0], cat)]] = i
    stats = _GrantStats(line_of_group, gid, g, len(lines))

    # Project totals (全年执行数) and the spending named per line.
    p = year.payments
    pcodes = index.codes("payments")
    totals = dict(zip(pcodes[1].tolist(), money_by_group(pcodes[0], p["金额"].to_numpy(dtype="float64"),
                                                         len(pcodes[1])))) if len(p) else {}
    prev = _previous_actuals(previous) if previous is not None else {}

    by_project: dict[str, list[CostLine]] = {}
    persons, person_months, months_paid = (stats.persons.tolist(), stats.person_months.tolist(), stats.months.tolist())
    for i, (code, name, price, punit, qty, qunit, months, amount, explicit, qname, row) in enumerate(lines):
        named = index.spending(code).get(name)
        cats = linked[i]
        granted = stats.amount[i] if cats else None
        if named is not None:
            spent, source = named[0], "payments"
        elif cats:
            spent, source = granted, "grants"
        else:
            spent, source = Decimal(0), "none"
        qty_link = None if blank(qname) else str(qname).strip()
        line = _line(code, name, row, price, punit, qty, qunit, months, amount, spent, source, cats, qty_link,
                     granted, persons[i], person_months[i], months_paid[i], index.quantities(code),
                     totals.get(code, _ZERO), prev.get((code, name)))
        by_project.setdefault(code, []).append(line)

    projects: list[ProjectCosts] = []
    order = list(dict.fromkeys(year.projects["项目编码"].tolist()))
    note_of: dict[str, list[LinkNote]] = {}
    for n in notes:
        note_of.setdefault(n.project, []).append(n)
    for code in order:
        own = by_project.get(code, [])
        total = totals.get(code, Decimal(0))
        if not own and total == 0:
            continue
        unlinked = total - sum((ln.spent for ln in own), Decimal(0))
        rows = list(own)
        if unlinked != 0 or not own:
            rows.append(CostLine(code, UNLINKED, None, None, unlinked, "unlinked", _share(unlinked, total), None, None,
                                 None, "未对应任何测算明细的支出", None))
        projects.append(ProjectCosts(code, tuple(rows), total, unlinked, tuple(note_of.get(code, ()))))
    links = tuple((lines[i][0], cat, lines[i][1]) for i, mine in enumerate(linked) for cat in mine)
    return YearCosts(tuple(projects), links)


def _unit_of(price, punit, qty, qunit, months) -> str | None:
    """The standard's unit: 单价单位; without it, inferred from 数量单位 (and 月数)."""
    if not blank(punit):
        return str(punit).strip()
    if blank(qunit):
        return None
    if not blank(price) and not blank(months):
        return f"元/{str(qunit).strip()}/月"
    return f"元/{str(qunit).strip()}"


def _standard(price, punit, qty, qunit, months, amount) -> Figure | None:
    unit = _unit_of(price, punit, qty, qunit, months)
    if not blank(price):
        v = q2(price)
        inferred = "" if not blank(punit) else "（单价单位空，按数量单位推定）"
        return Figure(v, unit or "元", f"测算明细单价 {fmt_money(v)} {unit or '元'}{inferred}")
    if blank(qty) or dec(qty) == 0 or blank(amount):
        return None
    yuan = dec(amount) * WAN
    v = q2(yuan / dec(qty))
    word = "" if blank(qunit) else f" {str(qunit).strip()}"
    return Figure(v, unit or "元", f"测算金额 {fmt_money(yuan)} 元 ÷ 数量 {_n(qty)}{word} = {fmt_money(v)} {unit or '元'}")


def _line(code, name, row, price, punit, qty, qunit, months, amount, spent, source, cats, qname, granted,
          persons, person_months, months_paid, quantities, total, prev) -> CostLine:
    standard = _standard(price, punit, qty, qunit, months, amount)
    basis = basis_of(standard.unit) if standard else None
    actual, reason = None, None
    planned_persons = planned_months = planned_pm = None
    if basis is not None and basis[0] != PER_QUANTITY:
        planned_persons = None if blank(qty) else dec(qty)
        planned_months = None if blank(months) else dec(months)
        if planned_persons is not None and planned_months is not None:
            planned_pm = planned_persons * planned_months
    if standard is None:
        reason = "测算明细没有单价，也没有可作分母的数量，无法确定标准"
    elif basis is None:
        reason = f"单价单位「{standard.unit}」不是 元/人/月、元/人/年、元/人 或 元/<实物量单位> 的形式"
    elif basis[0] in (PER_PERSON_MONTH, PER_PERSON):
        word = basis[1]
        if not cats:
            reason = "该明细没有对应的「发放台账」类别，无法按人计算"
        else:
            count = person_months if basis[0] == PER_PERSON_MONTH else persons
            label = f"{word}·月" if basis[0] == PER_PERSON_MONTH else word
            if count == 0:
                reason = f"「发放台账」中「{'、'.join(cats)}」没有正数发放记录"
            else:
                v = q2(granted / count)
                actual = Figure(v, standard.unit, f"{fmt_money(granted)} 元 ÷ {count:,} {label} = {fmt_money(v)} {standard.unit}")
    else:
        want = basis[1]
        if qname is None:
            reason = f"该明细未在「实物量」列指明计量它的实物量，无法按{want}计算"
        elif qname not in quantities:
            reason = f"「实物量」表中该项目没有名称为「{qname}」的记录"
        else:
            qv, qu = quantities[qname]
            if qu and qu != want:
                reason = f"实物量「{qname}」以{qu}计，与标准的单位{want}不同"
            elif qv == 0:
                reason = f"实物量「{qname}」为 0，不能作分母"
            else:
                v = q2(spent / qv)
                actual = Figure(v, standard.unit,
                                f"{name} 支出 {fmt_money(spent)} 元 ÷ {qname} {_n(qv)} {want} = {fmt_money(v)} {standard.unit}")
    deviation = _deviation(actual.value, standard.value) if actual is not None and standard is not None else None
    budget = None if blank(amount) else q2(amount)
    yoy = None
    if prev is not None and actual is not None and prev.unit == actual.unit and prev.value != 0:
        yoy = q2((actual.value - prev.value) / prev.value * _HUNDRED)
    return CostLine(code, name, row, budget, spent, source, _share(spent, total),
                    None if not budget else q2(spent / (dec(amount) * WAN) * _HUNDRED), standard, actual, reason,
                    deviation, tuple(cats), qname, granted,
                    persons if cats else None, person_months if cats else None, months_paid if cats else None,
                    planned_persons, planned_months, planned_pm, prev, yoy)


def _share(spent: Decimal, total: Decimal) -> Decimal | None:
    return None if total == 0 else q2(spent / total * _HUNDRED)


def _previous_actuals(previous: Year) -> dict[tuple, Figure]:
    out = {}
    for pc in compute_costs(previous).projects:
        for ln in pc.lines:
            if ln.actual is not None and not ln.unlinked:
                out[(pc.project, ln.line)] = ln.actual
    return out


def deviation_text(ln: CostLine) -> str | None:
    """`(399.43 − 400.00) ÷ 400.00 = -0.14%` for a line with both figures."""
    if ln.deviation_pct is None:
        return None
    a, s = ln.actual.value, ln.standard.value
    return f"（{fmt_money(a)} − {fmt_money(s)}）÷ {fmt_money(s)} = {_pct(ln.deviation_pct)}"
