"""The prose values of chapter 6, the Mexican peso crisis: one function per section.

Each ``*_numbers()`` function returns a mapping of glue key to
:class:`~analysis.numbers.Number` or words, which the chapter glues with one
call (:func:`analysis.preamble.glue_all`). The frames come from
:mod:`analysis.latin_america` and :mod:`analysis.rates`; the cited figures from
the fact tables (:mod:`analysis.facts`).
"""
from __future__ import annotations

import pandas as pd

from analysis import coding, comparison, facts, rates
from analysis import latin_america as lam
from analysis.errors import DataSchemaError, ParameterError
from analysis.loaders import fx, maddison
from analysis.numbers import Number, Numbers

CRISIS = "peso_1994_95"



def day_month(day: pd.Timestamp, *, year: bool = False) -> str:
    """A day in words without a leading zero: ``"19 December"``, or ``"9 March 1995"`` with ``year``.

    Raises
    ------
    ParameterError
        If ``day`` is not a date.
    """
    try:
        d = pd.Timestamp(day)
    except (ValueError, TypeError):
        raise ParameterError(f"parameter 'day' is {day!r}; give a date") from None
    if pd.isna(d):
        raise ParameterError(f"parameter 'day' is {day!r}; give a date")
    return f"{d.day} {d:%B %Y}" if year else f"{d.day} {d:%B}"


def _on(series: pd.Series, day: str) -> float:
    if pd.Timestamp(day) not in series.index:
        raise DataSchemaError(f"no quote on {day}; the prose of chapter 6 quotes that day")
    return float(series.loc[day])


def codes_numbers() -> Numbers:
    """Opening of the chapter: the codes of the prelude and the rescue phases in words."""
    return {"c6_codes_rescue": coding.code_phrase(CRISIS, "p2_rescue"),
            "c6_codes_prelude": coding.code_phrase(CRISIS, "p1_prelude")}


def devaluation_numbers(before: str = "1994-12-19", acute: tuple[str, str] = ("1994-12-01", "1995-03-31"),
                        year: tuple[str, str] = ("1995-01-01", "1995-12-31")) -> Numbers:
    """Section on the devaluation: the peso before and after, its weakest days, monthly averages.

    Parameters
    ----------
    before
        The last day before the devaluation (the last quote up to it is used).
    acute, year
        The windows in which the weakest quote is sought (the acute crisis, 1995 as a whole).

    Raises
    ------
    ParameterError
        If ``before`` is not a date inside the daily frame of November 1994 to June 1995.
    """
    daily = lam.peso_daily_frame("1994-11-01", "1995-06-30").set_index("date")["per_usd"]
    try:
        cut = pd.Timestamp(before)
    except ValueError:
        raise ParameterError(f"parameter 'before' is {before!r}; give an ISO date") from None
    last_before = daily.loc[:cut]
    if last_before.empty or cut > daily.index.max():
        raise ParameterError(f"parameter 'before' is {before!r}; give a day from November 1994 to June 1995")
    rate_before, day_before = float(last_before.iloc[-1]), last_before.index[-1]
    weak_acute = lam.peso_weakest(*acute)
    weak_year = lam.peso_weakest(*year)
    monthly = lam.peso_monthly_frame("1993-11", "1997-12").set_index("date")["per_usd"]
    return {
        "c6_swap94": facts.date_text("ev-1994-us-swap"),
        "c6_nafa": facts.date_text("ev-1994-nafa"),
        "c6_tesobonos": facts.amount_number("bank-mex94-tesobonos", 0),
        "c6_deval": facts.date_text("ev-1994-devaluation"),
        "c6_float": facts.date_text("ev-1994-float"),
        "c6_rate_before": Number(rate_before, digits=2),
        "c6_rate_before_day": day_month(day_before),
        "c6_rate_dec20": Number(_on(daily, "1994-12-20"), digits=2),
        "c6_rate_dec22": Number(_on(daily, "1994-12-22"), digits=2),
        "c6_rate_yearend": Number(float(daily.loc[:"1994-12-31"].iloc[-1]), digits=2),
        "c6_rate_peak": Number(weak_acute["per_usd"], digits=2),
        "c6_rate_peak_day": day_month(weak_acute["date"], year=True),
        "c6_loss_pct": Number(100 * (1 - rate_before / weak_acute["per_usd"]), digits=0),
        "c6_rate_peak95": Number(weak_year["per_usd"], digits=2),
        "c6_rate_peak95_day": day_month(weak_year["date"], year=True),
        "c6_loss95_pct": Number(100 * (1 - rate_before / weak_year["per_usd"]), digits=0),
        "c6_m_nov94": Number(_on(monthly, "1994-11-01"), digits=2),
        "c6_m_mar95": Number(_on(monthly, "1995-03-01"), digits=2),
        "c6_m_dec95": Number(_on(monthly, "1995-12-01"), digits=2),
    }


