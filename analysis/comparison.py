"""The structured comparison of chapter 4: the Latin American debt crisis
(1982-91) against the Mexican peso crisis (1994-95).

The design holds the region, the main debtor (Mexico) and the two creditor
governments constant and lets the creditors' stakes change. :func:`factor_values`
computes each factor for both crises from the loaders and the fact tables;
:func:`factor_table` formats them side by side for the chapter.

Windows (module constants): the debt crisis is measured over
:data:`DEBT_YEARS` with onset year 1982, the peso crisis over
:data:`PESO_YEARS` with onset year 1994. Stocks (bank claims, external
liabilities) are end-of-year values in the onset year; flows and growth rates
are averages over the window.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from analysis import coding, facts
from analysis.errors import DataSchemaError, check_choice
from analysis.loaders import aid, bis, census_trade, ewn, fx, maddison
from analysis.windows import window_mean

#: Years of the debt-crisis window (inclusive) and its onset year.
DEBT_YEARS: tuple[int, int] = (1982, 1991)
#: Years of the peso-crisis window (inclusive) and its onset year.
PESO_YEARS: tuple[int, int] = (1994, 1995)
PERIODS = {"debt": DEBT_YEARS, "peso": PESO_YEARS}
PERIOD_LABELS = {"debt": "Debt crisis, 1982-91", "peso": "Peso crisis, 1994-95"}
#: The debtor the comparison holds constant.
DEBTOR = "MEX"


def _one(frame: pd.DataFrame, value: str, *, iso3: str, year: int, what: str) -> float:
    row = frame[(frame["iso3"] == iso3) & (frame["year"] == year)]
    if row.empty or pd.isna(row[value].iloc[0]):
        raise DataSchemaError(f"{what}: no value of {value!r} for {iso3} in {year}; the comparison needs it")
    return float(row[value].iloc[0])


def growth_rates(iso3: str) -> pd.DataFrame:
    """Annual real GDP growth (per cent) from the Maddison Project 2020.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``year``, ``growth_pct``.
    """
    return maddison.real_growth(iso3)


def _row(key: str, factor: str, group: str, hypothesis: str, unit: str, source: str,
         values: Mapping[str, float | str], digits: int = 1) -> list[dict[str, object]]:
    out = []
    for period, v in values.items():
        if isinstance(v, str):
            out.append(dict(key=key, factor=factor, group=group, hypothesis=hypothesis, period=period,
                            value=math.nan, text=v, unit=unit, source=source))
        else:
            if v is None or pd.isna(v):
                raise DataSchemaError(f"factor {key!r}: the {period} value is missing")
            text = f"{v:,.{digits}f}".replace("-", "\u2212")
            out.append(dict(key=key, factor=factor, group=group, hypothesis=hypothesis, period=period,
                            value=float(v), text=text, unit=unit, source=source))
    return out


def _ref(fact_id: str) -> str:
    """The source of a fact row as an author-year citation in parentheses (see
    :func:`analysis.facts.cite_role`), or a pointer to the row in the chronology."""
    role = facts.cite_role(fact_id)
    return role if role.startswith("{cite:") else f"(see the {role})"


def factor_values() -> pd.DataFrame:
    """Every factor of the comparison for both crises, computed.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per factor and period (``debt``, ``peso``):
        ``key``, ``factor``, ``group`` (``held constant`` or ``differs``),
        ``hypothesis`` (H1, H2a, H2b, domestic channels, outcome),
        ``period``, ``value`` (float; NaN for text factors), ``text``
        (formatted value or statement), ``unit``, ``source``.
    """
    d0, p0 = DEBT_YEARS[0], PESO_YEARS[0]
    rows: list[dict[str, object]] = []
    # --- held constant ---------------------------------------------------
    rows += _row("debtor", "Debtor at the centre of the crisis", "held constant", "design", "", "",
                 {"debt": "Mexico (moratorium of August 1982)", "peso": "Mexico (devaluation of December 1994)"})
    rows += _row("creditors", "Creditor governments compared", "held constant", "design", "", "",
                 {"debt": "United States and Japan", "peso": "United States and Japan"})
    # --- H1: private returns ---------------------------------------------
    claims = bis.bank_claims()
    rows += _row("bank_claims", "Cross-border claims of all BIS-reporting banks on Mexico, end of onset year",
                 "differs", "H1", "US$ billion", "bis_lbs",
                 {"debt": _one(claims, "bank_claims_musd", iso3=DEBTOR, year=d0, what="BIS claims") / 1e3,
                  "peso": _one(claims, "bank_claims_musd", iso3=DEBTOR, year=p0, what="BIS claims") / 1e3})
    wealth = ewn.external_wealth()
    share = {}
    equity = {}
    for period, y in (("debt", d0), ("peso", p0)):
        liab = _one(wealth, "total_liabilities_musd", iso3=DEBTOR, year=y, what="EWN liabilities")
        debt_liab = _one(wealth, "debt_liabilities_musd", iso3=DEBTOR, year=y, what="EWN debt liabilities")
        share[period] = 100 * _one(claims, "bank_claims_musd", iso3=DEBTOR, year=y, what="BIS claims") / liab
        equity[period] = 100 * (liab - debt_liab) / liab
    rows += _row("bank_share_liab", "BIS banks' claims as a share of Mexico's external liabilities", "differs", "H1",
                 "per cent", "bis_lbs; milesiferretti2022", share, digits=0)
    rows += _row("equity_share_liab", "Equity (portfolio and direct investment) in Mexico's external liabilities",
                 "differs", "H1", "per cent", "milesiferretti2022", equity, digits=0)
    rows += _row("us_bank_exposure", "US banks' stake", "differs", "H1", "", "fact tables",
                 {"debt": f"eight largest US banks owed {facts.amount('bank-la4-us8'):,.0f} US$ billion by the four "
                          f"largest debtors, {facts.fact('bank-la4-us8')['share_pct']:,.0f} per cent of their capital "
                          f"{_ref('bank-la4-us8')}",
                  "peso": f"US banks' claims on Mexico {facts.amount('bank-mex94-us'):,.1f} US$ billion "
                          f"{_ref('bank-mex94-us')}"})
    rows += _row("jp_bank_exposure", "Japanese banks' stake in Mexico", "differs", "H1", "", "fact tables",
                 {"debt": f"large and rising; level with US banks in Latin America by the late 1980s "
                          f"{_ref('bank-la-jpn-us-1989')}; no country figure found {_ref('bank-mex-jpn-80s')}",
                  "peso": f"no figure found {_ref('bank-mex94-jpn')}; bank loans largely converted into Brady "
                          f"bonds after 1990 {_ref('ini-brady')}"})
    # --- H2b: economic linkages (the triangle) ----------------------------
    trade = census_trade.us_trade()
    world = census_trade.world_total()
    wcol = [c for c in world.columns if c.endswith("trade_musd")][0]
    mex = trade[trade["iso3"] == DEBTOR].set_index("year")["us_trade_musd"]
    tot = world.set_index("year")[wcol]
    ratio = (100 * mex / tot).dropna()
    first_trade_year = int(ratio.index.min())
    tw = {"debt": (max(first_trade_year, DEBT_YEARS[0]), DEBT_YEARS[1]), "peso": PESO_YEARS}
    shares = pd.DataFrame({"year": ratio.index, "share": ratio.values})
    mshare = {p: window_mean(shares, "share", ys, missing="raise", what="US trade shares") for p, ys in tw.items()}
    rows += _row("mex_share_us_trade", f"Mexico's share of US goods trade (average; debt window from {tw['debt'][0]})",
                 "differs", "H2b", "per cent", "census_trade", mshare)
    gus = growth_rates("USA")
    gjp = growth_rates("JPN")
    rows += _row("us_growth", "US real GDP growth, average of the window", "differs", "H2b", "per cent a year",
                 "bolt2020",
                 {p: window_mean(gus, "growth_pct", ys, missing="raise", where={"iso3": "USA"}, what="US growth")
                  for p, ys in PERIODS.items()})
    rows += _row("us_growth_onset", "US real GDP growth in the onset year", "differs", "H2b", "per cent",
                 "bolt2020",
                 {"debt": _one(gus, "growth_pct", iso3="USA", year=d0, what="US growth"),
                  "peso": _one(gus, "growth_pct", iso3="USA", year=p0, what="US growth")})
    # --- Japan's economy -------------------------------------------------
    rows += _row("jp_growth", "Japan's real GDP growth, average of the window", "differs", "capacity",
                 "per cent a year", "bolt2020",
                 {p: window_mean(gjp, "growth_pct", ys, missing="raise", where={"iso3": "JPN"}, what="Japan growth")
                  for p, ys in PERIODS.items()})
    md = maddison.maddison()
    ratio = (md[md["iso3"] == "JPN"].set_index("year")["gdp_musd"]
             / md[md["iso3"] == "USA"].set_index("year")["gdp_musd"] * 100).dropna()
    rel = pd.DataFrame({"iso3": "JPN", "year": ratio.index, "pct": ratio.values})
    rows += _row("jp_us_gdp", "Japan's real GDP as a share of US real GDP, average of the window", "differs",
                 "power balance", "per cent", "bolt2020",
                 {p: window_mean(rel, "pct", ys, missing="raise", where={"iso3": "JPN"}, what="GDP ratio")
                  for p, ys in PERIODS.items()}, digits=0)
    w = wealth[wealth["iso3"] == "JPN"].assign(ca_pct=lambda f: 100 * f["current_account_musd"] / f["gdp_musd"])
    rows += _row("jp_ca", "Japan's current-account balance, average of the window", "differs", "capacity",
                 "per cent of GDP", "milesiferretti2022",
                 {p: window_mean(w, "ca_pct", ys, missing="raise", where={"iso3": "JPN"}, what="Japan current account")
                  for p, ys in PERIODS.items()})
    yen = fx.h10_yearly("JPN")
    rows += _row("yen", "Yen per US dollar, average of the window", "differs", "capacity", "yen per US$", "fed_h10",
                 {p: window_mean(yen, "per_usd", ys, missing="raise", where={"iso3": "JPN"}, what="yen")
                  for p, ys in PERIODS.items()}, digits=0)
    # --- aid to Mexico (division of labour) --------------------------------
    a = aid.bilateral_aid()
    for donor, key, label in (("JPN", "jp_oda_mex", "Japan's"), ("USA", "us_oda_mex", "US")):
        sub = a[a["donor"] == donor]
        rows += _row(key, f"{label} net bilateral ODA to Mexico, average of the window", "differs", "H2b",
                     "US$ million a year", "worldbank_wdi",
                     {p: window_mean(sub, "net_oda_usd", ys, missing="raise", where={"iso3": DEBTOR},
                                     what=f"{donor} aid") / 1e6
                      for p, ys in PERIODS.items()})
    # --- domestic channels -----------------------------------------------
    rows += _row("domestic", "Japan's domestic channels", "differs", "domestic channels", "", "fact tables",
                 {"debt": f"strong banks organised in advisory committees; Japanese banks the largest lender group "
                          f"by 1987 {_ref('ev-1987-jpn-banks')}",
                  "peso": f"banks weakened by bad loans; the Bank of Tokyo's merger announced in March 1995 "
                          f"{_ref('ev-1995-btm-merger')}"})
    # --- outcome -----------------------------------------------------------
    summ = coding.engagement_summary().set_index("crisis")
    for period, crisis in (("debt", "debt_1982_91"), ("peso", "peso_1994_95")):
        r = summ.loc[crisis]
        rows.append(dict(key="japan_behaviour", factor="Japan's coded behaviour (active / leadership / cooperation)",
                         group="differs", hypothesis="outcome", period=period, value=math.nan,
                         text=" / ".join(r[f"{d}_label"] for d in coding.DIMENSIONS), unit="", source="engagement.csv"))
    return pd.DataFrame(rows)


def value(key: str, period: str) -> float:
    """The numeric value of one factor in one period (for glue).

    Raises
    ------
    ParameterError
        If ``period`` is not ``debt`` or ``peso``.
    DataSchemaError
        If the factor is unknown or holds text only.
    """
    check_choice("period", period, tuple(PERIODS))
    fv = factor_values()
    hit = fv[(fv["key"] == key) & (fv["period"] == period)]
    if hit.empty:
        raise DataSchemaError(f"no factor {key!r}; factors: {sorted(fv['key'].unique())}")
    v = hit["value"].iloc[0]
    if pd.isna(v):
        raise DataSchemaError(f"factor {key!r} is a statement, not a number")
    return float(v)


def factor_table() -> pd.DataFrame:
    """The side-by-side table of chapter 4 (text cells, one row per factor).

    Columns: ``Factor``, ``Tests``, ``Debt crisis, 1982-91``,
    ``Peso crisis, 1994-95``, ``Unit``.
    """
    fv = factor_values()
    wide = fv.pivot(index="key", columns="period", values="text")
    meta = fv.drop_duplicates("key").set_index("key")
    order = list(dict.fromkeys(fv["key"]))
    out = pd.DataFrame({
        "Factor": meta.loc[order, "factor"].values,
        "Tests": meta.loc[order, "hypothesis"].values,
        PERIOD_LABELS["debt"]: wide.loc[order, "debt"].values,
        PERIOD_LABELS["peso"]: wide.loc[order, "peso"].values,
        "Unit": meta.loc[order, "unit"].values,
    })
    return out
