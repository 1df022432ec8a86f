"""A fiscal year's run parameters (params/<year>.yaml): what to report, from where, into where.

Paths in the file are relative to the project root (the folder that holds `params/`), so
`jxreport run params/2022.yaml` means the same from any working directory. The report date
is a parameter, never today's date, so that a run can be repeated and gives the same reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jxreport.core.configfile import brief, load_yaml
from jxreport.report.editions import EDITIONS, parse_editions
from jxreport.core.exceptions import ParamsError
from jxreport.scoring.rules import BUILTIN_RULES

FORMATS = ("html", "pdf")
REQUIRED = ("department", "data", "rules", "report_date")
OPTIONAL = {"formats": list(FORMATS), "output": "output", "silence": [], "monitor_month": None,
            "previous": None, "editions": list(EDITIONS), "report_timeout": 120}
_HELP = {
    "department": "单位名称，如 高新区街道办事处",
    "data": "本年度数据目录，如 data/2022",
    "rules": "规则集名称（如 mof-2020）或规则文件路径",
    "report_date": "报告日期，如 2023-03-31",
    "formats": "输出格式列表，可选 html、pdf",
    "output": "输出根目录，如 output",
    "silence": "有意静默的检查编号列表，如 [T101]",
    "monitor_month": "绩效运行监控截至月份（1–12），或 null",
    "previous": "上一年度数据目录（用于同比），或 null",
    "editions": "报告版本列表，可选 报送稿、审核底稿（默认两者）",
    "report_timeout": "每份报告执行与打印 PDF 的时间上限（秒，正数，默认 120）",
}


@dataclass(frozen=True)
class Params:
    path: Path  # the params file, absolute
    root: Path  # the folder relative paths are resolved against
    department: str
    data_dir: Path  # absolute
    rules: str  # a rule-set name as written, or an absolute path to a rule file
    formats: tuple[str, ...]
    output: Path  # the output root (absolute); a year's reports go to output/<year>/
    report_date: dt.date
    silence: tuple[str, ...] = ()
    monitor_month: int | None = None
    previous_dir: Path | None = None  # absolute, for 同比
    editions: tuple[str, ...] = EDITIONS  # 报送稿 and/or 审核底稿
    report_timeout: float = 120  # seconds a report may take (pipeline/deadline.py)

    @property
    def rule_search(self) -> tuple[Path, ...]:
        """Where a rule-set name is looked up: the root's params/rules, then the built-in ones."""
        return (self.root / "params" / "rules", BUILTIN_RULES)

    def to_dict(self) -> dict:
        """The parameters as plain data, paths relative to the root where they lie under it."""
        return {"department": self.department, "data": _rel(self.data_dir, self.root),
                "rules": _rel(Path(self.rules), self.root) if _is_rule_path(self.rules) else self.rules,
                "formats": list(self.formats), "output": _rel(self.output, self.root),
                "report_date": self.report_date.isoformat(), "silence": list(self.silence),
                "monitor_month": self.monitor_month,
                "previous": _rel(self.previous_dir, self.root) if self.previous_dir else None,
                "editions": list(self.editions), "report_timeout": self.report_timeout}


def root_of(path: Path) -> Path:
    """The project root of a params file: the parent of `params/`, else the file's own folder."""
    path = path.resolve()
    return path.parent.parent if path.parent.name == "params" else path.parent


