"""The structured comparison of chapter 4: the Latin American debt crisis
(1982-91) against the Mexican peso crisis (1994-95).

The design holds the region, the main debtor (Mexico) and the two creditor
governments constant and lets the creditors' stakes change. One function
computes each numeric factor from the loaders (:func:`bank_claims_bn`,
:func:`liability_shares`, :func:`mexico_trade_share`, ...; all of them in
:func:`measures`), :func:`statements` gives the factors stated in words from
the fact tables, :data:`FACTORS` holds each factor's label, unit and source, and
:func:`factor_values` puts the three together; :func:`factor_table` formats them
side by side for the chapter. The chapter's prose numbers come from one
function per section (:func:`setting_numbers`, :func:`stakes_numbers`,
:func:`linkage_numbers`, :func:`outcome_numbers`).

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
from analysis.numbers import Number
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


def _onset(frame: pd.DataFrame, value: str, *, iso3: str, what: str) -> dict[str, float]:
    """``value`` for ``iso3`` in each crisis's onset year."""
    return {p: _one(frame, value, iso3=iso3, year=ys[0], what=what) for p, ys in PERIODS.items()}


def _windows(frame: pd.DataFrame, value: str, *, iso3: str, what: str) -> dict[str, float]:
    """Mean of ``value`` for ``iso3`` over each crisis's window (every year must have a value)."""
    return {p: window_mean(frame, value, ys, missing="raise", where={"iso3": iso3}, what=what)
            for p, ys in PERIODS.items()}


def bank_claims_bn() -> dict[str, float]:
    """Cross-border claims of all BIS-reporting banks on Mexico at the end of each onset year, US$ billion.

    Returns
    -------
    dict
        Period (``debt``, ``peso``) -> claims.
    """
    return {p: v / 1e3 for p, v in _onset(bis.bank_claims(), "bank_claims_musd", iso3=DEBTOR,
                                         what="BIS claims").items()}


def liability_shares() -> dict[str, dict[str, float]]:
    """Mexico's external liabilities at the end of each onset year, split by form (per cent).

    Returns
    -------
    dict
        ``bank_share_liab`` (BIS banks' claims as a share of total liabilities) and
        ``equity_share_liab`` (liabilities other than debt as a share of the total), each
        period -> per cent.
    """
    wealth = ewn.external_wealth()
    claims = _onset(bis.bank_claims(), "bank_claims_musd", iso3=DEBTOR, what="BIS claims")
    liab = _onset(wealth, "total_liabilities_musd", iso3=DEBTOR, what="EWN liabilities")
    debt_liab = _onset(wealth, "debt_liabilities_musd", iso3=DEBTOR, what="EWN debt liabilities")
    return {"bank_share_liab": {p: 100 * claims[p] / liab[p] for p in PERIODS},
            "equity_share_liab": {p: 100 * (liab[p] - debt_liab[p]) / liab[p] for p in PERIODS}}


def _mexico_trade_shares() -> pd.DataFrame:
    trade = census_trade.us_trade()
    world = census_trade.world_total()
    wcol = [c for c in world.columns if c.endswith("trade_musd")][0]
    mex = trade[trade["iso3"] == DEBTOR].set_index("year")["us_trade_musd"]
    ratio = (100 * mex / world.set_index("year")[wcol]).dropna()
    return pd.DataFrame({"year": ratio.index, "share": ratio.values})


def trade_from() -> int:
    """First year of the debt-crisis window for which Mexico's share of US goods trade exists.

    The US Census series starts after the onset of the debt crisis, so the
    debt-crisis average of the trade share starts in this year, not in
    ``DEBT_YEARS[0]``.
    """
    return max(int(_mexico_trade_shares()["year"].min()), DEBT_YEARS[0])


def mexico_trade_share() -> dict[str, float]:
    """Mexico's share of US goods trade (per cent), averaged over each window.

    The debt-crisis window starts at :func:`trade_from`; every year of a window must have a value.
    """
    shares = _mexico_trade_shares()
    windows = {"debt": (trade_from(), DEBT_YEARS[1]), "peso": PESO_YEARS}
    return {p: window_mean(shares, "share", ys, missing="raise", what="US trade shares") for p, ys in windows.items()}


def japan_us_gdp() -> dict[str, float]:
    """Japan's real GDP as a per-cent share of US real GDP (Maddison), averaged over each window."""
    md = maddison.maddison()
    ratio = (md[md["iso3"] == "JPN"].set_index("year")["gdp_musd"]
             / md[md["iso3"] == "USA"].set_index("year")["gdp_musd"] * 100).dropna()
    rel = pd.DataFrame({"iso3": "JPN", "year": ratio.index, "pct": ratio.values})
    return _windows(rel, "pct", iso3="JPN", what="GDP ratio")


