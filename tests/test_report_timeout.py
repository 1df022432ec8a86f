"""A report over its time limit fails the run by name, keeps the old output and leaks no kernel (issue 12, 6)."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell
from test_output_guard import project, snapshot, write_params  # noqa: F401  (fixture)

from jxreport.cli import main
from jxreport.core.exceptions import ParamsError, ReportError
from jxreport.pipeline import fastpath
from jxreport.pipeline.deadline import DEFAULT_SECONDS
from jxreport.pipeline.jobs import Job
from jxreport.pipeline.params import load_params
from jxreport.pipeline.run import run_reports


def make_project_report_hang(notebooks: Path) -> None:
    """A test-only notebook change: the project report sleeps for ten minutes."""
    path = notebooks / "project_report.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.append(new_code_cell("import time\ntime.sleep(600)"))
    nbformat.write(nb, str(path))


def kernels_in(folder: Path) -> list[psutil.Process]:
    """Live kernel processes working in `folder` (a report kernel's cwd is the project root)."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        try:
            if "ipykernel" in " ".join(p.info["cmdline"] or ()) and Path(p.cwd()).is_relative_to(folder) \
                    and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except (psutil.Error, OSError):
            continue
    return found


def no_kernel_left(folder: Path) -> bool:
    for _ in range(50):  # a kernel asked to stop may take a moment to go
        if not kernels_in(folder):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("workers", [1, 2])  # serial in this process; warm kernels in a worker pool
def test_a_hung_report_fails_by_name_and_the_old_output_stays(project, workers):
    # The limit leaves the department report (kernel start on a loaded machine) room to finish.
    write_params(project)
    params = project / "params" / "2022.yaml"
    run_reports(params, notebooks=project / "notebooks", formats=["html"], workers=1, progress=False)
    before = snapshot(project / "output" / "2022")
    make_project_report_hang(project / "notebooks")
    started = time.monotonic()
    with pytest.raises(ReportError) as err:
        run_reports(params, notebooks=project / "notebooks", formats=["html"], workers=workers,
                    progress=False, timeout=25, force=True)
    assert time.monotonic() - started < 300  # stopped, not slept through
    message = str(err.value)
    assert "P1_测试项目" in message and "超过时间限制 25 秒" in message and "本次输出未发布" in message
    assert snapshot(project / "output" / "2022") == before
    assert no_kernel_left(project), kernels_in(project)


def test_the_limit_comes_from_params_and_the_cli(project, capsys):
    assert load_params(write_params(project)).report_timeout == DEFAULT_SECONDS == 120
    assert load_params(write_params(project, report_timeout=7.5)).report_timeout == 7.5
    for bad in (0, -1, "soon", True):
        with pytest.raises(ParamsError, match="report_timeout"):
            load_params(write_params(project, report_timeout=bad))
    make_project_report_hang(project / "notebooks")
    write_params(project, report_timeout=600)
    code = main(["run", str(project / "params" / "2022.yaml"), "--timeout", "25", "--workers", "1",
                 "--no-progress"])
    # the notebooks come from the project's notebooks/ folder: the hung one is used
    assert code == 1
    assert "超过时间限制 25 秒" in capsys.readouterr().err
    assert main(["run", str(project / "params" / "2022.yaml"), "--timeout", "x"]) == 2


def test_the_pdf_worker_stops_a_page_past_what_is_left_of_the_limit(tmp_path, monkeypatch):
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setattr(fastpath, "html_to_pdf", lambda *a, **k: time.sleep(30))
    job = Job("project", "P1_慢", "t", "h", "nb.ipynb", {}, timeout=1, full_timeout=9)
    started = time.monotonic()
    pdfs, _, error = fastpath.pdf_task(job, str(tmp_path), ("p.html",), True, str(tmp_path))
    assert time.monotonic() - started < 20
    assert pdfs == () and error.startswith("报告「P1_慢」超过时间限制 9 秒")
