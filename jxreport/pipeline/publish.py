"""Atomic publishing of a year's outputs, and the manifest that says what they came from.

`output/<year>` is a symlink to a release folder `output/.releases/<year>-<id>/`. A run
writes everything into a new release folder; only when the whole run succeeded is the link
swapped to it with one rename, and the old release deleted afterwards: a reader never sees a
half-written year, a failed or killed run leaves the previous outputs exactly as they were,
and the next run finishes or undoes an interrupted publish (recover()). The executed
notebooks of a failed run are kept in `output/failed/<year>/` so that the error can be read
where it happened.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

from jxreport.core.version import __version__
from jxreport.core.exceptions import ParamsError, ReportError
from jxreport.core.processes import pid_alive

MANIFEST = "manifest.json"
# The distributions whose versions a manifest records (besides jxreport and Python).
LIBRARIES = ("pandas", "openpyxl", "python-calamine", "papermill", "nbconvert", "matplotlib",
             "weasyprint", "mplfonts")


RELEASES = ".releases"
# Test hook: JXREPORT_CRASH_AT=<step> ends the process at that step of publishing (tests/test_publish_faults.py).
CRASH_ENV = "JXREPORT_CRASH_AT"


def _crash_point(step: str) -> None:
    if os.environ.get(CRASH_ENV) == step:
        os._exit(70)


class Staging:
    """The release folder of one run and the symlink swap that publishes it.

    `output/<year>` is a symlink to `output/.releases/<year>-<id>/`. A run writes its files
    into a new release folder (`tmp`); `publish()` points a temporary link at it and renames
    that link over `output/<year>` (one atomic rename), and only then deletes the old release.
    At any moment `output/<year>` is therefore one complete set, and a reader that opened the
    old set keeps it. Entering first recovers what an interrupted run left (recover()).
    Leaving the block without `publish()` removes the release folder; call `keep_failed()`
    first to move the failed notebooks to `failed/<year>/`.
    """

    def __init__(self, output_root, year: int | str):
        self.root = Path(output_root)
        self.year = str(year)
        self.final = self.root / self.year
        self.releases = self.root / RELEASES
        self.tmp = self.releases / f"{self.year}-{os.getpid()}-{time.time_ns():x}"
        self.failed_dir = self.root / "failed" / self.year
        self.published = False
        self.recovered: str | None = None  # what recover() did, one line, or None

    def __enter__(self) -> Staging:
        self.root.mkdir(parents=True, exist_ok=True)
        if not symlinks_supported(self.root):
            raise ReportError(f"输出目录 {self.root} 所在的文件系统不支持符号链接，无法发布（output/<年度> 是指向 "
                              f"{RELEASES}/ 中完整输出的链接）。请换一个输出目录。未写入任何文件。")
        self.recovered = recover(self.root, self.year)
        self.releases.mkdir(exist_ok=True)
        self.tmp.mkdir()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if not self.published:
            shutil.rmtree(self.tmp, ignore_errors=True)
            _remove_if_empty(self.releases)
            if isinstance(exc, OSError):  # disk full, a folder made read-only during the run …
                where = f"（{exc.filename}）" if exc.filename else ""
                raise ReportError(f"写入输出时出错{where}：{exc.strerror or exc}。本次输出未发布，"
                                  f"{self.final} 保持原样。") from None
        return False

    def path(self, relative: str) -> Path:
        """A path inside the release folder (parents created)."""
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
        """Point output/<year> at this run's release (one rename); the old release is deleted afterwards."""
        check_replaceable(self.final)  # again: the folder may have appeared during the run
        _crash_point("staged")
        old = _target(self.final)
        link = self.root / f".{self.year}.link-{os.getpid()}"
        try:
            if link.is_symlink():
                link.unlink()
            os.symlink(Path(RELEASES) / self.tmp.name, link)
            _crash_point("linked")
            os.replace(link, self.final)
        except OSError as exc:
            _unlink(link)
            raise ReportError(f"无法把新输出发布为 {self.final}：{exc.strerror or exc}；原有输出保持不变。") from None
        self.published = True
        _crash_point("swapped")
        if old is not None and old != self.tmp.name:
            _discard(self.releases / old)
        if self.failed_dir.exists():  # a good run supersedes the last failure
            shutil.rmtree(self.failed_dir, ignore_errors=True)
            _remove_if_empty(self.failed_dir.parent)
        return self.final


