"""`jxreport run`: one fiscal year's reports, from the params file to output/<year>/.

Order matters: the year is read, scored and checked before anything is written, so that
unreadable input stops the run with nothing touched. Then every file is written into a
temporary folder beside the output (publish.Staging): scores.json, 自评表.xlsx, one
notebook a report executed with papermill (in parallel processes) and exported to HTML
and PDF, index.html and manifest.json. Only a complete run is swapped in.
"""

from __future__ import annotations

import os
import re
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from jxreport.core.exceptions import ParamsError, ReportError
from jxreport.outputs.index_page import ReportLink

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
DEPARTMENT_NOTEBOOK = "department_report.ipynb"
PROJECT_NOTEBOOK = "project_report.ipynb"
MONITORING_NOTEBOOK = "monitoring_report.ipynb"
DEPARTMENT_STEM = "部门整体绩效自评报告"
FORM = "自评表.xlsx"
SCORES = "scores.json"
INDEX = "index.html"
# The fast path: papermill with warm kernels (jxreport/engines.py). "nbclient" is papermill's own
# engine, a fresh kernel per report.
DEFAULT_ENGINE = "jxreport_warm"
_UNSAFE = re.compile(r'[/\\:*?"<>|\s\x00-\x1f]+')


def safe_name(text: str) -> str:
    """A file name from report text: / \\ : * ? " < > | and whitespace become `_`."""
    return _UNSAFE.sub("_", str(text)).strip("._") or "_"


@dataclass(frozen=True)
class Job:
    """One report: which notebook, with which parameters, into which file names."""

    kind: str  # "department" | "project" | "monitoring"
    stem: str  # file name without extension: 部门整体绩效自评报告, JX-01_社区工作者工资 …
    title: str  # the page's <title>
    header: str  # the PDF's running header
    notebook: str  # the source notebook
    parameters: dict
    code: str | None = None


@dataclass(frozen=True)
class JobResult:
    job: Job
    notebook: str  # the executed notebook (inside the temporary folder)
    html: str | None = None
    pdf: str | None = None
    error: str | None = None  # Chinese one-liner when the report failed
    seconds: dict = field(default_factory=dict)  # execute / html / pdf


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
        f = self.findings
        lines.append(f"数据检查：错误 {f.get('错误', 0)} 条，警告 {f.get('警告', 0)} 条，提示 {f.get('提示', 0)} 条"
                     + (f"（另有已静默 {f['已静默']} 条）" if f.get("已静默") else "") + "。")
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


# --------------------------------------------------------------------------- one report

def run_job(job: Job, tmp: str, formats: tuple[str, ...], root: str, date: str,
            engine_name: str | None = None) -> JobResult:
    """Execute one report notebook into tmp/notebooks/ and export it (runs in a worker process)."""
    import papermill

    from jxreport.pipeline.execute import execute_notebook, failure_summary
    from jxreport.outputs.export import notebook_to_html

    if engine_name == DEFAULT_ENGINE:
        from jxreport.pipeline.engines import register

        register()  # also when running from a checkout, without the installed entry point
    tmp_dir = Path(tmp)
    nb_rel = f"notebooks/{job.stem}.ipynb"
    out_nb = tmp_dir / nb_rel
    out_nb.parent.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    try:
        nb = execute_notebook(job.notebook, out_nb, job.parameters, cwd=root, engine_name=engine_name)
    except papermill.PapermillExecutionError as exc:
        return JobResult(job, nb_rel, error=failure_summary(exc))
    except Exception as exc:  # the kernel died, the notebook is unreadable …
        return JobResult(job, nb_rel, error=f"执行失败：{type(exc).__name__}: {exc}")
    seconds["execute"] = time.perf_counter() - t
    html_rel = pdf_rel = None
    try:
        t = time.perf_counter()
        html = notebook_to_html(nb, title=job.title, date=date)
        if "html" in formats:
            html_rel = f"{job.stem}.html"
            (tmp_dir / html_rel).write_text(html, encoding="utf-8")
        seconds["html"] = time.perf_counter() - t
        if "pdf" in formats:
            from jxreport.outputs.pdf import html_to_pdf

            t = time.perf_counter()
            pdf_rel = f"{job.stem}.pdf"
            html_to_pdf(html, tmp_dir / pdf_rel, header=job.header, base_url=root)
            seconds["pdf"] = time.perf_counter() - t
    except Exception as exc:
        from jxreport.core.exceptions import MissingDependencyError

        if isinstance(exc, MissingDependencyError):
            raise
        return JobResult(job, nb_rel, error=f"导出失败：{type(exc).__name__}: {exc}")
    return JobResult(job, nb_rel, html=html_rel, pdf=pdf_rel, seconds=seconds)


