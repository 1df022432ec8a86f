"""Execute one report notebook with papermill, in a kernel running this very Python.

Papermill's semantics are kept whole: the cell tagged `parameters`, the injected-parameters
cell, papermill's metadata, and on a failing cell a `papermill.PapermillExecutionError`
with papermill's error banner saved in the output notebook. The engine is a parameter so
that another papermill engine (registered under the `papermill.engine` entry point, e.g. a
warm-kernel one) can replace papermill's own without changing any caller.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

from jxreport.core.exceptions import MissingDependencyError

NATIVE_KERNEL = "python3"
OWN_KERNEL = "jxreport-python"  # installed into sys.prefix only when python3 is another Python
# Quiet the kernel's own console log (ipykernel warns about unencrypted TCP on every start).
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]


def execute_notebook(input_path, output_path, parameters: dict, *, cwd=None,
                     engine_name: str | None = None, kernel_name: str | None = None,
                     **engine_kwargs):
    """Run `input_path` with `parameters` injected; write the executed notebook to `output_path`.

    Returns the executed notebook (nbformat node). A failing cell raises
    papermill.PapermillExecutionError after the notebook, with the error banner, is saved.
    `engine_name=None` is papermill's own engine; `engine_kwargs` go to the engine.
    """
    import papermill

    engine_kwargs.setdefault("extra_arguments", list(KERNEL_ARGS))
    return papermill.execute_notebook(
        str(input_path), str(output_path), parameters=parameters,
        kernel_name=kernel_name or report_kernel(), engine_name=engine_name,
        progress_bar=False, cwd=str(cwd) if cwd is not None else None, **engine_kwargs)


@lru_cache(maxsize=1)
def report_kernel() -> str:
    """The name of a kernelspec whose kernel runs sys.executable (this venv's Python).

    jupyter_client starts the `python3` spec with sys.executable when the spec's command is a
    bare `python`/`python3` (as ipykernel installs it). Where `python3` points at another
    interpreter (a user-wide spec, another env), a spec of our own is installed into
    sys.prefix, so reports never run with packages other than the caller's.
    """
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:  # pragma: no cover - papermill depends on it
        raise MissingDependencyError("缺少 jupyter_client：请运行 pip install papermill ipykernel。") from None
    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec(NATIVE_KERNEL)
        if runs_this_python(spec.argv):
            return NATIVE_KERNEL
    except NoSuchKernel:
        pass
    try:
        if runs_this_python(manager.get_kernel_spec(OWN_KERNEL).argv):
            return OWN_KERNEL
    except NoSuchKernel:
        pass
    return install_own_kernel()


def runs_this_python(argv: list[str]) -> bool:
    """Whether a kernelspec command starts sys.executable (bare python names are replaced by it)."""
    if not argv:
        return False
    exe = argv[0]
    bare = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}
    if exe in bare:
        return True
    # Compare without resolving symlinks: a venv's python links to the base interpreter.
    return os.path.abspath(exe) == os.path.abspath(sys.executable)


def install_own_kernel() -> str:
    """Install a kernelspec for sys.executable into sys.prefix; returns its name."""
    try:
        from ipykernel.kernelspec import install
    except ImportError:
        raise MissingDependencyError(
            "缺少 ipykernel，无法执行报告笔记本：请在当前环境运行 pip install ipykernel。") from None
    try:
        install(kernel_name=OWN_KERNEL, display_name="Python (jxreport)", prefix=sys.prefix)
    except OSError as exc:
        raise MissingDependencyError(
            f"内核「{NATIVE_KERNEL}」指向的不是当前 Python（{sys.executable}），且无法在 {sys.prefix} 安装"
            f"内核规格：{exc}。请运行 {sys.executable} -m ipykernel install --sys-prefix。") from None
    return OWN_KERNEL


def failure_summary(exc) -> str:
    """One line about a papermill failure: the cell and the error, in Chinese."""
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    count = getattr(exc, "exec_count", None)
    where = f"单元格 In [{count}] " if count is not None else "单元格"
    return f"{where}出错：{ename}: {evalue}"


__all__ = ["execute_notebook", "failure_summary", "report_kernel", "runs_this_python"]
