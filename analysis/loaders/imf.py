"""IMF lending arrangements and whether a country had one in force, by year
(:cite:`imf_lending`). Two compilations of the IMF's records are read:

- ``imf_arrangements_1952``: the workbook *Fund Arrangements since 1952*
  (1,290 arrangements, 1952-2017; country names, dates including
  cancellations, ``Actual/Current Expiration Date``, total amount approved in
  SDR millions from 1972 and in US$ millions before);
- ``imf_fund_programs``: *FundPrograms.xlsx*, compiled from the IMF's
  "History of Lending Arrangements" pages (ISO3 codes, start and end dates,
  amounts agreed and drawn in SDR **thousands**).

Public API
----------
:func:`arrangements`
    One row per arrangement for the book's countries: ``iso3``,
    ``arrangement`` (type), ``start``, ``end`` (actual end, after any
    cancellation or extension), ``amount_sdr_m`` (amount approved, SDR
    millions).
:func:`programme_in_force`
    One row per ``iso3`` and ``year``: ``imf_programme`` (1 if an arrangement
    was in force on at least one day of the year, else 0), ``imf_share_of_year``
    (fraction of the year's days covered by at least one arrangement) and
    ``imf_amount_sdr_m`` (sum of the amounts of the arrangements in force that
    year).

Decisions the loader makes:

- ``source`` chooses the compilation (default ``"arrangements_1952"``,
  whose end dates record cancellations, e.g. Indonesia's 1997 stand-by
  cancelled in August 1998); the other serves as a cross-check.
- In *FundPrograms* the rows "of which Supplemental Reserve Facility" are
  parts of the arrangement above them (their amount is already included in
  it) and are dropped.
- In *Fund Arrangements since 1952* amounts of arrangements approved before
  1972 are in US dollars, not SDRs; their ``amount_sdr_m`` is left missing.
- A country-year without an arrangement gets ``imf_programme = 0``: unlike
  most sources, both files list every arrangement the Fund approved, so an
  absent arrangement is a true zero. Outside 1952-2017 values are missing.
  Malaysia had no arrangement in the period and is all zeros.
"""
from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pandas as pd

from analysis.countries import countries, to_iso3
from analysis.errors import DataSchemaError, check_choice
from analysis.loaders._common import RawTable, Variable, tidy_loader, to_number

SOURCES = {"arrangements_1952": "imf_arrangements_1952", "fund_programs": "imf_fund_programs"}
#: Years covered by both compilations.
FIRST_YEAR, LAST_YEAR = 1952, 2017
#: Header row (0-based) of the 1952 workbook's sheet.
HEADER_1952 = 2
COLS_1952 = ("Country", "Arr. Type", "Date of Arrangement", "Actual/Current Expiration Date",
             "Total Amount Approved (Including SRF)")
COLS_FP = ("Country_code", "Type", "Start", "Ended", "AmountAgreed")

VARIABLES = (
    Variable(
        name="imf_programme",
        label="IMF arrangement in force on at least one day of the year (1/0)",
        unit="indicator",
        file_ids=("imf_arrangements_1952",),
        transformation="from each arrangement's date of approval and actual/current expiration date; "
        "0 where no arrangement (the list is complete); 1952-2017 only",
        loader="programme_in_force",
    ),
    Variable(
        name="imf_share_of_year",
        label="Share of the year's days with an IMF arrangement in force",
        unit="fraction (0-1)",
        file_ids=("imf_arrangements_1952",),
        transformation="days covered by the union of arrangements / days in the year",
        loader="programme_in_force",
    ),
    Variable(
        name="imf_amount_sdr_m",
        label="Amount approved under the IMF arrangements in force in the year",
        unit="SDR millions",
        file_ids=("imf_arrangements_1952",),
        transformation="sum over arrangements in force in the year; pre-1972 US$ amounts left missing",
        loader="programme_in_force",
    ),
)


def _dates(series: pd.Series, *, source: str, column: str) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # mixed text is reported below
        out = pd.to_datetime(series, errors="coerce")
    bad = out.isna() & series.notna()
    if bad.any():
        i = bad[bad].index[0]
        raise DataSchemaError(f"{source}: column {column!r} row {i} holds {series.loc[i]!r}, which is not a date")
    return out


@tidy_loader(SOURCES["arrangements_1952"], columns=COLS_1952, header=HEADER_1952)
def _arrangements_1952(file: RawTable) -> pd.DataFrame:
    """The arrangements of *Fund Arrangements since 1952* (see :func:`_arrangements`)."""
    raw, source = file.table, file.source
    raw = raw[raw["Arr. Type"].notna() & raw["Date of Arrangement"].notna()]
    start = _dates(raw["Date of Arrangement"], source=source, column="Date of Arrangement")
    end = _dates(raw["Actual/Current Expiration Date"], source=source, column="Actual/Current Expiration Date")
    amount = to_number(raw["Total Amount Approved (Including SRF)"], source=source,
                       column="Total Amount Approved (Including SRF)", na_values=("..", "n.a."))
    amount = amount.where(start.dt.year >= 1972)
    iso3 = to_iso3(raw["Country"].astype(str), source=source, strict=False)
    kind = raw["Arr. Type"].astype(str).str.strip()
    return _arrangements(raw.index, iso3, kind, start, end, amount, source=source)


@tidy_loader(SOURCES["fund_programs"], columns=COLS_FP)
def _fund_programs(file: RawTable) -> pd.DataFrame:
    """The arrangements of *FundPrograms* (see :func:`_arrangements`)."""
    raw, source = file.table, file.source
    kind = raw["Type"].astype(str).str.strip()
    raw = raw[~kind.str.startswith("of which")]
    kind = kind[raw.index]
    start = _dates(raw["Start"], source=source, column="Start")
    end = _dates(raw["Ended"], source=source, column="Ended")
    amount = to_number(raw["AmountAgreed"], source=source, column="AmountAgreed") / 1000.0
    iso3 = to_iso3(raw["Country_code"].astype(str), source=source, strict=False)
    return _arrangements(raw.index, iso3, kind, start, end, amount, source=source)


