"""`jxreport audit`: read published 项目支出绩效自评表 and recompute them (docs/audit.md).

Stage: after jxreport/scoring (uses core, grammar and scoring; nothing later).
"""

from __future__ import annotations

import html as _html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from jxreport.audit.reader import SUFFIXES, UnreadableFile, read_tables
from jxreport.audit.recompute import ERROR, WARNING, Audit, audit_table
from jxreport.core.paths import template
from jxreport.scoring.rules import Rules, load_rules

__all__ = ["AuditRun", "audit_paths", "render_html", "render_json", "render_table"]


@dataclass
class AuditRun:
    rules: Rules
    audits: list[Audit] = field(default_factory=list)
    unreadable: list[dict] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if not self.audits:
            return 2
        return 1 if any(a.errors for a in self.audits) else 0

    def to_dict(self) -> dict:
        return {"rules": self.rules.name, "tables": [a.to_dict() for a in self.audits],
                "files_unreadable": self.unreadable}


def _files(paths) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                          and not f.name.startswith(("~$", ".~")))
        else:
            out.append(p)
    return out


def _audit_file(f: Path, rules: Rules) -> tuple[list[Audit], dict | None]:
    """The audits of one file, or the reason it cannot be read (never raises)."""
    if not f.exists():
        return [], {"file": str(f), "message": f"{f}：文件不存在。"}
    try:
        tables = read_tables(f)
    except UnreadableFile as exc:
        return [], {"file": str(f), "message": str(exc)}
    except Exception as exc:  # a file no reader expected: listed, never fatal for the rest
        return [], {"file": str(f), "message": f"{f}：读取失败（{type(exc).__name__}: {exc}）。"}
    return [audit_table(t, rules, str(f)) for t in tables], None


# PDF table extraction costs ~0.15 s a page: many PDFs are read on every core.
PARALLEL_PDFS = 8


def audit_paths(paths, rules=None, workers: int | None = None) -> AuditRun:
    """Audit every table of every file; an unreadable file is listed and the others go on."""
    run = AuditRun(load_rules(rules))
    files = _files(paths)
    n_pdf = sum(f.suffix.lower() == ".pdf" for f in files)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_pdf >= PARALLEL_PDFS and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_audit_file, files, [run.rules] * len(files), chunksize=4))
    else:
        results = [_audit_file(f, run.rules) for f in files]
    for audits, bad in results:
        run.audits += audits
        if bad:
            run.unreadable.append(bad)
    return run


# --------------------------------------------------------------------------- output

def _v(x) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:g}"
    return str(x)


def render_json(run: AuditRun) -> str:
    return json.dumps(run.to_dict(), ensure_ascii=False, indent=2)


def render_table(run: AuditRun) -> str:
    lines = [f"规则集：{run.rules.name}（{run.rules.title}）",
             f"读取 {len(run.audits)} 张表；有错误 {sum(1 for a in run.audits if a.errors)} 张，"
             f"有警告 {sum(1 for a in run.audits if a.warnings)} 张；无法读取的文件 {len(run.unreadable)} 个。"]
    by_file: dict[str, list[Audit]] = {}
    for a in run.audits:
        by_file.setdefault(a.file, []).append(a)
    ranked = sorted(by_file.items(), key=lambda kv: (-sum(a.errors for a in kv[1]), -sum(a.warnings for a in kv[1])))
    for f, audits in ranked:  # files with 错误 first, then 警告; the rest in folder order
        lines.append("")
        lines.append(f"== {f}")
        for a in sorted(audits, key=lambda a: (-a.errors, -a.warnings)):
            t = a.table
            lines.append(f"  [{t.sheet} {t.range}] {t.project or '（未写项目名称）'}：错误 {a.errors}，警告 {a.warnings}，"
                         f"提示 {len(a.findings) - a.errors - a.warnings}")
            for x in a.findings:
                where = x.cell or "—"
                lines.append(f"    {x.level} {x.kind} {where}：{x.message}")
    if run.unreadable:
        lines.append("")
        lines.append("无法读取：")
        lines += [f"  {u['message']}" for u in run.unreadable]
    return "\n".join(lines) + "\n"


