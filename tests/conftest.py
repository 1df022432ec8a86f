"""Shared fixtures. Keep each one small; add yours below with a one-line docstring."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def report_run(tmp_path_factory):
    """`run_reports("params/2022.yaml")` once per session, into a temporary output root.

    Yields (summary, year folder). Skipped only while the report notebooks are not written yet.
    """
    if not (ROOT / "notebooks" / "project_report.ipynb").is_file():
        pytest.skip("notebooks/project_report.ipynb 尚未提供：端到端测试跳过")
    from jxreport.pipeline.run import run_reports

    out = tmp_path_factory.mktemp("e2e") / "output"
    summary = run_reports(ROOT / "params" / "2022.yaml", out=out, progress=False)
    return summary, out / "2022"


@pytest.fixture(scope="session")
def sample_outputs(tmp_path_factory):
    """The sample year rendered by the real pipeline (html, pdf, both editions, the July monitoring
    report) once per session; yields the year folder."""
    if not (ROOT / "notebooks" / "project_report.ipynb").is_file():
        pytest.skip("notebooks/project_report.ipynb 尚未提供：端到端测试跳过")
    from jxreport.pipeline.run import run_reports

    out = tmp_path_factory.mktemp("sample") / "output"
    run_reports(ROOT / "params" / "2022.yaml", out=out, monitor_month=7, formats="html,pdf", progress=False)
    return out / "2022"
