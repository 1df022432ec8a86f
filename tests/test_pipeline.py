"""The run: params → read, score, check → notebooks with papermill → HTML, PDF → index, manifest → publish.

Unit tests use tiny notebooks written here (nbformat) on the small year of year_builder, so
they do not depend on the report notebooks; the end-to-end tests use the real notebooks and
the sample year data/2022 (fixture `report_run` in conftest.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
import year_builder
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from pypdf import PdfReader

from jxreport import ValidationError
from jxreport.core import schema as S
from jxreport.core.exceptions import ParamsError, ReportError
from jxreport.pipeline.execute import execute_notebook, runs_this_python
from jxreport.pipeline.params import load_params, root_of
from jxreport.pipeline.run import run_reports, safe_name

ROOT = Path(__file__).resolve().parents[1]
BAD_TEXT = ("Traceback", "Warning", "<Figure", "&lt;Figure", "object at 0x")
EXTERNAL = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


# --------------------------------------------------------------------------- params

def write_params(root: Path, **over) -> Path:
    values = {"department": "测试街道办事处", "data": "data/2022", "rules": "mof-2020", "formats": ["html", "pdf"],
              "output": "output", "report_date": "2023-03-31", "silence": [], "monitor_month": None}
    values.update(over)
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in values.items() if v is not ...]
    path = root / "params" / "2022.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_params_2022_resolve_against_the_repository_root():
    p = load_params(ROOT / "params" / "2022.yaml")
    assert p.root == ROOT and p.department == "高新区街道办事处"
    assert p.data_dir == ROOT / "data" / "2022" and p.output == ROOT / "output"
    assert p.rules == "mof-2020" and p.formats == ("html", "pdf")
    assert p.report_date == dt.date(2023, 3, 31) and p.silence == () and p.monitor_month is None
    assert p.previous_dir is None


def test_params_2023_compare_with_2022():
    p = load_params(ROOT / "params" / "2023.yaml")
    assert p.data_dir == ROOT / "data" / "2023" and p.previous_dir == ROOT / "data" / "2022"
    assert p.report_date == dt.date(2024, 3, 31)


def test_a_params_file_outside_params_resolves_against_its_own_folder(tmp_path):
    (tmp_path / "d").mkdir()
    path = tmp_path / "year.yaml"
    path.write_text("department: 单位\ndata: d\nrules: ../rules/x.yaml\nreport_date: 2023-03-31\n", encoding="utf-8")
    p = load_params(path)
    assert root_of(path) == tmp_path and p.data_dir == tmp_path / "d" and p.output == tmp_path / "output"
    assert p.rules == str((tmp_path / "../rules/x.yaml").resolve())  # a path, made absolute


@pytest.mark.parametrize("over, words", [
    ({"department": ...}, ["缺少", "「department」"]),
    ({"report_date": ...}, ["缺少", "「report_date」"]),
    ({"formts": ["html"]}, ["未知的键", "formts"]),
    ({"formats": ["html", "docx"]}, ["「formats」", "docx", "html、pdf"]),
    ({"report_date": "2023-02-30"}, ["「report_date」", "2023-02-30"]),
    ({"monitor_month": 13}, ["「monitor_month」", "1–12"]),
    ({"data": "data/1999"}, ["「data」", "不存在"]),
    ({"silence": "R203"}, None),  # one id as text is accepted
])
def test_bad_params_name_the_file_and_the_key(tmp_path, over, words):
    (tmp_path / "data" / "2022").mkdir(parents=True)
    path = write_params(tmp_path, **over)
    if words is None:
        assert load_params(path).silence == ("R203",)
        return
    with pytest.raises(ParamsError) as info:
        load_params(path)
    msg = str(info.value)
    assert str(path) in msg
    for w in words:
        assert w in msg


def test_safe_file_names():
    assert safe_name('JX-01_社区/网格 "化"管理:*?<>|\\x') == "JX-01_社区_网格_化_管理_x"
    assert safe_name("JX-02_智慧社区\t建设") == "JX-02_智慧社区_建设"


# --------------------------------------------------------------------------- execute

def tiny_notebook(path: Path, body: str, params: str) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, new_code_cell(body)]
    nbformat.write(nb, str(path))
    return path


def test_papermill_semantics_and_this_python(tmp_path):
    src = tiny_notebook(tmp_path / "t.ipynb", "import os, sys\nprint(sys.executable)\nprint(os.getcwd())\n"
                        "if n > 2: raise ValueError('n 太大：' + str(n))\nprint('n =', n)", "n = 1")
    nb = execute_notebook(src, tmp_path / "out.ipynb", {"n": 2}, cwd=tmp_path)
    text = nb.cells[-1].outputs[0]["text"]
    assert text.splitlines() == [sys.executable, str(tmp_path), "n = 2"]
    assert "injected-parameters" in nb.cells[1].metadata.tags
    assert nb.metadata.papermill.parameters == {"n": 2}
    with pytest.raises(papermill.PapermillExecutionError) as info:
        execute_notebook(src, tmp_path / "failed.ipynb", {"n": 3}, cwd=tmp_path)
    assert info.value.ename == "ValueError" and "n 太大：3" in info.value.evalue
    saved = (tmp_path / "failed.ipynb").read_text(encoding="utf-8")
    assert "An Exception was encountered at" in saved and "papermill-error-cell-tag" in saved


def test_kernel_command_check():
    assert runs_this_python(["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"])
    assert runs_this_python([sys.executable, "-m", "ipykernel_launcher"])
    assert not runs_this_python(["/usr/bin/python2.7", "-m", "ipykernel_launcher"])
    assert not runs_this_python([])


# --------------------------------------------------------------------------- the run, tiny notebooks

COMMON = ('data_dir = "../data/2022"\nrules = "mof-2020"\nreport_date = "2023-03-31"\nsilence = []\n'
          "previous_dir = None")


def tiny_notebooks(folder: Path, *, fail: bool = False) -> Path:
    """department/project/monitoring notebooks that show their parameters (and can fail on purpose)."""
    folder.mkdir(parents=True, exist_ok=True)
    show = ("from IPython.display import Markdown, display\nimport sys\n"
            "display(Markdown(f'# {title}\\n\\n数据目录：{data_dir}；报告日期：{report_date}；内核：{sys.executable}'))")
    tiny_notebook(folder / "department_report.ipynb", "title = '部门整体绩效自评报告'\n" + show, COMMON)
    project = "title = '项目 ' + project_code\n" + show
    if fail:
        project += "\nraise RuntimeError('故意失败：' + project_code)"
    tiny_notebook(folder / "project_report.ipynb", project, COMMON + '\nproject_code = "P0"')
    tiny_notebook(folder / "monitoring_report.ipynb", "title = f'绩效运行监控 {month} 月'\n" + show,
                  'data_dir = ""\nrules = "mof-2020"\nmonth = 1\nreport_date = ""')
    return folder


@pytest.fixture
def tiny_year(tmp_path):
    """A project root with the small year in data/2022, params/2022.yaml and tiny notebooks."""
    year_builder.write(tmp_path / "data" / "2022")
    write_params(tmp_path)
    tiny_notebooks(tmp_path / "notebooks")
    return tmp_path


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_tiny_run_publishes_every_output(tiny_year):
    summary = run_reports(tiny_year / "params" / "2022.yaml", notebooks=tiny_year / "notebooks",
                          monitor_month=6, workers=2, progress=False)
    out = tiny_year / "output" / "2022"
    assert summary.output_dir == out and summary.reports_written == 3
    expected = {"部门整体绩效自评报告", "P1_测试项目", "绩效运行监控_6月"}
    for stem in expected:
        for ext in ("html", "pdf"):
            for edition in ("报送稿", "审核底稿"):
                assert (out / edition / f"{stem}.{ext}").is_file(), (edition, stem)
        assert (out / "notebooks" / f"{stem}.ipynb").is_file()
    for name in ("index.html", "scores.json", "manifest.json", "自评表.xlsx"):
        assert (out / name).is_file(), name
    assert sorted(p.name for p in (tiny_year / "output").iterdir()) == [".2022.lock", ".releases", "2022"]
    assert len(list((tiny_year / "output" / ".releases").iterdir())) == 1  # no temporary folder left
    # parameters as agreed with the notebooks
    nb = nbformat.read(str(out / "notebooks" / "P1_测试项目.ipynb"), as_version=4)
    assert nb.metadata.papermill.parameters == {
        "data_dir": str(tiny_year / "data" / "2022"), "rules": "mof-2020", "report_date": "2023-03-31",
        "silence": [], "previous_dir": None, "project_code": "P1"}
    mon = nbformat.read(str(out / "notebooks" / "绩效运行监控_6月.ipynb"), as_version=4)
    assert mon.metadata.papermill.parameters == {"data_dir": str(tiny_year / "data" / "2022"), "rules": "mof-2020",
                                                 "month": 6, "report_date": "2023-03-31"}
    html = (out / "报送稿" / "P1_测试项目.html").read_text(encoding="utf-8")
    assert "项目 P1" in html and f"内核：{sys.executable}" in html
    assert "<title>测试项目（P1）2022 年度项目支出绩效自评报告</title>" in html
    text = PdfReader(str(out / "报送稿" / "P1_测试项目.pdf")).pages[0].extract_text()
    assert "测试街道办事处 2022 年度 · 测试项目 绩效自评报告" in text and "第 1 页 / 共 1 页" in text
    # manifest: every output hashed, inputs hashed
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(m["outputs"]) == files
    for rel, digest in m["outputs"].items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest
    assert set(m["inputs"]) >= {"data/2022/targets.xlsx", "data/2022/actuals.xlsx", "params/2022.yaml"}
    assert any(k.endswith("mof-2020.yaml") for k in m["inputs"])
    assert m["params"]["report_date"] == "2023-03-31" and m["rules"]["name"] == "mof-2020"
    assert m["run"]["monitor_month"] == 6
    # index: score, links, sortable table
    index = (out / "index.html").read_text(encoding="utf-8")
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert f"{scores['projects'][0]['score']:.2f}" in index
    assert 'href="%E6%8A%A5%E9%80%81%E7%A8%BF/P1_%E6%B5%8B%E8%AF%95%E9%A1%B9%E7%9B%AE.pdf"' in index and 'class="sortable"' in index
    assert 'href="%E5%AE%A1%E6%A0%B8%E5%BA%95%E7%A8%BF/P1_%E6%B5%8B%E8%AF%95%E9%A1%B9%E7%9B%AE.pdf"' in index  # both editions
    assert "http://" not in index and "https://" not in index
    # the closing summary
    text = str(summary)
    assert "测试街道办事处 2022 年度：已生成 3 份报告" in text and "部门整体得分" in text and "index.html" in text


def test_a_failing_notebook_keeps_the_previous_output_and_the_failed_notebook(tiny_year):
    params = tiny_year / "params" / "2022.yaml"
    run_reports(params, notebooks=tiny_year / "notebooks", formats=["html"], workers=1, progress=False)
    out = tiny_year / "output" / "2022"
    before = snapshot(out)
    broken = tiny_notebooks(tiny_year / "broken", fail=True)
    with pytest.raises(ReportError) as info:
        run_reports(params, notebooks=broken, formats=["html"], workers=1, progress=False)
    assert snapshot(out) == before
    kept = tiny_year / "output" / "failed" / "2022" / "P1_测试项目.ipynb"
    msg = str(info.value)
    assert "P1_测试项目" in msg and "故意失败：P1" in msg and str(Path("failed") / "2022" / "P1_测试项目.ipynb") in msg
    saved = kept.read_text(encoding="utf-8")
    assert "An Exception was encountered at" in saved and "RuntimeError" in saved
    # the lock file and the release the link points to are jxreport's own; no staging is left
    assert sorted(p.name for p in (tiny_year / "output").iterdir()) == [".2022.lock", ".releases", "2022", "failed"]
    assert len(list((tiny_year / "output" / ".releases").iterdir())) == 1
    # the next good run supersedes the failure, and gives the same pages (report_date, not now())
    run_reports(params, notebooks=tiny_year / "notebooks", formats=["html"], workers=1, progress=False)
    assert not (tiny_year / "output" / "failed").exists()
    again = snapshot(out)
    for name in ("index.html", "报送稿/部门整体绩效自评报告.html", "审核底稿/P1_测试项目.html", "scores.json"):
        assert again[name][0] == before[name][0], name


def test_an_unreadable_previous_year_stops_the_run_and_says_which_year(tiny_year):
    t = year_builder.tables()
    t[S.RESULTS.name].pop()  # an indicator without its result
    year_builder.write(tiny_year / "data" / "2021", t)
    params = write_params(tiny_year, previous="data/2021")
    with pytest.raises(ValidationError) as info:
        run_reports(params, notebooks=tiny_year / "notebooks", progress=False)
    assert "上一年度数据" in info.value.problems[0].message and len(info.value.problems) >= 2
    assert not (tiny_year / "output").exists()


def test_unreadable_input_stops_before_anything_is_written(tiny_year):
    t = year_builder.tables()
    t[S.RESULTS.name].append({"项目编码": "P9", "三级指标": "不存在的指标", "实际完成值": "1个"})
    year_builder.write(tiny_year / "data" / "2022", t)
    with pytest.raises(ValidationError):
        run_reports(tiny_year / "params" / "2022.yaml", notebooks=tiny_year / "notebooks", progress=False)
    assert not (tiny_year / "output").exists()


def test_unknown_project_code_is_refused_before_anything_is_written(tiny_year):
    with pytest.raises(ParamsError, match="P7"):
        run_reports(tiny_year / "params" / "2022.yaml", projects=["P7"], notebooks=tiny_year / "notebooks",
                    progress=False)
    assert not (tiny_year / "output").exists()


# --------------------------------------------------------------------------- end to end (data/2022)

def embedded_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(str(path)).pages:
        for ref in page.get("/Resources", {}).get("/Font", {}).values():
            font = ref.get_object()
            for f in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                desc = f.get("/FontDescriptor")
                if desc is not None and ("/FontFile2" in desc.get_object() or "/FontFile3" in desc.get_object()):
                    names.add(str(f["/BaseFont"]).replace("-", ""))
    return names


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def visible(html: str) -> str:
    """The page's text without embedded images and tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", "", html))


