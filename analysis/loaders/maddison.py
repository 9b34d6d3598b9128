"""Maddison Project Database 2020 (Bolt and van Zanden 2020; Our World in
Data copy, manifest id ``maddison``): real GDP, population and GDP per head.

Units: ``gdp_musd`` in millions of 2011 international dollars (the file's
``GDP``, which OWID computes as GDP per head times population, divided here by
one million); ``gdp_pc`` in 2011 international dollars per person;
``population`` in persons. Years to 2018. Because Maddison's series are
built from national-accounts growth rates, year-on-year changes of
``gdp_musd`` are real growth rates, which is what :func:`real_growth` returns
(the Penn World Table's ``rgdpe`` mixes in changes of relative prices and is
not meant for growth over time).

The book's countries are kept; entities not mapped by ``analysis.countries``
(regions, other countries) are dropped.
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import to_iso3
from analysis.errors import ParameterError
from analysis.loaders._common import TEXT_CSV, RawTable, Variable, require_unique, tidy_loader, to_number

FILE_ID = "maddison"

VARIABLES = (
    Variable(
        name="gdp_musd",
        label="Real GDP (Maddison Project 2020)",
        unit="millions of 2011 international $",
        file_ids=(FILE_ID,),
        transformation="GDP divided by one million; entity names mapped to ISO3; book countries only",
        loader="maddison",
    ),
    Variable(
        name="gdp_pc",
        label="Real GDP per head (Maddison Project 2020)",
        unit="2011 international $ per person",
        file_ids=(FILE_ID,),
        transformation="as published; book countries only",
        loader="maddison",
    ),
)


@tidy_loader(FILE_ID, columns=["Entity", "Year", "GDP per capita", "Population", "GDP"], **TEXT_CSV)
def _load(file: RawTable) -> pd.DataFrame:
    raw, source = file.table, file.source
    codes = to_iso3(raw["Entity"], source=source, strict=False)
    raw = raw.assign(iso3=codes)
    raw = raw[raw["iso3"].notna()].copy()
    out = pd.DataFrame({
        "iso3": raw["iso3"].astype(str),
        "year": to_number(raw["Year"], source=source, column="Year").astype("int64"),
        "gdp_musd": to_number(raw["GDP"], source=source, column="GDP") / 1e6,
        "gdp_pc": to_number(raw["GDP per capita"], source=source, column="GDP per capita"),
        "population": to_number(raw["Population"], source=source, column="Population"),
    })
    require_unique(out, ["iso3", "year"], source=source)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def maddison() -> pd.DataFrame:
    """Real GDP, GDP per head and population by ``iso3`` and ``year`` (book countries)."""
    return _load().copy()


def real_growth(iso3: str) -> pd.DataFrame:
    """Annual real GDP growth of one country, per cent (consecutive years only).

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``year``, ``growth_pct``.
    """
    df = _load()
    if iso3 not in set(df["iso3"]):
        raise ParameterError(f"parameter 'iso3' is {iso3!r}; Maddison covers {sorted(set(df['iso3']))}")
    s = df[df["iso3"] == iso3].set_index("year")["gdp_musd"].dropna()
    prev = s.shift(1)
    consecutive = pd.Series(s.index, index=s.index).diff() == 1
    g = (100 * (s / prev - 1)).where(consecutive)
    return pd.DataFrame({"iso3": iso3, "year": g.index, "growth_pct": g.values}).dropna().reset_index(drop=True)
