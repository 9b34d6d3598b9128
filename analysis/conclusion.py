"""The prose numbers of chapter 9 (the conclusion), one function per section.

- :func:`synthesis_numbers`: the three crises side by side (:mod:`analysis.synthesis`),
  the pooled re-test (:mod:`analysis.retest`) and Japan's GDP relative to the US;
- :func:`ledger_numbers`: the verdicts of the findings ledger (:mod:`analysis.findings`);
- :func:`data_numbers`: what the data cannot show (fact rows not verified, trade
  series that start late, currencies without daily rates).

Each returns a mapping of glue key to :class:`~analysis.numbers.Number` or ``str``
for :func:`analysis.preamble.glue_all`. Where the prose states a direction in
words ("Japan was relatively strongest during the peso crisis"), the function
checks it and raises :class:`~analysis.errors.DataSchemaError` if the data no
longer bear it out, so the book cannot print a sentence its numbers contradict.
"""
from __future__ import annotations

import pandas as pd

from analysis import asia, facts, findings, retest, synthesis
from analysis.countries import name_of, recipients
from analysis.errors import DataSchemaError, ParameterError
from analysis.loaders import census_trade, gravity, wdi_gdp
from analysis.numbers import Number

#: The three crises and the short name their glue keys end with.
CRISIS_SHORT: dict[str, str] = {"debt_1982_91": "debt", "peso_1994_95": "peso", "asia_1997_98": "asia"}
#: Synthesis indicators glued for every crisis, with their decimals.
SYNTHESIS_DIGITS: dict[str, int] = {
    "claims_bn": 0, "interbank_pct": 0, "claims_change_pct": 0, "jp_trade_to_claims": 2, "jp_to_us_trade": 2,
    "us_trade_share_pct": 1, "active": 2, "leadership": 2, "cooperation": 2,
}
#: Years over which Japan's GDP is compared with the US's (the three crises).
GDP_YEARS: tuple[int, int] = (1982, 1998)


def _prose_check(holds: bool, claim: str) -> None:
    if not holds:
        raise DataSchemaError(f"the data no longer support the prose claim that {claim}; revise chapter 9")


def gdp_ratio(first: int = GDP_YEARS[0], last: int = GDP_YEARS[1]) -> pd.Series:
    """Japan's GDP divided by US GDP (current US dollars, World Bank), by year.

    Parameters
    ----------
    first, last
        The years, inclusive; ``first`` before ``last``.

    Returns
    -------
    pandas.Series
        Ratio indexed by year.

    Raises
    ------
    ParameterError
        If ``first`` is not before ``last``.
    """
    if not first < last:
        raise ParameterError(f"parameters 'first/last' are {first}/{last}; first must be before last")
    gdp = wdi_gdp.gdp_population(["JPN", "USA"]).pivot(index="year", columns="iso3", values="gdp_usd")
    return (gdp["JPN"] / gdp["USA"]).loc[first:last]


def synthesis_numbers(long: pd.DataFrame | None = None) -> dict[str, Number | str]:
    """Numbers of the conclusion's synthesis of the three crises.

    Parameters
    ----------
    long
        The synthesis in long form (:func:`analysis.synthesis.synthesis_long`); computed if not given.

    Returns
    -------
    dict
        ``<indicator>_<debt|peso|asia>`` for each indicator of :data:`SYNTHESIS_DIGITS`;
        ``claims_fall_asia`` (the fall of the banks' claims on Asia, per cent);
        ``kor_largest_share``, ``tha_jp_share``; ``trade_year_debt``; the pooled re-test's
        slope differences ``c_bank_asia``, ``c_bank_latin`` and out-of-region ratios
        ``c_oor_ratio``, ``c_oor_bench`` (per cent); Japan's GDP relative to the US's
        ``gdp_ratio_1982``, ``gdp_ratio_1998``, ``gdp_ratio_peak`` and ``gdp_ratio_peak_year``.

    Raises
    ------
    DataSchemaError
        If a direction the prose states no longer holds.
    """
    long = synthesis.synthesis_long() if long is None else long

    def sv(key: str, crisis: str) -> float:
        return synthesis.value(key, crisis, long=long)

    out: dict[str, Number | str] = {}
    for crisis, short in CRISIS_SHORT.items():
        for key, digits in SYNTHESIS_DIGITS.items():
            out[f"{key}_{short}"] = Number(sv(key, crisis), digits=digits)
    out["claims_fall_asia"] = Number(-sv("claims_change_pct", "asia_1997_98"), digits=0)
    out["kor_largest_share"] = Number(sv("largest_lender_share_kor", "asia_1997_98"), digits=0)
    out["tha_jp_share"] = Number(sv("jp_share_tha", "asia_1997_98"), digits=0)
    case = {c.crisis: c for c in synthesis.cases()}
    out["trade_year_debt"] = str(case["debt_1982_91"].trade_year)
    diff = retest.slope_differences(retest.pooled_fit()).set_index("variable")
    out["c_bank_asia"] = Number(float(diff.loc["l1_log_bank_claims", "asia"]), digits=2)
    out["c_bank_latin"] = Number(float(diff.loc["l1_log_bank_claims", "latin"]), digits=2)
    out["c_oor_ratio"] = Number(100 * retest.oor_summary(retest.out_of_region())["ratio_total"], digits=0)
    out["c_oor_bench"] = Number(100 * retest.oor_summary(retest.in_sample_recovery())["ratio_total"], digits=0)
    ratio = gdp_ratio()
    out["gdp_ratio_1982"] = Number(float(ratio[1982]), digits=2)
    out["gdp_ratio_1998"] = Number(float(ratio[1998]), digits=2)
    out["gdp_ratio_peak"] = Number(float(ratio.max()), digits=2)
    out["gdp_ratio_peak_year"] = str(int(ratio.idxmax()))
    _prose_check(1994 <= ratio.idxmax() <= 1995, "Japan was relatively strongest during the peso crisis")
    _prose_check(ratio[1998] < ratio.max(), "Japan's GDP had fallen back relative to the US's by 1998")
    _prose_check(sv("claims_change_pct", "debt_1982_91") > 0 > sv("claims_change_pct", "asia_1997_98"),
                 "banks stayed in the 1980s and ran in Asia")
    _prose_check(sv("jp_trade_to_claims", "asia_1997_98") > 5 * sv("jp_trade_to_claims", "debt_1982_91"),
                 "Japan's trade stake rivals its bank stake only in Asia")
    return out


