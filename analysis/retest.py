"""The quantitative retest of chapter 8: the allocation model of chapter 3
estimated for the East Asian recipients, a pooled Latin America + East Asia
model with region interactions, and the out-of-region prediction of Japan's
Asian aid from the model estimated on Latin America.

Nothing here builds a panel or fits a model of its own: the panel is
:func:`analysis.panel.build_panel` and every estimate is
:func:`analysis.models.fit`, the same code as chapter 3. This module only
chooses the specification, the windows and the comparisons.

Specification (:data:`BASE`): Japan's net bilateral ODA (inverse hyperbolic
sine, so that negative net flows are kept) on the one-year lags of the
claims of all BIS-reporting banks (H1), the debt-service ratio (H1), US
goods trade with the recipient (H2, the triangle), US aid (US strategic
interest), and the controls income per head, population and an IMF
programme in force. The window (:data:`WINDOW`) starts in 1986, the first
year with a lagged US trade value, and runs to 2000 so that the Asian crisis
years are inside it. Korea has no debt-service series, so a variant without
that regressor (:data:`NO_DEBT_SERVICE`) keeps it in the sample.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import models, panel
from analysis.countries import EAST_ASIA, LATIN_AMERICA
from analysis.errors import ParameterError, check_choice

#: Dependent variable (see :mod:`analysis.panel`).
DEPENDENT = "net_oda_asinh"
#: Regressors before lagging.
BASE: tuple[str, ...] = ("log_bank_claims", "debt_service_pct_exports", "log_us_trade", "asinh_us_aid",
                         "log_gdp_pc", "log_pop", "imf_programme")
#: The variant that keeps Korea (no debt-service series for it).
NO_DEBT_SERVICE: tuple[str, ...] = tuple(v for v in BASE if v != "debt_service_pct_exports")
#: Years of the dependent variable.
WINDOW: tuple[int, int] = (1986, 2000)
#: Lag of every regressor, in years.
LAG = 1
#: Name of the region dummy in the pooled panel.
DUMMY = "east_asia"


def regressors(base: tuple[str, ...] = BASE, *, lag: int = LAG) -> list[str]:
    """Lagged column names of ``base`` (e.g. ``l1_log_bank_claims``)."""
    for v in base:
        if v not in panel.REGRESSORS:
            raise ParameterError(f"regressor {v!r} is not a panel regressor; choose from {panel.REGRESSORS}")
    return [panel.lag_name(v, lag) for v in base]


def expectations(base: tuple[str, ...] = BASE, *, lag: int = LAG) -> dict[str, tuple[str, int]]:
    """``{lagged regressor: (hypothesis, expected sign)}`` for the variables with a hypothesis."""
    out = {}
    for v, name in zip(base, regressors(base, lag=lag)):
        meta = panel.VARIABLES[v]
        if meta.expected_sign:
            out[name] = (meta.hypothesis, meta.expected_sign)
    return out


@lru_cache(maxsize=8)
def _panel(region: str, start: int, end: int, lag: int) -> pd.DataFrame:
    return panel.build_panel(region, start, end, lag=lag)


def region_panel(region: str, window: tuple[int, int] = WINDOW, *, lag: int = LAG) -> pd.DataFrame:
    """The chapter-3 panel for one region (a copy).

    Parameters
    ----------
    region
        ``"Latin America"`` or ``"East Asia"``.
    window
        First and last year of the dependent variable.
    """
    check_choice("region", region, (LATIN_AMERICA, EAST_ASIA))
    return _panel(region, int(window[0]), int(window[1]), lag).copy()


def pooled_panel(window: tuple[int, int] = WINDOW, *, base: tuple[str, ...] = BASE,
                 lag: int = LAG) -> tuple[pd.DataFrame, list[str]]:
    """Both regions stacked, with the :data:`DUMMY` column and its interactions.

    Returns
    -------
    tuple
        The panel and the names of the interaction columns
        (``<regressor>_x_east_asia``), from :func:`analysis.models.add_interactions`.
    """
    both = pd.concat([region_panel(LATIN_AMERICA, window, lag=lag), region_panel(EAST_ASIA, window, lag=lag)],
                     ignore_index=True)
    both[DUMMY] = (both["region"] == EAST_ASIA).astype(float)
    return models.add_interactions(both, regressors(base, lag=lag), DUMMY)


def asia_fits(window: tuple[int, int] = WINDOW) -> list[models.Fit]:
    """The allocation model for the East Asian recipients, four ways.

    Returns
    -------
    list of Fit
        Pooled OLS with panel-corrected SEs (headline), pooled OLS with
        country-clustered SEs, country fixed effects, and the headline
        estimator without the debt-service ratio (which keeps Korea). All
        with year effects.
    """
    p = region_panel(EAST_ASIA, window)
    return [
        models.fit(p, DEPENDENT, regressors(), estimator="pcse", label="Pooled, PCSE"),
        models.fit(p, DEPENDENT, regressors(), estimator="cluster", label="Pooled, clustered"),
        models.fit(p, DEPENDENT, regressors(), estimator="fe", label="Fixed effects"),
        models.fit(p, DEPENDENT, regressors(NO_DEBT_SERVICE), estimator="pcse", label="PCSE, with Korea"),
    ]


def latin_fit(window: tuple[int, int] = WINDOW, *, time_effects: bool = True) -> models.Fit:
    """The headline model on the Latin American recipients over the same window."""
    return models.fit(region_panel(LATIN_AMERICA, window), DEPENDENT, regressors(), estimator="pcse",
                      time_effects=time_effects, label="Latin America, PCSE")


def pooled_fit(window: tuple[int, int] = WINDOW, *, estimator: str = "pcse") -> models.Fit:
    """Pooled model of both regions with an East Asia intercept and region slopes.

    Every regressor enters alone (its Latin American slope) and interacted
    with :data:`DUMMY` (the difference of the East Asian slope). With
    ``estimator="fe"`` the region intercept is absorbed by the country effects.
    """
    check_choice("estimator", estimator, models.ESTIMATORS)
    p, inter = pooled_panel(window)
    regs = regressors() + inter + ([] if estimator == "fe" else [DUMMY])
    return models.fit(p, DEPENDENT, regs, estimator=estimator, label=f"Pooled both regions ({estimator})")


def slope_differences(f: models.Fit) -> pd.DataFrame:
    """Latin American slope, East Asian slope and the test of their difference.

    Parameters
    ----------
    f
        A fit from :func:`pooled_fit`.

    Returns
    -------
    pandas.DataFrame
        One row per base regressor: ``variable``, ``hypothesis``,
        ``latin``, ``asia`` (= latin + difference), ``difference``,
        ``se_difference``, ``p_difference``, ``se_asia`` (from the
        covariance of the two coefficients).
    """
    rows = []
    for v in f.regressors:
        if v.endswith(f"_x_{DUMMY}") or v == DUMMY:
            continue
        d = f"{v}_x_{DUMMY}"
        if v not in f.params.index or d not in f.params.index:
            continue
        var_asia = f.cov.loc[v, v] + f.cov.loc[d, d] + 2 * f.cov.loc[v, d]
        base = v.split("_", 1)[1]
        rows.append({
            "variable": v, "hypothesis": panel.VARIABLES[base].hypothesis if base in panel.VARIABLES else "",
            "latin": float(f.params[v]), "asia": float(f.params[v] + f.params[d]),
            "difference": float(f.params[d]), "se_difference": float(f.bse[d]),
            "p_difference": float(f.pvalues[d]), "se_asia": float(np.sqrt(var_asia)),
        })
    return pd.DataFrame(rows)


def _smeared_musd(index: np.ndarray, residuals: np.ndarray) -> np.ndarray:
    """Duan's smearing estimate of E[sinh(index + e)]: the mean of sinh over the
    model's own residuals, so the back-transformation is not biased by the
    curvature of sinh (the naive sinh(index) understates the expected level)."""
    return np.array([float(np.mean(np.sinh(v + residuals))) for v in index])


def _predict(f: models.Fit, rows: pd.DataFrame, region_rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Predictions of fit ``f`` (no year effects) for ``rows``: the asinh index, the
    smeared and the naive US$ levels, and whether every regressor lies within the
    range the model was estimated on."""
    cols = [DEPENDENT, *f.regressors]
    p = rows.dropna(subset=cols)
    if p.empty:
        raise ParameterError("no complete rows to predict; widen the window")
    x = p[f.regressors].astype(float)
    pred = f.params["const"] + x.to_numpy() @ f.params[f.regressors].to_numpy()
    resid = f.resid.to_numpy(dtype=float)
    fitted_on = (region_rows if region_rows is not None else rows).dropna(subset=cols)[f.regressors].astype(float)
    lo, hi = fitted_on.min(), fitted_on.max()
    out = pd.DataFrame({"iso3": p["iso3"].to_numpy(), "year": p["year"].to_numpy(),
                        "actual": p[DEPENDENT].to_numpy(dtype=float), "predicted": pred})
    out["actual_musd"] = np.sinh(out["actual"])
    out["predicted_musd"] = _smeared_musd(pred, resid)
    out["predicted_naive_musd"] = np.sinh(out["predicted"])
    out["in_range"] = ((x >= lo) & (x <= hi)).all(axis=1).to_numpy()
    return out.reset_index(drop=True)


