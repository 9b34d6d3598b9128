"""Helpers shared by the loader modules: the :class:`Variable` record each
loader declares its columns with, reading a verified file, checking its
columns and keys, and checking its coverage contract.

:class:`Variable` lives here, in the loaders' layer, so that no loader imports
the analysis layer; :mod:`analysis.codebook` collects the records and
re-exports the class.

The coverage contract of a file (columns ``rows`` ... ``value_pattern`` of
``data/manifest.csv``, see :class:`analysis.manifest.Contract`) is checked by
:func:`check_coverage` on the raw table the loader parses, before anything is
dropped or converted: the number of data rows, the first and last period, the
entities and the raw text of every numeric cell. A file that differs is refused
with :class:`analysis.errors.DataCoverageError`.

Loaders are written with :func:`tidy_loader`: the decorated function only
parses a raw table; the decorator resolves and verifies the file, reads it,
checks its columns and contract, and caches the tidy frame in memory and on
disk, once for every loader. :func:`read_raw` reads and checks a file outside
a loader.
"""
from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Concatenate, ParamSpec

import numpy as np
import pandas as pd

from analysis.errors import DataCoverageError, DataSchemaError
from analysis.loaders._cache import cached_frame
from analysis.manifest import MANIFEST_PATH, Contract, entry, resolve

#: How many offending cells or entities a coverage message quotes.
_EXAMPLES = 5


