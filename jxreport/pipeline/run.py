"""`jxreport run`: one fiscal year's reports, from the params file to output/<year>/.

Order matters: the year is read, scored and checked before anything is written, so that
unreadable input stops the run with nothing touched. Then every file is written into a
temporary folder beside the output (publish.Staging): scores.json, 自评表.xlsx, one
notebook a report executed with papermill (in parallel processes) and exported to HTML
and PDF, index.html and manifest.json. Only a complete run is swapped in.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from jxreport.checks import run_checks
from jxreport.core import schema as S
from jxreport.core.exceptions import ParamsError, ReportError, ValidationError
from jxreport.core.paths import NOTEBOOKS, PACKAGE
from jxreport.core.problems import ERROR, Problem
from jxreport.io.loading import load_year
from jxreport.outputs import scores_json
from jxreport.outputs.forms import write_form
from jxreport.outputs.index_page import ReportLink, write_index
from jxreport.outputs.pdf import HARFBUZZ_WARNING, harfbuzz_subset_available, running_header
from jxreport.pipeline import executors
from jxreport.pipeline.cluster import require_dask
from jxreport.pipeline.engines import ENGINE_NAME as DEFAULT_ENGINE
from jxreport.pipeline.incremental import carry_files, carry_over, manifest_entries, read_manifest, report_hashes
from jxreport.pipeline.jobs import Job, safe_name
from jxreport.pipeline.params import check_editions, check_month, check_timeout, load_params, parse_formats
from jxreport.pipeline.publish import PROJECT_ROOT, Staging, check_output, write_manifest
from jxreport.pipeline.runlock import year_lock
from jxreport.report.context import ReportContext
from jxreport.report.snapshot import shared
from jxreport.scoring.costs import compute_costs
from jxreport.scoring.monitoring import monitor, months_available
from jxreport.scoring.rules import load_rules
from jxreport.scoring.scorer import score_year
from jxreport.sections import appendix

DEPARTMENT_NOTEBOOK = "department_report.ipynb"
PROJECT_NOTEBOOK = "project_report.ipynb"
MONITORING_NOTEBOOK = "monitoring_report.ipynb"
APPENDIX_NOTEBOOK = "department_appendix.ipynb"  # one part of the department report's appendix
DEPARTMENT_STEM = "部门整体绩效自评报告"
FORM = "自评表.xlsx"
SCORES = "scores.json"
INDEX = "index.html"


@dataclass(frozen=True)
class RunSummary:
    """What a run wrote; str() is the closing message printed by `jxreport run`."""

    year: int
    department: str
    output_dir: Path
    reports: tuple[ReportLink, ...]
    files: tuple[str, ...]  # every output file, relative to output_dir
    seconds: float
    department_score: str
    department_grade: str
    findings: dict  # {错误: n, 警告: n, 提示: n, …}
    warnings: int  # 警告-level findings of the checks
    highlights: tuple[str, ...] = ()  # the errors and warnings, one line each
    notes: tuple[str, ...] = ()  # about the run itself (slow PDFs, names that differ …)
    timings: tuple[tuple[str, dict], ...] = ()  # (report stem, {execute, html, pdf} seconds)
    notes_shown: bool = False  # the notes were printed when the run started: str() leaves them out
    rebuilt: int | None = None  # reports executed this run (None: not counted)
    reused: int = 0  # reports carried over from the published year, their inputs unchanged
    input_notes: dict = field(default_factory=dict)  # {警告: n, …} of reading and scoring, listed with the findings

    @property
    def reports_written(self) -> int:
        return len(self.reports)

    @property
    def errors(self) -> int:
        """错误-level findings of the checks (they never stop a run, but a caller may want exit 1)."""
        return self.findings.get("错误", 0)

    def __str__(self) -> str:
        html = sum(1 for r in self.reports if r.html)
        pdf = sum(1 for r in self.reports if r.pdf)
        kinds = "、".join(k for k, n in (("网页", html), ("PDF", pdf)) if n)
        made = f"（{kinds}）" if kinds else ""
        extra = "、".join(f for f in (FORM, SCORES, INDEX, "manifest.json") if f in self.files)
        lines = [f"{self.department} {self.year} 年度：已生成 {len(self.reports)} 份报告{made}及 {extra}，"
                 f"用时 {self.seconds:.1f} 秒。",
                 f"部门整体得分 {self.department_score} 分（{self.department_grade}）。"]
        if self.rebuilt is not None:
            lines.insert(1, f"重新生成 {self.rebuilt} 份，沿用 {self.reused} 份（输入未变）。")
        f = self.findings
        lines.append(f"数据检查：错误 {f.get('错误', 0)} 条，警告 {f.get('警告', 0)} 条，提示 {f.get('提示', 0)} 条"
                     + (f"（另有已静默 {f['已静默']} 条）" if f.get("已静默") else "")
                     + "".join(f"；读取与评分：{lv} {n} 条" for lv, n in self.input_notes.items() if n) + "。")
        shown = self.highlights[:10]
        lines += [f"  {h}" for h in shown]
        if len(self.highlights) > len(shown):
            lines.append(f"  …… 另有 {len(self.highlights) - len(shown)} 条，见 index.html。")
        if not self.notes_shown:
            lines += list(self.notes)
        lines.append(f"输出目录：{_shown_path(self.output_dir)}（先打开 {INDEX}）")
        return "\n".join(lines)


def _shown_path(p: Path) -> str:
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


# --------------------------------------------------------------------------- the run

def _plan(params, year, ys, *, codes, month, notebooks: Path) -> list[Job]:
    date = params.report_date.isoformat()
    common = {"data_dir": str(params.data_dir), "rules": params.rules, "report_date": date,
              "silence": list(params.silence),
              "previous_dir": str(params.previous_dir) if params.previous_dir else None}

    dept, no = params.department, year.year
    jobs = [Job("department", DEPARTMENT_STEM, f"{dept} {no} 年度部门整体绩效自评报告",
                running_header(dept, no, "部门整体绩效自评报告"), str(notebooks / DEPARTMENT_NOTEBOOK), dict(common))]
    jobs += _appendix_jobs(params, year, ys, common, notebooks)
    for p in ys.projects:
        if p.code not in codes:
            continue
        jobs.append(Job("project", report_stem(p.code, p.name),
                        f"{p.name}（{p.code}）{no} 年度项目支出绩效自评报告",
                        running_header(dept, no, f"{p.name} 绩效自评报告"), str(notebooks / PROJECT_NOTEBOOK),
                        {**common, "project_code": p.code}, code=p.code))
    if month is not None:
        jobs.append(Job("monitoring", f"绩效运行监控_{month}月", f"{dept} {no} 年度绩效运行监控报告（截至 {month} 月）",
                        running_header(dept, no, f"绩效运行监控（截至 {month} 月）"),
                        str(notebooks / MONITORING_NOTEBOOK),
                        {"data_dir": str(params.data_dir), "rules": params.rules, "month": month,
                         "report_date": date}))
    return jobs


def _appendix_jobs(params, year, ys, common: dict, notebooks: Path) -> list[Job]:
    """The parts of the department report's appendix (sections/appendix.py: none up to INLINE_MAX projects)."""
    own = notebooks / APPENDIX_NOTEBOOK  # a project's notebooks/ made before the appendix existed has none
    notebook = own if own.is_file() else NOTEBOOKS / APPENDIX_NOTEBOOK
    jobs, first = [], 1
    for k, codes in enumerate(appendix.parts(p.code for p in ys.projects), 1):
        label = appendix.part_label(k, first, first + len(codes) - 1)
        first += len(codes)
        jobs.append(Job("appendix", appendix.part_stem(k), f"{params.department} {year.year} 年度部门整体绩效自评报告{label}",
                        running_header(params.department, year.year, f"部门整体绩效自评报告{label}"), str(notebook),
                        {**common, "number": k, "codes": list(codes)}))
    return jobs


