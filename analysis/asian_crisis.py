"""The prose values and frames of chapter 8, the Asian financial crisis: one function per section.

Each ``*_numbers()`` function returns a mapping of glue key to
:class:`~analysis.numbers.Number` or words, which the chapter glues with one
call (:func:`analysis.preamble.glue_all`). Cited figures come from the fact
tables (:mod:`analysis.facts`); figures that a chronology row states only in
its words come from :mod:`analysis.stated`, never from parsing the sentence.
Where the prose makes a claim about the data ("one worst month for all three
currencies", "Japan absent"), the function checks it and raises
:class:`~analysis.errors.DataSchemaError` naming the claim if the data no
longer bear it out.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis import asia, coding, facts, findings, retest, speccurve, stated
from analysis.allocation import LABELS as ALLOCATION_LABELS
from analysis.countries import name_of
from analysis.errors import DataSchemaError, ParameterError
from analysis.models import Fit
from analysis.numbers import Number, Numbers

CRISIS = "asia_1997_98"

#: The three Asian packages of 1997 (``packages.csv`` key -> country shown).
PACKAGES: dict[str, str] = {"thailand_1997": "Thailand", "indonesia_1997": "Indonesia", "korea_1997": "Korea"}

#: Display names of the retest's regressors (chapter 8's tables).
LABELS: dict[str, str] = {
    "l1_log_bank_claims": "Bank claims (log), H1",
    "l1_debt_service_pct_exports": "Debt service, % of exports, H1",
    "l1_log_us_trade": "US trade (log), H2",
    "l1_asinh_us_aid": "US aid (asinh), US interest",
    "l1_log_gdp_pc": "GDP per head (log)",
    "l1_log_pop": "Population (log)",
    "l1_imf_programme": "IMF programme",
    "east_asia": "East Asia",
}


def _claim(ok: bool, claim: str) -> None:
    """Raise unless a claim of the prose holds in the data."""
    if not ok:
        raise DataSchemaError(f"the prose of chapter 8 says {claim}, which the data no longer show; revise the prose")



# --------------------------------------------------------------------- exchange rates
def fx_numbers(start: str = "1996-07", end: str = "1999-06") -> Numbers:
    """Section on the currencies: the dollar's peak multiple in each H.10 currency, the annual falls.

    Parameters
    ----------
    start, end
        The months of :func:`analysis.asia.crisis_fx_monthly`.
    """
    monthly = asia.crisis_fx_monthly(start=start, end=end)
    if monthly.empty or not monthly["date"].min() <= pd.Timestamp("1997-06-01") <= monthly["date"].max():
        raise ParameterError(f"parameters 'start'/'end' are {start!r}/{end!r}; the window must hold the base "
                             "month June 1997 of the index")
    peaks = asia.fx_peaks(monthly).set_index("iso3")
    out: dict[str, Number | str] = {f"fx_peak_{iso}": Number(float(peaks.loc[iso, "peak_multiple"]), digits=2)
                                    for iso in asia.H10_ASIA}
    _claim(len(set(peaks.loc[list(asia.H10_ASIA), "peak_month"])) == 1, "that all three currencies had one worst month")
    out["fx_peakmonth_KOR"] = str(peaks.loc["KOR", "peak_month"])
    ann = asia.annual_depreciation(asia.ASIA_FIVE, base_year=1996, year=1998).set_index("iso3")
    for iso in asia.ASIA_FIVE:
        out[f"fx_annual_{iso}"] = Number(float(ann.loc[iso, "multiple"]), digits=2)
    cov = asia.fx_coverage().set_index("iso3")
    _claim({name_of(c) for c in cov.index if not cov.loc[c, "fred_daily"]} == {"Indonesia", "Philippines"},
           "that only the rupiah and the Philippine peso lack daily rates")
    return out


# --------------------------------------------------------------------- packages
def package_rows() -> pd.DataFrame:
    """Contributions to the three Asian packages (no totals), from the fact table.

    Returns
    -------
    pandas.DataFrame
        Columns ``package`` (country name), ``contributor``, ``contributor_code``,
        ``line`` (``first``/``second``/``na``), ``amount`` (US$ bn), ``qualifier``,
        ``verified`` (bool), ``fact_id``.

    Raises
    ------
    DataSchemaError
        If a row is not in US$ bn.
    """
    p = facts.load("packages")
    p = p[p["package"].isin(list(PACKAGES)) & ~p["is_total"] & (p["measure"] == "commitment")]
    if (p["unit"] != "USD bn").any():
        raise DataSchemaError("the Asian package rows must be in USD bn; check data/facts/packages.csv")
    return pd.DataFrame({
        "package": p["package"].map(PACKAGES), "contributor": p["contributor"],
        "contributor_code": p["contributor_code"], "line": p["line"], "amount": p["amount"],
        "qualifier": p["qualifier"], "verified": p["verified"].isin(["yes", "local_file"]),
        "fact_id": p["fact_id"],
    }).reset_index(drop=True)


#: Contributors to the Thai package that the prose names on their own (not among "the others").
THAI_NAMED: tuple[str, ...] = ("JPN", "USA", "IMF", "WB", "ADB", "AUS")


def thai_numbers() -> Numbers:
    """Section on the Thai package: totals, the IMF's and Japan's shares, the range of the other pledges."""
    _claim(facts.amount("pkg-tha97-usa") == 0, "that the US gave nothing bilaterally to Thailand")
    rows = package_rows()
    others = rows[(rows["package"] == "Thailand") & rows["verified"] & ~rows["contributor_code"].isin(THAI_NAMED)]
    if others.empty:
        raise DataSchemaError("no verified Thai contribution besides the named ones; revise the prose of chapter 8")
    return {
        "thai_pledged": facts.amount_number("pkg-tha97-total-tokyo", 0),
        "thai_total": facts.amount_number("pkg-tha97-total-imf", 1),
        "thai_imf": facts.amount_number("pkg-tha97-imf", 1),
        "thai_japan": facts.amount_number("pkg-tha97-jpn", 0),
        "thai_other_min": Number(float(others["amount"].min()), digits=1),
        "thai_other_max": Number(float(others["amount"].max()), digits=0),
    }


def amf_numbers() -> Numbers:
    """Section on the Asian Monetary Fund: its size, the September sequence, Sakakibara's departure."""
    _claim(facts.fact("ev-1997-amf-opposition")["date"].strftime("%Y-%m") == "1997-09",
           "that the AMF sequence ran in September 1997")
    stated.text("st-sak-successor")  # the prose names Kuroda as Sakakibara's successor
    return {
        "amf_size": facts.amount_number("ini-amf", 0),
        "amf_circulated": stated.text("st-amf-circulated"),
        "amf_us_learns": stated.text("st-amf-us-learns"),
        "amf_tabled": facts.date_text("ev-1997-amf"),
        "sak_leaves": facts.date_text("ev-1999-sakakibara-leaves"),
    }


