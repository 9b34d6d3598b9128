"""The joint-product model of chapter 1, checked against cases derived by hand."""
from __future__ import annotations

import itertools

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


# --- H2: the linkage through which the partner's stake enters a creditor's payoff -------------------


def _payoff(i, q, alpha, ratio, cost, p=(1.0, 1.0), lam_jp=0.0, lam_us=0.0):
    """Creditor i's payoff written out from the chapter's equation, independently of the module."""
    s_us, s_jp = ratio, 1.0
    z = (1 - alpha) * (q[0] + q[1])
    w = z - z**2 / 2
    public = (s_us + lam_us * s_jp) * w if i == 0 else (s_jp + lam_jp * s_us) * w
    x = alpha * q[i]
    return public + p[i] * (x - x**2 / 2) - cost * q[i]


def _numeric_best_response(i, q_other, *args, **kw):
    from scipy.optimize import minimize_scalar

    def neg(qi):
        q = [qi, q_other] if i == 0 else [q_other, qi]
        return -_payoff(i, q, *args, **kw)

    res = minimize_scalar(neg, bounds=(0.0, 6.0), method="bounded", options={"xatol": 1e-11})
    return res.x if neg(res.x) < neg(0.0) else 0.0


def _iterate_best_responses(*args, **kw):
    q = [0.0, 0.0]
    for _ in range(5000):
        new_us = _numeric_best_response(0, q[1], *args, **kw)
        new_jp = _numeric_best_response(1, new_us, *args, **kw)
        done = abs(new_us - q[0]) + abs(new_jp - q[1]) < 1e-10
        q = [new_us, new_jp]
        if done:
            break
    return q


@pytest.mark.parametrize("alpha, ratio, cost, p, lam", [
    (0.3, 2.0, 0.4, (1.0, 1.0), 0.5),
    (0.5, 3.0, 0.2, (0.5, 2.0), 1.0),
    (0.7, 1.5, 0.6, (2.0, 1.0), 0.25),
    (0.25, 4.0, 0.3, (1.0, 1.0), 0.0),
    (0.9, 2.5, 0.5, (1.0, 0.5), 0.75),
])
def test_closed_form_matches_iterated_numeric_best_responses(alpha, ratio, cost, p, lam):
    numeric = _iterate_best_responses(alpha, ratio, cost, p=p, lam_jp=lam)
    closed = formal.nash_closed_form(alpha, ratio, cost=cost, us_private_weight=p[0], jp_private_weight=p[1],
                                     jp_linkage=lam).iloc[0]
    assert closed["q_us"] == pytest.approx(numeric[0], abs=1e-6)
    assert closed["q_jp"] == pytest.approx(numeric[1], abs=1e-6)


def test_closed_form_agrees_with_enumeration_on_random_parameters():
    rng = np.random.default_rng(20011)
    n = 400
    draw = dict(
        alpha=rng.uniform(0, 1, n), ratio=rng.uniform(1, 6, n), cost=rng.uniform(0.02, 0.98, n),
        p_us=rng.uniform(0.2, 3, n), p_jp=rng.uniform(0.2, 3, n), lam=rng.uniform(0, 1, n), mu=rng.uniform(0, 1, n),
    )
    kw = dict(cost=draw["cost"], us_private_weight=draw["p_us"], jp_private_weight=draw["p_jp"],
              jp_linkage=draw["lam"], us_linkage=draw["mu"])
    ne = formal.nash_closed_form(draw["alpha"], draw["ratio"], **kw)
    so = formal.optimum_closed_form(draw["alpha"], draw["ratio"], **kw)
    for k in range(n):
        one = {key: float(v[k]) for key, v in kw.items()}
        e = formal.nash(float(draw["alpha"][k]), float(draw["ratio"][k]), **one)
        o = formal.social_optimum(float(draw["alpha"][k]), float(draw["ratio"][k]), **one)
        assert (ne.loc[k, "q_us"], ne.loc[k, "q_jp"]) == pytest.approx((e.q_us, e.q_jp), abs=1e-8)
        assert so.loc[k, "public_good"] == pytest.approx(o.public_good, abs=1e-8)