def test_e2e_every_report_in_html_and_pdf(report_run):
    summary, out = report_run
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert len(scores["projects"]) == 6
    stems = ["部门整体绩效自评报告"] + [safe_name(f"{p['code']}_{p['name']}") for p in scores["projects"]]
    for stem in stems:
        for ext in ("html", "pdf"):
            for edition in ("报送稿", "审核底稿"):
                assert (out / edition / f"{stem}.{ext}").is_file(), f"{edition}/{stem}.{ext}"
        assert (out / "notebooks" / f"{stem}.ipynb").is_file(), stem
    assert (out / "index.html").is_file() and (out / "自评表.xlsx").is_file()
    assert summary.reports_written >= 7


def test_e2e_manifest_matches_the_files(report_run):
    _, out = report_run
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(m["outputs"]) == files
    for rel, digest in m["outputs"].items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest, rel
    for rel in ("data/2022/targets.xlsx", "data/2022/actuals.xlsx", "params/2022.yaml", "jxreport/rulesets/mof-2020.yaml"):
        assert m["inputs"][rel] == hashlib.sha256((ROOT / rel).read_bytes()).hexdigest(), rel


def test_e2e_pdfs_embed_the_cjk_font_and_print_names_and_scores(report_run):
    _, out = report_run
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    dept = squeeze(pdf_text(out / "报送稿" / "部门整体绩效自评报告.pdf"))
    for p in scores["projects"]:
        path = out / "报送稿" / f"{safe_name(p['code'] + '_' + p['name'])}.pdf"
        fonts = embedded_fonts(path)
        assert any("NotoSansCJK" in f for f in fonts), (path.name, fonts)
        text = squeeze(pdf_text(path))
        assert squeeze(p["name"]) in text and f"{p['score']:.2f}" in text, path.name
        assert squeeze(p["name"]) in dept and f"{p['score']:.2f}" in dept, p["code"]
    assert f"{scores['department_score']:.2f}" in dept


