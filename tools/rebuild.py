"""Re-execute the chapter notebooks with papermill, only where inputs changed.

Jupyter Book renders the outputs stored in the notebooks (``execute_notebooks:
off``); this command decides which notebooks are stale and re-executes them,
in parallel worker processes, with a progress bar.

A chapter is stale when its *input key* (:mod:`tools.deps`: its code cells
and parameters, the ``analysis`` modules it imports or loaded, the data files
it read, ``requirements.lock``) differs from the one recorded in
``chapters/_stamps.json`` (committed, so a fresh clone whose stored outputs
are current executes nothing). Only content counts: touching a file without
changing it re-executes nothing.

How a run behaves:

- Each chapter is executed by a worker subprocess into a temporary folder
  (removed on every exit); the stored notebook is never written in place. When
  a chapter succeeds, its notebook and then its stamp are committed at once,
  each through a temporary file in the same folder and :func:`os.replace`
  (with ``fsync``), with ``SIGINT``/``SIGTERM`` deferred for that moment; the
  stamp is first marked ``pending`` so that a chapter whose notebook was
  replaced but whose stamp was not is executed again next time
  (:mod:`tools.store`).
- ``SIGINT`` (Ctrl-C) or ``SIGTERM`` stops every worker and its Jupyter kernel
  (killed explicitly; the kernels also ask Linux to kill them when their
  worker dies), writes nothing more, and exits with 130 (143 for ``SIGTERM``).
- A failed chapter keeps its last good notebook; the failed run is kept in
  ``.book-cache/failed/<chapter>.ipynb``. Volatile papermill metadata (run
  times, durations) is not stored, so the same inputs give the same bytes.
- Two rebuilds in one checkout are serialised by a lock file,
  ``.book-cache/build.lock`` (:mod:`tools.lock`); ``python -m tools.rebuild
  --lock-only -- COMMAND ...`` runs any command under it.

Run ``python -m tools.rebuild --help`` for the command line.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from analysis.errors import ParameterError
from tools import deps, pool
from tools.book import Book
from tools.errors import Interrupted, RebuildError
from tools.lock import build_lock, lock_only
from tools.params import parse_params
from tools.signals import interruptible
from tools.store import check_writable


def parser() -> argparse.ArgumentParser:
    """The command line's options."""
    ap = argparse.ArgumentParser(prog="python -m tools.rebuild", description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--force", action="store_true", help="execute every selected chapter, stale or not")
    ap.add_argument("--chapters", nargs="*", default=None, help="chapter stems or prefixes (default: all)")
    ap.add_argument("-p", "--param", action="append", default=[], metavar="CH.NAME=VALUE",
                    help="a papermill parameter for one chapter; repeatable")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="parallel kernels")
    ap.add_argument("--dry-run", action="store_true", help="only list the chapters that would run")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar")
    ap.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS",
                    help="give up after waiting this long for another build in this checkout (default: wait)")
    ap.add_argument("--lock-only", action="store_true",
                    help="-- COMMAND ...: only run COMMAND while holding the checkout's build lock "
                         "(.book-cache/build.lock), e.g. --lock-only -- make html")
    return ap


def main(argv: list[str] | None = None, *, book: Book | None = None) -> int:
    """Command line: ``python -m tools.rebuild [--force] [--chapters ...] [-p CH.NAME=VALUE ...]``.

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``).
    book
        The checkout to rebuild (default: the one holding this package).

    Returns
    -------
    int
        0 success, 1 a chapter failed or a file could not be read or written,
        2 bad arguments, 130/143 interrupted by ``SIGINT``/``SIGTERM``.
    """
    book = book or Book.here()
    argv = list(sys.argv[1:] if argv is None else argv)
    command: list[str] | None = None
    if "--lock-only" in argv:  # everything after it (and an optional "--") is the command
        i = argv.index("--lock-only")
        argv, command = argv[: i + 1], argv[i + 1:]
    args = parser().parse_args(argv)
    try:
        with interruptible():
            if command is not None:
                return lock_only(book, command, args.lock_timeout)
            return _main(book, args)
    except Interrupted as exc:
        name = signal.Signals(exc.signum).name
        print(f"rebuild: interrupted by {name}; running chapters were stopped, chapters finished before were "
              "stored, nothing else was written", file=sys.stderr)
        return 128 + exc.signum
    except RebuildError as exc:
        print(f"rebuild: {exc}", file=sys.stderr)
        return 1


def _main(book: Book, args: argparse.Namespace) -> int:
    try:
        paths = book.resolve_chapters(args.chapters) if args.chapters else book.notebooks()
        params = parse_params(book, args.param)
        outside = [c for c in params if c not in {p.stem for p in paths}]
        if outside:
            raise ParameterError(
                f"parameters are given for chapter {outside[0]!r}, which is not among the chapters "
                f"selected with --chapters ({', '.join(p.stem for p in paths)}); add it there"
            )
    except ParameterError as exc:
        print(f"rebuild: {exc}", file=sys.stderr)
        return 2

    def select() -> list[Path]:
        stamps = book.read_stamps()
        for name, p in params.items():  # a chapter run with other parameters is stale
            if stamps.get(name, {}).get("params") != p:
                stamps.pop(name, None)
        todo = paths if args.force else deps.stale_chapters(book, paths, stamps)
        return sorted(set(todo) | {p for p in paths if p.stem in params}, key=paths.index)

    if args.dry_run:
        print("\n".join(p.stem for p in select()) or "nothing to execute")
        return 0
    with build_lock(book, args.lock_timeout):
        todo = select()  # after the lock: another build may just have run them
        if not todo:
            print("rebuild: every chapter is up to date")
            return 0
        check_writable(book)
        results = pool.run(book, todo, params, jobs=args.jobs, progress=not args.no_progress)
    failed = [r for r in results if not r.ok]
    for r in results:
        print(f"{r.chapter:24s} {'ok' if r.ok else 'FAILED':6s} {r.seconds:6.1f}s")
    for r in failed:
        print(f"rebuild: chapter {r.chapter} failed in {r.error}" if r.error.startswith(("cell ", "a cell"))
              else f"rebuild: chapter {r.chapter} failed: {r.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
