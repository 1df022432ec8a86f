"""The fast path of `jxreport run`: warm kernels give the same reports as papermill with a
fresh kernel, each report starts clean, failures keep papermill's banner; the Dask path
gives the same reports again; the HarfBuzz warning is printed once per run.

No timing is asserted here: speed is measured by benchmarks/bench_run.py.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from benchmarks.compare import compare_dirs, notebook_signature, pdf_signature
from jxreport.samples.synth import write_year
from jxreport.pipeline import engines
from jxreport.core.exceptions import MissingDependencyError
from jxreport.pipeline.execute import execute_notebook
from jxreport.pipeline import run as run_module
from jxreport.pipeline.run import run_reports

ROOT = Path(__file__).resolve().parents[1]
PROJECT_NB = ROOT / "notebooks" / "project_report.ipynb"
WARM = "jxreport_warm"
FRESH = "nbclient"  # papermill's own engine: a new kernel per notebook

pytestmark = pytest.mark.skipif(not PROJECT_NB.is_file(), reason="report notebooks not written yet")


@pytest.fixture(scope="module")
def synth_root(tmp_path_factory):
    """A project root with a synthetic year of 3 projects (one of each kind) and its params."""
    root = tmp_path_factory.mktemp("fast")
    write_year(root / "data" / "2022", projects=3, seed=5)
    params = root / "params" / "2022.yaml"
    params.parent.mkdir()
    params.write_text("department: 合成街道办事处\ndata: data/2022\nrules: mof-2020\nformats: [html, pdf]\n"
                      "output: output\nreport_date: 2023-03-31\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local_runs(synth_root):
    """The year run twice: the fast path (warm kernels, 2 workers) and papermill's own engine."""
    params = synth_root / "params" / "2022.yaml"
    fast = run_reports(params, out=synth_root / "out-fast", workers=2, progress=False)
    plain = run_reports(params, out=synth_root / "out-plain", workers=1, engine_name=FRESH, progress=False)
    return fast.output_dir, plain.output_dir


def _params(root: Path, code: str) -> dict:
    return {"data_dir": str(root / "data" / "2022"), "rules": "mof-2020", "report_date": "2023-03-31",
            "silence": [], "previous_dir": None, "project_code": code}


def _nb(path: Path, *sources: str, parameters: str = "x = 0") -> Path:
    cell = new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[cell, *(new_code_cell(s) for s in sources)],
                                metadata={"kernelspec": {"name": "python3", "language": "python",
                                                         "display_name": "Python 3"}}), str(path))
    return path


def _stdout(nb_path: Path) -> list[str]:
    nb = nbformat.read(str(nb_path), as_version=4)
    return ["".join(o.get("text", "")) for c in nb.cells if c.cell_type == "code"
            for o in c.outputs if o.get("name") == "stdout"]


def test_warm_kernel_gives_the_notebook_and_pdf_of_a_fresh_kernel(synth_root, tmp_path):
    from jxreport.outputs.export import notebook_to_html
    from jxreport.outputs.pdf import html_to_pdf

    engines.register()
    try:
        execute_notebook(PROJECT_NB, tmp_path / "fresh.ipynb", _params(synth_root, "P00001"), cwd=ROOT,
                         engine_name=FRESH)
        # In the warm kernel, another project's report runs first: nothing of it may remain.
        execute_notebook(PROJECT_NB, tmp_path / "other.ipynb", _params(synth_root, "P00002"), cwd=ROOT,
                         engine_name=WARM)
        execute_notebook(PROJECT_NB, tmp_path / "warm.ipynb", _params(synth_root, "P00001"), cwd=ROOT,
                         engine_name=WARM)
    finally:
        engines.shutdown_all()
    fresh, warm = notebook_signature(tmp_path / "fresh.ipynb"), notebook_signature(tmp_path / "warm.ipynb")
    assert warm == fresh
    assert [c["count"] for c in warm["cells"] if c["type"] == "code"][:3] == [1, 2, 3]
    assert warm["papermill"]["parameters"]["project_code"] == "P00001"
    for name in ("fresh", "warm"):
        html = notebook_to_html(tmp_path / f"{name}.ipynb", title="t", date="2023-03-31")
        html_to_pdf(html, tmp_path / f"{name}.pdf", header="合成街道办事处 2022 年度")
    assert pdf_signature(tmp_path / "warm.pdf") == pdf_signature(tmp_path / "fresh.pdf")


