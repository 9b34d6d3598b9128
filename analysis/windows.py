"""Year windows: checking the years a caller asks for, and averaging a value
over a window with a stated rule for missing years.

Three modules used to carry their own copy of each, with three different
rules; these two functions replace them, and every caller now says which rule
it wants:

- :func:`check_years`: whether a one-year window is allowed (``single_year``);
- :func:`window_mean`: what a missing year does (``missing``, see
  :data:`MISSING_POLICIES`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from analysis.errors import DataSchemaError, ParameterError

#: What :func:`window_mean` does with missing years.
Missing = Literal["nan", "raise_if_empty", "raise"]
MISSING_POLICIES: dict[str, str] = {
    "nan": "missing years are skipped; a window without any value gives NaN",
    "raise_if_empty": "missing years are skipped; a window without any value raises ParameterError",
    "raise": "every year of the window must have a value, or DataSchemaError is raised",
}


def _whole(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_years(years: Sequence[object], *, name: str, single_year: bool) -> tuple[int, int]:
    """Check a window of years given as ``(first, last)`` and return it as ints.

    Parameters
    ----------
    years
        ``(first, last)``, inclusive, whole numbers.
    name
        How the message names the parameter: ``"latin_years"``, or, for a
        function that takes the two years as two parameters, ``"first/last"``.
    single_year
        Whether ``first == last`` (a window of one year) is allowed; if False,
        ``first`` must be before ``last``.

    Returns
    -------
    tuple of int
        ``(first, last)``.

    Raises
    ------
    ParameterError
        Naming the parameter(s), the value given and the rule.
    """
    pair = tuple(years) if isinstance(years, (tuple, list)) else (years,)
    if len(pair) == 2 and all(_whole(y) for y in pair):
        first, last = int(pair[0]), int(pair[1])
        if first < last or (single_year and first == last):
            return first, last
    names = name.split("/")
    what = ("parameters " + "/".join(repr(n) for n in names) + " are") if len(names) > 1 else f"parameter {name!r} is"
    shown = pair[0] if len(pair) == 1 else pair
    raise ParameterError(
        f"{what} {shown!r}; give (first year, last year) as whole numbers "
        f"with first {'<=' if single_year else '<'} last"
    )


def window_mean(frame: pd.DataFrame, value: str, years: tuple[int, int], *, missing: Missing,
                where: Mapping[str, object] | None = None, what: str = "") -> float:
    """Mean of column ``value`` over the years ``years`` (inclusive), among the
    rows matching ``where``.

    Parameters
    ----------
    frame
        A frame with a ``year`` column and the column ``value``.
    value
        The column to average.
    years
        ``(first, last)``, inclusive.
    missing
        What a year without a value does (a missing value or no row):

        - ``"nan"``: it is skipped; a window without any value gives NaN;
        - ``"raise_if_empty"``: it is skipped; a window without any value
          raises :class:`ParameterError` (a mean of nothing must not be reported);
        - ``"raise"``: the mean is over complete windows only: a missing year
          raises :class:`DataSchemaError`.
    where
        Column -> value: keep only rows where the column equals the value.
    what
        What is averaged, for messages (e.g. ``"US growth"``).

    Returns
    -------
    float
        The mean (NaN only under ``missing="nan"``).

    Raises
    ------
    ParameterError
        If ``missing`` is not a policy of :data:`MISSING_POLICIES`, or under
        ``"raise_if_empty"`` (see above).
    DataSchemaError
        Under ``"raise"``, naming the years missing.
    """
    if missing not in MISSING_POLICIES:
        raise ParameterError(f"parameter 'missing' is {missing!r}; allowed values are: "
                             + ", ".join(repr(m) for m in MISSING_POLICIES))
    first, last = years
    where = dict(where or {})
    f = frame[frame["year"].between(first, last)]
    for col, val in where.items():
        f = f[f[col] == val]
    s = f[value].dropna()
    label = f"{what}: " if what else ""
    if missing == "raise":
        expected = last - first + 1
        have = sorted(set(f.loc[s.index, "year"]))
        if len(s) != expected or len(have) != expected:
            absent = sorted(set(range(first, last + 1)) - set(have))
            raise DataSchemaError(
                f"{label}{value!r}" + (f" where {where}" if where else "")
                + f" has {len(have)} of {expected} years in {first}-{last}"
                + (f" (missing: {', '.join(map(str, absent))})" if absent else " (a year appears twice)")
                + "; the mean is taken over complete windows only: fill the data or choose another window"
            )
    elif s.empty:
        if missing == "raise_if_empty":
            raise ParameterError(
                f"{label}no value of {value!r} for {first}-{last}" + (f" where {where}" if where else "")
                + "; nothing to average: choose a window with data"
            )
        return float("nan")
    return float(s.mean())