@dataclass(frozen=True)
class Variable:
    """One variable of the codebook.

    Attributes
    ----------
    name
        Column name in the tidy table.
    label
        What it measures, in words.
    unit
        Unit of measurement (e.g. ``"current US$"``, ``"% of GNI"``).
    file_ids
        Manifest ids of the raw files it comes from.
    transformation
        What the loader does to the raw values (renaming, scaling, filters).
    loader
        Name of the function, in the declaring module, that returns a tidy
        frame holding the column (called with no arguments).
    key
        Columns that identify a row in that frame (for coverage).
    """

    name: str
    label: str
    unit: str
    file_ids: tuple[str, ...]
    transformation: str
    loader: str
    key: tuple[str, ...] = ("iso3", "year")


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, source: str) -> None:
    """Raise :class:`DataSchemaError` if ``frame`` lacks any of ``columns``.

    The message names the source file, the missing columns and those found.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataSchemaError(
            f"{source}: expected column(s) {missing} not found; columns present: "
            f"{list(frame.columns)[:20]}. The file's layout has changed: check it against "
            "its SOURCE.md and the manifest."
        )


def require_unique(frame: pd.DataFrame, key: Iterable[str], *, source: str) -> None:
    """Raise :class:`DataSchemaError` if ``key`` does not identify rows uniquely."""
    key = list(key)
    dup = frame[frame.duplicated(key, keep=False)]
    if not dup.empty:
        first = dup.iloc[0]
        raise DataSchemaError(
            f"{source}: key {key} is not unique, e.g. "
            + ", ".join(f"{k}={first[k]!r}" for k in key)
            + f" appears {int((frame[key] == first[key]).all(axis=1).sum())} times"
        )


def to_number(series: pd.Series, *, source: str, column: str, na_values: Iterable[str] = ()) -> pd.Series:
    """Parse a column as floats; text that is not a number or an NA marker raises.

    Parameters
    ----------
    series
        The raw column.
    source, column
        For the error message.
    na_values
        Text that means 'missing' in this source (e.g. ``".."``, ``"."``).
    """
    s = series.copy()
    if s.dtype == object or pd.api.types.is_string_dtype(s):
        s = s.astype("string").str.strip().replace({v: pd.NA for v in [*na_values, ""]})
    out = pd.to_numeric(s, errors="coerce")
    bad = out.isna() & s.notna()
    if bad.any():
        i = bad[bad].index[0]
        raise DataSchemaError(
            f"{source}: column {column!r} row {i} holds {series.loc[i]!r}, which is not a number; "
            "check the file against its SOURCE.md"
        )
    return out.astype("float64")


#: Keyword arguments of :func:`pandas.read_csv` that give the raw text of every cell.
TEXT_CSV: dict[str, Any] = {"dtype": str, "keep_default_na": False}

#: What each kind of file is, for messages.
_KINDS = {".csv": "CSV", ".xlsx": "an Excel workbook", ".xls": "an Excel workbook",
          ".rda": "an R data file", ".dta": "a Stata file"}


def source_label(file_id: str) -> str:
    """How messages name the file of ``file_id``: its path under the raw-data
    folder and its manifest id, with the sheet or R object its contract names
    (``ewn_.../EWN-dataset_12-2022.xlsx (ewn), sheet 'Dataset'``)."""
    item = entry(file_id)
    table = item.contract.table if item.contract else ""
    suffix = PurePosixPath(item.path).suffix.lower()
    what = {".xlsx": "sheet", ".xls": "sheet", ".rda": "R object"}.get(suffix)
    return f"{item.path} ({file_id})" + (f", {what} {table!r}" if table and what else "")


def _read_file(file_id: str, **kwargs: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve and verify the file of ``file_id`` and read the table its
    contract describes: returns the table as ``kwargs`` ask for it and the
    table the contract is checked on (the same table, except for a CSV read
    with conversions, which is read a second time as text).

    CSV files are read with ``kwargs`` as given; workbooks at the sheet named
    by the contract's ``table`` (first sheet if empty); R data files as the
    object named by ``table``; Stata files whole.
    """
    path = resolve(file_id)
    item = entry(file_id)
    table_name = item.contract.table if item.contract else ""
    source = source_label(file_id)
    suffix = path.suffix.lower()
    if suffix not in _KINDS:
        raise DataSchemaError(f"{source}: no reader for files ending in {suffix!r}; add one to "
                              "analysis/loaders/_common.py or convert the file")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, **kwargs)
            text_kwargs = {k: v for k, v in kwargs.items() if k not in ("dtype", "keep_default_na", "na_values")}
            same = kwargs.get("dtype") is str and kwargs.get("keep_default_na") is False and "na_values" not in kwargs
            return frame, (frame if same else pd.read_csv(path, **TEXT_CSV, **text_kwargs))
        if suffix in (".xlsx", ".xls"):
            frame = pd.read_excel(path, sheet_name=table_name or 0, **kwargs)
        elif suffix == ".rda":
            import pyreadr

            objects = pyreadr.read_r(str(path))
            name = table_name or next(iter(objects))
            if name not in objects:
                raise DataSchemaError(f"{source}: R object {name!r} not found; objects present: {list(objects)}. "
                                      "Check the file against its SOURCE.md and the manifest's table column")
            frame = objects[name]
        else:
            frame = pd.read_stata(path, **kwargs)
    except DataSchemaError:
        raise
    except Exception as exc:  # reader errors of any kind
        raise DataSchemaError(
            f"{source}: could not be read as {_KINDS[suffix]} ({exc.__class__.__name__}: {exc}); "
            "check the file against its SOURCE.md"
        ) from exc
    return frame, frame


def read_raw(file_id: str, **kwargs: Any) -> pd.DataFrame:
    """Resolve, verify and read the table of ``file_id`` that its contract
    describes, check the contract and return the table.

    CSV files are read as text (every cell a string, nothing missing);
    workbooks at the sheet named by the contract's ``table`` (first sheet if
    empty); R data files as the object named by ``table``; Stata files whole.

    Parameters
    ----------
    file_id
        An id of ``data/manifest.csv``.
    **kwargs
        Passed to the reader (e.g. ``header=2`` for a workbook).

    Raises
    ------
    DataSchemaError
        If the file cannot be read; :class:`DataCoverageError` if it does not
        meet its contract.
    """
    is_csv = PurePosixPath(entry(file_id).path).suffix.lower() == ".csv"
    table, _ = _read_file(file_id, **({**TEXT_CSV, **kwargs} if is_csv else kwargs))
    check_coverage(file_id, table)
    return table


