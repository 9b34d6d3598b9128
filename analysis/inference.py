"""The book's inference standard for one coefficient of an allocation regression
(issue 9): a restricted wild-cluster bootstrap for the verdict, with CR1, CR2
and Driscoll-Kraay standard errors and the panel-corrected ones beside it, a
test for serial correlation, a check of the PCSE's contemporaneous covariance,
and a verdict that separates an informative null from an inconclusive estimate.

The design is the one of :func:`analysis.models.fit` for the pooled
estimators: listwise deletion, a constant, the regressors that vary in the
sample, a dummy for every year but the first (``time_effects``) and,
optionally, a dummy for every entity but the first (``entity_effects``, the
least-squares-dummy form of the fixed-effects model). Clusters are entities.

Public API
----------
:func:`infer`
    Every standard for one coefficient and its verdict, as one
    :class:`Inference`.
:func:`wild_cluster_test`
    Restricted (null-imposed, "WCR") wild-cluster bootstrap p-value and
    confidence set, from the ``wildboottest`` package.
:func:`cluster_robust`
    CR1, CR2 (Bell-McCaffrey) and Driscoll-Kraay standard errors, p-values
    and intervals.
:func:`wooldridge_serial_test`
    Wooldridge's first-difference test for serial correlation in panels.
:func:`pcse_sigma`, :func:`pcse_min_eigenvalue`, :func:`pcse_is_psd`
    The pairwise contemporaneous covariance behind
    :func:`analysis.models.pcse_cov` and a check that it is positive
    semi-definite.
:func:`classify`
    ``"supported"``, ``"contradicted"``, ``"informative null"`` or
    ``"inconclusive"``.

Conventions
-----------
Bootstrap
    Wild restricted-residual cluster bootstrap of type "11" (CR1 score and
    CR1 studentisation, MacKinnon, Nielsen and Webb 2023), Webb's six-point
    weights, ``B = 9,999`` draws from ``numpy.random.default_rng(seed)`` with
    the fixed seed :data:`SEED`. The p-value is the library's symmetric
    two-sided one, the share of draws with ``|t*| > |t|``. The confidence set
    is the set of values ``r`` with ``p(r) >= alpha`` (test inversion with the
    same draws for every ``r``, as ``boottest`` does), so a value lies outside
    it exactly when the bootstrap test rejects it.
Intervals
    CR1 and CR2 use t quantiles with G - 1 degrees of freedom (G clusters);
    Driscoll-Kraay t with T - 1 (T periods); PCSE the normal, as
    :func:`analysis.models.fit` does.
Determinism
    Every number of an :class:`Inference` and of the component results is
    rounded to :data:`DIGITS` (4) significant digits, so that results are
    bit-identical across runs and machines: the bootstrap draws depend only
    on the seed and numpy's generator, and last-bit differences of the
    floating-point arithmetic between machines vanish in the rounding.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from analysis import models
from analysis.errors import ParameterError, check_choice

#: Verdict categories of :func:`classify`.
VERDICTS = ("supported", "contradicted", "informative null", "inconclusive")
#: The standards an :class:`Inference` reports, in table order.
STANDARDS = ("wild", "cr1", "cr2", "dk", "pcse")
#: Labels of the standards for tables.
STANDARD_LABELS = {
    "wild": "Wild-cluster bootstrap (WCR, Webb)",
    "cr1": "Clustered, CR1",
    "cr2": "Clustered, CR2 (Bell-McCaffrey)",
    "dk": "Driscoll-Kraay",
    "pcse": "Panel-corrected (Beck-Katz)",
}
#: Bootstrap weight distributions offered.
WEIGHTS = ("webb", "rademacher")
#: Default number of bootstrap draws.
B_DEFAULT = 9_999
#: The fixed seed of the bootstrap draws.
SEED = 20_240_901
#: Significant digits of every reported number.
DIGITS = 4
#: Relative tolerance below which a bootstrap |t*| counts as equal to |t| (not exceeding it).
#: Draws with the same weight in every cluster give |t*| = |t| exactly in theory (about
#: B * 6 / 6**G of them with Webb weights and G clusters); rounding must not decide them.
TIE_RTOL = 1e-9


# ----------------------------------------------------------------------------- helpers
def round_sig(x: float, digits: int = DIGITS) -> float:
    """``x`` rounded to ``digits`` significant digits (infinite and NaN values unchanged).

    Parameters
    ----------
    x
        The number.
    digits
        Significant digits to keep.

    Returns
    -------
    float
        The rounded number.
    """
    x = float(x)
    if not np.isfinite(x) or x == 0.0:
        return x
    return float(f"{x:.{digits}g}")


def _check_positive_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or int(value) < minimum:
        raise ParameterError(f"parameter {name!r} is {value!r}; it must be an integer of at least {minimum}")
    return int(value)


def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < float(alpha) < 1:
        raise ParameterError(f"parameter 'alpha' is {alpha!r}; it must be a number strictly between 0 and 1")
    return float(alpha)


@dataclass(frozen=True)
class _Design:
    """The estimation sample and design matrix of one specification."""

    y: np.ndarray
    x: np.ndarray
    names: list[str]
    entity: np.ndarray
    time: np.ndarray
    clusters: np.ndarray  # integer codes 0..G-1 in sorted entity order

    @property
    def n_clusters(self) -> int:
        return int(self.clusters.max()) + 1

    @property
    def n_periods(self) -> int:
        return len(np.unique(self.time))

    def column(self, variable: str) -> int:
        if variable not in self.names:
            raise ParameterError(
                f"parameter 'variable' is {variable!r}, which is not an estimable regressor of the model "
                f"(regressors without variation in the sample are left out); the model has: {self.names[1:]}")
        return self.names.index(variable)


def _prepare(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], *, entity: str, time: str,
             time_effects: bool, entity_effects: bool) -> _Design:
    """The sample and design of :func:`analysis.models.fit` (pooled estimators)."""
    regressors = list(regressors)
    if not regressors:
        raise ParameterError("parameter 'regressors' is empty; give at least one regressor")
    df = models._sample(panel, dependent, regressors, entity, time)
    used = [r for r in regressors if df[r].nunique() > 1]
    x = models._design(df, used, time, time_effects)
    if entity_effects:
        x = pd.concat([x, pd.get_dummies(df[entity], prefix="entity", drop_first=True, dtype=float)], axis=1)
    if np.linalg.matrix_rank(x.to_numpy()) < x.shape[1]:
        raise ParameterError(f"the design of {dependent} on {used} is rank deficient (collinear regressors); "
                             "drop a regressor or an effect")
    clusters = pd.factorize(df[entity], sort=True)[0]
    return _Design(y=df[dependent].to_numpy(dtype=float), x=x.to_numpy(dtype=float), names=list(x.columns),
                   entity=df[entity].astype(str).to_numpy(), time=df[time].to_numpy(), clusters=clusters)


def _design_for(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], variable: str, *, entity: str,
                time: str, time_effects: bool, entity_effects: bool) -> tuple[_Design, int]:
    """The design of one test and the column of ``variable`` in it (the checks every test shares)."""
    if variable not in regressors:
        raise ParameterError(f"parameter 'variable' is {variable!r}, which is not in 'regressors'")
    d = _prepare(panel, dependent, regressors, entity=entity, time=time, time_effects=time_effects,
                 entity_effects=entity_effects)
    if d.n_clusters < 2:
        raise ParameterError(f"parameter 'entity' ({entity!r}) gives {d.n_clusters} cluster; at least 2 are needed")
    return d, d.column(variable)


def _ols(d: _Design) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients, residuals and (X'X)^-1."""
    xtx_inv = np.linalg.inv(d.x.T @ d.x)
    beta = xtx_inv @ (d.x.T @ d.y)
    return beta, d.y - d.x @ beta, xtx_inv