STEM_BYTES = 200  # a file name may have 255 bytes; room is left for .ipynb and the like


def report_stem(code: str, name: str) -> str:
    """`<项目编码>_<项目名称>` as a file name, the name shortened (…) to fit STEM_BYTES; the code,
    which tells reports apart, is always kept whole."""
    stem = safe_name(f"{code}_{name}")
    if len(stem.encode("utf-8")) <= STEM_BYTES:
        return stem
    head = safe_name(code)[:60] + "_"
    room = STEM_BYTES - len(head.encode("utf-8")) - len("…".encode("utf-8"))
    short = safe_name(name).encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return head + short + "…"


def _monitor_month(year, params, override) -> int | None:
    """The month of the monitoring report: asked for, else the latest 截至月份 in 绩效监控, else none."""
    asked = check_month(override, where="--monitor-month ") if override is not None else params.monitor_month
    if asked is not None:
        return asked

    months = months_available(year)
    return months[-1] if months else None


def _notebooks(root: Path) -> Path:
    """The project's own notebooks/ when it has the report notebooks (`jxreport new` puts them
    there, and an analyst may have edited them), else the package's."""
    own = root / "notebooks"
    return own if (own / PROJECT_NOTEBOOK).is_file() and (own / DEPARTMENT_NOTEBOOK).is_file() else NOTEBOOKS


