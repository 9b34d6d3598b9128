"""The allocation model of chapter 3 (and its re-estimation in chapter 8):
which regressors stand for which hypothesis, the families of models the
chapter reports, and the parameter checks of the notebook.

Public API
----------
:data:`CORE`
    The lagged regressors of the core specification (available from 1978):
    bank exposure and debt burden (H1), US aid (US strategic interest) and
    the controls.
:data:`TRIANGLE`, :data:`MERCANTILE`
    US trade with the debtor (H2, from 1986) and Japan's trade with it (the
    mercantilist alternative, from 1987).
:data:`EXPECTATIONS`
    ``{regressor: (hypothesis, expected sign)}`` for the verdict table.
:func:`check_parameters`
    Validates the notebook parameters (window, dependent variable,
    estimator); each bad value raises :class:`~analysis.errors.ParameterError`
    naming the parameter and the allowed values.
:func:`estimator_models`, :func:`linkage_models`, :func:`period_models`,
:func:`robustness_models`
    The model families of the chapter's tables; each returns a list of
    :class:`analysis.models.Fit` with table labels.
:func:`with_lagged_dependent`
    Adds the lagged dependent variable ``l1_dep`` to a panel.

All functions take the panel (from :func:`analysis.panel.build_panel`) and
the dependent variable as arguments, so chapter 8 can pass an East Asian or
a pooled panel.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis import models, panel
from analysis.errors import check_choice

L = panel.lag_name
#: Hypothesis variables and controls of the core specification (lagged one year).
H1_EXPOSURE = L("log_bank_claims")
H1_BURDEN = L("debt_service_pct_exports")
US_AID = L("asinh_us_aid")
CONTROLS = [L("log_gdp_pc"), L("log_pop"), L("imf_programme"), L("brady_done")]
CORE = [H1_EXPOSURE, H1_BURDEN, US_AID, *CONTROLS]
TRIANGLE = L("log_us_trade")
MERCANTILE = L("log_jp_trade")
LDV = "l1_dep"

EXPECTATIONS: dict[str, tuple[str, int]] = {
    H1_EXPOSURE: ("H1: bank exposure", +1),
    H1_BURDEN: ("H1: debt burden", +1),
    TRIANGLE: ("H2: ties to the US economy", +1),
    US_AID: ("US strategic interest", +1),
    MERCANTILE: ("Mercantilism (alternative)", +1),
}
#: Alternative measures of H1 exposure and burden for the robustness table.
ALT_EXPOSURE = {
    L("bank_claims_pct_gdp"): "Bank claims, % of GDP",
    L("log_nonbank_claims"): "Bank claims on non-banks (log)",
    L("log_external_debt"): "External debt (log)",
}
ALT_BURDEN = {L("debt_pct_gni"): "External debt, % of GNI"}
#: Short labels of every regressor for tables and charts.
LABELS = {
    H1_EXPOSURE: "Bank claims on the debtor (log)",
    H1_BURDEN: "Debt service, % of exports",
    TRIANGLE: "US trade with the debtor (log)",
    US_AID: "US aid (asinh)",
    MERCANTILE: "Japan's trade with the debtor (log)",
    L("log_gdp_pc"): "GDP per head (log)",
    L("log_pop"): "Population (log)",
    L("imf_programme"): "IMF programme in force",
    L("brady_done"): "Brady deal completed",
    LDV: "Dependent variable, t−1",
    "const": "Constant",
    **ALT_EXPOSURE,
    **ALT_BURDEN,
}
#: Start years of the periods of the split sample (Baker Plan and Capital Recycling; Brady Plan).
SPLITS = (1986, 1989)


def check_parameters(*, start_year: int, end_year: int, dependent: str, estimator: str) -> None:
    """Validate the chapter's papermill parameters (raises ParameterError naming the parameter)."""
    panel.check_window(start_year, end_year)
    check_choice("dependent", dependent, panel.DEPENDENTS)
    check_choice("estimator", estimator, models.ESTIMATORS)