# ----------------------------------------------------------------------------- wild bootstrap
class WildTest(NamedTuple):
    """Result of :func:`wild_cluster_test` (numbers rounded to ``digits`` significant digits).

    Attributes
    ----------
    estimate
        The OLS coefficient.
    statistic
        The CR1 t statistic of the null ``beta = null``.
    p_value
        Bootstrap p-value of that null.
    ci_low, ci_high
        Bounds of the bootstrap confidence set at level ``1 - alpha``
        (``-inf``/``inf`` if it is unbounded within 4**8 CR1 standard errors).
    is_interval
        False if the set is a union of several intervals (the bounds are
        then those of its hull).
    n_clusters, nobs
        Clusters and observations.
    """

    estimate: float
    statistic: float
    p_value: float
    ci_low: float
    ci_high: float
    is_interval: bool
    n_clusters: int
    nobs: int


def _scores_and_z(boot: Any, v: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Numerator and cluster terms of the bootstrap t statistics of a prepared ``WildboottestCL``.

    The numerator is the library's (``get_numer``); ``Z`` (G x B) holds the
    terms whose sum of squares is the library's denominator (``get_denom``,
    CRV1 branch: ``Z[g, b] = C_g v_gb - sum_h H_gh v_hb``), evaluated with
    numpy instead of the library's numba kernel, which is compiled anew on
    every call (about 0.5 s). The tests check the two agree.
    """
    if v is not None:
        boot.v = v
    boot.get_numer()
    cg = np.array(boot.Cg, dtype=np.float64)
    a = np.stack([boot.RtXXinv @ m @ boot.tXXinv for m in boot.tXgXg_list])
    h = a @ boot.scores_mat
    z = cg[:, None] * boot.v - h @ boot.v
    return np.array(boot.numer, dtype=np.float64), z


def _wild_p_function(d: _Design, j: int, *, B: int, seed: int, weights: str
                     ) -> tuple[float, float, Callable[[np.ndarray], np.ndarray]]:
    """The estimate, its CR1 standard error and ``p(r)``, the bootstrap p-value of ``beta_j = r``.

    Testing ``beta_j = r`` is testing ``beta_j = 0`` with the outcome
    ``y - r x_j``; scores, numerator and ``Z`` are linear in the outcome, so
    two library evaluations (outcomes ``y`` and ``x_j``, the same draws) give
    ``p(r)`` for every ``r`` exactly.
    """
    from wildboottest.wildboottest import WildboottestCL

    k = d.x.shape[1]
    R = np.zeros(k)
    R[j] = 1.0
    boot0 = WildboottestCL(X=d.x, Y=d.y, cluster=d.clusters, R=R, B=B, seed=seed, parallel=False)
    boot0.get_scores(bootstrap_type="11", impose_null=True)
    boot0.get_weights(weights_type=weights)
    boot0.get_vcov()
    boot0.get_tstat()
    n0, z0 = _scores_and_z(boot0, None)
    boot1 = WildboottestCL(X=d.x, Y=d.x[:, j].copy(), cluster=d.clusters, R=R, B=B, seed=seed, parallel=False)
    boot1.get_scores(bootstrap_type="11", impose_null=True)
    n1, z1 = _scores_and_z(boot1, boot0.v)
    ssc = float(boot0.ssc)
    aa, bb, cc = (z0 * z0).sum(axis=0), (z0 * z1).sum(axis=0), (z1 * z1).sum(axis=0)
    estimate = float(boot0.beta_hat[j])
    se = float(np.sqrt(ssc * boot0.vcov[j, j]))

    def p_of(r: np.ndarray) -> np.ndarray:
        r = np.atleast_1d(np.asarray(r, dtype=float))[:, None]
        t_obs = np.abs((estimate - r) / se)
        denom = ssc * np.maximum(aa - 2 * r * bb + r * r * cc, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            t_boot = np.abs((n0 - r * n1) / np.sqrt(denom))
        # |t*| > |t| with ties taken as ties: a draw whose weights are the same for every
        # cluster reproduces |t| exactly in theory, and only rounding would decide it
        return np.asarray(np.mean(t_obs * (1 + TIE_RTOL) < t_boot, axis=1), dtype=float)

    return estimate, se, p_of


def _confidence_set(p_of: Callable[[np.ndarray], np.ndarray], estimate: float, se: float,
                    alpha: float) -> tuple[float, float, bool]:
    """Hull of ``{r: p(r) >= alpha}``, whether it is one interval."""
    half, grid, acc = 6.0 * se, np.empty(0), np.empty(0, dtype=bool)
    for _ in range(8):
        grid = np.linspace(estimate - half, estimate + half, 601)
        acc = p_of(grid) >= alpha
        if not acc[0] and not acc[-1]:
            break
        half *= 4.0
    else:
        lo = -np.inf if acc[0] else np.nan
        hi = np.inf if acc[-1] else np.nan
        return lo, hi, False
    if not acc.any():  # the estimate itself is rejected only for degenerate data
        return np.nan, np.nan, False

    def edge(a: float, b: float) -> float:
        """Bisect between an accepted and a rejected value."""
        fa = bool(p_of(np.array([a]))[0] >= alpha)
        for _ in range(200):
            m = 0.5 * (a + b)
            if m in (a, b) or abs(b - a) <= 1e-9 * se:
                break
            if bool(p_of(np.array([m]))[0] >= alpha) == fa:
                a = m
            else:
                b = m
        return 0.5 * (a + b)

    changes = np.flatnonzero(acc[1:] != acc[:-1])
    bounds = [edge(grid[i], grid[i + 1]) if acc[i] else edge(grid[i + 1], grid[i]) for i in changes]
    return min(bounds), max(bounds), len(changes) == 2


def wild_cluster_test(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], variable: str, *,
                      null: float = 0.0, alpha: float = 0.05, time_effects: bool = True,
                      entity_effects: bool = False, entity: str = "iso3", time: str = "year",
                      B: int = B_DEFAULT, seed: int = SEED, weights: str = "webb",
                      digits: int = DIGITS) -> WildTest:
    """Restricted wild-cluster bootstrap test and confidence set for one coefficient.

    The bootstrap is the ``wildboottest`` package's ``WildboottestCL`` (type
    "11", null imposed, clusters = entities); see the module's conventions.

    Parameters
    ----------
    panel
        Long panel, one row per ``entity`` and ``time``.
    dependent, regressors
        Column names (the design is that of :func:`analysis.models.fit`).
    variable
        The regressor whose coefficient is tested.
    null
        The value of the coefficient under the null hypothesis.
    alpha
        One minus the level of the confidence set.
    time_effects, entity_effects
        Year dummies; entity dummies.
    entity, time
        Key columns of the panel; clusters are entities.
    B
        Bootstrap draws (at least 99).
    seed
        Seed of ``numpy.random.default_rng`` for the draws.
    weights
        ``"webb"`` (six-point) or ``"rademacher"``.
    digits
        Significant digits of the reported numbers.

    Returns
    -------
    WildTest

    Raises
    ------
    ParameterError
        Naming the parameter: unknown weights, ``B`` below 99, ``alpha`` not
        in (0, 1), fewer than 2 clusters, a variable not in the model, a
        rank-deficient design, or the errors of :func:`analysis.models.fit`.
    """
    check_choice("weights", weights, WEIGHTS)
    B = _check_positive_int("B", B, 99)
    seed = _check_positive_int("seed", seed, 0)
    digits = _check_positive_int("digits", digits, 1)
    alpha = _check_alpha(alpha)
    d, j = _design_for(panel, dependent, regressors, variable, entity=entity, time=time,
                       time_effects=time_effects, entity_effects=entity_effects)
    estimate, se, p_of = _wild_p_function(d, j, B=B, seed=seed, weights=weights)
    lo, hi, is_interval = _confidence_set(p_of, estimate, se, alpha)
    return WildTest(estimate=round_sig(estimate, digits), statistic=round_sig((estimate - null) / se, digits),
                    p_value=round_sig(float(p_of(np.array([null]))[0]), digits), ci_low=round_sig(lo, digits),
                    ci_high=round_sig(hi, digits), is_interval=is_interval, n_clusters=d.n_clusters,
                    nobs=len(d.y))


# ----------------------------------------------------------------------------- analytic standard errors
def _cr_cov(x: np.ndarray, e: np.ndarray, clusters: np.ndarray, xtx_inv: np.ndarray, kind: str) -> np.ndarray:
    """CR1 or CR2 covariance of OLS coefficients.

    CR1: :math:`\\frac{G}{G-1}\\frac{N-1}{N-K} (X'X)^{-1} \\sum_g X_g' e_g e_g' X_g (X'X)^{-1}`
    (statsmodels' and Stata's factor). CR2 (Bell and McCaffrey 2002):
    :math:`(X'X)^{-1} \\sum_g X_g' A_g e_g e_g' A_g X_g (X'X)^{-1}` with
    :math:`A_g = (I - H_{gg})^{-1/2}`, :math:`H_{gg} = X_g (X'X)^{-1} X_g'`,
    the symmetric (Moore-Penrose) inverse square root, as Pustejovsky and
    Tipton (2018) define it when :math:`I - H_{gg}` is singular.
    """
    n, k = x.shape
    g_count = int(clusters.max()) + 1
    meat = np.zeros((k, k))
    for g in range(g_count):
        rows = clusters == g
        xg, eg = x[rows], e[rows]
        if kind == "cr2":
            m = np.eye(len(eg)) - xg @ xtx_inv @ xg.T
            lam, vec = np.linalg.eigh((m + m.T) / 2)
            tol = 1e-12 * max(1.0, float(np.abs(lam).max()))
            inv_sqrt = np.where(lam > tol, 1.0 / np.sqrt(np.where(lam > tol, lam, 1.0)), 0.0)
            eg = vec @ (inv_sqrt * (vec.T @ eg))
        s = xg.T @ eg
        meat += np.outer(s, s)
    cov = xtx_inv @ meat @ xtx_inv
    if kind == "cr1":
        cov *= g_count / (g_count - 1) * (n - 1) / (n - k)
    return cov


def _dk_cov(d: _Design, bandwidth: float | None) -> np.ndarray:
    """Driscoll-Kraay covariance (linearmodels' kernel covariance, Bartlett kernel, debiased)."""
    from linearmodels.panel import PanelOLS

    index = pd.MultiIndex.from_arrays([d.entity, d.time], names=["entity", "time"])
    x = pd.DataFrame(d.x, index=index, columns=d.names)
    y = pd.Series(d.y, index=index, name="y")
    try:
        res = PanelOLS(y, x, check_rank=False).fit(cov_type="kernel", debiased=True, kernel="bartlett",
                                                   bandwidth=bandwidth)
    except ValueError as exc:
        raise ParameterError(f"parameter 'dk_bandwidth' is {bandwidth!r}: {exc}") from exc
    return np.asarray(res.cov.loc[d.names, d.names], dtype=float)


def cluster_robust(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], variable: str, *,
                   alpha: float = 0.05, time_effects: bool = True, entity_effects: bool = False,
                   entity: str = "iso3", time: str = "year", dk_bandwidth: float | None = None,
                   digits: int = DIGITS) -> pd.DataFrame:
    """CR1, CR2 and Driscoll-Kraay inference on one coefficient.

    Parameters
    ----------
    panel, dependent, regressors, variable, time_effects, entity_effects, entity, time, digits
        As in :func:`wild_cluster_test`.
    alpha
        One minus the level of the intervals.
    dk_bandwidth
        Bandwidth of the Driscoll-Kraay Bartlett kernel; default
        linearmodels' rule :math:`\\lfloor 4 (T/100)^{2/9} \\rfloor`.

    Returns
    -------
    pandas.DataFrame
        Indexed by standard (``"cr1"``, ``"cr2"``, ``"dk"``), columns
        ``estimate``, ``se``, ``df`` (of the t distribution: G - 1 for the
        clustered, T - 1 for Driscoll-Kraay), ``p_value``, ``ci_low``,
        ``ci_high``.
    """
    alpha = _check_alpha(alpha)
    digits = _check_positive_int("digits", digits, 1)
    d, j = _design_for(panel, dependent, regressors, variable, entity=entity, time=time,
                       time_effects=time_effects, entity_effects=entity_effects)
    return _analytic(d, j, alpha=alpha, dk_bandwidth=dk_bandwidth, digits=digits)