# --------------------------------------------------------------------------- the loader decorator
@dataclass(frozen=True)
class RawTable:
    """A raw table as :func:`tidy_loader` hands it to a loader.

    Attributes
    ----------
    file_id
        The manifest id of the file.
    table
        The table as read (and prepared), its columns and contract checked.
    source
        How messages name the file (:func:`source_label`).
    """

    file_id: str
    table: pd.DataFrame
    source: str


P = ParamSpec("P")


def _file_id(spec: str | Callable[..., str] | None, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The manifest id a :func:`tidy_loader` reads for these arguments (see its ``file_id``)."""
    if spec is None:
        if not args or not isinstance(args[0], str):
            raise TypeError("a tidy_loader without a file_id takes the manifest id as its first argument")
        return args[0]
    return spec(*args, **kwargs) if callable(spec) else spec
#: A loader's parse step: the checked raw table and the loader's own arguments -> a tidy frame.
Parse = Callable[Concatenate[RawTable, P], pd.DataFrame]


def tidy_loader(
    file_id: str | Callable[..., str] | None = None,
    *,
    columns: Iterable[str] | Callable[..., Iterable[str]] = (),
    prepare: Callable[[pd.DataFrame, str], pd.DataFrame] | None = None,
    **read_kwargs: Any,
) -> Callable[[Parse[P]], Callable[P, pd.DataFrame]]:
    """Make a loader from its parse step: resolve, read, check and cache once.

    The decorated function receives a :class:`RawTable` and the loader's own
    arguments and returns the tidy frame. The loader that results takes those
    arguments only, and on each new set of them:

    1. resolves the file (:func:`analysis.manifest.resolve`: path and sha256);
    2. reads it (:func:`_read_file`, with ``read_kwargs``); a file that cannot
       be read raises :class:`DataSchemaError` naming it;
    3. applies ``prepare`` (e.g. strips column names), if given;
    4. checks that ``columns`` are present (:func:`require_columns`) and that
       the table meets the file's coverage contract (:func:`check_coverage`);
    5. parses it, and keeps the frame in memory and on disk
       (:func:`analysis.loaders._cache.cached_frame`). Callers that hand the
       frame out copy it.

    Parameters
    ----------
    file_id
        The manifest id; a function of the loader's arguments that returns it;
        or ``None``: the loader's first argument is the manifest id.
    columns
        Raw columns the file must have, or a function of the loader's arguments
        that returns them.
    prepare
        ``prepare(table, source) -> table``, applied before the checks (to the
        table as read and, for a CSV read with conversions, to its text copy).
    **read_kwargs
        Passed to the reader (:func:`pandas.read_csv`, :func:`pandas.read_excel`, ...).

    Examples
    --------
    >>> @tidy_loader("bis_lbs", columns=["country", "date"])  # doctest: +SKIP
    ... def _load(raw: RawTable) -> pd.DataFrame:
    ...     return raw.table.rename(columns={"date": "year"})
    """

    def decorate(parse: Parse[P]) -> Callable[P, pd.DataFrame]:
        @functools.wraps(parse)
        def load(*args: P.args, **kwargs: P.kwargs) -> pd.DataFrame:
            fid = _file_id(file_id, args, kwargs)
            wanted = columns(*args, **kwargs) if callable(columns) else columns
            source = source_label(fid)
            frame, contract_table = _read_file(fid, **read_kwargs)
            if prepare is not None:
                same = contract_table is frame
                frame = prepare(frame, source)
                contract_table = frame if same else prepare(contract_table, source)
            require_columns(frame, wanted, source=source)
            check_coverage(fid, contract_table)
            return parse(RawTable(fid, frame, source), *args, **kwargs)

        return cached_frame(load)

    return decorate


# --------------------------------------------------------------------------- coverage contracts
def cell_text(value: object) -> str:
    """The raw text of a cell as the contract's ``value_pattern`` sees it.

    Text stays as it is (CSV cells are read as text); missing values are
    ``""``; integers are written as ``12``, floats to 15 significant digits,
    the precision a workbook keeps (``7``, ``0.25``, ``1e-05``), so that a
    difference in the last bits of a parsed float does not change the text;
    booleans as ``True``/``False``, dates as ``YYYY-MM-DD`` (with the time if
    it is not midnight).
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else format(float(value), ".15g")
    if isinstance(value, (pd.Timestamp, _dt.datetime)):
        ts = pd.Timestamp(value)
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _key_text(value: object) -> str:
    """A period or entity as text (:func:`cell_text`, stripped)."""
    return cell_text(value).strip()


@dataclass(frozen=True)
class Coverage:
    """What a parsed raw table holds, in the terms of its contract.

    Attributes
    ----------
    rows
        Data rows.
    first_period, last_period
        Earliest and latest period ('' if none).
    entities
        The distinct entities (empty when the contract names no entity column).
    value_columns
        The columns that the contract's ``value_columns`` matched.
    bad_cells
        Numeric cells whose raw text does not match ``value_pattern``.
    examples
        Up to five of them, as ``column 'X' data row N: '7.'``.
    """

    rows: int
    first_period: str
    last_period: str
    entities: frozenset[str]
    value_columns: tuple[str, ...]
    bad_cells: int
    examples: tuple[str, ...]


def _periods(table: pd.DataFrame, spec: str) -> list[str]:
    if spec.startswith("columns:"):
        rx = re.compile(spec[len("columns:"):])
        found = [rx.fullmatch(str(c)) for c in table.columns]
        return [m.group(1) if m.groups() else m.group(0) for m in found if m]
    if spec not in table.columns:
        return []
    out: list[str] = []
    for value in pd.unique(table[spec].to_numpy(dtype=object)):
        out.extend(t.strip() for t in _key_text(value).split(",") if t.strip())
    return out


def _span(periods: list[str]) -> tuple[str, str]:
    if not periods:
        return "", ""
    if all(re.fullmatch(r"-?\d+", p) for p in periods):
        nums = [int(p) for p in periods]
        return str(min(nums)), str(max(nums))
    return min(periods), max(periods)


def measure_coverage(table: pd.DataFrame, contract: Contract) -> Coverage:
    """Measure ``table`` in the terms of ``contract`` (see :class:`Coverage`)."""
    first, last = _span(_periods(table, contract.period_column))
    entities: frozenset[str] = frozenset()
    if contract.entity_column and contract.entity_column in table.columns:
        keys = (_key_text(v) for v in pd.unique(table[contract.entity_column].to_numpy(dtype=object)))
        entities = frozenset(k for k in keys if k)
    rx_cols = re.compile(contract.value_columns)
    rx_val = re.compile(contract.value_pattern)
    matched = [i for i, c in enumerate(table.columns) if rx_cols.fullmatch(str(c))]
    columns = tuple(str(table.columns[i]) for i in matched)
    bad = 0
    examples: list[str] = []
    for i, name in zip(matched, columns):
        values = table.iloc[:, i].to_numpy(dtype=object)
        texts = {v: cell_text(v) for v in pd.unique(values)}
        wrong = {v for v, t in texts.items() if not rx_val.fullmatch(t)}
        if not wrong:
            continue
        mask = np.array(pd.Series(values).isin(list(wrong)), dtype=bool)
        if any(cell_text(v) == "" for v in wrong):  # isin misses NaN, NaT and None
            mask = mask | np.array(pd.isna(pd.Series(values)), dtype=bool)
        bad += int(mask.sum())
        for pos in np.flatnonzero(mask)[: _EXAMPLES - len(examples)]:
            examples.append(f"column {name!r} data row {pos + 1}: {cell_text(values[pos])!r}")
    return Coverage(rows=len(table), first_period=first, last_period=last, entities=entities,
                    value_columns=columns, bad_cells=bad, examples=tuple(examples))


def _few(items: Iterable[str]) -> str:
    items = sorted(items)
    more = f" and {len(items) - _EXAMPLES} more" if len(items) > _EXAMPLES else ""
    return ", ".join(items[:_EXAMPLES]) + more


#: Open :func:`coverage_checks` contexts; each collects the ids of files whose contract held.
_CHECKS: list[list[str]] = []


@contextmanager
def coverage_checks() -> Iterator[list[str]]:
    """Collect the ids of the files whose contract :func:`check_coverage`
    verified inside the ``with`` block (for tests)."""
    ids: list[str] = []
    _CHECKS.append(ids)
    try:
        yield ids
    finally:
        _CHECKS.remove(ids)


def check_coverage(file_id: str, table: pd.DataFrame) -> None:
    """Check a parsed raw table against the coverage contract of ``file_id``.

    Parameters
    ----------
    file_id
        The manifest id of the file the table was read from.
    table
        The raw table as parsed, before any row is dropped or any value
        converted (for CSV files, every cell as text: see :data:`TEXT_CSV`).

    Raises
    ------
    DataCoverageError
        If the file has no contract, or its rows, first or last period,
        entities or numeric cells differ from the contract. The message names
        the file, what was expected and what was found.
    """
    item = entry(file_id)
    source = f"{item.path} (manifest id {file_id!r})"
    contract = item.contract
    if contract is None:
        raise DataCoverageError(
            f"{source} has no coverage contract in {MANIFEST_PATH}; fill in its columns "
            "rows ... value_pattern before the file is read"
        )
    found = measure_coverage(table, contract)
    problems: list[str] = []
    if found.rows != contract.rows:
        problems.append(f"data rows: expected {contract.rows}, found {found.rows}")
    if not contract.period_column.startswith("columns:") and contract.period_column not in table.columns:
        problems.append(f"period column {contract.period_column!r}: expected, not found")
    for what, want, got in (("first", contract.first_period, found.first_period),
                            ("last", contract.last_period, found.last_period)):
        if want != got:
            problems.append(f"{what} period ({contract.period_column}): expected {want}, found {got or 'none'}")
    if contract.entity_column:
        if contract.entity_column not in table.columns:
            problems.append(f"entity column {contract.entity_column!r}: expected, not found")
        elif len(found.entities) != contract.entity_count:
            problems.append(f"entities ({contract.entity_column}): expected {contract.entity_count}, "
                            f"found {len(found.entities)}")
        if contract.entities and set(contract.entities) != found.entities:
            missing = set(contract.entities) - found.entities
            extra = found.entities - set(contract.entities)
            problems.append(
                f"entities ({contract.entity_column}): "
                + "; ".join(p for p in (f"missing {_few(missing)}" if missing else "",
                                         f"not expected {_few(extra)}" if extra else "") if p)
            )
    if not found.value_columns:
        problems.append(f"numeric columns matching {contract.value_columns!r}: expected, none found")
    elif found.bad_cells:
        problems.append(
            f"numeric cells: every cell of {list(found.value_columns)[:_EXAMPLES]} should match "
            f"{contract.value_pattern!r}, found {found.bad_cells} that do not ("
            + "; ".join(found.examples) + ")"
        )
    if problems:
        where = item.upstream_url or item.upstream_repo or "its source"
        raise DataCoverageError(
            f"{source} does not meet its coverage contract in {MANIFEST_PATH.name}: "
            + "; ".join(problems)
            + f". The file is cut short, altered or of another vintage: restore the original "
            f"(from {where}); if a new vintage is meant, update its contract (and sha256) in "
            "data/manifest.csv on purpose."
        )
    for ids in _CHECKS:
        ids.append(file_id)
