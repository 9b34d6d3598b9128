"""The chapter-3 model families and the notebook's parameter checks."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import allocation, panel
from analysis.errors import ParameterError


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(start_year=1978, end_year=1994, dependent="oda", estimator="pcse"), "dependent"),
        (dict(start_year=1978, end_year=1994, dependent="net_oda_musd", estimator="ols"), "estimator"),
        (dict(start_year=1960, end_year=1994, dependent="net_oda_musd", estimator="pcse"), "start_year"),
        (dict(start_year=1990, end_year=1980, dependent="net_oda_musd", estimator="pcse"), "end_year"),
    ],
)
def test_bad_notebook_parameters_name_parameter_and_allowed_values(kwargs, name):
    with pytest.raises(ParameterError) as err:
        allocation.check_parameters(**kwargs)
    assert f"'{name}'" in str(err.value) and "allowed values" in str(err.value)


def test_good_parameters_pass():
    allocation.check_parameters(start_year=1978, end_year=1994, dependent="net_oda_asinh", estimator="fe")


def test_periods_cut_at_splits():
    assert allocation.periods(1978, 1994) == [(1978, 1985), (1986, 1988), (1989, 1994)]
    assert allocation.periods(1987, 1994) == [(1987, 1988), (1989, 1994)]
    assert allocation.periods(1990, 1994) == [(1990, 1994)]


def test_lagged_dependent_is_previous_year():
    df = pd.DataFrame({"iso3": ["A"] * 3 + ["B"] * 2, "year": [1, 2, 4, 1, 2], "y": [1.0, 2.0, 4.0, 5.0, 6.0]})
    out = allocation.with_lagged_dependent(df, "y").set_index(["iso3", "year"])[allocation.LDV]
    assert np.isnan(out[("A", 1)]) and out[("A", 2)] == 1.0 and np.isnan(out[("A", 4)])  # year 3 absent
    assert out[("B", 2)] == 5.0


def test_every_core_regressor_is_a_lagged_panel_variable():
    for var in allocation.CORE + [allocation.TRIANGLE, allocation.MERCANTILE]:
        base = var.split("_", 1)[1]
        assert base in panel.REGRESSORS
        assert var in allocation.LABELS
    for var, (_, sign) in allocation.EXPECTATIONS.items():
        assert sign == panel.VARIABLES[var.split("_", 1)[1]].expected_sign


def test_model_families_on_the_real_panel():
    df = allocation.with_lagged_dependent(panel.build_panel(start_year=1978, end_year=1994), "net_oda_musd")
    fits = allocation.estimator_models(df, "net_oda_musd")
    assert [f.estimator for f in fits] == ["pcse", "pcse", "cluster", "fe", "pcse"]
    assert allocation.headline(fits, "cluster") is fits[2]
    per = allocation.period_models(df, "net_oda_musd", "pcse")
    assert [f.label for f in per] == ["1978–1985", "1986–1988", "1989–1994"]
    assert "l1_brady_done" not in per[0].params.index  # no Brady deal before 1990
    link = allocation.linkage_models(df, "net_oda_musd", "cluster")
    assert link[0].nobs == link[1].nobs  # same sample with and without US trade
    assert link[1].first_year == 1986
