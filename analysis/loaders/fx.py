"""Exchange rates against the US dollar from three sources.

- **Federal Reserve H.10, monthly and yearly averages** (file ids ``h10_monthly``
  and ``h10_yearly``; via the datahub "exchange-rates" package). The Federal
  Reserve quotes five series the other way round, in US dollars per unit of
  the foreign currency: Australia, the euro, Ireland, New Zealand and the
  United Kingdom. **In this file those five are already inverted** to national
  currency per US dollar (checked against known levels: sterling at about
  1.09 dollars in February 1985 appears as 0.9148; the euro at about 1.58
  dollars in April 2008 as 0.6348), although the folder's SOURCE.md says
  otherwise. The loader therefore does not invert anything; ``raw_quote``
  says, per row, that the value is per US dollar and, for the five, that the
  upstream package had inverted the Fed's quotation. A test guards this.
- **FRED daily H.10 noon buying rates** (file ids ``fred_dex*``; snapshot of
  August 2014). National currency per US dollar; the source writes ``.`` for
  a day without a quote (holidays), which becomes ``NaN``.
- **IMF exchange-rate data (formerly IFS), annual period averages** (file id
  ``imf_ifs_fx``), national currency per US dollar. Currencies that were
  redenominated (Brazil, Argentina, Mexico, ...) are expressed in the
  *current* unit, as the source publishes them; Ecuador, El Salvador and
  Panama are dollarised (rate 1 or close to it). The book's recipients are
  kept; Venezuela appears under ``VED`` (current bolivar) with old units scaled.

Units throughout: national currency per US dollar (``per_usd``). A higher
value means a weaker national currency. Missing quotes stay ``NaN``.

Coverage gaps (H.10 never published them): Indonesia, the Philippines,
Argentina, Chile, Peru and Colombia are absent from H.10 and FRED; use
:func:`imf_annual` for them. The H.10 peso series starts in November 1993.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import DataSchemaError, ParameterError
from analysis.loaders._common import (
    TEXT_CSV,
    RawTable,
    Variable,
    require_columns,
    require_unique,
    tidy_loader,
    to_number,
)

#: H.10 country names -> (ISO3 code, ISO 4217 currency). ``EMU`` is the
#: World Bank code of the euro area.
H10_COUNTRIES: dict[str, tuple[str, str]] = {
    "Australia": ("AUS", "AUD"), "Austria": ("AUT", "ATS"), "Belgium": ("BEL", "BEF"),
    "Brazil": ("BRA", "BRL"), "Canada": ("CAN", "CAD"), "China": ("CHN", "CNY"),
    "Denmark": ("DNK", "DKK"), "Euro": ("EMU", "EUR"), "Finland": ("FIN", "FIM"),
    "France": ("FRA", "FRF"), "Germany": ("DEU", "DEM"), "Greece": ("GRC", "GRD"),
    "Hong Kong": ("HKG", "HKD"), "India": ("IND", "INR"), "Ireland": ("IRL", "IEP"),
    "Italy": ("ITA", "ITL"), "Japan": ("JPN", "JPY"), "Malaysia": ("MYS", "MYR"),
    "Mexico": ("MEX", "MXN"), "Netherlands": ("NLD", "NLG"), "New Zealand": ("NZL", "NZD"),
    "Norway": ("NOR", "NOK"), "Portugal": ("PRT", "PTE"), "Singapore": ("SGP", "SGD"),
    "South Africa": ("ZAF", "ZAR"), "South Korea": ("KOR", "KRW"), "Spain": ("ESP", "ESP"),
    "Sri Lanka": ("LKA", "LKR"), "Sweden": ("SWE", "SEK"), "Switzerland": ("CHE", "CHF"),
    "Taiwan": ("TWN", "TWD"), "Thailand": ("THA", "THB"), "United Kingdom": ("GBR", "GBP"),
    "Venezuela": ("VEN", "VEB"),
}

#: H.10 series the Fed quotes in US dollars per unit of the foreign currency;
#: the datahub file already holds them inverted (national currency per US$).
USD_PER_UNIT: frozenset[str] = frozenset({"Australia", "Euro", "Ireland", "New Zealand", "United Kingdom"})

#: FRED daily files: manifest id -> (ISO3, currency).
FRED_SERIES: dict[str, tuple[str, str]] = {
    "fred_dexbzus": ("BRA", "BRL"), "fred_dexchus": ("CHN", "CNY"), "fred_dexjpus": ("JPN", "JPY"),
    "fred_dexkous": ("KOR", "KRW"), "fred_dexmaus": ("MYS", "MYR"), "fred_dexmxus": ("MEX", "MXN"),
    "fred_dexthus": ("THA", "THB"), "fred_dexvzus": ("VEN", "VEB"),
}

#: ISO2 codes of the IMF file -> ISO3 for the book's 28 countries.
IMF_ISO2: dict[str, str] = {
    "AR": "ARG", "BO": "BOL", "BR": "BRA", "CL": "CHL", "CO": "COL", "CR": "CRI", "DO": "DOM",
    "EC": "ECU", "GT": "GTM", "HN": "HND", "JM": "JAM", "MX": "MEX", "NI": "NIC", "PA": "PAN",
    "PE": "PER", "PY": "PRY", "SV": "SLV", "TT": "TTO", "UY": "URY", "VE": "VEN", "CN": "CHN",
    "ID": "IDN", "KR": "KOR", "MY": "MYS", "PH": "PHL", "TH": "THA", "JP": "JPN", "US": "USA",
}

#: H.10 files: manifest id -> the column holding the rate.
H10_VALUE: dict[str, str] = {"h10_monthly": "Exchange rate", "h10_yearly": "Value"}
#: Columns of a FRED daily file and of the IMF file.
FRED_COLUMNS = ("DATE", "VALUE")
IMF_COLUMNS = ("Date", "Rate", "Currency", "Country code")

PER_USD = "national currency per US$"

VARIABLES = (
    Variable(
        name="per_usd",
        label="Exchange rate, monthly average of noon buying rates in New York (Federal Reserve H.10)",
        unit=PER_USD,
        file_ids=("h10_monthly",),
        transformation=("country names mapped to ISO3; no rescaling (the five series the Fed quotes in "
                        "US$ per unit arrive already inverted to per-US$ in this file)"),
        loader="h10_monthly",
        key=("iso3", "date"),
    ),
    Variable(
        name="per_usd",
        label="Exchange rate, annual average (Federal Reserve H.10)",
        unit=PER_USD,
        file_ids=("h10_yearly",),
        transformation="as the monthly series; year taken from the first-of-year date",
        loader="h10_yearly",
        key=("iso3", "year"),
    ),
    Variable(
        name="per_usd",
        label="Exchange rate, daily noon buying rate in New York (Federal Reserve H.10 via FRED)",
        unit=PER_USD,
        file_ids=tuple(FRED_SERIES),
        transformation="'.' (no quote) kept as missing; stacked by currency",
        loader="fred_daily",
        key=("iso3", "date"),
    ),
    Variable(
        name="per_usd",
        label="Exchange rate, annual period average (IMF exchange-rate data, formerly IFS, ENDA)",
        unit=PER_USD,
        file_ids=("imf_ifs_fx",),
        transformation="ISO2 mapped to ISO3; the book's 28 countries kept; redenominated currencies in current units",
        loader="imf_annual",
        key=("iso3", "year"),
    ),
)


def _read(path: Path | str, source: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV file at any path, as text, with ``columns`` checked (no manifest, no contract)."""
    try:
        raw = pd.read_csv(path, **TEXT_CSV)
    except Exception as exc:  # parser errors of any kind
        raise DataSchemaError(f"{source}: could not be parsed as CSV ({exc})") from exc
    require_columns(raw, columns, source=source)
    return raw


