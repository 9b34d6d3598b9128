"""Run tracing inside a chapter's Jupyter kernel: what the chapter read.

The rebuild (:mod:`tools.worker`) starts every kernel with this module as an
IPython extension (``--ext=tools.runtrace`` on the kernel's command line), so
:func:`load_ipython_extension` runs when the kernel starts and calls
:func:`trace_run` with the settings found in the environment
(:func:`settings_from_env`). The public call works anywhere else too::

    from tools.runtrace import trace_run
    trace_run(data_trace="reads.txt", root=".", module_trace="modules.txt")

What is traced, each feature off when its setting is not given (the
environment variable that sets it in brackets):

``root`` and ``data_trace`` (``BOOK_TRACE_ROOT``, ``BOOK_DATA_TRACE``)
    Record, by repository path (``data/facts/events.csv``), every file under
    the checkout's ``data/`` folder that the chapter opens (a Python audit
    hook), one per line in the file ``data_trace``; paths in ``skip``
    (``BOOK_TRACE_SKIP``, ``os.pathsep``-separated) are not recorded. (The
    loaders append the manifest ids of the raw files they verify to the same
    file, see :mod:`analysis.manifest`.)
``module_trace`` (``BOOK_MODULE_TRACE``)
    After every cell, append to this file the names of the ``analysis``
    modules loaded in the kernel that it has not yet written (``sys.modules``
    entries named ``analysis`` or ``analysis.*``), so that modules imported at
    run time (e.g. through :mod:`importlib`) count as inputs of the chapter.
``pidfile`` (``BOOK_KERNEL_PIDFILE``)
    Append the kernel's process id to this file, so that the rebuild can kill
    the kernel when it is interrupted (and knows the trace was installed).
``parent_pid`` (``JPY_PARENT_PID``, set by ``jupyter_client``)
    On Linux the kernel asks to be killed (``SIGKILL``) when that parent (the
    rebuild's worker process) dies, and exits at once if it already has.

The module uses the standard library only, so it is cheap to load first.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Mapping
from typing import Any

#: Environment variables read by :func:`settings_from_env`.
DATA_TRACE_ENV = "BOOK_DATA_TRACE"
TRACE_ROOT_ENV = "BOOK_TRACE_ROOT"
TRACE_SKIP_ENV = "BOOK_TRACE_SKIP"
MODULE_TRACE_ENV = "BOOK_MODULE_TRACE"
KERNEL_PIDFILE_ENV = "BOOK_KERNEL_PIDFILE"
PARENT_PID_ENV = "JPY_PARENT_PID"
#: The package whose loaded modules are recorded.
PACKAGE = "analysis"

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
    """Names of the loaded ``analysis`` modules, sorted.

    Parameters
    ----------
    modules
        A ``sys.modules``-like mapping (default: ``sys.modules``).
    """
    mods: Mapping[str, object] = sys.modules if modules is None else modules
    return sorted(
        name for name, mod in list(mods.items())
        if mod is not None and (name == PACKAGE or name.startswith(PACKAGE + "."))
    )


def _install_data_trace(root: str, trace: str, skip: set[str]) -> None:
    prefixes = tuple({os.path.join(f(root), "data") + os.sep for f in (os.path.abspath, os.path.realpath)})
    local = threading.local()

    def hook(event: str, args: tuple[Any, ...]) -> None:
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


def _install_module_trace(trace: str, shell: Any) -> None:
    written: set[str] = set()

    def record(*_: object) -> None:
        new = [m for m in analysis_modules() if m not in written]
        if new:
            with open(trace, "a", encoding="utf-8") as fh:
                fh.write("".join(m + "\n" for m in new))
            written.update(new)

    if shell is None:
        try:
            from IPython import get_ipython

            shell = get_ipython()
        except ImportError:
            shell = None
    if shell is not None:
        shell.events.register("post_run_cell", record)
    else:  # plain Python: record at exit
        import atexit

        atexit.register(record)


def trace_run(*, data_trace: str | None = None, root: str | None = None, skip: Iterable[str] = (),
              module_trace: str | None = None, pidfile: str | None = None, parent_pid: int | None = None,
              shell: Any = None) -> None:
    """Start tracing what this process (a chapter's kernel) reads.

    Parameters
    ----------
    data_trace
        File to which every file opened under ``root``/``data/`` is appended
        (with ``root``; see the module docstring).
    root
        The checkout whose ``data/`` folder is traced.
    skip
        Repository paths never recorded (``data/manifest.csv``).
    module_trace
        File to which the loaded ``analysis`` modules are appended after
        every cell (at exit outside IPython).
    pidfile
        File to which this process's id is appended.
    parent_pid
        The process whose death kills this one (Linux).
    shell
        The IPython shell to register the per-cell hook with (default: the
        running one, if any).

    Notes
    -----
    The audit hook cannot be removed: call this once per process.
    """
    if parent_pid is not None:
        die_with_parent(parent_pid)
    if pidfile:
        try:
            with open(pidfile, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
        except OSError:
            pass
    if root and data_trace:
        _install_data_trace(root, data_trace, set(skip))
    if module_trace:
        _install_module_trace(module_trace, shell)


def settings_from_env(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The keyword arguments of :func:`trace_run` given by the environment
    variables of the module docstring (``None`` for a variable not set)."""
    env = os.environ if env is None else env
    parent = env.get(PARENT_PID_ENV, "")
    skip = env.get(TRACE_SKIP_ENV, "")
    return {
        "data_trace": env.get(DATA_TRACE_ENV) or None,
        "root": env.get(TRACE_ROOT_ENV) or None,
        "skip": [s for s in skip.split(os.pathsep) if s],
        "module_trace": env.get(MODULE_TRACE_ENV) or None,
        "pidfile": env.get(KERNEL_PIDFILE_ENV) or None,
        "parent_pid": int(parent) if parent.isdigit() else None,
    }


def load_ipython_extension(ipython: Any) -> None:
    """IPython's entry point (``%load_ext tools.runtrace``, ``--ext=tools.runtrace``):
    :func:`trace_run` with the settings of the environment."""
    trace_run(**settings_from_env(), shell=ipython)
