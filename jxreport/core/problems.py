"""One record type for everything a run wants a person to read about the input.

Validation problems (unreadable input) and check findings (勾稽 / 目标审核) share it, so
the console, the report's 数据质量 section and `scores.json` print them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "错误"
WARNING = "警告"
HINT = "提示"
LEVELS = (ERROR, WARNING, HINT)


@dataclass(frozen=True)
class Problem:
    level: str
    message: str
    workbook: str | None = None
    sheet: str | None = None
    row: int | None = None  # the row as Excel numbers it
    column: str | None = None
    project: str | None = None  # 项目编码, when the problem belongs to one project
    id: str | None = None  # stable check id such as "T101"; None for plain validation
    title: str | None = None  # short name of the check, e.g. "测算明细金额不符"
    numbers: tuple[tuple[str, str], ...] = field(default=())  # the figures behind it

    @property
    def place(self) -> str:
        """Where to look, in the words an analyst uses: 文件「…」工作表「…」第 N 行「列」列."""
        parts = []
        if self.workbook:
            parts.append(f"文件「{self.workbook}」")
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"「{self.column}」列")
        return "".join(parts)

    def __str__(self) -> str:
        head = f"[{self.level}]"
        if self.id:
            head += f" {self.id}" + (f" {self.title}" if self.title else "")
        place = self.place
        return f"{head} {place}：{self.message}" if place else f"{head} {self.message}"

    def to_dict(self) -> dict:
        d = {"level": self.level, "id": self.id, "title": self.title, "workbook": self.workbook,
             "sheet": self.sheet, "row": self.row, "column": self.column, "project": self.project,
             "message": self.message, "numbers": dict(self.numbers)}
        return d
