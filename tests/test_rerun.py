"""Issue 16: same inputs give the same bytes, and a rerun rebuilds only the reports whose inputs changed.

Small notebooks written here print what a report prints from its data (name, indicator
actuals and scores, the rules' title, the report date; the department score), so that a
report carried over with stale inputs would differ from a full run. Runs are serial
(workers=1), in this process, HTML only.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
import year_builder
from test_pipeline import tiny_notebook, write_params

from jxreport.core import schema as S
from jxreport.core.paths import PACKAGE, RULESETS
from jxreport.outputs import export
from jxreport.pipeline import incremental
from jxreport.pipeline.run import run_reports
from jxreport.sections import appendix

COMMON = ('data_dir = ""\nrules = "mof-2020"\nreport_date = ""\nsilence = []\nprevious_dir = None')
PROJECT = ("import jxreport as jx\n"
           "ctx = jx.prepare(data_dir, rules, silence=silence, previous_dir=previous_dir, project=project_code)\n"
           "p = ctx.project(project_code)\n"
           "print(p.name, p.score, ctx.rules.title, report_date)\n"
           "for i in p.indicators: print(i.name, i.actual_text, i.score)\n"
           "print(ctx.facts(project_code)['主要用途'])")
DEPARTMENT = ("import jxreport as jx\n"
              "ctx = jx.prepare(data_dir, rules, silence=silence, previous_dir=previous_dir)\n"
              "print(ctx.scores.department.score, ctx.rules.title, report_date)")
DEPT, P1, P2 = "部门整体绩效自评报告", "P1_测试项目", "P2_第二项目"


def two_projects() -> dict:
    """year_builder's year with a second project P2 (a copy of P1 with its own name)."""
    t = year_builder.tables()
    for sheet, rows in list(t.items()):
        if sheet == S.UNIT.name:
            continue
        extra = [{**r, "项目编码": "P2"} for r in rows if r.get("项目编码") == "P1"]
        for r in extra:
            if "项目名称" in r:
                r["项目名称"] = "第二项目"
        rows.extend(extra)
    return t


@pytest.fixture
def root(tmp_path):
    """A project root: two projects, a copy of mof-2020 as its rules file, printing notebooks."""
    year_builder.write(tmp_path / "data" / "2022", two_projects())
    (tmp_path / "rules").mkdir()
    shutil.copy(RULESETS / "mof-2020.yaml", tmp_path / "rules" / "mine.yaml")
    write_params(tmp_path, formats=["html"], rules="rules/mine.yaml")
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    tiny_notebook(nbs / "department_report.ipynb", DEPARTMENT, COMMON)
    tiny_notebook(nbs / "project_report.ipynb", PROJECT, COMMON + '\nproject_code = "P0"')
    tiny_notebook(nbs / "monitoring_report.ipynb", "print(month)", 'data_dir = ""\nrules = ""\nmonth = 1\nreport_date = ""')
    return tmp_path


def run(root: Path, out: str, **kw):
    return run_reports(root / "params" / "2022.yaml", notebooks=root / "notebooks", out=root / out,
                       workers=1, progress=False, **kw)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rebuilt_and_compare(root: Path) -> tuple[int, int, list[str]]:
    """An incremental run into output/, a full run into full/: (rebuilt, reused, files that differ)."""
    inc = run(root, "output")
    run(root, "full", force=True)
    a, b = files(root / "output" / "2022"), files(root / "full" / "2022")
    assert set(a) == set(b)
    return inc.rebuilt, inc.reused, sorted(k for k in a if a[k] != b[k])


def test_two_runs_give_byte_identical_output_folders(root):
    first = run(root, "output")
    a = files(root / "output" / "2022")
    second = run(root, "again", force=True)  # another folder and another temporary path
    b = files(root / "again" / "2022")
    assert first.rebuilt == second.rebuilt == 3
    assert set(a) == set(b) and {k for k in a if a[k] != b[k]} == set()
    assert {"manifest.json", f"notebooks/{P1}.ipynb", f"notebooks/{DEPT}.ipynb"} <= set(a)
    nb = json.loads(a[f"notebooks/{P1}.ipynb"])
    pm = nb["metadata"]["papermill"]
    assert pm["start_time"] is pm["end_time"] is pm["duration"] is None
    assert pm["output_path"] == f"notebooks/{P1}.ipynb" and pm["input_path"] == "notebooks/project_report.ipynb"
    assert [c["id"] for c in nb["cells"]][1] == "injected-parameters"
    assert all("execution" not in c["metadata"] for c in nb["cells"])
    assert ".tmp-" not in a["manifest.json"].decode("utf-8")


