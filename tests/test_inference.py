"""Tests of analysis.inference: the wild-cluster bootstrap against the wildboottest
package called directly, CR2 against a hand computation, the serial-correlation
test against plm's published output and on simulated AR(1) panels, the PCSE
check against analysis.models.pcse_cov, the verdict's truth table, determinism,
and parameter errors."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import linalg

from analysis import inference as inf
from analysis import models
from analysis.errors import ParameterError

REG = ["x1", "x2", "x3"]


def sim_panel(seed: int, *, beta1: float = 0.0, n_groups: int = 19, n_years: int = 16, rho: float = 0.5,
              drop: float = 0.0) -> pd.DataFrame:
    """A panel with cluster-correlated regressors and errors (entity effect + AR(1)) and year effects."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(n_groups):
        a_x, a_u = rng.normal(), rng.normal()
        u = rng.normal() / np.sqrt(1 - rho**2) if abs(rho) < 1 else rng.normal()
        for t in range(n_years):
            u = rho * u + rng.normal() if t else u
            x1 = a_x + rng.normal()
            rows.append({"iso3": f"C{g:02d}", "year": 1980 + t, "x1": x1, "x2": rng.normal(),
                         "x3": rng.normal() + 0.5 * a_x, "u": a_u + u, "yeff": np.sin(t)})
    df = pd.DataFrame(rows)
    df["y"] = 2.0 + beta1 * df["x1"] + 0.3 * df["x2"] + df["yeff"] + df["u"]
    if drop:
        df = df[rng.random(len(df)) > drop]
    return df.reset_index(drop=True)


# ----------------------------------------------------------------------------- bootstrap vs the library
def _library_p(df: pd.DataFrame, variable: str, null: float, *, B: int, seed: int, weights: str = "webb") -> float:
    """The wildboottest package's full pipeline (its own numba denominator) on the same design."""
    from wildboottest.wildboottest import WildboottestCL

    d = inf._prepare(df, "y", REG, entity="iso3", time="year", time_effects=True, entity_effects=False)
    j = d.column(variable)
    R = np.zeros(d.x.shape[1])
    R[j] = 1.0
    boot = WildboottestCL(X=d.x, Y=d.y - null * d.x[:, j], cluster=d.clusters, R=R, B=B, seed=seed, parallel=False)
    boot.get_scores(bootstrap_type="11", impose_null=True)
    boot.get_weights(weights_type=weights)
    boot.get_numer()
    boot.get_denom()
    boot.get_tboot()
    boot.get_vcov()
    boot.get_tstat()
    boot.get_pvalue(pval_type="two-tailed")
    return float(boot.pvalue)


@pytest.mark.parametrize("null", [0.0, 0.25, -0.4])
def test_bootstrap_p_equals_library(null: float) -> None:
    df = sim_panel(3, beta1=0.2)
    ours = inf.wild_cluster_test(df, "y", REG, "x1", null=null, B=999, seed=11)
    lib = _library_p(df, "x1", null, B=999, seed=11)
    assert ours.p_value == inf.round_sig(lib)
    assert 0 < lib < 1


def test_bootstrap_p_equals_library_toplevel_function() -> None:
    """The package's documented entry point on a statsmodels OLS of the same design."""
    import statsmodels.api as sm
    from wildboottest.wildboottest import wildboottest

    df = sim_panel(5, beta1=0.1)
    d = inf._prepare(df, "y", REG, entity="iso3", time="year", time_effects=True, entity_effects=False)
    model = sm.OLS(pd.Series(d.y, name="y"), pd.DataFrame(d.x, columns=d.names))
    res = wildboottest(model, B=999, cluster=d.clusters, param="x1", weights_type="webb", seed=7, show=False,
                       parallel=False)
    ours = inf.wild_cluster_test(df, "y", REG, "x1", B=999, seed=7)
    assert ours.p_value == inf.round_sig(float(res["p-value"].iloc[0]))


def test_confidence_set_is_test_inversion() -> None:
    """Just inside the set the library does not reject at 5%; just outside it does."""
    df = sim_panel(8, beta1=0.3)
    w = inf.wild_cluster_test(df, "y", REG, "x1", B=999, seed=2)
    assert w.is_interval and w.ci_low < w.estimate < w.ci_high
    width = w.ci_high - w.ci_low
    for bound, inward in ((w.ci_low, +1), (w.ci_high, -1)):
        assert _library_p(df, "x1", bound + inward * 0.01 * width, B=999, seed=2) >= 0.05
        assert _library_p(df, "x1", bound - inward * 0.01 * width, B=999, seed=2) < 0.05


