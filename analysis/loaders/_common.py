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
with :class:`analysis.errors.DataCoverageError`. :func:`read_csv` and
:func:`read_raw` check it themselves; loaders that parse a file in their own way
call :func:`check_coverage` on the parsed table.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from analysis.errors import DataCoverageError, DataSchemaError
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
TEXT_CSV = {"dtype": str, "keep_default_na": False}


def read_csv(file_id: str, columns: Iterable[str], **kwargs: object) -> pd.DataFrame:
    """Resolve, verify and read a CSV, checking that ``columns`` are present
    and that the file meets its coverage contract.

    The contract is checked on the raw text of the cells: when ``kwargs`` ask
    pandas to convert values, the file is parsed a second time as text for it.
    """
    path = resolve(file_id)
    try:
        frame = pd.read_csv(path, **kwargs)
        text_kwargs = {k: v for k, v in kwargs.items() if k not in ("dtype", "keep_default_na", "na_values")}
        same = kwargs.get("dtype") is str and kwargs.get("keep_default_na") is False and "na_values" not in kwargs
        text = frame if same else pd.read_csv(path, **TEXT_CSV, **text_kwargs)
    except Exception as exc:  # parser errors of any kind
        raise DataSchemaError(f"{path}: could not be parsed as CSV ({exc})") from exc
    require_columns(frame, columns, source=str(path))
    check_coverage(file_id, text)
    return frame


def read_raw(file_id: str, **kwargs: object) -> pd.DataFrame:
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
    item = entry(file_id)
    path = resolve(file_id)
    table_name = item.contract.table if item.contract else ""
    source = f"{item.path} ({file_id})"
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table = pd.read_csv(path, **{**TEXT_CSV, **kwargs})
        elif suffix in (".xlsx", ".xls"):
            table = pd.read_excel(path, sheet_name=table_name or 0, **kwargs)
        elif suffix == ".rda":
            import pyreadr

            objects = pyreadr.read_r(str(path))
            name = table_name or next(iter(objects))
            if name not in objects:
                raise DataSchemaError(f"{source}: R object {name!r} not found; objects present: {list(objects)}")
            table = objects[name]
        elif suffix == ".dta":
            table = pd.read_stata(path, **kwargs)
        else:
            raise DataSchemaError(f"{source}: no reader for files ending in {suffix!r}")
    except DataSchemaError:
        raise
    except Exception as exc:  # reader errors of any kind
        raise DataSchemaError(f"{source}: could not be read ({exc.__class__.__name__}: {exc})") from exc
    check_coverage(file_id, table)
    return table


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
