"""A papermill engine that keeps report kernels warm: `engine_name="jxreport_warm"`.

Starting a kernel and importing pandas, matplotlib and jxreport costs seconds; a report's
own work is under one. `WarmKernelEngine` keeps each kernel for many reports and, before
each one, runs `jxreport.pipeline.kernelstate.reset` in it (empty namespace, execution count 1, no
open figures, the rcParams, inline-figure formats, pandas options, warning filters,
sys.path, environment and working directory of a newly started kernel).

Everything else is papermill's own: papermill injects the parameters, its
NotebookExecutionManager writes its metadata and, on a failing cell, the error banner, and
cells run through its PapermillNotebookClient. Only papermill's rewriting of the whole
output notebook before and after every cell is skipped: it is written once, when the
notebook completes (also after a failure or a dead kernel), with the same content. A kernel is replaced after a failing
report, when it has died, and every `recycle_every` reports (default 200), so memory stays
bounded. Kernels are bound to the thread that started them (their ZMQ sockets live on that
thread's event loop); `shutdown_all()` stops every kernel of the process.

Registered in pyproject.toml under the `papermill.engine` entry point, so
`papermill --engine jxreport_warm …` works too once the package is installed. papermill
loads its entry points while `papermill.engines` itself is being imported, so this module
imports papermill only when the class is first asked for (module `__getattr__`): importing
jxreport.pipeline.engines before or after papermill both work.
"""

from __future__ import annotations

import atexit
import os
import threading

ENGINE_NAME = "jxreport_warm"
RECYCLE_EVERY = 200
_WARM_UP = "import jxreport.pipeline.kernelstate as _jx_ks\n_jx_ks.warm_up()\ndel _jx_ks\n"
_RESET = "import jxreport.pipeline.kernelstate as _jx_ks\n_jx_ks.reset({cwd!r})\n"


class WarmKernelError(RuntimeError):
    """A warm kernel could not be started or reset."""


class WarmKernel:
    """One started kernel with its client, used by one thread for many reports."""

    def __init__(self, kernel_name: str, extra_arguments: list[str], startup_timeout: int = 60):
        import nbformat
        from nbclient import NotebookClient

        self.kernel_name = kernel_name
        self.reports = 0
        # Start it exactly the way nbclient starts a kernel for papermill (same arguments,
        # in-memory history), then keep the manager and client for later notebooks.
        starter = NotebookClient(nbformat.v4.new_notebook(), kernel_name=kernel_name,
                                 extra_arguments=list(extra_arguments), startup_timeout=startup_timeout)
        starter.km = starter.create_kernel_manager()
        starter.start_new_kernel(cwd=os.getcwd())
        starter.start_new_kernel_client()
        self.km, self.kc = starter.km, starter.kc
        self.pid = _kernel_pid(self.km)
        self.run_silent(_WARM_UP, timeout=max(startup_timeout, 120))

    def run_silent(self, code: str, timeout: float = 120) -> None:
        """Execute `code` without output or history; raise WarmKernelError if it fails."""
        from jupyter_core.utils import run_sync

        async def go():
            msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
            while True:
                reply = await self.kc._async_get_shell_msg(timeout=timeout)
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    return reply

        reply = run_sync(go)()
        content = reply.get("content", {})
        if content.get("status") != "ok":
            raise WarmKernelError(f"预热内核执行失败：{content.get('ename')}: {content.get('evalue')}")

    def alive(self) -> bool:
        from jupyter_core.utils import ensure_async, run_sync

        async def check():
            return await ensure_async(self.km.is_alive())

        try:
            return bool(run_sync(check)())
        except Exception:
            return False

    def shutdown(self) -> None:
        from jupyter_core.utils import ensure_async, run_sync

        try:
            self.kc.stop_channels()
        except Exception:
            pass
        try:
            async def stop():
                await ensure_async(self.km.shutdown_kernel(now=True))
                await ensure_async(self.km.cleanup_resources())

            run_sync(stop)()
        except Exception:
            _kill(self.pid)


