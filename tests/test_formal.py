"""The joint-product model of chapter 1, checked against cases derived by hand."""
from __future__ import annotations

import numpy as np
import pytest

from analysis import formal
from analysis.errors import ParameterError


def test_pure_public_good_reproduces_underprovision_and_exploitation():
    # alpha = 0, s_US = 2, s_JP = 1, c = 0.4: each wants Z = 1 - c/s_i, i.e. 0.8 (US), 0.6 (JP).
    ne = formal.nash(0.0, 2.0, cost=0.4)
    assert ne.q_us == pytest.approx(0.8) and ne.q_jp == pytest.approx(0.0)  # the small free-rides
    so = formal.social_optimum(0.0, 2.0, cost=0.4)
    assert so.public_good == pytest.approx(1 - 0.4 / 3)  # Samuelson: sum of stakes
    assert ne.public_good < so.public_good


def test_pure_public_good_equal_stakes_split_symmetrically():
    ne = formal.nash(0.0, 1.0, cost=0.4)
    assert ne.total == pytest.approx(0.6)
    assert ne.q_us == pytest.approx(ne.q_jp)


def test_pure_private_good_is_efficient():
    # alpha = 1: U_i = p_i (q - q^2/2) - c q -> q_i = 1 - c/p_i
    ne = formal.nash(1.0, 3.0, cost=0.4, us_private_weight=1.0, jp_private_weight=2.0)
    assert ne.q_us == pytest.approx(0.6) and ne.q_jp == pytest.approx(0.8)
    so = formal.social_optimum(1.0, 3.0, cost=0.4, us_private_weight=1.0, jp_private_weight=2.0)
    assert (so.q_us, so.q_jp) == pytest.approx((ne.q_us, ne.q_jp))
    assert ne.public_good == 0.0


def test_symmetric_interior_case_by_hand():
    # alpha = .5, s = p = 1, c = .4: a_ii = .5, a_ij = .25, b = .6 -> q = .6/.75 = .8 each
    ne = formal.nash(0.5, 1.0, cost=0.4)
    assert ne.q_us == pytest.approx(0.8) and ne.q_jp == pytest.approx(0.8)
    assert ne.public_good == pytest.approx(0.8)


def _gradient(q, alpha, ratio, cost, p=(1.0, 1.0), s_rows=None):
    s = np.array([ratio, 1.0]) if s_rows is None else np.asarray(s_rows)
    z = (1 - alpha) * sum(q)
    return [s[i] * (1 - alpha) * (1 - z) + p[i] * alpha * (1 - alpha * q[i]) - cost for i in range(2)]


@pytest.mark.parametrize("alpha", [0.05, 0.2, 0.35, 0.6, 0.9])
@pytest.mark.parametrize("ratio", [1.0, 1.5, 3.0, 6.0])
def test_nash_satisfies_kuhn_tucker_conditions(alpha, ratio):
    ne = formal.nash(alpha, ratio, cost=0.3)
    q = (ne.q_us, ne.q_jp)
    for qi, gi in zip(q, _gradient(q, alpha, ratio, 0.3)):
        assert qi >= 0
        assert gi <= 1e-9
        if qi > 1e-9:
            assert gi == pytest.approx(0.0, abs=1e-9)
    # and it is a fixed point of the best responses
    assert formal.best_response(ne.q_jp, "US", alpha, ratio, cost=0.3) == pytest.approx(ne.q_us)
    assert formal.best_response(ne.q_us, "JP", alpha, ratio, cost=0.3) == pytest.approx(ne.q_jp)


@pytest.mark.parametrize("alpha", [0.0, 0.2, 0.5, 0.8])
def test_optimum_maximises_joint_payoff_on_a_grid(alpha):
    so = formal.social_optimum(alpha, 2.0, cost=0.4)
    qs = np.linspace(0, 2.5, 251)
    s = np.array([2.0, 1.0])
    best = -np.inf
    for q1 in qs:
        q2 = qs
        z = (1 - alpha) * (q1 + q2)
        w = s.sum() * (z - z**2 / 2) + (alpha * q1 - (alpha * q1) ** 2 / 2) + (alpha * q2 - (alpha * q2) ** 2 / 2) - 0.4 * (q1 + q2)
        best = max(best, w.max())
    assert so.welfare >= best - 1e-9
    assert so.welfare == pytest.approx(best, abs=1e-3)


