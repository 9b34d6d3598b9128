"""Helpers shared by the loader modules: reading a verified file and checking
its columns and keys."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from analysis.errors import DataSchemaError
from analysis.manifest import resolve


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


def read_csv(file_id: str, columns: Iterable[str], **kwargs: object) -> pd.DataFrame:
    """Resolve, verify and read a CSV, checking that ``columns`` are present."""
    path = resolve(file_id)
    try:
        frame = pd.read_csv(path, **kwargs)  # type: ignore[arg-type]
    except Exception as exc:  # parser errors of any kind
        raise DataSchemaError(f"{path}: could not be parsed as CSV ({exc})") from exc
    require_columns(frame, columns, source=str(path))
    return frame
