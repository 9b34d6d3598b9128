"""The checkout's build lock, ``.book-cache/build.lock``: two builds in one
checkout run one after the other (:func:`build_lock`), and any command can
run under it (:func:`lock_only`, ``python -m tools.rebuild --lock-only -- COMMAND``)."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator

from tools.book import Book
from tools.errors import Interrupted, RebuildError
from tools.files import advice, os_error_text

#: Environment variable naming the build lock already held by a parent process.
LOCK_HELD_ENV = "BOOK_BUILD_LOCK_HELD"


@contextlib.contextmanager
def build_lock(book: Book, timeout: float | None = None, *,
               announce: Callable[[str], object] | None = None) -> Iterator[None]:
    """Hold the checkout's build lock (``.book-cache/build.lock``, a
    :class:`filelock.FileLock`) for the ``with`` block.

    A second build in the same checkout waits, saying so once in one line on
    stderr. Processes started inside the block see ``BOOK_BUILD_LOCK_HELD`` and
    do not wait for the lock their parent holds (so ``--lock-only -- make
    book`` can run a rebuild inside).

    Parameters
    ----------
    book
        The checkout.
    timeout
        Seconds to wait at most (``None``: as long as it takes).
    announce
        Function called with the waiting message (default: print to stderr).

    Raises
    ------
    RebuildError
        If the lock is still held after ``timeout`` seconds, or the lock file
        cannot be created.
    """
    from filelock import FileLock, Timeout

    path = book.build_lock_path
    if os.environ.get(LOCK_HELD_ENV) == str(path):
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RebuildError(f"cannot create {book.rel(path.parent)} for the build lock "
                           f"({os_error_text(exc)}); {advice(exc, path.parent, book.root)}") from None
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        say = announce or (lambda msg: print(msg, file=sys.stderr, flush=True))
        say(f"rebuild: waiting for another build in this checkout to finish (lock {book.rel(path)}"
            + (f", giving up after {timeout:g} s)" if timeout is not None else "; --lock-timeout to give up)"))
        try:
            lock.acquire(timeout=-1 if timeout is None else timeout)
        except Timeout:
            raise RebuildError(f"another build still holds {book.rel(path)} after {timeout:g} s; "
                               "try again when it has finished") from None
    except OSError as exc:
        raise RebuildError(f"cannot open the build lock {book.rel(path)} ({os_error_text(exc)}); "
                           f"{advice(exc, path, book.root)}") from None
    old = os.environ.get(LOCK_HELD_ENV)
    os.environ[LOCK_HELD_ENV] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(LOCK_HELD_ENV, None)
        else:
            os.environ[LOCK_HELD_ENV] = old
        lock.release()


def lock_only(book: Book, command: list[str], timeout: float | None) -> int:
    """Run ``command`` while holding the build lock; return its exit code
    (2 without a command)."""
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        print("rebuild: --lock-only needs a command after it, e.g. --lock-only -- make html", file=sys.stderr)
        return 2
    with build_lock(book, timeout):
        proc = subprocess.Popen(command)
        try:
            return proc.wait()
        except Interrupted:
            proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            raise
