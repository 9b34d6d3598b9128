"""The worker processes of a rebuild: each chapter is executed by a worker
subprocess (:mod:`tools.worker`) in a session of its own, up to ``jobs`` at
once, longest first (:func:`run`); each success is committed at once
(:mod:`tools.store`). ``SIGINT``/``SIGTERM`` stop every worker and kernel
(:func:`stop_workers`)."""
from __future__ import annotations

import collections
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.book import HERE, Book
from tools.errors import RebuildError
from tools.files import os_error_text
from tools.signals import deferred_signals
from tools.store import commit_chapter, keep_failed
from tools.worker import RunResult, lines, worker_env

#: Seconds given to workers and kernels to die after being killed.
STOP_WAIT = 1.5
#: The worker process's program: ``argv[1]`` the chapter's JSON spec, ``argv[2]``
#: the checkout holding this package.
WORKER_CODE = ("import sys; sys.path.insert(0, sys.argv[2]); from tools.worker import worker_main; "
               "raise SystemExit(worker_main(sys.argv[1]))")


@dataclass
class Worker:
    """A running worker process and what it printed (its last stdout line is its result)."""

    path: Path
    params: dict[str, Any]
    workdir: Path
    proc: subprocess.Popen[bytes]
    out: list[str] = field(default_factory=list)
    err: Any = None
    reader: Any = None


def start_worker(book: Book, path: Path, params: dict[str, Any], tmp: Path) -> Worker:
    """Start a worker executing chapter ``path`` in ``tmp/<chapter>``."""
    workdir = tmp / path.stem
    workdir.mkdir()
    spec = json.dumps({"path": str(path), "params": params, "root": str(book.root), "workdir": str(workdir)})
    env = {**os.environ, **worker_env(workdir, book), "BOOK_REBUILD_PID": str(os.getpid())}
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER_CODE, spec, str(HERE)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        start_new_session=True,  # Ctrl-C reaches the main process only; it stops the workers
    )
    w = Worker(path, params, workdir, proc, err=collections.deque(maxlen=20))

    def drain(stream: Any, sink: Any) -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in stream:
                sink.append(line.decode("utf-8", "replace"))

    w.reader = threading.Thread(target=drain, args=(proc.stdout, w.out), daemon=True)
    w.reader.start()
    threading.Thread(target=drain, args=(proc.stderr, w.err), daemon=True).start()
    return w


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


def stop_workers(workers: Iterable[Worker]) -> None:
    """Kill workers, their process groups and their kernels, and wait for them.

    Kernels run in sessions of their own, so they are found as descendants of
    the worker (``psutil``) and by the pid they wrote at start-up, and killed
    one by one; those still starting die with their worker (``PR_SET_PDEATHSIG``).
    """
    workers = list(workers)
    victims: set[int] = set()
    for w in workers:
        if w.proc.poll() is None:
            with contextlib.suppress(Exception):
                import psutil

                victims |= {c.pid for c in psutil.Process(w.proc.pid).children(recursive=True)}
        victims |= {int(x) for x in lines(w.workdir / "kernel.pid") if x.isdigit()}
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(w.proc.pid, signal.SIGKILL)
    for pid in victims:
        _kill(pid)
    deadline = time.monotonic() + STOP_WAIT
    for w in workers:
        with contextlib.suppress(subprocess.TimeoutExpired):
            w.proc.wait(timeout=max(0.05, deadline - time.monotonic()))
    with contextlib.suppress(ImportError):
        import psutil

        def alive(pid: int) -> bool:  # a killed kernel is reaped by init, if at all: a zombie is dead
            try:
                return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
            except psutil.Error:
                return False

        while any(alive(pid) for pid in victims) and time.monotonic() < deadline:
            time.sleep(0.02)


def collect(w: Worker) -> RunResult:
    """The :class:`RunResult` a finished worker printed (or one saying how it died)."""
    w.reader.join(timeout=2)
    try:
        return RunResult(**json.loads(w.out[-1]))
    except (IndexError, ValueError, TypeError):
        last = next((ln.strip() for ln in reversed(w.err) if ln.strip()), "")
        return RunResult(chapter=w.path.stem, ok=False, seconds=0.0,
                         error=f"the worker process stopped with exit code {w.proc.returncode}"
                               + (f": {last}" if last else ""))


def longest_first(paths: list[Path], stamps: dict[str, dict[str, Any]]) -> list[Path]:
    """``paths`` ordered by their last run time, longest (or never run) first.

    Starting the long chapters first keeps every core busy to the end.
    """
    def last(p: Path) -> float:
        s = stamps.get(p.stem)
        return float(s.get("seconds", 0)) if s else float("inf")

    return sorted(paths, key=last, reverse=True)


def run(book: Book, paths: list[Path], params: dict[str, dict[str, Any]], *, jobs: int,
        progress: bool = True) -> list[RunResult]:
    """Execute ``paths`` in up to ``jobs`` worker processes, longest first;
    commit each chapter (notebook and stamp) as soon as it succeeds.

    Raises
    ------
    Interrupted
        On ``SIGINT``/``SIGTERM`` (inside :func:`tools.signals.interruptible`),
        after every worker and kernel was killed; nothing is written after the signal.
    RebuildError
        If the temporary folder cannot be made (one line naming it).
    """
    from tqdm import tqdm

    results: list[RunResult] = []
    if not paths:
        return results
    todo = longest_first(paths, book.read_stamps())
    try:
        tmp = Path(tempfile.mkdtemp(prefix="rebuild-"))
    except OSError as exc:
        raise RebuildError(f"cannot create a temporary folder in {tempfile.gettempdir()} ({os_error_text(exc)}); "
                           "free space there or set TMPDIR to a folder with room") from None
    running: list[Worker] = []
    bar = tqdm(total=len(paths), desc="chapters", unit="nb", disable=not progress, file=sys.stderr)
    try:
        while todo or running:
            while todo and len(running) < max(1, jobs):
                p = todo.pop(0)
                try:
                    with deferred_signals():  # a started worker is always in ``running``
                        running.append(start_worker(book, p, params.get(p.stem, {}), tmp))
                except OSError as exc:
                    target = exc.filename or tmp
                    raise RebuildError(f"cannot write {target} ({os_error_text(exc)}); free space there or set "
                                       "TMPDIR to a folder with room") from None
            done = [w for w in running if w.proc.poll() is not None]
            if not done:
                time.sleep(0.05)
                continue
            for w in done:
                running.remove(w)
                res = collect(w)
                p = w.path
                if res.ok:
                    try:
                        problem = commit_chapter(book, p, res, w.params)
                    except RebuildError as exc:
                        problem = str(exc)
                    if problem:
                        res.ok, res.error = False, problem
                else:
                    kept = keep_failed(book, res.chapter, Path(res.executed)) if res.executed else None
                    if kept:
                        res.kept = str(kept)
                        res.error += f"\n  (the stored notebook is unchanged; the failed run is in {book.rel(kept)})"
                    else:
                        res.error += "\n  (the stored notebook is unchanged)"
                results.append(res)
                bar.set_postfix_str(f"{res.chapter} {'ok' if res.ok else 'FAILED'} {res.seconds:.1f}s")
                bar.update(1)
    finally:
        with deferred_signals(reraise=False):
            stop_workers(running)
            bar.close()
            shutil.rmtree(tmp, ignore_errors=True)
    return sorted(results, key=lambda r: r.chapter)
