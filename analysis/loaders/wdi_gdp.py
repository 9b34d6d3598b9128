"""GDP (current US$) and population from the World Bank's World Development
Indicators, as packaged by datahub (manifest ids ``wdi_gdp``, WDI
``NY.GDP.MKTP.CD``, and ``wdi_population``, WDI ``SP.POP.TOTL``).

Units: GDP in current US dollars (not millions); population in persons.
Both files have the columns ``Country Name``, ``Country Code`` (ISO3, plus
WDI aggregate codes such as ``WLD`` for the world), ``Year`` and ``Value``.
Missing country-years are absent from the files and stay missing (for
example, Venezuela's GDP ends in 2014).
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.countries import countries
from analysis.errors import UnknownCountryError
from analysis.loaders._common import RawTable, Variable, require_unique, tidy_loader, to_number
from analysis.manifest import entry

FILES = {"wdi_gdp": "gdp_usd", "wdi_population": "population"}
RAW_COLUMNS = ("Country Name", "Country Code", "Year", "Value")
#: WDI code of the world aggregate.
WORLD = "WLD"

VARIABLES = (
    Variable(
        name="gdp_usd",
        label="Gross domestic product at market prices (WDI NY.GDP.MKTP.CD)",
        unit="current US$",
        file_ids=("wdi_gdp",),
        transformation="Value renamed; book countries kept; no rescaling",
        loader="gdp_population",
    ),
    Variable(
        name="population",
        label="Total population, mid-year (WDI SP.POP.TOTL)",
        unit="persons",
        file_ids=("wdi_population",),
        transformation="Value renamed; book countries kept",
        loader="gdp_population",
    ),
    Variable(
        name="world_gdp_usd",
        label="World GDP at market prices (WDI aggregate WLD)",
        unit="current US$",
        file_ids=("wdi_gdp",),
        transformation="Value of Country Code WLD",
        loader="world_gdp",
        key=("year",),
    ),
)


@tidy_loader(columns=RAW_COLUMNS, dtype={"Country Name": str, "Country Code": str})
def _load(file: RawTable, file_id: str) -> pd.DataFrame:
    name = FILES[file_id]
    raw, source = file.table, file.source
    out = pd.DataFrame(
        {
            "iso3": raw["Country Code"].astype(str).str.strip().str.upper(),
            "year": to_number(raw["Year"], source=source, column="Year").astype("int64"),
            name: to_number(raw["Value"], source=source, column="Value"),
        }
    )
    require_unique(out, ["iso3", "year"], source=source)
    return out


def _check_codes(codes: list[str]) -> None:
    known = set(_load("wdi_gdp")["iso3"]) | set(_load("wdi_population")["iso3"])
    for c in codes:
        if c not in known:
            raise UnknownCountryError(
                f"{entry('wdi_gdp').path}: country code {c!r} is in neither the GDP nor the "
                "population file; use an ISO3 code or a WDI aggregate code such as 'WLD'"
            )


def gdp_population(codes: Iterable[str] | None = None) -> pd.DataFrame:
    """GDP and population by country and year.

    Parameters
    ----------
    codes
        ISO3 (or WDI aggregate) codes to keep; default: the book's countries
        (26 recipients, Japan and the US).

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year``; columns ``gdp_usd`` (current US$)
        and ``population`` (persons). Outer join of the two files.

    Raises
    ------
    UnknownCountryError
        If a code is in neither file.
    """
    codes = list(countries()["iso3"]) if codes is None else [str(c).upper() for c in codes]
    _check_codes(codes)
    out = _load("wdi_gdp").merge(_load("wdi_population"), on=["iso3", "year"], how="outer")
    out = out[out["iso3"].isin(codes)]
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def world_gdp() -> pd.DataFrame:
    """World GDP by year: columns ``year``, ``world_gdp_usd`` (current US$)."""
    df = _load("wdi_gdp")
    df = df[df["iso3"] == WORLD][["year", "gdp_usd"]].rename(columns={"gdp_usd": "world_gdp_usd"})
    return df.sort_values("year").reset_index(drop=True)