def test_an_unchanged_rerun_carries_every_report_over(root):
    run(root, "output")
    before = files(root / "output" / "2022")
    again = run(root, "output")
    assert (again.rebuilt, again.reused) == (0, 3)
    assert files(root / "output" / "2022") == before
    assert "重新生成 0 份，沿用 3 份（输入未变）" in str(again)
    m = json.loads(before["manifest.json"])
    assert set(m["reports"]) == {DEPT, P1, P2}
    assert m["reports"][P1]["files"] == [f"notebooks/{P1}.ipynb", f"审核底稿/{P1}.html", f"报送稿/{P1}.html"]


def test_one_projects_actual_rebuilds_it_and_the_department_report_only(root):
    run(root, "output")
    t = two_projects()
    row = next(r for r in t[S.RESULTS.name] if r["项目编码"] == "P2" and r["三级指标"] == "受益人数")
    row["实际完成值"] = "60人"  # below 100人以上: P2's score and the department's change
    year_builder.write(root / "data" / "2022", t)
    rebuilt, reused, differ = rebuilt_and_compare(root)
    assert (rebuilt, reused) == (2, 1)  # P2 and the department; P1 carried over
    assert differ == []
    html = (root / "output" / "2022" / "报送稿" / f"{P2}.html").read_text(encoding="utf-8")
    assert "受益人数 60人" in html


def test_a_changed_text_the_report_prints_rebuilds_that_project(root):
    run(root, "output")
    t = two_projects()
    next(r for r in t[S.PROJECTS.name] if r["项目编码"] == "P2")["主要用途"] = "网格员补贴发放"
    year_builder.write(root / "data" / "2022", t)
    rebuilt, reused, differ = rebuilt_and_compare(root)
    assert (rebuilt, reused, differ) == (2, 1, [])  # P2 and the department (which hashes the whole year)
    assert "网格员补贴发放" in (root / "output" / "2022" / "报送稿" / f"{P2}.html").read_text(encoding="utf-8")


def test_rewritten_workbooks_with_the_same_content_rebuild_nothing(root):
    run(root, "output")
    # the hash is of what the reports are made from, not of the workbooks' bytes or times
    t = two_projects()
    year_builder.write(root / "data" / "2022", t)
    again = run(root, "output")
    assert (again.rebuilt, again.reused) == (0, 3)


def test_a_changed_rule_rebuilds_every_report(root):
    run(root, "output")
    path = root / "rules" / "mine.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 财政部 2020 自评规则", "title: 本地自评规则"),
                    encoding="utf-8")
    rebuilt, reused, differ = rebuilt_and_compare(root)
    assert (rebuilt, reused, differ) == (3, 0, [])
    assert "本地自评规则" in (root / "output" / "2022" / "报送稿" / f"{P1}.html").read_text(encoding="utf-8")


def test_a_changed_report_date_rebuilds_every_report(root):
    run(root, "output")
    write_params(root, formats=["html"], rules="rules/mine.yaml", report_date="2023-04-15")
    rebuilt, reused, differ = rebuilt_and_compare(root)
    assert (rebuilt, reused, differ) == (3, 0, [])
    assert "2023-04-15" in (root / "output" / "2022" / "报送稿" / f"{P1}.html").read_text(encoding="utf-8")


def test_a_changed_template_rebuilds_every_report(root, monkeypatch, tmp_path_factory):
    run(root, "output")
    # A copy of the package whose report.css has one more rule: the hash reads the copy's
    # files, and the (in-process) export prints the copy's stylesheet.
    copy = tmp_path_factory.mktemp("package") / "jxreport"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "samples", "notebooks"))
    css = copy / "templates" / "report.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.jx-test-marker{color:#123456}\n", encoding="utf-8")
    monkeypatch.setattr(incremental, "PACKAGE", copy)
    incremental.code_digest.cache_clear()
    export.stylesheet.cache_clear()
    monkeypatch.setattr(export, "stylesheet", lambda: css.read_text(encoding="utf-8"))
    try:
        rebuilt, reused, differ = rebuilt_and_compare(root)
    finally:
        incremental.code_digest.cache_clear()
    assert (rebuilt, reused, differ) == (3, 0, [])
    assert "#123456" in (root / "output" / "2022" / "报送稿" / f"{P1}.html").read_text(encoding="utf-8")