def indonesia_numbers() -> Numbers:
    """Section on the Indonesian package of 1997: its lines and Japan's pledge against the US's."""
    digits = {"indo_first": 0, "indo_imf": 0, "indo_wb": 1, "indo_adb": 1, "indo_own": 0, "indo_japan": 0,
              "indo_us": 0}
    ids = {"indo_first": "pkg-idn97-total1", "indo_imf": "pkg-idn97-imf", "indo_wb": "pkg-idn97-wb",
           "indo_adb": "pkg-idn97-adb", "indo_own": "pkg-idn97-own", "indo_japan": "pkg-idn97-jpn",
           "indo_us": "pkg-idn97-usa"}
    out: dict[str, Number | str] = {k: facts.amount_number(f, digits[k]) for k, f in ids.items()}
    japan, us = facts.amount("pkg-idn97-jpn"), facts.amount("pkg-idn97-usa")
    _claim(facts.amount("pkg-idn97-sgp") == japan, "that Japan and Singapore pledged the same")
    out["indo_ratio"] = Number(japan / us, digits=1)
    return out


def japan_banks_numbers() -> Numbers:
    """Section on Japan's own banking crisis of 1997-98 and the banks' retreat from Asia."""
    for sid in ("st-takugin-10th", "st-takugin-11th"):
        stated.text(sid)  # the prose calls Takugin the tenth or eleventh largest bank
    return {
        "takugin_date": facts.date_text("ev-1997-takugin"),
        "yamaichi_date": facts.date_text("ev-1997-yamaichi"),
        "yamaichi_debt": stated.usd_words("st-yamaichi-debt"),
        "jp_share_asia_94": Number(stated.value("st-asia-jp-share-94"), digits=0),
        "bis_fall_h1": facts.amount_number("bank-asia98h1-fall", 0),
        "bis_fall_h2": facts.amount_number("bank-asia98h2-fall", 0),
    }