def _run_jobs(jobs: list[Job], tmp: Path, formats, root: Path, date: str, workers: int,
              engine_name: str | None, bar) -> list[JobResult]:
    """Run the jobs, `workers` at a time; stop starting new ones after the first failure."""
    args = (str(tmp), tuple(formats), str(root), date, engine_name)
    results: list[JobResult] = []
    if workers <= 1 or len(jobs) <= 1:
        try:
            for job in jobs:
                r = run_job(job, *args)
                results.append(r)
                bar.update(1)
                if r.error:
                    break
        finally:
            if engine_name == DEFAULT_ENGINE:
                from jxreport.pipeline.engines import shutdown_all

                shutdown_all()  # warm kernels live for one run (worker processes stop theirs at exit)
        return results
    if engine_name == DEFAULT_ENGINE:  # warm kernels, and PDFs in a pool of their own
        from jxreport.pipeline.fastpath import run_pooled

        return run_pooled(jobs, tmp, formats, root, date, workers, engine_name, bar)
    import multiprocessing

    # spawn, not fork: the caller may have threads (tqdm's monitor) and open kernels.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = {pool.submit(run_job, job, *args) for job in jobs}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            failed = False
            for fut in done:
                r = fut.result()  # a MissingDependencyError is raised here
                results.append(r)
                bar.update(1)
                failed = failed or bool(r.error)
            if failed:
                for fut in pending:
                    fut.cancel()
                for fut in pending:
                    if not fut.cancelled():
                        results.append(fut.result())
                        bar.update(1)
                break
    order = {j.stem: i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.job.stem])


# --------------------------------------------------------------------------- the run