def test_a_hash_that_leaves_out_a_printed_field_is_caught(root, monkeypatch):
    """The comparison with a full run is what proves carry-over right: plant a hole and see it fail."""
    # the planted hole: a project's hash without its rows of the workbooks (主要用途 is printed)
    real = incremental.project_data
    monkeypatch.setattr(incremental, "project_data", lambda s: dataclasses.replace(real(s), year=None))
    run(root, "output")
    t = two_projects()
    next(r for r in t[S.PROJECTS.name] if r["项目编码"] == "P2")["主要用途"] = "网格员补贴发放"
    year_builder.write(root / "data" / "2022", t)
    rebuilt, reused, differ = rebuilt_and_compare(root)
    assert (rebuilt, reused) == (1, 2)  # P2 wrongly carried over …
    assert {f"报送稿/{P2}.html", f"审核底稿/{P2}.html", f"notebooks/{P2}.ipynb"} <= set(differ)  # … and the comparison with a full run says so


# --------------------------------------------------------------------------- the appendix parts (point 6)

APPENDIX = ("import jxreport as jx\n"
            "ctx = jx.prepare(data_dir, rules, silence=silence, previous_dir=previous_dir)\n"
            "for c in codes:\n"
            "    p = ctx.project(c)\n"
            "    print(number, p.code, p.name, p.score)\n"
            "    for i in p.indicators: print(i.name, i.actual_text, i.score)\n"
            "    print(ctx.facts(c)['主要用途'])")
A1, A2 = "部门整体绩效自评报告_附件1", "部门整体绩效自评报告_附件2"


@pytest.fixture
def parted(root, monkeypatch):
    """The two-project root with the appendix rule lowered: every project in a part of its own."""
    monkeypatch.setattr(appendix, "INLINE_MAX", 1)
    monkeypatch.setattr(appendix, "PART_SIZE", 1)
    tiny_notebook(root / "notebooks" / "department_appendix.ipynb", APPENDIX, COMMON + "\nnumber = 1\ncodes = []")
    return root


def test_a_one_project_change_rebuilds_only_the_appendix_part_that_lists_it(parted):
    first = run(parted, "output")
    assert first.rebuilt == 5  # the department report, two parts, two project reports
    m = json.loads((parted / "output" / "2022" / "manifest.json").read_text(encoding="utf-8"))
    assert {A1, A2} <= set(m["reports"]) and set(m["files"]) == {"自评表.xlsx"}
    assert "P1 测试项目" in (parted / "output" / "2022" / "报送稿" / f"{A1}.html").read_text(encoding="utf-8")
    index = (parted / "output" / "2022" / "index.html").read_text(encoding="utf-8")
    assert quote(f"报送稿/{A2}.html") in index  # index.html links every part
    t = two_projects()
    row = next(r for r in t[S.RESULTS.name] if r["项目编码"] == "P2" and r["三级指标"] == "受益人数")
    row["实际完成值"] = "60人"
    year_builder.write(parted / "data" / "2022", t)
    rebuilt, reused, differ = rebuilt_and_compare(parted)
    assert (rebuilt, reused) == (3, 2)  # P2, its part and the department report; P1 and 附件1 carried over
    assert differ == []
    assert "受益人数 60人" in (parted / "output" / "2022" / "报送稿" / f"{A2}.html").read_text(encoding="utf-8")


def test_the_form_is_carried_over_when_its_inputs_are_unchanged(parted):
    run(parted, "output")
    form = parted / "output" / "2022" / "自评表.xlsx"
    before = form.stat().st_ino
    run(parted, "output")
    assert form.stat().st_ino == before  # the same file, linked from the last release, not written again
    t = two_projects()
    next(r for r in t[S.RESULTS.name] if r["项目编码"] == "P2" and r["三级指标"] == "受益人数")["实际完成值"] = "60人"
    year_builder.write(parted / "data" / "2022", t)
    rebuilt, reused, differ = rebuilt_and_compare(parted)
    assert differ == []  # 自评表.xlsx among the files: rebuilt, equal to a full run's
    assert form.stat().st_ino != before


def test_a_part_hash_that_leaves_out_one_of_its_projects_is_caught(parted, monkeypatch):
    """The planted hole: a part of two projects hashed from its first project only."""
    monkeypatch.setattr(appendix, "PART_SIZE", 2)
    real = incremental.part_codes
    monkeypatch.setattr(incremental, "part_codes",
                        lambda job: real(job)[:1] if job.kind == "appendix" else real(job))
    run(parted, "output")
    t = two_projects()
    next(r for r in t[S.PROJECTS.name] if r["项目编码"] == "P2")["主要用途"] = "网格员补贴发放"
    year_builder.write(parted / "data" / "2022", t)
    rebuilt, reused, differ = rebuilt_and_compare(parted)
    assert (rebuilt, reused) == (2, 2)  # P2 and the department; 附件1 (P1 and P2) wrongly carried over …
    assert {f"报送稿/{A1}.html", f"notebooks/{A1}.ipynb"} <= set(differ)  # … and the comparison says so
