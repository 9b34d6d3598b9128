"""The prose values of chapter 5, the Latin American debt crisis: one function per section.

Each ``*_numbers()`` function returns a mapping of glue key to
:class:`~analysis.numbers.Number` or words, which the chapter glues with one
call (:func:`analysis.preamble.glue_all`). The frames come from
:mod:`analysis.latin_america`; the cited figures from the fact tables
(:mod:`analysis.facts`) and, where a row states a figure only in its words,
from :mod:`analysis.stated`.
"""
from __future__ import annotations

import pandas as pd

from analysis import coding, comparison, facts, stated
from analysis import latin_america as lam
from analysis.countries import name_of
from analysis.errors import DataSchemaError, ParameterError
from analysis.loaders import ewn, fx
from analysis.numbers import Number, Numbers
from analysis.windows import check_years

CRISIS = "debt_1982_91"

#: The Brady agreements of the chapter's table: event id -> debtor as shown.
BRADY_DEALS: dict[str, str] = {
    "ev-1990-mex-brady": "Mexico", "ev-1989-costa-rica-accord": "Costa Rica (agreement)",
    "ev-1990-costa-rica-signing": "Costa Rica (signing)", "ev-1990-venezuela-accord": "Venezuela",
    "ev-1991-uruguay-brady": "Uruguay", "ev-1992-argentina-brady": "Argentina",
    "ev-1994-brazil-brady": "Brazil",
}
#: Uruguay's only other account is a student summary that the chronology records but does not use as a source.
UNSOURCED_DISPUTE: frozenset[str] = frozenset({"ev-1991-uruguay-brady"})



def _stated(stated_id: str, digits: int) -> Number:
    return Number(stated.value(stated_id), digits=digits)


def _series(frame: pd.DataFrame, value: str) -> pd.Series:
    return frame.set_index(["iso3", "year"])[value]


def _at(series: pd.Series, key: tuple[str, int], what: str) -> float:
    if key not in series.index:
        raise DataSchemaError(f"{what} has no value for {key[0]} in {key[1]}; the prose of chapter 5 needs it")
    return float(series[key])


def moratorium_numbers() -> Numbers:
    """Section "The moratorium and the rescue of 1982": dates, the 1982 package, the codes."""
    return {
        "c5_moratorium": facts.date_text("ev-1982-moratorium"),
        "c5_mex_debt82": facts.amount_number("bank-mex82-debt", 0),
        "c5_pkg82": facts.amount_number("pkg-mex82-total", 2),
        "c5_bis82": facts.amount_number("pkg-mex82-bis", 2),
        "c5_pkg82_nonus": facts.amount_number("pkg-mex82-nonus", 1),
        "c5_pkg82_us": facts.amount_number("pkg-mex82-usa", 3),
        "c5_imf82": facts.date_text("ev-1982-imf"),
        "c5_codes_d1": coding.code_phrase(CRISIS, "d1_rescue"),
    }


def banks_numbers(years: tuple[int, ...] = (1977, 1982, 1989)) -> Numbers:
    """Section on the banks: exposures, BIS claims on the four debtors in ``years``, the 1986-87 packages.

    Parameters
    ----------
    years
        The years of the claims quoted (glued as ``c5_claims_<iso>_<year>``).
    """
    if not years:
        raise ParameterError("parameter 'years' is empty; name the years whose claims the prose quotes")
    claims = _series(lam.bank_claims_frame(), "claims_bn")
    covered = set(claims.index.get_level_values("year"))
    for y in years:
        check_years((y, y), name="years", single_year=True)
        if y not in covered:
            raise ParameterError(f"parameter 'years' contains {y}; the BIS claims cover {min(covered)}-{max(covered)}")
    out: dict[str, Number | str] = {
        "c5_la4": facts.amount_number("bank-la4-1983", 0),
        "c5_la4_share": Number(float(facts.fact("bank-la4-1983")["share_pct"]), digits=0),
        "c5_us8": facts.amount_number("bank-la4-us8", 0),
        "c5_us8_cap": Number(float(facts.fact("bank-la4-us8")["share_pct"]), digits=0),
    }
    for iso in lam.MAJOR_DEBTORS:
        for y in years:
            out[f"c5_claims_{iso.lower()}_{y}"] = Number(_at(claims, (iso, y), "BIS claims"), digits=1)
    out.update({
        "c5_jp_intl_share": Number(float(facts.fact("bank-jpn-1987")["share_pct"]), digits=0),
        "c5_jba_ldc": _stated("st-jba-ldc-ap", 0),
        "c5_jba_ldc_elpais": _stated("st-jba-ldc-elpais", 1),
        "c5_bra_jp_share": stated.text("st-bra-jp-share"),
        "c5_resched83": facts.date_text("ev-1983-reschedulings"),
        "c5_mex86_committee": facts.date_text("ev-1986-mex-bank-committee"),
        "c5_mex86_total": _stated("st-mex86-total", 0),
        "c5_mex86_new": _stated("st-mex86-new", 0),
        "c5_mex87_sign": facts.date_text("ev-1987-mex-signing"),
        "c5_mex87_new": _stated("st-mex87-new", 1),
    })
    return out


