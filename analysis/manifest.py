"""The data manifest and the resolver that finds and verifies raw files.

The manifest (``data/manifest.csv``) lists every raw file the book reads: its
path under the raw-data folder, its sha256, its upstream address, licence and
citation key, where it lives (``location``) and its *coverage contract* (the
columns of :data:`CONTRACT_COLUMNS`: data rows, first and last period,
entities, value pattern; see :class:`Contract`). :func:`resolve` finds a file
and verifies its hash on every call; the loaders verify the contract on the
table they parse (:func:`analysis.loaders._common.check_coverage`).

Where a file is looked for, in order:

1. the folder named by the environment variable ``BOOK_DATA_DIR``;
2. for files with ``location`` ``repo`` (kept in this repository, e.g. the
   checked hand transcriptions of World Bank rows): ``data/derived`` of the
   checkout, and nowhere else;
3. for files with ``location`` ``raw``: ``../shared/data/raw`` beside the
   checkout, unless ``BOOK_NO_DEFAULT_DATA_DIR`` is set to anything but
   ``""`` or ``"0"``;
4. a download from the upstream address into a download cache (with
   ``pooch``), for files that have one.

Environment variables of the download step:

``BOOK_UPSTREAM_BASE``
    Replaces the prefix ``https://raw.githubusercontent.com`` of every
    upstream address (e.g. ``http://127.0.0.1:8000`` for a local mirror that
    serves the same paths). Unset: the real upstream addresses.
``BOOK_DOWNLOAD_DIR``
    The folder downloads are kept in. Unset: the user cache folder of
    ``pooch`` (``pooch.os_cache("japan-crisis-book")``).

A download is hash-checked before it is kept: a file whose sha256 differs from
the manifest's is deleted and refused with :class:`DataHashError`. Nothing
under the raw-data folder is ever written to.
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterator

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
#: Environment variable that, set to anything but ``""`` or ``"0"``, keeps
#: :data:`DEFAULT_DATA_DIR` out of the search (e.g. to test downloads).
NO_DEFAULT_DIR_ENV = "BOOK_NO_DEFAULT_DATA_DIR"
#: Folder of the files kept in the repository (``location`` ``repo``).
REPO_DATA_DIR = ROOT / "data" / "derived"
#: Environment variable replacing :data:`UPSTREAM_PREFIX` in download addresses.
UPSTREAM_BASE_ENV = "BOOK_UPSTREAM_BASE"
#: The prefix of the recorded upstream addresses that ``BOOK_UPSTREAM_BASE`` replaces.
UPSTREAM_PREFIX = "https://raw.githubusercontent.com"
#: Environment variable naming the download cache folder.
DOWNLOAD_DIR_ENV = "BOOK_DOWNLOAD_DIR"
#: The values of the ``location`` column.
LOCATIONS = ("raw", "repo")

MANIFEST_COLUMNS = (
    "file_id", "path", "sha256", "bytes", "upstream_url", "upstream_repo",
    "upstream_commit", "licence", "citation_key", "note",
)
#: Columns of the coverage contract (see :class:`Contract`) and the location.
CONTRACT_COLUMNS = (
    "location", "table", "rows", "period_column", "first_period", "last_period",
    "entity_column", "entity_count", "entities", "value_columns", "value_pattern",
)


@dataclass(frozen=True)
class Contract:
    """What a raw file is expected to hold: its *coverage contract*.

    It fixes the current vintage: a file that differs in any respect is
    refused (:class:`analysis.errors.DataCoverageError`), and a new vintage
    needs its contract updated in ``data/manifest.csv`` on purpose.

    Attributes
    ----------
    table
        The table the contract describes: the sheet of a workbook, the object
        of an R data file; ``""`` for the only table (CSV, Stata) or the first
        sheet.
    rows
        Number of data rows of the table as the loader parses it (header
        rows excluded).
    period_column
        The column holding the period (year or date). Comma-separated lists
        in a cell count as several periods. ``columns:<regex>`` instead takes
        the periods from the column names (the regex's first group), for
        wide tables.
    first_period, last_period
        The earliest and latest period (years as ``1960``, dates as
        ``1995-01-02``); compared as numbers when all periods are numbers.
    entity_column
        The column naming the country, economy or series ('' when the file
        holds one series).
    entity_count
        Number of distinct entities (``None`` when ``entity_column`` is '').
    entities
        The expected entities themselves, for small sets (empty otherwise).
    value_columns
        Regular expression matched in full against the column names: the
        numeric columns whose cells ``value_pattern`` checks.
    value_pattern
        Regular expression that the raw text of every numeric cell must match
        in full (e.g. ``\\d+\\.\\d{4}|\\.`` for FRED daily rates, where ``.`` is
        a day without a quote). Cells of typed formats (Excel, Stata, R) are
        written as text first: integers as ``12``, floats to 15 significant
        digits (``7``, ``0.25``, ``1e-05``), missing as ``""`` (see
        :func:`analysis.loaders._common.cell_text`).
    """

    table: str
    rows: int
    period_column: str
    first_period: str
    last_period: str
    entity_column: str
    entity_count: int | None
    entities: tuple[str, ...]
    value_columns: str
    value_pattern: str


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
    location
        ``"raw"`` (the raw-data folder, or a download) or ``"repo"`` (kept in
        the repository under ``data/derived``; never downloaded).
    contract
        The coverage contract (``None`` if the row has none, which the loaders
        refuse).
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
    location: str = "raw"
    contract: Contract | None = None

    @property
    def source(self) -> str:
        """The source folder under the raw-data folder."""
        return self.path.split("/", 1)[0]


def _contract(row: dict[str, str], path: Path, lineno: int) -> Contract | None:
    """Parse the contract columns of a manifest row (``None`` if all empty)."""
    cells = {c: (row.get(c) or "").strip() for c in CONTRACT_COLUMNS if c not in ("location", "table")}
    if not any(cells.values()):
        return None
    for col in ("rows", "period_column", "first_period", "last_period", "value_columns", "value_pattern"):
        if not cells[col]:
            raise DataSchemaError(f"{path}, line {lineno}: contract column {col!r} is empty; fill it in")
    try:
        rows = int(cells["rows"])
        count = int(cells["entity_count"]) if cells["entity_count"] else None
    except ValueError:
        raise DataSchemaError(
            f"{path}, line {lineno}: contract columns 'rows' and 'entity_count' must be whole numbers"
        ) from None
    if bool(cells["entity_column"]) != (count is not None):
        raise DataSchemaError(
            f"{path}, line {lineno}: 'entity_column' and 'entity_count' must be both filled or both empty"
        )
    entities = tuple(cells["entities"].split("|")) if cells["entities"] else ()
    if entities and len(entities) != count:
        raise DataSchemaError(
            f"{path}, line {lineno}: 'entities' lists {len(entities)} entities but 'entity_count' is {count}"
        )
    for col in ("value_columns", "value_pattern"):
        try:
            re.compile(cells[col])
        except re.error as exc:
            raise DataSchemaError(f"{path}, line {lineno}: {col} {cells[col]!r} is not a regular expression ({exc})") from None
    return Contract(
        table=(row.get("table") or "").strip(), rows=rows, period_column=cells["period_column"],
        first_period=cells["first_period"], last_period=cells["last_period"],
        entity_column=cells["entity_column"], entity_count=count, entities=entities,
        value_columns=cells["value_columns"], value_pattern=cells["value_pattern"],
    )


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
        expected = [*MANIFEST_COLUMNS, *CONTRACT_COLUMNS]
        missing = [c for c in expected if c not in (reader.fieldnames or [])]
        if missing:
            raise DataSchemaError(
                f"{path}: columns {missing} are missing from the header; "
                f"expected {expected}"
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
            location = (row.get("location") or "").strip()
            if location not in LOCATIONS:
                raise DataSchemaError(
                    f"{path}, line {lineno}: location {location!r} is not one of {list(LOCATIONS)}"
                )
            if location == "repo" and row["upstream_url"].strip():
                raise DataSchemaError(
                    f"{path}, line {lineno}: a repository file (location 'repo') has no download address"
                )
            entries[row["file_id"]] = ManifestEntry(
                file_id=row["file_id"], path=row["path"], sha256=digest, bytes=size,
                upstream_url=row["upstream_url"], upstream_repo=row["upstream_repo"],
                upstream_commit=row["upstream_commit"], licence=row["licence"],
                citation_key=row["citation_key"], note=row["note"],
                location=location, contract=_contract(row, path, lineno),
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


def _flag(name: str) -> bool:
    """True when the environment variable ``name`` is set to anything but ``""`` or ``"0"``."""
    return os.environ.get(name, "") not in ("", "0")


def data_dirs(location: str = "raw") -> list[Path]:
    """The local folders searched for files of ``location``, in order of precedence.

    Parameters
    ----------
    location
        ``"raw"`` (``BOOK_DATA_DIR``, then ``../shared/data/raw`` unless
        ``BOOK_NO_DEFAULT_DATA_DIR`` is set) or ``"repo"`` (``BOOK_DATA_DIR``,
        then ``data/derived`` of the checkout).
    """
    dirs: list[Path] = []
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        dirs.append(Path(env))
    if location == "repo":
        dirs.append(REPO_DATA_DIR)
    elif not _flag(NO_DEFAULT_DIR_ENV):
        dirs.append(DEFAULT_DATA_DIR)
    return dirs


def download_url(item: ManifestEntry) -> str:
    """The address a file is downloaded from: its upstream address, with the
    prefix ``https://raw.githubusercontent.com`` replaced by ``BOOK_UPSTREAM_BASE``
    when that is set."""
    base = os.environ.get(UPSTREAM_BASE_ENV, "").rstrip("/")
    if base and item.upstream_url.startswith(UPSTREAM_PREFIX):
        return base + item.upstream_url[len(UPSTREAM_PREFIX):]
    return item.upstream_url


def download_dir() -> Path:
    """The download cache: ``BOOK_DOWNLOAD_DIR`` or pooch's user cache folder."""
    env = os.environ.get(DOWNLOAD_DIR_ENV)
    if env:
        return Path(env)
    import pooch

    return Path(pooch.os_cache("japan-crisis-book"))


def verify(path: Path, expected: ManifestEntry) -> Path:
    """Check that ``path`` has the manifest's sha256 and return it.

    Raises
    ------
    DataHashError
        If the digest differs; the message names the file, both digests and
        what to do.
    """
    digest = sha256_of(path)
    if digest != expected.sha256 and expected.location == "repo":
        raise DataHashError(
            f"{path} (manifest id {expected.file_id!r}) has sha256 {digest}, but the "
            f"manifest records {expected.sha256}. This file is kept in the repository: restore "
            f"it with git (git checkout -- data/derived/{expected.path}). Do not edit the "
            "manifest to match."
        )
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

    url = download_url(item)
    try:
        fetched = pooch.retrieve(
            url=url,
            known_hash=f"sha256:{item.sha256}",
            fname=item.path.replace("/", "__"),
            path=download_dir(),
            progressbar=False,
        )
    except Exception as exc:  # network errors of any kind, or pooch's hash mismatch
        if isinstance(exc, ValueError) and "does not match the known hash" in str(exc):
            # pooch's hash mismatch (the download is deleted); other ValueErrors (a bad
            # address, e.g. BOOK_UPSTREAM_BASE without http://) are failed downloads
            raise DataHashError(
                f"download of {item.path} (manifest id {item.file_id!r}) from {url} does not match "
                f"the manifest sha256 {item.sha256} and was refused ({exc}). That address serves other "
                f"bytes than the recorded file: if {UPSTREAM_BASE_ENV} names a mirror, restore the file "
                f"there; otherwise set {DATA_DIR_ENV} to a folder holding an unmodified copy. Do not "
                "edit the manifest to match."
            ) from exc
        raise DataFileMissingError(
            f"raw file {item.path} (id {item.file_id!r}) is not in any local data folder "
            f"({', '.join(str(d) for d in data_dirs(item.location)) or 'none'}) and downloading it from "
            f"{url} failed ({exc.__class__.__name__}: {exc}). Put the file there "
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
        # by identity: nested contexts may hold equal lists (list.remove compares by value)
        del _RECORDERS[next(i for i, r in enumerate(_RECORDERS) if r is ids)]


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

    Files of ``location`` ``repo`` are looked for in ``BOOK_DATA_DIR`` and
    ``data/derived`` only; ``raw`` files in the folders of :func:`data_dirs`,
    then downloaded (see the module docstring).

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
    for folder in data_dirs(item.location):
        candidate = folder / item.path
        if candidate.is_file():
            _trace(file_id)
            return verify(candidate, item)
    if allow_download and item.upstream_url:
        path = _download(item)
        _trace(file_id)
        return path
    where = ", ".join(str(d) for d in data_dirs(item.location)) or "no local folder"
    how = (
        f"it could be downloaded from {item.upstream_url}, but downloading was not allowed"
        if item.upstream_url
        else "it has no download address (see the note in data/manifest.csv)"
    )
    raise DataFileMissingError(
        f"raw file {item.path} (id {file_id!r}) was not found in {where}; {how}. "
        f"Copy the companion data folder there or set {DATA_DIR_ENV} to a folder holding it."
    )
