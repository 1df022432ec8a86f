"""Publishing under faults (issue 12): no kill, crash, signal or second run can lose a year.

`output/<year>` is a link to a release folder swapped with one rename (publish.py). Crash
points (JXREPORT_CRASH_AT) end a real `jxreport run` at each step of publishing; after each,
the year is one complete set and the next run recovers and leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import year_builder
from test_output_guard import tiny_notebooks, write_params

from jxreport.pipeline.publish import CRASH_ENV, MANIFEST, RELEASES, sha256
from jxreport.pipeline.run import run_reports
from jxreport.pipeline.runlock import year_lock

JXREPORT = Path(sys.executable).with_name("jxreport")


def two_projects() -> dict:
    """year_builder's year with a second project P2 (a copy of P1)."""
    t = year_builder.tables()
    for rows in t.values():
        rows += [{**r, "项目编码": "P2", **({"项目名称": "第二个项目"} if "项目名称" in r else {})}
                 for r in list(rows) if r.get("项目编码") == "P1"]
    return t


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project with two projects, tiny notebooks, html only, and one good run published."""
    root = tmp_path_factory.mktemp("faults")
    year_builder.write(root / "data" / "2022", two_projects())
    tiny_notebooks(root / "notebooks")
    write_params(root)
    run_reports(root / "params" / "2022.yaml", progress=False)
    return root


def complete(final: Path) -> bool:
    """output/<year> holds one complete set: a manifest, and every file it lists with its bytes."""
    m = json.loads((final / MANIFEST).read_text(encoding="utf-8"))
    return "index.html" in m["outputs"] and all(sha256(final / r) == h for r, h in m["outputs"].items())


def leftovers(root: Path) -> list[str]:
    """Anything in the output root besides the year's link, its lock, and the one release it points to."""
    extra = [p.name for p in root.iterdir() if p.name not in ("2022", ".2022.lock", RELEASES)]
    releases = sorted(p.name for p in (root / RELEASES).iterdir())
    target = Path(os.readlink(root / "2022")).name
    return extra + [r for r in releases if r != target]


def jxreport(root: Path, *args, env=None, **kw):
    return subprocess.run([str(JXREPORT), "run", "params/2022.yaml", "--no-progress", *args], cwd=root,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, **kw)


@pytest.mark.parametrize("step", ["staged", "linked", "swapped"])
def test_a_crash_at_each_step_of_publishing_loses_nothing_and_the_next_run_recovers(project, step):
    out = project / "output"
    crashed = jxreport(project, env={CRASH_ENV: step})
    assert crashed.returncode == 70, crashed.stderr  # ended at the crash point, not before
    assert (out / "2022").is_symlink() and complete(out / "2022")
    assert leftovers(out)  # the crash did leave something behind …
    after = jxreport(project)
    assert after.returncode == 0 and "中断状态" in after.stderr  # … which the next run names and clears
    assert complete(out / "2022") and leftovers(out) == []


def test_a_real_year_folder_is_moved_into_releases_and_the_two_rename_leftover_restored(project, capsys):
    out = project / "output"
    real = Path(os.path.realpath(out / "2022"))
    (out / "2022").unlink()
    os.replace(real, out / f".2022.old-{os.getpid() + 10**6}")  # the lost year: only .old left
    run_reports(project / "params" / "2022.yaml", progress=False)
    assert "恢复了被中断的发布前的输出" in capsys.readouterr().err
    assert (out / "2022").is_symlink() and complete(out / "2022") and leftovers(out) == []
    real = Path(os.path.realpath(out / "2022"))
    (out / "2022").unlink()
    os.replace(real, out / "2022")  # a folder published by an earlier version
    run_reports(project / "params" / "2022.yaml", progress=False)
    assert "移入 .releases/" in capsys.readouterr().err
    assert (out / "2022").is_symlink() and complete(out / "2022") and leftovers(out) == []


def test_a_second_run_waits_for_the_first_or_with_no_wait_exits_4(project):
    out = project / "output"
    with year_lock(out, 2022):
        refused = jxreport(project, "--no-wait")
        assert refused.returncode == 4
        assert f"进程 {os.getpid()}" in refused.stderr and "--no-wait" in refused.stderr
        assert "Traceback" not in refused.stderr
        waiting = subprocess.Popen([str(JXREPORT), "run", "params/2022.yaml", "--no-progress"], cwd=project,
                                   stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        first = waiting.stderr.readline()
        assert "等待它结束" in first and f"进程 {os.getpid()}" in first
        assert waiting.poll() is None
    assert waiting.wait(timeout=300) == 0
    assert complete(out / "2022") and leftovers(out) == []


def test_a_reader_looping_through_runs_always_sees_a_complete_set(project):
    out = project / "output"
    seen, bad, stop = [0], [], threading.Event()

    def read():
        while not stop.is_set():
            release = Path(os.path.realpath(out / "2022"))
            try:
                ok = complete(release)
            except FileNotFoundError:
                ok = False
            if not ok and release.exists():  # a release still present must be whole
                bad.append(release.name)
            seen[0] += 1

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(3):
            assert jxreport(project).returncode == 0
    finally:
        stop.set()
        reader.join()
    assert seen[0] > 10 and bad == []


def test_projects_rebuilds_the_named_project_and_keeps_every_other_report(project):
    out = project / "output"
    before = json.loads((out / "2022" / MANIFEST).read_text(encoding="utf-8"))
    p2 = [r for r in before["outputs"] if "P2_" in r]
    assert p2
    result = jxreport(project, "--projects", "P1")
    assert result.returncode == 0, result.stderr
    after = json.loads((out / "2022" / MANIFEST).read_text(encoding="utf-8"))
    assert after["run"]["projects"] == ["P1", "P2"]
    assert {r: after["outputs"][r] for r in p2} == {r: before["outputs"][r] for r in p2}  # kept as they were
    assert sorted(after["reports"]) == sorted(before["reports"])
    assert complete(out / "2022")


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("after", [0.3, "staging"])
def test_ctrl_c_and_sigterm_exit_quietly_and_leave_nothing(project, tmp_path, sig, code, after):
    out = project / "output"
    before = os.readlink(out / "2022")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    p = subprocess.Popen([str(JXREPORT), "run", "params/2022.yaml", "--no-progress", "--force"], cwd=project,
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if after == "staging":  # mid-run: once the release folder is being written
        deadline = time.monotonic() + 120
        while len(list((out / RELEASES).iterdir())) < 2 and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    else:  # while Python is still importing
        time.sleep(after)
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)
    assert p.returncode == code, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert os.readlink(out / "2022") == before and complete(out / "2022") and leftovers(out) == []
    left = [q.name for q in tmp.rglob("*") if q.name.startswith("jxreport-context-") or q.suffix == ".json"]
    assert left == []
