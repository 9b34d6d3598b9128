"""The conclusion's synthesis: the factors of the argument for the three crises,
computed from the book's data, fact tables and coded engagement.

Each crisis is measured at its onset on the debtors it concerned
(:data:`CASES`): the twenty Latin American recipients from 1982, Mexico in
1994, the five Asian crisis economies before 1997. Each indicator is tied to
one factor of the argument (:data:`FACTORS`):

private returns
    *level*: claims of all BIS-reporting banks on the debtors, in dollars
    and relative to the debtors' external debt; *type*: the share of those
    claims that is on the debtors' banks (interbank lending) rather than on
    governments and firms; *coherence*: Japan's trade with the debtors
    relative to the banks' claims on them (the larger, the more a commercial
    stake competes with the banks' interest in quick repayment) and how far
    the banks' claims fell in the two years after onset.
linkages
    *institutional*: the share of the crisis's dated events in which
    creditor banks appear among the actors (a rough measure of how far the
    banks took part as a group) and, where the fact table has it, the largest
    single lender group's share of claims (Korea) and the Japanese share
    in Thailand, which rests on figures the fact table marks as not verified;
    *economic*: the debtors' share of US goods trade and Japan's trade with
    them relative to America's.
domestic channels
    whether Japan's (and America's) banking system was in a systemic
    crisis during the crisis window (Laeven and Valencia).
Japan's behaviour
    the mean of the coded phases on each dimension (0 to 2).

Every indicator is computed by a function here and can be traced to its
source; :func:`synthesis_long` gives the numbers, :func:`synthesis_table` the
formatted table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.countries import LATIN_AMERICA, recipients
from analysis.errors import ParameterError, check_choice


@dataclass(frozen=True)
class Case:
    """One crisis as the synthesis measures it.

    Attributes
    ----------
    crisis
        The crisis code used in the fact tables and coded data.
    label
        Column heading.
    debtors
        ISO3 codes of the debtors.
    onset
        Year whose end-of-year bank claims and annual values measure the
        pre-crisis stakes.
    trade_year
        Year of the trade measures (the gravity panel starts in 1986 and the
        Census in 1985, so the debt crisis is measured at the first year with data).
    window
        First and last year of the crisis, for the domestic-channel test.
    """

    crisis: str
    label: str
    debtors: tuple[str, ...]
    onset: int
    trade_year: int
    window: tuple[int, int]


def cases() -> tuple[Case, ...]:
    """The three crises of the book, in chronological order."""
    from analysis.asia import ASIA_FIVE

    return (
        Case("debt_1982_91", "Debt crisis, 1982-91", tuple(recipients(LATIN_AMERICA)), 1982, 1986, (1982, 1991)),
        Case("peso_1994_95", "Peso crisis, 1994-95", ("MEX",), 1994, 1994, (1994, 1995)),
        Case("asia_1997_98", "Asian crisis, 1997-98", ASIA_FIVE, 1996, 1996, (1997, 1998)),
    )


#: Factor headings, in table order.
FACTORS = (
    "Private returns: level",
    "Private returns: type",
    "Private returns: coherence",
    "Linkages: institutional",
    "Linkages: economic",
    "Domestic channels",
    "Japan's coded behaviour",
)

#: An actor that is a group of creditor banks (commercial banks, a bank advisory committee, bank creditors).
BANK_ACTOR = re.compile(r"\bbanks\b|bank creditors|advisory committee", re.I)
#: Banks that are not private creditors.
NOT_CREDITOR_BANKS = re.compile(r"central banks|development bank|world bank", re.I)


def has_creditor_banks(actors: str) -> bool:
    """True if one of the ``;``-separated actors is a group of private creditor banks."""
    parts = [p.strip() for p in str(actors or "").split(";")]
    return any(BANK_ACTOR.search(p) and not NOT_CREDITOR_BANKS.search(p) for p in parts)


def _sum(frame: pd.DataFrame, value: str, debtors: tuple[str, ...], year: int) -> float:
    f = frame[(frame["year"] == year) & frame["iso3"].isin(debtors)]
    return float(f[value].sum(min_count=1)) if not f.empty else float("nan")


def bank_indicators(case: Case) -> dict[str, float]:
    """Level, type and retreat of bank claims on the case's debtors (BIS, World Bank)."""
    from analysis.loaders.bis import bank_claims
    from analysis.loaders.gapminder_debt import debt_indicators

    b = bank_claims()
    total = _sum(b, "bank_claims_musd", case.debtors, case.onset)
    on_banks = _sum(b, "bank_claims_banks_musd", case.debtors, case.onset)
    later = _sum(b, "bank_claims_musd", case.debtors, case.onset + 2)
    debt = _sum(debt_indicators(), "external_debt_musd", case.debtors, case.onset)
    return {
        "claims_bn": total / 1e3,
        "claims_pct_debt": 100 * total / debt,
        "interbank_pct": 100 * on_banks / total,
        "claims_change_pct": 100 * (later - total) / total,
    }


