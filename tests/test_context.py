"""What a report notebook is given: a project's slice prints what the whole year prints, and
the run's prepared year is taken only when it was prepared from the same inputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jxreport.report import context as C
from jxreport.samples.synth import write_year
from jxreport.sections import annual as S
from jxreport.sections import appendix, appendix_parts as P
from jxreport.report import snapshot
from jxreport.scoring.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
pytestmark = pytest.mark.skipif(not (DATA / "2023" / "targets.xlsx").exists(), reason="sample years not built")

PROJECT_SECTIONS = ("key_figures", "basic_info", "budget_execution", "indicators", "conclusion", "problems",
                    "improvements", "appendix", "data_quality")


def _printed(ctx, code):
    return [S.title(ctx, code, "2024-03-31")] + [getattr(S, name)(ctx, code) for name in PROJECT_SECTIONS]


@pytest.fixture(scope="module")
def whole():
    """2023 with 2022 as its previous year (同比), every check on."""
    return C.prepare_year(DATA / "2023", load_rules("mof-2020"), (), DATA / "2022")


def test_a_projects_slice_prints_what_the_whole_year_prints(whole):
    codes = [p.code for p in whole.scores.projects]
    slices = whole.slices(codes)
    assert list(slices) == codes
    for code in codes:
        assert _printed(slices[code], code) == _printed(whole, code), code


def test_a_slice_holds_that_projects_rows_only(whole):
    code = whole.year.grants["项目编码"].value_counts().index[0]  # a project with a 发放台账
    part = whole.slices([code])[code]
    for frame in ("indicators", "results", "payments", "survey", "grants", "calc_lines"):
        assert len(getattr(part.year, frame)) == len(whole.year.of(frame, code)) > 0, frame
        assert set(getattr(part.year, frame)["项目编码"]) == {code}
    assert len(part.year.dept_indicators) == 0 and len(part.year.projects) == 1
    assert [p.code for p in part.scores.projects] == [code]
    assert part.scores.department == whole.scores.department
    assert {f.project for f in part.findings.items} <= {code, None}
    assert [f for f in part.findings.items if f.project == code] == list(whole.findings.by_project(code))


def test_prepare_with_a_project_gives_its_slice(whole):
    code = whole.scores.projects[1].code
    got = C.prepare(DATA / "2023", "mof-2020", previous_dir=DATA / "2022", project=code)
    assert _printed(got, code) == _printed(whole, code)
    assert len(got.scores.projects) == 1


def _count_loads(monkeypatch) -> list[str]:
    """The data folders `prepare` reads from now on, in order."""
    calls = []
    real = C.load_year

    def counting(path):
        calls.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(C, "load_year", counting)
    return calls


@pytest.fixture
def copied(tmp_path):
    for year in ("2022", "2023"):
        shutil.copytree(DATA / year, tmp_path / year)
    return tmp_path


def test_prepare_takes_the_runs_snapshot_when_the_inputs_are_the_same(copied, monkeypatch, whole):
    code = whole.scores.projects[0].code
    rules = load_rules("mof-2020")
    ctx = C.prepare_year(copied / "2023", rules, (), copied / "2022")
    with snapshot.shared(ctx, data_dir=copied / "2023", previous_dir=copied / "2022", silence=(), codes=[code]) as d:
        assert os.environ[snapshot.ENV] == str(d)

        def no_reading(*a, **k):
            raise AssertionError("the workbooks were read although the run had prepared them")

        with monkeypatch.context() as m:
            m.setattr(C, "load_year", no_reading)
            part = C.prepare(copied / "2023", "mof-2020", previous_dir=copied / "2022", project=code)
            full = C.prepare(copied / "2023", "mof-2020", previous_dir=copied / "2022")
        assert _printed(part, code) == _printed(whole, code)
        assert len(full.scores.projects) == len(whole.scores.projects)

        # Anything else than what the run prepared is prepared afresh, as without a run:
        calls = _count_loads(monkeypatch)
        C.prepare(copied / "2023", "mof-2020", silence=["T101"], previous_dir=copied / "2022", project=code)
        assert calls == ["2023", "2022"]  # other silenced checks
        C.prepare(copied / "2023", "local-linear", previous_dir=copied / "2022", project=code)
        assert calls[2:] == ["2023", "2022"]  # another rule set
        C.prepare(copied / "2023", "mof-2020", project=code)
        assert calls[4:] == ["2023"]  # no previous year
        wb = copied / "2023" / "actuals.xlsx"
        os.utime(wb, ns=(wb.stat().st_atime_ns, wb.stat().st_mtime_ns + 10**9))  # the workbook saved again
        C.prepare(copied / "2023", "mof-2020", previous_dir=copied / "2022", project=code)
        assert calls[5:] == ["2023", "2022"]
    assert snapshot.ENV not in os.environ and not d.exists()  # gone after the run


def test_a_missing_snapshot_folder_means_prepare_as_usual(monkeypatch, tmp_path, whole):
    monkeypatch.setenv(snapshot.ENV, str(tmp_path / "gone"))
    code = whole.scores.projects[0].code
    got = C.prepare(DATA / "2023", "mof-2020", previous_dir=DATA / "2022", project=code)
    assert _printed(got, code) == _printed(whole, code)


def test_a_warm_kernel_keeps_the_last_year_until_a_workbook_changes(copied, monkeypatch):
    """`keep_years_in_memory` (what a warm kernel turns on): same inputs, no second read."""
    from jxreport.pipeline.kernelstate import _inputs_signature

    calls = _count_loads(monkeypatch)
    monkeypatch.delenv(snapshot.ENV, raising=False)
    C.keep_years_in_memory(_inputs_signature)
    try:
        first = C.prepare(copied / "2022", "mof-2020", project="JX-01")
        again = C.prepare(copied / "2022", "mof-2020", project="JX-02")
        assert calls == ["2022"]  # the second report of the kernel read nothing
        assert _printed(again, "JX-02") and _printed(first, "JX-01")
        C.prepare(copied / "2022", "local-linear", project="JX-01")
        assert calls == ["2022", "2022"]  # another rule set: prepared afresh
        wb = copied / "2022" / "targets.xlsx"
        os.utime(wb, ns=(wb.stat().st_atime_ns, wb.stat().st_mtime_ns + 10**9))  # saved again
        C.prepare(copied / "2022", "local-linear", project="JX-01")
        assert calls == ["2022", "2022", "2022"]
    finally:
        C.keep_years_in_memory(None)
    C.prepare(copied / "2022", "local-linear", project="JX-01")
    assert len(calls) == 4  # memory off: every call reads


# ---------------------------------------------------------------- the department report and its appendix parts

DEPARTMENT_SECTIONS = ("dept_key_figures", "dept_basic", "dept_self_evaluation_work", "dept_conclusion",
                       "dept_budget", "dept_costs", "dept_indicators", "dept_projects", "dept_problems",
                       "dept_use_of_results", "dept_other_remarks", "dept_appendix", "dept_data_quality")
PART_SECTIONS = ("part_budget", "part_scores", "part_costs", "part_problems", "part_data_quality")


def _department(ctx):
    """What the department notebook prints (notebooks/department_report.ipynb)."""
    return [S.dept_title(ctx, "2023-03-31")] + [getattr(S, name)(ctx) for name in DEPARTMENT_SECTIONS]


def _part(ctx, codes, number):
    """What the appendix notebook prints (notebooks/department_appendix.ipynb)."""
    part = P.part_context(ctx, codes, number)
    return [P.part_title(part, number, "2023-03-31")] + [getattr(P, name)(part) for name in PART_SECTIONS]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A synthetic year of two appendix parts, with a previous year (同比), as files and prepared."""
    root = tmp_path_factory.mktemp("large")
    write_year(root / "2021", appendix.PART_SIZE + 5, seed=1, year=2021, payments=8, responses=10)
    write_year(root / "2022", appendix.PART_SIZE + 5, seed=0, payments=8, responses=10)
    return root, C.prepare_year(root / "2022", load_rules("mof-2020"), (), root / "2021")