def _analytic(d: _Design, j: int, *, alpha: float, dk_bandwidth: float | None, digits: int) -> pd.DataFrame:
    beta, e, xtx_inv = _ols(d)
    covs = {"cr1": (_cr_cov(d.x, e, d.clusters, xtx_inv, "cr1"), d.n_clusters - 1),
            "cr2": (_cr_cov(d.x, e, d.clusters, xtx_inv, "cr2"), d.n_clusters - 1),
            "dk": (_dk_cov(d, dk_bandwidth), d.n_periods - 1)}
    rows = {}
    for name, (cov, df) in covs.items():
        se = float(np.sqrt(cov[j, j]))
        q = stats.t.ppf(1 - alpha / 2, df)
        rows[name] = {"estimate": beta[j], "se": se, "df": df, "p_value": 2 * stats.t.sf(abs(beta[j] / se), df),
                      "ci_low": beta[j] - q * se, "ci_high": beta[j] + q * se}
    out = pd.DataFrame.from_dict(rows, orient="index")
    for c in ("estimate", "se", "p_value", "ci_low", "ci_high"):
        out[c] = [round_sig(v, digits) for v in out[c]]
    out["df"] = out["df"].astype(int)
    return out


# ----------------------------------------------------------------------------- PCSE check
def pcse_sigma(resid: pd.Series) -> pd.DataFrame:
    """The pairwise contemporaneous covariance of :func:`analysis.models.pcse_cov`.

    :math:`\\hat\\Sigma_{ij} = \\sum_{t \\in T_{ij}} e_{it} e_{jt} / |T_{ij}|`
    over the periods both panels are observed in (0 if there are none).

    Parameters
    ----------
    resid
        OLS residuals indexed by (entity, time), e.g. :attr:`analysis.models.Fit.resid`.

    Returns
    -------
    pandas.DataFrame
        Entities x entities, in sorted order.
    """
    if not isinstance(resid, pd.Series) or resid.index.nlevels != 2:
        raise ParameterError("parameter 'resid' must be a Series indexed by (entity, time)")
    if resid.index.duplicated().any():
        raise ParameterError("parameter 'resid' has duplicate (entity, time) pairs")
    wide = resid.astype(float).unstack(level=0).sort_index().sort_index(axis=1)  # time x entity
    obs = wide.notna().to_numpy(dtype=float)
    e = wide.fillna(0.0).to_numpy()
    counts = obs.T @ obs
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.where(counts > 0, (e.T @ e) / np.where(counts > 0, counts, 1.0), 0.0)
    return pd.DataFrame(sigma, index=wide.columns, columns=wide.columns)


