"""External debt of the book's countries from the World Bank's debt
statistics, as published per indicator by Gapminder (:cite:`gapminder`):
total external debt stocks, debt service as a share of exports, debt as a
share of GNI, and reserves as a share of debt.

Two vintages of the same four indicators are read:

- the current one (folder ``current_2026-02``; World Bank International Debt
  Statistics, IDS; manifest ids ``gapminder_external_debt``,
  ``gapminder_debt_service_pct_exports``, ``gapminder_debt_pct_gni``,
  ``gapminder_reserves_pct_debt``), which no longer covers countries that
  became high income (Chile, Costa Rica, Panama, Uruguay, Venezuela, Trinidad
  and Tobago, Korea, Malaysia);
- the 2016 vintage of Global Development Finance (folder
  ``gdf_vintage_2016-10``; ids ``gdf2016_external_debt`` etc.), which still
  covers all of them except Korea and Trinidad and Tobago, with values rounded
  to four significant digits.

**Splice rule.** For each indicator and each country, the whole series comes
from ONE vintage: the current vintage if it has at least one value for that
country, otherwise the 2016 vintage. Vintages are never mixed within a
country's series, so no series has a break where one vintage hands over to
the other. :func:`splice_table` lists, per country and indicator, the vintage
used and its years. Korea and Trinidad and Tobago have no debt data in
either vintage: they are missing, not zero.

Public API
----------
:func:`debt_indicators`
    One row per ``iso3`` and ``year``: ``external_debt_musd`` (current US$
    millions), ``debt_service_pct_exports``, ``debt_pct_gni``,
    ``reserves_pct_debt`` (per cent). ``vintage`` selects ``"spliced"``
    (default), ``"current"`` or ``"gdf2016"``.
:func:`splice_table`
    The vintage chosen for every country and indicator.
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import countries
from analysis.errors import check_choice
from analysis.loaders._common import RawTable, Variable, require_unique, tidy_loader, to_number

#: Tidy name -> (file-id stem, raw value column, scale to the tidy unit).
INDICATORS: dict[str, tuple[str, str, float]] = {
    "external_debt_musd": ("external_debt", "external_debt_total_us_not_inflation_adjusted", 1e-6),
    "debt_service_pct_exports": (
        "debt_service_pct_exports",
        "debt_servicing_costs_percent_of_exports_and_net_income_from_abroad",
        1.0,
    ),
    "debt_pct_gni": ("debt_pct_gni", "debt_to_foreigners_by_public_and_private_percent_of_gni", 1.0),
    "reserves_pct_debt": ("reserves_pct_debt", "total_reserves_percent_of_debt_to_foreigners", 1.0),
}
#: Vintage name -> file-id prefix.
VINTAGES = {"current": "gapminder_", "gdf2016": "gdf2016_"}
#: Labels of the vintages for tables.
VINTAGE_LABELS = {"current": "IDS (current, 2026-02)", "gdf2016": "GDF (2016-10)"}
CHOICES = ("spliced", "current", "gdf2016")


def _ids(stem: str) -> tuple[str, str]:
    return tuple(prefix + stem for prefix in VINTAGES.values())  # type: ignore[return-value]


VARIABLES = (
    Variable(
        name="external_debt_musd",
        label="Total external debt stocks (DT.DOD.DECT.CD)",
        unit="current US$ millions",
        file_ids=_ids("external_debt"),
        transformation="US$ / 1e6; spliced by country: current vintage if it has the country, else 2016 GDF vintage",
        loader="debt_indicators",
    ),
    Variable(
        name="debt_service_pct_exports",
        label="Total debt service, % of exports of goods, services and primary income (DT.TDS.DECT.EX.ZS)",
        unit="%",
        file_ids=_ids("debt_service_pct_exports"),
        transformation="as published; spliced by country (see external_debt_musd)",
        loader="debt_indicators",
    ),
    Variable(
        name="debt_pct_gni",
        label="External debt stocks, % of GNI (DT.DOD.DECT.GN.ZS)",
        unit="%",
        file_ids=_ids("debt_pct_gni"),
        transformation="as published; spliced by country (see external_debt_musd)",
        loader="debt_indicators",
    ),
    Variable(
        name="reserves_pct_debt",
        label="Total reserves, % of total external debt (FI.RES.TOTL.DT.ZS)",
        unit="%",
        file_ids=_ids("reserves_pct_debt"),
        transformation="as published; spliced by country (see external_debt_musd)",
        loader="debt_indicators",
    ),
)


@tidy_loader(columns=lambda file_id, column, scale: ("geo", "time", column), dtype={"geo": str})
def _read(file: RawTable, file_id: str, column: str, scale: float) -> pd.DataFrame:
    """One DDF file: ``iso3``, ``year``, ``value`` for the book's countries."""
    raw, source = file.table, file.source
    out = pd.DataFrame(
        {
            "iso3": raw["geo"].str.strip().str.upper(),
            "year": to_number(raw["time"], source=source, column="time").astype("int64"),
            "value": to_number(raw[column], source=source, column=column) * scale,
        }
    )
    out = out[out["iso3"].isin(set(countries()["iso3"]))].dropna(subset=["value"])
    require_unique(out, ["iso3", "year"], source=source)
    return out.reset_index(drop=True)