def regression_clause(led: pd.DataFrame) -> str:
    """The clause of the conclusion that says what the regressions decided.

    Parameters
    ----------
    led
        The findings ledger (:func:`analysis.findings.ledger`).

    Returns
    -------
    str
        If no regression row is ``supported`` or ``contradicted``: that there is no decided
        result, naming the number of Latin American and East Asian countries; otherwise the list
        of decided results with their evidence and verdict.
    """
    reg = led[led["evidence"].isin(["latin_regression", "asia_regression", "pooled_difference"])]
    decided = reg[reg["verdict"].isin(["supported", "contradicted"])]
    if not decided.empty:
        return "decided results for " + "; ".join(
            f"{r.hypothesis} ({str(r.evidence).replace('_', ' ')}, {r.verdict})" for r in decided.itertuples())
    n_la = int(findings.row(findings.LATIN_SHORT["bank"], table=led)["n_clusters"])
    n_as = int(findings.row(findings.ASIA_SHORT["bank"], table=led)["n_clusters"])
    return (f"no decided result: with {n_la} Latin American and {n_as} East Asian countries their confidence sets "
            "are too wide to tell a zero effect from one that would matter")


def ledger_numbers(led: pd.DataFrame) -> dict[str, Number | str]:
    """The verdicts of the findings ledger as the conclusion states them.

    Parameters
    ----------
    led
        The findings ledger (:func:`analysis.findings.ledger`).

    Returns
    -------
    dict
        ``ledger_v_summary_<evidence>`` for each body of evidence; ``ledger_v_latin_<short>`` and
        ``ledger_v_asia_<short>`` for each regression row; ``c_mt_n``, ``c_mt_expected``, ``c_mt_sig``
        (the family of regression tests); ``c_reg_clause`` (:func:`regression_clause`).
    """
    out: dict[str, Number | str] = {}
    for ev in findings.EVIDENCE:
        out[f"ledger_v_summary_{ev}"] = findings.summary(ev, table=led)
    for ev in ("latin_comparison", "asia_coding"):
        out[f"ledger_v_expect_{ev}"] = findings.expectation_summary(ev, table=led)
    for prefix, shorts in (("latin", findings.LATIN_SHORT), ("asia", findings.ASIA_SHORT)):
        for short, key in shorts.items():
            out[f"ledger_v_{prefix}_{short}"] = findings.verdict(key, table=led)
    mt = findings.multiple_testing(table=led)
    out["c_mt_n"] = Number(mt["n_tests"], digits=0)
    out["c_mt_expected"] = Number(mt["expected_false_positives"], digits=1)
    out["c_mt_sig"] = Number(mt["n_significant"], digits=0)
    out["c_reg_clause"] = regression_clause(led)
    return out


def _names(codes: list[str], sep: str = ", ") -> str:
    return sep.join(name_of(c) for c in codes)


def data_numbers() -> dict[str, Number | str]:
    """What the data cannot show: the numbers of the conclusion's section on the limits of the evidence.

    Returns
    -------
    dict
        ``facts_rows``, ``facts_recalled``, ``facts_notfound`` (rows of the fact tables, all and by
        verification status); ``bank_rows``, ``bank_rows_unverified`` (bank-exposure rows, all and not
        verified in a source or local file); ``jp80_debtors`` (debtors whose Japanese bank exposure in the
        1980s is not found); ``gravity_first``, ``census_first`` (first years of Japan's and the US's trade
        series); ``n_latin_missing_trade`` (Latin American recipients absent from the gravity file);
        ``no_daily_fx`` (crisis currencies without a daily exchange rate).
    """
    vs = facts.verification_summary()
    be = facts.load("bank_exposure")
    jp80 = be[(be["crisis"] == "debt_1982_91") & (be["lender_code"] == "JPN") & (be["verified"] == "no")]
    in_gravity = set(gravity.countries_in_file())
    missing_trade = [c for c in recipients("Latin America") if c not in in_gravity]
    cov = asia.fx_coverage()
    return {
        "facts_rows": Number(int(vs["rows"].sum()), digits=0),
        "facts_recalled": Number(int(vs.loc[vs["verified"] == "recalled", "rows"].sum()), digits=0),
        "facts_notfound": Number(int(vs.loc[vs["verified"] == "no", "rows"].sum()), digits=0),
        "bank_rows_unverified": Number(int((~be["verified"].isin(["yes", "local_file"])).sum()), digits=0),
        "bank_rows": Number(len(be), digits=0),
        "jp80_debtors": _names(list(jp80["debtor_code"])),
        "gravity_first": str(int(gravity.reporter_trade(("JPN",))["year"].min())),
        "census_first": str(int(census_trade.us_trade()["year"].min())),
        "n_latin_missing_trade": Number(len(missing_trade), digits=0),
        "no_daily_fx": _names(list(cov.loc[~cov["fred_daily"], "iso3"]), " and "),
    }
