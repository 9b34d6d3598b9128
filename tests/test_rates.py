"""Daily exchange-rate extremes (analysis.rates): the side convention, ties,
missing quotes and bad input on synthetic frames, and the yen's strongest
noon quote of April 1995 against an independent reading of the raw FRED file."""
from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from analysis import rates
from analysis.errors import ParameterError
from analysis.manifest import resolve


def _frame(values):
    return pd.DataFrame({"date": pd.date_range("2000-01-03", periods=len(values), freq="D"), "per_usd": values})


def test_strongest_is_the_lowest_rate_and_weakest_the_highest():
    f = _frame([100.0, 90.0, float("nan"), 110.0, 95.0])
    assert rates.extreme(f, side="strongest")["per_usd"] == 90.0
    assert rates.extreme(f, side="weakest")["date"] == pd.Timestamp("2000-01-06")
    assert rates.extreme(f, side="weakest")["n_days"] == 4


def test_a_tie_gives_the_first_day():
    f = _frame([5.0, 4.0, 4.0])
    assert rates.extreme(f, side="strongest")["date"] == pd.Timestamp("2000-01-04")


def test_bad_input_is_named():
    with pytest.raises(ParameterError, match="'side'"):
        rates.extreme(_frame([1.0]), side="lowest")
    with pytest.raises(ParameterError, match="no quote"):
        rates.extreme(_frame([float("nan")]), side="strongest")
    with pytest.raises(ParameterError, match="lacks column"):
        rates.extreme(pd.DataFrame({"date": []}), side="strongest")
    with pytest.raises(ParameterError, match="no JPN quotes"):
        rates.daily_extreme("JPN", "1960-01-01", "1960-02-01", side="strongest")


def test_first_beyond_looks_only_after_the_date():
    f = _frame([80.0, 90.0, 85.0, 79.0])
    assert rates.first_beyond(f, 81.0, after="2000-01-03", side="strongest")["date"] == pd.Timestamp("2000-01-06")
    assert rates.first_beyond(f, 89.0, after="2000-01-03", side="weakest")["per_usd"] == 90.0
    assert rates.first_beyond(f, 70.0, after="2000-01-03", side="strongest") is None


def _raw_yen(start: str, end: str) -> list[tuple[str, float]]:
    """(date, yen per dollar) from the raw FRED file, read without the loader."""
    out = []
    with open(resolve("fred_dexjpus"), newline="", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) == 2 and start <= row[0] <= end:
                try:
                    v = float(row[1])
                except ValueError:
                    continue
                if not math.isnan(v):
                    out.append((row[0], v))
    return out


def test_april_1995_yen_low_matches_the_raw_file():
    raw = _raw_yen("1995-04-01", "1995-04-30")
    assert raw, "no April 1995 quotes in the raw file"
    day, low = min(raw, key=lambda t: (t[1], t[0]))
    got = rates.daily_extreme("JPN", "1995-04-01", "1995-04-30", side="strongest")
    assert got["per_usd"] == pytest.approx(low)
    assert got["date"] == pd.Timestamp(day)
    assert got["n_days"] == len(raw)