def _indicator(name: str, vintage: str) -> pd.DataFrame:
    """One indicator in one vintage, or spliced; adds a ``vintage`` column."""
    stem, column, scale = INDICATORS[name]
    parts = {v: _read(prefix + stem, column, scale).assign(vintage=v) for v, prefix in VINTAGES.items()}
    if vintage != "spliced":
        return parts[vintage]
    current = parts["current"]
    older = parts["gdf2016"]
    older = older[~older["iso3"].isin(set(current["iso3"]))]
    return pd.concat([current, older], ignore_index=True)


def debt_indicators(vintage: str = "spliced") -> pd.DataFrame:
    """External debt, debt service, debt/GNI and reserves/debt of the book's countries.

    Parameters
    ----------
    vintage
        ``"spliced"`` (default: current IDS vintage where it has the country,
        else the 2016 GDF vintage, chosen per country and indicator),
        ``"current"`` or ``"gdf2016"``.

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year`` with a value in at least one
        indicator. Columns ``external_debt_musd`` (current US$ millions),
        ``debt_service_pct_exports``, ``debt_pct_gni``, ``reserves_pct_debt``
        (per cent). Missing values are NaN.

    Raises
    ------
    ParameterError
        If ``vintage`` is not one of the choices.
    """
    check_choice("vintage", vintage, CHOICES)
    frame: pd.DataFrame | None = None
    for name in INDICATORS:
        part = _indicator(name, vintage)[["iso3", "year", "value"]].rename(columns={"value": name})
        frame = part if frame is None else frame.merge(part, on=["iso3", "year"], how="outer")
    assert frame is not None
    return frame.sort_values(["iso3", "year"]).reset_index(drop=True)


def splice_table() -> pd.DataFrame:
    """Which vintage each country's series comes from, per indicator.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``variable``, ``vintage`` (``"current"``,
        ``"gdf2016"`` or ``"none"``), ``first_year``, ``last_year``.
    """
    rows = []
    for name in INDICATORS:
        part = _indicator(name, "spliced")
        for iso3 in countries()["iso3"]:
            s = part[part["iso3"] == iso3]
            if s.empty:
                rows.append({"iso3": iso3, "variable": name, "vintage": "none",
                             "first_year": pd.NA, "last_year": pd.NA})
            else:
                rows.append({"iso3": iso3, "variable": name, "vintage": s["vintage"].iloc[0],
                             "first_year": int(s["year"].min()), "last_year": int(s["year"].max())})
    return pd.DataFrame(rows)