def _plan(params, year, ys, *, codes, month, notebooks: Path) -> list[Job]:
    date = params.report_date.isoformat()
    common = {"data_dir": str(params.data_dir), "rules": params.rules, "report_date": date,
              "silence": list(params.silence),
              "previous_dir": str(params.previous_dir) if params.previous_dir else None}
    from jxreport.outputs.pdf import running_header

    dept, no = params.department, year.year
    jobs = [Job("department", DEPARTMENT_STEM, f"{dept} {no} 年度部门整体绩效自评报告",
                running_header(dept, no, "部门整体绩效自评报告"), str(notebooks / DEPARTMENT_NOTEBOOK), dict(common))]
    for p in ys.projects:
        if p.code not in codes:
            continue
        jobs.append(Job("project", safe_name(f"{p.code}_{p.name}"),
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


def _monitor_month(year, params, override) -> int | None:
    """The month of the monitoring report: asked for, else the latest 截至月份 in 绩效监控, else none."""
    from jxreport.pipeline.params import check_month

    asked = check_month(override, where="--monitor-month ") if override is not None else params.monitor_month
    if asked is not None:
        return asked
    from jxreport.scoring.monitoring import months_available

    months = months_available(year)
    return months[-1] if months else None


def _rel_name(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path.resolve())


def _inputs(params, rules, jobs: list[Job]) -> dict[str, Path]:
    from jxreport.core import schema as S

    files = [params.data_dir / wb for wb in S.WORKBOOKS]
    if params.previous_dir:
        files += [params.previous_dir / wb for wb in S.WORKBOOKS]
    files.append(params.path)
    if getattr(rules, "source", None):
        files.append(Path(rules.source))
    files += sorted({Path(j.notebook) for j in jobs})
    return {_rel_name(p, params.root): p for p in files if p.is_file()}


def run_reports(params_path, *, projects=None, formats=None, out=None, monitor_month=None, workers=None,
                progress=True, notebooks=None, engine_name: str | None = None, scheduler=None) -> RunSummary:
    """Produce a fiscal year's reports as the params file says; returns what was written.

    `projects` limits the project reports to these 项目编码 (the department report, the form,
    scores.json and index.html are always made); `formats` overrides the params' formats;
    `out` the output root (the year's folder is out/<year>); `monitor_month` asks for the
    monitoring report of that month; `workers` the number of parallel processes (default:
    the number of cores); `notebooks` a folder with the report notebooks (default: the
    repository's notebooks/); `engine_name` a papermill engine (default: jxreport_warm, warm
    kernels; "nbclient" is papermill's own, a fresh kernel per report); `scheduler` the
    address of a Dask scheduler (tcp://HOST:8786) to run the reports on instead of here.
    Raises ValidationError (unreadable input: nothing written), ParamsError, ReportError
    (a report failed: previous outputs untouched, failed notebooks kept in failed/<year>/).
    """
    started = time.perf_counter()
    engine_name = engine_name or DEFAULT_ENGINE
    if scheduler is not None:
        from jxreport.pipeline.cluster import require_dask

        require_dask()  # before any work: the install hint when dask is missing
    from jxreport.pipeline.params import load_params, parse_formats

    params = load_params(params_path)
    formats = parse_formats(formats, where="--formats") if formats is not None else params.formats
    output_root = Path(out).resolve() if out is not None else params.output
    notebooks = Path(notebooks).resolve() if notebooks is not None else NOTEBOOKS

    # Read, score and check: unreadable input stops here, before anything is written.
    from jxreport.checks import run_checks
    from jxreport.io.loading import load_year
    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    year = load_year(params.data_dir)
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
    jobs = _plan(params, year, ys, codes=codes, month=month, notebooks=notebooks)
    missing = [j.notebook for j in jobs if not Path(j.notebook).is_file()]
    if missing:
        raise ReportError("找不到报告笔记本：" + "、".join(sorted(set(missing))) + "；未生成任何输出。")
    notes = _notes(params, year, formats if scheduler is None else ())  # a cluster checks its workers

    from tqdm.auto import tqdm

    from jxreport.outputs import scores_json
    from jxreport.outputs.forms import write_form
    from jxreport.outputs.index_page import write_index
    from jxreport.pipeline.publish import Staging, write_manifest

    n_workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    show = progress and sys.stderr.isatty()
    if show:  # printed once, now; the closing summary leaves them out
        for note in notes:
            tqdm.write(note, file=sys.stderr)
    with Staging(output_root, year.year) as stage:
        scores_json.write(ys, stage.path(SCORES))
        monitoring = None
        if month is not None:
            from jxreport.scoring.monitoring import monitor

            monitoring = monitor(year, rules, month)
        write_form(ys, stage.path(FORM), year=year, monitoring=monitoring)
        with tqdm(total=len(jobs), desc="生成报告", unit="份", disable=not show, file=sys.stderr) as bar:
            if scheduler is not None:
                from jxreport.pipeline.cluster import run_jobs_on_cluster

                known = len(notes)
                results = run_jobs_on_cluster(scheduler, jobs, stage.tmp, formats, params.root,
                                              params.report_date.isoformat(), engine_name, bar,
                                              _inputs(params, rules, jobs), notes=notes)
                if show:
                    for note in notes[known:]:
                        tqdm.write(note, file=sys.stderr)
            else:
                from jxreport.report.context import ReportContext
                from jxreport.report.snapshot import shared

                # The kernels take this year instead of reading, scoring and checking it again.
                prepared = ReportContext(year=year, rules=rules, scores=ys, findings=findings, previous=previous)
                with shared(prepared, data_dir=params.data_dir, previous_dir=params.previous_dir,
                            silence=params.silence, codes=[j.code for j in jobs if j.code]):
                    results = _run_jobs(jobs, stage.tmp, formats, params.root, params.report_date.isoformat(),
                                        n_workers, engine_name, bar)
        failed = [r for r in results if r.error]
        if failed or len(results) < len(jobs):
            kept = stage.keep_failed([stage.tmp / r.notebook for r in failed])
            lines = [f"  {r.job.stem}：{r.error}" for r in failed]
            where = "、".join(_shown_path(p) for p in kept) or "（无）"
            raise ReportError(f"{len(failed)} 份报告生成失败，本次输出未发布，"
                              f"{_shown_path(stage.final)} 保持原样：\n" + "\n".join(lines)
                              + f"\n执行过的笔记本（含出错单元格与错误信息）保存在：{where}")
        notes_in = _dedupe([*year.warnings, *ys.warnings])
        reports = tuple(ReportLink(r.job.kind, r.job.title, r.job.code, r.html, r.pdf, r.notebook) for r in results)
        files = {"自评表（Excel）": FORM, "scores.json": SCORES, "manifest.json": "manifest.json"}
        write_index(stage.path(INDEX), ys, department=params.department,
                    report_date=params.report_date.isoformat(), rules_title=rules.title, reports=list(reports),
                    findings=findings, notes=notes_in, files=files)
        run = {"year": year.year, "projects": sorted(codes, key=all_codes.index),
               "formats": list(formats), "monitor_month": month}
        write_manifest(stage.tmp, inputs=_inputs(params, rules, jobs), params=params.to_dict(),
                       rules=rules.to_dict(), run=run)
        out_files = tuple(sorted(p.relative_to(stage.tmp).as_posix() for p in stage.tmp.rglob("*") if p.is_file()))
        final = stage.publish()
    counts = findings.counts() if hasattr(findings, "counts") else {}
    highlights = tuple(str(p) for p in [*findings, *notes_in] if p.level in ("错误", "警告"))
    return RunSummary(year=year.year, department=params.department, output_dir=final, reports=reports,
                      files=out_files, seconds=time.perf_counter() - started,
                      department_score=f"{ys.department.score:.2f}", department_grade=ys.department.grade,
                      findings=counts, warnings=counts.get("警告", 0), highlights=highlights, notes=tuple(notes),
                      timings=tuple((r.job.stem, dict(r.seconds)) for r in results), notes_shown=show)


def _check_previous(data_dir: Path):
    """The 同比 year, which must be readable too; its problems are headed so as not to be taken for this year's."""
    from jxreport.core.exceptions import ValidationError
    from jxreport.io.loading import load_year
    from jxreport.core.problems import ERROR, Problem

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
        from jxreport.outputs.pdf import HARFBUZZ_WARNING, harfbuzz_subset_available

        if not harfbuzz_subset_available():
            notes.append(HARFBUZZ_WARNING)
    if year.unit_name and year.unit_name != params.department:
        notes.append(f"注意：参数文件的单位「{params.department}」与数据中的单位名称「{year.unit_name}」不一致；"
                     "报告页眉使用参数文件中的名称。")
    return notes
