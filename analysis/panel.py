"""The recipient-by-year panel behind the allocation regressions of chapter 3
(Latin America) and chapter 8 (East Asia, and both regions pooled).

Public API
----------
:func:`build_panel`
    ``build_panel(recipients, start_year, end_year, *, lag=1)`` returns one row
    per recipient (``iso3``) and year with the dependent variables, every
    regressor in levels and transformed, and each transformed regressor lagged
    by ``lag`` years under the name ``l1_<name>`` (``l2_`` for two years...).
    ``recipients`` is a list of ISO3 codes, e.g.
    ``analysis.countries.recipients("Latin America")``, or a region name.
:data:`VARIABLES`
    The registry: for every panel column, its label, unit, source and the
    hypothesis it is tied to (``"DV"``, ``"H1"``, ``"H2"``, ``"US strategic
    interest"``, ``"Mercantilism"`` or ``"Control"``).
:func:`missing_report`
    Per variable: observations, missing values and the years covered, for a
    panel and a list of columns. Nothing in the panel is ever filled in: a
    missing source value stays missing, and the regressions drop the row.
:func:`check_window`
    Validates the window (raises :class:`~analysis.errors.ParameterError`).
:func:`lag_name`
    ``lag_name("log_bank_claims", 1) == "l1_log_bank_claims"``.

Dependent variables (Japan's net bilateral ODA, WDI/DAC):

- ``net_oda_musd``: current US$ millions. Net flows can be negative
  (repayments on earlier ODA loans larger than new disbursements); the level
  keeps the sign.
- ``net_oda_asinh``: the inverse hyperbolic sine of ``net_oda_musd``,
  :math:`\\operatorname{asinh}(y) = \\ln(y + \\sqrt{y^2+1})`, defined for
  negative values and close to :math:`\\ln(2y)` for large positive ones
  :cite:`bellemare2020`; it is used instead of a logarithm precisely because
  some flows are negative.
- ``oda_share_pct``: the recipient's share, in per cent, of Japan's net ODA to
  all the recipients of the panel in that year (negative when the flow is);
  it removes the growth of Japan's aid budget over time.
- ``oda_per_capita_usd``: US$ per inhabitant (PWT population).

Regressors (all lagged in the models):

- H1, private returns to Japan's financial sector: ``log_bank_claims`` (log
  of the claims of all BIS-reporting banks on the country), and the debt
  burden ``debt_service_pct_exports``; alternatives ``bank_claims_pct_gdp``,
  ``log_nonbank_claims``, ``log_external_debt``, ``debt_pct_gni``.
- H2, the US-Japan-debtor triangle: ``log_us_trade`` (US goods trade with the
  country, from 1985) and the alternative ``us_trade_pct_gdp``.
- US strategic interest: ``asinh_us_aid`` (US aid obligations; a fiscal year
  without a row in the source is missing, see :mod:`analysis.loaders.us_aid`).
- Mercantilist alternative: ``log_jp_trade`` (Japan's manufacturing exports
  plus imports with the country, from 1986, 17 of the 26 recipients).
- Controls: ``log_gdp_pc`` (PWT), ``log_pop`` (PWT), ``imf_programme`` (IMF
  arrangement in force), ``brady_done`` (Brady exchange completed).

Lags are taken by calendar year (the value of year *t - lag* of the same
country), never by row position, so a gap in a series cannot shift a lag.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis import countries as ctry
from analysis.errors import ParameterError, UnknownCountryError

#: Years the sources of the regression can cover (BIS claims begin in 1977,
#: the IMF compilation ends in 2017, PWT in 2019).
FIRST_YEAR, LAST_YEAR = 1978, 2017


@dataclass(frozen=True)
class PanelVariable:
    """A column of the panel.

    Attributes
    ----------
    name, label, unit
        Column name, description and unit.
    hypothesis
        ``"DV"``, ``"H1"``, ``"H2"``, ``"US strategic interest"``,
        ``"Mercantilism"`` or ``"Control"``.
    source
        Loader (module.function) the column comes from.
    expected_sign
        Sign the hypothesis predicts for the lagged regressor (+1, -1, 0 for
        controls and dependent variables).
    """

    name: str
    label: str
    unit: str
    hypothesis: str
    source: str
    expected_sign: int = 0


VARIABLES: dict[str, PanelVariable] = {v.name: v for v in (
    PanelVariable("net_oda_musd", "Japan's net bilateral ODA", "current US$ m", "DV", "aid.bilateral_aid"),
    PanelVariable("net_oda_asinh", "Japan's net bilateral ODA, asinh", "asinh(US$ m)", "DV", "aid.bilateral_aid"),
    PanelVariable("oda_share_pct", "Share of Japan's net ODA to the panel's recipients", "%", "DV",
                  "aid.bilateral_aid"),
    PanelVariable("oda_per_capita_usd", "Japan's net bilateral ODA per head", "US$ per person", "DV",
                  "aid.bilateral_aid; pwt.pwt"),
    PanelVariable("log_bank_claims", "Claims of BIS-reporting banks on the country (log)", "log US$ m", "H1",
                  "bis.bank_claims", +1),
    PanelVariable("bank_claims_pct_gdp", "Claims of BIS-reporting banks, % of GDP", "%", "H1",
                  "bis.bank_claims; wdi_gdp.gdp_population", +1),
    PanelVariable("log_nonbank_claims", "Claims of BIS-reporting banks on the non-bank sector (log)", "log US$ m",
                  "H1", "bis.bank_claims", +1),
    PanelVariable("debt_service_pct_exports", "Debt service, % of exports", "%", "H1",
                  "gapminder_debt.debt_indicators", +1),
    PanelVariable("log_external_debt", "External debt stocks (log)", "log US$ m", "H1",
                  "gapminder_debt.debt_indicators", +1),
    PanelVariable("debt_pct_gni", "External debt, % of GNI", "%", "H1", "gapminder_debt.debt_indicators", +1),
    PanelVariable("log_us_trade", "US goods trade with the country (log)", "log US$ m", "H2",
                  "census_trade.us_trade", +1),
    PanelVariable("us_trade_pct_gdp", "US goods trade with the country, % of its GDP", "%", "H2",
                  "census_trade.us_trade; wdi_gdp.gdp_population", +1),
    PanelVariable("asinh_us_aid", "US aid obligations (asinh)", "asinh(US$ m)", "US strategic interest",
                  "us_aid.us_aid", +1),
    PanelVariable("log_jp_trade", "Japan's manufacturing trade with the country (log)", "log US$ m",
                  "Mercantilism", "gravity.reporter_trade", +1),
    PanelVariable("log_gdp_pc", "Real GDP per head (log)", "log 2017 US$ PPP", "Control", "pwt.pwt"),
    PanelVariable("log_pop", "Population (log)", "log millions", "Control", "pwt.pwt"),
    PanelVariable("imf_programme", "IMF arrangement in force", "0/1", "Control", "imf.programme_in_force"),
    PanelVariable("brady_done", "Brady exchange completed", "0/1", "Control", "asonuma.brady_status"),
)}

#: The dependent variables offered to the notebooks.
DEPENDENTS = tuple(n for n, v in VARIABLES.items() if v.hypothesis == "DV")
#: Regressors (transformed, before lagging).
REGRESSORS = tuple(n for n, v in VARIABLES.items() if v.hypothesis != "DV")


def lag_name(name: str, lag: int = 1) -> str:
    """Name of the ``lag``-year lag of ``name`` in the panel (``l1_<name>``)."""
    return f"l{lag}_{name}"


def check_window(start_year: int, end_year: int, *, lag: int = 1) -> None:
    """Raise :class:`ParameterError` unless the window is inside what the sources cover.

    The first year of the window must leave room for the lag within the
    first year of bank claims (1977 + lag), the last must be at most 2017.
    """
    for name, value in (("start_year", start_year), ("end_year", end_year), ("lag", lag)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
            raise ParameterError(f"parameter {name!r} is {value!r}; it must be a whole number")
    if lag < 1:
        raise ParameterError(f"parameter 'lag' is {lag}; allowed values are whole numbers >= 1")
    lo = FIRST_YEAR - 1 + lag
    if not lo <= start_year <= LAST_YEAR:
        raise ParameterError(f"parameter 'start_year' is {start_year}; allowed values are {lo}-{LAST_YEAR}")
    if not start_year < end_year <= LAST_YEAR:
        raise ParameterError(
            f"parameter 'end_year' is {end_year}; allowed values are {start_year + 1}-{LAST_YEAR} "
            "(after start_year)"
        )


def _resolve_recipients(recipients: str | Sequence[str]) -> list[str]:
    if isinstance(recipients, str):
        return ctry.recipients(recipients)
    codes = [str(c).upper() for c in recipients]
    if not codes:
        raise ParameterError("parameter 'recipients' is empty; give ISO3 codes or a region name")
    known = set(ctry.recipients())
    for c in codes:
        if c not in known:
            raise UnknownCountryError(f"parameter 'recipients': {c!r} is not one of the book's 26 recipients")
    if len(set(codes)) != len(codes):
        raise ParameterError("parameter 'recipients' repeats a country")
    return codes


def _sources(codes: list[str], years: range) -> pd.DataFrame:
    """Every source merged on (iso3, year) for ``codes`` and ``years``; levels only."""
    from analysis.loaders import aid, asonuma, bis, census_trade, gapminder_debt, gravity, imf, pwt, us_aid, wdi_gdp

    frame = pd.MultiIndex.from_product([codes, list(years)], names=["iso3", "year"]).to_frame(index=False)

    def add(df: pd.DataFrame, cols: Iterable[str]) -> None:
        nonlocal frame
        cols = list(cols)
        df = df[df["iso3"].isin(codes)][["iso3", "year", *cols]]
        frame = frame.merge(df, on=["iso3", "year"], how="left", validate="one_to_one")

    oda = aid.bilateral_aid(("JPN",)).assign(net_oda_musd=lambda d: d["net_oda_usd"] / 1e6)
    add(oda, ["net_oda_musd"])
    add(pwt.pwt(), ["pop_m", "gdp_pc_usd"])
    add(bis.bank_claims(), ["bank_claims_musd", "bank_claims_nonbanks_musd"])
    add(gapminder_debt.debt_indicators(), ["external_debt_musd", "debt_service_pct_exports", "debt_pct_gni"])
    add(census_trade.us_trade(), ["us_trade_musd"])
    jp = gravity.reporter_trade(("JPN",)).assign(jp_trade_musd=lambda d: d["exports_musd"] + d["imports_musd"])
    add(jp, ["jp_trade_musd"])
    add(us_aid.us_aid(), ["us_aid_musd"])
    add(imf.programme_in_force(), ["imf_programme"])
    add(asonuma.brady_status(), ["brady_done"])
    gdp = wdi_gdp.gdp_population(codes).assign(gdp_musd=lambda d: d["gdp_usd"] / 1e6)
    add(gdp, ["gdp_musd"])
    return frame


def _log(s: pd.Series) -> pd.Series:
    """Natural log of a positive series; zero or negative values become missing (none expected)."""
    return np.log(s.where(s > 0))


def _transform(raw: pd.DataFrame, *, us_aid_absent_as_zero: bool) -> pd.DataFrame:
    df = raw.copy()
    df["net_oda_asinh"] = np.arcsinh(df["net_oda_musd"])
    total = df.groupby("year")["net_oda_musd"].transform(lambda s: s.sum(min_count=len(s)))
    df["oda_share_pct"] = 100 * df["net_oda_musd"] / total
    df["oda_per_capita_usd"] = df["net_oda_musd"] / df["pop_m"]  # US$ m / million people = US$ per head
    df["log_bank_claims"] = _log(df["bank_claims_musd"])
    df["bank_claims_pct_gdp"] = 100 * df["bank_claims_musd"] / df["gdp_musd"]
    df["log_nonbank_claims"] = _log(df["bank_claims_nonbanks_musd"])
    df["log_external_debt"] = _log(df["external_debt_musd"])
    df["log_us_trade"] = _log(df["us_trade_musd"])
    df["us_trade_pct_gdp"] = 100 * df["us_trade_musd"] / df["gdp_musd"]
    aid = df["us_aid_musd"].fillna(0.0) if us_aid_absent_as_zero else df["us_aid_musd"]
    df["asinh_us_aid"] = np.arcsinh(aid)
    df["log_jp_trade"] = _log(df["jp_trade_musd"])
    df["log_gdp_pc"] = _log(df["gdp_pc_usd"])
    df["log_pop"] = _log(df["pop_m"])
    return df


def build_panel(recipients: str | Sequence[str] = ctry.LATIN_AMERICA, start_year: int = 1978,
                end_year: int = 1994, *, lag: int = 1, us_aid_absent_as_zero: bool = False) -> pd.DataFrame:
    """The recipient-year panel with dependent variables and lagged regressors.

    Parameters
    ----------
    recipients
        A region name (``"Latin America"``, ``"East Asia"``) or a list of the
        book's recipient ISO3 codes.
    start_year, end_year
        Years of the dependent variable (inclusive); see :func:`check_window`.
    lag
        Years by which regressors are lagged (default 1).
    us_aid_absent_as_zero
        If True, a fiscal year without a US aid row counts as zero aid (a
        robustness variant; the default keeps it missing).

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` and ``year`` in the window (every combination,
        whether or not the dependent variable is observed), with ``region``,
        ``name``, the level columns of each source, the transformed columns of
        :data:`VARIABLES` and their lags ``l<lag>_<name>`` for every regressor.
        Missing values are NaN, never filled.
    """
    codes = _resolve_recipients(recipients)
    check_window(start_year, end_year, lag=lag)
    years = range(start_year - lag, end_year + 1)
    df = _transform(_sources(codes, years), us_aid_absent_as_zero=us_aid_absent_as_zero)
    # oda_share_pct must use the window's recipients only: recomputed above on the same frame
    lagged = df[["iso3", "year", *REGRESSORS]].copy()
    lagged["year"] = lagged["year"] + lag
    lagged = lagged.rename(columns={c: lag_name(c, lag) for c in REGRESSORS})
    out = df.merge(lagged, on=["iso3", "year"], how="left", validate="one_to_one")
    out = out[out["year"].between(start_year, end_year)].copy()
    out.insert(1, "region", [ctry.region_of(c) for c in out["iso3"]])
    out.insert(2, "name", [ctry.name_of(c) for c in out["iso3"]])
    if out.duplicated(["iso3", "year"]).any():  # pragma: no cover - guaranteed by construction
        raise ParameterError("panel keys are not unique")
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def missing_report(panel: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Observed and missing values per column of ``panel``.

    Returns
    -------
    pandas.DataFrame
        One row per column: ``variable``, ``label``, ``hypothesis``,
        ``observed``, ``missing``, ``countries`` (with at least one value),
        ``first_year`` and ``last_year`` observed, ``missing_in``
        (countries entirely missing, comma-separated).
    """
    rows = []
    for col in columns:
        if col not in panel.columns:
            raise ParameterError(f"column {col!r} is not in the panel; columns are {list(panel.columns)}")
        base = col.split("_", 1)[1] if col[:1] == "l" and col[1:2].isdigit() else col
        meta = VARIABLES.get(base)
        ok = panel[col].notna()
        seen = panel.loc[ok]
        none = sorted(set(panel["iso3"]) - set(seen["iso3"]))
        rows.append({
            "variable": col,
            "label": meta.label if meta else col,
            "hypothesis": meta.hypothesis if meta else "",
            "observed": int(ok.sum()),
            "missing": int((~ok).sum()),
            "countries": int(seen["iso3"].nunique()),
            "first_year": int(seen["year"].min()) if len(seen) else pd.NA,
            "last_year": int(seen["year"].max()) if len(seen) else pd.NA,
            "missing_in": ", ".join(none),
        })
    return pd.DataFrame(rows)
