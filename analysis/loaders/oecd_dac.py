"""Net ODA from all DAC donors together to each recipient: an OECD.Stat
export of table DAC2a (manifest id ``oecd_dac2a_total``), extracted in
January 2019.

Unit: **millions of constant 2016 US dollars**. The bilateral aid of Japan
and of the US in :mod:`analysis.loaders.aid` is in *current* US dollars (not
millions): a share of Japan's aid in DAC aid needs both on one price basis,
and dividing the two files as they stand would mix prices of different
years. The workbook records its query in its first rows (donor "DAC
Countries, Total", aid type "ODA: Total Net", constant prices, "US Dollar,
Millions, 2016"); the loader checks them.

Layout: rows 0-8 hold the query; row 7 the years (1960-2017, from column 2);
from row 9 column 0 holds the recipient name, indented by its level in the
OECD's regional tree (regions end in ", Total"); ``..`` means missing. The
last row is an extraction note and is dropped.
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import recipients, to_iso3
from analysis.errors import DataSchemaError, UnknownCountryError
from analysis.loaders._common import RawTable, Variable, tidy_loader, to_number

FILE_ID = "oecd_dac2a_total"
#: (row, column, expected text) of the query header the loader checks.
QUERY = (
    (2, 0, "Donor", "DAC Countries, Total"),
    (3, 0, "Aid type", "ODA: Total Net"),
    (5, 0, "Amount type", "Constant Prices"),
    (6, 0, "Unit", "US Dollar, Millions, 2016"),
)
YEAR_ROW = 7
FIRST_DATA_ROW = 9
FIRST_YEAR_COL = 2

VARIABLES = (
    Variable(
        name="dac_net_oda_const2016_musd",
        label="Net ODA from all DAC donors together to the recipient (DAC2a)",
        unit="constant 2016 US$ millions",
        file_ids=(FILE_ID,),
        transformation="wide OECD.Stat sheet melted to recipient-year; '..' to missing; names mapped to ISO3; the 26 recipients kept",
        loader="dac_total",
    ),
)


def _body(sheet: pd.DataFrame, source: str) -> pd.DataFrame:
    """Check the query the export records in its first rows and return its
    body: one row per recipient (the extraction note dropped), columns
    ``Recipient``, ``Flag`` and one per year, which the contract describes."""
    for row, col, label, value in QUERY:
        got_label = str(sheet.iat[row, col]).strip()
        got = str(sheet.iat[row, FIRST_YEAR_COL]).strip()
        if got_label != label or got != value:
            raise DataSchemaError(
                f"{source}: row {row} should record the query {label!r} = {value!r}, found "
                f"{got_label!r} = {got!r}; this is not the DAC-total export the book expects"
            )
    years = to_number(sheet.iloc[YEAR_ROW, FIRST_YEAR_COL:], source=source, column=f"row {YEAR_ROW} (years)")
    body = sheet.iloc[FIRST_DATA_ROW:]
    names = body.iloc[:, 0].astype("string")
    body = body[names.notna() & ~names.str.startswith("Data extracted")]
    return body.set_axis(["Recipient", "Flag", *(str(int(y)) for y in years)][: body.shape[1]], axis=1)


@tidy_loader(FILE_ID, prepare=_body, header=None, dtype=object)
def _load(file: RawTable) -> pd.DataFrame:
    body, source = file.table, file.source
    names = body.iloc[:, 0].astype(str)
    years = [int(c) for c in body.columns[FIRST_YEAR_COL:]]
    frames = []
    for j, year in enumerate(years, start=FIRST_YEAR_COL):
        frames.append(
            pd.DataFrame(
                {
                    "recipient": names.str.strip().values,
                    "level": ((names.str.len() - names.str.lstrip().str.len()) // 2).values,
                    "year": year,
                    "dac_net_oda_const2016_musd": to_number(
                        body.iloc[:, j], source=source, column=f"year {year}", na_values=("..",)
                    ).values,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["iso3"] = to_iso3(out["recipient"], source=source, strict=False)
    absent = sorted(set(recipients()) - set(out["iso3"].dropna()))
    if absent:
        raise UnknownCountryError(
            f"{source}: the recipients {absent} are not found under any known name; add their "
            "spelling to data/country_aliases.csv"
        )
    dup = out.dropna(subset=["iso3"]).duplicated(["iso3", "year"])
    if dup.any():
        raise DataSchemaError(f"{source}: a recipient appears twice under different names")
    return out[["recipient", "iso3", "level", "year", "dac_net_oda_const2016_musd"]]


def all_recipients() -> pd.DataFrame:
    """Every row of the export, including regional totals, in long form.

    Returns
    -------
    pandas.DataFrame
        Columns ``recipient`` (OECD name, e.g. ``"America, Total"``),
        ``iso3`` (the book's code or missing), ``level`` (0 for developing
        countries in total, 1 for continents, ...), ``year`` and
        ``dac_net_oda_const2016_musd`` (constant 2016 US$ millions).
    """
    return _load().copy()


def dac_total() -> pd.DataFrame:
    """Net ODA from all DAC donors to each of the book's 26 recipients.

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year`` (1960-2017); column
        ``dac_net_oda_const2016_musd`` (constant 2016 US$ millions; missing
        where the OECD shows ``..``).
    """
    df = _load()
    df = df[df["iso3"].notna()][["iso3", "year", "dac_net_oda_const2016_musd"]]
    return df.sort_values(["iso3", "year"]).reset_index(drop=True)
