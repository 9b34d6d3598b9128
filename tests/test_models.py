"""Estimators of chapters 3 and 8: the Beck-Katz PCSE implementation checked
against independent computations and hand-derived results, and the wiring of
the pooled, clustered and fixed-effects fits."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis import models
from analysis.errors import ParameterError


def _balanced(n_panels=5, n_periods=12, k=2, seed=1):
    rng = np.random.default_rng(seed)
    ent = np.repeat([f"c{i}" for i in range(n_panels)], n_periods)
    tim = np.tile(np.arange(2000, 2000 + n_periods), n_panels)
    x = np.column_stack([np.ones(n_panels * n_periods), rng.normal(size=(n_panels * n_periods, k))])
    common = np.tile(rng.normal(size=n_periods), n_panels)  # contemporaneous correlation
    scale = np.repeat(rng.uniform(0.5, 3, n_panels), n_periods)  # panel heteroskedasticity
    y = x @ np.arange(1, k + 2) + scale * (common + rng.normal(size=len(ent)))
    return x, y, ent, tim


def test_pcse_equals_kronecker_formula_in_a_balanced_panel():
    x, y, ent, tim = _balanced()
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    e = y - x @ beta
    n_p, n_t = 5, 12
    emat = e.reshape(n_p, n_t).T  # T x N (rows are stacked panel by panel)
    sigma = emat.T @ emat / n_t
    omega = np.kron(sigma, np.eye(n_t))  # Beck-Katz: Sigma (x) I_T for panel-major stacking
    bread = np.linalg.inv(x.T @ x)
    expected = bread @ x.T @ omega @ x @ bread
    got = models.pcse_cov(x, e, ent, tim)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
    # row order does not matter
    perm = np.random.default_rng(0).permutation(len(y))
    np.testing.assert_allclose(models.pcse_cov(x[perm], e[perm], ent[perm], tim[perm]), expected, rtol=1e-10)


def test_pcse_with_one_panel_is_ols_variance_without_dof_correction():
    x, y, ent, tim = _balanced(n_panels=1, n_periods=30)
    res = sm.OLS(y, x).fit()
    n, k = x.shape
    expected = res.cov_params() * (n - k) / n  # sigma^2 = e'e / T
    np.testing.assert_allclose(models.pcse_cov(x, res.resid, ent, tim), expected, rtol=1e-10)


def test_pcse_of_a_mean_in_an_unbalanced_panel_by_hand():
    # y = b + e, X = 1. V(b) = sum_t sum_{i,j in S_t} Sigma_ij / n^2 with pairwise Sigma_ij.
    rows = [("a", 1, 1.0), ("a", 2, -1.0), ("a", 3, 2.0), ("b", 1, 0.5), ("b", 2, 1.5), ("c", 2, -2.0), ("c", 3, -2.0)]
    df = pd.DataFrame(rows, columns=["ent", "t", "y"])
    e = (df["y"] - df["y"].mean()).to_numpy()
    df["e"] = e
    piv = df.pivot(index="t", columns="ent", values="e")
    sig = {}
    for i in piv.columns:
        for j in piv.columns:
            mask = piv[i].notna() & piv[j].notna()
            sig[i, j] = float((piv.loc[mask, i] * piv.loc[mask, j]).sum() / mask.sum())
    total = sum(sig[i, j] for t in piv.index for i in piv.columns for j in piv.columns
                if pd.notna(piv.loc[t, i]) and pd.notna(piv.loc[t, j]))
    expected = total / len(df) ** 2
    got = models.pcse_cov(np.ones((len(df), 1)), e, df["ent"], df["t"])
    assert got[0, 0] == pytest.approx(expected)


def test_pcse_rejects_duplicate_keys():
    with pytest.raises(ParameterError, match="unique"):
        models.pcse_cov(np.ones((2, 1)), np.zeros(2), ["a", "a"], [1, 1])


def _panel(seed=3):
    x, y, ent, tim = _balanced(n_panels=8, n_periods=10, k=2, seed=seed)
    return pd.DataFrame({"iso3": ent, "year": tim, "y": y, "x1": x[:, 1], "x2": x[:, 2]})


def test_pooled_fit_uses_ols_coefficients_and_our_pcse():
    df = _panel()
    f = models.fit(df, "y", ["x1", "x2"], estimator="pcse", time_effects=False)
    ols = sm.OLS(df["y"], sm.add_constant(df[["x1", "x2"]])).fit()
    np.testing.assert_allclose(f.params.to_numpy(), ols.params.to_numpy())
    cov = models.pcse_cov(sm.add_constant(df[["x1", "x2"]]).to_numpy(), ols.resid.to_numpy(), df["iso3"], df["year"])
    np.testing.assert_allclose(f.bse.to_numpy(), np.sqrt(np.diag(cov)))
    assert f.nobs == 80 and f.n_entities == 8 and f.r2 == pytest.approx(ols.rsquared)
    assert f.se_type.startswith("Panel-corrected")


def test_cluster_fit_matches_statsmodels_cluster():
    df = _panel()
    f = models.fit(df, "y", ["x1", "x2"], estimator="cluster", time_effects=False)
    ols = sm.OLS(df["y"], sm.add_constant(df[["x1", "x2"]])).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(df["iso3"])[0]}, use_t=True)
    np.testing.assert_allclose(f.bse.to_numpy(), ols.bse.to_numpy())


def test_fixed_effects_equal_dummy_variable_regression():
    df = _panel()
    df["y"] = df["y"] + df["iso3"].map({c: 3.0 * i for i, c in enumerate(sorted(df["iso3"].unique()))})
    f = models.fit(df, "y", ["x1", "x2"], estimator="fe", time_effects=True)
    lsdv = sm.OLS(df["y"], pd.concat([df[["x1", "x2"]], pd.get_dummies(df["iso3"], dtype=float),
                                      pd.get_dummies(df["year"], drop_first=True, dtype=float)], axis=1)).fit()
    np.testing.assert_allclose(f.params[["x1", "x2"]].to_numpy(), lsdv.params[["x1", "x2"]].to_numpy(), rtol=1e-8)
    assert f.r2_kind == "R² (within)" and f.entity_effects


def test_year_effects_change_the_design():
    df = _panel()
    with_te = models.fit(df, "y", ["x1"], estimator="pcse", time_effects=True)
    dummies = pd.get_dummies(df["year"], drop_first=True, dtype=float)
    ols = sm.OLS(df["y"], pd.concat([sm.add_constant(df[["x1"]]), dummies], axis=1)).fit()
    assert with_te.params["x1"] == pytest.approx(ols.params["x1"])


def test_predicted_total_equals_actual_total_with_a_constant():
    df = _panel()
    f = models.fit(df, "y", ["x1", "x2"], estimator="pcse")
    pva = models.predicted_vs_actual(f)
    assert pva["predicted"].sum() == pytest.approx(pva["actual"].sum())  # OLS residuals sum to zero
    assert (pva["years"] == 10).all()


def test_listwise_deletion_and_too_few_rows():
    df = _panel()
    df.loc[:4, "x1"] = np.nan
    f = models.fit(df, "y", ["x1", "x2"], estimator="cluster")
    assert f.nobs == 75
    with pytest.raises(ParameterError, match="too few"):
        models.fit(df.head(3), "y", ["x1", "x2"])


def test_bad_estimator_and_missing_column_are_named():
    df = _panel()
    with pytest.raises(ParameterError, match="'estimator'"):
        models.fit(df, "y", ["x1"], estimator="gmm")
    with pytest.raises(ParameterError, match="x9"):
        models.fit(df, "y", ["x9"])


@pytest.mark.parametrize(
    "coef, p, sign, expected",
    [(1.0, 0.01, 1, "Supported"), (1.0, 0.07, 1, "Weakly supported"), (1.0, 0.5, 1, "Not supported"),
     (-1.0, 0.01, 1, "Contradicted"), (-1.0, 0.07, 1, "Not supported"), (-1.0, 0.01, -1, "Supported"),
     (float("nan"), 0.01, 1, "Not supported")],
)
def test_verdict_rules(coef, p, sign, expected):
    assert models.verdict(coef, p, sign) == expected


def test_verdicts_table_counts_robust_fits():
    df = _panel()
    fits = [models.fit(df, "y", ["x1", "x2"], estimator=e, label=e) for e in ("pcse", "cluster", "fe")]
    table = models.verdicts(fits, {"x1": ("H1", 1), "x2": ("H2", -1)})
    assert list(table["variable"]) == ["x1", "x2"]
    # y = 1 + 2 x1 + 3 x2 + noise: x1 supported everywhere, x2 contradicted (expected negative)
    assert table.set_index("variable").loc["x1", "verdict"] == "Supported"
    assert table.set_index("variable").loc["x1", "robust"] == "3 of 3"
    assert table.set_index("variable").loc["x2", "verdict"] == "Contradicted"
    with pytest.raises(ParameterError, match="'expected_sign'"):
        models.verdict(1.0, 0.01, 0)


def test_leave_one_out_drops_each_entity_once():
    df = _panel()
    loo = models.leave_one_out(df, "y", ["x1", "x2"], estimator="cluster")
    assert len(loo) == 8 * 2
    assert set(loo["dropped"]) == set(df["iso3"])
    assert (loo["nobs"] == 70).all()


def test_leave_one_out_skips_entities_outside_the_sample():
    df = _panel()
    df.loc[df["iso3"] == df["iso3"].iloc[0], "x1"] = float("nan")  # this entity has no complete row
    loo = models.leave_one_out(df, "y", ["x1", "x2"], estimator="cluster")
    assert df["iso3"].iloc[0] not in set(loo["dropped"])
    assert len(set(loo["dropped"])) == df["iso3"].nunique() - 1
    assert loo["nobs"].nunique() == 1  # every refit drops one entity of the sample


def test_coefficients_and_sd_effects():
    df = _panel()
    f = models.fit(df, "y", ["x1", "x2"], estimator="pcse", time_effects=False, label="m")
    c = models.coefficients([f], df).set_index("variable")
    assert c.loc["x1", "sd"] == pytest.approx(df["x1"].std())
    assert c.loc["x1", "sd_effect"] == pytest.approx(f.params["x1"] * df["x1"].std())
    assert c.loc["x1", "lower"] < c.loc["x1", "coef"] < c.loc["x1", "upper"]


def test_add_interactions():
    df = _panel().assign(asia=lambda d: (d["iso3"] < "c4").astype(float))
    out, names = models.add_interactions(df, ["x1"], "asia")
    assert names == ["x1_x_asia"]
    np.testing.assert_allclose(out["x1_x_asia"], df["x1"] * df["asia"])
    with pytest.raises(ParameterError, match="'dummy'"):
        models.add_interactions(df, ["x1"], "europe")


def test_regressor_without_variation_is_left_out_not_an_error():
    df = _panel().assign(flat=0.0)
    f = models.fit(df, "y", ["x1", "flat"], estimator="pcse")
    assert "flat" not in f.params.index and "x1" in f.params.index
    assert f.regressors == ["x1", "flat"]
    g = models.fit(df, "y", ["x1", "flat"], estimator="fe")
    assert "flat" not in g.params.index


@pytest.mark.parametrize("estimator", ["pcse", "cluster", "fe"])
def test_conf_int_matches_the_fits_own_p_values(estimator):
    """At the interval's edge the two-sided p-value equals 1 - level, for each estimator's distribution."""
    from scipy import stats

    df = _panel()
    f = models.fit(df, "y", ["x1", "x2"], estimator=estimator)
    ci = f.conf_int(0.95)
    half = ci.loc["x1", "upper"] - f.params["x1"]
    crit = half / f.bse["x1"]
    p_at_edge = 2 * (stats.norm.sf(crit) if f.df is None else stats.t.sf(crit, f.df))
    assert p_at_edge == pytest.approx(0.05)
    t = abs(f.params["x1"] / f.bse["x1"])
    p_own = 2 * (stats.norm.sf(t) if f.df is None else stats.t.sf(t, f.df))
    assert p_own == pytest.approx(float(f.pvalues["x1"]), rel=1e-6)
    if estimator != "pcse":
        assert crit > stats.norm.ppf(0.975)  # t intervals are wider than normal ones
