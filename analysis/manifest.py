"""The data manifest and the resolver that finds and verifies raw files.

The manifest (``data/manifest.csv``) lists every raw file the book reads: its
path under the raw-data folder, its sha256, its upstream address, licence and
citation key. :func:`resolve` finds a file and verifies its hash on every call.

Where a file is looked for, in order:

1. the folder named by the environment variable ``BOOK_DATA_DIR``;
2. ``../shared/data/raw`` beside the checkout;
3. a download from the upstream address into a user cache (with ``pooch``),
   for files that have one.

Nothing under the raw-data folder is ever written to.
"""
from __future__ import annotations

import csv
import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from analysis.errors import DataFileMissingError, DataHashError, DataSchemaError

#: Root of the book's checkout.
ROOT = Path(__file__).resolve().parent.parent
#: The manifest file.
MANIFEST_PATH = ROOT / "data" / "manifest.csv"
#: Environment variable naming a raw-data folder that takes precedence.
DATA_DIR_ENV = "BOOK_DATA_DIR"
#: Environment variable naming a file to which every verified load appends its file id.
TRACE_ENV = "BOOK_DATA_TRACE"
#: The default raw-data folder: ``../shared/data/raw`` beside the checkout.
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "data" / "raw"

MANIFEST_COLUMNS = (
    "file_id", "path", "sha256", "bytes", "upstream_url", "upstream_repo",
    "upstream_commit", "licence", "citation_key", "note",
)


@dataclass(frozen=True)
class ManifestEntry:
    """One raw file of the manifest.

    Attributes
    ----------
    file_id
        Short, stable identifier used by loaders (e.g. ``"wdi_aid_jpn"``).
    path
        Path relative to the raw-data folder (``<source folder>/<file>``).
    sha256
        Expected hex digest of the file's bytes.
    bytes
        Expected size in bytes.
    upstream_url
        Raw-file address at the recorded upstream commit ('' if none).
    upstream_repo, upstream_commit
        The upstream repository and commit.
    licence
        Licence or terms of use, in short.
    citation_key
        BibTeX key of the source in ``references.bib``.
    note
        Anything a reader must know about the file.
    """

    file_id: str
    path: str
    sha256: str
    bytes: int
    upstream_url: str
    upstream_repo: str
    upstream_commit: str
    licence: str
    citation_key: str
    note: str

    @property
    def source(self) -> str:
        """The source folder under the raw-data folder."""
        return self.path.split("/", 1)[0]


def read_manifest(path: Path | str = MANIFEST_PATH) -> dict[str, ManifestEntry]:
    """Read and validate a manifest file.

    Parameters
    ----------
    path
        The manifest CSV; defaults to ``data/manifest.csv``.

    Returns
    -------
    dict
        Entries keyed by ``file_id``.

    Raises
    ------
    DataSchemaError
        If a column is missing, a row is incomplete, a hash is not 64 hex
        digits or a ``file_id`` repeats; the message names file and row.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileMissingError(
            f"the data manifest {path} does not exist; restore it from git "
            "(git checkout -- data/manifest.csv)"
        )
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataSchemaError(
                f"{path}: columns {missing} are missing from the header; "
                f"expected {list(MANIFEST_COLUMNS)}"
            )
        entries: dict[str, ManifestEntry] = {}
        for lineno, row in enumerate(reader, start=2):
            for col in ("file_id", "path", "sha256", "bytes", "licence", "citation_key"):
                if not (row.get(col) or "").strip():
                    raise DataSchemaError(f"{path}, line {lineno}: column {col!r} is empty; fill it in")
            digest = row["sha256"].strip().lower()
            if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
                raise DataSchemaError(
                    f"{path}, line {lineno}: sha256 {row['sha256']!r} is not 64 hex digits"
                )
            if row["file_id"] in entries:
                raise DataSchemaError(
                    f"{path}, line {lineno}: file_id {row['file_id']!r} appears twice; ids must be unique"
                )
            try:
                size = int(row["bytes"])
            except ValueError:
                raise DataSchemaError(
                    f"{path}, line {lineno}: bytes {row['bytes']!r} is not a whole number"
                ) from None
            entries[row["file_id"]] = ManifestEntry(
                file_id=row["file_id"], path=row["path"], sha256=digest, bytes=size,
                upstream_url=row["upstream_url"], upstream_repo=row["upstream_repo"],
                upstream_commit=row["upstream_commit"], licence=row["licence"],
                citation_key=row["citation_key"], note=row["note"],
            )
    return entries


@lru_cache(maxsize=1)
def manifest() -> dict[str, ManifestEntry]:
    """The book's manifest, read once per process (see :func:`read_manifest`)."""
    return read_manifest(MANIFEST_PATH)