def japan_current_account() -> dict[str, float]:
    """Japan's current-account balance in per cent of GDP (EWN), averaged over each window."""
    wealth = ewn.external_wealth()
    w = wealth[wealth["iso3"] == "JPN"].assign(ca_pct=lambda f: 100 * f["current_account_musd"] / f["gdp_musd"])
    return _windows(w, "ca_pct", iso3="JPN", what="Japan current account")


def oda_to_mexico(donor: str) -> dict[str, float]:
    """A donor's net bilateral ODA to Mexico, US$ million a year, averaged over each window.

    Raises
    ------
    ParameterError
        If ``donor`` is not ``JPN`` or ``USA``.
    """
    check_choice("donor", donor, ("JPN", "USA"))
    a = aid.bilateral_aid()
    sub = a[a["donor"] == donor]
    return {p: v / 1e6 for p, v in _windows(sub, "net_oda_usd", iso3=DEBTOR, what=f"{donor} aid").items()}


def measures() -> dict[str, dict[str, float]]:
    """Every numeric factor of the comparison: key -> period -> value (unrounded)."""
    gus = growth_rates("USA")
    gjp = growth_rates("JPN")
    out = {"bank_claims": bank_claims_bn(), **liability_shares(), "mex_share_us_trade": mexico_trade_share(),
           "us_growth": _windows(gus, "growth_pct", iso3="USA", what="US growth"),
           "us_growth_onset": _onset(gus, "growth_pct", iso3="USA", what="US growth"),
           "jp_growth": _windows(gjp, "growth_pct", iso3="JPN", what="Japan growth"),
           "jp_us_gdp": japan_us_gdp(), "jp_ca": japan_current_account(),
           "yen": _windows(fx.h10_yearly("JPN"), "per_usd", iso3="JPN", what="yen"),
           "jp_oda_mex": oda_to_mexico("JPN"), "us_oda_mex": oda_to_mexico("USA")}
    return out


#: The factors in table order: key -> (factor, group, hypothesis, unit, source, digits). ``digits`` is
#: None for a factor stated in words. ``{trade_from}`` in a label is filled by :func:`trade_from`.
FACTORS: dict[str, tuple[str, str, str, str, str, int | None]] = {
    "debtor": ("Debtor at the centre of the crisis", "held constant", "design", "", "", None),
    "creditors": ("Creditor governments compared", "held constant", "design", "", "", None),
    "bank_claims": ("Cross-border claims of all BIS-reporting banks on Mexico, end of onset year", "differs", "H1",
                    "US$ billion", "bis_lbs", 1),
    "bank_share_liab": ("BIS banks' claims as a share of Mexico's external liabilities", "differs", "H1",
                        "per cent", "bis_lbs; milesiferretti2022", 0),
    "equity_share_liab": ("Equity (portfolio and direct investment) in Mexico's external liabilities", "differs",
                          "H1", "per cent", "milesiferretti2022", 0),
    "us_bank_exposure": ("US banks' stake", "differs", "H1", "", "fact tables", None),
    "jp_bank_exposure": ("Japanese banks' stake in Mexico", "differs", "H1", "", "fact tables", None),
    "mex_share_us_trade": ("Mexico's share of US goods trade (average; debt window from {trade_from})", "differs",
                           "H2b", "per cent", "census_trade", 1),
    "us_growth": ("US real GDP growth, average of the window", "differs", "H2b", "per cent a year", "bolt2020", 1),
    "us_growth_onset": ("US real GDP growth in the onset year", "differs", "H2b", "per cent", "bolt2020", 1),
    "jp_growth": ("Japan's real GDP growth, average of the window", "differs", "capacity", "per cent a year",
                  "bolt2020", 1),
    "jp_us_gdp": ("Japan's real GDP as a share of US real GDP, average of the window", "differs", "power balance",
                  "per cent", "bolt2020", 0),
    "jp_ca": ("Japan's current-account balance, average of the window", "differs", "capacity", "per cent of GDP",
              "milesiferretti2022", 1),
    "yen": ("Yen per US dollar, average of the window", "differs", "capacity", "yen per US$", "fed_h10", 0),
    "jp_oda_mex": ("Japan's net bilateral ODA to Mexico, average of the window", "differs", "H2b",
                   "US$ million a year", "worldbank_wdi", 1),
    "us_oda_mex": ("US net bilateral ODA to Mexico, average of the window", "differs", "H2b", "US$ million a year",
                   "worldbank_wdi", 1),
    "domestic": ("Japan's domestic channels", "differs", "domestic channels", "", "fact tables", None),
    "japan_behaviour": ("Japan's coded behaviour (active / leadership / cooperation)", "differs", "outcome", "",
                        "engagement.csv", None),
}