def trade_indicators(case: Case) -> dict[str, float]:
    """Japan's and the US's trade stakes in the case's debtors."""
    from analysis.loaders.bis import bank_claims
    from analysis.loaders.census_trade import all_partners
    from analysis.loaders.gravity import reporter_trade

    tr = reporter_trade(("JPN", "USA"))
    tr = tr[(tr["year"] == case.trade_year) & tr["iso3"].isin(case.debtors)]
    tr = tr.assign(t=tr["exports_musd"] + tr["imports_musd"])
    common = set(tr[tr["reporter"] == "JPN"]["iso3"]) & set(tr[tr["reporter"] == "USA"]["iso3"])
    tr = tr[tr["iso3"].isin(common)]
    jp = float(tr[tr["reporter"] == "JPN"]["t"].sum())
    us = float(tr[tr["reporter"] == "USA"]["t"].sum())
    claims = _sum(bank_claims(), "bank_claims_musd", tuple(common), case.onset)
    census = all_partners()
    cy = max(case.trade_year - 1, int(census["year"].min())) if case.crisis == "debt_1982_91" else case.trade_year
    cen = census[census["year"] == cy]
    us_share = 100 * float(cen[cen["iso3"].isin(case.debtors)]["us_trade_musd"].sum()) / float(cen["us_trade_musd"].sum())
    return {
        "jp_trade_to_claims": jp / claims,
        "jp_to_us_trade": jp / us,
        "us_trade_share_pct": us_share,
        "census_year": float(cy),
    }


def linkage_indicators(case: Case) -> dict[str, float]:
    """The lender structure of the Asian crisis economies (bank-exposure fact table): the largest
    lender group's share of claims on Korea and the Japanese share of claims on Thailand.

    The book's own event rows are not used as a measure of linkage: how often
    they name banks reflects what the sources chose to report and how the
    rows were written, not the ties among creditor banks.
    """
    largest, jp_tha = float("nan"), float("nan")
    if case.crisis == "asia_1997_98":
        from analysis.asia import lender_shares

        s = lender_shares()
        largest = float(s[s["iso3"] == "KOR"]["share_pct"].max())
        jp_tha = float(s[(s["iso3"] == "THA") & (s["lender_code"] == "JPN")]["share_pct"].iloc[0])
    return {"largest_lender_share_kor": largest, "jp_share_tha": jp_tha}


def domestic_indicators(case: Case) -> dict[str, float]:
    """1.0 if the creditor's banking system was in a systemic crisis during the window (Laeven-Valencia)."""
    from analysis.loaders.laeven import crisis_years

    cy = crisis_years(("banking",))
    out = {}
    for iso in ("JPN", "USA"):
        years = cy[cy["iso3"] == iso]["year"]
        # a systemic crisis that started within the window or up to two years before it
        out[f"{iso.lower()}_bank_crisis"] = float(((years >= case.window[0] - 2) & (years <= case.window[1])).any())
    return out


def behaviour_indicators(case: Case) -> dict[str, float]:
    """Mean coded engagement of Japan on each dimension (0 to 2)."""
    from analysis.coding import engagement_summary

    s = engagement_summary().set_index("crisis")
    if case.crisis not in s.index:
        raise ParameterError(f"the coded engagement data have no phases for {case.crisis!r}")
    return {d: float(s.loc[case.crisis, d]) for d in ("active", "leadership", "cooperation")}


