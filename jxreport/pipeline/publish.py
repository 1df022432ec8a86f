"""Atomic publishing of a year's outputs, and the manifest that says what they came from.

A run writes everything into `output/.<year>.tmp-<pid>` beside the final folder. Only when
the whole run succeeded is the old `output/<year>` renamed aside, the new one renamed in,
and the old one deleted: a reader never sees a half-written year, and a failed run leaves
the previous outputs exactly as they were. The executed notebooks of a failed run are kept
in `output/failed/<year>/` so that the error can be read where it happened.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

from jxreport.core.version import __version__
from jxreport.core.exceptions import ParamsError, ReportError

MANIFEST = "manifest.json"
# The distributions whose versions a manifest records (besides jxreport and Python).
LIBRARIES = ("pandas", "openpyxl", "python-calamine", "papermill", "nbconvert", "matplotlib",
             "weasyprint", "mplfonts")


class Staging:
    """The temporary folder of one run and the swap that publishes it.

    Use as a context manager: leaving the block without `publish()` (an exception) removes
    the temporary folder and leaves the previous output untouched; call `keep_failed()`
    first to move the failed notebooks to `failed/<year>/`. `publish()` swaps the new folder in.
    """

    def __init__(self, output_root, year: int | str):
        self.root = Path(output_root)
        self.year = str(year)
        self.final = self.root / self.year
        self.tmp = self.root / f".{self.year}.tmp-{os.getpid()}"
        self.failed_dir = self.root / "failed" / self.year
        self.published = False

    def __enter__(self) -> Staging:
        self.root.mkdir(parents=True, exist_ok=True)
        self._sweep()
        if self.tmp.exists():  # left by a crashed run of a process that had our pid
            shutil.rmtree(self.tmp)
        self.tmp.mkdir()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if not self.published:
            shutil.rmtree(self.tmp, ignore_errors=True)
            if isinstance(exc, OSError):  # disk full, a folder made read-only during the run …
                where = f"（{exc.filename}）" if exc.filename else ""
                raise ReportError(f"写入输出时出错{where}：{exc.strerror or exc}。本次输出未发布，"
                                  f"{self.final} 保持原样。") from None
        return False

    def _sweep(self) -> None:
        """Remove temporary folders of this year left by runs whose process is gone."""
        for p in self.root.glob(f".{self.year}.*-*"):
            kind, _, pid = p.name[len(self.year) + 2:].partition("-")
            if kind in ("tmp", "old") and pid.isdigit() and p.is_dir() and not _alive(int(pid)):
                shutil.rmtree(p, ignore_errors=True)

    def path(self, relative: str) -> Path:
        """A path inside the temporary folder (parents created)."""
        p = self.tmp / relative
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def keep_failed(self, notebooks) -> list[Path]:
        """Move the executed notebooks of a failed run to failed/<year>/ (replacing the last ones)."""
        existing = [Path(p) for p in notebooks if Path(p).exists()]
        if self.failed_dir.exists():
            shutil.rmtree(self.failed_dir)
        if not existing:
            return []
        self.failed_dir.mkdir(parents=True)
        kept = []
        for p in existing:
            dest = self.failed_dir / p.name
            shutil.move(str(p), dest)
            kept.append(dest)
        return kept

    def publish(self) -> Path:
        """Swap the temporary folder in as output/<year>; the old one is deleted afterwards."""
        check_replaceable(self.final)  # again: the folder may have appeared during the run
        old = self.root / f".{self.year}.old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old)
        had_old = self.final.exists()
        if had_old:
            os.replace(self.final, old)
        try:
            os.replace(self.tmp, self.final)
        except OSError as exc:
            if had_old:
                os.replace(old, self.final)
            raise ReportError(f"无法把新输出移入 {self.final}：{exc}；原有输出保持不变。") from None
        self.published = True
        if had_old:
            shutil.rmtree(old, ignore_errors=True)
        if self.failed_dir.exists():  # a good run supersedes the last failure
            shutil.rmtree(self.failed_dir, ignore_errors=True)
            _remove_if_empty(self.failed_dir.parent)
        return self.final


def check_output(root, year: int | str, protected: dict[str, Path | None]) -> Path:
    """Refuse an output root that could destroy what is not jxreport's; returns root/<year>.

    `protected` maps a name the user knows (数据目录 …) to a folder. The root may not be,
    contain or lie inside any of them, except the project root (named 项目根目录), which
    the usual `output/` lies inside: that one it may only not be or contain. Also refused
    before any work is done: a root or year folder that cannot be written, a file where a
    folder should be, and an existing year folder without jxreport's manifest.
    """
    root = Path(root).resolve()
    for name, folder in protected.items():
        if folder is None:
            continue
        folder = Path(folder).resolve()
        if root == folder:
            why = "就是"
        elif folder.is_relative_to(root):
            why = "包含"
        elif root.is_relative_to(folder) and name != PROJECT_ROOT:
            why = "位于"
        else:
            continue
        where = "之内" if why == "位于" else ""
        raise ParamsError(f"输出目录 {root} {why}{name} {folder}{where}：发布报告时会替换输出目录中的年度文件夹，"
                          "可能删除输入文件。请另选一个输出目录（如项目根目录下的 output）。未写入任何文件。")
    existing = root
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ParamsError(f"输出目录 {root} 无法创建：{existing} 是文件而不是文件夹。未写入任何文件。")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ParamsError(f"输出目录 {root} 不可写（{existing} 没有写权限）。未写入任何文件。")
    final = root / str(year)
    check_replaceable(final)
    return final


PROJECT_ROOT = "项目根目录"


def check_replaceable(final: Path) -> None:
    """An existing year folder may be replaced only when jxreport made it (or it is empty)."""
    if not final.exists() and not final.is_symlink():
        return
    if not final.is_dir() or final.is_symlink():
        raise ParamsError(f"{final} 已存在但不是文件夹，jxreport 不会替换它。请移走它或另选输出目录。未写入任何文件。")
    if any(final.iterdir()) and not is_jxreport_output(final):
        raise ParamsError(f"{final} 已存在，但其中没有 jxreport 的 {MANIFEST}，不是 jxreport 生成的输出，"
                          "不会替换它。请移走它或另选输出目录。未写入任何文件。")
    for folder, dirs, _ in os.walk(final):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ParamsError(f"{final} 中的 {folder} 不可写，无法替换原有输出。未写入任何文件。")


def is_jxreport_output(folder: Path) -> bool:
    """Whether `folder` holds the manifest.json that write_manifest writes."""
    try:
        m = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(m, dict) and {"inputs", "outputs", "versions"} <= m.keys() and "jxreport" in (
        m.get("versions") or {})


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def versions() -> dict[str, str | None]:
    """Versions of jxreport, Python and the main libraries (None where not installed)."""

    out: dict[str, str | None] = {"jxreport": __version__, "python": sys.version.split()[0]}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def output_hashes(folder) -> dict[str, str]:
    """sha256 of every file under `folder` (relative POSIX paths, sorted), the manifest excepted."""
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).as_posix() != MANIFEST)
    return {p.relative_to(folder).as_posix(): sha256(p) for p in files}


def write_manifest(folder, *, inputs: dict[str, Path], params: dict, rules: dict,
                   run: dict | None = None, reports: dict | None = None) -> Path:
    """Write folder/manifest.json: the inputs' and outputs' sha256, params, rules and versions.

    `inputs` maps a name a reader understands (a path relative to the project root) to the
    file. No time of day goes in, so that the same inputs give the same manifest.
    `reports` is each report's input hash and files (incremental.manifest_entries), the
    record the next run's carry-over reads.
    """
    folder = Path(folder)
    manifest = {
        "inputs": {name: sha256(path) for name, path in sorted(inputs.items())},
        "params": params,
        "rules": rules,
        "run": run or {},
        "versions": versions(),
        "reports": reports or {},
        "outputs": output_hashes(folder),
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
