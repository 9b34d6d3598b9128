"""Systemic banking, currency and sovereign debt crisis years of Laeven and
Valencia (2018), "Systemic Banking Crises Revisited" (:cite:`laeven2018`;
file ``SYSTEMIC BANKING CRISES DATABASE_2018.xlsx``, sheet ``Crisis Years``;
manifest id ``laeven_valencia_2018``).

The sheet lists, per country, comma-separated start years of each kind of
crisis. :func:`crisis_years` returns one row per book country, kind and start
year. The currency-crisis year is the year of a depreciation of 30 per cent or
more by the authors' rule, so Thailand and Korea are coded 1998, not 1997.
A country the sheet does not list has no rows (it is not a zero).
"""
from __future__ import annotations

import pandas as pd

from analysis.countries import to_iso3
from analysis.errors import DataSchemaError, ParameterError
from analysis.loaders._common import RawTable, Variable, require_unique, tidy_loader

FILE_ID = "laeven_valencia_2018"
SHEET = "Crisis Years"  # the sheet read: the manifest's table column names it
KINDS = {
    "Systemic Banking Crisis (starting date)": "banking",
    "Currency Crisis": "currency",
    "Sovereign Debt Crisis (year)": "sovereign_debt",
    "Sovereign Debt Restructuring (year)": "restructuring",
}

VARIABLES = (
    Variable(
        name="kind",
        label="Kind of crisis starting in the row's year: systemic banking, currency, sovereign debt, or a debt restructuring",
        unit="category (banking, currency, sovereign_debt, restructuring); the row's year is the start year",
        file_ids=(FILE_ID,),
        transformation="comma-separated year lists split into one row per country, kind and year; "
        "country names mapped to ISO3; book countries only",
        loader="crisis_years",
        key=("iso3", "kind", "year"),
    ),
)


def _years(cell: object, *, source: str, row: int, column: str) -> list[int]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    out = []
    for part in str(cell).replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1900 <= int(part) <= 2100:
            raise DataSchemaError(f"{source}: row {row} column {column!r} holds {cell!r}, which is not a list of years")
        out.append(int(part))
    return out


@tidy_loader(FILE_ID, columns=["Country", *KINDS])
def _load(file: RawTable) -> pd.DataFrame:
    raw, source = file.table, file.source
    raw = raw[raw["Country"].notna()]
    codes = to_iso3(raw["Country"].astype(str), source=source, strict=False)
    rows = []
    for (i, r), iso in zip(raw.iterrows(), codes):
        if iso is None:
            continue
        for col, kind in KINDS.items():
            for y in _years(r[col], source=source, row=int(i) + 2, column=col):
                rows.append({"iso3": iso, "kind": kind, "year": y})
    out = pd.DataFrame(rows, columns=["iso3", "kind", "year"])
    if out.empty or "JPN" not in set(out["iso3"]):
        raise DataSchemaError(f"{source}: no rows for the book's countries (Japan missing); check the sheet layout")
    require_unique(out, ["iso3", "kind", "year"], source=source)
    return out.sort_values(["iso3", "kind", "year"]).reset_index(drop=True)


def crisis_years(kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Crisis start years for the book's countries.

    Parameters
    ----------
    kinds
        Any of ``"banking"``, ``"currency"``, ``"sovereign_debt"``,
        ``"restructuring"``; ``None`` for all.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``kind``, ``year``; one row per crisis start.
    """
    df = _load()
    if kinds is not None:
        for k in kinds:
            if k not in KINDS.values():
                raise ParameterError(f"parameter 'kinds' contains {k!r}; allowed: {', '.join(KINDS.values())}")
        df = df[df["kind"].isin(kinds)]
    return df.reset_index(drop=True).copy()
