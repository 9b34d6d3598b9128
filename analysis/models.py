"""Estimators for the allocation regressions (chapters 3 and 8): pooled OLS
with panel-corrected standard errors (Beck and Katz), pooled OLS with
country-clustered standard errors, and fixed-effects models, plus the
robustness and verdict helpers built on them.

Everything here is generic: the dependent variable, the regressors, the
panel's entity and time columns are arguments, so the same functions serve
Latin America (chapter 3), East Asia and a pooled model with region
interactions (chapter 8; build interaction columns with
:func:`add_interactions`).

Public API
----------
:data:`ESTIMATORS`
    ``"pcse"``: pooled OLS, Beck-Katz panel-corrected SEs (our
    implementation, :func:`pcse_cov`); ``"cluster"``: pooled OLS,
    country-clustered SEs (statsmodels); ``"fe"``: country fixed effects,
    country-clustered SEs (linearmodels ``PanelOLS``).
:func:`fit`
    ``fit(panel, dependent, regressors, estimator=..., time_effects=...)``
    returns a :class:`Fit`.
:func:`pcse_cov`
    The panel-corrected covariance matrix of OLS coefficients.
:func:`leave_one_out`
    Re-estimates a model dropping one entity at a time.
:func:`verdicts`
    Turns estimates into a verdict per hypothesis (expected sign, size of
    the p-value), so the verdict table is computed, never typed.
:func:`predicted_vs_actual`
    Sums fitted and actual values by entity.
:func:`coefficients`
    Tidy coefficients of several fits (for plots), with confidence intervals
    and effects of a one-standard-deviation change.
:func:`add_interactions`
    Adds ``<var>_x_<dummy>`` columns for pooled models with region
    interactions.

Statistical conventions: PCSE and FE p-values use the normal and the t
distribution respectively as their libraries and :cite:`beck1995` do;
clustered SEs use statsmodels' small-sample correction and a t distribution
with (clusters - 1) degrees of freedom :cite:`cameron2015`. Rows with any
missing value in the dependent variable or a regressor are dropped
(listwise), and :attr:`Fit.nobs` reports what remains.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import ParameterError, check_choice

ESTIMATORS = ("pcse", "cluster", "fe")
SE_TYPES = {
    "pcse": "Panel-corrected (Beck-Katz)",
    "cluster": "Clustered by country",
    "fe": "Clustered by country",
}


@dataclass
class Fit:
    """A fitted model and what the tables and charts need from it.

    Attributes
    ----------
    label
        Short name of the model (column header in tables).
    estimator
        One of :data:`ESTIMATORS`.
    dependent
        Name of the dependent variable.
    regressors
        The substantive regressors, in order (no intercept, no dummies).
    params, bse, pvalues
        Estimates, standard errors and p-values of the regressors (and
        ``"const"`` for pooled models).
    nobs, n_entities, first_year, last_year
        Sample size and coverage.
    r2, r2_kind
        R-squared and its kind (``"R²"`` or ``"R² (within)"``).
    time_effects, entity_effects
        Which dummies the model includes.
    fitted, resid, actual
        Series indexed by (entity, time).
    cov
        Covariance matrix of the reported coefficients.
    df
        Degrees of freedom of the t distribution behind ``pvalues`` (``None``:
        the normal, as for panel-corrected errors); :meth:`conf_int` uses the
        same distribution.
    """

    label: str
    estimator: str
    dependent: str
    regressors: list[str]
    params: pd.Series
    bse: pd.Series
    pvalues: pd.Series
    nobs: int
    n_entities: int
    first_year: int
    last_year: int
    r2: float
    r2_kind: str
    time_effects: bool
    entity_effects: bool
    fitted: pd.Series
    resid: pd.Series
    actual: pd.Series
    cov: pd.DataFrame = field(repr=False)
    entities: list[str] = field(default_factory=list)
    df: float | None = None

    @property
    def se_type(self) -> str:
        """Description of the standard errors for table footers."""
        return SE_TYPES[self.estimator]

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals (``lower``, ``upper``) from the distribution of the
        fit's own p-values: t with :attr:`df` degrees of freedom, or the normal."""
        q = 0.5 + level / 2
        z = stats.norm.ppf(q) if self.df is None else stats.t.ppf(q, self.df)
        return pd.DataFrame({"lower": self.params - z * self.bse, "upper": self.params + z * self.bse})


