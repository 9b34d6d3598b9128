"""External Wealth of Nations (Lane and Milesi-Ferretti; Milesi-Ferretti 2022
update, manifest id ``ewn``): external assets and liabilities, the net
international investment position, the current account and GDP.

Unit: millions of current US dollars; stocks at the end of the year. The
workbook's ``Dataset`` sheet has one row per economy (``Country``, with its
IMF ``IFS_Code``) and year, 1970-2021. The loader maps IFS codes to ISO3 with
:data:`IFS_TO_ISO3` (the book's 26 recipients, Japan and the US) and checks
that each code carries the country name expected (e.g. ``Korea`` for 542).

A unit problem in the workbook: its ``Variables`` sheet says every column is
in millions of US dollars, but the column ``Net IIP excl gold`` holds US
dollars: in every row it equals (``Total assets excl. gold`` minus ``Total
liabilities``) times one million (Japan, 1985: 128,889,192,882 against
assets of 436,769 and liabilities of 307,879 millions). The loader divides
that column by one million and checks the identity; a file where the identity
fails raises :class:`DataSchemaError`.

Caveat (from the source): for early years the stocks are the authors'
estimates from cumulated flows and valuation changes, not official
statistics. The workbook states no redistribution licence: the book cites
it and reads it, and does not republish it.
"""
from __future__ import annotations

import pandas as pd

from analysis.errors import DataSchemaError, UnknownCountryError
from analysis.loaders._cache import cached_frame
from analysis.loaders._common import RawTable, Variable, require_unique, source_label, tidy_loader, to_number

FILE_ID = "ewn"
SHEET = "Dataset"  # the sheet read: the manifest's table column names it

#: IMF IFS country codes of the book's countries, with the name the workbook uses.
IFS_TO_ISO3: dict[int, tuple[str, str]] = {
    111: ("USA", "United States"), 158: ("JPN", "Japan"),
    213: ("ARG", "Argentina"), 218: ("BOL", "Bolivia"), 223: ("BRA", "Brazil"),
    228: ("CHL", "Chile"), 233: ("COL", "Colombia"), 238: ("CRI", "Costa Rica"),
    243: ("DOM", "Dominican Republic"), 248: ("ECU", "Ecuador"), 253: ("SLV", "El Salvador"),
    258: ("GTM", "Guatemala"), 268: ("HND", "Honduras"), 273: ("MEX", "Mexico"),
    278: ("NIC", "Nicaragua"), 283: ("PAN", "Panama"), 288: ("PRY", "Paraguay"),
    293: ("PER", "Peru"), 298: ("URY", "Uruguay"), 299: ("VEN", "Venezuela, Rep. Bol."),
    343: ("JAM", "Jamaica"), 369: ("TTO", "Trinidad and Tobago"),
    536: ("IDN", "Indonesia"), 542: ("KOR", "Korea"), 548: ("MYS", "Malaysia"),
    566: ("PHL", "Philippines"), 578: ("THA", "Thailand"), 924: ("CHN", "China"),
}

#: Workbook column (stripped of trailing blanks) -> tidy column.
COLUMNS = {
    "Net IIP excl gold": "net_iip_musd",
    "Total assets excl. gold": "total_assets_musd",
    "Total liabilities": "total_liabilities_musd",
    "Debt assets": "debt_assets_musd",
    "Debt liabilities": "debt_liabilities_musd",
    "Current account balance": "current_account_musd",
    "GDP (US$)": "gdp_musd",
}

#: The workbook's net IIP column is in US dollars, the others in millions.
NET_IIP_SCALE = 1e6

_LABELS = {
    "net_iip_musd": "Net international investment position, excluding gold (net foreign assets)",
    "total_assets_musd": "Total external assets, excluding gold",
    "total_liabilities_musd": "Total external liabilities",
    "debt_assets_musd": "External debt assets (portfolio debt and other investment)",
    "debt_liabilities_musd": "External debt liabilities (portfolio debt and other investment)",
    "current_account_musd": "Current account balance",
    "gdp_musd": "Gross domestic product in US dollars",
}

VARIABLES = tuple(
    Variable(
        name=name,
        label=_LABELS[name],
        unit="current US$ millions" + ("" if name in ("current_account_musd", "gdp_musd") else ", end of year"),
        file_ids=(FILE_ID,),
        transformation=f"workbook column '{raw}'; IFS code mapped to ISO3; book countries only; "
        + ("divided by one million (the column is in US$; checked = assets minus liabilities)"
           if name == "net_iip_musd" else "no rescaling"),
        loader="external_wealth",
    )
    for raw, name in COLUMNS.items()
)


