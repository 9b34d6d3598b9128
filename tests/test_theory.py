"""Chapter 1's frames and prose numbers (analysis.theory), against the model's closed forms
(a computation separate from the numerical solver the numbers use) and the prose checks."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import formal, theory
from analysis.errors import DataSchemaError, ParameterError
from analysis.numbers import Number

PARAMS = dict(private_share=0.4, power_ratio=2.0, cost=0.4)


def test_equilibrium_numbers_match_the_closed_form():
    out = theory.equilibrium_numbers(**PARAMS)
    ne = formal.nash_closed_form(0.4, 2.0, cost=0.4).iloc[0]
    so = formal.optimum_closed_form(0.4, 2.0, cost=0.4).iloc[0]
    assert out["ne_q_us"].value == pytest.approx(ne["q_us"], abs=1e-9)
    assert out["ne_q_jp"].value == pytest.approx(ne["q_jp"], abs=1e-9)
    assert out["ne_share_jp"].value == pytest.approx(100 * ne["q_jp"] / (ne["q_us"] + ne["q_jp"]), abs=1e-7)
    assert out["ne_provision"].value == pytest.approx(100 * ne["public_good"] / so["public_good"], abs=1e-7)
    ne0 = formal.nash_closed_form(0.0, 2.0, cost=0.4).iloc[0]
    so0 = formal.optimum_closed_form(0.0, 2.0, cost=0.4).iloc[0]
    assert out["ne0_gap"].value == pytest.approx(100 * (1 - ne0["public_good"] / so0["public_good"]), abs=1e-7)
    assert out["p_alpha"] == Number(0.4, digits=2)
    assert out["ne_share_jp"].digits == 0 and out["ne_z"].digits == 2


def test_equilibrium_numbers_without_private_motive_japan_free_rides():
    out = theory.equilibrium_numbers(**PARAMS)
    assert out["ne0_q_us"].value == pytest.approx(formal.nash_closed_form(0.0, 2.0, cost=0.4)["q_us"].iloc[0])
    # when the US leads, Japan follows with its best response to the leader's contribution
    lead = formal.stackelberg(0.0, 2.0, leader="US", cost=0.4)
    assert out["lead_us0_q_jp"].value == pytest.approx(formal.best_response(lead.q_us, "JP", 0.0, 2.0, cost=0.4),
                                                        abs=1e-6)


def test_equilibrium_numbers_reject_a_bad_cost():
    with pytest.raises(ParameterError, match="cost"):
        theory.equilibrium_numbers(private_share=0.4, power_ratio=2.0, cost=1.5)


def test_linkage_numbers_parity_and_peaks():
    out = theory.linkage_numbers(**PARAMS, linkage=0.25)
    # Japan's effective stake 1 + lambda * 2 equals the US stake 2 at lambda = 0.5
    assert out["parity_link"] == "0.50"
    ne = formal.nash_closed_form(0.4, 2.0, cost=0.4, jp_linkage=0.25).iloc[0]
    assert out["ne_link_q_jp"].value == pytest.approx(ne["q_jp"], abs=1e-9)
    alphas = np.linspace(0.0, 1.0, 101)
    fine = formal.nash_closed_form(alphas, 2.0, cost=0.4)
    assert out["jp_peak_alpha"].value == pytest.approx(alphas[int(fine["q_jp"].to_numpy().argmax())])
    assert out["z_peak_alpha"].value == pytest.approx(alphas[int(fine["public_good"].to_numpy().argmax())])


def test_linkage_numbers_reject_a_linkage_above_one():
    with pytest.raises(ParameterError, match="jp_linkage"):
        theory.linkage_numbers(**PARAMS, linkage=1.5)


def test_region_numbers_counts_and_every_claims():
    out = theory.region_numbers(cost=0.4)
    assert isinstance(out["region_text"], str)
    for key in theory.REGION_CLAIMS:
        assert 0 <= out[f"{key}_holds"].value <= out[f"{key}_of"].value
    # the wider grid (no linkage) has 21 shares x 13 ratios x 9 costs x 3 x 3 weights points
    assert out["c_ratio_full0_of"].value <= 21 * 13 * 9 * 3 * 3
    assert out["c_share_core0_holds"].value == out["c_share_core0_of"].value


def test_region_numbers_stop_when_an_every_claim_fails(monkeypatch):
    real = formal.region_claims

    def broken(frame: pd.DataFrame) -> pd.DataFrame:
        c = real(frame).copy()
        c.loc["crowding_out", "holds"] = c.loc["crowding_out", "of"] - 1
        return c
    monkeypatch.setattr(formal, "region_claims", broken)
    with pytest.raises(DataSchemaError, match="crowding_out"):
        theory.region_numbers(cost=0.4)


def test_leadership_numbers():
    out = theory.leadership_numbers(cost=0.4)
    assert out["lead_less_jp_holds"].value == out["lead_less_jp_of"].value
    assert 0 <= out["lead_half_min_alpha"].value < 1


def test_regimes_nash_row_matches_the_closed_form():
    t = theory.regimes(**PARAMS).set_index("Regime")
    ne = formal.nash_closed_form(0.4, 2.0, cost=0.4).iloc[0]
    assert t.loc["Simultaneous (Nash)", "US contribution"] == pytest.approx(ne["q_us"], abs=1e-9)
    assert list(t.index) == ["Simultaneous (Nash)", "US leads, Japan follows", "Japan leads, US follows",
                             "Social optimum"]


def test_linkage_frame_stops_when_the_threshold_rises(monkeypatch):
    monkeypatch.setattr(formal, "entry_threshold", lambda ratio, jp_linkage=0.0, **kw: jp_linkage)
    with pytest.raises(DataSchemaError, match="rises with linkage"):
        theory.linkage_frame(cost=0.4)