def _dates(series: pd.Series, *, source: str, column: str) -> pd.Series:
    out = pd.to_datetime(series.str.strip(), format="%Y-%m-%d", errors="coerce")
    bad = out.isna()
    if bad.any():
        i = bad[bad].index[0]
        raise DataSchemaError(
            f"{source}: column {column!r} row {i + 2} (file line) holds {series.loc[i]!r}, "
            "which is not a YYYY-MM-DD date; check the file against its SOURCE.md"
        )
    return out


def parse_h10(path: Path | str, *, source: str, value_column: str) -> pd.DataFrame:
    """Parse an H.10 file (monthly or yearly) at any path into a tidy frame.

    The loaders read the manifest's files through :func:`tidy_loader`, which
    also checks their coverage contracts; this function parses any copy.

    Parameters
    ----------
    path
        The file.
    source
        Name for error messages (file id and path).
    value_column
        ``"Exchange rate"`` (monthly file) or ``"Value"`` (yearly file).

    Returns
    -------
    pandas.DataFrame
        ``country``, ``iso3``, ``currency``, ``date``, ``per_usd``, ``raw_quote``.

    Raises
    ------
    DataSchemaError
        On a missing column, a date or value that does not parse, a
        non-positive rate, an unknown country or a repeated country-date.
    """
    return _h10_frame(_read(path, source, ("Date", "Country", value_column)), source=source,
                      value_column=value_column)