@pytest.mark.parametrize("alpha, lam", [(0.2, 0.5), (0.4, 1.0), (0.6, 0.25), (0.35, 0.0)])
def test_nash_with_linkage_leaves_no_profitable_deviation(alpha, lam):
    ne = formal.nash(alpha, 2.5, cost=0.35, jp_linkage=lam, us_linkage=0.3)
    q = (ne.q_us, ne.q_jp)
    kw = dict(lam_jp=lam, lam_us=0.3)
    assert _numeric_best_response(0, q[1], alpha, 2.5, 0.35, **kw) == pytest.approx(q[0], abs=1e-6)
    assert _numeric_best_response(1, q[0], alpha, 2.5, 0.35, **kw) == pytest.approx(q[1], abs=1e-6)


def test_linkage_hand_cases():
    # effective stakes: sigma_US = 2 + 0.5 * 1, sigma_JP = 1 + 0.25 * 2
    assert formal.effective_stakes(2.0, jp_linkage=0.25, us_linkage=0.5) == pytest.approx([2.5, 1.5])
    # pure public good, ratio 2, full linkage: Japan's effective stake 3 exceeds the US's 2,
    # so Japan alone supplies Z = 1 - c/3 and the US free-rides
    ne = formal.nash(0.0, 2.0, cost=0.3, jp_linkage=1.0)
    assert ne.q_us == pytest.approx(0.0) and ne.q_jp == pytest.approx(0.9)
    # the planner counts the linkage: Z_opt = 1 - c/(2 + 3)
    assert formal.social_optimum(0.0, 2.0, cost=0.3, jp_linkage=1.0).public_good == pytest.approx(1 - 0.3 / 5)


def test_linkage_lowers_japans_entry_threshold():
    t0 = formal.entry_threshold(2.0, cost=0.4)
    t1 = formal.entry_threshold(2.0, cost=0.4, jp_linkage=0.25)
    assert t1 < t0
    assert formal.nash(t1 + 1e-4, 2.0, cost=0.4, jp_linkage=0.25).q_jp > 0.0
    assert formal.nash(t1 - 1e-4, 2.0, cost=0.4, jp_linkage=0.25).q_jp == 0.0


def _small_region():
    return {
        "private_share": np.round(np.linspace(0, 1, 11), 2), "power_ratio": np.array([1.0, 1.5, 2.5, 4.0]),
        "cost": np.array([0.1, 0.4, 0.8]), "us_private_weight": np.array([0.5, 2.0]),
        "jp_private_weight": np.array([0.5, 1.0, 2.0]), "jp_linkage": np.array([0.0, 0.5, 1.0]),
    }


def test_region_grid_has_one_row_per_combination_and_rejects_a_partial_region():
    r = _small_region()
    f = formal.region_grid(r)
    assert len(f) == np.prod([len(v) for v in r.values()])
    with pytest.raises(ParameterError, match="'region'"):
        formal.region_grid({"private_share": [0.5]})


def test_shortfall_holds_wherever_no_private_return_covers_the_cost_but_not_everywhere():
    # checked point by point with the enumeration solver, not with the claim counter
    over = under = 0
    for alpha, ratio, cost, pu, pj, lam in itertools.product(*_small_region().values()):
        if alpha >= 1:
            continue
        kw = dict(cost=cost, us_private_weight=pu, jp_private_weight=pj, jp_linkage=lam)
        ne, so = formal.nash(alpha, ratio, **kw), formal.social_optimum(alpha, ratio, **kw)
        if max(pu, pj) * alpha <= cost and so.public_good > 0:
            assert ne.public_good < so.public_good
            under += 1
        over += ne.public_good > so.public_good + 1e-9
    assert under > 100
    assert over > 0  # "the shortfall never disappears" is false away from these conditions