# ----------------------------------------------------------------------------- known truth
def test_rejects_big_effect_and_classifies() -> None:
    df = sim_panel(21, beta1=1.0)
    r = inf.infer(df, "y", REG, "x1", expected_sign=+1, smallest_effect=0.1, B=999, entity="iso3")
    assert r.p_values["wild"] < 0.01
    assert r.intervals["wild"][0] > 0
    assert r.verdict == "supported"
    r_neg = inf.infer(df, "y", REG, "x1", expected_sign=-1, smallest_effect=0.1, B=999)
    assert r_neg.verdict == "contradicted"


def test_does_not_reject_zero_effect() -> None:
    df = sim_panel(22, beta1=0.0)
    r = inf.infer(df, "y", REG, "x1", expected_sign=+1, smallest_effect=5.0, B=999)
    assert r.p_values["wild"] > 0.05
    lo, hi = r.intervals["wild"]
    assert lo < 0 < hi
    assert r.verdict == "informative null"  # the interval is well inside (-5, 5)
    r_small = inf.infer(df, "y", REG, "x1", expected_sign=+1, smallest_effect=0.01, B=999)
    assert r_small.verdict == "inconclusive"


def test_coverage_sanity() -> None:
    """Over 40 simulated panels (true beta 0.5, AR(1) errors, 19 clusters) the 95% sets cover 85-100%."""
    covered_wild = covered_cr1 = 0
    n = 40
    for s in range(n):
        df = sim_panel(100 + s, beta1=0.5, drop=0.1)
        w = inf.wild_cluster_test(df, "y", REG, "x1", B=399, seed=s + 1)
        covered_wild += w.ci_low <= 0.5 <= w.ci_high
        cr = inf.cluster_robust(df, "y", REG, "x1")
        covered_cr1 += cr.loc["cr1", "ci_low"] <= 0.5 <= cr.loc["cr1", "ci_high"]
    assert 0.85 * n <= covered_wild <= n
    assert 0.80 * n <= covered_cr1 <= n


def test_deterministic_and_frozen() -> None:
    df = sim_panel(4, beta1=0.2, drop=0.1)
    a = inf.infer(df, "y", REG, "x1", expected_sign=+1, smallest_effect=0.1, B=999)
    b = inf.infer(df, "y", REG, "x1", expected_sign=+1, smallest_effect=0.1, B=999)
    assert a == b
    assert a.p_values["wild"] == inf.round_sig(a.p_values["wild"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.verdict = "supported"  # type: ignore[misc]
    other_seed = inf.infer(df, "y", REG, "x1", expected_sign=+1, smallest_effect=0.1, B=999, seed=1)
    assert other_seed.p_values["wild"] != a.p_values["wild"] or other_seed.intervals != a.intervals
    assert set(a.table()["standard"]) == set(inf.STANDARD_LABELS.values())


# ----------------------------------------------------------------------------- analytic standard errors
def test_cr1_matches_statsmodels_cluster_fit() -> None:
    df = sim_panel(6, beta1=0.3, drop=0.1)
    f = models.fit(df, "y", REG, estimator="cluster", time_effects=True)
    cr = inf.cluster_robust(df, "y", REG, "x1")
    assert cr.loc["cr1", "se"] == inf.round_sig(float(f.bse["x1"]))
    assert cr.loc["cr1", "p_value"] == inf.round_sig(float(f.pvalues["x1"]))
    assert cr.loc["cr1", "df"] == 18 and cr.loc["dk", "df"] == 15


def test_cr2_intercept_only_closed_form() -> None:
    """For a mean, A_g 1 = 1 / sqrt(1 - n_g/N), so V_CR2 = sum_g (sum_i e_i)^2 / (1 - n_g/N) / N^2."""
    y = np.array([1.0, 2.0, 4.0, 3.0, 7.0, 5.0, 6.0])
    cl = np.array([0, 0, 0, 1, 1, 2, 2])
    x = np.ones((7, 1))
    e = y - y.mean()
    v = inf._cr_cov(x, e, cl, np.linalg.inv(x.T @ x), "cr2")
    by_hand = sum(e[cl == g].sum() ** 2 / (1 - (cl == g).sum() / 7) for g in range(3)) / 49
    assert v[0, 0] == pytest.approx(by_hand, rel=1e-12)
    # by hand: mean 4, cluster sums of residuals -5, 2, 3, n_g/N = 3/7, 2/7, 2/7:
    # (25 / (4/7) + 4 / (5/7) + 9 / (5/7)) / 49 = 61.95 / 49
    assert v[0, 0] == pytest.approx(61.95 / 49, rel=1e-12)


def test_cr2_against_explicit_matrix_square_root() -> None:
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(12), rng.normal(size=12), rng.normal(size=12)])
    y = x @ [1.0, 0.5, -0.2] + rng.normal(size=12)
    cl = np.repeat([0, 1, 2, 3], 3)
    xtx_inv = np.linalg.inv(x.T @ x)
    e = y - x @ (xtx_inv @ x.T @ y)
    meat = np.zeros((3, 3))
    for g in range(4):
        xg = x[cl == g]
        a = np.real(linalg.inv(linalg.sqrtm(np.eye(3) - xg @ xtx_inv @ xg.T)))
        s = xg.T @ a @ e[cl == g]
        meat += np.outer(s, s)
    np.testing.assert_allclose(inf._cr_cov(x, e, cl, xtx_inv, "cr2"), xtx_inv @ meat @ xtx_inv, rtol=1e-10)


