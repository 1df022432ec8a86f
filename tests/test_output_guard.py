"""The output never touches what is not its own: overlapping, foreign or unwritable outputs are refused first."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
import year_builder
from nbformat.v4 import new_code_cell, new_notebook

from jxreport.cli import main
from jxreport.pipeline import publish
from jxreport.core.exceptions import ParamsError
from jxreport.pipeline.publish import MANIFEST, Staging, check_output, is_jxreport_output
from jxreport.pipeline.run import run_reports


def write_params(root: Path, **over) -> Path:
    values = {"department": "测试街道办事处", "data": "data/2022", "rules": "mof-2020", "formats": ["html"],
              "output": "output", "report_date": "2023-03-31", **over}
    path = root / "params" / "2022.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in values.items()),
                    encoding="utf-8")
    return path


def tiny_notebooks(folder: Path) -> Path:
    """Report notebooks that only show a title (the run around them is what is tested)."""
    folder.mkdir(parents=True, exist_ok=True)
    common = 'data_dir = ""\nrules = "mof-2020"\nreport_date = ""\nsilence = []\nprevious_dir = None'
    for name, extra in (("department_report", ""), ("project_report", '\nproject_code = "P0"'),
                        ("monitoring_report", "\nmonth = 1")):
        nb = new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        cell = new_code_cell(common + extra)
        cell.metadata["tags"] = ["parameters"]
        nb.cells = [cell, new_code_cell("from IPython.display import Markdown, display\n"
                                        f"display(Markdown('# {name}'))")]
        nbformat.write(nb, str(folder / f"{name}.ipynb"))
    return folder


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    """A project root: data/2022 and data/2021 (small years), params/2022.yaml, tiny notebooks."""
    year_builder.write(tmp_path / "data" / "2022")
    year_builder.write(tmp_path / "data" / "2021")
    tiny_notebooks(tmp_path / "notebooks")
    return tmp_path


def run(project, **kw):
    return run_reports(project / "params" / "2022.yaml", notebooks=project / "notebooks", formats=["html"],
                       workers=1, progress=False, **kw)


@pytest.mark.parametrize("output, words", [
    ("data", ["包含数据目录"]),  # output/2022 would be data/2022 itself
    ("data/2022", ["就是数据目录"]),
    ("data/2022/reports", ["位于数据目录", "之内"]),
    ("data/2021", ["就是上一年度数据目录"]),
    ("params", ["就是参数文件所在目录"]),
    ("params/out", ["位于参数文件所在目录"]),
    (".", ["项目根目录"]),
    ("..", ["包含"]),
])
def test_an_output_overlapping_the_inputs_is_refused_and_nothing_is_written(project, output, words):
    params = write_params(project, output=output, previous="data/2021")
    before = snapshot(project)
    with pytest.raises(ParamsError) as info:
        run_reports(params, notebooks=project / "notebooks", formats=["html"], workers=1, progress=False)
    msg = str(info.value)
    for w in words:
        assert w in msg, msg
    assert "未写入任何文件" in msg and info.value.exit_code == 2
    assert snapshot(project) == before  # targets.xlsx, actuals.xlsx and everything else untouched


def test_out_option_into_the_data_folder_exits_2_via_the_cli(project, capsys):
    params = write_params(project)
    before = snapshot(project)
    assert main(["run", str(params), "--out", str(project / "data"), "--formats", "html", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "包含数据目录" in err and "Traceback" not in err
    assert snapshot(project) == before


def test_a_rules_file_folder_is_protected(project):
    rules = project / "rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text("x: 1\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="规则文件所在目录"):
        check_output(rules, 2022, {"规则文件所在目录": rules})
    with pytest.raises(ParamsError, match="规则文件所在目录"):
        check_output(project, 2022, {"规则文件所在目录": rules})
    check_output(project / "output", 2022, {"规则文件所在目录": rules})  # beside it: fine


def test_a_foreign_year_folder_is_never_replaced(project):
    write_params(project)
    mine = project / "output" / "2022"
    mine.mkdir(parents=True)
    (mine / "我的笔记.docx").write_bytes(b"not jxreport's")
    before = snapshot(project / "output")
    with pytest.raises(ParamsError) as info:
        run(project)
    assert MANIFEST in str(info.value) and str(mine) in str(info.value)
    assert snapshot(project / "output") == before
    # a manifest that is not jxreport's does not count either
    (mine / MANIFEST).write_text(json.dumps({"outputs": {}}), encoding="utf-8")
    with pytest.raises(ParamsError):
        run(project)
    assert (mine / "我的笔记.docx").read_bytes() == b"not jxreport's"


def test_jxreport_output_and_an_empty_folder_are_replaced(project):
    write_params(project)
    (project / "output" / "2022").mkdir(parents=True)  # empty: nothing to lose
    run(project)
    out = project / "output" / "2022"
    assert is_jxreport_output(out)
    (out / "index.html").write_text("旧", encoding="utf-8")
    run(project)  # carries the manifest: replaced
    assert (out / "index.html").read_text(encoding="utf-8") != "旧"


def test_staging_checks_the_marker_again_before_the_swap(tmp_path):
    root = tmp_path / "output"
    with pytest.raises(ParamsError):
        with Staging(root, 2022) as stage:
            stage.path("index.html").write_text("新", encoding="utf-8")
            (root / "2022").mkdir()  # appeared during the run
            (root / "2022" / "别人的.txt").write_text("留着", encoding="utf-8")
            stage.publish()
    assert (root / "2022" / "别人的.txt").read_text(encoding="utf-8") == "留着"
    assert sorted(p.name for p in root.iterdir()) == ["2022"]


def test_out_being_a_file_fails_before_the_run(project):
    write_params(project)
    f = project / "out.txt"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(ParamsError, match="是文件而不是文件夹"):
        run(project, out=f)
    with pytest.raises(ParamsError, match="是文件而不是文件夹"):
        run(project, out=f / "sub")
    assert f.read_text(encoding="utf-8") == "x"


def test_unwritable_output_root_or_year_folder_fails_before_the_run(project, monkeypatch):
    write_params(project)
    run(project)
    year = project / "output" / "2022"
    real = os.access
    for unwritable in (project / "output", year / "notebooks"):
        # root ignores permission bits, so the check is made to see a read-only folder
        monkeypatch.setattr(publish.os, "access", lambda p, mode, u=unwritable: Path(p) != u and real(p, mode))
        before = snapshot(project / "output")
        with pytest.raises(ParamsError, match="不可写") as info:
            run(project)
        assert str(unwritable) in str(info.value)
        assert snapshot(project / "output") == before
    monkeypatch.setattr(publish.os, "access", lambda p, mode: Path(p) != project / "new-root-parent" and real(p, mode))
    (project / "new-root-parent").mkdir()
    with pytest.raises(ParamsError, match="不可写"):
        run(project, out=project / "new-root-parent" / "a" / "b")  # would be created inside it
    assert not (project / "new-root-parent" / "a").exists()


def test_a_write_failure_during_the_run_is_a_message_and_the_old_output_stays(project, monkeypatch, capsys):
    write_params(project)
    run(project)
    before = snapshot(project / "output" / "2022")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", "index.html")

    monkeypatch.setattr("jxreport.pipeline.run.write_index", full)
    code = main(["run", str(project / "params" / "2022.yaml"), "--formats", "html", "--workers", "1", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "保持原样" in err and "Traceback" not in err
    assert snapshot(project / "output" / "2022") == before
    assert sorted(p.name for p in (project / "output").iterdir()) == [".2022.lock", ".releases", "2022"]
    assert len(list((project / "output" / ".releases").iterdir())) == 1  # no temporary folder left
