"""US foreign assistance obligated to each of the book's recipients, by US
fiscal year (USAID Foreign Aid Explorer country file, which carries the
historical Greenbook series; :cite:`usaid_greenbook`; manifest id ``us_aid``).

Public API
----------
:func:`us_aid`
    One row per ``iso3`` and ``year`` (the US fiscal year) with
    ``us_aid_musd``: economic and military assistance together, obligations,
    current US$ millions.

Units and definitions. The file's ``current_amount`` is in current US
dollars; the loader divides by one million. Only rows of transaction type
``Obligations`` are used (disbursements exist only from FY2001). Economic and
military aid cannot be separated in this file.

Fiscal years. Up to FY1976 the US fiscal year ran from July to June; from
FY1977 it runs from October to September. The three months in between (July
to September 1976) are the *transition quarter*, which the file labels
``"1976tq"``. It belongs to no fiscal year, so the loader must decide what to
do with it: ``transition_quarter="fold"`` (default) adds it to FY1976, which
then spans fifteen months; ``"drop"`` leaves it out; ``"separate"`` is not
offered because it would break the one-row-per-year key. Either way the
choice is irrelevant to the book's regressions, which start after 1976.
The fiscal year is used as the year without shifting it to calendar years.

Missing rows. A recipient-year with no row in the file (for example Korea in
FY1997) has no recorded obligation. The source does not say whether that is a
true zero or a gap, so the loader keeps it **missing (NaN), not zero**; a
caller that wants zeros must say so. Negative amounts (de-obligations larger
than new obligations) are kept as published.
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import countries
from analysis.errors import DataSchemaError, check_choice
from analysis.loaders._common import RawTable, Variable, require_unique, tidy_loader, to_number

FILE_ID = "us_aid"
RAW_COLUMNS = ("country_code", "transaction_type_name", "fiscal_year", "current_amount")
#: Label of the July-September 1976 transition quarter in the file.
TQ_LABEL = "1976tq"
TQ_CHOICES = ("fold", "drop")

VARIABLES = (
    Variable(
        name="us_aid_musd",
        label="US foreign assistance obligated to the recipient (economic and military combined)",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="Obligations rows; current_amount / 1e6; US fiscal year used as year; transition "
        "quarter 1976tq added to FY1976; recipient-years without a row kept missing, not zero",
        loader="us_aid",
    ),
)


@tidy_loader(FILE_ID, columns=RAW_COLUMNS, dtype={"country_code": str, "fiscal_year": str})
def _load(file: RawTable) -> pd.DataFrame:
    """Obligations rows of the book's recipients: ``iso3``, ``fiscal_year`` (text), ``amount_musd``."""
    raw, source = file.table, file.source
    types = set(raw["transaction_type_name"].dropna())
    if "Obligations" not in types:
        raise DataSchemaError(
            f"{source}: column 'transaction_type_name' has no 'Obligations' rows (values: {sorted(types)})"
        )
    raw = raw[raw["transaction_type_name"] == "Obligations"]
    fy = raw["fiscal_year"].astype("string").str.strip().str.lower()
    bad = ~(fy.str.fullmatch(r"\d{4}") | (fy == TQ_LABEL)).fillna(False)
    if bad.any():
        i = bad[bad].index[0]
        raise DataSchemaError(
            f"{source}: column 'fiscal_year' row {i} holds {raw.loc[i, 'fiscal_year']!r}; expected a "
            f"four-digit year or {TQ_LABEL!r}"
        )
    out = pd.DataFrame(
        {
            "iso3": raw["country_code"].astype("string").str.strip().str.upper(),
            "fiscal_year": fy,
            "amount_musd": to_number(raw["current_amount"], source=source, column="current_amount") / 1e6,
        }
    )
    out = out[out["iso3"].isin(set(countries()["iso3"]))]
    require_unique(out, ["iso3", "fiscal_year"], source=source)
    return out.reset_index(drop=True)


def us_aid(transition_quarter: str = "fold") -> pd.DataFrame:
    """US aid obligations to the book's countries by fiscal year.

    Parameters
    ----------
    transition_quarter
        ``"fold"`` (default) adds the July-September 1976 transition quarter
        to FY1976; ``"drop"`` leaves it out.

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year`` present in the file (FY1946-2021).
        Column ``us_aid_musd``: obligations, current US$ millions. Years
        without a row are absent (missing), never filled with zero.

    Raises
    ------
    ParameterError
        If ``transition_quarter`` is not ``"fold"`` or ``"drop"``.
    """
    check_choice("transition_quarter", transition_quarter, TQ_CHOICES)
    df = _load()
    tq = df["fiscal_year"] == TQ_LABEL
    if transition_quarter == "drop":
        df = df[~tq]
    df = df.assign(year=df["fiscal_year"].str.slice(0, 4).astype("int64"))
    out = df.groupby(["iso3", "year"], as_index=False)["amount_musd"].sum(min_count=1)
    out = out.rename(columns={"amount_musd": "us_aid_musd"})
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)