def statements() -> dict[str, dict[str, str]]:
    """The factors stated in words, with the numbers and citations of their fact rows: key -> period -> text."""
    summ = coding.engagement_summary().set_index("crisis")
    return {
        "debtor": {"debt": "Mexico (moratorium of August 1982)", "peso": "Mexico (devaluation of December 1994)"},
        "creditors": {"debt": "United States and Japan", "peso": "United States and Japan"},
        "us_bank_exposure": {
            "debt": f"eight largest US banks owed {facts.amount('bank-la4-us8'):,.0f} US$ billion by the four "
                    f"largest debtors, {facts.fact('bank-la4-us8')['share_pct']:,.0f} per cent of their capital "
                    f"{_ref('bank-la4-us8')}",
            "peso": f"US banks' claims on Mexico {facts.amount('bank-mex94-us'):,.1f} US$ billion "
                    f"{_ref('bank-mex94-us')}"},
        "jp_bank_exposure": {
            "debt": f"large and rising; level with US banks in Latin America by the late 1980s "
                    f"{_ref('bank-la-jpn-us-1989')}; no country figure found {_ref('bank-mex-jpn-80s')}",
            "peso": f"no figure found {_ref('bank-mex94-jpn')}; bank loans largely converted into Brady "
                    f"bonds after 1990 {_ref('ini-brady')}"},
        "domestic": {
            "debt": f"strong banks organised in advisory committees; Japanese banks the largest lender group "
                    f"by 1987 {_ref('ev-1987-jpn-banks')}",
            "peso": f"banks weakened by bad loans; the Bank of Tokyo's merger announced in March 1995 "
                    f"{_ref('ev-1995-btm-merger')}"},
        "japan_behaviour": {p: " / ".join(summ.loc[crisis, f"{d}_label"] for d in coding.DIMENSIONS)
                            for p, crisis in (("debt", "debt_1982_91"), ("peso", "peso_1994_95"))},
    }


def factor_values() -> pd.DataFrame:
    """Every factor of the comparison for both crises: the :data:`FACTORS`, their
    :func:`measures` and :func:`statements`, in one long frame.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per factor and period (``debt``, ``peso``):
        ``key``, ``factor``, ``group`` (``held constant`` or ``differs``),
        ``hypothesis`` (H1, H2a, H2b, domestic channels, outcome),
        ``period``, ``value`` (float; NaN for text factors), ``text``
        (formatted value or statement), ``unit``, ``source``.
    """
    numbers = measures()
    words = statements()
    first = trade_from()
    rows: list[dict[str, object]] = []
    for key, (factor, group, hypothesis, unit, source, digits) in FACTORS.items():
        values: Mapping[str, float | str] = words[key] if digits is None else numbers[key]
        rows += _row(key, factor.format(trade_from=first), group, hypothesis, unit, source, values,
                     digits=digits if digits is not None else 1)
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
    if key not in FACTORS:
        raise DataSchemaError(f"no factor {key!r}; factors: {sorted(FACTORS)}")
    if FACTORS[key][5] is None:
        raise DataSchemaError(f"factor {key!r} is a statement, not a number")
    return float(measures()[key][period])


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


#: How the chapter's table names each source (the ``source`` column of :func:`factor_values`).
SOURCE_NAMES: dict[str, str] = {
    "bis_lbs": "BIS", "milesiferretti2022": "EWN", "bis_lbs; milesiferretti2022": "BIS, EWN",
    "census_trade": "US Census", "bolt2020": "Maddison", "fed_h10": "Fed H.10", "worldbank_wdi": "WDI",
    "fact tables": "chronology", "engagement.csv": "coding", "": "",
}


def factor_table_with_sources() -> pd.DataFrame:
    """:func:`factor_table` with a last column ``Source`` naming each factor's source (:data:`SOURCE_NAMES`).

    Raises
    ------
    DataSchemaError
        If a factor's source has no short name in :data:`SOURCE_NAMES` (add it there).
    """
    table = factor_table()
    sources = [FACTORS[k][4] for k in FACTORS]
    unnamed = sorted({s for s in sources if s not in SOURCE_NAMES})
    if unnamed:
        raise DataSchemaError(f"sources without a short name: {unnamed}; add them to comparison.SOURCE_NAMES")
    return table.assign(Source=[SOURCE_NAMES[s] for s in sources])


#: The two crises of the comparison: period -> crisis id of the coding.
CRISIS_OF: dict[str, str] = {"debt": "debt_1982_91", "peso": "peso_1994_95"}