# ----------------------------------------------------------------------------- serial correlation
def test_serial_test_reproduces_plm_grunfeld() -> None:
    """plm's tests/test_pwfdtest_pwartest.Rout.save: pwfdtest(inv ~ value + capital, Grunfeld) gives
    F = 16.483, df1 = 1, df2 = 178, p-value = 7.345e-05 (h0 = "fd": rho = 0, constant, HC0 clustered)."""
    from statsmodels.datasets import grunfeld

    g = grunfeld.load_pandas().data
    g = g[g["firm"] != "American Steel"].assign(year=lambda d: d["year"].astype(int))  # plm's 10 firms
    r = inf.wooldridge_serial_test(g, "invest", ["value", "capital"], entity="firm", time_effects=False,
                                   rho0=0.0, constant=True, small_sample=False, df="residual")
    assert (r.statistic, r.df_den, r.nobs, r.n_clusters) == (16.48, 178, 180, 10)
    assert r.p_value == pytest.approx(7.345e-05, rel=1e-3)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_serial_test_on_simulated_ar1(seed: int) -> None:
    ar = inf.wooldridge_serial_test(sim_panel(seed, rho=0.5, n_groups=40), "y", REG)
    white = inf.wooldridge_serial_test(sim_panel(seed, rho=0.0, n_groups=40), "y", REG)
    assert ar.p_value < 0.01 and ar.rho > -0.5
    assert white.p_value > 0.05
    assert ar.df_den == 39


# ----------------------------------------------------------------------------- PCSE check
def test_pcse_sigma_is_the_one_inside_models_pcse_cov() -> None:
    df = sim_panel(9, drop=0.2)
    f = models.fit(df, "y", REG, estimator="pcse", time_effects=True)
    sigma = inf.pcse_sigma(f.resid)
    d = inf._prepare(df, "y", REG, entity="iso3", time="year", time_effects=True, entity_effects=False)
    meat = np.zeros((d.x.shape[1],) * 2)
    for t in np.unique(d.time):
        rows = d.time == t
        s = sigma.loc[d.entity[rows], d.entity[rows]].to_numpy()
        meat += d.x[rows].T @ s @ d.x[rows]
    bread = np.linalg.pinv(d.x.T @ d.x)
    np.testing.assert_allclose(bread @ meat @ bread, models.pcse_cov(d.x, f.resid.to_numpy(), d.entity, d.time),
                               rtol=1e-10, atol=1e-14)


def test_pcse_psd_check() -> None:
    balanced = sim_panel(10, n_groups=5, n_years=30)
    f = models.fit(balanced, "y", REG, estimator="pcse")
    assert inf.pcse_is_psd(f.resid) and inf.pcse_min_eigenvalue(f.resid) >= -1e-10
    # three panels observed in disjoint pairs of periods: the pairwise estimate is not PSD
    idx = pd.MultiIndex.from_tuples([("A", 1), ("B", 1), ("A", 2), ("C", 2), ("B", 3), ("C", 3)])
    e = pd.Series([1.0, 1.0, 1.0, -1.0, 1.0, 1.0], index=idx)
    assert not inf.pcse_is_psd(e)
    assert inf.pcse_min_eigenvalue(e) == pytest.approx(-1.0)


# ----------------------------------------------------------------------------- verdicts
@pytest.mark.parametrize("args, expected", [
    ((2.0, 1.0, 3.0, 0.01), "supported"),
    ((-2.0, -3.0, -1.0, 0.01), "contradicted"),
    ((0.1, -0.4, 0.6, 0.6), "informative null"),
    ((0.1, -0.4, 1.5, 0.6), "inconclusive"),
    ((0.1, -1.0, 0.5, 0.6), "inconclusive"),           # touches -smallest_effect: not excluded
    ((2.0, 1.0, 3.0, 0.05), "inconclusive"),           # p = alpha is not significant, interval too wide
    ((0.1, -0.4, 0.6, 0.04), "supported"),             # significance decides before the interval
    ((float("nan"), -1.0, 1.0, 0.01), "inconclusive"),
    ((0.0, -0.1, 0.1, 0.01), "inconclusive"),
    ((0.1, -np.inf, np.inf, 0.9), "inconclusive"),
])
def test_classify_truth_table(args: tuple[float, float, float, float], expected: str) -> None:
    assert inf.classify(*args, expected_sign=+1, smallest_effect=1.0) == expected