def _strip_names(sheet: pd.DataFrame, source: str) -> pd.DataFrame:
    """The sheet with its column names stripped of trailing blanks."""
    return sheet.set_axis([str(c).strip() for c in sheet.columns], axis=1)


@tidy_loader(FILE_ID, columns=["Country", "IFS_Code", "Year", *COLUMNS], prepare=_strip_names)
def _raw(file: RawTable) -> pd.DataFrame:
    """The Dataset sheet (the manifest's table), column names stripped of trailing blanks, checked."""
    return file.table


@cached_frame
def _load() -> pd.DataFrame:
    source = source_label(FILE_ID)
    raw = _raw()
    ifs = to_number(raw["IFS_Code"], source=source, column="IFS_Code")
    raw = raw[ifs.isin(list(IFS_TO_ISO3))].copy()
    raw["IFS_Code"] = ifs[raw.index].astype("int64")
    for code, (iso3, name) in IFS_TO_ISO3.items():
        names = set(raw.loc[raw["IFS_Code"] == code, "Country"].astype(str).str.strip())
        if not names:
            raise UnknownCountryError(f"{source}: IFS code {code} ({name}, {iso3}) has no rows")
        if names != {name}:
            raise UnknownCountryError(
                f"{source}: IFS code {code} is labelled {sorted(names)}, expected {name!r} ({iso3}); "
                "the workbook's codes changed: check IFS_TO_ISO3 in analysis/loaders/ewn.py"
            )
    out = pd.DataFrame(
        {
            "iso3": raw["IFS_Code"].map(lambda c: IFS_TO_ISO3[c][0]),
            "year": to_number(raw["Year"], source=source, column="Year").astype("int64"),
        }
    )
    for col, name in COLUMNS.items():
        out[name] = to_number(raw[col], source=source, column=col)
    out["net_iip_musd"] = out["net_iip_musd"] / NET_IIP_SCALE
    gap = (out["net_iip_musd"] - (out["total_assets_musd"] - out["total_liabilities_musd"])).abs()
    tol = 1e-6 * out[["total_assets_musd", "total_liabilities_musd"]].abs().max(axis=1) + 1e-6
    if (gap > tol).any():
        i = gap[gap > tol].index[0]
        raise DataSchemaError(
            f"{source}: 'Net IIP excl gold' / {NET_IIP_SCALE:g} differs from 'Total assets excl. gold' "
            f"minus 'Total liabilities' for {out.loc[i, 'iso3']} {out.loc[i, 'year']}; the unit of the "
            "net IIP column is not what the loader expects"
        )
    require_unique(out, ["iso3", "year"], source=source)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def external_wealth() -> pd.DataFrame:
    """External wealth, current account and GDP of the book's countries.

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year`` (1970-2021). Columns
        ``net_iip_musd``, ``total_assets_musd``, ``total_liabilities_musd``,
        ``debt_assets_musd``, ``debt_liabilities_musd`` (end-year stocks),
        ``current_account_musd`` and ``gdp_musd`` (flows), all in current
        US$ millions.
    """
    return _load().copy()


def net_iip_all_economies() -> pd.DataFrame:
    """Net IIP (excluding gold) of every economy in the workbook, for rankings.

    Economies outside the book keep the workbook's name and IFS code; no ISO3
    code is assigned to them.

    Returns
    -------
    pandas.DataFrame
        One row per ``ifs_code`` and ``year``; columns ``country`` (workbook
        name), ``ifs_code``, ``year``, ``net_iip_musd`` (current US$ millions,
        end of year; assets minus liabilities, see the module note on units).
    """
    raw = _raw()
    source = source_label(FILE_ID)
    out = pd.DataFrame(
        {
            "country": raw["Country"].astype(str).str.strip(),
            "ifs_code": to_number(raw["IFS_Code"], source=source, column="IFS_Code").astype("int64"),
            "year": to_number(raw["Year"], source=source, column="Year").astype("int64"),
            "net_iip_musd": to_number(raw["Net IIP excl gold"], source=source, column="Net IIP excl gold")
            / NET_IIP_SCALE,
        }
    )
    require_unique(out, ["ifs_code", "year"], source=source)
    return out.sort_values(["ifs_code", "year"]).reset_index(drop=True)
