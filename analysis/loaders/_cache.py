"""A disk cache of the loaders' tidy frames, shared by every chapter's kernel.

Parsing the raw workbooks (openpyxl, pyreadr, Stata) is the slowest part of a
chapter, and most chapters read the same files. :func:`cached_frame` (which
:func:`analysis.loaders._common.tidy_loader` applies) keeps a loader's frame in
memory for the process and on disk across processes; :func:`disk_cached` keeps each
loader result as a parquet file (written and read with pyarrow) under
``.book-cache/tidy`` (or ``BOOK_CACHE_DIR``), keyed by

- the function and its arguments,
- the source of the loader's module, of ``analysis/loaders/_common.py``,
  ``analysis/countries.py`` and ``analysis/manifest.py``,
- the country tables ``data/countries.csv`` and ``data/country_aliases.csv``,
- ``data/manifest.csv`` (so a raw file with another recorded hash is another key),
- the pandas version.

A cache file holds data only: reading it cannot run code (no pickle). The
parquet schema's metadata (key ``book_cache``, JSON) records the ids of the raw
files the entry rests on and, when the frame's column labels are not unique
strings, the labels themselves (strings, integers, floats, booleans, None,
timestamps, and tuples of these for MultiIndex columns). A file that cannot
be read, lacks that metadata or was written in another format version is a
miss. Every write is verified: the frame read back must equal the one computed
(:func:`pandas.testing.assert_frame_equal`, exact, with index and column
types, and the same ``attrs``), or nothing is kept. Writes go to a temporary
file that :func:`os.replace` moves into place, so a parallel kernel never
reads half a file. Results that are not DataFrames are returned uncached.

A cache hit still resolves every raw file the loader read when the entry was
made, so the sha256 check (and the rebuild's trace of data reads) happens on
every load, as for an uncached read. Set ``BOOK_NO_CACHE=1`` to bypass the
cache (the bad-input tests do, since they alter copies of raw files).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, TypeVar
from collections.abc import Callable

import pandas as pd

from analysis import manifest as mf

CACHE_ENV = "BOOK_CACHE_DIR"
NO_CACHE_ENV = "BOOK_NO_CACHE"
#: Suffix of the cache files.
SUFFIX = ".parquet"
#: Key of the parquet schema metadata that holds the cache's own record.
META_KEY = b"book_cache"
#: Version of the cache file layout; files of another version are misses.
FORMAT = 1
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


def cache_key(fn: Callable[..., Any], args: tuple[Any, ...], key_globs: tuple[str, ...] = ()) -> str:
    """The sha256 key of ``fn(*args)`` (see the module docstring); ``key_globs``
    adds every file matching these patterns (relative to the checkout)."""
    import sys

    h = hashlib.sha256()
    h.update(f"{fn.__module__}.{fn.__qualname__}{args!r}".encode())
    module_file = getattr(sys.modules.get(fn.__module__), "__file__", None)
    extra = sorted({p for g in key_globs for p in mf.ROOT.glob(g) if p.is_file()})
    for path in [*(mf.ROOT / k for k in KEY_FILES), *([Path(module_file)] if module_file else []), *extra]:
        h.update(str(path.relative_to(mf.ROOT) if path.is_relative_to(mf.ROOT) else path.name).encode())
        h.update(path.read_bytes() if path.is_file() else b"missing")
    h.update(pd.__version__.encode())
    return h.hexdigest()[:32]


def cache_path(fn: Callable[..., Any], args: tuple[Any, ...], key_globs: tuple[str, ...] = ()) -> Path:
    """The cache file of ``fn(*args)``."""
    return cache_dir() / f"{fn.__module__}.{fn.__qualname__}-{cache_key(fn, args, key_globs)}{SUFFIX}"


class _Unsupported(Exception):
    """A frame the cache cannot store exactly (it is then not cached)."""


def _encode_label(label: Any) -> Any:
    if isinstance(label, bool):
        return ["b", label]
    if isinstance(label, str):
        return ["s", label]
    if isinstance(label, int):
        return ["i", label]
    if isinstance(label, float):
        return ["f", repr(label)]
    if label is None:
        return ["n"]
    if isinstance(label, pd.Timestamp):
        return ["ts", label.isoformat()]
    if isinstance(label, tuple):
        return ["t", [_encode_label(x) for x in label]]
    import numpy as np

    if isinstance(label, np.generic):
        return _encode_label(label.item())
    raise _Unsupported(f"column label {label!r} of type {type(label).__name__}")


def _decode_label(code: list[Any]) -> Any:
    tag = code[0]
    if tag == "b" or tag == "s" or tag == "i":
        return code[1]
    if tag == "f":
        return float(code[1])
    if tag == "n":
        return None
    if tag == "ts":
        return pd.Timestamp(code[1])
    if tag == "t":
        return tuple(_decode_label(x) for x in code[1])
    raise ValueError(f"unknown label tag {tag!r}")


def _encode_columns(columns: pd.Index) -> dict[str, Any] | None:
    """``None`` if the labels can be stored as they are (unique strings of a plain
    Index), else a JSON-able description from which :func:`_decode_columns`
    rebuilds them."""
    plain = not isinstance(columns, pd.MultiIndex) and columns.name is None
    if plain and columns.is_unique and all(type(c) is str for c in columns):
        return None
    if isinstance(columns, pd.MultiIndex):
        return {"kind": "multi", "labels": [_encode_label(tuple(c)) for c in columns],
                "names": [_encode_label(n) for n in columns.names]}
    return {"kind": "index", "labels": [_encode_label(c) for c in columns],
            "name": _encode_label(columns.name), "dtype": str(columns.dtype)}


def _decode_columns(code: dict[str, Any]) -> pd.Index:
    labels = [_decode_label(c) for c in code["labels"]]
    if code["kind"] == "multi":
        return pd.MultiIndex.from_tuples(labels, names=[_decode_label(n) for n in code["names"]])
    return pd.Index(labels, dtype=code["dtype"], name=_decode_label(code["name"]))


def _write(path: Path, frame: pd.DataFrame, file_ids: list[str]) -> bool:
    """Write ``frame`` to ``path`` (atomically) if it reads back exactly equal;
    return whether it was written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        columns = _encode_columns(frame.columns)
        stored = frame
        if columns is not None:
            stored = frame.copy(deep=False)
            stored.columns = [f"__column_{i}" for i in range(frame.shape[1])]
        table = pa.Table.from_pandas(stored, preserve_index=None)
    except Exception:  # labels or values parquet cannot hold: not cached
        return False
    record = json.dumps({"format": FORMAT, "file_ids": file_ids, "columns": columns}).encode()
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), META_KEY: record})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        back = _read(Path(tmp))
        if back is None:
            raise _Unsupported("written file does not read back")
        pd.testing.assert_frame_equal(frame, back[1], check_exact=True, check_index_type=True,
                                      check_column_type=True, check_frame_type=True)
        if frame.attrs != back[1].attrs:
            raise _Unsupported("attrs differ")
        os.replace(tmp, path)  # atomic: parallel kernels never read half a file
    except Exception:  # not exactly storable: keep nothing
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


