"""Bilateral manufacturing trade, 69 countries, 1986-2006: the structural
gravity panel of Yotov, Piermartini, Monteiro and Larch (2016) (Stata file
``Chapter1Application1.dta``; manifest id ``gravity``).

Unit: millions of current US dollars, manufacturing goods only (not total
merchandise trade). Flows were built by the authors from UN COMTRADE, CEPII
TradeProd and UNIDO INDSTAT.

What the loader does to the file:

- rows with ``exporter == importer`` are domestic sales (part of the gravity
  design) and are dropped: they are not trade with a partner;
- the file's ``ROM`` (Romania) is recoded to the ISO3 code ``ROU``;
- a zero flow is kept as the zero the file reports.

Coverage and gaps: annual, 1986-2006, every pair of the 69 countries.
**Venezuela and Peru are absent**, as are Taiwan and, of the book's Latin
American and Caribbean recipients, the Dominican Republic, El Salvador,
Guatemala, Honduras, Jamaica, Nicaragua and Paraguay; of the book's 26
recipients, 17 are in the file. Nothing before 1986, so the debt-crisis
years 1982-85 are not covered.
"""
from __future__ import annotations

from functools import lru_cache
from collections.abc import Iterable

import pandas as pd

from analysis.countries import countries
from analysis.errors import UnknownCountryError
from analysis.loaders._common import RawTable, Variable, require_unique, source_label, tidy_loader, to_number

FILE_ID = "gravity"
RAW_COLUMNS = ("exporter", "importer", "year", "trade")
#: Recodes of the file's country codes to ISO3.
RECODE = {"ROM": "ROU"}
#: The reporters the book follows.
REPORTERS = ("JPN", "USA")

VARIABLES = (
    Variable(
        name="exports_musd",
        label="Manufacturing exports of the reporter (Japan or the US) to the partner",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="trade where exporter = reporter, importer = partner; domestic rows dropped; book partners only",
        loader="reporter_trade",
        key=("reporter", "iso3", "year"),
    ),
    Variable(
        name="imports_musd",
        label="Manufacturing imports of the reporter (Japan or the US) from the partner",
        unit="current US$ millions",
        file_ids=(FILE_ID,),
        transformation="trade where exporter = partner, importer = reporter; domestic rows dropped; book partners only",
        loader="reporter_trade",
        key=("reporter", "iso3", "year"),
    ),
)


@tidy_loader(FILE_ID, columns=RAW_COLUMNS)
def _load(file: RawTable) -> pd.DataFrame:
    """All international flows: ``exporter``, ``importer``, ``year``, ``trade_musd``."""
    raw, source = file.table, file.source
    out = pd.DataFrame(
        {
            "exporter": raw["exporter"].astype(str).str.strip().str.upper().replace(RECODE),
            "importer": raw["importer"].astype(str).str.strip().str.upper().replace(RECODE),
            "year": to_number(raw["year"], source=source, column="year").astype("int64"),
            "trade_musd": to_number(raw["trade"], source=source, column="trade"),
        }
    )
    for col in ("exporter", "importer"):
        bad = ~out[col].str.fullmatch(r"[A-Z]{3}")
        if bad.any():
            i = bad[bad].index[0]
            raise UnknownCountryError(
                f"{source}: column {col!r} row {i} holds {raw.loc[i, col]!r}, which is not an ISO3 code"
            )
    out = out[out["exporter"] != out["importer"]]
    require_unique(out, ["exporter", "importer", "year"], source=source)
    return out.reset_index(drop=True)


def flows() -> pd.DataFrame:
    """Every international flow in the panel (domestic rows dropped).

    Returns
    -------
    pandas.DataFrame
        Columns ``exporter``, ``importer`` (ISO3), ``year``, ``trade_musd``
        (manufacturing trade, current US$ millions). Venezuela and Peru are absent.
    """
    return _load().copy()


@lru_cache(maxsize=1)
def _countries_in_file() -> tuple[str, ...]:
    frame = _load()
    return tuple(sorted(set(frame["exporter"].unique()) | set(frame["importer"].unique())))


def countries_in_file() -> list[str]:
    """The ISO3 codes of the panel's countries (after recoding ROM to ROU)."""
    return list(_countries_in_file())


def reporter_trade(reporters: Iterable[str] = REPORTERS, *, book_only: bool = True) -> pd.DataFrame:
    """Manufacturing exports to and imports from each partner of Japan and/or the US.

    Venezuela and Peru are absent from the source, as are seven smaller Latin
    American recipients of the book (see the module docstring).

    Parameters
    ----------
    reporters
        ISO3 codes of the reporting countries, each one in the file
        (default Japan and the United States).
    book_only
        If True (default), keep only partners that are among the book's
        countries (the recipients and the other creditor); if False, keep
        every partner in the panel.

    Returns
    -------
    pandas.DataFrame
        One row per ``reporter``, ``iso3`` (the partner) and ``year``. Columns
        ``reporter``, ``iso3``, ``year``, ``exports_musd`` (reporter to
        partner), ``imports_musd`` (partner to reporter), current US$ millions.

    Raises
    ------
    UnknownCountryError
        If a reporter is not a country of the panel.
    """
    reporters = list(reporters)
    known = countries_in_file()
    for r in reporters:
        if r not in known:
            raise UnknownCountryError(
                f"{source_label(FILE_ID)}: reporter {r!r} is not one of the panel's "
                f"countries ({', '.join(known)})"
            )
    df = _load()
    frames = []
    for r in reporters:
        exp = df[df["exporter"] == r].rename(columns={"importer": "iso3", "trade_musd": "exports_musd"})
        imp = df[df["importer"] == r].rename(columns={"exporter": "iso3", "trade_musd": "imports_musd"})
        both = exp[["iso3", "year", "exports_musd"]].merge(
            imp[["iso3", "year", "imports_musd"]], on=["iso3", "year"], how="outer"
        )
        both.insert(0, "reporter", r)
        frames.append(both)
    out = pd.concat(frames, ignore_index=True)
    if book_only:
        out = out[out["iso3"].isin(set(countries()["iso3"]))]
    require_unique(out, ["reporter", "iso3", "year"], source=source_label(FILE_ID))
    return out.sort_values(["reporter", "iso3", "year"]).reset_index(drop=True)