def _kernel_pid(km) -> int | None:
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None)
    return getattr(process, "pid", None)


def _kill(pid: int | None) -> None:
    if pid:
        import signal

        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


_local = threading.local()
_all: set[WarmKernel] = set()
_lock = threading.Lock()


def _kernels() -> dict:
    if not hasattr(_local, "kernels"):
        _local.kernels = {}
    return _local.kernels


def acquire(kernel_name: str, extra_arguments: list[str], startup_timeout: int = 60,
            recycle_every: int = RECYCLE_EVERY) -> WarmKernel:
    """This thread's warm kernel for `kernel_name`, (re)started when needed."""
    key = (kernel_name, tuple(extra_arguments))
    kernels = _kernels()
    warm = kernels.get(key)
    if warm is not None and (warm.reports >= recycle_every or not warm.alive()):
        discard(warm)
        warm = None
    if warm is None:
        warm = WarmKernel(kernel_name, extra_arguments, startup_timeout)
        kernels[key] = warm
        with _lock:
            _all.add(warm)
    return warm


def discard(warm: WarmKernel) -> None:
    """Shut a kernel down and forget it (after a failure, or to recycle it)."""
    kernels = _kernels()
    for key, value in list(kernels.items()):
        if value is warm:
            del kernels[key]
    with _lock:
        _all.discard(warm)
    warm.shutdown()


def shutdown_all() -> None:
    """Stop every warm kernel of this process (the end of a run)."""
    with _lock:
        kernels = list(_all)
        _all.clear()
    for warm in kernels:
        warm.shutdown()
    if hasattr(_local, "kernels"):
        _local.kernels.clear()


def kernel_pids() -> list[int]:
    """The process ids of the live warm kernels (for memory measurements)."""
    with _lock:
        return [w.pid for w in _all if w.pid]


atexit.register(shutdown_all)


def engine_class():
    """The papermill engine class (made on first use; see the module docstring)."""
    made = globals().get("WarmKernelEngine")
    if made is not None:
        return made
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine  # may load our entry point, re-entering here
    from papermill.utils import merge_kwargs, remove_args

    made = globals().get("WarmKernelEngine")
    if made is not None:
        return made

    class WarmKernelEngine(NBClientEngine):
        """papermill's nbclient engine, with a warm kernel instead of a new one per notebook."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     recycle_every=RECYCLE_EVERY, **kwargs):
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=_logger(),
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            extra = list(final_kwargs.get("extra_arguments") or [])
            warm = acquire(kernel_name, extra, start_timeout, recycle_every)
            try:
                warm.run_silent(_RESET.format(cwd=os.getcwd()))
            except Exception:
                discard(warm)  # a kernel that cannot be reset is not trusted: start a new one
                warm = acquire(kernel_name, extra, start_timeout, recycle_every)
                warm.run_silent(_RESET.format(cwd=os.getcwd()))
            client = PapermillNotebookClient(nb_man, km=warm.km, **final_kwargs)
            client.kc = warm.kc
            # papermill writes the whole notebook before and after every cell; the final write
            # (notebook_complete, also after a failure or a dead kernel) is the one that counts.
            output_path, nb_man.output_path = nb_man.output_path, None
            try:
                nb = client.execute(cleanup_kc=False)
            except BaseException:
                discard(warm)
                raise
            finally:
                nb_man.output_path = output_path
            warm.reports += 1
            if nb_man.nb.metadata.get("papermill", {}).get("exception"):
                discard(warm)  # a half-run report may leave anything behind
            return nb

    globals()["WarmKernelEngine"] = WarmKernelEngine
    return WarmKernelEngine


def __getattr__(name):
    if name == "WarmKernelEngine":
        return engine_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register() -> str:
    """Make the engine known to papermill without relying on the installed entry point."""
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, engine_class())
    return ENGINE_NAME


def _logger():
    from papermill.log import logger

    return logger


__all__ = ["ENGINE_NAME", "WarmKernelError", "acquire", "discard", "engine_class", "kernel_pids",
           "register", "shutdown_all"]