def korea_numbers() -> Numbers:
    """Section on the Korean package: its lines, the first line's sum, the debt exchange of 1998."""
    ids = {"kor_imf": "pkg-kor97-imf", "kor_wb": "pkg-kor97-wb", "kor_adb": "pkg-kor97-adb",
           "kor_japan": "pkg-kor97-jpn", "kor_us": "pkg-kor97-usa", "kor_advance": "pkg-kor97-advance",
           "kor_total55": "pkg-kor97-total-55", "kor_total": "pkg-kor97-total-57"}
    out: dict[str, Number | str] = {k: facts.amount_number(f, 0) for k, f in ids.items()}
    first = sum(facts.amount(ids[k]) for k in ("kor_imf", "kor_wb", "kor_adb"))
    out.update({"kor_first": Number(first, digits=0), "kor_debt_date": facts.date_text("ev-1998-korea-debt"),
                "kor_debt": Number(stated.value("st-kor-debt"), digits=0)})
    return out


def indonesia_1998_numbers() -> Numbers:
    """Section on Indonesia in 1998: Hashimoto's call and visit, the currency board, the suspended
    instalment, Japan's front-loading."""
    stated.text("st-idn-loi-revised")  # the prose dates the revised letter to 11 April 1998
    stated.text("st-frontload-not-handed")  # the prose says the second-line money had not been handed over
    for fid in ("ev-1998-currency-board", "ev-1998-indonesia-suspension"):
        _claim(facts.fact(fid)["japan_role"] == "absent", f"that Japan is absent from {fid}")
    _claim(stated.value("st-frontload-pledge") == facts.amount("pkg-idn97-jpn"),
           "that the front-loaded money comes out of the second-line pledge of the package table")
    return {
        "loi_date": facts.date_text("ev-1998-suharto-loi"),
        "cb_date": facts.date_text("ev-1998-currency-board"),
        "cb_package": stated.usd_words("st-cb-package"),
        "cb_hanke_rise": Number(stated.value("st-cb-hanke-rise"), digits=0),
        "susp_date": facts.date_text("ev-1998-indonesia-suspension"),
        "susp_amount": stated.usd_words("st-susp-amount"),
        "hashi_call_date": facts.date_text("ev-1998-hashimoto-call"),
        "hashi_visit_date": facts.date_text("ev-1998-hashimoto-jakarta"),
        "frontload_date": facts.date_text("ev-1998-japan-indo-frontload"),
        "frontload_total": stated.usd_words("st-frontload-total"),
        "frontload_second": stated.usd_words("st-frontload-second"),
        "frontload_exim": stated.usd_words("st-frontload-exim"),
    }


