"""Real income per head and population from the Penn World Table 10.01
(:cite:`feenstra2015`; R data file ``pwt10.01.rda`` of the CRAN package
``pwt10``; manifest id ``pwt``).

Public API
----------
:func:`pwt`
    One row per ``iso3`` and ``year`` for the book's countries:
    ``rgdpe_musd`` (expenditure-side real GDP at chained PPPs, millions of
    2017 US$), ``pop_m`` (population, millions) and ``gdp_pc_usd``
    (``rgdpe / pop``: real GDP per head, 2017 US$ at PPP).

What the loader does: reads the R data frame with :mod:`pyreadr`, keeps the
book's countries (``isocode`` is already ISO3), and divides ``rgdpe`` (in
millions) by ``pop`` (in millions), so income per head is in dollars per
person. Missing values stay missing; nothing is interpolated.

Coverage: 1950-2019; the SOURCE.md of the folder records that every one of
the book's 26 recipients, Japan and the US has ``rgdpe`` and ``pop`` for
every year 1975-2000.
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import countries
from analysis.errors import DataSchemaError
from analysis.loaders._common import RawTable, Variable, require_unique, tidy_loader, to_number

FILE_ID = "pwt"  # the R object read is the one the manifest's table column names (pwt10.01)
RAW_COLUMNS = ("isocode", "year", "rgdpe", "pop")

VARIABLES = (
    Variable(
        name="gdp_pc_usd",
        label="Real GDP per head (expenditure side, chained PPPs)",
        unit="2017 US$ at PPP per person",
        file_ids=(FILE_ID,),
        transformation="rgdpe / pop (both in millions); book countries only",
        loader="pwt",
    ),
    Variable(
        name="pop_m",
        label="Population",
        unit="millions",
        file_ids=(FILE_ID,),
        transformation="pop as published; book countries only",
        loader="pwt",
    ),
    Variable(
        name="rgdpe_musd",
        label="Real GDP (expenditure side, chained PPPs)",
        unit="millions of 2017 US$ at PPP",
        file_ids=(FILE_ID,),
        transformation="rgdpe as published; book countries only",
        loader="pwt",
    ),
)


@tidy_loader(FILE_ID, columns=RAW_COLUMNS)
def _load(file: RawTable) -> pd.DataFrame:
    raw, source = file.table.reset_index(drop=True), file.source
    iso3 = raw["isocode"].astype(str).str.strip().str.upper()
    out = pd.DataFrame(
        {
            "iso3": iso3,
            "year": to_number(raw["year"], source=source, column="year").astype("int64"),
            "rgdpe_musd": to_number(raw["rgdpe"], source=source, column="rgdpe"),
            "pop_m": to_number(raw["pop"], source=source, column="pop"),
        }
    )
    out = out[out["iso3"].isin(set(countries()["iso3"]))]
    missing = sorted(set(countries()["iso3"]) - set(out["iso3"]))
    if missing:
        raise DataSchemaError(f"{source}: the book's countries {missing} have no rows; check column 'isocode'")
    out["gdp_pc_usd"] = out["rgdpe_musd"] / out["pop_m"]
    require_unique(out, ["iso3", "year"], source=source)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def pwt() -> pd.DataFrame:
    """Real GDP, population and real GDP per head for the book's countries.

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year`` (1950-2019). Columns ``iso3``,
        ``year``, ``rgdpe_musd`` (millions of 2017 US$ at PPP), ``pop_m``
        (millions), ``gdp_pc_usd`` (2017 US$ at PPP per person).
    """
    return _load().copy()