def entry(file_id: str) -> ManifestEntry:
    """Return the manifest entry of ``file_id``.

    Raises
    ------
    DataSchemaError
        If ``file_id`` is not in the manifest; the message lists the known ids.
    """
    entries = manifest()
    if file_id not in entries:
        raise DataSchemaError(
            f"file id {file_id!r} is not in {MANIFEST_PATH}; known ids: {', '.join(sorted(entries))}"
        )
    return entries[file_id]


def sha256_of(path: Path) -> str:
    """Hex sha256 digest of a file's bytes, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def data_dirs() -> list[Path]:
    """The local folders searched for raw files, in order of precedence."""
    dirs: list[Path] = []
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        dirs.append(Path(env))
    dirs.append(DEFAULT_DATA_DIR)
    return dirs


def verify(path: Path, expected: ManifestEntry) -> Path:
    """Check that ``path`` has the manifest's sha256 and return it.

    Raises
    ------
    DataHashError
        If the digest differs; the message names the file, both digests and
        what to do.
    """
    digest = sha256_of(path)
    if digest != expected.sha256:
        raise DataHashError(
            f"{path} (manifest id {expected.file_id!r}) has sha256 {digest}, but the "
            f"manifest records {expected.sha256}. The file was altered or replaced: restore "
            f"the original from {expected.upstream_url or expected.upstream_repo}, or point "
            f"{DATA_DIR_ENV} at an unmodified copy. Do not edit the manifest to match."
        )
    return path


def _download(item: ManifestEntry) -> Path:
    """Fetch a file from its upstream address into the pooch cache, hash-checked."""
    import pooch  # imported lazily: only needed without a local copy

    try:
        fetched = pooch.retrieve(
            url=item.upstream_url,
            known_hash=f"sha256:{item.sha256}",
            fname=item.path.replace("/", "__"),
            path=pooch.os_cache("japan-crisis-book"),
            progressbar=False,
        )
    except ValueError as exc:  # pooch's hash mismatch
        raise DataHashError(
            f"download of {item.path} from {item.upstream_url} does not match the manifest "
            f"sha256 {item.sha256}: {exc}"
        ) from exc
    except Exception as exc:  # network errors of any kind
        raise DataFileMissingError(
            f"raw file {item.path} (id {item.file_id!r}) is not in any local data folder "
            f"({', '.join(str(d) for d in data_dirs())}) and downloading it from "
            f"{item.upstream_url} failed ({exc.__class__.__name__}: {exc}). Put the file there "
            f"or set {DATA_DIR_ENV} to a folder holding it."
        ) from exc
    return Path(fetched)


#: Open :func:`recording` contexts; each collects the file ids resolved inside it.
_RECORDERS: list[list[str]] = []


@contextmanager
def recording() -> Iterator[list[str]]:
    """Collect the ids of the raw files resolved inside the ``with`` block.

    Used by the loaders' disk cache to know which files an entry rests on.
    """
    ids: list[str] = []
    _RECORDERS.append(ids)
    try:
        yield ids
    finally:
        _RECORDERS.remove(ids)


def _trace(file_id: str) -> None:
    """Record ``file_id`` for open :func:`recording` contexts and append it to
    the trace file named by ``BOOK_DATA_TRACE``, if set."""
    for ids in _RECORDERS:
        ids.append(file_id)
    trace = os.environ.get(TRACE_ENV)
    if trace:
        with open(trace, "a", encoding="utf-8") as fh:
            fh.write(file_id + "\n")


def resolve(file_id: str, *, allow_download: bool = True) -> Path:
    """Find the raw file ``file_id`` and verify its sha256.

    Parameters
    ----------
    file_id
        An id from ``data/manifest.csv``.
    allow_download
        Whether to fall back to the upstream address when no local copy exists.

    Returns
    -------
    Path
        A verified path to the file (never to be written to).

    Raises
    ------
    DataFileMissingError
        If no local copy exists and it cannot be downloaded.
    DataHashError
        If the file found has another sha256 than the manifest's.
    """
    item = entry(file_id)
    for folder in data_dirs():
        candidate = folder / item.path
        if candidate.is_file():
            _trace(file_id)
            return verify(candidate, item)
    if allow_download and item.upstream_url:
        path = _download(item)
        _trace(file_id)
        return path
    where = ", ".join(str(d) for d in data_dirs())
    how = (
        f"it could be downloaded from {item.upstream_url}, but downloading was not allowed"
        if item.upstream_url
        else "it has no download address (see the note in data/manifest.csv)"
    )
    raise DataFileMissingError(
        f"raw file {item.path} (id {file_id!r}) was not found in {where}; {how}. "
        f"Copy the companion data folder there or set {DATA_DIR_ENV} to a folder holding it."
    )
