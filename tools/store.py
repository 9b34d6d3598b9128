"""Storing a chapter's run: the notebook, then its stamp, each atomically
(:func:`commit_chapter`); a failed run kept aside (:func:`keep_failed`); and
the check, before anything runs, that the chapters can be written
(:func:`check_writable`)."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from tools import deps, meta
from tools.book import Book
from tools.errors import RebuildError
from tools.files import advice, atomic_write, os_error_text
from tools.notebooks import clean_notebook, notebook_bytes, relpath
from tools.signals import deferred_signals
from tools.worker import RunResult


def keep_failed(book: Book, chapter: str, executed: Path) -> Path | None:
    """Keep an executed notebook that was not stored, as
    ``.book-cache/failed/<chapter>.ipynb`` (replacing an earlier one); if the
    checkout cannot take it, as ``<TMPDIR>/book-rebuild-failed-<chapter>.ipynb``.
    Returns where it was kept, or ``None``."""
    try:
        data = executed.read_bytes()
    except OSError:
        return None
    for target in (book.cache_dir / "failed" / f"{chapter}.ipynb",
                   Path(tempfile.gettempdir()) / f"book-rebuild-failed-{chapter}.ipynb"):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
            return target
        except OSError:
            continue
    return None


def commit_chapter(book: Book, path: Path, res: RunResult, params: dict[str, Any]) -> str:
    """Store a successful run: the notebook, then its stamp, each atomically,
    with ``SIGINT``/``SIGTERM`` deferred meanwhile.

    The stamp is first marked ``pending`` (so if the process dies after the
    notebook was replaced, the chapter is stale), then written in full.

    Returns
    -------
    str
        ``""`` on success, else a one-line message naming the file that could
        not be written, where the executed notebook is kept, and what to do.
    """
    name = path.stem
    executed = Path(res.executed)
    stamps = book.stamps_path
    nb = clean_notebook(book.read_notebook(executed), relpath(path, book.root))
    entry = {
        "key": deps.input_key(book, path, res.data, params, res.modules, nb=nb),
        "data": res.data,
        "modules": res.modules,
        "params": params,
        "seconds": res.seconds,
        "executed": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    payload = notebook_bytes(nb)
    if path.is_file() and path.read_bytes() == payload:
        payload = b""  # same bytes: only the stamp changes
    step = stamps
    with deferred_signals():
        try:
            if payload:
                old = book.read_stamps().get(name)
                if old is not None:
                    meta.update_stamps({name: {**old, "key": meta.PENDING}}, stamps)
                step = path
                atomic_write(path, payload)
            step = stamps
            meta.update_stamps({name: entry}, stamps)
            return ""
        except OSError as exc:
            wrote_nb = step == stamps and bool(payload) and path.read_bytes() == payload
            kept = keep_failed(book, name, executed)
            where = (f"the executed notebook is kept in {book.rel(kept)}" if kept
                     else "the executed notebook could not be kept")
            state = (f"{book.rel(path)} was updated but not its stamp, so it will be executed again"
                     if wrote_nb else f"{book.rel(path)} is unchanged ({where})")
            failed = exc.filename or step
            return (f"cannot write {book.rel(failed)} ({os_error_text(exc)}); {state}; "
                    f"{advice(exc, failed, book.root)} and run again")


def check_writable(book: Book) -> None:
    """Check, before executing anything, that ``chapters/`` and the stamps file
    can be written (by creating and removing a temporary file; ``os.access``
    says yes to root even on a read-only file system).

    Raises
    ------
    RebuildError
        In one line naming the path and what to do.
    """
    target = book.chapters_dir
    try:
        fd, tmp = tempfile.mkstemp(dir=book.chapters_dir, prefix=".rebuild-check-")
        os.close(fd)
        os.unlink(tmp)
        for f in (book.stamps_path, book.stamps_path.with_suffix(".lock")):
            target = f
            if f.exists():
                with open(f, "a"):
                    pass
    except OSError as exc:
        raise RebuildError(f"cannot write {book.rel(target)} ({os_error_text(exc)}); "
                           f"{advice(exc, target, book.root)} and run again (nothing was executed)") from None
