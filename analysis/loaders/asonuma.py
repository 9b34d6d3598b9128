"""Sovereign debt restructurings with foreign private creditors, with monthly
start and end dates: the Asonuma-Trebesch database, September 2020 update
(:cite:`asonuma2016`; :cite:`cruces2013`; manifest id ``asonuma_trebesch``),
and an indicator of whether a country had completed its Brady deal.

Public API
----------
:func:`restructurings`
    One row per restructuring case of the book's countries: ``case``,
    ``iso3``, ``start``, ``end`` (completion of the exchange), ``preemptive``
    (strictly or weakly), ``post_default``, ``brady`` (True for the cases the
    book counts as Brady deals, see below).
:func:`brady_status`
    One row per recipient ``iso3`` and ``year``: ``brady_done`` (1 from the
    year the country's Brady exchange was completed onward, else 0) and
    ``in_restructuring`` (1 if a restructuring process was under way on at
    least one day of the year).

**Which cases are Brady deals.** The file does not label them. The book's
rule: a case is a Brady deal if it is a restructuring of commercial-bank
debt completed between the announcement of the Brady Plan (10 March 1989)
and the end of 1997 that exchanged the bank loans for collateralised
(Brady) bonds with debt or debt-service reduction, as listed in the
literature (:cite:`cline1995`). The folder's SOURCE.md lists the end dates
of the candidate cases; of those, the rule keeps Mexico (February 1990),
Costa Rica (May 1990), Venezuela (December 1990), Uruguay (January 1991),
the Philippines (December 1992, the exchange that issued its Brady bonds),
Argentina (April 1993), Brazil (April 1994), the Dominican Republic (August
1994), Ecuador (February 1995), Panama (April 1996) and Peru (March 1997).
It leaves out Chile's agreement of December 1990, a rescheduling without
debt reduction, and the buy-backs of Bolivia and Nicaragua financed by the
World Bank's IDA facility. The cases are identified in :data:`BRADY_CASES` by
country and end date, and the loader fails if any of them is not found.
"""
from __future__ import annotations

from functools import cache

import pandas as pd

from analysis.countries import countries, recipients
from analysis.errors import DataSchemaError
from analysis.loaders._common import RawTable, Variable, tidy_loader, to_number

FILE_ID = "asonuma_trebesch"
SHEET = "DATASET Defaults & Restruct."  # the sheet read: the manifest's table column names it
#: Header row (0-based) of the data sheet.
HEADER = 5
RAW = {
    "Case nr ": "case",
    "WDI code": "iso3",
    "Start of default or restructuring process: default or announcement": "start",
    "End of restructuring: completion of exchange": "end",
    "Strictly preemptive ": "strictly_preemptive",
    "Weakly preemptive ": "weakly_preemptive",
    "Post-default": "post_default",
}
#: The Brady deals of the book's recipients: ISO3 -> month of completion
#: (``YYYY-MM``) of the case in the database (see the module docstring).
BRADY_CASES: dict[str, str] = {
    "MEX": "1990-02",
    "CRI": "1990-05",
    "VEN": "1990-12",
    "URY": "1991-01",
    "PHL": "1992-12",
    "ARG": "1993-04",
    "BRA": "1994-04",
    "DOM": "1994-08",
    "ECU": "1995-02",
    "PAN": "1996-04",
    "PER": "1997-03",
}
#: The window in which the rule looks for Brady deals.
BRADY_FROM, BRADY_TO = pd.Timestamp(1989, 3, 10), pd.Timestamp(1997, 12, 31)

VARIABLES = (
    Variable(
        name="brady_done",
        label="Brady exchange completed (in this year or earlier) (1/0)",
        unit="indicator",
        file_ids=(FILE_ID,),
        transformation="end date of the case the book counts as the country's Brady deal (BRADY_CASES); "
        "1 from that year on",
        loader="brady_status",
    ),
    Variable(
        name="in_restructuring",
        label="A restructuring with foreign private creditors under way in the year (1/0)",
        unit="indicator",
        file_ids=(FILE_ID,),
        transformation="1 if any case's start-end span overlaps the year",
        loader="brady_status",
    ),
)