def load_params(path) -> Params:
    """Read and check a params file; every problem is a ParamsError naming the file and the key."""
    path = Path(path)
    if not path.is_file():
        raise ParamsError(f"找不到参数文件 {path}。")
    data = load_yaml(path, "参数文件")
    if not isinstance(data, dict):
        raise ParamsError(f"参数文件 {path} 应为键值映射（department、data、rules、report_date …）。")
    where = f"参数文件 {path}"
    unknown = [k for k in data if k not in REQUIRED and k not in OPTIONAL]
    if unknown:
        raise ParamsError(f"{where}：未知的键 {brief('、'.join(map(str, unknown)))}。"
                          f"可用的键：{'、'.join([*REQUIRED, *OPTIONAL])}。")
    missing = [k for k in REQUIRED if data.get(k) in (None, "")]
    if missing:
        raise ParamsError(f"{where}：缺少 " + "；".join(f"「{k}」（{_HELP[k]}）" for k in missing) + "。")
    values = {**OPTIONAL, **data}
    root = root_of(path)

    def bad(key: str, got) -> ParamsError:
        return ParamsError(f"{where}：「{key}」的值 {brief(got)} 无效，应为{_HELP[key]}。")

    department = values["department"]
    if not isinstance(department, str) or not department.strip():
        raise bad("department", department)
    data_dir = _path(values["data"], root, "data", bad)
    if not data_dir.is_dir():
        raise ParamsError(f"{where}：「data」指向的数据目录 {data_dir} 不存在。")
    rules = values["rules"]
    if not isinstance(rules, str) or not rules.strip():
        raise bad("rules", rules)
    rules = str(_path(rules, root, "rules", bad)) if _is_rule_path(rules) else rules.strip()
    formats = parse_formats(values["formats"], where=f"{where}：「formats」")
    report_date = values["report_date"]
    if isinstance(report_date, str):
        try:
            report_date = dt.date.fromisoformat(report_date.strip())
        except ValueError:
            raise bad("report_date", report_date) from None
    if isinstance(report_date, dt.datetime):
        report_date = report_date.date()
    if not isinstance(report_date, dt.date):
        raise bad("report_date", report_date)
    silence = values["silence"] or []
    if isinstance(silence, str):
        silence = [silence]
    if not isinstance(silence, list) or not all(isinstance(s, str) and s.strip() for s in silence):
        raise bad("silence", values["silence"])
    month = check_month(values["monitor_month"], where=f"{where}：「monitor_month」")
    previous = values["previous"]
    previous_dir = _path(previous, root, "previous", bad) if previous not in (None, "") else None
    if previous_dir is not None and not previous_dir.is_dir():
        raise ParamsError(f"{where}：「previous」指向的数据目录 {previous_dir} 不存在。")
    editions = check_editions(values["editions"], where=f"{where}：「editions」")
    report_timeout = check_timeout(values["report_timeout"], where=f"{where}：「report_timeout」")
    return Params(path=path.resolve(), root=root, department=department.strip(), data_dir=data_dir,
                  rules=rules, formats=formats, output=_path(values["output"], root, "output", bad),
                  report_date=report_date, silence=tuple(s.strip() for s in silence),
                  monitor_month=month, previous_dir=previous_dir, editions=editions,
                  report_timeout=report_timeout)


def parse_formats(value, *, where: str = "输出格式") -> tuple[str, ...]:
    """A list (or comma-separated text) of output formats, checked against FORMATS, in that order."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ParamsError(f"{where}应为列表，可选 {'、'.join(FORMATS)}，读到 {brief(value)}。")
    got = [(f if isinstance(f, str) else brief(f, 40)).strip().lower() for f in items[:50]
           if (f if isinstance(f, str) else "x").strip()]
    wrong = [f for f in got if f not in FORMATS]
    if wrong or not got:
        raise ParamsError(f"{where}：不支持的输出格式 {'、'.join(wrong) or '（空）'}；可选 {'、'.join(FORMATS)}。")
    return tuple(f for f in FORMATS if f in got)


def check_editions(value, *, where: str = "报告版本") -> tuple[str, ...]:
    """报送稿 / 审核底稿 / 全部 (a list or comma-separated text) → the editions, in their fixed order."""
    if value is not None and not isinstance(value, (str, list, tuple)):
        value = [brief(value, 40)]
    try:
        return parse_editions(value)
    except ValueError as exc:
        raise ParamsError(f"{where}：{exc}") from None


def check_timeout(value, *, where: str = "时间上限") -> float:
    """A report time limit in seconds: a positive number (YAML or the command line)."""
    try:
        seconds = float(value) if not isinstance(value, bool) else float("nan")
    except (TypeError, ValueError):
        seconds = float("nan")
    if not 0 < seconds < 1e7:
        raise ParamsError(f"{where} 的值 {brief(value)} 无效，应为正数（秒），如 120。")
    return seconds


def check_month(value, *, where: str = "监控月份") -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise ParamsError(f"{where}应为 1–12 的整数或 null，读到 {brief(value)}。")
    return value


def _is_rule_path(value: str) -> bool:
    return "/" in value or "\\" in value or value.endswith((".yaml", ".yml"))


def _path(value, root: Path, key: str, bad) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise bad(key, value)
    p = Path(value.strip()).expanduser()
    return (p if p.is_absolute() else root / p).resolve()


def _rel(p: Path, root: Path) -> str:
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return str(p)