def pressure_numbers() -> Numbers:
    """Section on US pressure on Japan's economy, the yen intervention of 1998 and Malaysia's controls."""
    stated.text("st-stim-latimes")  # the prose attributes the package sizes to the LA Times
    _claim(stated.value("st-yen-nyfed") == stated.value("st-yen-nyfed-again"),
           "that the New York Fed figure is the same in both columns of the row")
    _claim(facts.fact("ev-1998-malaysia-controls")["japan_role"] == "absent", "that Japan had no role in Malaysia")
    return {
        "taxcut97_date": facts.date_text("ev-1997-tax-cut-rubin"),
        "taxcut97": stated.usd_words("st-taxcut97"),
        "taxcut98_date": facts.date_text("ev-1998-tax-cut-april"),
        "taxcut98": stated.usd_words("st-taxcut98"),
        "stim_headline": stated.usd_words("st-stim-headline"),
        "stim_direct": stated.usd_words("st-stim-direct"),
        "yen_date": facts.date_text("ev-1998-yen-intervention"),
        "yen_low": stated.text("st-yen-low"),
        "yen_nyfed": stated.usd_words("st-yen-nyfed"),
        "yen_traders": stated.usd_words("st-yen-traders"),
        "mal_date": facts.date_text("ev-1998-malaysia-controls"),
        "mal_rate": stated.text("st-mal-rate"),
    }


def nmi_numbers() -> Numbers:
    """Section on the New Miyazawa Initiative and Japan's total for Asia."""
    nmi = facts.amount("ini-nmi")
    largest_acute = max(facts.amount(f) for f in ("ini-tha97-jpn", "ini-idn97-jpn", "ini-kor97-jpn"))
    _claim(nmi >= 2 * largest_acute, "that the NMI was several times the largest acute-phase pledge")
    return {"nmi_total": Number(nmi, digits=0), "japan_asia_total": facts.amount_number("ini-jpn-asia-total", 0),
            "agri_total": facts.amount_number("ini-agri", 0)}


# --------------------------------------------------------------------- coding
def coded_table(crisis: str = CRISIS) -> pd.DataFrame:
    """Japan's coded engagement per phase of a crisis (:func:`analysis.coding.engagement_table`), for display.

    Parameters
    ----------
    crisis
        A key of :data:`analysis.facts.CRISES`.
    """
    if crisis not in facts.CRISES:
        raise ParameterError(f"parameter 'crisis' is {crisis!r}; allowed values are: {', '.join(facts.CRISES)}")
    return coding.engagement_table(crisis=crisis).drop(columns=["Crisis"])


def coding_numbers() -> Numbers:
    """Section on the coding: the Asian phases, the mean codes of the three crises and their relations."""
    eng = coding.load_engagement()
    phases = eng[eng["crisis"] == CRISIS]
    summ = coding.engagement_summary().set_index("crisis")
    _claim(bool((phases["active"] == 2).all()), "that Japan was highly active in every Asian phase")
    _claim(int((phases["leadership"] < 2).sum()) == 1, "that one Asian phase lacks Japanese leadership")
    out: dict[str, Number | str] = {"asia_phases": Number(len(phases), digits=0),
                                    "asia_lead_phases": Number(int((phases["leadership"] == 2).sum()), digits=0)}
    for c in summ.index:
        for dim in ("active", "leadership", "cooperation"):
            out[f"mean_{dim}_{c}"] = Number(float(summ.loc[c, dim]), digits=2)
    for dim in ("leadership", "cooperation"):
        for other in ("debt_1982_91", "peso_1994_95"):
            out[f"rel_{dim}_{other}"] = coding.relation(summ.loc[CRISIS, dim], summ.loc[other, dim])
    out.update({"asia_acute_phases": Number(int(summ.loc[CRISIS, "phases"]), digits=0),
                "code_a3": coding.code_phrase(CRISIS, "a3_imf_led"),
                "code_a4": coding.code_phrase(CRISIS, "a4_nmi_cmi")})
    return out