def pcse_min_eigenvalue(resid: pd.Series) -> float:
    """Smallest eigenvalue of :func:`pcse_sigma` (negative: not positive semi-definite).

    Parameters
    ----------
    resid
        OLS residuals indexed by (entity, time).

    Returns
    -------
    float
    """
    return float(np.linalg.eigvalsh(pcse_sigma(resid).to_numpy()).min())


def pcse_is_psd(resid: pd.Series, *, rtol: float = 1e-10) -> bool:
    """Whether the PCSE's pairwise :math:`\\hat\\Sigma` is positive semi-definite.

    Parameters
    ----------
    resid
        OLS residuals indexed by (entity, time).
    rtol
        Eigenvalues above ``-rtol`` times the largest absolute eigenvalue
        count as non-negative (rounding).

    Returns
    -------
    bool
    """
    if not rtol >= 0:
        raise ParameterError(f"parameter 'rtol' is {rtol!r}; it must be non-negative")
    lam = np.linalg.eigvalsh(pcse_sigma(resid).to_numpy())
    return bool(lam.min() >= -rtol * max(float(np.abs(lam).max()), np.finfo(float).tiny))


# ----------------------------------------------------------------------------- serial correlation
class SerialTest(NamedTuple):
    """Result of :func:`wooldridge_serial_test` (rounded to ``digits`` significant digits).

    Attributes
    ----------
    rho
        Coefficient of the lagged first-differenced residual.
    rho0
        Its value under the null.
    statistic
        F statistic (1, ``df_den``) of ``rho = rho0``, the squared clustered t.
    df_den
        Denominator degrees of freedom.
    p_value
        p-value of the F test.
    nobs, n_clusters
        Pairs of consecutive differenced residuals; entities.
    """

    rho: float
    rho0: float
    statistic: float
    df_den: int
    p_value: float
    nobs: int
    n_clusters: int


