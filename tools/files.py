"""Files written safely: atomic replacement, error texts that say what to do.

Every function that names a path in a message takes ``root``, the checkout,
so that the path is shown relative to it (``chapters/03_regression.ipynb``).
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def relative(path: Path | str, root: Path | None) -> str:
    """``path`` relative to ``root`` when inside it (for messages), else as given.

    Parameters
    ----------
    path
        Any path.
    root
        The checkout (``None``: ``path`` is returned as text).
    """
    p = Path(path)
    if root is None:
        return str(p)
    try:
        return str(p.resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(p)


def os_error_text(exc: OSError) -> str:
    """The reason of an ``OSError`` in words (``No space left on device``)."""
    return exc.strerror or os.strerror(exc.errno) if exc.errno else str(exc)


def advice(exc: OSError, path: Path | str, root: Path | None = None) -> str:
    """What to do about ``exc`` raised while writing ``path`` (a folder, or a file in one)."""
    where = Path(path) if Path(path).is_dir() else Path(path).parent
    shown = relative(where, root)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"free space on the disk holding {shown}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"make {shown} writable (e.g. chmod u+w {shown})"
    return f"check {shown}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder,
    ``fsync`` and :func:`os.replace`: ``path`` holds the old or the new bytes,
    never a mixture. A new file gets the permissions the umask allows.

    Raises
    ------
    OSError
        With ``filename`` set to ``path`` when any step fails (the temporary
        file is removed).
    """
    path = Path(path)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        with contextlib.suppress(OSError):
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        raise
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