def lenders_numbers() -> Numbers:
    """Section on the lenders: Japanese banks' claims and shares, the unverified shares, the IMF-led phase."""
    _claim(facts.fact("bank-asia97-jpn-share")["verified"] == "yes", "that Japan's share of bank lending is verified")
    shares = asia.lender_shares()
    sh = shares.set_index(["iso3", "lender_code"])
    _claim(bool(sh.loc[("KOR", "JPN"), "verified"] and sh.loc[("KOR", "EUR"), "verified"]),
           "that the Korean shares are verified")
    _claim(not bool(sh.loc[("THA", "JPN"), "verified"]), "that the Thai shares are not verified")
    out: dict[str, Number | str] = {
        "jp_asia_claims_96": facts.amount_number("bank-asia96-jpn", 0),
        "jp_share_asia": Number(float(facts.fact("bank-asia97-jpn-share")["share_pct"]), digits=1),
        "eu_share_asia": Number(float(facts.fact("bank-asia97-eur-share")["share_pct"]), digits=1),
    }
    for iso in asia.ASIA_FIVE:
        out[f"jp_share_{iso}"] = Number(float(sh.loc[(iso, "JPN"), "share_pct"]), digits=0)
    for key, ix in (("eu_share_KOR", ("KOR", "EUR")), ("us_share_THA", ("THA", "USA")),
                    ("us_share_KOR", ("KOR", "USA"))):
        out[key] = Number(float(sh.loc[ix, "share_pct"]), digits=0)
    out["n_unverified_shares"] = Number(int((~shares["verified"]).sum()), digits=0)
    out["n_shares"] = Number(len(shares), digits=0)
    pt = coding.prediction_tests().set_index(["crisis", "phase", "hypothesis", "dimension"])
    p = pt.loc[(CRISIS, "a3_imf_led", "H1", "leadership")]
    _claim(p["result"] == "missed", "that the simple form of H1 fails in the IMF-led phase")
    stated.text("st-idn-jp-third")  # the prose says a third of the loans went to Japanese affiliates
    out.update({"pred_a3_h1_lead": coding.CODE_WORDS[int(p["predicted"])],
                "code_a3_lead": coding.CODE_WORDS[int(p["code"])],
                "pred_a3_h1_lead_result": str(p["result"]),
                "jp_idn_loans": facts.amount_number("bank-idn97-jpn", 0)})
    return out


# --------------------------------------------------------------------- the retest
def regression_layout(fits: Sequence[Fit]) -> dict[str, Any]:
    """The ``variables`` and ``labels`` of :func:`analysis.tables.regression_table` for chapter 8's models.

    Every regressor of any fit, in order of first appearance, with the
    labels of :data:`LABELS`; an interaction ``<v>_x_east_asia`` is labelled
    "× East Asia: <label of v>".

    Raises
    ------
    ParameterError
        If ``fits`` is empty.
    """
    if not fits:
        raise ParameterError("parameter 'fits' is empty: nothing to tabulate")
    variables: list[str] = []
    for f in fits:
        variables += [v for v in f.regressors if v not in variables and v in f.params.index]
    labels = dict(LABELS)
    for v in variables:
        if v.endswith("_x_east_asia"):
            labels[v] = "× East Asia: " + LABELS.get(v[: -len("_x_east_asia")], v)
    return {"variables": variables, "labels": labels}


def _sign(x: float) -> str:
    return "negative" if x < 0 else "positive"