def test_region_claims_count_what_the_direct_check_counts():
    f = formal.region_grid(_small_region())
    c = formal.region_claims(f)
    proper = f[(f["private_share"] < 1) & (f["public_good_opt"] > 1e-10)]
    assert c.loc["overprovision", "holds"] == int((proper["public_good"] > proper["public_good_opt"] + 1e-9).sum())
    assert c.loc["overprovision", "holds"] > 0
    assert c.loc["shortfall_no_private_motive", "holds"] == c.loc["shortfall_no_private_motive", "of"]
    assert c.loc["crowding_out", "holds"] == c.loc["crowding_out", "of"]
    # lines along the linkage: 11 shares x 4 ratios x 3 costs x 2 x 3 weights
    assert c.loc["jp_rises_with_linkage", "of"] == 11 * 4 * 3 * 2 * 3


def test_linkage_raises_japans_contribution_while_stability_is_below_satiation():
    for alpha, ratio, cost in itertools.product([0.1, 0.3, 0.5, 0.7, 0.9], [1.0, 2.0, 4.0], [0.2, 0.5, 0.8]):
        prev = None
        for lam in np.linspace(0, 1, 9):
            ne = formal.nash(alpha, ratio, cost=cost, jp_linkage=float(lam))
            if prev is not None and prev.public_good < 1 and ne.public_good < 1:
                assert ne.q_jp >= prev.q_jp - 1e-9, (alpha, ratio, cost, lam)
            prev = ne


def test_a_first_mover_gives_less_than_in_the_simultaneous_game_below_satiation():
    g = formal.leadership_grid([0.0, 0.2, 0.4, 0.6, 0.8], [1.0, 2.0, 3.5], [0.0, 0.5, 1.0], cost=0.4)
    assert (g["public_good"] < 1).all()
    assert (g["q_jp_lead"] <= g["q_jp"] + 1e-9).all()
    assert (g["q_us_lead"] <= g["q_us"] + 1e-9).all()
    c = formal.leadership_claims(g)
    assert c.loc["jp_leader_gives_less", "holds"] == len(g)
    # at the default private share Japan leading pays well under half
    assert formal.stackelberg(0.4, 2.0, leader="JP").japan_share < formal.nash(0.4, 2.0).japan_share < 0.5


def test_linkage_parameters_are_checked():
    with pytest.raises(ParameterError, match="'jp_linkage'"):
        formal.nash(0.3, 2.0, jp_linkage=1.5)
    with pytest.raises(ParameterError, match="'us_linkage'"):
        formal.nash(0.3, 2.0, us_linkage=-0.1)


def test_parity_linkage_makes_the_effective_stakes_equal_and_reverses_the_pure_public_good():
    lam = formal.parity_linkage(3.0)
    sig = formal.effective_stakes(3.0, jp_linkage=lam)
    assert sig[0] == pytest.approx(sig[1])
    above = formal.nash(0.0, 3.0, cost=0.4, jp_linkage=min(1.0, lam + 0.05))
    below = formal.nash(0.0, 3.0, cost=0.4, jp_linkage=lam - 0.05)
    assert above.q_us == 0.0 and above.q_jp > 0.0
    assert below.q_jp == 0.0 and below.q_us > 0.0


def test_japans_private_weight_raises_its_contribution_while_its_private_output_is_below_satiation():
    checked = 0
    for alpha, ratio, cost, lam in itertools.product([0.2, 0.4, 0.6, 0.8, 1.0], [1.0, 2.0, 4.0], [0.2, 0.5, 0.8],
                                                     [0.0, 0.5]):
        line = [formal.nash(alpha, ratio, cost=cost, jp_private_weight=float(p), jp_linkage=lam)
                for p in np.linspace(0.25, 3.0, 12)]
        if max(alpha * o.q_jp for o in line) < 1:
            checked += 1
            assert all(b.q_jp >= a.q_jp - 1e-9 for a, b in zip(line, line[1:])), (alpha, ratio, cost, lam)
    assert checked > 50
    c = formal.region_claims(formal.region_grid(_small_region()))
    assert c.loc["jp_rises_with_private_weight_below_satiation", "holds"] == \
        c.loc["jp_rises_with_private_weight_below_satiation", "of"]
