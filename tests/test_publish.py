"""Atomic publishing: a failed run never touches the previous output; the manifest matches the files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from jxreport.pipeline.publish import MANIFEST, Staging, output_hashes, write_manifest


def snapshot(folder):
    """Every file's bytes and mtime, to prove that nothing was touched."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous(tmp_path):
    """output/2022 from an earlier good run."""
    final = tmp_path / "output" / "2022"
    (final / "notebooks").mkdir(parents=True)
    (final / "index.html").write_text("旧的索引", encoding="utf-8")
    (final / "notebooks" / "旧.ipynb").write_text("{}", encoding="utf-8")
    write_manifest(final, inputs={}, params={}, rules={})  # jxreport's marker: it may be replaced
    return final


def test_publish_swaps_the_new_folder_in(tmp_path, previous):
    with Staging(tmp_path / "output", 2022) as stage:
        assert stage.tmp.parent == tmp_path / "output" / ".releases"
        assert stage.tmp.name.startswith(f"2022-{os.getpid()}-")
        stage.path("index.html").write_text("新的索引", encoding="utf-8")
        stage.path("notebooks/新.ipynb").write_text("{}", encoding="utf-8")
        assert (previous / "index.html").read_text(encoding="utf-8") == "旧的索引"  # not yet
        stage.publish()
    assert (previous / "index.html").read_text(encoding="utf-8") == "新的索引"
    assert not (previous / "notebooks" / "旧.ipynb").exists()
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [".releases", "2022"]  # no tmp, no old copy
    assert [p.name for p in (tmp_path / "output" / ".releases").iterdir()] == [os.readlink(previous).split("/")[-1]]


def test_a_failed_run_leaves_the_previous_output_untouched(tmp_path, previous):
    before = snapshot(previous)
    with pytest.raises(RuntimeError):
        with Staging(tmp_path / "output", 2022) as stage:
            stage.path("index.html").write_text("半成品", encoding="utf-8")
            broken = stage.path("notebooks/JX-01_项目.ipynb")
            broken.write_text('{"cells": "出错的笔记本"}', encoding="utf-8")
            kept = stage.keep_failed([broken])
            raise RuntimeError("报告失败")
    assert snapshot(previous) == before
    assert kept == [tmp_path / "output" / "failed" / "2022" / "JX-01_项目.ipynb"]
    assert kept[0].read_text(encoding="utf-8") == '{"cells": "出错的笔记本"}'
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [".releases", "2022", "failed"]
    assert len(list((tmp_path / "output" / ".releases").iterdir())) == 1  # the unpublished release is gone


def test_first_run_publishes_and_a_good_run_clears_the_last_failure(tmp_path):
    root = tmp_path / "output"
    (root / "failed" / "2022").mkdir(parents=True)
    (root / "failed" / "2022" / "x.ipynb").write_text("{}", encoding="utf-8")
    with Staging(root, 2022) as stage:
        stage.path("index.html").write_text("首次", encoding="utf-8")
        final = stage.publish()
    assert final == root / "2022" and (final / "index.html").read_text(encoding="utf-8") == "首次"
    assert not (root / "failed").exists()


def test_stale_temporary_folders_of_dead_runs_are_swept(tmp_path):
    root = tmp_path / "output"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    (root / f".2022.tmp-{pid}").mkdir(parents=True)
    (root / f".2022.old-{pid}").mkdir()
    (root / f".2023.tmp-{pid}").mkdir()  # another year: not ours to touch
    (root / f".2022.tmp-{os.getppid()}").mkdir()  # a live process: may be running right now
    (root / ".releases" / "2022-1-1").mkdir(parents=True)  # a release nothing points to (the lock is held)
    (root / ".releases" / "2023-1-1").mkdir()  # another year's
    with Staging(root, 2022) as stage:
        assert "中断状态" in stage.recovered
        stage.publish()
    names = sorted(p.name for p in root.iterdir())
    assert names == sorted(["2022", ".releases", f".2023.tmp-{pid}", f".2022.tmp-{os.getppid()}"])
    assert sorted(p.name for p in (root / ".releases").iterdir()) == sorted(["2023-1-1", os.readlink(root / "2022")[10:]])


def test_manifest_hashes_every_input_and_output(tmp_path):
    out = tmp_path / "out"
    (out / "notebooks").mkdir(parents=True)
    (out / "a.html").write_bytes(b"<p>a</p>")
    (out / "notebooks" / "b.ipynb").write_bytes(b"{}")
    target = tmp_path / "targets.xlsx"
    target.write_bytes(b"workbook bytes")
    write_manifest(out, inputs={"data/2022/targets.xlsx": target}, params={"department": "高新区街道办事处"},
                   rules={"name": "mof-2020"}, run={"year": 2022})
    m = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert m["inputs"] == {"data/2022/targets.xlsx": hashlib.sha256(b"workbook bytes").hexdigest()}
    assert m["outputs"] == {"a.html": hashlib.sha256(b"<p>a</p>").hexdigest(),
                            "notebooks/b.ipynb": hashlib.sha256(b"{}").hexdigest()}
    assert m["params"] == {"department": "高新区街道办事处"} and m["rules"]["name"] == "mof-2020"
    for lib in ("jxreport", "pandas", "openpyxl", "python-calamine", "papermill", "nbconvert", "matplotlib",
                "weasyprint", "mplfonts"):
        assert lib in m["versions"]
    assert m["versions"]["papermill"]  # installed here
    assert output_hashes(out) == m["outputs"]  # the manifest does not hash itself
