"""Chapter 3's model families, tables and prose numbers: Japan's aid to Latin America.

The chapter fits the allocation model of :mod:`analysis.allocation` under its
parameters (window, dependent variable, headline estimator). :func:`fit_all`
fits every model family once and returns them as a :class:`ChapterFits`; the
chapter's tables and charts are drawn from it, and its prose numbers come from
one function per section, each returning glue key ->
:class:`~analysis.numbers.Number` or ``str`` for
:func:`analysis.preamble.glue_all`:

- :func:`setup_numbers` (the parameters in words and Japan's recycling programme),
- :func:`panel_numbers` (the panel and the dependent variable),
- :func:`coverage_numbers` (which countries have Japan's trade),
- :func:`model_numbers` (the headline and linkage models),
- :func:`ledger_numbers` (the book's inference standard applied to the chapter),
- :func:`diagnostics_numbers` (serial correlation, PCSE, population),
- :func:`period_numbers` (the model by period),
- :func:`fit_numbers` (predicted against actual aid),
- :func:`robustness_numbers` (leave-one-out and the robustness grid),
- :func:`curve_numbers` (the specification curve),
- :func:`verdict_numbers` (verdicts that rest on panel-corrected errors only),
- :func:`published_numbers` (published studies beside the chapter's estimates).

The words that name the dependent variable and the estimator are
:func:`dependent_label` and :func:`estimator_text`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import allocation as al
from analysis import facts, findings, inference, models, panel, published, speccurve
from analysis.countries import LATIN_AMERICA, name_of
from analysis.errors import ParameterError, check_choice
from analysis.numbers import Number

#: The dependent variables: short label for tables and the unit of a coefficient in words.
DV_TEXT: dict[str, tuple[str, str]] = {
    "net_oda_musd": ("Japan's net ODA, US$ m", "millions of current US dollars"),
    "net_oda_asinh": ("Japan's net ODA, asinh", "units of the inverse hyperbolic sine of US$ millions"),
    "oda_share_pct": ("Share of Japan's ODA to the region, %", "percentage points of Japan's ODA to the region"),
    "oda_per_capita_usd": ("Japan's net ODA per head, US$", "US dollars per inhabitant"),
}
#: The headline estimators in words.
EST_TEXT: dict[str, str] = {
    "pcse": "pooled OLS with year effects and panel-corrected standard errors",
    "cluster": "pooled OLS with year effects and standard errors clustered by country",
    "fe": "a model with country and year fixed effects and standard errors clustered by country",
}
#: What is glued in place of a number the window cannot estimate.
NOT_ESTIMABLE = "not estimable"
#: Small counts in words.
COUNT_WORDS = ("none", "one", "two", "three", "four", "five")
#: The four largest debtors (predicted against actual aid).
BIG_FOUR = ("MEX", "BRA", "ARG", "VEN")
#: The H1 measures the robustness count goes through.
H1_MEASURES: tuple[str, ...] = (al.H1_EXPOSURE, *al.ALT_EXPOSURE, al.H1_BURDEN, *al.ALT_BURDEN)


def dependent_label(dependent: str) -> str:
    """The dependent variable's short label (for tables and captions).

    Raises
    ------
    ParameterError
        If ``dependent`` is not one of :data:`DV_TEXT`.
    """
    check_choice("dependent", dependent, tuple(DV_TEXT))
    return DV_TEXT[dependent][0]


def estimator_text(estimator: str) -> str:
    """The headline estimator in words.

    Raises
    ------
    ParameterError
        If ``estimator`` is not one of :data:`EST_TEXT`.
    """
    check_choice("estimator", estimator, tuple(EST_TEXT))
    return EST_TEXT[estimator]


def _names(codes: Sequence[str]) -> str:
    """Country names joined by commas with "and" before the last."""
    names = [name_of(c) for c in codes]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _count_word(k: int) -> str:
    return COUNT_WORDS[k] if k < len(COUNT_WORDS) else str(k)


# --- data ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChapterData:
    """The chapter's panels: ``raw`` (the panel), ``df`` (with the lagged dependent variable) and
    ``zero_aid`` (the panel with absent US aid read as zero, a robustness check)."""

    raw: pd.DataFrame
    df: pd.DataFrame
    zero_aid: pd.DataFrame
    start_year: int
    end_year: int
    dependent: str
    estimator: str


def chapter_data(start_year: int, end_year: int, dependent: str, estimator: str) -> ChapterData:
    """Build the chapter's panels for its parameters (checked by :func:`analysis.allocation.check_parameters`).

    Raises
    ------
    ParameterError
        If a parameter is out of range.
    """
    al.check_parameters(start_year=start_year, end_year=end_year, dependent=dependent, estimator=estimator)
    raw = panel.build_panel(LATIN_AMERICA, start_year, end_year)
    return ChapterData(raw=raw, df=al.with_lagged_dependent(raw, dependent),
                       zero_aid=panel.build_panel(LATIN_AMERICA, start_year, end_year, us_aid_absent_as_zero=True),
                       start_year=start_year, end_year=end_year, dependent=dependent, estimator=estimator)


def setup_numbers(data: ChapterData) -> dict[str, Number | str]:
    """The chapter's parameters in words and Japan's recycling programme.

    Returns
    -------
    dict
        ``p_start``, ``p_end``, ``p_dependent``, ``p_dep_unit``, ``p_estimator``; ``recycle_total``
        (US$ billion, fact row ``ini-recycle-65``) and ``recycle_date``.
    """
    return {
        "p_start": str(data.start_year), "p_end": str(data.end_year),
        "p_dependent": DV_TEXT[data.dependent][0], "p_dep_unit": DV_TEXT[data.dependent][1],
        "p_estimator": EST_TEXT[data.estimator],
        "recycle_total": Number(facts.amount("ini-recycle-65"), digits=0),
        "recycle_date": facts.date_text("ini-recycle-65"),
    }


def panel_numbers(raw: pd.DataFrame) -> dict[str, Number | str]:
    """The panel and Japan's net ODA in it.

    Parameters
    ----------
    raw
        The chapter's panel (:attr:`ChapterData.raw`): ``iso3``, ``year``, ``net_oda_musd``,
        ``l1_log_bank_claims``, ``l1_log_pop``.

    Returns
    -------
    dict
        ``n_countries``, ``n_years``, ``n_cells``; ``n_negative`` and ``negative_countries`` (country-years
        with negative net ODA, and where); ``oda_total_bn``; ``top5_share`` (per cent) and ``top5_names`` (the
        five largest recipients); ``oda_growth`` (mean of the last three years over the first three),
        ``oda_first3``, ``oda_last3``; ``corr_claims_pop`` (correlation of lagged bank claims and population).

    Raises
    ------
    ParameterError
        If ``raw`` has no observed net ODA.
    """
    oda = raw.dropna(subset=["net_oda_musd"])
    if oda.empty:
        raise ParameterError("parameter 'raw' has no observed net_oda_musd; pass the chapter's panel")
    neg = sorted({name_of(c) for c in oda.loc[oda["net_oda_musd"] < 0, "iso3"]})
    total = float(oda["net_oda_musd"].sum())
    top5 = oda.groupby("iso3")["net_oda_musd"].sum().sort_values(ascending=False).head(5)
    yearly = oda.groupby("year")["net_oda_musd"].sum()
    first, last = int(yearly.index.min()), int(yearly.index.max())
    first_full = yearly.loc[first:first + 2].mean()
    last_full = yearly.loc[last - 2:last].mean()
    return {
        "n_countries": Number(raw["iso3"].nunique(), digits=0),
        "n_years": Number(raw["year"].nunique(), digits=0),
        "n_cells": Number(len(raw), digits=0),
        "n_negative": Number(int((oda["net_oda_musd"] < 0).sum()), digits=0),
        "negative_countries": ", ".join(neg) if neg else "none",
        "oda_total_bn": Number(total / 1e3, digits=1),
        "top5_share": Number(100 * float(top5.sum()) / total, digits=0),
        "top5_names": _names(list(top5.index)),
        "oda_growth": Number(float(last_full / first_full), digits=1),
        "oda_first3": f"{first}-{str(first + 2)[-2:]}",
        "oda_last3": f"{last - 2}-{str(last)[-2:]}",
        "corr_claims_pop": Number(float(raw[["l1_log_bank_claims", "l1_log_pop"]].corr().iloc[0, 1]), digits=2),
    }


#: The regressors the chapter reports, in table order.
USED: tuple[str, ...] = (*al.CORE, al.TRIANGLE, al.MERCANTILE)


def variables_table(dependent: str) -> pd.DataFrame:
    """The variables of the allocation model: label, hypothesis, expected sign, unit and source loader.

    Raises
    ------
    ParameterError
        If ``dependent`` is not one of :data:`DV_TEXT`.
    """
    label = dependent_label(dependent)
    rows = [{"Variable (lagged one year)": f"{label} (dependent, not lagged)", "Hypothesis": "DV",
             "Expected sign": "", "Unit": panel.VARIABLES[dependent].unit,
             "Source (loader)": panel.VARIABLES[dependent].source}]
    for v in USED:
        meta = panel.VARIABLES[v.split("_", 1)[1]]
        rows.append({
            "Variable (lagged one year)": al.LABELS[v],
            "Hypothesis": meta.hypothesis,
            "Expected sign": ("+ (burden-sharing) or − (division of labour)" if v == al.US_AID
                              else {1: "+", -1: "−"}.get(meta.expected_sign, "control")),
            "Unit": meta.unit,
            "Source (loader)": meta.source,
        })
    return pd.DataFrame(rows)


def missing_table(raw: pd.DataFrame, dependent: str) -> pd.DataFrame:
    """Observed and missing country-years per variable (:func:`analysis.panel.missing_report`), for display.

    Columns: ``Variable``, ``Observed``, ``Missing``, ``From``, ``To``, ``No value for`` (country names,
    or a dash).
    """
    label = dependent_label(dependent)
    rep = panel.missing_report(raw, [dependent, *USED])
    rep["variable"] = [al.LABELS.get(v, label) for v in rep["variable"]]
    rep = rep.rename(columns={"variable": "Variable", "observed": "Observed", "missing": "Missing",
                              "first_year": "From", "last_year": "To", "missing_in": "No value for"})
    rep = rep.drop(columns=["label", "hypothesis", "countries"])
    rep["No value for"] = [", ".join(name_of(c) for c in s.split(", ")) if s else "–" for s in rep["No value for"]]
    return rep


def missing_caption(raw: pd.DataFrame, start_year: int, end_year: int) -> str:
    """Caption of :func:`missing_table`: the window and the number of country-years in the panel."""
    if start_year > end_year:
        raise ParameterError(f"parameter 'start_year' ({start_year}) is after 'end_year' ({end_year})")
    return (f"Observed and missing country-years per variable, {start_year}-{end_year} "
            f"({len(raw)} country-years). Missing values are never filled.")


def coverage_numbers(raw: pd.DataFrame) -> dict[str, Number | str]:
    """Which countries of the panel have Japan's trade with them.

    Returns
    -------
    dict
        ``jp_trade_countries`` (how many have it) and ``jp_missing`` (the others, by name).
    """
    with_trade = set(raw.dropna(subset=[al.MERCANTILE])["iso3"])
    return {"jp_trade_countries": Number(len(with_trade), digits=0),
            "jp_missing": ", ".join(name_of(c) for c in sorted(set(raw["iso3"]) - with_trade))}


# --- models --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChapterFits:
    """Every model family the chapter fits.

    ``fits`` (the core model under each estimator), ``head`` (the headline one), ``others`` (the rest),
    ``link`` (adding the trade variables), ``per`` (by period), ``rob`` (robustness entries: group,
    label, fit).
    """

    fits: list[models.Fit]
    head: models.Fit
    link: list[models.Fit]
    per: list[models.Fit]
    rob: list[tuple[str, str, models.Fit]]
    others: list[models.Fit] = field(default_factory=list)

    def linked(self, label: str) -> models.Fit | None:
        """The linkage model with this label (``+ US trade``, ``+ Japan's trade``, ``+ both``), if fitted."""
        return {f.label: f for f in self.link}.get(label)

    @property
    def us_fit(self) -> models.Fit | None:
        """The core model plus US trade."""
        return self.linked("+ US trade")

    @property
    def jp_fit(self) -> models.Fit | None:
        """The core model plus Japan's trade."""
        return self.linked("+ Japan's trade")

    @property
    def plot_fits(self) -> list[models.Fit]:
        """The fits of the coefficient chart: the headline, three other estimators and the US-trade model."""
        return [self.head, *self.others[:3], *[f for f in (self.us_fit,) if f is not None]]

    @property
    def entries(self) -> list[tuple[str, str, models.Fit]]:
        """The rows of the robustness table: the headline, the other estimators, then :attr:`rob`."""
        return ([("Headline", self.head.label, self.head)] + [("Estimator", f.label, f) for f in self.others]
                + self.rob)


def fit_all(data: ChapterData) -> ChapterFits:
    """Fit every model family of the chapter (see :class:`ChapterFits`)."""
    fits = al.estimator_models(data.df, data.dependent)
    head = al.headline(fits, data.estimator)
    return ChapterFits(
        fits=fits, head=head,
        link=al.linkage_models(data.df, data.dependent, data.estimator),
        per=al.period_models(data.df, data.dependent, data.estimator),
        rob=al.robustness_models(data.df, data.dependent, data.estimator, zero_aid_panel=data.zero_aid),
        others=[f for f in fits if f is not head],
    )


def _var_numbers(prefix: str, f: models.Fit | None, var: str, df: pd.DataFrame) -> dict[str, Number | str]:
    """Coefficient, p-value, standard deviation and one-SD effect of ``var`` in fit ``f``."""
    if f is None or var not in f.params.index:
        return {f"{prefix}_{k}": NOT_ESTIMABLE for k in ("coef", "p", "sd", "sdeffect")}
    c = models.coefficients([f], df).set_index("variable").loc[var]
    return {f"{prefix}_coef": Number(float(c["coef"]), digits=2), f"{prefix}_p": Number(float(c["pvalue"]), digits=3),
            f"{prefix}_sd": Number(float(c["sd"]), digits=2),
            f"{prefix}_sdeffect": Number(float(c["sd_effect"]), digits=1)}


def n_significant(fits: Sequence[models.Fit], var: str, level: float = 0.10) -> str:
    """How many of ``fits`` have ``var`` significant at ``level``, in words up to five.

    Raises
    ------
    ParameterError
        If ``level`` is not in (0, 1).
    """
    if not 0 < level < 1:
        raise ParameterError(f"parameter 'level' is {level!r}; use a test level between 0 and 1")
    return _count_word(sum(var in f.params.index and float(f.pvalues[var]) < level for f in fits))


def residual_autocorrelation(fit: models.Fit) -> float:
    """First-order autocorrelation of a fit's residuals within each country (the index's first level)."""
    r = pd.DataFrame({"e": fit.resid})
    r["lag"] = r.groupby(level=0)["e"].shift(1)
    return float(r.corr().iloc[0, 1])


def model_numbers(fits: ChapterFits, df: pd.DataFrame) -> dict[str, Number | str]:
    """Numbers of the sections on the headline model and the linkage models.

    Returns
    -------
    dict
        ``ar1`` (:func:`residual_autocorrelation` of the headline), ``head_n``, ``head_countries``,
        ``head_r2``; ``<prefix>_coef|p|sd|sdeffect`` for bank claims, debt burden, US aid, US trade, Japan's
        trade, income and population (or "not estimable"); ``bank_sig_cols``, ``burden_sig_cols`` (at 10 per
        cent) and ``pop_sig_cols`` (at 5 per cent) across the estimators, in words; ``ustrade_direction``;
        ``us_n``, ``us_years``, ``jp_n``, ``jp_countries`` where those models were fitted;
        ``ustrade_both_coef``, ``ustrade_both_p``.
    """
    head, us_fit, jp_fit = fits.head, fits.us_fit, fits.jp_fit
    out: dict[str, Number | str] = {
        "ar1": Number(residual_autocorrelation(head), digits=2),
        "head_n": Number(head.nobs, digits=0), "head_countries": Number(head.n_entities, digits=0),
        "head_r2": Number(head.r2, digits=2),
    }
    for prefix, f, var in (("bank", head, al.H1_EXPOSURE), ("burden", head, al.H1_BURDEN), ("usaid", head, al.US_AID),
                           ("ustrade", us_fit, al.TRIANGLE), ("jptrade", jp_fit, al.MERCANTILE),
                           ("gdppc", head, "l1_log_gdp_pc"), ("pop", head, "l1_log_pop")):
        out.update(_var_numbers(prefix, f, var, df))
    out["bank_sig_cols"] = n_significant(fits.fits, al.H1_EXPOSURE)
    out["burden_sig_cols"] = n_significant(fits.fits, al.H1_BURDEN)
    out["pop_sig_cols"] = n_significant(fits.fits, "l1_log_pop", 0.05)
    if us_fit is not None and al.TRIANGLE in us_fit.params.index:
        out["ustrade_direction"] = "less" if us_fit.params[al.TRIANGLE] < 0 else "more"
    else:
        out["ustrade_direction"] = "neither more nor less"
    if us_fit is not None:
        out["us_n"] = Number(us_fit.nobs, digits=0)
        out["us_years"] = f"{us_fit.first_year}-{us_fit.last_year}"
    if jp_fit is not None:
        out["jp_n"] = Number(jp_fit.nobs, digits=0)
        out["jp_countries"] = Number(jp_fit.n_entities, digits=0)
    both = fits.linked("+ both")
    if both is not None and al.TRIANGLE in both.params.index:
        out["ustrade_both_coef"] = Number(float(both.params[al.TRIANGLE]), digits=2)
        out["ustrade_both_p"] = Number(float(both.pvalues[al.TRIANGLE]), digits=3)
    else:
        out["ustrade_both_coef"] = NOT_ESTIMABLE
        out["ustrade_both_p"] = NOT_ESTIMABLE
    return out


def usaid_reading(estimate: float, ci_low: float, ci_high: float) -> str:
    """What the sign of US aid favours (burden-sharing if positive, a division of labour if not), and
    whether its confidence set admits both signs."""
    reading = "burden-sharing" if estimate > 0 else "a division of labour"
    if ci_low < 0 < ci_high:
        return (f"favours {reading}, although its bootstrap confidence set ({findings.fmt(ci_low)} to "
                f"{findings.fmt(ci_high)}) admits both signs")
    return f"favours {reading}, and its bootstrap confidence set excludes zero"


def ledger_numbers(led: pd.DataFrame) -> dict[str, Number | str]:
    """The book's inference standard applied to the chapter: the ledger's rows for its parameters.

    Parameters
    ----------
    led
        The chapter's ledger rows (:func:`analysis.findings.latin_rows`).

    Returns
    -------
    dict
        Per hypothesis variable ``L_<short>_est|lo|hi|pw|pp|se`` (formatted), ``L_<short>_phrase`` and
        ``ledger_v_latin_<short>`` (or "not estimable"); ``boot_draws``; ``usaid_sign_word`` and
        ``usaid_favours`` (:func:`usaid_reading`); the family of tests ``mt_n``, ``mt_expected``, ``mt_sig``,
        ``mt_sig_holm``, ``mt_min_holm``; ``ledger_v_summary_latin_regression`` and ``L_reading``.
    """
    out: dict[str, Number | str] = {}
    keys = set(led["key"])
    for short, key in findings.LATIN_SHORT.items():
        if key not in keys:
            for k in ("est", "lo", "hi", "pw", "pp", "se"):
                out[f"L_{short}_{k}"] = NOT_ESTIMABLE
            out[f"L_{short}_phrase"] = "not estimable in this window"
            out[f"ledger_v_latin_{short}"] = NOT_ESTIMABLE
            continue
        r = findings.row(key, table=led)
        for k, col in (("est", "estimate"), ("lo", "ci_low"), ("hi", "ci_high"), ("pw", "p_wild"), ("pp", "p_pcse"),
                       ("se", "smallest_effect")):
            out[f"L_{short}_{k}"] = findings.fmt(r[col])
        out[f"L_{short}_phrase"] = findings.phrase(key, table=led)
        out[f"ledger_v_latin_{short}"] = str(r["verdict"])
    out["boot_draws"] = f"{inference.B_DEFAULT:,}"
    ua = findings.row(findings.LATIN_SHORT["usaid"], table=led)
    out["usaid_sign_word"] = "positive" if ua["estimate"] > 0 else "negative"
    out["usaid_favours"] = usaid_reading(float(ua["estimate"]), float(ua["ci_low"]), float(ua["ci_high"]))
    mt = findings.multiple_testing(("latin_regression",), table=led)
    out["mt_n"] = Number(mt["n_tests"], digits=0)
    out["mt_expected"] = Number(mt["expected_false_positives"], digits=1)
    out["mt_sig"] = Number(mt["n_significant"], digits=0)
    out["mt_sig_holm"] = Number(mt["n_significant_holm"], digits=0)
    out["mt_min_holm"] = Number(mt["min_p_holm"], digits=2)
    out["ledger_v_summary_latin_regression"] = findings.summary("latin_regression", table=led)
    out["L_reading"] = findings.reading("latin_regression", table=led)
    return out


def diagnostics_numbers(data: ChapterData, head: models.Fit) -> dict[str, Number | str]:
    """Serial correlation, the PCSE covariance and the bootstrap test of population.

    Returns
    -------
    dict
        ``serial_F``, ``serial_df``, ``serial_p`` (Wooldridge's test); ``pcse_min_eig``; ``pop_pw`` and
        ``pop_boot_clause`` (population under the wild-cluster bootstrap).
    """
    serial = inference.wooldridge_serial_test(data.df, data.dependent, al.CORE)
    pop_boot = inference.wild_cluster_test(data.df, data.dependent, al.CORE, "l1_log_pop")
    return {
        "serial_F": Number(serial.statistic, digits=1),
        "serial_df": Number(serial.df_den, digits=0),
        "serial_p": "p < 0.001" if serial.p_value < 0.001 else f"p = {findings.fmt(serial.p_value, 2)}",
        "pcse_min_eig": findings.fmt(inference.pcse_min_eigenvalue(head.resid)),
        "pop_pw": findings.fmt(pop_boot.p_value),
        "pop_boot_clause": "is significant" if pop_boot.p_value < 0.05 else "falls short of significance",
    }


def period_numbers(per: Sequence[models.Fit]) -> dict[str, Number | str]:
    """The debt burden by period.

    Returns
    -------
    dict
        ``per_burden_<period>`` and ``per_burden_p_<period>`` for each period model that estimates it (the
        period label with its dash replaced by ``_``); ``early_label``, ``early_when``; ``early_burden`` and
        ``early_burden_p`` if the first period estimates it.
    """
    out: dict[str, Number | str] = {}
    for f in per:
        key = f.label.replace("–", "_")
        if al.H1_BURDEN in f.params.index:
            out[f"per_burden_{key}"] = Number(float(f.params[al.H1_BURDEN]), digits=2)
            out[f"per_burden_p_{key}"] = Number(float(f.pvalues[al.H1_BURDEN]), digits=2)
    early = per[0] if per else None
    out["early_label"] = early.label if early is not None else "the first period"
    out["early_when"] = ("before Japan's recycling programme" if early is not None and early.last_year < al.SPLITS[0]
                         else "the first period of the window")
    if early is not None and al.H1_BURDEN in early.params.index:
        out["early_burden"] = Number(float(early.params[al.H1_BURDEN]), digits=2)
        out["early_burden_p"] = Number(float(early.pvalues[al.H1_BURDEN]), digits=3)
    return out


def fit_numbers(head: models.Fit) -> dict[str, Number | str]:
    """Predicted against actual aid by country (:func:`analysis.models.predicted_vs_actual`).

    Returns
    -------
    dict
        ``over_names``, ``under_names`` (the three countries most above and below the prediction);
        ``over_gap`` (US$ m above) and ``over_share`` (their per-cent share of actual aid); ``pva_corr``;
        ``big4_actual``, ``big4_pred`` and ``big4_fit`` (how well the model fits the four largest debtors:
        "closely" within 10 per cent, else "too low" or "too high").
    """
    pva = models.predicted_vs_actual(head)
    pva = pva.assign(gap=pva["actual"] - pva["predicted"]).sort_values("gap", ascending=False)
    over = pva.head(3)
    under = pva.tail(3).iloc[::-1]
    big4 = pva[pva["entity"].isin(list(BIG_FOUR))]
    ratio4 = big4["actual"].sum() / big4["predicted"].sum()
    return {
        "over_names": _names(list(over["entity"])),
        "under_names": _names(list(under["entity"])),
        "over_gap": Number(float(over["gap"].sum()), digits=0),
        "over_share": Number(100 * float(over["actual"].sum()) / float(pva["actual"].sum()), digits=0),
        "pva_corr": Number(float(np.corrcoef(pva["actual"], pva["predicted"])[0, 1]), digits=2),
        "big4_actual": Number(float(big4["actual"].sum()), digits=0),
        "big4_pred": Number(float(big4["predicted"].sum()), digits=0),
        "big4_fit": "closely" if abs(ratio4 - 1) < 0.1 else ("too low" if ratio4 > 1 else "too high"),
    }


#: Columns of the robustness table: hypothesis -> the measures shown under it.
ROBUSTNESS_COLUMNS: dict[str, list[str]] = {
    "Bank exposure (H1)": [al.H1_EXPOSURE, *al.ALT_EXPOSURE],
    "Debt burden (H1)": [al.H1_BURDEN, *al.ALT_BURDEN],
    "US aid": [al.US_AID],
}


def leave_one_out(data: ChapterData) -> pd.DataFrame:
    """The headline model dropping one country at a time (:func:`analysis.models.leave_one_out`)."""
    return models.leave_one_out(data.df, data.dependent, al.CORE, estimator=data.estimator, time_effects=True)


def _supported(coef: float, p: float) -> bool:
    return models.verdict(float(coef), float(p), 1) == "Supported"


def robustness_numbers(fits: ChapterFits, loo: pd.DataFrame) -> dict[str, Number | str]:
    """Leave-one-country-out and the robustness grid of the H1 measures.

    Parameters
    ----------
    fits
        The chapter's fits.
    loo
        :func:`leave_one_out`: ``variable``, ``coef``, ``pvalue``.

    Returns
    -------
    dict
        ``loo_<var>_ok`` (drops under which the variable stays supported), ``loo_<var>_n``, ``loo_<var>_lo``,
        ``loo_<var>_hi`` for bank claims, debt burden and US aid; ``h1_support`` and ``h1_support_list`` (H1
        measures supported anywhere in the robustness grid); ``h1_tests`` (H1 estimates in it);
        ``n_robust`` (rows of the grid other than the headline).
    """
    out: dict[str, Number | str] = {}
    for key, var in (("bank", al.H1_EXPOSURE), ("burden", al.H1_BURDEN), ("usaid", al.US_AID)):
        part = loo[loo["variable"] == var]
        out[f"loo_{key}_ok"] = Number(sum(_supported(c, p) for c, p in zip(part["coef"], part["pvalue"])), digits=0)
        out[f"loo_{key}_n"] = Number(len(part), digits=0)
        out[f"loo_{key}_lo"] = Number(float(part["coef"].min()), digits=2)
        out[f"loo_{key}_hi"] = Number(float(part["coef"].max()), digits=2)
    entries = fits.entries
    found = []
    for grp, lab, f in entries:
        for var in H1_MEASURES:
            if var in f.params.index and _supported(f.params[var], f.pvalues[var]):
                where = (f"with the dependent variable “{lab}”" if grp == "Dependent variable"
                         else f"in the specification “{lab}”")
                found.append(f"{al.LABELS[var].lower()} {where}")
    out["h1_support"] = Number(len(found), digits=0)
    out["h1_support_list"] = "; ".join(found) if found else "none"
    out["h1_tests"] = Number(sum(sum(v in f.params.index for v in H1_MEASURES) for _, _, f in entries), digits=0)
    out["n_robust"] = Number(len(entries) - 1, digits=0)
    return out


#: The hypothesis variables of the specification curve, by glue stem.
CURVE_VARIABLES: dict[str, str] = {"bank": al.H1_EXPOSURE, "burden": al.H1_BURDEN, "usaid": al.US_AID,
                                   "ustrade": al.TRIANGLE, "jptrade": al.MERCANTILE}


def curve_numbers(curve: pd.DataFrame) -> dict[str, Number | str]:
    """The specification curve in Latin America.

    Parameters
    ----------
    curve
        The curve (:func:`analysis.findings.curve`).

    Returns
    -------
    dict
        ``sc_n_specs``; per variable of :data:`CURVE_VARIABLES` ``sc_<v>_n`` and the per-cent shares
        ``sc_<v>_sign`` (expected sign), ``sc_<v>_sup`` (supported), ``sc_<v>_con`` (contradicted);
        ``sc_agree`` and ``sc_agree_n`` (CR1 and wild-bootstrap verdicts that agree, of all compared);
        ``sc_cr1_lower`` (comparisons where the CR1 p-value is the lower).
    """
    shares = speccurve.curve_shares(curve).set_index("variable")
    agree = speccurve.headline_agreement(curve)
    out: dict[str, Number | str] = {"sc_n_specs": Number(curve["spec_id"].nunique(), digits=0)}
    for short, var in CURVE_VARIABLES.items():
        sh = shares.loc[var]
        out[f"sc_{short}_n"] = Number(float(sh["n_specs"]), digits=0)
        out[f"sc_{short}_sign"] = Number(100 * float(sh["share_expected_sign"]), digits=0)
        out[f"sc_{short}_sup"] = Number(100 * float(sh["share_supported"]), digits=0)
        out[f"sc_{short}_con"] = Number(100 * float(sh["share_contradicted"]), digits=0)
    out["sc_agree"] = Number(int(agree["agree"].sum()), digits=0)
    out["sc_agree_n"] = Number(len(agree), digits=0)
    out["sc_cr1_lower"] = Number(int((agree["cr1_p"] < agree["wild_p"]).sum()), digits=0)
    return out


def verdict_numbers(led: pd.DataFrame) -> dict[str, Number | str]:
    """Verdicts that panel-corrected errors alone would call significant.

    Returns
    -------
    dict
        ``pcse_only_n`` and ``pcse_only_list`` (their variables in lower case, or "none").
    """
    po = findings.pcse_only(table=led)
    labels = {**al.LABELS,
              findings.LATIN_SHORT["early"].split(":", 1)[1]: f"debt service, {findings.EARLY[0]}-{findings.EARLY[1]}"}
    return {"pcse_only_n": Number(len(po), digits=0),
            "pcse_only_list": "; ".join(labels[k.split(":", 1)[1]].lower() for k in po) if po else "none"}


def study_labels(studies: pd.DataFrame) -> dict[str, str]:
    """Each published study's citation role for the tables, by ``study_id`` (Katada's with a note)."""
    return {sid: "{cite:t}`" + key + "`" + (", chapter 3 as the Introduction previews it" if key == "katada2001" else "")
            for sid, key in zip(studies["study_id"], studies["study_key"])}


def _dimension_word(dim: str) -> str:
    """A dimension's label inside a sentence (proper nouns keep their capitals)."""
    label = published.DIMENSIONS[dim]
    return label[0].lower() + label[1:] if dim == "need" else label


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def agreement_pattern(comp: pd.DataFrame) -> str:
    """The pattern of agreement between published studies and the chapter, in sentences.

    Parameters
    ----------
    comp
        :func:`analysis.published.comparison`: ``dimension``, ``agreement``, ``study_sign``, ``book_p``.
    """
    def dims(frame: pd.DataFrame) -> list[str]:
        hit = set(frame["dimension"])
        return [_dimension_word(d) for d in published.DIMENSIONS if d in hit]

    agree = dims(comp[comp["agreement"].isin(["same sign, both significant", "both null"])])
    dis = comp[comp["agreement"] == "disagree"]
    study_only_rows = dis["study_sign"].isin(["+", "-"]) & (dis["book_p"] >= published.ALPHA)
    book_only_rows = dis["study_sign"] == "0"
    study_only, book_only = dims(dis[study_only_rows]), dims(dis[book_only_rows])
    pattern = []
    if agree:
        pattern.append(f"The agreements concern {_and(agree)}.")
    if study_only:
        pattern.append(f"The disagreements over {_and(study_only)} are all of one kind: the published studies report "
                       "an effect that this chapter's estimate does not show at the five per cent level.")
    if book_only:
        pattern.append(f"Over {_and(book_only)}, this chapter finds an effect that published studies report as absent.")
    rest = len(dis) - int(study_only_rows.sum()) - int(book_only_rows.sum())
    if rest:
        pattern.append(f"In {rest} further pairs both find an effect, with opposite signs.")
    return " ".join(pattern) if pattern else "No pair of a study and a motive can be compared."


def published_numbers(studies: pd.DataFrame, book: pd.DataFrame, comp: pd.DataFrame) -> dict[str, Number | str]:
    """Published studies beside the chapter's estimates.

    Parameters
    ----------
    studies
        :func:`analysis.published.load`.
    book
        :func:`analysis.published.book_estimates`.
    comp
        :func:`analysis.published.comparison`.

    Returns
    -------
    dict
        ``pub_n_studies``, ``pub_n_abstract``; ``pub_n_pairs`` (comparable pairs), ``pub_n_same``,
        ``pub_n_null``, ``pub_n_disagree``; ``pub_usecon_word`` and ``pub_usecon_p`` (the chapter's US
        economic-interest estimate); ``pub_pattern`` (:func:`agreement_pattern`).
    """
    counts = published.agreement_counts(comp)
    ue = book.set_index("dimension").loc["us_econ"]
    return {
        "pub_n_studies": Number(len(studies), digits=0),
        "pub_n_abstract": Number(int((studies["detail"] == "abstract only").sum()), digits=0),
        "pub_n_pairs": Number(len(comp) - counts["not comparable"], digits=0),
        "pub_n_same": Number(counts["same sign, both significant"], digits=0),
        "pub_n_null": Number(counts["both null"], digits=0),
        "pub_n_disagree": Number(counts["disagree"], digits=0),
        "pub_usecon_word": ("not estimable in this window" if pd.isna(ue["estimate"])
                            else ("positive" if ue["estimate"] > 0 else "negative")),
        "pub_usecon_p": findings.fmt(ue["p_wild"], 2),
        "pub_pattern": agreement_pattern(comp),
    }
