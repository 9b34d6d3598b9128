"""US goods trade with each partner country, 1985-2011 (US Census Bureau,
Foreign Trade Division, ``country.xls``; manifest id ``census_trade``).

Unit: millions of current US dollars, not seasonally adjusted; annual totals
(columns ``EYR``, US exports, and ``IYR``, US general imports). The monthly
columns are not used.

What the loader does to the file:

- rows whose Schedule C code (``CTY_CODE``) starts with ``0`` are aggregates
  (OPEC, NICS, world, regions, NAFTA lines) and are dropped;
- one row has no year (code 5220, Yemen, every value zero); it cannot be
  placed in time and is dropped;
- names are mapped to ISO3 with :func:`analysis.countries.to_iso3`
  (``strict=False``: partners outside the book keep their Census name and a
  missing code).

Coverage: 1985-1991 list about 76 partners; 1992 onwards about 230. Among the
book's countries, Bolivia and Nicaragua are not listed separately before 1992
(they are missing, not zero). There is nothing before 1985 and nothing on
Japan's own trade with third countries (for that see
:mod:`analysis.loaders.gravity`).
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import countries, to_iso3
from analysis.errors import DataSchemaError, UnknownCountryError
from analysis.loaders._cache import cached_frame
from analysis.loaders._common import RawTable, Variable, require_unique, source_label, tidy_loader, to_number

FILE_ID = "census_trade"
RAW_COLUMNS = ("year", "CTY_CODE", "CTYNAME", "EYR", "IYR")
#: Schedule C code of the world total, not seasonally adjusted (1987 onwards).
WORLD_CODE = "0015"
#: Book countries the file does not list before 1992 (missing, not zero).
LATE_PARTNERS = ("BOL", "NIC")

VARIABLES = (
    Variable(
        name="us_exports_musd",
        label="US goods exports to the partner (annual total)",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="EYR; aggregate codes (CTY_CODE 0xxx) dropped; Census names mapped to ISO3; book countries only",
        loader="us_trade",
    ),
    Variable(
        name="us_imports_musd",
        label="US general imports of goods from the partner (annual total)",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="IYR; aggregate codes (CTY_CODE 0xxx) dropped; Census names mapped to ISO3; book countries only",
        loader="us_trade",
    ),
    Variable(
        name="us_trade_musd",
        label="US goods trade with the partner (exports plus imports)",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="us_exports_musd + us_imports_musd (missing if either is missing)",
        loader="us_trade",
    ),
)


@tidy_loader(FILE_ID, columns=RAW_COLUMNS, dtype={"CTY_CODE": str, "CTYNAME": str})
def _raw(file: RawTable) -> pd.DataFrame:
    """Rows with a year, ``CTY_CODE`` checked to be four digits."""
    raw = file.table
    raw = raw[raw["year"].notna()].copy()
    code = raw["CTY_CODE"].astype("string").str.strip()
    ok = code.str.fullmatch(r"\d{4}").fillna(False).astype(bool)
    if not ok.all():
        bad = ok[~ok].index[0]
        raise DataSchemaError(
            f"{file.source}: column 'CTY_CODE' row {bad} holds {raw.loc[bad, 'CTY_CODE']!r}; "
            "Schedule C codes are four digits"
        )
    raw["CTY_CODE"] = code.astype(str)
    return raw


@cached_frame
def _load() -> pd.DataFrame:
    source = source_label(FILE_ID)
    raw = _raw()
    code = raw["CTY_CODE"]
    raw = raw[~code.str.startswith("0")]
    names = raw["CTYNAME"].astype("string").str.strip()
    out = pd.DataFrame(
        {
            "cty_code": raw["CTY_CODE"],
            "partner": names.astype(str),
            "iso3": to_iso3(names, source=source, strict=False),
            "year": to_number(raw["year"], source=source, column="year").astype("int64"),
            "us_exports_musd": to_number(raw["EYR"], source=source, column="EYR"),
            "us_imports_musd": to_number(raw["IYR"], source=source, column="IYR"),
        }
    )
    out["us_trade_musd"] = out["us_exports_musd"] + out["us_imports_musd"]
    require_unique(out, ["cty_code", "year"], source=source)
    book = set(countries()["iso3"]) - {"USA"}  # the reporter is not its own partner
    found = set(out["iso3"].dropna())
    absent = sorted(book - found)
    if absent:
        raise UnknownCountryError(
            f"{source}: no partner maps to the book's countries {absent}; a Census name "
            "changed or is missing. Add its spelling to data/country_aliases.csv"
        )
    return out.sort_values(["cty_code", "year"]).reset_index(drop=True)


def all_partners() -> pd.DataFrame:
    """US goods trade with every partner the Census lists (aggregates excluded).

    Returns
    -------
    pandas.DataFrame
        One row per ``cty_code`` and ``year``. Columns ``cty_code`` (Schedule C
        code), ``partner`` (Census name), ``iso3`` (the book's code, or missing
        for partners outside the book), ``year``, ``us_exports_musd``,
        ``us_imports_musd``, ``us_trade_musd`` (current US$ millions).
    """
    return _load().copy()


def us_trade() -> pd.DataFrame:
    """US goods trade with the book's countries (26 recipients and Japan).

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year`` (1985-2011). Columns ``iso3``,
        ``year``, ``us_exports_musd``, ``us_imports_musd``, ``us_trade_musd``
        (current US$ millions). Bolivia and Nicaragua have no rows before 1992.
    """
    df = _load()
    df = df[df["iso3"].notna()][["iso3", "year", "us_exports_musd", "us_imports_musd", "us_trade_musd"]]
    require_unique(df, ["iso3", "year"], source=source_label(FILE_ID))
    return df.sort_values(["iso3", "year"]).reset_index(drop=True)


def world_total() -> pd.DataFrame:
    """US goods trade with the world (Census total, not seasonally adjusted).

    The Census line ``0015`` starts in 1987; for 1985-86 there is no world
    total in the file.

    Returns
    -------
    pandas.DataFrame
        One row per ``year``; columns ``us_exports_musd``, ``us_imports_musd``,
        ``us_trade_musd`` (current US$ millions).
    """
    raw = _raw()
    raw = raw[raw["CTY_CODE"] == WORLD_CODE]
    source = source_label(FILE_ID)
    if raw.empty:
        raise DataSchemaError(f"{source}: the world total (CTY_CODE {WORLD_CODE}) is missing")
    out = pd.DataFrame(
        {
            "year": to_number(raw["year"], source=source, column="year").astype("int64"),
            "us_exports_musd": to_number(raw["EYR"], source=source, column="EYR"),
            "us_imports_musd": to_number(raw["IYR"], source=source, column="IYR"),
        }
    )
    out["us_trade_musd"] = out["us_exports_musd"] + out["us_imports_musd"]
    require_unique(out, ["year"], source=source)
    return out.sort_values("year").reset_index(drop=True)