def test_underprovision_whenever_private_share_below_one():
    g = formal.grid(np.linspace(0, 0.95, 20), [1.0, 2.0, 4.0], cost=0.4)
    assert (g["public_good"] <= g["public_good_opt"] + 1e-9).all()
    assert (g["provision_ratio"] < 1).all()


def test_japan_share_rises_with_private_share_and_falls_with_power_asymmetry():
    g = formal.grid(np.linspace(0, 1, 11), [1.5, 3.0], cost=0.4)
    for ratio, part in g.groupby("power_ratio"):
        shares = part.sort_values("private_share")["japan_share"].to_numpy()
        assert np.all(np.diff(shares) >= -1e-12), ratio
    at = g[np.isclose(g["private_share"], 0.6)].set_index("power_ratio")["japan_share"]
    assert at[1.5] > at[3.0]


@pytest.mark.parametrize("leader", ["JP", "US"])
@pytest.mark.parametrize("alpha", [0.0, 0.3, 0.6])
def test_stackelberg_matches_brute_force(leader, alpha):
    st = formal.stackelberg(alpha, 2.0, leader=leader, cost=0.4)
    follower = "US" if leader == "JP" else "JP"
    s, p = np.array([2.0, 1.0]), np.ones(2)
    i = formal.CREDITORS.index(leader)
    best_u, best_q = -np.inf, None
    for ql in np.linspace(0, 2.5, 5001):
        qf = formal.best_response(ql, follower, alpha, 2.0, cost=0.4)
        q = np.zeros(2)
        q[i], q[1 - i] = ql, qf
        z = (1 - alpha) * q.sum()
        u = s[i] * (z - z**2 / 2) + p[i] * (alpha * q[i] - (alpha * q[i]) ** 2 / 2) - 0.4 * q[i]
        if u > best_u:
            best_u, best_q = u, ql
    mine = st.u_us if leader == "US" else st.u_jp
    assert mine >= best_u - 1e-9
    lead_q = st.q_us if leader == "US" else st.q_jp
    assert lead_q == pytest.approx(best_q, abs=1e-3)


def test_stackelberg_pure_public_good_hand_case():
    # alpha = 0: the US (stake 2) leading commits to nothing and Japan supplies 1 - c/1 = 0.6
    st = formal.stackelberg(0.0, 2.0, leader="US", cost=0.4)
    assert st.q_us == pytest.approx(0.0) and st.q_jp == pytest.approx(0.6)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(private_share=1.2, power_ratio=2.0, cost=0.4), "private_share"),
        (dict(private_share=0.2, power_ratio=0.5, cost=0.4), "power_ratio"),
        (dict(private_share=0.2, power_ratio=2.0, cost=0.0), "cost"),
        (dict(private_share=0.2, power_ratio=2.0, cost=0.4, jp_private_weight=-1), "jp_private_weight"),
        (dict(private_share=float("nan"), power_ratio=2.0, cost=0.4), "private_share"),
    ],
)
def test_bad_parameters_name_the_parameter(kwargs, name):
    with pytest.raises(ParameterError, match=f"'{name}'"):
        formal.check_parameters(**kwargs)


def test_bad_creditor_and_leader_names():
    with pytest.raises(ParameterError, match="'creditor'"):
        formal.best_response(0.0, "EU", 0.2, 2.0)
    with pytest.raises(ParameterError, match="'leader'"):
        formal.stackelberg(0.2, 2.0, leader="EU")


def test_entry_threshold_by_hand():
    # Japan enters when its marginal payoff at q_JP = 0, facing the US's solo contribution, is zero:
    # s_JP(1-a)(1-(1-a)q_US) + a - c = 0 with q_US = b_US / a_UU. Check the root by direct substitution.
    ratio, c = 2.0, 0.4
    a = formal.entry_threshold(ratio, cost=c)
    g = (1 - a) ** 2
    q_us = (ratio * (1 - a) + a - c) / (ratio * g + a**2)
    marginal_jp = (1 - a) * (1 - (1 - a) * q_us) + a - c
    assert marginal_jp == pytest.approx(0.0, abs=1e-8)
    assert formal.nash(a - 1e-4, ratio, cost=c).q_jp == 0.0
    assert formal.nash(a + 1e-4, ratio, cost=c).q_jp > 0.0
    # equal stakes: Japan contributes from the start
    assert formal.entry_threshold(1.0, cost=c) == 0.0
    # a larger asymmetry delays entry
    assert formal.entry_threshold(4.0, cost=c) > a