def out_of_region(window: tuple[int, int] = WINDOW) -> pd.DataFrame:
    """Predict Japan's aid to the East Asian recipients from the Latin American model.

    The model is :func:`latin_fit` without year effects (year effects of one
    region cannot be carried to another), applied to the East Asian
    recipients' own regressors.

    Returns
    -------
    pandas.DataFrame
        One row per East Asian recipient-year with every regressor observed:
        ``iso3``, ``year``, ``actual`` and ``predicted`` (asinh scale),
        ``actual_musd`` and ``predicted_musd`` (current US$ millions; the
        prediction back-transformed by Duan's smearing over the Latin American
        residuals), ``predicted_naive_musd`` (sinh of the index, for
        comparison) and ``in_range`` (every regressor within the range of the
        Latin American estimation sample; a prediction outside it is an
        extrapolation).
    """
    f = latin_fit(window, time_effects=False)
    return _predict(f, region_panel(EAST_ASIA, window), region_panel(LATIN_AMERICA, window))


def in_sample_recovery(window: tuple[int, int] = WINDOW) -> pd.DataFrame:
    """The same prediction for the Latin American rows the model was fitted on:
    the benchmark against which the Asian shortfall is read (what the model
    recovers of the aid in its own region). Columns as in :func:`out_of_region`."""
    f = latin_fit(window, time_effects=False)
    latin = region_panel(LATIN_AMERICA, window)
    return _predict(f, latin, latin)