def package_numbers() -> Numbers:
    """Section on the packages of January and February 1995: dates and amounts."""
    dates = {"c6_jan_date": "ev-1995-jan-package", "c6_guar_date": "ev-1995-guarantees",
             "c6_esf_date": "ev-1995-esf", "c6_imf_date": "ev-1995-imf-sba", "c6_agree_date": "ev-1995-agreements",
             "c6_repay_date": "ev-1997-repayment"}
    amounts = {"c6_jan_total": ("pkg-mex95jan-total", 0), "c6_jan_us": ("pkg-mex95jan-usa", 0),
               "c6_jan_banks": ("pkg-mex95jan-banks", 0), "c6_jan_others": ("pkg-mex95jan-others", 0),
               "c6_jan_bis": ("pkg-mex95jan-bis", 0), "c6_jan_can": ("pkg-mex95jan-can", 0),
               "c6_guar": ("ini-loan-guarantee-plan", 0), "c6_esf": ("pkg-mex95-esf", 0),
               "c6_imf": ("pkg-mex95-imf", 1), "c6_bis": ("pkg-mex95-bis", 0), "c6_can": ("pkg-mex95-can", 0),
               "c6_latam": ("pkg-mex95-latam", 0), "c6_banks": ("pkg-mex95-banks", 0),
               "c6_total_lustig": ("pkg-mex95-total-lustig", 1), "c6_total_wh": ("pkg-mex95-total-wh", 1),
               "c6_total_wapo": ("pkg-mex95-total-wapo", 0), "c6_total_ind": ("pkg-mex95-total-ind", 0),
               "c6_total_wh97": ("pkg-mex95-total-wh97", 0), "c6_shortdebt": ("bank-mex95-shortdebt", 0),
               "c6_esf_drawn": ("pkg-mex95-esf-drawn", 1)}
    out: dict[str, Number | str] = {k: facts.date_text(f) for k, f in dates.items()}
    out.update({k: facts.amount_number(f, d) for k, (f, d) in amounts.items()})
    return out


def yen_numbers(low_window: tuple[str, str] = ("1995-04-01", "1995-04-30")) -> Numbers:
    """Section on Japan in 1995: dates, the yen's record (daily and monthly), Japan's growth.

    Parameters
    ----------
    low_window
        The window in which the yen's strongest noon quote is sought (April 1995).
    """
    out: dict[str, Number | str] = {
        k: facts.date_text(f) for k, f in (("c6_kobe", "ev-1995-kobe"), ("c6_yen_record_date", "ev-1995-yen-record"),
                                           ("c6_jusen", "ev-1995-jusen"),
                                           ("c6_murayama_out", "ev-1996-murayama-resigns"),
                                           ("c6_btm_date", "ev-1995-btm-merger"))}
    yen = fx.fred_daily("JPN", start="1994-12-01").dropna(subset=["per_usd"])
    low = rates.daily_extreme("JPN", *low_window, side="strongest")
    low95 = rates.daily_extreme("JPN", "1995-01-01", "1995-12-31", side="strongest")
    y95 = yen[(yen["date"] >= "1995-01-01") & (yen["date"] <= "1995-12-31")].set_index("date")["per_usd"]
    low_day = day_month(low["date"], year=True)
    record = facts.date_text("ev-1995-yen-record")
    nxt = rates.first_beyond(yen, low["per_usd"], after="1995-12-31", side="strongest")
    monthly = fx.h10_monthly("JPN").set_index("date")["per_usd"].loc["1995-01-01":"1995-12-01"]
    out.update({
        "c6_yen_day_low": Number(low["per_usd"], digits=2),
        "c6_yen_day_low_date": low_day,
        "c6_yen_low_of_year": ("the strongest noon quote of the whole year" if low95["date"] == low["date"]
                               else f"not the strongest quote of the year, which came on {day_month(low95['date'])}"),
        "c6_yen_same_day": "on the same day" if low_day == record else f"on {record}",
        "c6_yen_jan": Number(float(y95.iloc[0]), digits=2),
        "c6_yen_jan_day": day_month(y95.index[0]),
        "c6_yen_esf_day": Number(_on(y95, "1995-01-31"), digits=2),
        "c6_yen_rise_pct": Number(100 * (float(y95.iloc[0]) / low["per_usd"] - 1), digits=0),
        "c6_yen_yearend": Number(float(y95.iloc[-1]), digits=2),
        "c6_yen_next": "at no later date in the series" if nxt is None else f"{nxt['date']:%B %Y}",
        "c6_yen_low": Number(float(monthly.min()), digits=1),
        "c6_yen_low_month": f"{monthly.idxmin():%B %Y}",
    })
    growth = maddison.real_growth("JPN").set_index("year")["growth_pct"]
    for y in (1992, 1993, 1994, 1995):
        out[f"c6_jp_growth_{y}"] = Number(float(growth[y]), digits=1)
    return out