def wooldridge_serial_test(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], *,
                           time_effects: bool = True, entity: str = "iso3", time: str = "year",
                           rho0: float = -0.5, constant: bool = False, small_sample: bool = True,
                           df: str = "clusters", digits: int = DIGITS) -> SerialTest:
    """Wooldridge's test for first-order serial correlation in panel data.

    Wooldridge (2010, sec. 10.6.3), as Drukker (2003) implements it in Stata's
    ``xtserial``: regress the first differences of the dependent variable on
    those of the regressors (no constant; with ``time_effects``, a dummy for
    each year of the differenced sample, which spans the differenced year
    effects), take the residuals, regress them on their own one-year lag and
    test that the coefficient is ``rho0`` with standard errors clustered by
    entity. If the errors in levels are serially uncorrelated the differenced
    errors have autocorrelation -0.5, so rejecting ``rho0 = -0.5`` rejects no
    serial correlation. Differences and lags are by calendar year, never by
    row: a gap in a country's years breaks the chain.

    Parameters
    ----------
    panel, dependent, regressors, entity, time
        As in :func:`analysis.models.fit` (listwise deletion on these columns).
    time_effects
        Whether the differenced regression includes year dummies.
    rho0
        The null value: -0.5 (no serial correlation in levels, the default)
        or 0 (no serial correlation in first differences, plm's default
        ``h0 = "fd"``).
    constant
        Whether both auxiliary regressions have a constant (plm's
        ``pwfdtest`` does; ``xtserial`` does not).
    small_sample
        Apply the :math:`\\frac{G}{G-1}\\frac{N-1}{N-K}` factor to the
        clustered covariance (Stata); False is plm's "arellano" HC0.
    df
        Denominator degrees of freedom of the F test: ``"clusters"`` (G - 1,
        Stata) or ``"residual"`` (N - K, plm).
    digits
        Significant digits of the reported numbers.

    Returns
    -------
    SerialTest

    Raises
    ------
    ParameterError
        For an unknown ``df``, too few pairs of consecutive residuals, or the
        errors of :func:`analysis.models.fit`.
    """
    check_choice("df", df, ("clusters", "residual"))
    digits = _check_positive_int("digits", digits, 1)
    regressors = list(regressors)
    data = models._sample(panel, dependent, regressors, entity, time)
    cols = [dependent, *regressors]
    prev = data[[entity, time, *cols]].copy()
    prev[time] = prev[time] + 1
    merged = data[[entity, time, *cols]].merge(prev, on=[entity, time], suffixes=("", "__prev"))
    diff = pd.DataFrame({c: merged[c].astype(float) - merged[f"{c}__prev"].astype(float) for c in cols})
    used = [c for c in regressors if diff[c].nunique() > 1]
    x = diff[used].copy()
    if time_effects:
        x = pd.concat([x, pd.get_dummies(merged[time], prefix="year", dtype=float)], axis=1)
        if constant:
            x = x.iloc[:, :-1]
    if constant:
        x.insert(0, "const", 1.0)
    if len(diff) <= x.shape[1] + 2:
        raise ParameterError(f"only {len(diff)} first differences for {dependent}: too few for the serial test")
    xm = x.to_numpy(dtype=float)
    beta = np.linalg.lstsq(xm, diff[dependent].to_numpy(), rcond=None)[0]
    res = pd.DataFrame({entity: merged[entity].to_numpy(), time: merged[time].to_numpy(),
                        "e": diff[dependent].to_numpy() - xm @ beta})
    lag = res.copy()
    lag[time] = lag[time] + 1
    pairs = res.merge(lag.rename(columns={"e": "e_lag"}), on=[entity, time])
    if len(pairs) < 3 or pairs[entity].nunique() < 2:
        raise ParameterError(f"only {len(pairs)} pairs of consecutive differenced residuals in "
                             f"{pairs[entity].nunique()} entities: too few for the serial test")
    z = pairs[["e_lag"]].to_numpy(dtype=float)
    if constant:
        z = np.column_stack([np.ones(len(z)), z])
    zz_inv = np.linalg.inv(z.T @ z)
    g = zz_inv @ (z.T @ pairs["e"].to_numpy())
    u = pairs["e"].to_numpy() - z @ g
    clusters = pd.factorize(pairs[entity], sort=True)[0]
    cov = _cr_cov(z, u, clusters, zz_inv, "cr1" if small_sample else "cr0")
    n_g, n, k = int(clusters.max()) + 1, len(u), z.shape[1]
    rho = float(g[-1])
    f_stat = (rho - rho0) ** 2 / float(cov[-1, -1])
    df_den = n_g - 1 if df == "clusters" else n - k
    return SerialTest(rho=round_sig(rho, digits), rho0=float(rho0), statistic=round_sig(f_stat, digits),
                      df_den=int(df_den), p_value=round_sig(float(stats.f.sf(f_stat, 1, df_den)), digits),
                      nobs=n, n_clusters=n_g)


