"""Kill N `jxreport run`s at random moments against one output folder, then check nothing was lost.

Issue 12's "done when": each run is started in its own process group and SIGKILLed (the whole
group: the run, its worker processes and kernels, at one instant) at a random moment between
0 and 1.2 × the duration of an uninterrupted run. After every kill, output/<year> must still
be one complete set (the manifest and every file it lists, with its bytes). At the end one
run is let finish, and the output root must hold only the year's link, its lock and the one
release the link points to.

The year is tests/year_builder's small year with two projects, the tiny notebooks of
tests/test_output_guard.py and `formats: [html]`, so that 100 runs fit in minutes. Half the
runs use --force (every report executed), half carry the reports over (publishing only).

    .venv/bin/python tools/kill_runs.py [--runs 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import year_builder  # noqa: E402
from test_output_guard import tiny_notebooks, write_params  # noqa: E402
from test_publish_faults import two_projects  # noqa: E402

from jxreport.pipeline.publish import MANIFEST, RELEASES, sha256  # noqa: E402

JXREPORT = Path(sys.executable).with_name("jxreport")


def complete(final: Path) -> bool:
    try:
        m = json.loads((final / MANIFEST).read_text(encoding="utf-8"))
        return "index.html" in m["outputs"] and all(sha256(final / r) == h for r, h in m["outputs"].items())
    except (OSError, ValueError, KeyError):
        return False


def start(project: Path, env: dict, force: bool) -> subprocess.Popen:
    return subprocess.Popen([str(JXREPORT), "run", "params/2022.yaml", "--no-progress", *(["--force"] * force)],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def timed(project: Path, env: dict, force: bool) -> float:
    t = time.perf_counter()
    p = start(project, env, force)
    _, err = p.communicate()
    if p.returncode:
        sys.exit(f"运行失败（退出码 {p.returncode}）：{err}")
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", help="工作目录（默认新建临时目录）")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    project = Path(a.dir or tempfile.mkdtemp(prefix="kill-runs-"))
    year_builder.write(project / "data" / "2022", two_projects())
    tiny_notebooks(project / "notebooks")
    write_params(project)
    tmp = project / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    out = project / "output"
    durations = {True: timed(project, env, True), False: timed(project, env, False)}
    killed = lost = finished = 0
    recovered = 0
    for i in range(a.runs):
        force = i % 2 == 0
        p = start(project, env, force)
        time.sleep(rng.uniform(0, 1.2 * durations[force]))
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            killed += 1
        else:
            finished += 1
        _, err = p.communicate()
        recovered += "中断状态" in err
        if not complete(out / "2022"):
            lost += 1
            print(f"第 {i + 1} 次：output/2022 不完整", file=sys.stderr)
    timed(project, env, True)  # --force: executes reports, so it also sweeps the killed runs' context folders
    target = Path(os.readlink(out / "2022")).name
    left = [p.name for p in out.iterdir() if p.name not in ("2022", ".2022.lock", RELEASES)]
    left += [p.name for p in (out / RELEASES).iterdir() if p.name != target]
    context = [p.name for p in tmp.iterdir() if p.name.startswith("jxreport-context-")]
    kernels = list((tmp / "runtime").glob("kernel-*.json")) if (tmp / "runtime").exists() else []
    print(f"运行 {a.runs} 次：被杀 {killed} 次，自行结束 {finished} 次；"
          f"完整运行用时 {durations[True]:.1f} 秒（--force）/ {durations[False]:.1f} 秒（沿用）。")
    print(f"丢失年度（被杀后 output/2022 缺失或不完整）：{lost}")
    print(f"开始时报告并清理了上一次中断状态的运行：{recovered} 次")
    print(f"最后一次成功运行后输出目录中的残留：{len(left)} {left[:5]}")
    print(f"临时目录中残留的 jxreport-context-* 文件夹：{len(context)}，内核连接文件：{len(kernels)}"
          "（被杀的运行留下的由下一次执行报告的运行清理）")
    return 1 if lost or left else 0


if __name__ == "__main__":
    sys.exit(main())