#: Indicator definitions: key, factor, label, unit, source, digits.
INDICATORS: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("claims_bn", FACTORS[0], "Claims of all BIS-reporting banks on the debtors at onset", "US$ bn", "BIS LBS", 0),
    ("claims_pct_debt", FACTORS[0], "Those claims relative to the debtors' external debt", "%", "BIS; World Bank", 0),
    ("interbank_pct", FACTORS[1], "Share of the claims that is on the debtors' banks", "%", "BIS LBS", 0),
    ("jp_trade_to_claims", FACTORS[2], "Japan's trade with the debtors relative to banks' claims on them",
     "ratio", "Yotov et al.; BIS", 2),
    ("claims_change_pct", FACTORS[2], "Change in banks' claims over the two years after onset", "%", "BIS LBS", 0),
    ("largest_lender_share_kor", FACTORS[3],
     "Korea: largest lender group's share of claims (European banks together)", "%",
     "bank-exposure fact table", 0),
    ("jp_share_tha", FACTORS[3], "Thailand: Japanese banks' share of claims (not verified)", "%",
     "bank-exposure fact table", 0),
    ("us_trade_share_pct", FACTORS[4], "Debtors' share of US goods trade", "%", "US Census", 1),
    ("jp_to_us_trade", FACTORS[4], "Japan's manufacturing trade with the debtors relative to US trade", "ratio",
     "Yotov et al.", 2),
    ("jpn_bank_crisis", FACTORS[5], "Japan's banks in a systemic crisis", "yes/no", "Laeven and Valencia", 0),
    ("usa_bank_crisis", FACTORS[5], "US banks in a systemic crisis", "yes/no", "Laeven and Valencia", 0),
    ("active", FACTORS[6], "Active (mean code, 0-2)", "code", "coded engagement", 2),
    ("leadership", FACTORS[6], "Leadership (mean code, 0-2)", "code", "coded engagement", 2),
    ("cooperation", FACTORS[6], "Cooperation with the US (mean code, 0-2)", "code", "coded engagement", 2),
)


def synthesis_long() -> pd.DataFrame:
    """Every indicator for every crisis, as numbers.

    Returns
    -------
    pandas.DataFrame
        Columns ``crisis``, ``label``, ``key``, ``factor``, ``indicator``,
        ``unit``, ``source``, ``value`` (float; NaN where no source measures it).
    """
    rows = []
    for case in cases():
        values: dict[str, float] = {}
        for fn in (bank_indicators, trade_indicators, linkage_indicators, domestic_indicators, behaviour_indicators):
            values.update(fn(case))
        for key, factor, label, unit, source, _ in INDICATORS:
            rows.append({"crisis": case.crisis, "label": case.label, "key": key, "factor": factor,
                         "indicator": label, "unit": unit, "source": source, "value": values.get(key, float("nan"))})
    return pd.DataFrame(rows)


def _fmt(value: float, unit: str, digits: int) -> str:
    if pd.isna(value):
        return "no public figure"
    if unit == "yes/no":
        return "yes" if value >= 0.5 else "no"
    text = f"{value:,.{digits}f}".replace("-", "\u2212")
    return text


def synthesis_table(*, long: pd.DataFrame | None = None) -> pd.DataFrame:
    """The synthesis table for display: one row per indicator, one column per crisis.

    Parameters
    ----------
    long
        The output of :func:`synthesis_long` (computed if not given).
    """
    df = synthesis_long() if long is None else long
    digits = {k: d for k, *_, d in INDICATORS}
    df = df.assign(text=[_fmt(v, u, digits[k]) for v, u, k in zip(df["value"], df["unit"], df["key"])])
    wide = df.pivot_table(index=["factor", "key"], columns="label", values="text", aggfunc="first")
    order = {k: i for i, (k, *_) in enumerate(INDICATORS)}
    meta = {k: (f, lab, u, s) for k, f, lab, u, s, _ in INDICATORS}
    wide = wide.reset_index()
    wide["_o"] = wide["key"].map(order)
    wide = wide.sort_values("_o")
    out = pd.DataFrame({
        "Factor": [meta[k][0] for k in wide["key"]],
        "Indicator": [meta[k][1] if meta[k][1].endswith(")") else f"{meta[k][1]} ({meta[k][2]})"
                      for k in wide["key"]],
    })
    for case in cases():
        out[case.label] = wide[case.label].to_numpy()
    out["Source"] = [meta[k][3] for k in wide["key"]]
    return out.reset_index(drop=True)


def value(key: str, crisis: str, *, long: pd.DataFrame | None = None) -> float:
    """One number of the synthesis (for glue in the prose).

    Raises
    ------
    ParameterError
        For an unknown key or crisis, or a value that no source measures.
    """
    check_choice("key", key, tuple(k for k, *_ in INDICATORS))
    check_choice("crisis", crisis, tuple(c.crisis for c in cases()))
    df = synthesis_long() if long is None else long
    v = df[(df["key"] == key) & (df["crisis"] == crisis)]["value"].iloc[0]
    if pd.isna(v):
        raise ParameterError(f"indicator {key!r} has no value for {crisis!r}: no public source measures it")
    return float(v)