# ----------------------------------------------------------------------------- verdicts
def classify(estimate: float, ci_low: float, ci_high: float, p_value: float, *, expected_sign: int,
             smallest_effect: float, alpha: float = 0.05) -> str:
    """The verdict on one hypothesis from one estimate under the inference standard.

    Parameters
    ----------
    estimate
        The coefficient.
    ci_low, ci_high
        Its confidence interval (the bootstrap confidence set) at level
        ``1 - alpha``; infinite bounds are allowed.
    p_value
        p-value of the null of no effect (the bootstrap one).
    expected_sign
        +1 or -1, the sign the hypothesis predicts.
    smallest_effect
        The smallest effect of interest, a positive number in the units of
        the coefficient: effects inside ``(-smallest_effect,
        +smallest_effect)`` are too small to matter for the argument.
    alpha
        Significance level.

    Returns
    -------
    str
        Exactly one of :data:`VERDICTS`:

        ``"supported"``
            ``p_value < alpha`` and the estimate has the expected sign.
        ``"contradicted"``
            ``p_value < alpha`` and the estimate has the opposite sign.
        ``"informative null"``
            ``p_value >= alpha`` and the whole interval lies strictly inside
            ``(-smallest_effect, +smallest_effect)``: effects of interest
            are excluded.
        ``"inconclusive"``
            Otherwise: not significant, and the interval reaches an effect of
            interest (too wide to say). A significant estimate of exactly 0,
            and a NaN estimate or p-value, are inconclusive.

    Raises
    ------
    ParameterError
        If ``expected_sign`` is not +1 or -1, ``smallest_effect`` is not a
        positive finite number, ``alpha`` is not in (0, 1), or ``ci_low >
        ci_high``.
    """
    if isinstance(expected_sign, bool) or expected_sign not in (-1, 1):
        raise ParameterError(f"parameter 'expected_sign' is {expected_sign!r}; allowed values are -1, 1")
    if isinstance(smallest_effect, bool) or not isinstance(smallest_effect, int | float | np.floating) \
            or not np.isfinite(smallest_effect) or smallest_effect <= 0:
        raise ParameterError(f"parameter 'smallest_effect' is {smallest_effect!r}; it must be a positive finite number")
    alpha = _check_alpha(alpha)
    if ci_low > ci_high:
        raise ParameterError(f"parameters 'ci_low' ({ci_low!r}) and 'ci_high' ({ci_high!r}) are in the wrong order")
    if not (np.isfinite(estimate) and np.isfinite(p_value)):
        return VERDICTS[3]
    if p_value < alpha:
        if np.sign(estimate) == expected_sign:
            return VERDICTS[0]
        if np.sign(estimate) == -expected_sign:
            return VERDICTS[1]
        return VERDICTS[3]
    if -smallest_effect < ci_low and ci_high < smallest_effect:
        return VERDICTS[2]
    return VERDICTS[3]


