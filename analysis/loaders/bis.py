"""Cross-border claims of all BIS-reporting banks on each country: the BIS
locational banking statistics, annual end-of-year positions, 1977-2020
(:cite:`bis_lbs`; file ``locational-statistics.xlsx``; manifest id ``bis_lbs``).

Public API
----------
:func:`bank_claims`
    One row per ``iso3`` and ``year`` for the book's countries:
    ``bank_claims_musd`` (claims of all reporting banks on residents of the
    country, all sectors), ``bank_claims_banks_musd`` (on the country's banks)
    and ``bank_claims_nonbanks_musd`` (on its non-bank sector), USD millions.

**The file's labels are flipped.** The upstream script that built this file
states the *derived* positions from the counterparty country's point of view,
so its column ``derived_total_liabilities`` is what the country owes to
BIS-reporting banks: the banks' cross-border *claims on* the country. That is
the column used here as international bank exposure to a debtor
(``derived_bank_liabilities`` and ``derived_nonbank_liabilities`` split it by
the debtor's sector). The folder's SOURCE.md records the check values
(Mexico 1982: 59,441; Thailand 1996: 99,274).

The statistics are residence-based and cover all lenders together: they do
not say how much of the exposure is Japanese, American or European. Missing
values stay missing (the series start in 1977).
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import countries, to_iso3
from analysis.errors import DataSchemaError
from analysis.loaders._common import RawTable, Variable, require_unique, tidy_loader, to_number

FILE_ID = "bis_lbs"
#: Raw column -> tidy column. Labels flipped upstream: see the module docstring.
COLUMNS = {
    "derived_total_liabilities": "bank_claims_musd",
    "derived_bank_liabilities": "bank_claims_banks_musd",
    "derived_nonbank_liabilities": "bank_claims_nonbanks_musd",
}

VARIABLES: tuple[Variable, ...] = (
    Variable(
        name="bank_claims_musd",
        label="Cross-border claims of all BIS-reporting banks on the country (all sectors)",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="column derived_total_liabilities (label flipped upstream: claims ON the country); "
        "BIS names mapped to ISO3; book countries only",
        loader="bank_claims",
    ),
    Variable(
        name="bank_claims_banks_musd",
        label="Cross-border claims of BIS-reporting banks on the country's banks",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="column derived_bank_liabilities (label flipped upstream)",
        loader="bank_claims",
    ),
    Variable(
        name="bank_claims_nonbanks_musd",
        label="Cross-border claims of BIS-reporting banks on the country's non-bank sector",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="column derived_nonbank_liabilities (label flipped upstream)",
        loader="bank_claims",
    ),
)


@tidy_loader(FILE_ID, columns=["country", "date", *COLUMNS])
def _load(file: RawTable) -> pd.DataFrame:
    raw, source = file.table, file.source
    out = pd.DataFrame(
        {
            "iso3": to_iso3(raw["country"].astype(str), source=source, strict=False),
            "year": to_number(raw["date"], source=source, column="date").astype("int64"),
        }
    )
    for col, name in COLUMNS.items():
        out[name] = to_number(raw[col], source=source, column=col)
    out = out[out["iso3"].notna()]
    missing = sorted(set(countries()["iso3"]) - set(out["iso3"]))
    if missing:
        raise DataSchemaError(
            f"{source}: no rows for the book's countries {missing}; a BIS country name changed "
            "(add its spelling to data/country_aliases.csv)"
        )
    require_unique(out, ["iso3", "year"], source=source)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def bank_claims() -> pd.DataFrame:
    """Cross-border claims of all BIS-reporting banks on each book country.

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year`` (1970-2020; values from 1977).
        Columns ``bank_claims_musd``, ``bank_claims_banks_musd``,
        ``bank_claims_nonbanks_musd`` in current US$ millions; missing values
        are NaN.
    """
    return _load().copy()


# ------------------------------------------------------------------ claims reported BY each reporting country

#: The variable of :func:`reported_claims` (listed in :data:`VARIABLES` below, so the codebook shows it).
REPORTED_VARIABLE = Variable(
    name="reported_claims_musd",
    label="Cross-border claims reported by the banks located in a BIS reporting country (on all counterparties)",
    unit="current US$ millions",
    file_ids=(FILE_ID,),
    transformation="column reported_total_assets (positions reported BY the banks located in the country; "
    "not flipped upstream); BIS reporting countries only, rows without a value dropped",
    loader="reported_claims",
    key=("reporter", "year"),
)
VARIABLES = (*VARIABLES, REPORTED_VARIABLE)


@tidy_loader(FILE_ID, columns=["country", "date", "reported_total_assets"])
def _load_reported(file: RawTable) -> pd.DataFrame:
    raw, source = file.table, file.source
    out = pd.DataFrame(
        {
            "reporter": raw["country"].astype(str).str.strip(),
            "year": to_number(raw["date"], source=source, column="date").astype("int64"),
            "reported_claims_musd": to_number(raw["reported_total_assets"], source=source,
                                              column="reported_total_assets"),
        }
    ).dropna(subset=["reported_claims_musd"])
    out.insert(1, "iso3", to_iso3(out["reporter"], source=source, strict=False))
    for iso in ("JPN", "USA"):
        if iso not in set(out["iso3"]):
            raise DataSchemaError(
                f"{source}: no reported positions for {iso}; the column reported_total_assets or the "
                "reporting country's name changed (add its spelling to data/country_aliases.csv)"
            )
    require_unique(out, ["reporter", "year"], source=source)
    return out.sort_values(["reporter", "year"]).reset_index(drop=True)


def reported_claims() -> pd.DataFrame:
    """Cross-border claims reported by the banks located in each BIS reporting country.

    The positions are residence-based: they are the claims of the banks
    *located* in the reporting country (its own banks' domestic offices and
    the local offices of foreign banks), on borrowers in all other countries.
    The claims of a country's banks booked by their offices abroad (a Japanese
    bank's London branch, say) count for the country where the office is.
    The set of reporting countries grows over time (15 until 1982, 24 from
    1983, when offshore centres joined, then more).

    Returns
    -------
    pandas.DataFrame
        One row per ``reporter`` (the BIS name) and ``year`` with a value:
        ``iso3`` (the book's code for Japan and the US, else ``None``) and
        ``reported_claims_musd`` (current US$ millions, end of year).
    """
    return _load_reported().copy()