@tidy_loader(FILE_ID, columns=RAW, header=HEADER)
def _load(file: RawTable) -> pd.DataFrame:
    raw, source = file.table, file.source
    raw = raw[list(RAW)].rename(columns=RAW)
    raw = raw[raw["case"].notna() & raw["iso3"].notna()]
    for col in ("start", "end"):
        parsed = pd.to_datetime(raw[col], errors="coerce")
        bad = parsed.isna() & raw[col].notna()
        if bad.any():
            i = bad[bad].index[0]
            raise DataSchemaError(f"{source}: column {col!r} row {i + HEADER + 2} holds {raw.loc[i, col]!r}, not a date")
        raw[col] = parsed
    out = pd.DataFrame(
        {
            "case": to_number(raw["case"], source=source, column="Case nr").astype("int64"),
            "iso3": raw["iso3"].astype(str).str.strip().str.upper(),
            "start": raw["start"],
            "end": raw["end"],
            "preemptive": (to_number(raw["strictly_preemptive"], source=source, column="Strictly preemptive")
                           + to_number(raw["weakly_preemptive"], source=source, column="Weakly preemptive")) > 0,
            "post_default": to_number(raw["post_default"], source=source, column="Post-default") > 0,
        }
    )
    out = out[out["iso3"].isin(set(countries()["iso3"]))].reset_index(drop=True)
    out["brady"] = False
    for iso3, month in BRADY_CASES.items():
        hit = (out["iso3"] == iso3) & (out["end"].dt.strftime("%Y-%m") == month)
        if hit.sum() != 1:
            raise DataSchemaError(
                f"{source}: expected exactly one case for {iso3} completed in {month} (a Brady deal), "
                f"found {int(hit.sum())}; the file changed: check BRADY_CASES against it"
            )
        end = out.loc[hit, "end"].iloc[0]
        if not BRADY_FROM <= end <= BRADY_TO:
            raise DataSchemaError(f"{source}: the Brady case of {iso3} ends {end:%Y-%m-%d}, outside the Brady window")
        out.loc[hit, "brady"] = True
    return out.sort_values(["iso3", "start"]).reset_index(drop=True)


def restructurings() -> pd.DataFrame:
    """Restructurings of the book's countries with foreign private creditors.

    Returns
    -------
    pandas.DataFrame
        One row per case: ``case`` (case number in the database), ``iso3``,
        ``start``, ``end`` (timestamps), ``preemptive``, ``post_default``,
        ``brady`` (booleans).
    """
    return _load().copy()


def brady_status(first_year: int = 1970, last_year: int = 2020) -> pd.DataFrame:
    """Brady-deal and restructuring indicators for every recipient and year.

    Parameters
    ----------
    first_year, last_year
        The years to cover (the database runs from the 1970s to mid-2020).

    Returns
    -------
    pandas.DataFrame
        One row per recipient ``iso3`` and ``year``. ``brady_done`` is 1 from
        the year in which the country's Brady exchange was completed, 0
        before and 0 throughout for recipients without a Brady deal;
        ``in_restructuring`` is 1 if a case was under way on at least one day
        of the year.
    """
    return _brady_status(first_year, last_year).copy()


@cache
def _brady_status(first_year: int, last_year: int) -> pd.DataFrame:
    """The computation behind :func:`brady_status` (cached there)."""
    cases = _load()
    groups = {k: g for k, g in cases.groupby("iso3", sort=False)}
    bounds = [(year, pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)) for year in range(first_year, last_year + 1)]
    rows = []
    for iso3 in recipients():
        mine = groups.get(iso3, cases.iloc[0:0])
        brady = mine[mine["brady"]]
        done_year = int(brady["end"].dt.year.iloc[0]) if len(brady) else None
        starts, ends = mine["start"].to_numpy(), mine["end"].to_numpy()
        for year, y0, y1 in bounds:
            active = bool(((starts <= y1.to_datetime64()) & (ends >= y0.to_datetime64())).any())
            rows.append({"iso3": iso3, "year": year,
                         "brady_done": float(done_year is not None and year >= done_year),
                         "in_restructuring": float(active)})
    return pd.DataFrame(rows)
