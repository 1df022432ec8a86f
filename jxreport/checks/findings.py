"""Findings: the result of run_checks, and its console text and JSON form."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jxreport.core.problems import ERROR, HINT, LEVELS, WARNING, Problem

DEPARTMENT = "部门整体"  # heading of findings that belong to no project (部门指标)


@dataclass(frozen=True)
class Findings:
    """Every finding of a run, sorted by level, then project (sheet order), then row.

    `silenced` are the ids a year's params silenced on purpose; the findings they would
    have produced are kept in `silenced_items`, counted and listed, never dropped silently.
    `projects` is (项目编码, 项目名称) in sheet order, for headings.
    """

    items: tuple[Problem, ...] = ()
    silenced: tuple[str, ...] = ()
    silenced_items: tuple[Problem, ...] = ()
    projects: tuple[tuple[str, str], ...] = ()

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.items if p.level == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.items if p.level == WARNING)

    @property
    def hints(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.items if p.level == HINT)

    def by_project(self, code: str | None) -> tuple[Problem, ...]:
        """The findings of one project (None: those of no project, e.g. 部门指标)."""
        return tuple(p for p in self.items if p.project == code)

    def by_id(self, check_id: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.items if p.id == check_id)

    def counts(self) -> dict[str, int]:
        """{错误: a, 警告: b, 提示: c, 已静默: s, 合计: a + b + c}."""
        c = Counter(p.level for p in self.items)
        out = {lv: c.get(lv, 0) for lv in LEVELS}
        out["已静默"] = len(self.silenced_items)
        out["合计"] = len(self.items)
        return out

    def summary(self) -> str:
        c = self.counts()
        return (f"共 {c['合计']} 条：错误 {c[ERROR]} 条，警告 {c[WARNING]} 条，提示 {c[HINT]} 条"
                f"（已静默 {c['已静默']} 条）")

    def project_name(self, code: str | None) -> str:
        if code is None:
            return DEPARTMENT
        name = dict(self.projects).get(code)
        return f"{code} {name}" if name else code


def sort_key(order: dict[str, int]):
    """Level, then project in sheet order (部门 last), then row, then id."""
    big = len(order) + 1

    def key(p: Problem):
        return (LEVELS.index(p.level), order.get(p.project, big if p.project is None else big - 1),
                p.project or "", p.sheet or "", p.row if p.row is not None else 0, p.id or "", p.message)

    return key


def _one(p: Problem, indent: str) -> list[str]:
    head = f"{indent}{p.id} {p.title}"
    place = p.place
    lines = [head + (f" — {place}" if place else ""), f"{indent}  {p.message}"]
    if p.numbers:
        lines.append(f"{indent}  " + "；".join(f"{k} = {v}" for k, v in p.numbers))
    return lines


def format_findings(findings: Findings, by: str = "level") -> str:
    """Console text: grouped by level then project (by="level"), or by project then level."""
    if by not in ("level", "project"):
        raise ValueError("by must be 'level' or 'project'")
    lines: list[str] = []
    items = findings.items
    if by == "level":
        for level in LEVELS:
            group = [p for p in items if p.level == level]
            if not group:
                continue
            lines.append(f"{level}（{len(group)} 条）")
            for code in dict.fromkeys(p.project for p in group):
                lines.append(f"  ■ {findings.project_name(code)}")
                for p in group:
                    if p.project == code:
                        lines += _one(p, "    ")
    else:
        for code in dict.fromkeys(p.project for p in items):
            own = [p for p in items if p.project == code]
            lines.append(f"■ {findings.project_name(code)}（{len(own)} 条）")
            for level in LEVELS:
                group = [p for p in own if p.level == level]
                if group:
                    lines.append(f"  {level}（{len(group)} 条）")
                    for p in group:
                        lines += _one(p, "    ")
    if not items:
        lines.append("未发现问题。")
    if findings.silenced_items:
        per = Counter(p.id for p in findings.silenced_items)
        lines.append("已静默的检查：" + "、".join(f"{i}（{per.get(i, 0)} 条）" for i in findings.silenced))
    elif findings.silenced:
        lines.append("已静默的检查：" + "、".join(f"{i}（0 条）" for i in findings.silenced))
    lines.append(findings.summary())
    return "\n".join(lines)


def to_dicts(findings: Findings) -> list[dict]:
    """Every finding as a JSON-ready dict; silenced ones follow with "silenced": true."""
    out = [{**p.to_dict(), "place": p.place, "silenced": False} for p in findings.items]
    out += [{**p.to_dict(), "place": p.place, "silenced": True} for p in findings.silenced_items]
    return out