# ----------------------------------------------------------------------------- everything at once
@dataclass(frozen=True, kw_only=True)
class Inference:
    """One coefficient under every standard, and its verdict.

    All numbers are rounded to ``digits`` significant digits. Intervals are
    ``(low, high)`` tuples at level ``1 - alpha``.

    Attributes
    ----------
    dependent, variable
        The model's dependent variable and the coefficient reported.
    estimate
        OLS estimate.
    nobs, n_clusters, n_periods
        Observations, clusters (entities) and periods of the sample.
    se
        ``{standard: standard error}`` for "cr1", "cr2", "dk", "pcse".
    p_values
        ``{standard: p-value}`` for every standard of :data:`STANDARDS`.
    intervals
        ``{standard: (low, high)}`` for every standard of :data:`STANDARDS`
        (the "wild" one is the hull of the bootstrap confidence set).
    wild_set_is_interval
        False if the bootstrap confidence set is not one interval.
    pcse_min_eigenvalue
        Smallest eigenvalue of the PCSE's pairwise :math:`\\hat\\Sigma`.
    expected_sign, smallest_effect, alpha
        The inputs of the verdict.
    verdict
        :func:`classify` of the estimate, the bootstrap set and the
        bootstrap p-value.
    B, seed, weights, digits
        Bootstrap options and the rounding.
    """

    dependent: str
    variable: str
    estimate: float
    nobs: int
    n_clusters: int
    n_periods: int
    se: dict[str, float]
    p_values: dict[str, float]
    intervals: dict[str, tuple[float, float]]
    wild_set_is_interval: bool
    pcse_min_eigenvalue: float
    expected_sign: int
    smallest_effect: float
    alpha: float
    verdict: str
    B: int
    seed: int
    weights: str
    digits: int

    def table(self) -> pd.DataFrame:
        """One row per standard: ``standard`` (label), ``se``, ``p_value``, ``ci_low``, ``ci_high``."""
        return pd.DataFrame([{"standard": STANDARD_LABELS[s], "se": self.se.get(s, float("nan")),
                              "p_value": self.p_values[s], "ci_low": self.intervals[s][0],
                              "ci_high": self.intervals[s][1]} for s in STANDARDS])