def test_a_warm_kernel_reads_a_changed_workbook_again(tmp_path):
    # The warm kernel keeps the last prepared year; a rewritten workbook must be read afresh.
    root = tmp_path / "r"
    write_year(root / "data" / "2022", projects=3, seed=1)
    engines.register()
    try:
        execute_notebook(PROJECT_NB, tmp_path / "before.ipynb", _params(root, "P00001"), cwd=ROOT, engine_name=WARM)
        write_year(root / "data" / "2022", projects=3, seed=2)  # other amounts, other answers
        execute_notebook(PROJECT_NB, tmp_path / "after.ipynb", _params(root, "P00001"), cwd=ROOT, engine_name=WARM)
    finally:
        engines.shutdown_all()
    execute_notebook(PROJECT_NB, tmp_path / "fresh.ipynb", _params(root, "P00001"), cwd=ROOT, engine_name=FRESH)
    after = notebook_signature(tmp_path / "after.ipynb")
    assert after == notebook_signature(tmp_path / "fresh.ipynb")
    assert after != notebook_signature(tmp_path / "before.ipynb")


POLLUTE = r"""
import os, sys, warnings
import matplotlib, matplotlib.pyplot as plt, pandas as pd
secret = 42
matplotlib.rcParams["lines.linewidth"] = 9
pd.set_option("display.max_rows", 3)
sys.path.insert(0, here); import jxwarn; jxwarn.go()  # shown once here, and remembered by jxwarn
warnings.simplefilter("ignore")
sys.path.insert(0, "/nowhere")
os.environ["JX_POLLUTED"] = "1"
plt.figure()
get_ipython().run_line_magic("config", "InlineBackend.figure_formats = ['svg']")
os.chdir("/")
"""

PROBE = r"""
import json, os, sys, warnings
import matplotlib, matplotlib.pyplot as plt, pandas as pd
print(json.dumps({"secret": "secret" in globals(), "lw": matplotlib.rcParams["lines.linewidth"],
                  "rows": pd.get_option("display.max_rows"), "nowhere": "/nowhere" in sys.path,
                  "env": os.environ.get("JX_POLLUTED"), "cwd": os.getcwd(), "figs": plt.get_fignums(),
                  "filters": [str(f[0]) + str(f[2]) for f in warnings.filters[:4]]}))
"""
WARN_AGAIN = "sys.path.insert(0, here); import jxwarn; jxwarn.go()"


def test_each_report_starts_as_in_a_new_kernel(tmp_path):
    (tmp_path / "jxwarn.py").write_text("import warnings\n\ndef go():\n    warnings.warn('jx-probe')\n")
    here = f"here = {str(tmp_path)!r}"
    pollute = _nb(tmp_path / "pollute.ipynb", POLLUTE, parameters=here)
    probe = _nb(tmp_path / "probe.ipynb", PROBE, WARN_AGAIN, "plt.plot([1, 2]); plt.show()", parameters=here)
    engines.register()
    try:
        execute_notebook(probe, tmp_path / "fresh.ipynb", {}, cwd=tmp_path, engine_name=FRESH)
        execute_notebook(pollute, tmp_path / "p.ipynb", {}, cwd=tmp_path, engine_name=WARM)
        execute_notebook(probe, tmp_path / "warm.ipynb", {}, cwd=tmp_path, engine_name=WARM)
    finally:
        engines.shutdown_all()
    fresh, warm = _stdout(tmp_path / "fresh.ipynb"), _stdout(tmp_path / "warm.ipynb")
    assert json.loads(warm[0]) == json.loads(fresh[0])
    state = json.loads(warm[0])
    assert (state["secret"], state["lw"], state["rows"], state["env"]) == (False, 1.5, 60, None)
    assert state["cwd"] == str(tmp_path) and state["figs"] == []
    # The warning the first report saw is shown again: "once per location" starts afresh.
    stderr = lambda p: ["jx-probe" in "".join(o.get("text", "")) for c in nbformat.read(str(p), 4).cells  # noqa: E731
                        for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert stderr(tmp_path / "warm.ipynb") == stderr(tmp_path / "fresh.ipynb") == [True]
    # The figure is an inline PNG again, as in a new kernel (the first report asked for SVG).
    mimes = lambda p: [sorted(o.get("data", {})) for c in nbformat.read(str(p), 4).cells  # noqa: E731
                       for o in c.get("outputs", []) if o.get("output_type") == "display_data"]
    assert mimes(tmp_path / "warm.ipynb") == mimes(tmp_path / "fresh.ipynb") == [["image/png", "text/plain"]]


def test_a_failing_cell_keeps_papermills_banner_and_the_kernel_is_replaced(tmp_path):
    bad = _nb(tmp_path / "bad.ipynb", "y = 1", "raise ValueError('坏数据')", "print('never')")
    good = _nb(tmp_path / "good.ipynb", "print('y' in globals())")
    engines.register()
    banners = {}
    try:
        for engine in (FRESH, WARM):
            with pytest.raises(papermill.PapermillExecutionError) as info:
                execute_notebook(bad, tmp_path / f"bad-{engine}.ipynb", {}, cwd=tmp_path, engine_name=engine)
            assert info.value.ename == "ValueError" and "坏数据" in info.value.evalue
            nb = nbformat.read(str(tmp_path / f"bad-{engine}.ipynb"), 4)
            banners[engine] = [c.source for c in nb.cells if "papermill-error-cell-tag" in c.metadata.get("tags", [])]
            assert nb.metadata.papermill.exception is True
        before = set(engines.kernel_pids())
        execute_notebook(good, tmp_path / "good.ipynb", {}, cwd=tmp_path, engine_name=WARM)
        after = set(engines.kernel_pids())
    finally:
        engines.shutdown_all()
    assert banners[WARM] == banners[FRESH] and banners[WARM]  # the red "An Exception was encountered" cell
    assert before == set() and len(after) == 1  # the failed report's kernel was discarded
    assert _stdout(tmp_path / "good.ipynb") == ["False\n"]


def test_the_kernel_is_recycled_every_n_reports(tmp_path):
    nb = _nb(tmp_path / "n.ipynb", "import os; print(os.getpid())")
    engines.register()
    try:
        pids = []
        for i in range(5):
            execute_notebook(nb, tmp_path / f"n{i}.ipynb", {}, cwd=tmp_path, engine_name=WARM, recycle_every=2)
            pids.append(_stdout(tmp_path / f"n{i}.ipynb")[0])
    finally:
        engines.shutdown_all()
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]