def oor_summary(pred: pd.DataFrame) -> dict[str, float]:
    """How well the Latin American model predicts Japan's Asian aid.

    Returns
    -------
    dict
        ``corr``: correlation of actual and predicted (asinh scale) over
        country-years; ``r2_oos``: out-of-sample R² (1 - SSE/SST on the asinh
        scale; negative when the model does worse than the Asian mean);
        ``mean_error``: mean of predicted minus actual (asinh scale);
        ``ratio_total``: predicted over actual total aid (US$, all rows);
        ``share_under``: share of country-years in which the prediction is
        below the actual value (%); ``share_in_range``: share of country-years
        whose regressors all lie within the estimation range (%, when the
        frame has ``in_range``); ``n``: rows.
    """
    if pred.empty:
        raise ParameterError("no predictions to summarise")
    a, p = pred["actual"], pred["predicted"]
    sst = float(((a - a.mean()) ** 2).sum())
    return {
        "corr": float(np.corrcoef(a, p)[0, 1]),
        "r2_oos": 1 - float(((a - p) ** 2).sum()) / sst,
        "mean_error": float((p - a).mean()),
        "ratio_total": float(pred["predicted_musd"].sum() / pred["actual_musd"].sum()),
        "share_under": 100 * float((p < a).mean()),
        "share_in_range": 100 * float(pred["in_range"].mean()) if "in_range" in pred else float("nan"),
        "n": float(len(pred)),
    }


def oor_by_country(pred: pd.DataFrame) -> pd.DataFrame:
    """Actual and predicted aid summed by country (US$ millions) and their ratio."""
    g = pred.groupby("iso3", as_index=False).agg(actual_musd=("actual_musd", "sum"),
                                                 predicted_musd=("predicted_musd", "sum"),
                                                 years=("year", "size"))
    g["ratio"] = g["predicted_musd"] / g["actual_musd"]
    return g


def asia_verdicts(window: tuple[int, int] = WINDOW) -> pd.DataFrame:
    """Verdicts on each hypothesis variable in the East Asian model, from :func:`analysis.models.verdicts`.

    The headline is the PCSE fit; the robustness tally counts the other
    fits of :func:`asia_fits` containing the variable.
    """
    return models.verdicts(asia_fits(window), expectations())


def latin_verdicts(window: tuple[int, int] = WINDOW) -> pd.DataFrame:
    """The same verdicts for Latin America over the same window (one fit)."""
    return models.verdicts([latin_fit(window)], expectations())
