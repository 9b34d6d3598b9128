"""One chapter executed with papermill, in a worker process of its own.

The worker (:func:`worker_main`, started by :mod:`tools.pool`) executes the
stored notebook into a temporary folder (:func:`execute_one`), never in
place, and reports a :class:`RunResult` as one JSON line on its stdout. The
kernel is started with the run tracing of :mod:`tools.runtrace` as an IPython
extension; its settings are passed in the environment (:func:`worker_env`).
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.manifest import TRACE_ENV
from tools import runtrace
from tools.book import HERE, Book
from tools.files import advice, os_error_text
from tools.notebooks import failure_message, prepare_notebook

#: The Jupyter kernel the chapters run in.
KERNEL = "python3"
#: Kernel command-line arguments: load the run tracing as an IPython extension.
KERNEL_ARGUMENTS = ["--ext=tools.runtrace"]
#: Repository files that are never traced as chapter inputs (read by every chapter;
#: the manifest's rows count through the ids of the files a chapter reads).
UNTRACED = {"data/manifest.csv"}


@dataclass
class RunResult:
    """Outcome of executing one chapter.

    ``executed`` is the executed notebook in the worker's temporary folder;
    ``kept`` where a failed run was kept for the reader.
    """

    chapter: str
    ok: bool
    seconds: float
    data: list[str] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)
    error: str = ""
    executed: str = ""
    kept: str = ""


def lines(path: Path) -> list[str]:
    """The distinct words of a trace file, sorted (``[]`` when it is absent)."""
    try:
        return sorted(set(path.read_text(encoding="utf-8").split()))
    except FileNotFoundError:
        return []


def worker_env(workdir: Path, book: Book) -> dict[str, str]:
    """Environment variables for a worker executing one chapter in ``workdir``:
    the trace files of :mod:`tools.runtrace`, an empty throw-away IPython
    folder (so no user profile runs in the kernel), and the checkout first on
    ``PYTHONPATH`` (then the checkout of this package, where the kernel finds
    :mod:`tools.runtrace`)."""
    for name in ("trace.txt", "modules.txt"):
        (workdir / name).touch()
    (workdir / "ipython").mkdir(exist_ok=True)
    pythonpath = os.environ.get("PYTHONPATH", "")
    paths = [str(book.root)] + ([str(HERE)] if HERE != book.root else []) + ([pythonpath] if pythonpath else [])
    return {
        TRACE_ENV: str(workdir / "trace.txt"),
        runtrace.TRACE_ROOT_ENV: str(book.root),
        runtrace.TRACE_SKIP_ENV: os.pathsep.join(sorted(UNTRACED)),
        runtrace.MODULE_TRACE_ENV: str(workdir / "modules.txt"),
        runtrace.KERNEL_PIDFILE_ENV: str(workdir / "kernel.pid"),
        "IPYTHONDIR": str(workdir / "ipython"),
        "PYTHONPATH": os.pathsep.join(paths),
    }


def execute_one(path: str, params: dict[str, Any], root: str | None = None, *,
                workdir: str | None = None) -> RunResult:
    """Execute one notebook with papermill into ``workdir``, tracing its reads.

    Runs in a worker process (see :func:`tools.pool.run`) and never writes the
    stored notebook: the executed copy is ``RunResult.executed``. The run-time
    trace settings are read from the environment the worker was given
    (:func:`worker_env`); without ``workdir`` a temporary folder is made.
    """
    import papermill as pm

    nb_path = Path(path)
    book = Book(Path(root)) if root else Book.here()
    tmp = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix=f"rebuild-{nb_path.stem}-"))
    if not workdir:
        os.environ.update(worker_env(tmp, book))
    out = tmp / nb_path.name
    start = time.perf_counter()
    ok, error, cells = False, "", None
    try:
        pm.execute_notebook(
            prepare_notebook(nb_path, params, book.root), str(out), parameters=params or None, kernel_name=KERNEL,
            progress_bar=False, cwd=str(nb_path.parent), extra_arguments=KERNEL_ARGUMENTS,
        )
        ok = True
        if not lines(tmp / "kernel.pid"):
            ok, error = False, ("the kernel did not install its run-time trace (the IPython extension "
                                "tools.runtrace could not be loaded); no stamp could be written")
    except OSError as exc:  # papermill writing the executed notebook (often without a file name)
        target = exc.filename or out
        error = (f"cannot write {target} ({os_error_text(exc)}); free space there or set TMPDIR to a folder with "
                 "room" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else
                 f"cannot write {target} ({os_error_text(exc)}); {advice(exc, target, book.root)}")
    except Exception as exc:  # papermill wraps cell errors; report, do not crash
        with contextlib.suppress(Exception):
            cells = json.loads(out.read_text(encoding="utf-8")).get("cells")
        error = failure_message(exc, cells)
    seconds = time.perf_counter() - start
    return RunResult(chapter=nb_path.stem, ok=ok, seconds=round(seconds, 2), data=lines(tmp / "trace.txt"),
                     modules=lines(tmp / "modules.txt"), error=error,
                     executed=str(out) if out.is_file() else "")


def worker_main(spec: str) -> int:
    """Entry point of a worker process: execute the chapter described by the
    JSON text ``spec`` (``path``, ``params``, ``root``, ``workdir``) and write
    its :class:`RunResult` as one JSON line on stdout (everything else the
    worker and its kernel print goes to stderr), so that nothing has to be
    written to a possibly full temporary folder to report it."""
    runtrace.die_with_parent(int(os.environ.get("BOOK_REBUILD_PID", "0")) or None)
    result_fd = os.dup(1)
    os.dup2(2, 1)
    spec_d = json.loads(spec)
    res = execute_one(spec_d["path"], spec_d["params"], spec_d["root"], workdir=spec_d["workdir"])
    with os.fdopen(result_fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(res.__dict__) + "\n")
    return 0