def codes_table() -> pd.DataFrame:
    """Japan's coded phases in the two crises (:func:`analysis.coding.engagement_table`), the crisis named
    without its years.

    Columns: ``Crisis``, ``Phase``, ``Period``, ``Active``, ``Leadership``, ``Cooperation``, ``Events``.
    """
    parts = [coding.engagement_table(crisis=c) for c in CRISIS_OF.values()]
    codes = pd.concat(parts, ignore_index=True)
    codes["Crisis"] = codes["Crisis"].str.split(",").str[0]
    return codes[["Crisis", "Phase", "Period", "Active", "Leadership", "Cooperation", "Events"]]


def _pair(values: Mapping[str, Mapping[str, float]], key: str, digits: int) -> dict[str, Number | str]:
    return {f"c4_{key}_{p}": Number(values[key][p], digits=digits) for p in PERIODS}


def setting_numbers() -> dict[str, Number | str]:
    """Numbers of chapter 4's setting: the dates that open each crisis and Japan's GDP relative to the US.

    Returns
    -------
    dict
        ``c4_moratorium``, ``c4_devaluation``, ``c4_esf_date`` (dates in words from the chronology) and
        ``c4_gdp_debt``, ``c4_gdp_peso`` (Japan's real GDP in per cent of US real GDP, window averages).
    """
    return {"c4_moratorium": facts.date_text("ev-1982-moratorium"),
            "c4_devaluation": facts.date_text("ev-1994-devaluation"),
            "c4_esf_date": facts.date_text("ev-1995-esf"),
            **{f"c4_gdp_{p}": Number(v, digits=0) for p, v in japan_us_gdp().items()}}


def stakes_numbers() -> dict[str, Number | str]:
    """Numbers of chapter 4's section on the banks' stakes (H1).

    Returns
    -------
    dict
        ``c4_bank_claims_<period>`` (US$ billion), ``c4_bank_share_liab_<period>`` and
        ``c4_equity_share_liab_<period>`` (per cent of Mexico's external liabilities), and the
        chronology's ``c4_us8`` (US$ billion), ``c4_us8_cap`` (per cent of capital), ``c4_us_mex94`` and
        ``c4_la4`` (US$ billion).
    """
    values = {"bank_claims": bank_claims_bn(), **liability_shares()}
    out: dict[str, Number | str] = {}
    for key, digits in (("bank_claims", 1), ("bank_share_liab", 0), ("equity_share_liab", 0)):
        out.update(_pair(values, key, digits))
    out["c4_us8"] = Number(facts.amount("bank-la4-us8"), digits=0)
    out["c4_us8_cap"] = Number(float(facts.fact("bank-la4-us8")["share_pct"]), digits=0)
    out["c4_us_mex94"] = Number(facts.amount("bank-mex94-us"), digits=1)
    out["c4_la4"] = Number(facts.amount("bank-la4-1983"), digits=0)
    return out


def linkage_numbers() -> dict[str, Number | str]:
    """Numbers of chapter 4's section on the economic linkages and Japan's capacity.

    Returns
    -------
    dict
        ``c4_<factor>_<period>`` for Mexico's share of US trade, US growth (window and onset year),
        Japan's growth and current account, the yen and both donors' aid to Mexico; and
        ``c4_trade_from``, the first year of the debt-crisis trade average (:func:`trade_from`).
    """
    values = measures()
    out: dict[str, Number | str] = {}
    for key, digits in (("mex_share_us_trade", 1), ("us_growth", 1), ("us_growth_onset", 1), ("jp_growth", 1),
                        ("jp_ca", 1), ("yen", 0), ("jp_oda_mex", 1), ("us_oda_mex", 1)):
        out.update(_pair(values, key, digits))
    out["c4_trade_from"] = str(trade_from())
    return out


def outcome_numbers() -> dict[str, Number | str]:
    """Japan's coded behaviour in the two crises (acute phases, weighted by length).

    Returns
    -------
    dict
        For each period ``debt`` and ``peso`` and dimension of :data:`analysis.coding.DIMENSIONS`:
        ``c4_<period>_<dim>`` (the score in words), ``c4_<period>_<dim>_score`` (the score, 2 decimals);
        and ``c4_<period>_phases``, the number of phases.
    """
    summary = coding.engagement_summary().set_index("crisis")
    out: dict[str, Number | str] = {}
    for period, crisis in CRISIS_OF.items():
        for dim in coding.DIMENSIONS:
            out[f"c4_{period}_{dim}"] = str(summary.loc[crisis, f"{dim}_label"])
            out[f"c4_{period}_{dim}_score"] = Number(float(summary.loc[crisis, dim]), digits=2)
        out[f"c4_{period}_phases"] = str(int(summary.loc[crisis, "phases"]))
    return out