def with_lagged_dependent(df: pd.DataFrame, dependent: str, *, entity: str = "iso3", time: str = "year",
                          source: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``l1_dep``, the dependent variable of the previous calendar year.

    ``source`` is a panel that also holds the year before the window (e.g.
    built from ``start_year - 1``); by default the lag comes from ``df`` itself,
    so the first year of the window has no lag.
    """
    src = (df if source is None else source)[[entity, time, dependent]].copy()
    src[time] = src[time] + 1
    src = src.rename(columns={dependent: LDV})
    return df.drop(columns=[LDV], errors="ignore").merge(src, on=[entity, time], how="left")


def _try(fits: list[models.Fit], *args: object, **kwargs: object) -> None:
    """Append a fit, or nothing if the sample is too small (the table then omits it)."""
    from analysis.errors import ParameterError

    try:
        fits.append(models.fit(*args, **kwargs))  # type: ignore[arg-type]
    except ParameterError as exc:
        if "too few" not in str(exc):
            raise


def estimator_models(df: pd.DataFrame, dependent: str, *, regressors: Sequence[str] = CORE) -> list[models.Fit]:
    """The core specification under each estimator (table 1 of chapter 3).

    Columns: pooled PCSE without year effects; pooled PCSE, pooled clustered
    and country fixed effects, each with year effects; pooled PCSE with year
    effects and the lagged dependent variable (``df`` must hold ``l1_dep``).
    """
    r = list(regressors)
    fits = [
        models.fit(df, dependent, r, estimator="pcse", time_effects=False, label="Pooled, PCSE"),
        models.fit(df, dependent, r, estimator="pcse", time_effects=True, label="Pooled + years, PCSE"),
        models.fit(df, dependent, r, estimator="cluster", time_effects=True, label="Pooled + years, clustered"),
        models.fit(df, dependent, r, estimator="fe", time_effects=True, label="Country and year FE"),
    ]
    if LDV in df.columns:
        fits.append(models.fit(df, dependent, [*r, LDV], estimator="pcse", time_effects=True,
                               label="Pooled + years + lag, PCSE"))
    return fits


def headline(fits: Sequence[models.Fit], estimator: str) -> models.Fit:
    """The fit of :func:`estimator_models` that the parameter ``estimator`` selects (with year effects)."""
    check_choice("estimator", estimator, models.ESTIMATORS)
    for f in fits:
        if f.estimator == estimator and f.time_effects and LDV not in f.regressors:
            return f
    raise ValueError(f"no fit with estimator {estimator!r} and year effects")  # pragma: no cover


def linkage_models(df: pd.DataFrame, dependent: str, estimator: str, *,
                   regressors: Sequence[str] = CORE) -> list[models.Fit]:
    """Add the triangle (US trade) and the mercantilist variable (Japan's trade).

    Columns: the core model on the years with US trade data; core + US trade;
    core + Japan's trade; core + both. Models whose sample is too small are
    left out.
    """
    r = list(regressors)
    us = df.dropna(subset=[TRIANGLE])
    fits: list[models.Fit] = []
    _try(fits, us, dependent, r, estimator=estimator, label="Core, US-trade years")
    _try(fits, us, dependent, [*r, TRIANGLE], estimator=estimator, label="+ US trade")
    _try(fits, df, dependent, [*r, MERCANTILE], estimator=estimator, label="+ Japan's trade")
    _try(fits, df, dependent, [*r, TRIANGLE, MERCANTILE], estimator=estimator, label="+ both")
    return fits


def periods(first: int, last: int, splits: Sequence[int] = SPLITS) -> list[tuple[int, int]]:
    """The sub-periods of [first, last] cut at ``splits`` (each split starts a period)."""
    bounds = [first, *[s for s in splits if first < s <= last], last + 1]
    return [(a, b - 1) for a, b in zip(bounds[:-1], bounds[1:])]


def period_models(df: pd.DataFrame, dependent: str, estimator: str, *, regressors: Sequence[str] = CORE,
                  splits: Sequence[int] = SPLITS) -> list[models.Fit]:
    """The core model estimated separately in each sub-period (see :func:`periods`)."""
    fits: list[models.Fit] = []
    for a, b in periods(int(df["year"].min()), int(df["year"].max()), splits):
        _try(fits, df[df["year"].between(a, b)], dependent, list(regressors), estimator=estimator, label=f"{a}–{b}")
    return fits


def robustness_models(df: pd.DataFrame, dependent: str, estimator: str, *,
                      zero_aid_panel: pd.DataFrame | None = None) -> list[tuple[str, str, models.Fit]]:
    """Alternative dependent variables, exposure and burden measures, and data choices.

    Returns
    -------
    list of (group, label, Fit)
        ``group`` is "Dependent variable", "Exposure measure", "Burden
        measure", "Data" or "Dynamics".
    """
    out: list[tuple[str, str, models.Fit]] = []
    names = {"net_oda_musd": "Net ODA, US$ m", "net_oda_asinh": "Net ODA, asinh",
             "oda_share_pct": "Share of Japan's ODA to the panel, %", "oda_per_capita_usd": "Net ODA per head, US$"}
    for dv in panel.DEPENDENTS:
        if dv != dependent:
            out.append(("Dependent variable", names[dv], models.fit(df, dv, CORE, estimator=estimator, label=names[dv])))
    for var, name in ALT_EXPOSURE.items():
        r = [var if c == H1_EXPOSURE else c for c in CORE]
        out.append(("Exposure measure", name, models.fit(df, dependent, r, estimator=estimator, label=name)))
    for var, name in ALT_BURDEN.items():
        r = [var if c == H1_BURDEN else c for c in CORE]
        out.append(("Burden measure", name, models.fit(df, dependent, r, estimator=estimator, label=name)))
    if zero_aid_panel is not None:
        label = "US aid: absent years as zero"
        out.append(("Data", label, models.fit(zero_aid_panel, dependent, CORE, estimator=estimator, label=label)))
    if LDV in df.columns:
        label = "With lagged dependent variable"
        out.append(("Dynamics", label, models.fit(df, dependent, [*CORE, LDV], estimator=estimator, label=label)))
    return out