def debt_numbers(peak_years: tuple[int, int] = (1982, 1991)) -> Numbers:
    """Section on the debt burden: debt stocks of 1982 and 1989, Argentina's peak debt/GNI.

    Parameters
    ----------
    peak_years
        The window in which Argentina's highest debt/GNI ratio is sought.
    """
    first, last = check_years(peak_years, name="peak_years", single_year=False)
    debt = _series(lam.debt_frame(measure="external_debt_musd"), "value")
    gni = _series(lam.debt_frame(measure="debt_pct_gni"), "value")
    out: dict[str, Number | str] = {}
    for iso in ("MEX", "ARG", "BRA"):
        for y in (1982, 1989):
            out[f"c5_debt_{iso.lower()}_{y}"] = Number(_at(debt, (iso, y), "External debt"), digits=1)
    peak = gni.loc["ARG"].loc[first:last]
    if peak.empty:
        raise DataSchemaError(f"no debt/GNI ratio of Argentina in {first}-{last}")
    out["c5_arg_gni_peak"] = Number(float(peak.max()), digits=0)
    out["c5_arg_gni_peak_year"] = str(int(peak.idxmax()))
    out["c5_mex_gni_1982"] = Number(_at(gni, ("MEX", 1982), "Debt/GNI"), digits=0)
    return out


def japan_current_account(first: int, last: int) -> pd.Series:
    """Japan's current account in per cent of GDP by year, ``first``-``last`` (EWN).

    Raises
    ------
    ParameterError
        If the years are not a window.
    """
    first, last = check_years((first, last), name="first/last", single_year=False)
    w = ewn.external_wealth()
    jp = w[w["iso3"] == "JPN"].set_index("year")
    return (100 * jp["current_account_musd"] / jp["gdp_musd"]).loc[first:last]


def baker_numbers() -> Numbers:
    """Section on the Baker Plan and capital recycling: dates, amounts, the yen, Japan's surplus."""
    yen = fx.h10_yearly("JPN").set_index("year")["per_usd"]
    ca = japan_current_account(1982, 1991)
    return {
        "c5_codes_d2": coding.code_phrase(CRISIS, "d2_baker_recycling"),
        "c5_baker_date": facts.date_text("ini-baker"),
        "c5_baker_banks": facts.amount_number("ini-baker", 0),
        "c5_baker_wb": facts.amount_number("ini-baker-wb", 0),
        "c5_ibrd_date": facts.date_text("ini-recycle-ibrd"),
        "c5_ibrd": facts.amount_number("ini-recycle-ibrd", 0),
        "c5_recycle_87": facts.amount_number("ini-recycle-1987", 0),
        "c5_recycle_30": facts.amount_number("ini-recycle-30", 0),
        "c5_recycle_86": facts.amount_number("ini-recycle-1986", 0, allow_unverified=True),
        "c5_cia_date": facts.date_text("ev-1986-mex-request"),
        "c5_yen_1985": Number(float(yen[1985]), digits=0),
        "c5_yen_1988": Number(float(yen[1988]), digits=0),
        "c5_ca_peak": Number(float(ca.max()), digits=1),
        "c5_ca_peak_year": str(int(ca.idxmax())),
        "c5_jpn_creditor_report": facts.date_text("ev-1986-jpn-creditor"),
        "c5_us_debtor_report": facts.date_text("ev-1986-us-debtor"),
    }


def brazil_numbers() -> Numbers:
    """Section on Brazil's moratorium of 1987 and the Japanese banks' answer."""
    return {
        "c5_bra_moratorium": facts.date_text("ev-1987-brazil-moratorium"),
        "c5_bra_debt_ct": _stated("st-bra-debt-ct", 0),
        "c5_bra_debt_nyt": _stated("st-bra-debt-nyt", 0),
        "c5_jba": facts.date_text("ev-1987-jba"),
        "c5_ovres": facts.date_text("ev-1983-mof-country-reserve"),
        "c5_ovres_floor": _stated("st-ovres-floor", 0),
        "c5_ovres_ceiling": _stated("st-ovres-ceiling", 0),
    }