def test_the_department_report_prints_the_same_without_the_per_project_records(large):
    _, whole = large
    light = whole.summary()
    assert not appendix.inline(whole)
    assert _department(light) == _department(whole)
    for frame in ("indicators", "payments", "grants", "survey", "results", "calc_lines"):
        kept = getattr(light.year, frame)
        assert len(kept.columns) == 0 and len(kept) == len(getattr(whole.year, frame)), frame
    assert light.scores == whole.scores and light.findings == whole.findings


def test_a_parts_context_holds_its_projects_only(large):
    _, whole = large
    codes = appendix.parts([p.code for p in whole.scores.projects])[1]
    part = whole.part(codes)
    assert [p.code for p in part.scores.projects] == list(codes)
    assert [p.code for p in part.previous.projects] == [p.code for p in whole.previous.projects if p.code in codes]
    for y in (part.year, part.previous_year):
        for frame in ("projects", "indicators", "payments", "grants", "survey", "results", "calc_lines"):
            assert set(getattr(y, frame)["项目编码"]) <= set(codes), frame
        assert len(y.payments) > 0 and len(y.dept_indicators) == 0
    assert {f.project for f in part.findings.items} <= set(codes)
    assert _part(part, codes, 2) == _part(whole, codes, 2)  # what the notebook prints from the whole year


def test_a_runs_kernels_take_the_department_and_part_contexts(large, monkeypatch):
    """Inside a run: a part's kernel unpickles its part, the department's the summary; nothing is read."""
    root, whole = large
    rules = load_rules("mof-2020")
    parts = appendix.parts([p.code for p in whole.scores.projects])
    args = dict(previous_dir=root / "2021")

    def no_reading(*a, **k):
        raise AssertionError("the workbooks were read although the run had prepared them")

    with snapshot.shared(whole, data_dir=root / "2022", silence=(), codes=[], parts=parts, summary=True, **args):
        with monkeypatch.context() as m:
            m.setattr(C, "load_year", no_reading)
            got = C.prepare(root / "2022", "mof-2020", codes=parts[1], **args)
            dept = C.prepare(root / "2022", "mof-2020", department=True, **args)
            full = C.prepare(root / "2022", "mof-2020", **args)  # a notebook asking for neither: the whole year
        assert len(got.scores.projects) == len(parts[1]) and _part(got, parts[1], 2) == _part(whole, parts[1], 2)
        assert len(dept.year.payments.columns) == 0 and _department(dept) == _department(whole)
        assert len(full.year.payments) == len(whole.year.payments) > 0
    # Without the run (JupyterLab): the year prepared here, the same pages.
    got = C.prepare(root / "2022", rules, codes=parts[1], **args)
    assert _part(got, parts[1], 2) == _part(whole, parts[1], 2)
    assert len(C.prepare(root / "2022", rules, department=True, **args).year.payments.columns) > 0
