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

from functools import lru_cache

import pandas as pd

from analysis.countries import countries
from analysis.errors import DataSchemaError
from analysis.loaders._common import Variable, check_coverage, require_columns, require_unique, to_number
from analysis.manifest import entry, resolve
from analysis.loaders._cache import disk_cached

FILE_ID = "pwt"
#: Name of the R object inside the .rda file.
OBJECT = "pwt10.01"
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


@lru_cache(maxsize=1)
@disk_cached
def _load() -> pd.DataFrame:
    import pyreadr

    path = resolve(FILE_ID)
    source = f"{entry(FILE_ID).path} ({FILE_ID})"
    try:
        objects = pyreadr.read_r(str(path))
    except Exception as exc:  # pyreadr raises its own error types
        raise DataSchemaError(f"{source}: could not be read as an R data file ({exc})") from exc
    if OBJECT not in objects:
        raise DataSchemaError(f"{source}: R object {OBJECT!r} not found; objects present: {list(objects)}")
    raw = objects[OBJECT].reset_index(drop=True)
    require_columns(raw, RAW_COLUMNS, source=source)
    check_coverage(FILE_ID, raw)
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