def test_classify_expected_sign_negative() -> None:
    assert inf.classify(-2.0, -3.0, -1.0, 0.001, expected_sign=-1, smallest_effect=1.0) == "supported"
    assert inf.classify(2.0, 1.0, 3.0, 0.001, expected_sign=-1, smallest_effect=1.0) == "contradicted"


# ----------------------------------------------------------------------------- parameter errors
@pytest.mark.parametrize("kwargs, name", [
    ({"expected_sign": 0}, "expected_sign"),
    ({"expected_sign": True}, "expected_sign"),
    ({"smallest_effect": 0.0}, "smallest_effect"),
    ({"smallest_effect": float("inf")}, "smallest_effect"),
    ({"alpha": 1.5}, "alpha"),
])
def test_classify_bad_parameters(kwargs: dict[str, object], name: str) -> None:
    base: dict[str, object] = {"expected_sign": 1, "smallest_effect": 1.0, "alpha": 0.05}
    base.update(kwargs)
    with pytest.raises(ParameterError, match=name):
        inf.classify(1.0, 0.0, 2.0, 0.01, **base)  # type: ignore[arg-type]


def test_classify_interval_order() -> None:
    with pytest.raises(ParameterError, match="ci_low"):
        inf.classify(1.0, 2.0, 0.0, 0.01, expected_sign=1, smallest_effect=1.0)


@pytest.mark.parametrize("kwargs, name", [
    ({"weights": "mammen"}, "weights"),
    ({"B": 10}, "B"),
    ({"B": 999.0}, "B"),
    ({"seed": -1}, "seed"),
    ({"alpha": 0.0}, "alpha"),
    ({"digits": 0}, "digits"),
    ({"variable": "x9"}, "variable"),
])
def test_wild_bad_parameters(kwargs: dict[str, object], name: str) -> None:
    df = sim_panel(1)
    args: dict[str, object] = {"variable": "x1", "B": 199}
    args.update(kwargs)
    variable = args.pop("variable")
    with pytest.raises(ParameterError, match=name):
        inf.wild_cluster_test(df, "y", REG, variable, **args)  # type: ignore[arg-type]


def test_other_bad_parameters() -> None:
    df = sim_panel(1)
    with pytest.raises(ParameterError, match="smallest_effect"):
        inf.infer(df, "y", REG, "x1", expected_sign=1, smallest_effect=-1.0)
    with pytest.raises(ParameterError, match="df"):
        inf.wooldridge_serial_test(df, "y", REG, df="normal")
    with pytest.raises(ParameterError, match="variable"):
        inf.cluster_robust(df, "y", REG, "z")
    with pytest.raises(ParameterError, match="entity"):
        inf.wild_cluster_test(df[df["iso3"] == "C00"], "y", REG, "x1", B=199, time_effects=False)
    with pytest.raises(ParameterError, match="rtol"):
        inf.pcse_is_psd(models.fit(df, "y", REG).resid, rtol=-1.0)


def test_smallest_effect_levels_and_log_scale():
    df = pd.DataFrame({"net_oda_musd": [10.0, 30.0, None], "net_oda_asinh": [1.0, 2.0, 3.0],
                       "x": [0.0, 2.0, 5.0]})
    sd = float(pd.Series([0.0, 2.0]).std())  # rows where both are observed
    assert inf.smallest_effect(df, "net_oda_musd", "x") == inf.round_sig(0.1 * 20.0 / sd)
    sd_all = float(pd.Series([0.0, 2.0, 5.0]).std())
    assert inf.smallest_effect(df, "net_oda_asinh", "x") == inf.round_sig(0.1 / sd_all)
    assert inf.smallest_effect(df, "net_oda_musd", "x", share=0.2) == inf.round_sig(0.2 * 20.0 / sd)


def test_smallest_effect_bad_input():
    df = pd.DataFrame({"y": [1.0, 2.0], "x": [1.0, 1.0]})
    with pytest.raises(ParameterError, match="'variable'"):
        inf.smallest_effect(df, "y", "x")
    with pytest.raises(ParameterError, match="'dependent'"):
        inf.smallest_effect(df, "nope", "x")
    with pytest.raises(ParameterError, match="'share'"):
        inf.smallest_effect(df.assign(x=[1.0, 2.0]), "y", "x", share=1.5)