def _h10_frame(raw: pd.DataFrame, *, source: str, value_column: str) -> pd.DataFrame:
    """The tidy frame of an H.10 table read as text (see :func:`parse_h10`)."""
    unknown = sorted(set(raw["Country"]) - set(H10_COUNTRIES))
    if unknown:
        raise DataSchemaError(
            f"{source}: country {unknown[0]!r} is not a known H.10 series; add it to "
            "analysis.loaders.fx.H10_COUNTRIES with its ISO3 code, currency and quotation"
        )
    value = to_number(raw[value_column], source=source, column=value_column, na_values=(".", "ND"))
    nonpos = value <= 0
    if nonpos.any():
        i = nonpos[nonpos].index[0]
        raise DataSchemaError(f"{source}: column {value_column!r} row {i + 2} holds {value[i]!r}; "
                              "an exchange rate must be positive")
    inverted = raw["Country"].isin(USD_PER_UNIT)
    out = pd.DataFrame(
        {
            "country": raw["Country"],
            "iso3": raw["Country"].map(lambda c: H10_COUNTRIES[c][0]),
            "currency": raw["Country"].map(lambda c: H10_COUNTRIES[c][1]),
            "date": _dates(raw["Date"], source=source, column="Date"),
            "per_usd": value,
            "raw_quote": inverted.map({True: "per US$ (Fed quotes US$ per unit; inverted upstream)",
                                       False: "per US$"}),
        }
    )
    require_unique(out, ["iso3", "date"], source=source)
    return out.sort_values(["iso3", "date"]).reset_index(drop=True)


def parse_fred(path: Path | str, *, source: str, iso3: str, currency: str) -> pd.DataFrame:
    """Parse one FRED daily file at any path (``DATE``, ``VALUE``; ``.`` = no quote).

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``currency``, ``date``, ``per_usd`` (NaN on days without a quote).
    """
    return _fred_frame(_read(path, source, FRED_COLUMNS), source=source, iso3=iso3, currency=currency)


def _fred_frame(raw: pd.DataFrame, *, source: str, iso3: str, currency: str) -> pd.DataFrame:
    """The tidy frame of a FRED table read as text (see :func:`parse_fred`)."""
    value = to_number(raw["VALUE"], source=source, column="VALUE", na_values=(".",))
    nonpos = value <= 0
    if nonpos.any():
        i = nonpos[nonpos].index[0]
        raise DataSchemaError(f"{source}: column 'VALUE' row {i + 2} holds {value[i]!r}; "
                              "an exchange rate must be positive")
    out = pd.DataFrame({"iso3": iso3, "currency": currency,
                        "date": _dates(raw["DATE"], source=source, column="DATE"), "per_usd": value})
    require_unique(out, ["date"], source=source)
    return out


def parse_imf(path: Path | str, *, source: str) -> pd.DataFrame:
    """Parse the IMF annual file at any path, keeping the book's 28 countries.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``currency``, ``year``, ``per_usd``.
    """
    return _imf_frame(_read(path, source, IMF_COLUMNS), source=source)