_JS = """document.querySelectorAll('table.sortable th').forEach(function(th,i){th.addEventListener('click',
function(){var tb=th.closest('table').tBodies[0],rows=Array.from(tb.rows),asc=th.dataset.asc!=='1';
th.dataset.asc=asc?'1':'0';rows.sort(function(a,b){var x=a.cells[i].innerText,y=b.cells[i].innerText,
nx=parseFloat(x),ny=parseFloat(y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'zh');
return asc?c:-c;});rows.forEach(function(r){tb.appendChild(r);});});});"""


def render_html(run: AuditRun) -> str:
    """One self-contained page: summary, a sortable list of tables, each table's findings by its figures."""
    e = lambda x: _html.escape(_v(x))  # noqa: E731
    n_err = sum(1 for a in run.audits if a.errors)
    n_warn = sum(1 for a in run.audits if a.warnings)
    out = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>自评表审核</title>",
           f"<style>{template('audit.css')}</style></head><body><h1>项目支出绩效自评表审核</h1>",
           f"<p>规则集：{e(run.rules.name)}（{e(run.rules.title)}）。共 {len(run.audits)} 张表，"
           f"有错误 {n_err} 张，有警告 {n_warn} 张，无法读取的文件 {len(run.unreadable)} 个。</p>",
           "<table class='sortable'><thead><tr><th>文件</th><th>工作表</th><th>区域</th><th>项目</th>"
           "<th>错误</th><th>警告</th><th>印制总分</th><th>重算总分</th></tr></thead><tbody>"]
    for k, a in enumerate(run.audits):
        d = a.to_dict()
        out.append(f"<tr><td>{e(a.file)}</td><td>{e(d['sheet'])}</td><td><a href='#t{k}'>{e(d['range'])}</a></td>"
                   f"<td>{e(d['project'])}</td><td>{a.errors}</td><td>{a.warnings}</td>"
                   f"<td>{e(d['published']['total'])}</td><td>{e(d['recomputed']['total'])}</td></tr>")
    out.append("</tbody></table>")
    for k, a in enumerate(run.audits):
        d = a.to_dict()
        p, r = d["published"], d["recomputed"]
        figs = [("金额单位", d["money_unit"]), ("年初预算数", p["budget_initial"]), ("全年预算数", p["budget"]),
                ("全年执行数", p["executed"]), ("执行率（印）", p["execution_rate"]),
                ("执行率（重算）", r["execution_rate"]), ("执行率得分（印）", p["execution_score"]),
                ("执行率得分（重算）", r["execution_score"]), ("总分（印）", p["total"]),
                ("总分（重算）", r["total"]), ("等级（印）", p["grade"])]
        out.append(f"<div class='card' id='t{k}'><div><h3>{e(d['project'])}</h3><p>{e(a.file)} · {e(d['sheet'])} "
                   f"{e(d['range'])}</p><table class='fig'>"
                   + "".join(f"<tr><td>{e(n)}</td><td>{e(v)}</td></tr>" for n, v in figs) + "</table></div>")
        out.append("<div><table class='sortable'><thead><tr><th>级别</th><th>类型</th><th>单元格</th><th>指标</th>"
                   "<th>印制</th><th>应为</th><th>说明</th></tr></thead><tbody>")
        for f in d["findings"]:
            out.append(f"<tr class='{e(f['level'])}'><td>{e(f['level'])}</td><td>{e(f['kind'])}</td><td>{e(f['cell'])}</td>"
                       f"<td>{e(f['indicator'])}</td><td>{e(f['published'])}</td><td>{e(f['expected'])}</td>"
                       f"<td>{e(f['message'])}</td></tr>")
        if not d["findings"]:
            out.append("<tr><td colspan='7'>未发现问题。</td></tr>")
        out.append("</tbody></table></div></div>")
    if run.unreadable:
        out.append("<h2>无法读取的文件</h2><ul>" + "".join(f"<li>{e(u['message'])}</li>" for u in run.unreadable) + "</ul>")
    out.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(out)


RENDERERS = {"table": render_table, "json": render_json, "html": render_html}
LEVELS = (ERROR, WARNING)
