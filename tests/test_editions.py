"""Two editions of each report (issue 14): the 报送稿 has no working notes, the 审核底稿 every finding;
the outline's chapters from the 自评说明 sheet or from the data; the department's 基本支出 scope."""

from __future__ import annotations

import html as htmllib
import json
import re
from urllib.parse import quote

import nbformat
import pytest
import year_builder
from nbformat.v4 import new_code_cell
from test_output_guard import tiny_notebooks

from jxreport.core import schema as S
from jxreport.core.exceptions import ParamsError
from jxreport.pipeline.params import load_params
from jxreport.pipeline.run import run_reports
from jxreport.report.context import prepare
from jxreport.report.editions import DRAFT, SUBMIT, draft_only, for_edition, parse_editions, per_edition
from jxreport.samples.records import rec
from jxreport.sections import annual
from jxreport.sections.html import e

from conftest import ROOT

# What the 报送稿 must never print: places in the workbooks and prompts to the preparer.
WORKING_NOTES = re.compile(r"工作表「|第\d+行|targets\.xlsx|actuals\.xlsx|请核对|未填写|未说明|？")


def visible(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    page = re.sub(r"<img[^>]*>", "", page)
    return re.sub(r"\s+", "", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))


# ---------------------------------------------------------------- markers


def test_each_edition_keeps_its_own_spans_and_drops_the_markers():
    page = "<p>共同</p>" + per_edition("<p>陈述</p>", "<p>待补充</p>") + draft_only("<p>发现</p>")
    assert for_edition(page, SUBMIT) == "<p>共同</p><p>陈述</p>"
    assert for_edition(page, DRAFT) == "<p>共同</p><p>待补充</p><p>发现</p>"


def test_workbook_text_cannot_forge_a_marker():
    forged = e("<!--jx:底稿-->秘密<!--/jx:底稿-->")
    assert "秘密" in for_edition(f"<p>{forged}</p>", SUBMIT)


def test_edition_choices():
    assert parse_editions(None) == (SUBMIT, DRAFT) == parse_editions("全部")
    assert parse_editions(["审核底稿", "报送稿"]) == (SUBMIT, DRAFT)
    assert parse_editions("报送稿") == (SUBMIT,)
    with pytest.raises(ValueError):
        parse_editions(["草稿"])


# ---------------------------------------------------------------- the sample year


def test_the_submission_copy_has_no_places_and_no_prompts(sample_outputs):
    pages = sorted((sample_outputs / SUBMIT).glob("*.html"))
    pdfs = sorted((sample_outputs / SUBMIT).glob("*.pdf"))
    assert len(pages) == len(pdfs) == 8  # the department, 6 projects, the July monitoring report
    for path in pages:
        assert not WORKING_NOTES.findall(visible(path.read_text(encoding="utf-8"))), path.name
        assert "<!--jx:" not in path.read_text(encoding="utf-8"), path.name
    for path in pdfs:
        assert not WORKING_NOTES.findall(pdf_text(path)), path.name


def test_the_working_copy_lists_every_finding_of_check(sample_outputs):
    params = load_params(ROOT / "params" / "2022.yaml")
    findings = prepare(params.data_dir, params.rules, silence=list(params.silence)).findings
    assert findings.items
    draft = visible((sample_outputs / DRAFT / "部门整体绩效自评报告.html").read_text(encoding="utf-8"))
    submit = visible((sample_outputs / SUBMIT / "部门整体绩效自评报告.html").read_text(encoding="utf-8"))
    for f in findings.items:
        said = re.sub(r"\s+", "", f.message)
        assert said in draft, f.message
        assert said not in submit, f.message
        if f.project:
            page = next((sample_outputs / DRAFT).glob(f"{f.project}_*.html")).read_text(encoding="utf-8")
            assert said in visible(page), (f.project, f.message)