# ----------------------------------------------------------------------------- PCSE
def pcse_cov(x: np.ndarray, resid: np.ndarray, entity: Sequence[object], time: Sequence[object]) -> np.ndarray:
    """Panel-corrected covariance of OLS coefficients :cite:`beck1995`.

    With residuals :math:`e_{it}`, the contemporaneous covariance of panels
    :math:`i` and :math:`j` is estimated from the periods both are observed
    in, :math:`\\hat\\Sigma_{ij} = \\sum_{t \\in T_{ij}} e_{it} e_{jt} / |T_{ij}|`
    (the "pairwise" rule for unbalanced panels), and

    .. math::

        \\widehat{V}(\\hat\\beta) = (X'X)^{-1}
        \\Big(\\sum_t X_t' \\hat\\Sigma_{S_t} X_t\\Big) (X'X)^{-1},

    where :math:`X_t` stacks the rows of period :math:`t` and
    :math:`\\hat\\Sigma_{S_t}` is :math:`\\hat\\Sigma` restricted to the panels
    observed in that period. In a balanced panel this is Beck and Katz's
    :math:`(X'X)^{-1} X'(\\hat\\Sigma \\otimes I_T) X (X'X)^{-1}`. No
    degrees-of-freedom correction is applied.

    Parameters
    ----------
    x
        Regressor matrix (n x k), including any constant and dummies.
    resid
        OLS residuals (n).
    entity, time
        Panel and period labels of each row; (entity, time) pairs must be unique.
    """
    x = np.asarray(x, dtype=float)
    e = np.asarray(resid, dtype=float)
    ent = pd.Index(pd.Series(entity).astype(str))
    tim = pd.Index(pd.Series(time))
    if len(set(zip(ent, tim))) != len(ent):
        raise ParameterError("pcse_cov: (entity, time) pairs must be unique")
    panels = sorted(ent.unique())
    periods = sorted(tim.unique())
    pi = {p: k for k, p in enumerate(panels)}
    ti = {t: k for k, t in enumerate(periods)}
    n_p, n_t = len(panels), len(periods)
    emat = np.zeros((n_t, n_p))
    obs = np.zeros((n_t, n_p), dtype=bool)
    rows = np.full((n_t, n_p), -1)
    for r, (p, t) in enumerate(zip(ent, tim)):
        emat[ti[t], pi[p]] = e[r]
        obs[ti[t], pi[p]] = True
        rows[ti[t], pi[p]] = r
    counts = obs.T.astype(float) @ obs.astype(float)  # |T_ij|
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.where(counts > 0, (emat.T @ emat) / counts, 0.0)
    meat = np.zeros((x.shape[1], x.shape[1]))
    for t in range(n_t):
        idx = np.flatnonzero(obs[t])
        xt = x[rows[t, idx]]
        meat += xt.T @ sigma[np.ix_(idx, idx)] @ xt
    bread = np.linalg.pinv(x.T @ x)
    return bread @ meat @ bread


# ----------------------------------------------------------------------------- fitting
def _sample(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], entity: str, time: str) -> pd.DataFrame:
    cols = [entity, time, dependent, *regressors]
    missing = [c for c in cols if c not in panel.columns]
    if missing:
        raise ParameterError(f"columns {missing} are not in the panel; build them first (see analysis.panel)")
    df = panel[cols].dropna()
    if df.duplicated([entity, time]).any():
        raise ParameterError(f"panel keys ({entity}, {time}) are not unique")
    k = len(regressors) + 1
    if len(df) <= k + 1:
        raise ParameterError(
            f"only {len(df)} complete rows for {dependent} on {list(regressors)}: too few to estimate; "
            "widen the window or drop a regressor with many missing values"
        )
    return df.sort_values([entity, time]).reset_index(drop=True)