#: The comparison factors the chapter quotes for both crises, with their decimals.
COMPARED: dict[str, int] = {"bank_share_liab": 0, "equity_share_liab": 0, "us_growth_onset": 1,
                            "mex_share_us_trade": 1, "jp_oda_mex": 1, "us_oda_mex": 1, "jp_ca": 1}


def comparison_numbers() -> Numbers:
    """Section comparing the two Mexican crises: the factors of chapter 4 and the US banks' stakes."""
    out: dict[str, Number | str] = {}
    for key, digits in COMPARED.items():
        for period in ("debt", "peso"):
            out[f"c6_{key}_{period}"] = Number(comparison.value(key, period), digits=digits)
    out.update({"c6_us_banks": facts.amount_number("bank-mex94-us", 1), "c6_us_banks_la": facts.amount_number("bank-la94-us", 1),
                "c6_mex_st": facts.amount_number("bank-mex94-st", 1)})
    return out


def coding_numbers(phase: str = "p2_rescue") -> Numbers:
    """Section on the coding: the first coding of a phase in words and its prediction tests.

    Parameters
    ----------
    phase
        A phase of the peso crisis in the coding (``p1_prelude``, ``p2_rescue``, ...).
    """
    eng = coding.load_engagement(coding="first")
    eng = eng[eng["crisis"] == CRISIS].set_index("phase")
    if phase not in eng.index:
        raise ParameterError(f"parameter 'phase' is {phase!r}; the peso crisis has phases {sorted(eng.index)}")
    first = eng.loc[phase]
    out: dict[str, Number | str] = {f"c6_first_{dim}": coding.CODE_WORDS[int(first[dim])]
                                    for dim in ("active", "leadership", "cooperation")}
    tests = coding.prediction_tests()
    p = tests[(tests["crisis"] == CRISIS) & (tests["phase"] == phase)]
    out.update({"c6_pred_n": Number(len(p), digits=0),
                "c6_pred_met": Number(int((p["result"] == "met").sum()), digits=0),
                "c6_pred_unverified": Number(int(p["unverified_indicator"].sum()), digits=0)})
    return out


def repercussions_numbers() -> Numbers:
    """Section on the repercussions: Argentina, Halifax, the NAB, and the Thai package of 1997."""
    dates = {"c6_arg_mar": "ev-1995-argentina-imf-mar", "c6_arg_eff": "ev-1995-argentina-eff",
             "c6_halifax": "ev-1995-halifax", "c6_efm": "ev-1995-efm", "c6_nab_adopted": "ev-1997-nab-adopted",
             "c6_nab_effective": "ev-1998-nab-effective"}
    out: dict[str, Number | str] = {"c6_us_banks_arg": facts.amount_number("bank-arg94-us", 1)}
    out.update({k: facts.date_text(f) for k, f in dates.items()})
    out.update({"c6_thai_jpn": facts.amount_number("pkg-tha97-jpn", 0), "c6_thai_total": facts.amount_number("pkg-tha97-total-imf", 1)})
    return out