def _arrangements(index: pd.Index, iso3: list[str | None], kind: pd.Series, start: pd.Series, end: pd.Series,
                  amount: pd.Series, *, source: str) -> pd.DataFrame:
    """One row per arrangement of a book country from the parsed columns of
    either compilation; every arrangement must end, and not before it starts."""
    out = pd.DataFrame(
        {"iso3": iso3, "arrangement": kind.values, "start": start.values, "end": end.values,
         "amount_sdr_m": amount.values},
        index=index,
    )
    if out["end"].isna().any():
        i = out.index[out["end"].isna()][0]
        raise DataSchemaError(f"{source}: row {i} has a start date but no end date")
    backwards = out["end"] < out["start"]
    if backwards.any():
        i = out.index[backwards][0]
        raise DataSchemaError(f"{source}: row {i} ends ({out.loc[i, 'end']}) before it starts ({out.loc[i, 'start']})")
    out = out[out["iso3"].notna()]
    return out.sort_values(["iso3", "start"]).reset_index(drop=True)


def arrangements(source: str = "arrangements_1952") -> pd.DataFrame:
    """IMF arrangements of the book's countries, one row per arrangement.

    Parameters
    ----------
    source
        ``"arrangements_1952"`` (default) or ``"fund_programs"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``arrangement`` (type, e.g. ``"SBA"`` or
        ``"Standby Arrangement"``), ``start``, ``end`` (timestamps),
        ``amount_sdr_m`` (SDR millions; missing where not in SDRs).
    """
    check_choice("source", source, tuple(SOURCES))
    load = _arrangements_1952 if source == "arrangements_1952" else _fund_programs
    return load().copy()


def _covered_days(spans: list[tuple[pd.Timestamp, pd.Timestamp]], year: int) -> int:
    """Days of ``year`` covered by the union of [start, end] spans."""
    y0, y1 = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    clipped = sorted((max(s, y0), min(e, y1)) for s, e in spans if s <= y1 and e >= y0)
    days, cur_s, cur_e = 0, None, None
    for s, e in clipped:
        if cur_e is None or s > cur_e + pd.Timedelta(days=1):
            if cur_e is not None:
                days += (cur_e - cur_s).days + 1
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        days += (cur_e - cur_s).days + 1
    return days


def programme_in_force(source: str = "arrangements_1952") -> pd.DataFrame:
    """Whether each book country had an IMF arrangement in force, by year.

    Parameters
    ----------
    source
        ``"arrangements_1952"`` (default) or ``"fund_programs"``.

    Returns
    -------
    pandas.DataFrame
        One row per recipient or creditor ``iso3`` and ``year`` 1952-2017.
        Columns ``imf_programme`` (0/1), ``imf_share_of_year`` (0-1),
        ``imf_amount_sdr_m`` (SDR millions; 0 when no arrangement, missing
        when an arrangement in force has no SDR amount).
    """
    return _programme_table(source).copy()


@cache
def _programme_table(source: str) -> pd.DataFrame:
    """The computation behind :func:`programme_in_force` (cached there).

    Works on integer nanoseconds per country (numpy), with the same rules as
    :func:`_covered_days`: an arrangement counts in a year if it overlaps it
    on at least one day; missing start or end dates never overlap.
    """
    arr = arrangements(source)
    day = np.int64(86_400_000_000_000)
    groups = {k: g for k, g in arr.groupby("iso3", sort=False)}
    years = [(year, pd.Timestamp(year, 1, 1).value, pd.Timestamp(year, 12, 31).value,
              366 if pd.Timestamp(year, 12, 31).dayofyear == 366 else 365)
             for year in range(FIRST_YEAR, LAST_YEAR + 1)]
    rows = []
    for iso3 in countries()["iso3"]:
        mine = groups.get(iso3, arr.iloc[0:0])
        starts, ends = mine["start"].to_numpy(dtype="datetime64[ns]"), mine["end"].to_numpy(dtype="datetime64[ns]")
        valid = ~(np.isnat(starts) | np.isnat(ends))
        s_ns, e_ns = starts.astype(np.int64), ends.astype(np.int64)
        amounts = mine["amount_sdr_m"].to_numpy(dtype=float)
        for year, y0, y1, n_days in years:
            active = valid & (s_ns <= y1) & (e_ns >= y0)
            days = _union_days(np.maximum(s_ns[active], y0), np.minimum(e_ns[active], y1), day)
            picked = amounts[active]
            if not len(picked):
                amount = 0.0
            elif np.isnan(picked).any():  # as pandas' sum(min_count=len): missing if any is
                amount = np.nan
            else:
                amount = float(picked.sum())
            rows.append({"iso3": iso3, "year": year, "imf_programme": float(days > 0),
                         "imf_share_of_year": days / n_days,
                         "imf_amount_sdr_m": amount})
    return pd.DataFrame(rows)


def _union_days(starts: np.ndarray, ends: np.ndarray, day: np.int64) -> int:
    """Days covered by the union of clipped [start, end] spans in nanoseconds
    (:func:`_covered_days` on integers)."""
    days, cur_s, cur_e = 0, None, None
    for s, e in sorted(zip(starts.tolist(), ends.tolist())):
        if cur_e is None or s > cur_e + day:
            if cur_e is not None:
                days += (cur_e - cur_s) // day + 1
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        days += (cur_e - cur_s) // day + 1
    return int(days)
