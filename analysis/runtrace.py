"""Run-time tracing inside a chapter's Jupyter kernel, for ``analysis.rebuild``.

The rebuild starts every kernel with an IPython startup file that does only::

    from analysis.runtrace import install
    install()

:func:`install` reads its settings from environment variables set by the
rebuild (each feature is off when its variable is unset), so importing this
module anywhere else does nothing:

``BOOK_TRACE_ROOT`` and ``BOOK_DATA_TRACE``
    Record, by repository path (``data/facts/events.csv``), every file under
    the checkout's ``data/`` folder that the chapter opens (a Python audit
    hook), one per line in the file ``BOOK_DATA_TRACE``; paths listed in
    ``BOOK_TRACE_SKIP`` (``os.pathsep``-separated) are not recorded.
``BOOK_MODULE_TRACE``
    After every cell, append to this file the names of the ``analysis``
    modules loaded in the kernel that it has not yet written (``sys.modules``
    entries named ``analysis`` or ``analysis.*``, this module excepted), so
    that modules imported at run time (e.g. through :mod:`importlib`) count
    as inputs of the chapter.
``BOOK_KERNEL_PIDFILE``
    Append the kernel's process id to this file, so that the rebuild can kill
    the kernel when it is interrupted.
``JPY_PARENT_PID`` (set by ``jupyter_client``)
    On Linux the kernel asks to be killed (``SIGKILL``) when that parent (the
    rebuild's worker process) dies, and exits at once if it already has.

The module uses the standard library only, so it is cheap to import first.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Mapping

#: Environment variables read by :func:`install`.
DATA_TRACE_ENV = "BOOK_DATA_TRACE"
TRACE_ROOT_ENV = "BOOK_TRACE_ROOT"
TRACE_SKIP_ENV = "BOOK_TRACE_SKIP"
MODULE_TRACE_ENV = "BOOK_MODULE_TRACE"
KERNEL_PIDFILE_ENV = "BOOK_KERNEL_PIDFILE"

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> bool:
    """Ask Linux to send ``SIGKILL`` to this process when its parent dies.

    Parameters
    ----------
    parent_pid
        The parent expected; if the process has already been re-parented
        (the parent died before the request was made), it exits at once.

    Returns
    -------
    bool
        Whether the request was made (``False`` off Linux or without libc).
    """
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        ok = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
    if ok and parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)
    return ok


def analysis_modules(modules: Mapping[str, object] | None = None) -> list[str]:
    """Names of the loaded ``analysis`` modules (this module excepted), sorted.

    Parameters
    ----------
    modules
        A ``sys.modules``-like mapping (default: ``sys.modules``).
    """
    mods: Mapping[str, object] = sys.modules if modules is None else modules
    return sorted(
        name for name, mod in list(mods.items())
        if mod is not None and (name == "analysis" or name.startswith("analysis.")) and name != __name__
    )


def _install_data_trace(root: str, trace: str, skip: set[str]) -> None:
    prefixes = tuple({os.path.join(f(root), "data") + os.sep for f in (os.path.abspath, os.path.realpath)})
    local = threading.local()

    def hook(event: str, args: tuple) -> None:
        if event != "open" or getattr(local, "busy", False):
            return
        path = args[0]
        if not isinstance(path, (str, bytes, os.PathLike)):
            return
        try:
            local.busy = True
            full = os.path.abspath(os.fsdecode(path))
            hit = next((p for p in prefixes if full.startswith(p)), None)
            if hit is not None and os.path.isfile(full):
                rel = os.path.relpath(full, os.path.dirname(hit.rstrip(os.sep))).replace(os.sep, "/")
                if rel not in skip:
                    with open(trace, "a", encoding="utf-8") as fh:
                        fh.write(rel + "\n")
        except Exception:
            pass
        finally:
            local.busy = False

    sys.addaudithook(hook)


def _install_module_trace(trace: str) -> None:
    written: set[str] = set()

    def record(*_: object) -> None:
        new = [m for m in analysis_modules() if m not in written]
        if new:
            with open(trace, "a", encoding="utf-8") as fh:
                fh.write("".join(m + "\n" for m in new))
            written.update(new)

    try:
        from IPython import get_ipython

        ip = get_ipython()
    except ImportError:
        ip = None
    if ip is not None:
        ip.events.register("post_run_cell", record)
    else:  # plain Python: record at exit
        import atexit

        atexit.register(record)


def install() -> None:
    """Install the tracing described in the module docstring, from the environment.

    Called by the IPython startup file of the rebuild's kernels; does nothing
    for a variable that is not set.
    """
    env = os.environ
    parent = env.get("JPY_PARENT_PID")
    if parent and parent.isdigit():
        die_with_parent(int(parent))
    pidfile = env.get(KERNEL_PIDFILE_ENV)
    if pidfile:
        try:
            with open(pidfile, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
        except OSError:
            pass
    root, trace = env.get(TRACE_ROOT_ENV), env.get(DATA_TRACE_ENV)
    if root and trace:
        _install_data_trace(root, trace, set(env.get(TRACE_SKIP_ENV, "").split(os.pathsep)))
    modules = env.get(MODULE_TRACE_ENV)
    if modules:
        _install_module_trace(modules)