def retest_numbers(fits: Sequence[Fit], latin: Fit) -> Numbers:
    """Section on the retest: the Asian models (:func:`analysis.retest.asia_fits`) against the Latin one.

    Parameters
    ----------
    fits
        The four Asian fits: headline, clustered, country effects, without the debt-service ratio.
    latin
        :func:`analysis.retest.latin_fit`.
    """
    if len(fits) != 4:
        raise ParameterError(f"parameter 'fits' has {len(fits)} models; pass the four of analysis.retest.asia_fits")
    head, cl, fe, kor = fits
    _claim("KOR" not in head.entities and "KOR" in kor.entities, "that Korea drops from the headline model")
    bank, ustrade, usaid = "l1_log_bank_claims", "l1_log_us_trade", "l1_asinh_us_aid"
    return {
        "rt_first": str(retest.WINDOW[0]), "rt_last": str(retest.WINDOW[1]),
        "rt_n_asia": Number(head.nobs, digits=0), "rt_k_asia": Number(head.n_entities, digits=0),
        "rt_bank_asia": Number(float(head.params[bank]), digits=2),
        "rt_bank_asia_p": Number(float(head.pvalues[bank]), digits=3),
        "rt_ustrade_asia": Number(float(head.params[ustrade]), digits=2),
        "rt_ustrade_asia_p": Number(float(head.pvalues[ustrade]), digits=3),
        "rt_bank_fe": Number(float(fe.params[bank]), digits=2),
        "rt_bank_fe_p": Number(float(fe.pvalues[bank]), digits=2),
        "rt_bank_cl_p": Number(float(cl.pvalues[bank]), digits=2),
        "rt_bank_kor": Number(float(kor.params[bank]), digits=2),
        "rt_bank_kor_p": Number(float(kor.pvalues[bank]), digits=3),
        "rt_ustrade_kor": Number(float(kor.params[ustrade]), digits=2),
        "rt_ustrade_kor_p": Number(float(kor.pvalues[ustrade]), digits=2),
        "rt_bank_latin": Number(float(latin.params[bank]), digits=2),
        "rt_bank_latin_p": Number(float(latin.pvalues[bank]), digits=3),
        "rt_ustrade_latin": Number(float(latin.params[ustrade]), digits=2),
        "rt_usaid_latin_p": Number(float(latin.pvalues[usaid]), digits=3),
        "rt_usaid_asia_p": Number(float(head.pvalues[usaid]), digits=2),
        "rt_bank_ratio": Number(float(head.params[bank] / latin.params[bank]), digits=0),
        "rt_ustrade_sign_asia": _sign(float(head.params[ustrade])),
        "rt_ustrade_sign_latin": _sign(float(latin.params[ustrade])),
        "rt_bank_fe_sign": _sign(float(fe.params[bank])),
    }


def ledger_numbers(led: pd.DataFrame) -> Numbers:
    """The book's verdicts on the Asian retest, from the findings ledger (:func:`analysis.findings.ledger`).

    Parameters
    ----------
    led
        The ledger.
    """
    if "evidence" not in led.columns:
        raise ParameterError("parameter 'led' is not the findings ledger; pass analysis.findings.ledger()")
    out: dict[str, Number | str] = {}
    for short, key in findings.ASIA_SHORT.items():
        r = findings.row(key, table=led)
        for k, col in (("lo", "ci_low"), ("hi", "ci_high"), ("pw", "p_wild"), ("se", "smallest_effect")):
            out[f"A_{short}_{k}"] = findings.fmt(r[col])
        out[f"A_{short}_phrase"] = findings.phrase(key, table=led)
        out[f"ledger_v_asia_{short}"] = str(r["verdict"])
    out["rt_clusters"] = Number(int(findings.row(findings.ASIA_SHORT["bank"], table=led)["n_clusters"]), digits=0)
    out["ledger_v_summary_asia_regression"] = findings.summary("asia_regression", table=led)
    out["A_reading"] = findings.reading("asia_regression", table=led)
    out["ledger_v_summary_asia_coding"] = findings.summary("asia_coding", table=led)
    out["ledger_v_expect_asia_coding"] = findings.expectation_summary("asia_coding", table=led)
    return out


#: The ledger's kinds of evidence that chapter 8's verdict table shows.
VERDICT_EVIDENCE: tuple[str, ...] = ("asia_regression", "pooled_difference", "asia_coding")


def verdict_rows(led: pd.DataFrame) -> pd.DataFrame:
    """The rows of the findings ledger on the retest in Asia (:data:`VERDICT_EVIDENCE`)."""
    if "evidence" not in led.columns:
        raise ParameterError("parameter 'led' is not the findings ledger; pass analysis.findings.ledger()")
    return led[led["evidence"].isin(list(VERDICT_EVIDENCE))]