def test_the_fast_path_makes_the_reports_of_plain_papermill(local_runs):
    fast, plain = local_runs
    assert sorted(p.name for p in fast.glob("报送稿/*.pdf")) == sorted(p.name for p in plain.glob("报送稿/*.pdf"))
    assert len(list(fast.glob("报送稿/*.pdf"))) == 4  # the department and 3 projects
    assert len(list(fast.glob("审核底稿/*.pdf"))) == 4
    assert compare_dirs(fast, plain) == []


def test_a_runs_report_is_what_papermill_makes_outside_any_run(synth_root, local_runs, tmp_path):
    # Inside the run, kernels take the year the run prepared (jxreport/snapshot.py); alone,
    # the notebook reads, scores and checks the year itself. The reader sees the same.
    fast, _ = local_runs
    ran = next((fast / "notebooks").glob("P00002_*.ipynb"))
    execute_notebook(PROJECT_NB, tmp_path / "alone.ipynb", _params(synth_root, "P00002"), cwd=ROOT, engine_name=FRESH)
    assert notebook_signature(ran) == notebook_signature(tmp_path / "alone.ipynb")


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_a_dask_cluster_makes_the_same_reports(synth_root, local_runs, cluster):
    summary = run_reports(synth_root / "params" / "2022.yaml", out=synth_root / "out-dask", progress=False,
                          scheduler=cluster.scheduler_address)
    out = summary.output_dir
    assert compare_dirs(out, local_runs[0]) == []
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {p.relative_to(local_runs[0]).as_posix() for p in local_runs[0].glob("*/*.pdf")} <= set(manifest["outputs"])
    assert not list(out.parent.glob(".2022.tmp-*"))  # published atomically, nothing left behind


def test_a_dask_cluster_without_the_files_gets_them_shipped(synth_root, local_runs, cluster, monkeypatch):
    monkeypatch.setenv("JXREPORT_SHIP_INPUTS", "always")
    summary = run_reports(synth_root / "params" / "2022.yaml", out=synth_root / "out-ship", progress=False,
                          scheduler=cluster.scheduler_address, formats=["html", "pdf"])
    # Same reports; only the injected paths differ (they point into the worker's copy).
    assert compare_dirs(summary.output_dir, local_runs[0], ignore_parameters=True) == []


def test_without_dask_the_scheduler_option_says_what_to_install(synth_root, monkeypatch, capsys):
    from jxreport.cli import main

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    with pytest.raises(MissingDependencyError, match=r'pip install "jxreport\[dask\]"'):
        run_reports(synth_root / "params" / "2022.yaml", out=synth_root / "none", scheduler="tcp://127.0.0.1:8786")
    code = main(["run", str(synth_root / "params" / "2022.yaml"), "--scheduler", "tcp://127.0.0.1:8786"])
    assert code == 3 and 'pip install "jxreport[dask]"' in capsys.readouterr().err
    assert not (synth_root / "none").exists()


@pytest.mark.parametrize("tty", [False, True])
def test_missing_harfbuzz_subset_is_said_once_per_run(synth_root, monkeypatch, capsys, tty):
    from jxreport.outputs import pdf
    from jxreport.cli import main

    monkeypatch.setattr(pdf, "harfbuzz_subset_available", lambda: False)
    monkeypatch.setattr(run_module, "harfbuzz_subset_available", lambda: False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty, raising=False)
    out = synth_root / f"hb-{tty}"
    code = main(["run", str(synth_root / "params" / "2022.yaml"), "--out", str(out), "--projects", "P00001",
                 "--workers", "1"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    text = printed.out + printed.err
    assert text.count("系统缺少 libharfbuzz-subset") == 1, text
    assert "sudo apt-get install libharfbuzz-subset0" in text
    shutil.rmtree(out, ignore_errors=True)