def recover(root: Path, year: str) -> str | None:
    """Finish or undo what an interrupted run of this year left; returns one Chinese line, or None.

    Called with the year's lock held (runlock.py), so nothing found here is in use. A temporary
    link is renamed in when output/<year> is missing (the swap is completed), else removed;
    a real output/<year> folder (before releases) is moved into .releases and linked; a
    folder the old two-rename publish left aside is renamed back; every release of this year
    the link does not point to is deleted.
    """
    root, done, removed = Path(root), [], 0
    releases = root / RELEASES
    final = root / year
    for link in sorted(root.glob(f".{year}.link-*")):
        if not final.exists() and not final.is_symlink() and is_jxreport_output(link):
            os.replace(link, final)
            done.append("完成了被中断的发布")
        else:
            _unlink(link)
            removed += 1
    for old in sorted(root.glob(f".{year}.old-*")):  # the two-rename publish of earlier versions
        if not final.exists() and not final.is_symlink() and is_jxreport_output(old):
            os.replace(old, final)
            done.append("恢复了被中断的发布前的输出")
        else:
            shutil.rmtree(old, ignore_errors=True)
            removed += 1
    for tmp in root.glob(f".{year}.tmp-*"):
        pid = tmp.name.rpartition("-")[2]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)
            removed += 1
    if final.is_dir() and not final.is_symlink() and any(final.iterdir()):
        releases.mkdir(exist_ok=True)
        name = f"{year}-migrated-{time.time_ns():x}"
        os.replace(final, releases / name)  # killed here: the loop below links it the next time
        _swap_in(root, year, name)
        done.append(f"把原有的 {year} 文件夹移入 {RELEASES}/ 并改为链接")
    elif final.is_dir() and not final.is_symlink():
        final.rmdir()
    current = _target(final)
    if releases.is_dir():
        mine = sorted((p for p in releases.iterdir() if p.name.startswith(f"{year}-")),
                      key=lambda p: p.stat().st_mtime)
        if current is None and not final.is_symlink():  # a migrated folder killed before its link
            complete = [p for p in mine if "-migrated-" in p.name and is_jxreport_output(p)]
            if complete:
                current = complete[-1].name
                _swap_in(root, year, current)
                done.append("恢复了被中断的迁移")
        for p in mine:
            if p.name != current:
                _discard(p)
                removed += 1
        for p in releases.glob(f".{year}-*.del"):
            shutil.rmtree(p, ignore_errors=True)
            removed += 1
    if not done and not removed:
        return None
    what = "，".join(done) or "上次运行被中断"
    left = f"，清理了 {removed} 个残留的临时文件夹或链接" if removed else ""
    return f"发现 {year} 年度上次运行留下的中断状态：{what}{left}；{year} 年度的输出是完整的一套。"


def _swap_in(root: Path, year: str, name: str) -> None:
    link = root / f".{year}.link-{os.getpid()}"
    _unlink(link)
    os.symlink(Path(RELEASES) / name, link)
    os.replace(link, root / year)


def _target(final: Path) -> str | None:
    """The release folder name output/<year> points to, or None when it is no link."""
    try:
        return Path(os.readlink(final)).name
    except OSError:
        return None


def _discard(folder: Path) -> None:
    """Delete a release: renamed first, so that no folder of that name is ever half deleted."""
    trash = folder.with_name(f".{folder.name}.del")
    try:
        os.replace(folder, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def symlinks_supported(root: Path) -> bool:
    """Whether the file system of `root` can hold the symlink output/<year> (not on some Windows set-ups)."""
    probe = Path(root) / f".symlink-probe-{os.getpid()}"
    try:
        _unlink(probe)
        os.symlink(RELEASES, probe)
    except (OSError, NotImplementedError):
        return False
    _unlink(probe)
    return True


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
    if final.is_symlink():  # ours only when it points into output/.releases/
        target = Path(os.readlink(final))
        if target.parent != Path(RELEASES) or not target.name.startswith(f"{final.name}-"):
            raise ParamsError(f"{final} 是指向 {target} 的链接，不是 jxreport 的发布链接，jxreport 不会替换它。"
                              "请移走它或另选输出目录。未写入任何文件。")
        if final.exists() and not is_jxreport_output(final):
            raise ParamsError(f"{final} 指向的文件夹中没有 jxreport 的 {MANIFEST}，不会替换它。"
                              "请移走它或另选输出目录。未写入任何文件。")
    elif not final.is_dir():
        raise ParamsError(f"{final} 已存在但不是文件夹，jxreport 不会替换它。请移走它或另选输出目录。未写入任何文件。")
    elif any(final.iterdir()) and not is_jxreport_output(final):
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
                   run: dict | None = None, reports: dict | None = None, files: dict | None = None) -> Path:
    """Write folder/manifest.json: the inputs' and outputs' sha256, params, rules and versions.

    `inputs` maps a name a reader understands (a path relative to the project root) to the
    file. No time of day goes in, so that the same inputs give the same manifest.
    `reports` is each report's input hash and files (incremental.manifest_entries), the
    record the next run's carry-over reads; `files` the same for other outputs made from the
    year ({"自评表.xlsx": {"input": hash}}, incremental.carry_files).
    """
    folder = Path(folder)
    manifest = {
        "inputs": {name: sha256(path) for name, path in sorted(inputs.items())},
        "params": params,
        "rules": rules,
        "run": run or {},
        "versions": versions(),
        "reports": reports or {},
        "files": files or {},
        "outputs": output_hashes(folder),
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