def infer(panel: pd.DataFrame, dependent: str, regressors: Sequence[str], variable: str, *,
          expected_sign: int, smallest_effect: float, alpha: float = 0.05, time_effects: bool = True,
          entity_effects: bool = False, entity: str = "iso3", time: str = "year", B: int = B_DEFAULT,
          seed: int = SEED, weights: str = "webb", dk_bandwidth: float | None = None,
          digits: int = DIGITS) -> Inference:
    """Every standard for one coefficient, and the verdict under the bootstrap.

    Parameters
    ----------
    panel, dependent, regressors, variable, alpha, time_effects, entity_effects, entity, time, B, seed, weights, digits
        As in :func:`wild_cluster_test`.
    expected_sign, smallest_effect
        As in :func:`classify`.
    dk_bandwidth
        As in :func:`cluster_robust`.

    Returns
    -------
    Inference

    Raises
    ------
    ParameterError
        Naming the parameter (see :func:`wild_cluster_test` and :func:`classify`).
    """
    classify(0.0, 0.0, 0.0, 1.0, expected_sign=expected_sign, smallest_effect=smallest_effect, alpha=alpha)
    check_choice("weights", weights, WEIGHTS)
    B = _check_positive_int("B", B, 99)
    seed = _check_positive_int("seed", seed, 0)
    digits = _check_positive_int("digits", digits, 1)
    d, j = _design_for(panel, dependent, regressors, variable, entity=entity, time=time,
                       time_effects=time_effects, entity_effects=entity_effects)
    estimate, se_cr1, p_of = _wild_p_function(d, j, B=B, seed=seed, weights=weights)
    lo, hi, is_interval = _confidence_set(p_of, estimate, se_cr1, alpha)
    p_wild = round_sig(float(p_of(np.array([0.0]))[0]), digits)
    ana = _analytic(d, j, alpha=alpha, dk_bandwidth=dk_bandwidth, digits=digits)
    beta, e, _ = _ols(d)
    pc = models.pcse_cov(d.x, e, list(d.entity), list(d.time))
    se_p = float(np.sqrt(pc[j, j])) if pc[j, j] >= 0 else float("nan")
    z = stats.norm.ppf(1 - alpha / 2)
    resid = pd.Series(e, index=pd.MultiIndex.from_arrays([d.entity, d.time]))
    se = {s: float(ana.loc[s, "se"]) for s in ("cr1", "cr2", "dk")}
    se["pcse"] = round_sig(se_p, digits)
    p_values = {"wild": p_wild, **{s: float(ana.loc[s, "p_value"]) for s in ("cr1", "cr2", "dk")},
                "pcse": round_sig(2 * stats.norm.sf(abs(beta[j] / se_p)), digits)}
    intervals = {"wild": (round_sig(lo, digits), round_sig(hi, digits)),
                 **{s: (float(ana.loc[s, "ci_low"]), float(ana.loc[s, "ci_high"])) for s in ("cr1", "cr2", "dk")},
                 "pcse": (round_sig(beta[j] - z * se_p, digits), round_sig(beta[j] + z * se_p, digits))}
    est = round_sig(estimate, digits)
    verdict = classify(est, *intervals["wild"], p_wild, expected_sign=expected_sign,
                       smallest_effect=smallest_effect, alpha=alpha)
    return Inference(dependent=dependent, variable=variable, estimate=est, nobs=len(d.y), n_clusters=d.n_clusters,
                     n_periods=d.n_periods, se=se, p_values=p_values, intervals=intervals,
                     wild_set_is_interval=is_interval,
                     pcse_min_eigenvalue=round_sig(pcse_min_eigenvalue(resid), digits),
                     expected_sign=int(expected_sign), smallest_effect=float(smallest_effect), alpha=alpha,
                     verdict=verdict, B=B, seed=seed, weights=weights, digits=digits)


#: The smallest effect of interest, as a share of the dependent variable's mean
#: (levels, shares, per head) or in its own units (asinh, about a proportional change).
SMALLEST_SHARE = 0.10
#: Dependent variables measured on an inverse-hyperbolic-sine (log-like) scale.
LOG_SCALES = ("net_oda_asinh",)


def smallest_effect(panel: pd.DataFrame, dependent: str, variable: str, *,
                    share: float = SMALLEST_SHARE, digits: int = DIGITS) -> float:
    """The book's smallest effect of interest for one coefficient.

    A one-standard-deviation difference in ``variable`` that moves the aid a
    debtor receives by less than ``share`` (10 per cent) of what it would
    otherwise receive is too small to show the allocation pattern the
    hypotheses describe. In coefficient units that is

    - ``share * mean(dependent) / sd(variable)`` for dependent variables in
      levels (US$ m, shares of Japan's regional aid, US$ per head), and
    - ``share / sd(variable)`` for the log-like asinh scale
      (:data:`LOG_SCALES`), where ``share`` units are about a proportional
      change of ``share``,

    with the mean and standard deviation taken over the rows where both are
    observed.

    Parameters
    ----------
    panel
        The estimation panel.
    dependent, variable
        Column names of the dependent variable and the regressor.
    share
        The proportional effect of interest (0 < share < 1).
    digits
        Significant digits of the result.

    Returns
    -------
    float
        A positive threshold in the coefficient's units.

    Raises
    ------
    ParameterError
        If a column is missing, ``share`` is out of range, or the regressor
        does not vary.
    """
    for name, col in (("dependent", dependent), ("variable", variable)):
        if col not in panel.columns:
            raise ParameterError(f"parameter {name!r} is {col!r}, which is not a column of the panel")
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < float(share) < 1:
        raise ParameterError(f"parameter 'share' is {share!r}; it must be a number strictly between 0 and 1")
    both = panel[[dependent, variable]].dropna()
    return smallest_effect_of(both[dependent].to_numpy(dtype=float), both[variable].to_numpy(dtype=float),
                              dependent=dependent, variable=variable, share=share, digits=digits)


def smallest_effect_of(y: np.ndarray, x: np.ndarray, *, dependent: str, variable: str = "variable",
                       share: float = SMALLEST_SHARE, digits: int = DIGITS) -> float:
    """:func:`smallest_effect` from the complete rows' values of the dependent
    variable ``y`` and the regressor ``x`` (arrays of equal length, no missing
    values); the one formula behind the ledger and the specification curve."""
    sd = float(np.std(x, ddof=1)) if len(x) > 1 else float("nan")
    if not len(x) or not np.isfinite(sd) or sd == 0:
        raise ParameterError(f"parameter 'variable' ({variable!r}) does not vary where {dependent!r} is observed")
    scale = 1.0 if dependent in LOG_SCALES else abs(float(np.mean(y)))
    return round_sig(float(share) * scale / sd, digits)
