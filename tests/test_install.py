"""An analyst who never cloned the repository: `pip install` (not editable), then work in an empty folder.

The package must carry its own notebooks, rule sets and templates: this builds a wheel from
the checkout, installs it into a fresh virtual environment (its third-party dependencies
are taken from the environment running the tests, so nothing is downloaded but the build
backend), and runs new → fill → check → score → run from a folder far from the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "2022"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies: this environment's site-packages, added after the venv's own (a .pth line
    # adds a folder but runs none of its .pth files, so this environment's editable jxreport stays out).
    Path(site, "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("jxreport-*.whl"))
    inst = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], capture_output=True, text=True)
    assert inst.returncode == 0, inst.stderr
    return env_dir


def _run(env_dir: Path, cwd: Path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
    # nbconvert's templates are data files of the environment that holds nbconvert (see `installed`)
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return subprocess.run([str(env_dir / "bin" / "jxreport"), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_a_non_editable_install_runs_a_year_in_an_empty_folder(installed, tmp_path):
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import jxreport; print(jxreport.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(REPO) not in where and "site-packages" in where  # the installed copy, not the checkout

    made = _run(installed, tmp_path, "new", "绩效", "--year", "2022", "--unit", "高新区街道办事处")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "绩效"
    assert sorted(p.name for p in (project / "notebooks").glob("*.ipynb")) == [
        "department_appendix.ipynb", "department_report.ipynb", "monitoring_report.ipynb", "project_report.ipynb"]
    for name in ("targets.xlsx", "actuals.xlsx"):  # "fill" the year: the sample year's workbooks
        shutil.copyfile(SAMPLE / name, project / "data" / "2022" / name)

    checked = _run(installed, project, "check", "data/2022")
    assert checked.returncode in (0, 1), checked.stderr  # 1: the data has 错误 findings, still a check
    assert "6 个项目" in checked.stdout
    scored = _run(installed, project, "score", "data/2022", "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert '"department"' in scored.stdout
    ran = _run(installed, project, "run", "params/2022.yaml", "--formats", "html", "--no-progress")
    assert ran.returncode == 0, ran.stderr + ran.stdout
    out = project / "output" / "2022"
    assert (out / "index.html").is_file() and (out / "自评表.xlsx").is_file()
    assert len(list(out.glob("报送稿/JX-0*.html"))) == 6 and (out / "审核底稿" / "部门整体绩效自评报告.html").is_file()
    report = (out / "报送稿" / "JX-03_网格化管理建设费用.html").read_text(encoding="utf-8")
    assert "网格化管理建设费用" in report and "Traceback" not in report