def _imf_frame(raw: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """The tidy frame of the IMF table read as text (see :func:`parse_imf`)."""
    raw = raw[raw["Country code"].isin(IMF_ISO2)].copy()
    dates = _dates(raw["Date"], source=source, column="Date")
    value = to_number(raw["Rate"], source=source, column="Rate", na_values=(".", "NaN"))
    out = pd.DataFrame(
        {
            "iso3": raw["Country code"].map(IMF_ISO2),
            "currency": raw["Currency"],
            "year": dates.dt.year.astype("int64"),
            "per_usd": value,
        }
    )
    require_unique(out, ["iso3", "year"], source=source)
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


@tidy_loader(columns=lambda file_id: ("Date", "Country", H10_VALUE[file_id]), **TEXT_CSV)
def _h10(file: RawTable, file_id: str) -> pd.DataFrame:
    return _h10_frame(file.table, source=file.source, value_column=H10_VALUE[file_id])


@tidy_loader(columns=FRED_COLUMNS, **TEXT_CSV)
def _fred(file: RawTable, file_id: str) -> pd.DataFrame:
    iso3, currency = FRED_SERIES[file_id]
    return _fred_frame(file.table, source=file.source, iso3=iso3, currency=currency)


@tidy_loader("imf_ifs_fx", columns=IMF_COLUMNS, **TEXT_CSV)
def _imf(file: RawTable) -> pd.DataFrame:
    return _imf_frame(file.table, source=file.source)


def _select(frame: pd.DataFrame, countries: tuple[str, ...] | list[str] | str | None,
            available: list[str]) -> pd.DataFrame:
    if countries is None:
        return frame.copy()
    wanted = [countries] if isinstance(countries, str) else list(countries)
    for c in wanted:
        if c not in available:
            raise ParameterError(
                f"parameter 'countries' contains {c!r}, which this source does not cover; "
                f"covered: {', '.join(sorted(available))}"
            )
    return frame[frame["iso3"].isin(wanted)].reset_index(drop=True).copy()


def h10_monthly(countries: tuple[str, ...] | list[str] | str | None = None) -> pd.DataFrame:
    """Monthly averages of the H.10 rates, national currency per US dollar.

    Parameters
    ----------
    countries
        ISO3 codes (``"JPN"``, ``"MEX"``, ...; ``"EMU"`` for the euro) or
        ``None`` for every series in the file.

    Returns
    -------
    pandas.DataFrame
        ``country``, ``iso3``, ``currency``, ``date`` (first of the month),
        ``per_usd``, ``raw_quote``; one row per ``iso3``, ``date``.
    """
    frame = _h10("h10_monthly")
    return _select(frame, countries, sorted(frame["iso3"].unique()))


def h10_yearly(countries: tuple[str, ...] | list[str] | str | None = None) -> pd.DataFrame:
    """Annual averages of the H.10 rates (as :func:`h10_monthly`, with ``year``)."""
    frame = _h10("h10_yearly").copy()
    frame.insert(frame.columns.get_loc("date"), "year", frame["date"].dt.year.astype("int64"))
    frame = frame.drop(columns="date")
    return _select(frame, countries, sorted(frame["iso3"].unique()))


def fred_daily(countries: tuple[str, ...] | list[str] | str | None = None, *,
               start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Daily H.10 noon rates from FRED, national currency per US dollar.

    Parameters
    ----------
    countries
        ISO3 codes among BRA, CHN, JPN, KOR, MYS, MEX, THA, VEN, or ``None`` for all.
    start, end
        Optional inclusive date bounds (``"1994-11-01"``).

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``currency``, ``date``, ``per_usd`` (NaN on days without a quote).
    """
    available = sorted(iso for iso, _ in FRED_SERIES.values())
    wanted = available if countries is None else ([countries] if isinstance(countries, str) else list(countries))
    for c in wanted:
        if c not in available:
            raise ParameterError(
                f"parameter 'countries' contains {c!r}; FRED daily files cover: {', '.join(available)}"
            )
    ids = [fid for fid, (iso, _) in FRED_SERIES.items() if iso in wanted]
    frame = pd.concat([_fred(fid) for fid in ids], ignore_index=True)
    try:
        if start is not None:
            frame = frame[frame["date"] >= pd.Timestamp(start)]
        if end is not None:
            frame = frame[frame["date"] <= pd.Timestamp(end)]
    except (ValueError, TypeError) as exc:
        raise ParameterError(f"parameters 'start'/'end' ({start!r}, {end!r}) are not dates: {exc}") from None
    return frame.sort_values(["iso3", "date"]).reset_index(drop=True).copy()


def imf_annual(countries: tuple[str, ...] | list[str] | str | None = None) -> pd.DataFrame:
    """IMF annual average rates for the book's countries, national currency per US dollar.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``currency`` (current ISO 4217 code), ``year``, ``per_usd``.
    """
    frame = _imf()
    return _select(frame, countries, sorted(frame["iso3"].unique()))


def monthly_from_daily(frame: pd.DataFrame) -> pd.DataFrame:
    """Average a :func:`fred_daily` frame by calendar month (NaN days skipped).

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``currency``, ``date`` (first of the month), ``per_usd``, ``days`` (quotes averaged).
    """
    require_columns(frame, ["iso3", "currency", "date", "per_usd"], source="monthly_from_daily input")
    f = frame.assign(date=frame["date"].dt.to_period("M").dt.to_timestamp())
    out = (f.groupby(["iso3", "currency", "date"], as_index=False)
             .agg(per_usd=("per_usd", "mean"), days=("per_usd", "count")))
    return out