def _read(path: Path) -> tuple[list[str], pd.DataFrame] | None:
    """The raw file ids and frame of a cache file, or ``None`` if it is not
    one (truncated, foreign, another format version)."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
        record = json.loads((table.schema.metadata or {})[META_KEY])
        if record.get("format") != FORMAT:
            return None
        file_ids = [str(f) for f in record["file_ids"]]
        frame = table.to_pandas()
        if record.get("columns") is not None:
            frame.columns = _decode_columns(record["columns"])
    except Exception:  # a truncated or foreign file is just a miss
        return None
    return file_ids, frame


def disk_cached(fn: F) -> F:
    """Decorate a loader function of positional, hashable arguments: cache its
    result on disk if it is a DataFrame (see the module docstring)."""
    return disk_cached_with()(fn)


def cached_frame(fn: F) -> F:
    """Cache a function of positional, hashable arguments in memory and on disk.

    The first call in a process reads the disk cache (:func:`disk_cached`,
    which verifies the raw files the entry rests on) or computes the frame;
    later calls with the same arguments return the same object from memory, so
    callers that hand the frame out copy it. The result has ``cache_clear``
    (the tests clear every loader's memory before altering raw files), and
    ``__wrapped__`` is the disk-cached function.
    """
    return functools.cache(disk_cached(fn))  # type: ignore[return-value]


def disk_cached_with(*key_globs: str) -> Callable[[F], F]:
    """:func:`disk_cached` whose key also covers every file matching
    ``key_globs`` (glob patterns relative to the checkout, e.g.
    ``"analysis/**/*.py"``), for results computed from more than one loader."""

    def decorate(fn: F) -> F:
        return _disk_cached(fn, tuple(key_globs))

    return decorate


def _hit(path: Path) -> pd.DataFrame | None:
    """The frame of a cache entry (raw files verified as on every load), or ``None``."""
    hit = _read(path) if path.is_file() else None
    if hit is None:
        return None
    file_ids, frame = hit
    for file_id in file_ids:
        mf.resolve(file_id)  # verify the raw file as on every load
    return frame


def _entry_lock(path: Path) -> Any:
    """An exclusive lock on one cache entry, in the sibling folder ``<cache>.locks``
    (the cache folder itself holds entries only), or no lock where that folder
    cannot be made (the entry is then computed as if uncached)."""
    import contextlib

    from filelock import FileLock

    locks = path.parent.with_name(path.parent.name + ".locks")
    try:
        locks.mkdir(parents=True, exist_ok=True)
        return FileLock(str(locks / (path.name + ".lock")), timeout=600)
    except OSError:
        return contextlib.nullcontext()


def _disk_cached(fn: F, key_globs: tuple[str, ...]) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        if not enabled():
            return fn(*args)
        path = cache_path(fn, args, key_globs)
        hit = _hit(path)
        if hit is not None:
            return hit
        # Parallel kernels that miss the same entry compute it once: the others wait
        # for the first (a lock file beside the entry) and then read its result.
        with _entry_lock(path):
            hit = _hit(path)
            if hit is not None:
                return hit
            with mf.recording() as file_ids:
                result = fn(*args)
            if isinstance(result, pd.DataFrame):
                _write(path, result, sorted({f for f in file_ids if f in mf.manifest()}))
        return result

    return wrapper  # type: ignore[return-value]