def _design(df: pd.DataFrame, regressors: Sequence[str], time: str, time_effects: bool) -> pd.DataFrame:
    x = df[list(regressors)].astype(float).copy()
    x.insert(0, "const", 1.0)
    if time_effects:
        dummies = pd.get_dummies(df[time], prefix="year", drop_first=True, dtype=float)
        x = pd.concat([x, dummies], axis=1)
    return x


def fit(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], *, estimator: str = "pcse",
        time_effects: bool = True, entity: str = "iso3", time: str = "year", label: str | None = None) -> Fit:
    """Estimate ``dependent`` on ``regressors`` with the chosen estimator.

    Parameters
    ----------
    panel
        A long panel with one row per ``entity`` and ``time``.
    dependent, regressors
        Column names.
    estimator
        ``"pcse"``, ``"cluster"`` or ``"fe"`` (see :data:`ESTIMATORS`).
    time_effects
        Whether to include a dummy for every year but the first.
    entity, time
        Names of the panel's key columns.
    label
        Name of the model in tables (default: the estimator).

    Raises
    ------
    ParameterError
        For an unknown estimator, missing columns, duplicate keys, or too few
        complete rows.
    """
    check_choice("estimator", estimator, ESTIMATORS)
    regressors = list(regressors)
    df = _sample(panel, dependent, regressors, entity, time)
    # a regressor without variation in the sample (e.g. the Brady indicator before 1989)
    # cannot be estimated: it is left out and reported as missing in the tables
    used = [r for r in regressors if df[r].nunique() > 1]
    y = df[dependent].astype(float)
    index = pd.MultiIndex.from_frame(df[[entity, time]])
    if estimator in ("pcse", "cluster"):
        import statsmodels.api as sm

        x = _design(df, used, time, time_effects)
        if estimator == "cluster":
            groups = pd.factorize(df[entity])[0]
            res = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
            cov = pd.DataFrame(res.cov_params(), index=x.columns, columns=x.columns)
            pvals = pd.Series(res.pvalues, index=x.columns)
        else:
            res = sm.OLS(y, x).fit()
            cov = pd.DataFrame(pcse_cov(x.to_numpy(), res.resid.to_numpy(), df[entity], df[time]),
                               index=x.columns, columns=x.columns)
            with np.errstate(invalid="ignore"):  # pairwise Sigma need not be PSD in very short panels
                z = res.params / np.sqrt(np.diag(cov))
            pvals = pd.Series(2 * stats.norm.sf(np.abs(z)), index=x.columns)
        keep = ["const", *used]
        params = res.params[keep]
        with np.errstate(invalid="ignore"):
            bse = pd.Series(np.sqrt(np.diag(cov.loc[keep, keep])), index=keep)
        out = Fit(
            label=label or estimator, estimator=estimator, dependent=dependent, regressors=regressors,
            params=params, bse=bse, pvalues=pvals[keep], nobs=int(res.nobs), n_entities=df[entity].nunique(),
            first_year=int(df[time].min()), last_year=int(df[time].max()), r2=float(res.rsquared), r2_kind="R²",
            time_effects=time_effects, entity_effects=False,
            fitted=pd.Series(res.fittedvalues.to_numpy(), index=index),
            resid=pd.Series(res.resid.to_numpy(), index=index), actual=pd.Series(y.to_numpy(), index=index),
            cov=cov.loc[keep, keep], entities=sorted(df[entity].unique()),
            df=float(df[entity].nunique() - 1) if estimator == "cluster" else None,
        )
        return out
    from linearmodels.panel import PanelOLS

    data = df.set_index([entity, time])
    mod = PanelOLS(data[dependent].astype(float), data[used].astype(float), entity_effects=True,
                   time_effects=time_effects, drop_absorbed=True, check_rank=False)
    res = mod.fit(cov_type="clustered", cluster_entity=True)
    kept = [r for r in used if r in res.params.index]
    fitted = res.fitted_values.iloc[:, 0] + res.estimated_effects.iloc[:, 0]
    return Fit(
        label=label or estimator, estimator=estimator, dependent=dependent, regressors=regressors,
        params=res.params[kept], bse=res.std_errors[kept], pvalues=res.pvalues[kept], nobs=int(res.nobs),
        n_entities=int(res.entity_info["total"]), first_year=int(df[time].min()), last_year=int(df[time].max()),
        r2=float(res.rsquared), r2_kind="R² (within)", time_effects=time_effects, entity_effects=True,
        fitted=pd.Series(fitted.to_numpy(), index=index), resid=pd.Series(res.resids.to_numpy(), index=index),
        actual=pd.Series(y.to_numpy(), index=index), cov=res.cov.loc[kept, kept],
        entities=sorted(df[entity].unique()), df=float(res.df_resid),
    )