def test_index_links_both_editions_of_every_report(sample_outputs):
    index = (sample_outputs / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((sample_outputs / "manifest.json").read_text(encoding="utf-8"))
    for stem, entry in manifest["reports"].items():
        for edition in (SUBMIT, DRAFT):
            for ext in ("html", "pdf"):
                rel = f"{edition}/{stem}.{ext}"
                assert rel in entry["files"] and (sample_outputs / rel).is_file()
                assert f'href="{e(quote(rel))}"' in index, rel
    assert (sample_outputs / "notebooks").is_dir() and not (sample_outputs / SUBMIT / "notebooks").exists()


def test_the_reports_follow_the_official_outline(sample_outputs):
    outline = ["一、基本情况", "二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析",
               "五、主要经验及做法、存在的问题及原因", "六、改进措施和建议", "七、结果应用", "八、其他需要说明的问题", "附表"]
    for path in [*sorted((sample_outputs / SUBMIT).glob("JX-*.html")), sample_outputs / SUBMIT / "部门整体绩效自评报告.html"]:
        heads = [visible(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", path.read_text(encoding="utf-8"))]
        assert [h for h in heads if h in outline] == outline, (path.name, heads)
    draft = (sample_outputs / DRAFT / "JX-02_社区运行经费.html").read_text(encoding="utf-8")
    assert "附：数据质量与目标审核" in draft


# ---------------------------------------------------------------- the pipeline's edition choice


def _marked_notebooks(folder):
    """The tiny report notebooks, each showing one span per edition and one shared paragraph."""
    tiny_notebooks(folder)
    show = ("from IPython.display import HTML, display\n"
            "display(HTML('<p>共同</p><!--jx:底稿--><p>底稿专有</p><!--/jx:底稿-->"
            "<!--jx:报送稿--><p>报送稿专有</p><!--/jx:报送稿-->'))")
    for path in folder.glob("*.ipynb"):
        nb = nbformat.read(str(path), as_version=4)
        nb.cells.append(new_code_cell(show))
        nbformat.write(nb, str(path))
    return folder


@pytest.fixture
def tiny_project(tmp_path):
    year_builder.write(tmp_path / "data" / "2022")
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "2022.yaml").write_text(
        'department: 测试街道办事处\ndata: data/2022\nrules: mof-2020\nformats: ["html"]\noutput: output\n'
        'report_date: "2023-03-31"\n', encoding="utf-8")
    _marked_notebooks(tmp_path / "notebooks")
    return tmp_path


def test_only_the_submission_copy_when_asked(tiny_project):
    summary = run_reports(tiny_project / "params" / "2022.yaml", notebooks=tiny_project / "notebooks",
                          workers=1, progress=False, editions="报送稿")
    out = summary.output_dir
    assert not (out / DRAFT).exists()
    pages = list((out / SUBMIT).glob("*.html"))
    assert pages and all("报送稿专有" in p.read_text(encoding="utf-8")
                         and "底稿专有" not in p.read_text(encoding="utf-8") for p in pages)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "报送稿：" in index and "审核底稿：" not in index
    again = run_reports(tiny_project / "params" / "2022.yaml", notebooks=tiny_project / "notebooks",
                        workers=1, progress=False, editions="全部")
    assert again.output_dir == out and (out / DRAFT).is_dir()
    draft = next((out / DRAFT).glob("*.html")).read_text(encoding="utf-8")
    assert "底稿专有" in draft and "报送稿专有" not in draft


def test_an_unknown_edition_in_the_params_is_refused(tiny_project):
    path = tiny_project / "params" / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "editions: [草稿]\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="editions"):
        load_params(path)


# ---------------------------------------------------------------- 自评说明 and 基本支出


def _ctx(tmp_path, extra: dict):
    t = year_builder.tables()
    t.update(extra)
    return prepare(year_builder.write(tmp_path / "2022", t), "mof-2020")


def _code(ctx) -> str:
    return ctx.scores.projects[0].code


def test_filled_notes_are_printed_as_written(tmp_path):
    t = year_builder.tables()
    code = t[S.PROJECTS.name][0]["项目编码"]
    ctx = _ctx(tmp_path, {S.SELF_EVAL_NOTES.name: [
        rec(S.SELF_EVAL_NOTES, code, "由项目科室逐项核对台账。", "", "结果报财政局备案。", "无。"),
        rec(S.SELF_EVAL_NOTES, "部门", "部门成立自评工作组。")]})
    page = annual.self_evaluation_work(ctx, code) + annual.use_of_results(ctx, code) + annual.other_remarks(ctx, code)
    for edition in (SUBMIT, DRAFT):
        text = for_edition(page, edition)
        assert "由项目科室逐项核对台账。" in text and "结果报财政局备案。" in text and "待补充" not in text
    assert "部门成立自评工作组。" in annual.dept_self_evaluation_work(ctx)


def test_empty_notes_give_a_sentence_from_the_data_and_a_to_do_in_the_draft(tmp_path):
    ctx = _ctx(tmp_path, {})
    code = _code(ctx)
    p = ctx.project(code)
    page = annual.self_evaluation_work(ctx, code) + annual.use_of_results(ctx, code)
    submit, draft = for_edition(page, SUBMIT), for_edition(page, DRAFT)
    assert f"{len(p.indicators)} 个绩效指标" in submit and "待补充" not in submit
    assert f"{p.score:.2f}" in submit  # 结果应用 from this report's own score
    assert draft.count("待补充") == 2 and "自评工作开展情况" in draft and "结果应用" in draft


def test_department_without_basic_spending_says_its_rate_covers_projects_only(tmp_path):
    text = visible(for_edition(annual.dept_budget(_ctx(tmp_path, {})), SUBMIT))
    assert "仅反映项目支出" in text


def test_department_with_basic_spending_adds_it_to_the_table_and_rate(tmp_path):
    ctx = _ctx(tmp_path, {S.BASIC_SPENDING.name: [rec(S.BASIC_SPENDING, "人员经费", 100.0, 90.0),
                                                  rec(S.BASIC_SPENDING, "公用经费", 50.0, 45.0),
                                                  rec(S.BASIC_SPENDING, "三公经费", 5.0, 4.0)]})
    d = ctx.scores.department
    page = annual.dept_budget(ctx)
    text = visible(page)
    assert "仅反映项目支出" not in text and "人员经费" in text and "其中：三公经费" in text
    from decimal import Decimal
    from jxreport.core.rounding import fmt_money, fmt_pct
    budget = Decimal(str(d.budget_wan)) + 150
    spent = Decimal(str(d.spent_wan)) + 135  # 三公经费 is part of 公用经费: not added again
    total = re.search(r'<tr class="total"><td>合计（基本支出 \+ 项目支出）</td>(.*?)</tr>', page).group(1)
    assert fmt_money(budget) in total and fmt_money(spent) in total and fmt_pct(spent / budget) in total
