"""Charts of chapters 1 and 3 build, carry alt text and draw the data given."""
from __future__ import annotations

import pytest

from analysis import allocation, charts, models, panel
from analysis.figures import regression as fr
from analysis import theory as th
from analysis.figures import theory


@pytest.fixture(scope="module")
def grid():
    return th.model_grid(power_ratio=2.3, cost=0.4)


def test_grid_includes_the_parameter_ratio_and_the_slider_ratios(grid):
    assert 2.3 in set(grid["power_ratio"])
    assert set(th.RATIOS) <= set(grid["power_ratio"])
    flat = grid[grid["jp_linkage"] == 0]
    assert len(flat) == len(th.SHARES) * (len(th.RATIOS) + 1)
    linked = grid[grid["jp_linkage"] > 0]
    assert set(linked["jp_linkage"]) == set(th.LINKAGES[1:])
    assert len(linked) == len(th.SHARES) * (len(th.SLIDER_RATIOS) + 1) * (len(th.LINKAGES) - 1)


def test_theory_charts_have_descriptions_and_sliders(grid):
    c = theory.contributions_chart(grid, power_ratio=2.3).to_dict()
    assert charts.description_of(c)
    params = {p["name"]: p for p in c.get("params", [])}
    assert params["power_ratio"]["value"] == 2.3
    assert params["jp_linkage"]["value"] == 0.0  # the printed view has no linkage
    for chart in (theory.japan_share_chart(grid), theory.provision_chart(grid, power_ratio=2.3)):
        assert charts.description_of(chart.to_dict())


def test_contributions_chart_carries_the_nash_values_it_draws(grid):
    from analysis import formal

    spec = charts.prune_datasets(theory.contributions_chart(grid, power_ratio=2.0).to_dict())
    rows = [r for values in spec["datasets"].values() for r in values]
    row = next(r for r in rows if r["alpha"] == 0.4 and r["ratio"] == 2.0 and r["link"] == 0.5)
    ne = formal.nash(0.4, 2.0, cost=0.4, jp_linkage=0.5)
    assert (row["US"], row["JP"]) == pytest.approx((ne.q_us, ne.q_jp), abs=1e-4)


def test_linkage_chart_threshold_falls_with_linkage():
    frame = th.linkage_frame(cost=0.4)
    assert len(frame) >= len(th.THRESHOLD_RATIOS) * len(th.THRESHOLD_LINKAGES)
    # at ratio 2 the stakes are equal at a linkage of one half: Japan joins from a private share of zero
    at = frame[(frame["power_ratio"] == 2.0) & (frame["jp_linkage"] == 0.5)]["threshold"]
    assert at.tolist() == [0.0]
    # just below, at 0.45, Japan still needs some private return
    assert frame[(frame["power_ratio"] == 2.0) & (frame["jp_linkage"] == 0.45)]["threshold"].iloc[0] > 0
    for _, part in frame.groupby("power_ratio"):
        assert (part.sort_values("jp_linkage")["threshold"].diff().dropna() <= 1e-9).all()
    assert charts.description_of(theory.linkage_chart(frame).to_dict())


def test_regimes_table_has_four_regimes():
    t = th.regimes(private_share=0.4, power_ratio=2.0, cost=0.4)
    assert len(t) == 4
    opt = t.set_index("Regime").loc["Social optimum"]
    assert opt["Public good Z"] == pytest.approx(t["Public good Z"].max())


@pytest.fixture(scope="module")
def fitted():
    df = allocation.with_lagged_dependent(panel.build_panel(start_year=1980, end_year=1992), "net_oda_musd")
    return df, models.fit(df, "net_oda_musd", allocation.CORE, estimator="pcse", label="m")


def test_regression_charts_build_with_alt_text(fitted):
    df, f = fitted
    heat = fr.oda_heatmap(df).to_dict()
    assert charts.description_of(heat)
    coef = fr.coefficient_chart(models.coefficients([f], df), variables=allocation.CORE[:3],
                                labels=allocation.LABELS).to_dict()
    assert charts.description_of(coef)
    pva = fr.predicted_actual_chart(f).to_dict()
    assert charts.description_of(pva)
    loo = models.leave_one_out(df[df["iso3"].isin(["MEX", "BRA", "ARG", "PER", "BOL", "COL"])], "net_oda_musd",
                               allocation.CORE[:3], estimator="cluster")
    ch = fr.leave_one_out_chart(loo, f, variables=allocation.CORE[:3], labels=allocation.LABELS).to_dict()
    assert charts.description_of(ch)


def test_predicted_actual_chart_sums_by_country(fitted):
    _, f = fitted
    spec = fr.predicted_actual_chart(f).to_dict()
    rows = [v for values in spec["datasets"].values() for v in values if "country" in v]
    assert len(rows) == f.n_entities
    total = sum(r["actual"] for r in rows)
    assert total == pytest.approx(float(f.actual.sum()), abs=0.1 * len(rows))