# ----------------------------------------------------------------------------- robustness and verdicts
def leave_one_out(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], *, entity: str = "iso3",
                  **kwargs: object) -> pd.DataFrame:
    """Re-estimate the model once without each entity.

    Returns
    -------
    pandas.DataFrame
        One row per dropped entity and regressor: ``dropped``, ``variable``,
        ``coef``, ``se``, ``pvalue``, ``nobs``.
    """
    rows = []
    # only the entities in the estimation sample (an entity without complete rows would refit the full sample)
    entities = sorted(panel.dropna(subset=[dependent, *regressors])[entity].dropna().unique())
    for drop in entities:
        f = fit(panel[panel[entity] != drop], dependent, regressors, entity=entity, **kwargs)  # type: ignore[arg-type]
        for v in regressors:
            if v in f.params.index:
                rows.append({"dropped": drop, "variable": v, "coef": float(f.params[v]),
                             "se": float(f.bse[v]), "pvalue": float(f.pvalues[v]), "nobs": f.nobs})
    return pd.DataFrame(rows)


#: Verdict labels, from the strongest support to contradiction.
VERDICTS = ("Supported", "Weakly supported", "Not supported", "Contradicted")


def verdict(coef: float, pvalue: float, expected_sign: int, *, strong: float = 0.05, weak: float = 0.10) -> str:
    """The verdict on one expectation from one estimate.

    ``"Supported"``: sign as expected and p < ``strong``; ``"Weakly
    supported"``: sign as expected and p < ``weak``; ``"Contradicted"``:
    opposite sign and p < ``strong``; otherwise ``"Not supported"``.
    """
    if expected_sign not in (-1, 1):
        raise ParameterError(f"parameter 'expected_sign' is {expected_sign!r}; allowed values are -1, 1")
    if not np.isfinite(coef) or not np.isfinite(pvalue):
        return "Not supported"
    right = np.sign(coef) == expected_sign
    if right and pvalue < strong:
        return VERDICTS[0]
    if right and pvalue < weak:
        return VERDICTS[1]
    if not right and pvalue < strong:
        return VERDICTS[3]
    return VERDICTS[2]


