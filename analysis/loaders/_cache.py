"""A disk cache of the loaders' tidy frames, shared by every chapter's kernel.

Parsing the raw workbooks (openpyxl, pyreadr, Stata) is the slowest part of a
chapter, and most chapters read the same files. :func:`disk_cached` keeps each
loader result as a pickle under ``.book-cache/tidy`` (or ``BOOK_CACHE_DIR``),
keyed by

- the function and its arguments,
- the source of the loader's module, of ``analysis/loaders/_common.py``,
  ``analysis/countries.py`` and ``analysis/manifest.py``,
- the country tables ``data/countries.csv`` and ``data/country_aliases.csv``,
- ``data/manifest.csv`` (so a raw file with another recorded hash is another key),
- the pandas version.

A cache hit still resolves every raw file the loader read when the entry was
made, so the sha256 check (and the rebuild's trace of data reads) happens on
every load, as for an uncached read. Set ``BOOK_NO_CACHE=1`` to bypass the
cache (the bad-input tests do, since they alter copies of raw files).
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable, TypeVar

import pandas as pd

from analysis import manifest as mf

CACHE_ENV = "BOOK_CACHE_DIR"
NO_CACHE_ENV = "BOOK_NO_CACHE"
#: Files whose content enters every key.
KEY_FILES = (
    "analysis/loaders/_common.py",
    "analysis/loaders/_cache.py",
    "analysis/countries.py",
    "analysis/manifest.py",
    "data/countries.csv",
    "data/country_aliases.csv",
    "data/manifest.csv",
)

F = TypeVar("F", bound=Callable[..., Any])


def cache_dir() -> Path:
    """The cache folder: ``BOOK_CACHE_DIR`` or ``.book-cache/tidy`` in the checkout."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else mf.ROOT / ".book-cache" / "tidy"


def enabled() -> bool:
    """False when ``BOOK_NO_CACHE`` is set to anything but ``""`` or ``"0"``."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_key(fn: Callable[..., Any], args: tuple[Any, ...]) -> str:
    """The sha256 key of ``fn(*args)`` (see the module docstring)."""
    import sys

    h = hashlib.sha256()
    h.update(f"{fn.__module__}.{fn.__qualname__}{args!r}".encode())
    module_file = getattr(sys.modules.get(fn.__module__), "__file__", None)
    for path in [*(mf.ROOT / k for k in KEY_FILES), *([Path(module_file)] if module_file else [])]:
        h.update(str(path.name).encode())
        h.update(path.read_bytes() if path.is_file() else b"missing")
    h.update(pd.__version__.encode())
    return h.hexdigest()[:32]


def disk_cached(fn: F) -> F:
    """Decorate a loader function of positional, hashable arguments returning
    a DataFrame: cache its result on disk (see the module docstring)."""

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        if not enabled():
            return fn(*args)
        path = cache_dir() / f"{fn.__module__}.{fn.__qualname__}-{cache_key(fn, args)}.pkl"
        if path.is_file():
            try:
                with path.open("rb") as fh:
                    file_ids, frame = pickle.load(fh)
            except Exception:  # a truncated or foreign file is just a miss
                file_ids = None
            if file_ids is not None:
                for file_id in file_ids:
                    mf.resolve(file_id)  # verify the raw file as on every load
                return frame
        with mf.recording() as file_ids:
            frame = fn(*args)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            raw_ids = sorted({f for f in file_ids if f in mf.manifest()})
            pickle.dump((raw_ids, frame), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: parallel kernels never read half a file
        return frame

    return wrapper  # type: ignore[return-value]