def test_e2e_no_network_no_noise_no_nan(report_run):
    _, out = report_run
    for path in sorted(out.glob("*/*.html")):
        html = path.read_text(encoding="utf-8")
        assert not EXTERNAL.search(html), path.name
        text = visible(html)
        for bad in BAD_TEXT:
            assert bad not in text, (path.name, bad)
        assert not re.search(r"\bnan\b", text, re.I), path.name
    for path in sorted(out.glob("*/*.pdf")):
        text = pdf_text(path)
        for bad in BAD_TEXT:
            assert bad not in text, (path.name, bad)
        assert not re.search(r"\bnan\b", text, re.I), path.name


def test_e2e_index_lists_every_project_with_links(report_run):
    _, out = report_run
    index = (out / "index.html").read_text(encoding="utf-8")
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    for p in scores["projects"]:
        assert p["code"] in index and f"{p['score']:.2f}" in index
    assert index.count(".pdf\"") >= 7 and "<script>" in index and "http" not in index


def test_e2e_a_broken_report_leaves_the_published_year_alone(report_run, tmp_path):
    """A copy of the real notebooks whose project report fails: output/2022 keeps its bytes and mtimes."""
    _, out = report_run
    before = snapshot(out)
    broken = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", broken)
    nb = nbformat.read(str(broken / "project_report.ipynb"), as_version=4)
    nb.cells.append(new_markdown_cell("故意出错"))
    nb.cells.append(new_code_cell("raise RuntimeError('故意失败：' + project_code)"))
    nbformat.write(nb, str(broken / "project_report.ipynb"))
    project = json.loads((out / "scores.json").read_text(encoding="utf-8"))["projects"][0]
    first = project["code"]
    with pytest.raises(ReportError) as info:
        run_reports(ROOT / "params" / "2022.yaml", out=out.parent, notebooks=broken, projects=[first],
                    formats=["html"], workers=1, progress=False)
    assert snapshot(out) == before
    kept = list((out.parent / "failed" / "2022").glob("*.ipynb"))
    assert [p.name for p in kept] == [f"{safe_name(first + '_' + project['name'])}.ipynb"]
    saved = kept[0].read_text(encoding="utf-8")
    assert "An Exception was encountered at" in saved and f"故意失败：{first}" in saved
    assert str(Path("failed") / "2022" / kept[0].name) in str(info.value)


def test_index_escapes_workbook_text_and_sorts_by_numbers(tmp_path):
    from jxreport.outputs.index_page import ReportLink, render_index
    from jxreport.io.loading import load_year
    from jxreport.scoring.scorer import score_year

    t = year_builder.tables()
    t[S.PROJECTS.name][0]["项目名称"] = "<script>alert(1)</script>&项目"
    year = load_year(year_builder.write(tmp_path / "2022", t))
    ys = score_year(year, "mof-2020")
    p = ys.projects[0]
    html = render_index(ys, department="测试<单位>", report_date="2023-03-31", rules_title="规则",
                        reports=[ReportLink("project", "t", "P1", html=("报送稿/P1_x.html",), pdf=("报送稿/P1_x.pdf",))])
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;项目" in html and "测试&lt;单位&gt;" in html
    assert f'data-sort="{float(p.score)}">{p.score:.2f}</td>' in html  # numbers sort by value, not text
    assert html.count("<script>") == 1 and "http" not in html  # only the inline sorter