def toronto_numbers() -> Numbers:
    """Section on the summits of 1988 (Toronto, Berlin)."""
    return {"c5_toronto": facts.date_text("ev-1988-toronto"), "c5_berlin": facts.date_text("ev-1988-berlin")}


def brady_numbers() -> Numbers:
    """Section on the Brady Plan and the Export-Import Bank of Japan's parallel lending."""
    return {
        "c5_codes_d4": coding.code_phrase(CRISIS, "d4_brady"),
        "c5_brady": facts.date_text("ini-brady"),
        "c5_caracas": facts.date_text("ev-1989-caracas"),
        "c5_jexim_45": facts.amount_number("ini-jexim-parallel", 1),
        "c5_jexim_date": facts.date_text("ev-1989-jexim"),
        "c5_recycle_89": facts.amount_number("ini-recycle-1989", 0),
        "c5_recycle_65": facts.amount_number("ini-recycle-65", 0),
        "c5_jexim_10": facts.amount_number("ini-jexim-parallel-10", 0),
        "c5_jexim_mex": facts.amount_number("ini-jexim-mex-1", 0),
        "c5_mex_sign": facts.date_text("ev-1990-mex-brady"),
        "c5_mex_brady_debt": facts.amount_number("bank-mex89-brady", 0),
        "c5_mex_total_debt": facts.amount_number("bank-mex89-debt", 0),
        "c5_jexim_mex_final": facts.amount_number("ini-jexim-mex-final", 2, allow_unverified=True),
        "c5_brady_reduction": facts.amount_number("ini-brady-results", 1),
    }


def brady_deals_numbers() -> Numbers:
    """Section on the other Brady agreements: their dates."""
    keys = {"c5_costa_accord": "ev-1989-costa-rica-accord", "c5_costa_sign": "ev-1990-costa-rica-signing",
            "c5_ven_accord": "ev-1990-venezuela-accord", "c5_uru": "ev-1991-uruguay-brady",
            "c5_arg": "ev-1992-argentina-brady", "c5_bra_brady": "ev-1994-brazil-brady"}
    return {k: facts.date_text(f) for k, f in keys.items()}


def brady_deals_table() -> pd.DataFrame:
    """The Brady agreements as the sources report them, with Japan's co-financing of each.

    Returns
    -------
    pandas.DataFrame
        ``Debtor``, ``Date``, ``As reported``, ``Where the sources differ``
        (None where the only other account is not a source),
        ``Export-Import Bank of Japan co-financing``, ``Source``.
    """
    pledge = facts.amount("ini-jexim-mex-1")
    jexim = {fid: "none found in the sources read" for fid in BRADY_DEALS}
    jexim["ev-1990-mex-brady"] = (f"pledge of {pledge:,.0f} billion dollars in "
                                  f"{facts.date_text('ini-jexim-mex-1')}; the final sum often cited is not verified")
    return pd.DataFrame([{"Debtor": name, "Date": facts.date_text(fid), "As reported": facts.fact(fid)["description"],
                          "Where the sources differ": (None if fid in UNSOURCED_DISPUTE
                                                       else facts.fact(fid)["disagreement"]),
                          "Export-Import Bank of Japan co-financing": jexim[fid], "Source": facts.cite_role(fid)}
                         for fid, name in BRADY_DEALS.items()])


def aid_numbers(early: tuple[int, int] = (1982, 1985), late: tuple[int, int] = (1986, 1991)) -> Numbers:
    """Section on aid and trade: mean yearly aid of each donor in two windows, the trade factors.

    Parameters
    ----------
    early, late
        The two windows of :func:`analysis.latin_america.aid_totals`.
    """
    out: dict[str, Number | str] = {}
    totals = {}
    for name, years in (("early", early), ("late", late)):
        totals[name] = lam.aid_totals(lam.MAJOR_DEBTORS, years)
        t = totals[name].set_index("donor")["mean_musd"]
        out[f"c5_aid_jp_{name}"] = Number(float(t["JPN"]), digits=0)
        out[f"c5_aid_us_{name}"] = Number(float(t["USA"]), digits=0)
    out["c5_aid_debtors"] = " and ".join(name_of(c) for c in totals["late"]["debtors"].iloc[0].split(", "))
    for key in ("mex_share_us_trade", "us_growth_onset"):
        out[f"c5_{key}"] = Number(comparison.value(key, "debt"), digits=1)
    out["c5_trade_from"] = str(comparison.trade_from())
    return out


def timeline_numbers() -> Numbers:
    """Section on the coding: the first and last year of the crisis's dated events."""
    dates = lam.timeline_frame(CRISIS)["date"]
    return {"c5_tl_first": str(dates.min().year), "c5_tl_last": str(dates.max().year)}
