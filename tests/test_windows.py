"""The one year-window check and the one window mean, with their stated rules."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import asia, comparison, integration
from analysis.errors import DataSchemaError, ParameterError
from analysis import latin_america
from analysis.windows import MISSING_POLICIES, check_years, window_mean

# ------------------------------------------------------------------ check_years


@pytest.mark.parametrize("years", [(1980, 1990), [1980, 1990], (np.int64(1980), 1990)])
def test_check_years_returns_plain_ints(years):
    out = check_years(years, name="w", single_year=False)
    assert out == (1980, 1990) and all(type(y) is int for y in out)


def test_one_year_window_follows_the_stated_rule():
    assert check_years((1985, 1985), name="w", single_year=True) == (1985, 1985)
    with pytest.raises(ParameterError, match="first < last"):
        check_years((1985, 1985), name="w", single_year=False)


@pytest.mark.parametrize("years", [(1990, 1980), (1980,), (1980, 1985, 1990), (1980.0, 1990), ("1980", "1990"),
                                   (True, 1990), 1980])
def test_bad_windows_name_the_parameter_and_the_rule(years):
    with pytest.raises(ParameterError) as err:
        check_years(years, name="latin_years", single_year=True)
    assert "parameter 'latin_years' is" in str(err.value) and "first <= last" in str(err.value)


def test_two_parameters_are_named_together():
    with pytest.raises(ParameterError, match=r"parameters 'first'/'last' are \(1990, 1980\)"):
        check_years((1990, 1980), name="first/last", single_year=True)


def test_the_three_former_copies_now_share_the_rule():
    with pytest.raises(ParameterError, match="'first'/'last'"):
        integration.macro_comparison(2000, 1990)
    assert set(integration.macro_comparison(1990, 1990)["year"]) == {1990}  # one year is a window there
    with pytest.raises(ParameterError, match="'first'/'last'.*first < last"):
        latin_america.bank_claims_frame(first=1990, last=1990)
    with pytest.raises(ParameterError, match="'asia_years'"):
        asia.ties_comparison(asia_years=(1996, 1994))


# ------------------------------------------------------------------ window_mean
FRAME = pd.DataFrame({
    "year": [1990, 1991, 1992, 1990, 1991, 1992],
    "g": ["a", "a", "a", "b", "b", "b"],
    "v": [1.0, np.nan, 4.0, np.nan, np.nan, np.nan],
})


def test_policies_agree_where_nothing_is_missing():
    full = FRAME[FRAME["year"] != 1991]
    for policy in MISSING_POLICIES:
        assert window_mean(full, "v", (1990, 1990), missing=policy, where={"g": "a"}) == 1.0
        assert window_mean(FRAME, "v", (1992, 1992), missing=policy, where={"g": "a"}) == 4.0


def test_missing_year_is_skipped_or_refused_by_policy():
    assert window_mean(FRAME, "v", (1990, 1992), missing="nan", where={"g": "a"}) == 2.5
    assert window_mean(FRAME, "v", (1990, 1992), missing="raise_if_empty", where={"g": "a"}) == 2.5
    with pytest.raises(DataSchemaError) as err:
        window_mean(FRAME, "v", (1990, 1992), missing="raise", where={"g": "a"}, what="test series")
    msg = str(err.value)
    assert "test series" in msg and "2 of 3 years in 1990-1992" in msg and "missing: 1991" in msg


def test_empty_window_gives_nan_or_raises_by_policy():
    assert math.isnan(window_mean(FRAME, "v", (1990, 1992), missing="nan", where={"g": "b"}))
    with pytest.raises(ParameterError, match="no value of 'v' for 1990-1992.*'g': 'b'"):
        window_mean(FRAME, "v", (1990, 1992), missing="raise_if_empty", where={"g": "b"})
    with pytest.raises(DataSchemaError, match="0 of 3 years"):
        window_mean(FRAME, "v", (1990, 1992), missing="raise", where={"g": "b"})


def test_a_year_counted_twice_is_not_a_complete_window():
    twice = pd.DataFrame({"year": [1990, 1990], "v": [1.0, 3.0]})
    assert window_mean(twice, "v", (1990, 1990), missing="nan") == 2.0
    with pytest.raises(DataSchemaError, match="appears twice"):
        window_mean(twice, "v", (1990, 1990), missing="raise")


def test_unknown_policy_is_refused():
    with pytest.raises(ParameterError, match="'missing'.*'skip'"):
        window_mean(FRAME, "v", (1990, 1992), missing="skip")  # type: ignore[arg-type]


def test_former_helpers_keep_their_policies():
    # integration.period_mean (the chapter 2 notebook's call) skips missing years, refuses an empty window
    assert integration.period_mean(FRAME, "v", 1990, 1992, g="a") == 2.5
    with pytest.raises(ParameterError):
        integration.period_mean(FRAME, "v", 1990, 1992, g="b")
    # comparison averages complete windows only (see also test_comparison.test_incomplete_window_is_refused)
    assert comparison.window_mean is window_mean