def verdicts(fits: Sequence[Fit], expectations: Mapping[str, tuple[str, int]], *,
             strong: float = 0.05, weak: float = 0.10) -> pd.DataFrame:
    """A verdict per hypothesis variable, from headline fits and robustness fits.

    Parameters
    ----------
    fits
        Fits to judge, headline models first: for each variable, the FIRST
        fit that contains it gives the verdict; every fit containing it
        counts towards the robustness tally.
    expectations
        ``{regressor: (hypothesis label, expected sign)}``.

    Returns
    -------
    pandas.DataFrame
        One row per regressor present in some fit: ``hypothesis``,
        ``variable``, ``expected``, ``coef``, ``pvalue``, ``model`` (label of
        the fit that gave the verdict), ``verdict``, and ``robust`` ("k of
        n": the number of fits containing the variable in which the verdict
        is Supported or Weakly supported).
    """
    rows = []
    for var, (hyp, sign) in expectations.items():
        with_var = [f for f in fits if var in f.params.index]
        if not with_var:
            continue
        head = with_var[0]
        coef, p = float(head.params[var]), float(head.pvalues[var])
        ok = sum(verdict(float(f.params[var]), float(f.pvalues[var]), sign, strong=strong, weak=weak)
                 in VERDICTS[:2] for f in with_var)
        rows.append({"hypothesis": hyp, "variable": var, "expected": "+" if sign > 0 else "−",
                     "coef": coef, "pvalue": p, "model": head.label,
                     "verdict": verdict(coef, p, sign, strong=strong, weak=weak),
                     "robust": f"{ok} of {len(with_var)}"})
    return pd.DataFrame(rows)


def predicted_vs_actual(f: Fit, *, entity_level: int = 0) -> pd.DataFrame:
    """Fitted and actual values summed by entity over the estimation sample.

    Returns
    -------
    pandas.DataFrame
        Columns ``entity``, ``actual``, ``predicted``, ``years`` (observations).
    """
    g = pd.DataFrame({"actual": f.actual, "predicted": f.fitted})
    out = g.groupby(level=entity_level).agg(actual=("actual", "sum"), predicted=("predicted", "sum"),
                                             years=("actual", "size"))
    return out.reset_index(names="entity")


def coefficients(fits: Sequence[Fit], panel: pd.DataFrame | None = None, *,
                 level: float = 0.95) -> pd.DataFrame:
    """Tidy coefficients of several fits, with confidence intervals.

    If ``panel`` is given, ``sd_effect`` (and its interval) is the effect of
    a one-standard-deviation change of the regressor, using the standard
    deviation over the fit's estimation sample rows in ``panel``.
    """
    rows = []
    for f in fits:
        ci = f.conf_int(level)
        for v in f.regressors:
            if v not in f.params.index:
                continue
            sd = float("nan")
            if panel is not None and v in panel.columns:
                key = pd.MultiIndex.from_frame(panel[["iso3", "year"]]) if "iso3" in panel.columns else None
                vals = panel[v]
                if key is not None:
                    vals = pd.Series(vals.to_numpy(), index=key).reindex(f.actual.index)
                sd = float(vals.std())
            rows.append({"model": f.label, "variable": v, "coef": float(f.params[v]), "se": float(f.bse[v]),
                         "pvalue": float(f.pvalues[v]), "lower": float(ci.loc[v, "lower"]),
                         "upper": float(ci.loc[v, "upper"]), "sd": sd, "sd_effect": float(f.params[v]) * sd,
                         "sd_lower": float(ci.loc[v, "lower"]) * sd, "sd_upper": float(ci.loc[v, "upper"]) * sd})
    return pd.DataFrame(rows)


def add_interactions(panel: pd.DataFrame, variables: Sequence[str], dummy: str) -> tuple[pd.DataFrame, list[str]]:
    """Add ``<var>_x_<dummy>`` = var * dummy columns (for pooled models with region slopes).

    Returns the new panel and the names of the added columns.
    """
    if dummy not in panel.columns:
        raise ParameterError(f"parameter 'dummy' is {dummy!r}, which is not a column of the panel")
    out = panel.copy()
    names = []
    for v in variables:
        if v not in out.columns:
            raise ParameterError(f"parameter 'variables' contains {v!r}, which is not a column of the panel")
        name = f"{v}_x_{dummy}"
        out[name] = out[v] * out[dummy]
        names.append(name)
    return out, names
