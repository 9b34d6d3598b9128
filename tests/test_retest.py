"""Tests of the quantitative retest (analysis.retest): it must use the chapter-3
panel builder and estimators, and its comparisons must be right."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import asian_crisis as ac
from analysis import models, panel, retest, tables
from analysis.countries import EAST_ASIA, LATIN_AMERICA
from analysis.errors import ParameterError
from analysis.figures import asia as fa


def test_regressors_and_expectations():
    regs = retest.regressors()
    assert regs[0] == "l1_log_bank_claims" and all(r.startswith("l1_") for r in regs)
    exp = retest.expectations()
    assert exp["l1_log_bank_claims"] == ("H1", 1) and exp["l1_log_us_trade"] == ("H2", 1)
    assert "l1_log_gdp_pc" not in exp  # controls carry no hypothesis
    with pytest.raises(ParameterError, match="regressor"):
        retest.regressors(("gdp",))


def test_region_panel_is_the_chapter3_panel():
    p = retest.region_panel(EAST_ASIA)
    direct = panel.build_panel(EAST_ASIA, *retest.WINDOW, lag=retest.LAG)
    pd.testing.assert_frame_equal(p.reset_index(drop=True), direct.reset_index(drop=True))
    with pytest.raises(ParameterError, match="region"):
        retest.region_panel("Africa")


def test_pooled_panel_dummy_and_interactions():
    p, inter = retest.pooled_panel()
    assert set(p.loc[p["region"] == EAST_ASIA, retest.DUMMY]) == {1.0}
    assert set(p.loc[p["region"] == LATIN_AMERICA, retest.DUMMY]) == {0.0}
    v = "l1_log_bank_claims"
    assert f"{v}_x_{retest.DUMMY}" in inter
    ok = p[v].notna()
    assert np.allclose(p.loc[ok, f"{v}_x_{retest.DUMMY}"], p.loc[ok, v] * p.loc[ok, retest.DUMMY])


def test_fully_interacted_pooled_slopes_equal_separate_regressions():
    # Without shared year effects, a model with an East Asia intercept and every slope interacted
    # reproduces the two separate regressions exactly (a standard identity of OLS).
    p, inter = retest.pooled_panel()
    regs = retest.regressors()
    pooled = models.fit(p, retest.DEPENDENT, regs + inter + [retest.DUMMY], estimator="cluster",
                        time_effects=False)
    asia_only = models.fit(retest.region_panel(EAST_ASIA), retest.DEPENDENT, regs, estimator="cluster",
                           time_effects=False)
    diff = retest.slope_differences(pooled).set_index("variable")
    for v in regs:
        assert diff.loc[v, "asia"] == pytest.approx(float(asia_only.params[v]), rel=1e-6, abs=1e-8)
        assert diff.loc[v, "asia"] == pytest.approx(diff.loc[v, "latin"] + diff.loc[v, "difference"])


def test_asia_fits():
    fits = retest.asia_fits()
    assert [f.estimator for f in fits] == ["pcse", "cluster", "fe", "pcse"]
    assert all(set(f.entities) <= set(["CHN", "IDN", "KOR", "MYS", "PHL", "THA"]) for f in fits)
    # Korea has no debt-service series: only the variant without it keeps Korea
    assert "KOR" not in fits[0].entities and "KOR" in fits[3].entities
    assert fits[0].first_year >= retest.WINDOW[0] and fits[0].last_year <= retest.WINDOW[1]


def test_out_of_region_prediction_by_hand():
    pred = retest.out_of_region()
    f = retest.latin_fit(time_effects=False)
    p = retest.region_panel(EAST_ASIA).dropna(subset=[retest.DEPENDENT, *f.regressors])
    row = p.iloc[0]
    manual = f.params["const"] + sum(f.params[v] * row[v] for v in f.regressors)
    got = pred[(pred["iso3"] == row["iso3"]) & (pred["year"] == row["year"])]["predicted"].iloc[0]
    assert got == pytest.approx(manual)
    assert np.allclose(np.arcsinh(pred["predicted_naive_musd"]), pred["predicted"])
    # smearing: the mean of sinh(index + residual) over the Latin American residuals
    resid = f.resid.to_numpy(dtype=float)
    smeared = pred[(pred["iso3"] == row["iso3"]) & (pred["year"] == row["year"])]["predicted_musd"].iloc[0]
    assert smeared == pytest.approx(float(np.mean(np.sinh(manual + resid))))
    assert set(pred["iso3"]) <= {"CHN", "IDN", "KOR", "MYS", "PHL", "THA"}


def test_smearing_is_unbiased_where_the_naive_inverse_is_not():
    rng = np.random.default_rng(3)
    index = np.full(20_000, 2.0)
    errors = rng.normal(0, 1.0, size=index.size)
    truth = float(np.mean(np.sinh(index + errors)))
    smeared = retest._smeared_musd(np.array([2.0]), errors)[0]
    assert smeared == pytest.approx(truth, rel=1e-12)
    assert np.sinh(2.0) < 0.7 * truth  # the naive inverse understates the expected level


def test_in_range_flags_extrapolation_and_in_sample_recovery():
    pred = retest.out_of_region()
    assert pred["in_range"].dtype == bool and 0 < pred["in_range"].mean() < 1
    f = retest.latin_fit(time_effects=False)
    latin = retest.region_panel("Latin America").dropna(subset=[retest.DEPENDENT, *f.regressors])
    out = pred[~pred["in_range"]].iloc[0]
    p = retest.region_panel(EAST_ASIA).set_index(["iso3", "year"]).loc[(out["iso3"], out["year"])]
    assert any(p[v] < latin[v].min() or p[v] > latin[v].max() for v in f.regressors)
    rec = retest.in_sample_recovery()
    assert rec["in_range"].all() and len(rec) == len(latin)
    assert np.allclose(rec["predicted"], f.params["const"] + latin[f.regressors].to_numpy() @ f.params[f.regressors].to_numpy())


def test_oor_summary_hand_example():
    pred = pd.DataFrame({"iso3": ["A", "A", "B"], "year": [1, 2, 1], "actual": [0.0, 1.0, 2.0],
                         "predicted": [0.0, 1.0, 2.0]})
    pred["actual_musd"], pred["predicted_musd"] = np.sinh(pred["actual"]), np.sinh(pred["predicted"])
    s = retest.oor_summary(pred)
    assert s["corr"] == pytest.approx(1.0) and s["r2_oos"] == pytest.approx(1.0)
    assert s["mean_error"] == 0 and s["share_under"] == 0 and s["ratio_total"] == pytest.approx(1.0)
    pred2 = pred.assign(predicted=pred["actual"] - 1)
    assert retest.oor_summary(pred2)["share_under"] == 100
    with pytest.raises(ParameterError):
        retest.oor_summary(pred.iloc[0:0])
    by = retest.oor_by_country(pred)
    assert by.set_index("iso3").loc["A", "years"] == 2


def test_pooled_fit_estimators():
    with pytest.raises(ParameterError, match="estimator"):
        retest.pooled_fit(estimator="ols")
    fe = retest.pooled_fit(estimator="fe")
    assert retest.DUMMY not in fe.regressors  # absorbed by country effects


def test_verdicts_and_tables():
    v = retest.asia_verdicts()
    assert set(v["variable"]) <= set(retest.expectations())
    assert set(v["verdict"]) <= set(models.VERDICTS)
    fits = retest.asia_fits()
    t = tables.regression_table(fits, **ac.regression_layout(fits))
    assert t[" "].iloc[-1] == "R²" and list(t.columns[1:]) == [f"({i}) {f.label}" for i, f in enumerate(fits, 1)]
    assert "Bank claims (log), H1" in set(t[" "])  # this chapter's labels
    vt = fa.verdict_table(v, retest.latin_verdicts(), __import__("analysis.asia", fromlist=["x"]).qualitative_checks())
    assert {"Hypothesis", "Evidence", "Finding", "Verdict"} == set(vt.columns)