def pooled_numbers(diff: pd.DataFrame, nobs: int) -> Numbers:
    """Section on the pooled model: the bank-claims slopes of both regions and the other differences.

    Parameters
    ----------
    diff
        :func:`analysis.retest.slope_differences` of the pooled fit.
    nobs
        The pooled fit's number of observations.
    """
    d = diff.set_index("variable")
    bank = "l1_log_bank_claims"
    if bank not in d.index:
        raise ParameterError("parameter 'diff' has no bank-claims row; pass analysis.retest.slope_differences")
    others = d.drop(index=bank)["p_difference"]
    return {
        "pool_n": Number(nobs, digits=0),
        "pool_bank_latin": Number(float(d.loc[bank, "latin"]), digits=2),
        "pool_bank_asia": Number(float(d.loc[bank, "asia"]), digits=2),
        "pool_bank_p": Number(float(d.loc[bank, "p_difference"]), digits=3),
        "pool_min_other_p": Number(float(others.min()), digits=2),
        "pool_min_other_var": ALLOCATION_LABELS[str(others.idxmin())],
    }


def oor_numbers(pred: pd.DataFrame, bench: pd.DataFrame) -> Numbers:
    """Section on the out-of-region prediction: how far the Latin model falls short in Asia.

    Parameters
    ----------
    pred
        :func:`analysis.retest.out_of_region`.
    bench
        :func:`analysis.retest.in_sample_recovery` (the benchmark).
    """
    for name, frame in (("pred", pred), ("bench", bench)):
        missing = [c for c in ("iso3", "year", "actual_musd", "predicted_musd") if c not in frame.columns]
        if missing:
            raise ParameterError(f"parameter {name!r} lacks column(s) {missing}; pass a frame of "
                                 "analysis.retest.out_of_region or in_sample_recovery")
    summ = retest.oor_summary(pred)
    ref = retest.oor_summary(bench)
    low = retest.oor_by_country(pred).set_index("iso3")["ratio"].nsmallest(2)
    return {
        "oor_corr": Number(summ["corr"], digits=2),
        "oor_ratio": Number(100 * summ["ratio_total"], digits=0),
        "oor_under": Number(summ["share_under"], digits=0),
        "oor_bench": Number(100 * ref["ratio_total"], digits=0),
        "oor_multiple": Number(ref["ratio_total"] / summ["ratio_total"], digits=1),
        "oor_out_range": Number(100 - summ["share_in_range"], digits=0),
        "oor_low_names": " and ".join(name_of(c) for c in low.index),
        "oor_low_pcts": " and ".join(f"{100 * v:.0f}" for v in low),
    }


def curve_numbers(curve: pd.DataFrame) -> Numbers:
    """Section on the specification curve of the East Asian recipients.

    Parameters
    ----------
    curve
        :func:`analysis.findings.curve` of ``"east_asia"``.
    """
    needed = ("spec_id", "variable", "headline", "p_value")
    if any(c not in curve.columns for c in needed):
        raise ParameterError(f"parameter 'curve' lacks columns of {needed}; pass analysis.findings.curve('east_asia')")
    shares = speccurve.curve_shares(curve).set_index("variable")
    out: dict[str, Number | str] = {"asc_n_specs": Number(curve["spec_id"].nunique(), digits=0)}
    for short, var in (("bank", "l1_log_bank_claims"), ("ustrade", "l1_log_us_trade")):
        sh = shares.loc[var]
        out[f"asc_{short}_n"] = Number(int(sh["n_specs"]), digits=0)
        out[f"asc_{short}_sign"] = Number(100 * float(sh["share_expected_sign"]), digits=0)
        out[f"asc_{short}_sup"] = Number(100 * float(sh["share_supported"]), digits=0)
        out[f"asc_{short}_con"] = Number(100 * float(sh["share_contradicted"]), digits=0)
    head = curve[curve["headline"] & (curve["variable"] == "l1_log_bank_claims")]
    out["asc_bank_cr1_p"] = Number(float(head["p_value"].iloc[0]), digits=3)
    pye = speccurve.pooled_year_effects().set_index(["year_effects", "variable"])
    for key, variant in (("shared", "shared"), ("region", "by region")):
        out[f"pye_{key}"] = Number(float(pye.loc[(variant, "l1_log_bank_claims"), "difference"]), digits=2)
        out[f"pye_{key}_p"] = Number(float(pye.loc[(variant, "l1_log_bank_claims"), "p_value"]), digits=2)
    return out
