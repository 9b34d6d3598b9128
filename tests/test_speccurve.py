"""Tests of analysis.speccurve and analysis.figures.speccurve: the list of
specifications, the headline against analysis.models.fit, the CR1 shortcut
against analysis.inference.cluster_robust, the influence rules, first
differences, shares, determinism, parameter errors and the chart's structure."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import allocation as al
from analysis import inference as inf
from analysis import models, panel, retest
from analysis import speccurve as sc
from analysis.countries import LATIN_AMERICA
from analysis.errors import ParameterError
from analysis.figures import speccurve as fs


@pytest.fixture(scope="module")
def la_curve() -> pd.DataFrame:
    return sc.spec_curve("latin_america")


@pytest.fixture(scope="module")
def ea_curve() -> pd.DataFrame:
    return sc.spec_curve("east_asia")


# ----------------------------------------------------------------------------- the list
@pytest.mark.parametrize(("region", "expected"), [
    # 4 scales x 4 estimators x (core 3x3 + no IMF/Brady 3x3 + US trade 2x3 + Japan's trade 2x2)
    ("latin_america", 4 * 4 * (9 + 9 + 6 + 4)),
    # 4 scales x 4 estimators x 4 control sets x 2 windows x 2 influence rules
    ("east_asia", 4 * 4 * 4 * 2 * 2),
])
def test_specification_list_size_and_uniqueness(region, expected):
    specs = sc.specifications(region)
    assert len(specs) == expected
    assert len(set(specs)) == len(specs)
    assert len({s.key for s in specs}) == len(specs)
    assert specs[0] == sc.headline(region)
    assert {s.dependent for s in specs} == set(panel.DEPENDENTS)
    assert {s.estimator for s in specs} == set(sc.ESTIMATORS)


def test_spec_rejects_bad_values():
    with pytest.raises(ParameterError, match="'estimator'"):
        sc.Spec(region="latin_america", dependent="net_oda_musd", estimator="ols", window=(1978, 1994),
                controls="core", influence="all")
    with pytest.raises(ParameterError, match="'influence'"):
        sc.Spec(region="east_asia", dependent="net_oda_musd", estimator="fe", window=(1986, 2000),
                controls="core", influence="drop_peru_1991")
    with pytest.raises(TypeError):
        sc.Spec("latin_america", "net_oda_musd", "fe", (1978, 1994), "core", "all")  # type: ignore[misc]


@pytest.mark.parametrize("call", [
    lambda: sc.specifications("Latin America"),
    lambda: sc.spec_curve("asia"),
    lambda: sc.headline("latin-america"),
    lambda: sc.Spec(region="europe", dependent="net_oda_musd", estimator="fe", window=(1978, 1994),
                    controls="core", influence="all"),
])
def test_bad_region_names_region(call):
    with pytest.raises(ParameterError, match="'region'"):
        call()


# ----------------------------------------------------------------------------- estimates
def test_headline_reproduces_chapter_3(la_curve):
    raw = panel.build_panel(LATIN_AMERICA, 1978, 1994)
    df = al.with_lagged_dependent(raw, "net_oda_musd")
    ref = models.fit(df, "net_oda_musd", al.CORE, estimator="cluster", time_effects=True)
    pcse = models.fit(df, "net_oda_musd", al.CORE, estimator="pcse", time_effects=True)
    head = la_curve[la_curve["headline"]].set_index("variable")
    assert set(head.index) == {al.H1_EXPOSURE, al.H1_BURDEN, al.US_AID}
    assert (la_curve.loc[la_curve["headline"], "spec_id"] == sc.headline("latin_america").key).all()
    for v in head.index:
        assert head.loc[v, "estimate"] == inf.round_sig(float(ref.params[v]))
        assert head.loc[v, "estimate"] == inf.round_sig(float(pcse.params[v]))
        assert head.loc[v, "se"] == inf.round_sig(float(ref.bse[v]))  # statsmodels' CR1
        assert head.loc[v, "nobs"] == ref.nobs
        assert head.loc[v, "n_clusters"] == ref.n_entities


def test_headline_reproduces_chapter_8(ea_curve):
    ref = retest.asia_fits()[1]  # pooled, clustered: same point estimate as the PCSE headline
    head = ea_curve[ea_curve["headline"]].set_index("variable")
    assert set(head.index) == set(retest.expectations())
    for v in head.index:
        assert head.loc[v, "estimate"] == inf.round_sig(float(ref.params[v]))
        assert head.loc[v, "se"] == inf.round_sig(float(ref.bse[v]))
        assert head.loc[v, "nobs"] == ref.nobs


@pytest.mark.parametrize("estimator", ["pooled", "fe", "fd", "ldv"])
def test_cr1_matches_cluster_robust(la_curve, estimator):
    spec = sc.Spec(region="latin_america", dependent="net_oda_asinh", estimator=estimator, window=(1978, 1991),
                   controls="us_trade", influence="cooks")
    sd = sc.spec_data(spec)
    rows = la_curve[la_curve["spec_id"] == spec.key].set_index("variable")
    assert set(rows.index) == {al.H1_EXPOSURE, al.H1_BURDEN, al.US_AID, al.TRIANGLE}
    for v in rows.index:
        ref = inf.cluster_robust(sd.data, sd.dependent, sd.regressors, v, time_effects=sd.time_effects,
                                 entity_effects=sd.entity_effects).loc["cr1"]
        for col in ("estimate", "se", "p_value", "ci_low", "ci_high"):
            assert rows.loc[v, col] == ref[col], (v, col)
        assert rows.loc[v, "df"] == ref["df"]


def test_standardised_effect_and_verdict(la_curve):
    c = la_curve
    ratio = c["std_estimate"] / c["estimate"]
    expected = c["sd_x"] / c["sd_y"]
    assert np.allclose(ratio, expected, rtol=2e-3)
    assert (c["std_ci_low"] <= c["std_estimate"]).all() and (c["std_estimate"] <= c["std_ci_high"]).all()
    assert set(c["verdict"]) <= set(inf.VERDICTS)
    sig = c["p_value"] < 0.05
    right = np.sign(c["estimate"]) == c["expected_sign"]
    assert (c.loc[sig & right, "verdict"] == "supported").all()
    assert (c.loc[sig & ~right, "verdict"] == "contradicted").all()
    null = c["verdict"] == "informative null"
    assert ((c.loc[null, "ci_low"] > -c.loc[null, "smallest_effect"])
            & (c.loc[null, "ci_high"] < c.loc[null, "smallest_effect"])).all()


def test_every_specification_is_estimated(la_curve, ea_curve):
    for region, c in (("latin_america", la_curve), ("east_asia", ea_curve)):
        assert c["spec_id"].nunique() == len(sc.specifications(region))
        assert c.attrs["inestimable"] == []
    # the IMF dummy is constant within each Asian country here: absorbed by the country effects, as in models.fit
    spec = sc.Spec(region="east_asia", dependent="net_oda_asinh", estimator="fe", window=(1986, 1996),
                   controls="jp_trade", influence="cooks")
    assert "l1_imf_programme" not in sc.spec_data(spec).regressors


def test_no_two_specifications_repeat_an_estimate(la_curve, ea_curve):
    for c in (la_curve, ea_curve):
        for _, part in c.groupby("variable"):
            assert not part.duplicated(["estimate", "se", "nobs"]).any()


# ----------------------------------------------------------------------------- data choices
def test_dropping_peru_1991_removes_exactly_that_row():
    keep = sc.Spec(region="latin_america", dependent="net_oda_musd", estimator="pooled", window=(1978, 1994),
                   controls="core", influence="all")
    drop = sc.Spec(region="latin_america", dependent="net_oda_musd", estimator="pooled", window=(1978, 1994),
                   controls="core", influence="drop_peru_1991")
    a, b = sc.spec_data(keep).levels, sc.spec_data(drop).levels
    assert len(a) - len(b) == 1
    gone = a.merge(b[["iso3", "year"]], on=["iso3", "year"], how="left", indicator=True)
    gone = gone[gone["_merge"] == "left_only"]
    assert list(zip(gone["iso3"], gone["year"])) == [("PER", 1991)]
    assert sc.spec_data(drop).dropped == frozenset({("PER", 1991)})


def test_peru_rule_removes_one_estimation_row_wherever_it_is_used(la_curve):
    first = la_curve.drop_duplicates("spec_id").set_index("spec_id")
    peru = first[(first["influence"] == "drop_peru_1991") & first["estimator"].isin(["pooled", "fe"])]
    assert len(peru)
    for key, row in peru.iterrows():
        assert first.loc[key.replace("drop_peru_1991", "all"), "nobs"] - row["nobs"] == 1, key


def test_first_differences_within_country_over_consecutive_years():
    df = pd.DataFrame({
        "iso3": ["AAA"] * 4 + ["BBB"] * 3,
        "year": [1980, 1981, 1983, 1984, 1981, 1982, 1983],
        "y": [1.0, 3.0, 10.0, 15.0, 100.0, np.nan, 110.0],
    }).sample(frac=1.0, random_state=1)  # row order must not matter
    out = sc.first_differences(df, ["y"])
    got = {(r.iso3, r.year): r.y for r in out.itertuples()}
    assert set(got) == {("AAA", 1981), ("AAA", 1984), ("BBB", 1982), ("BBB", 1983)}  # no 1982->1983 span in AAA
    assert got[("AAA", 1981)] == 2.0 and got[("AAA", 1984)] == 5.0
    assert np.isnan(got[("BBB", 1982)]) and np.isnan(got[("BBB", 1983)])
    assert ("BBB", 1981) not in got  # no difference across countries
    with pytest.raises(ParameterError, match="not unique"):
        sc.first_differences(pd.concat([df, df.head(1)]), ["y"])


def test_fd_spec_data_is_the_difference_of_the_levels():
    spec = sc.Spec(region="latin_america", dependent="net_oda_musd", estimator="fd", window=(1978, 1994),
                   controls="core", influence="all")
    sd = sc.spec_data(spec)
    lv = sd.levels.set_index(["iso3", "year"])
    row = sd.data.iloc[10]
    assert row["year"] > 1978
    expect = lv.loc[(row["iso3"], row["year"]), al.H1_EXPOSURE] - lv.loc[(row["iso3"], row["year"] - 1), al.H1_EXPOSURE]
    assert row[al.H1_EXPOSURE] == pytest.approx(expect)
    assert sd.data["year"].min() == 1979


def test_cooks_rule_flags_a_planted_outlier():
    rng = np.random.default_rng(3)
    rows = [{"iso3": f"C{g}", "year": 1980 + t, "x": rng.normal(), "net_oda_musd": rng.normal()}
            for g in range(8) for t in range(10)]
    df = pd.DataFrame(rows)
    df.loc[(df["iso3"] == "C3") & (df["year"] == 1985), ["x", "net_oda_musd"]] = [6.0, 40.0]
    flagged = sc.cooks_outliers(df, ["x"])
    assert ("C3", 1985) in flagged
    assert len(flagged) < 0.15 * len(df)


def test_cooks_spec_drops_the_flagged_rows():
    spec = sc.Spec(region="latin_america", dependent="oda_share_pct", estimator="fe", window=(1978, 1991),
                   controls="no_imf_brady", influence="cooks")
    sd = sc.spec_data(spec)
    window = sc.region_panel("latin_america").query("1978 <= year <= 1991")
    assert sd.dropped == sc.cooks_outliers(window, spec.regressors)
    assert 0 < len(sd.dropped) and len(sd.levels) == len(window) - len(sd.dropped)


# ----------------------------------------------------------------------------- summaries
def test_shares_sum_to_one(la_curve, ea_curve):
    for c in (la_curve, ea_curve):
        s = sc.curve_shares(c)
        share_cols = [f"share_{v.replace(' ', '_')}" for v in inf.VERDICTS]
        assert np.allclose(s[share_cols].sum(axis=1), 1.0, atol=1e-3)
        assert s.set_index("variable")["n_specs"].to_dict() == c.groupby("variable").size().to_dict()
        assert ((s["share_expected_sign"] >= 0) & (s["share_expected_sign"] <= 1)).all()
        assert list(s["variable"]) == [v for v in al.EXPECTATIONS if v in set(c["variable"])]


def test_curve_is_deterministic():
    p = sc.region_panel("east_asia")
    a = sc.spec_curve("east_asia", panel=p)
    b = sc.spec_curve("east_asia", panel=p.sample(frac=1.0, random_state=0))  # row order must not matter
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, sc.spec_curve("east_asia"))
    assert a.attrs["inestimable"] == b.attrs["inestimable"]


def test_cached_curve_is_a_copy():
    a = sc.spec_curve("east_asia")
    a.loc[:, "estimate"] = 0.0
    assert (sc.spec_curve("east_asia")["estimate"] != 0).any()
    p = sc.region_panel("east_asia")
    p.loc[:, "net_oda_musd"] = 0.0
    assert (sc.region_panel("east_asia")["net_oda_musd"] != 0).any()


def test_headline_agreement(la_curve):
    tab = sc.headline_agreement(la_curve, B=999)
    assert list(tab["variable"]) == [al.H1_EXPOSURE, al.H1_BURDEN, al.US_AID, al.TRIANGLE, al.MERCANTILE]
    cur = la_curve.set_index(["spec_id", "variable"])
    for r in tab.itertuples():
        assert r.cr1_verdict == cur.loc[(r.spec_id, r.variable), "verdict"]
        assert r.wild_verdict in inf.VERDICTS
        assert r.agree == (r.cr1_verdict == r.wild_verdict)
    with pytest.raises(ParameterError, match="'curve'"):
        sc.headline_agreement(pd.concat([la_curve.head(2), la_curve.head(2).assign(region="east_asia")]))


def test_pooled_year_effects_shared_matches_retest():
    tab = sc.pooled_year_effects().set_index(["year_effects", "variable"])
    ref = retest.slope_differences(retest.pooled_fit(estimator="cluster")).set_index("variable")
    for v in ref.index:
        assert tab.loc[("shared", v), "difference"] == inf.round_sig(float(ref.loc[v, "difference"]))
        assert tab.loc[("shared", v), "se"] == inf.round_sig(float(ref.loc[v, "se_difference"]))
    assert tab.loc[("by region", al.H1_EXPOSURE), "difference"] != tab.loc[("shared", al.H1_EXPOSURE), "difference"]


# ----------------------------------------------------------------------------- the chart
def test_chart_has_two_aligned_panels(la_curve):
    chart = fs.spec_curve_chart(la_curve, variable=al.H1_EXPOSURE, labels=al.LABELS)
    d = chart.properties(description="alt text").to_dict()
    assert len(d["vconcat"]) == 2
    assert d["resolve"]["scale"]["x"] == "shared"
    top, bottom = d["vconcat"]
    enc = [layer["encoding"] for layer in top["layer"]]
    assert any(e.get("y", {}).get("field") == "std_estimate" and e["x"]["field"] == "rank" for e in enc)
    assert any(e.get("y", {}).get("field") == "std_ci_low" and e.get("y2", {}).get("field") == "std_ci_high"
               for e in enc)
    assert any(e.get("color", {}).get("field") == "verdict" for e in enc)
    assert any(e.get("y", {}).get("field") == "y" for e in enc)  # the zero rule
    assert bottom["encoding"]["x"]["field"] == "rank"
    assert bottom["encoding"]["y"]["field"] == "value"
    n_values = sum(la_curve[la_curve["variable"] == "l1_log_bank_claims"][c].nunique() for c in sc.CHOICES)
    label_expr = bottom["encoding"]["y"]["axis"]["labelExpr"]
    labels = json.loads(label_expr[: label_expr.rindex("]") - len("[datum.value")])
    assert len(labels) == len(set(labels)) == n_values  # one row per choice value
    folds = [t["fold"] for t in bottom["transform"] if "fold" in t]
    assert folds == [[f"c{i}" for i in range(len(sc.CHOICES))]]
    rows = d["datasets"][top["layer"][1]["data"]["name"]] if "datasets" in d else None
    if rows:  # every stored choice code is a row of the bottom panel
        assert {r[f"c{i}"] for r in rows for i in range(len(sc.CHOICES))} == set(range(n_values))
    assert top["width"] == bottom["width"] <= 420  # plus ~220 px of labels: within the text column
    assert "448 specifications" in top["title"]["text"]
    with pytest.raises(ParameterError, match="'variable'"):
        fs.spec_curve_chart(la_curve, variable="l1_nope", labels=al.LABELS)


def test_shares_table_rounds_and_labels():
    shares = pd.DataFrame({"variable": ["a", "b"], "n_specs": [10, 4], "share_expected_sign": [0.666, 0.25],
                           "share_supported": [0.1, 0.0], "share_contradicted": [0.0, 0.5],
                           "share_informative_null": [0.0, 0.0], "share_inconclusive": [0.9, 0.5]})
    t = fs.shares_table(shares, labels={"a": "Alpha"})
    assert list(t["Variable"]) == ["Alpha", "b"]
    assert list(t["Expected sign, %"]) == [67, 25] and list(t["Contradicted, %"]) == [0, 50]
    with pytest.raises(ParameterError, match="'shares'"):
        fs.shares_table(shares.drop(columns=["n_specs"]), labels={})


def test_each_choice_has_a_filter_that_shows_everything_by_default(la_curve):
    d = fs.spec_curve_chart(la_curve, variable=al.H1_EXPOSURE, labels=al.LABELS).to_dict()
    params = {p["name"]: p for p in d["params"]}
    assert len(params) == len(sc.CHOICES)
    for i, choice in enumerate(sc.CHOICES):
        p = params[f"filter_{i}"]
        assert p["value"] == -1 and p["bind"]["labels"][0] == "All"  # the printed view shows all
        n = la_curve[la_curve["variable"] == al.H1_EXPOSURE][choice].nunique()
        assert len(p["bind"]["options"]) == n + 1
    top, bottom = d["vconcat"]
    keep = next(t["calculate"] for t in bottom["transform"] if t.get("as") == "keep")
    assert all(f"filter_{i}" in keep for i in range(len(sc.CHOICES)))
    assert bottom["encoding"]["opacity"]["condition"]["test"] == "datum.keep"