def _rel_name(path: Path, root: Path) -> str:
    """An input's name in the manifest: relative to the project root, or to the installed package
    for a built-in rule set or notebook (jxreport/rulesets/mof-2020.yaml), so that the same run
    names its inputs the same way on every machine."""
    resolved = path.resolve()
    for base, prefix in ((root, ""), (PACKAGE.resolve(), "jxreport/")):
        try:
            return prefix + resolved.relative_to(base).as_posix()
        except ValueError:
            pass
    return str(resolved)


def _inputs(params, rules, jobs: list[Job]) -> dict[str, Path]:
    files = [params.data_dir / wb for wb in S.WORKBOOKS]
    if params.previous_dir:
        files += [params.previous_dir / wb for wb in S.WORKBOOKS]
    files.append(params.path)
    if getattr(rules, "source", None):
        files.append(Path(rules.source))
    files += sorted({Path(j.notebook) for j in jobs})
    return {_rel_name(p, params.root): p for p in files if p.is_file()}


def run_reports(params_path, *, projects=None, formats=None, out=None, monitor_month=None, workers=None,
                progress=True, notebooks=None, engine_name: str | None = None, scheduler=None,
                force: bool = False, editions=None, timeout=None, wait: bool = True) -> RunSummary:
    """Produce a fiscal year's reports as the params file says; returns what was written.

    `projects` rebuilds only these 项目编码's reports and carries every other project report over
    from the published year (the department report, the form, scores.json and index.html are
    always made); `wait` False raises runlock.RunLocked at once when another run holds the
    year's lock (else it waits); `formats` overrides the params' formats;
    `out` the output root (the year's folder is out/<year>); `monitor_month` asks for the
    monitoring report of that month; `workers` the number of parallel processes (default:
    the number of cores); `notebooks` a folder with the report notebooks (default: the
    project's notebooks/, else the package's); `engine_name` a papermill engine (default: jxreport_warm, warm
    kernels; "nbclient" is papermill's own, a fresh kernel per report); `scheduler` the
    address of a Dask scheduler (tcp://HOST:8786) to run the reports on instead of here.
    A report whose input hash (incremental.py) is the one in the published manifest is
    carried over from output/<year>/ instead of rebuilt; `force` rebuilds every report;
    `editions` (报送稿, 审核底稿 or 全部) overrides the params' editions; `timeout` (seconds)
    the params' report_timeout: a report over it fails the run (deadline.py).
    Raises ValidationError (unreadable input: nothing written), ParamsError, ReportError
    (a report failed: previous outputs untouched, failed notebooks kept in failed/<year>/).
    """
    started = time.perf_counter()
    engine_name = engine_name or DEFAULT_ENGINE
    if scheduler is not None:
        require_dask()  # before any work: the install hint when dask is missing

    params = load_params(params_path)
    formats = parse_formats(formats, where="--formats") if formats is not None else params.formats
    editions = check_editions(editions, where="--edition") if editions is not None else params.editions
    limit = check_timeout(timeout, where="--timeout") if timeout is not None else params.report_timeout
    output_root = Path(out).resolve() if out is not None else params.output
    notebooks = Path(notebooks).resolve() if notebooks is not None else _notebooks(params.root)

    # Read, score and check: unreadable input stops here, before anything is written.

    year = load_year(params.data_dir)
    _check_output(params, output_root, year.year)  # before anything is written
    previous_year = _check_previous(params.previous_dir) if params.previous_dir else None
    rules = load_rules(params.rules, search=params.rule_search)
    ys = score_year(year, rules)
    findings = run_checks(year, rules=rules, silence=params.silence, scores=ys)
    previous = score_year(previous_year, rules) if previous_year is not None else None
    all_codes = [p.code for p in ys.projects]
    if projects:
        unknown = [c for c in projects if c not in all_codes]
        if unknown:
            raise ParamsError(f"未知的项目编码：{'、'.join(unknown)}；可用的项目编码：{'、'.join(all_codes)}。")
    codes = set(projects or all_codes)
    month = _monitor_month(year, params, monitor_month)
    jobs = [replace(j, editions=editions, timeout=limit)
            for j in _plan(params, year, ys, codes=set(all_codes), month=month, notebooks=notebooks)]
    missing = [j.notebook for j in jobs if not Path(j.notebook).is_file()]
    if missing:
        raise ReportError("找不到报告笔记本：" + "、".join(sorted(set(missing))) + "；未生成任何输出。")
    notes = _notes(params, year, formats if scheduler is None else ())  # a cluster checks its workers
    prepared = ReportContext(year=year, rules=rules, scores=ys, findings=findings, previous=previous,
                             previous_year=previous_year)
    hashes = report_hashes(jobs, prepared, formats=formats, root=params.root, files={FORM: {"month": month}})

    from tqdm.auto import tqdm


    n_workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    show = progress and sys.stderr.isatty()
    if show:  # printed once, now; the closing summary leaves them out
        for note in notes:
            tqdm.write(note, file=sys.stderr)
    with year_lock(output_root, year.year, wait=wait, say=_say), Staging(output_root, year.year) as stage:
        if stage.recovered:
            _say(stage.recovered)
        published = read_manifest(stage.final)
        scores_json.write(ys, stage.path(SCORES), compute_costs(year, previous_year))
        kept_files = set() if force else carry_files([FORM], hashes, published, stage.final, stage.tmp)
        if FORM not in kept_files:  # its input hash changed (or --force): made again
            monitoring = monitor(year, rules, month) if month is not None else None
            write_form(ys, stage.path(FORM), year=year, monitoring=monitoring)
        # --projects: the named reports are rebuilt, every other one is carried over as published
        others = {j.stem for j in jobs if projects and j.code and j.code not in codes}
        candidates = [j for j in jobs if j.stem in others or not (force or (projects and j.code))]
        carried = carry_over(candidates, hashes, published, stage.final, stage.tmp, formats, keep=others)
        if others:  # a report left out and not published before is not made (as asked)
            jobs = [j for j in jobs if j.stem not in others or j.stem in carried]
            hashes = {**hashes, **{s: published['reports'][s]['input'] for s in others if s in carried}}
        todo = [j for j in jobs if j.stem not in carried]
        with tqdm(total=len(todo), desc="生成报告", unit="份", disable=not show or not todo, file=sys.stderr) as bar:
            batch = executors.Batch(tuple(todo), stage.tmp, tuple(formats), params.root,
                                    params.report_date.isoformat(), max(1, min(n_workers, len(todo))),
                                    engine_name, scheduler,
                                    _inputs(params, rules, jobs), notes)
            if not todo:
                results = []
            elif scheduler is not None:
                known = len(notes)
                results = executors.execute(batch, bar)
                if show:
                    for note in notes[known:]:
                        tqdm.write(note, file=sys.stderr)
            else:
                # The kernels take this year instead of reading, scoring and checking it again.
                # A part's kernel takes its projects only, the department's no per-project record past
                # appendix.INLINE_MAX projects (the parts print those): neither grows with the year.
                with shared(prepared, data_dir=params.data_dir, previous_dir=params.previous_dir,
                            silence=params.silence, codes=[j.code for j in todo if j.code],
                            parts=[j.parameters["codes"] for j in todo if j.kind == "appendix"],
                            summary=not appendix.inline(len(all_codes))):
                    results = executors.execute(batch, bar)
        failed = [r for r in results if r.error]
        if failed or len(results) < len(todo):
            kept = stage.keep_failed([stage.tmp / r.notebook for r in failed])
            lines = [f"  {r.job.stem}：{r.error}" for r in failed]
            where = "、".join(_shown_path(p) for p in kept) or "（无）"
            raise ReportError(f"{len(failed)} 份报告生成失败，本次输出未发布，"
                              f"{_shown_path(stage.final)} 保持原样：\n" + "\n".join(lines)
                              + f"\n执行过的笔记本（含出错单元格与错误信息）保存在：{where}")
        executed = results
        done = {r.job.stem: r for r in results}
        results = [carried.get(j.stem) or done[j.stem] for j in jobs]
        notes_in = _dedupe([*year.warnings, *ys.warnings])
        reports = tuple(ReportLink(r.job.kind, r.job.title, r.job.code, r.html, r.pdf, r.notebook) for r in results)
        files = {"自评表（Excel）": FORM, "scores.json": SCORES, "manifest.json": "manifest.json"}
        write_index(stage.path(INDEX), ys, department=params.department,
                    report_date=params.report_date.isoformat(), rules_title=rules.title, reports=list(reports),
                    findings=findings, notes=notes_in, files=files)
        run = {"year": year.year, "projects": sorted({j.code for j in jobs if j.code}, key=all_codes.index),
               "formats": list(formats), "editions": list(editions), "monitor_month": month}
        write_manifest(stage.tmp, inputs=_inputs(params, rules, jobs), params=params.to_dict(),
                       rules=rules.to_dict(), run=run, reports=manifest_entries(jobs, hashes, formats),
                       files={FORM: {"input": hashes[FORM]}})
        out_files = tuple(sorted(p.relative_to(stage.tmp).as_posix() for p in stage.tmp.rglob("*") if p.is_file()))
        final = stage.publish()
    counts = findings.counts() if hasattr(findings, "counts") else {}
    listed = ("错误", "警告")
    highlights = tuple(str(p) for p in [*findings, *notes_in] if p.level in listed)
    # the summary's counts must add up to the lines it lists: count the listed reading/scoring notes too
    input_notes = {lv: sum(1 for p in notes_in if p.level == lv) for lv in listed}
    return RunSummary(year=year.year, department=params.department, output_dir=final, reports=reports,
                      files=out_files, seconds=time.perf_counter() - started,
                      department_score=f"{ys.department.score:.2f}", department_grade=ys.department.grade,
                      findings=counts, warnings=counts.get("警告", 0), highlights=highlights, notes=tuple(notes),
                      timings=tuple((r.job.stem, dict(r.seconds)) for r in executed), notes_shown=show,
                      rebuilt=len(executed), reused=len(carried), input_notes=input_notes)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _check_output(params, output_root: Path, year: int) -> Path:
    """The output may not overlap the inputs, and must be writable (publish.check_output)."""
    rules_dir = Path(params.rules).parent if Path(params.rules).is_absolute() else None
    folders = {"数据目录": params.data_dir, "上一年度数据目录": params.previous_dir,
               "参数文件所在目录": params.path.parent, "规则文件所在目录": rules_dir}
    protected = {k: v for k, v in folders.items() if v is not None and Path(v).resolve() != params.root}
    return check_output(output_root, year, {**protected, PROJECT_ROOT: params.root})


def _check_previous(data_dir: Path):
    """The 同比 year, which must be readable too; its problems are headed so as not to be taken for this year's."""
    try:
        return load_year(data_dir)
    except ValidationError as exc:
        head = Problem(ERROR, f"上一年度数据 {data_dir}（参数文件的 previous，用于同比）不可用，错误如下。")
        raise ValidationError([head, *exc.problems]) from None


def _dedupe(problems) -> list:
    seen, out = set(), []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out


def _notes(params, year, formats) -> list[str]:
    notes = []
    if "pdf" in formats:
        if not harfbuzz_subset_available():
            notes.append(HARFBUZZ_WARNING)
    if year.unit_name and year.unit_name != params.department:
        notes.append(f"注意：参数文件的单位「{params.department}」与数据中的单位名称「{year.unit_name}」不一致；"
                     "报告页眉使用参数文件中的名称。")
    return notes
