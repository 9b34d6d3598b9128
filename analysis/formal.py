r"""A two-creditor joint-product model of crisis lending (chapter 1).

Two creditor governments, the United States (``"US"``) and Japan
(``"JP"``), each choose a contribution :math:`q_i \ge 0` to the management of
a debt crisis. Every unit contributed is a *joint product*: a share
:math:`1-\alpha` of it produces the public good, international financial
stability, which both enjoy, and a share :math:`\alpha` produces a private
good that only the contributor enjoys (its own banks' safety, goodwill with
the debtor, influence). With

.. math::

    Z = (1-\alpha)(q_1 + q_2), \qquad x_i = \alpha q_i,
    \qquad W(Z) = Z - \tfrac12 Z^2,

creditor :math:`i`'s payoff is

.. math::

    U_i = s_i W(Z) + \lambda_i s_j W(Z)
          + p_i \left(x_i - \tfrac12 x_i^2\right) - c\, q_i ,

where :math:`s_i` is the weight of the public good for creditor :math:`i`
(its stake in the system: the *asymmetry of power* is the ratio
:math:`s_{US}/s_{JP}`, with :math:`s_{JP}=1`), :math:`p_i` the weight of its
private benefit, and :math:`c` the marginal cost of a unit of contribution.

The *linkage* :math:`\lambda_i \in [0, 1]` is hypothesis H2: the share of the
partner's gain from stability that comes back to creditor :math:`i` through
trade, investment, exchange-rate and banking ties (for Japan in the 1980s,
the health of the US economy). It is zero in the model of H1 alone. The
linkage only changes each creditor's *effective stake*

.. math::

    \sigma_{US} = s_{US} + \lambda_{US} s_{JP}, \qquad
    \sigma_{JP} = s_{JP} + \lambda_{JP} s_{US},

so everything below holds with :math:`s_i` replaced by :math:`\sigma_i`.
The first-order condition of creditor :math:`i` is linear:

.. math::

    \partial U_i/\partial q_i = b_i - a_{ii} q_i - a_{ij} q_j, \quad
    a_{ii} = \sigma_i (1-\alpha)^2 + p_i \alpha^2,\; a_{ij} = \sigma_i (1-\alpha)^2,\;
    b_i = \sigma_i (1-\alpha) + p_i \alpha - c .

The Nash equilibrium is the solution of the linear complementarity problem
:math:`q \ge 0,\ b - Aq \le 0,\ q^\top (b - Aq) = 0`. For :math:`\alpha > 0`
:math:`\det A = \alpha^2 [(1-\alpha)^2(\sigma_1 p_2 + \sigma_2 p_1) + \alpha^2 p_1 p_2] > 0`
and the diagonal dominates, so the equilibrium is unique; with both
contributing it is

.. math::

    q_1 = \frac{a_{22} b_1 - a_{12} b_2}{\det A}, \qquad
    q_2 = \frac{a_{11} b_2 - a_{21} b_1}{\det A},

and otherwise one of the corners :math:`q_i = b_i / a_{ii}`, :math:`q_j = 0`.
Japan contributes if and only if :math:`a_{11} b_2 - a_{21} b_1 > 0` (when
the United States contributes) or :math:`b_2 > 0` (when it does not).
:func:`nash_closed_form` evaluates these formulas on arrays;
:func:`nash` solves the same problem by enumerating the four sets of
contributors, and the tests check both against iterated best responses.
The social optimum maximises :math:`U_1 + U_2` and solves the same problem
with :math:`\sigma_i` replaced by :math:`\sigma_1 + \sigma_2` in both rows.

Special cases (tested in ``tests/test_formal.py``):

- :math:`\alpha = 0` (a pure public good): only the creditor with the larger
  effective stake contributes, the total is :math:`1 - c/\max_i \sigma_i`,
  below the optimum :math:`1 - c/(\sigma_1+\sigma_2)` -- under-provision and
  the "exploitation of the great by the small" :cite:p:`olson1966`;
- :math:`\alpha = 1` (a pure private good): each contributes
  :math:`1 - c/p_i`, which is efficient.

Public API
----------
:func:`check_parameters`
    Validate model parameters (raises :class:`~analysis.errors.ParameterError`
    naming the parameter).
:func:`effective_stakes`
    :math:`(\sigma_{US}, \sigma_{JP})` given the power ratio and the linkages.
:func:`nash`, :func:`social_optimum`, :func:`stackelberg`
    Equilibrium contributions as an :class:`Outcome`.
:func:`nash_closed_form`, :func:`optimum_closed_form`
    The same equilibria from the closed form, vectorised over arrays.
:func:`best_response`
    A creditor's best reply to the other's contribution.
:func:`entry_threshold`
    The private share above which Japan contributes.
:func:`grid`
    A tidy table of outcomes over private shares and power ratios (for charts).
:func:`region_grid`, :func:`region_claims`
    Outcomes over a grid of every parameter, and the number of its points at
    which each comparative-statics claim of chapter 1 holds.
:func:`leadership_grid`
    Leader and follower outcomes over private shares, power ratios and linkages.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import ParameterError

#: The two creditors, in the order used by the arrays below.
CREDITORS = ("US", "JP")
#: Full names for charts and tables.
NAMES = {"US": "United States", "JP": "Japan"}
#: Bounds of the parameters accepted (inclusive unless noted).
BOUNDS = {
    "private_share": (0.0, 1.0),
    "power_ratio": (1.0, 10.0),
    "cost": (0.0, 1.0),  # exclusive at both ends
    "private_weight": (0.0, 10.0),  # exclusive at zero
    "linkage": (0.0, 1.0),
}
_TOL = 1e-10

#: The grid over which chapter 1 states its comparative-statics claims:
#: every private share from 0 to 1 in steps of 0.05, power ratios 1 to 4 in
#: steps of 0.25, unit costs 0.1 to 0.9, private weights 0.5, 1 and 2 for each
#: creditor, and Japan's linkage 0 to 1 in steps of 0.25.
REGION = {
    "private_share": np.round(np.linspace(0.0, 1.0, 21), 2),
    "power_ratio": np.round(np.arange(1.0, 4.0001, 0.25), 2),
    "cost": np.round(np.arange(0.1, 0.9001, 0.1), 1),
    "us_private_weight": np.array([0.5, 1.0, 2.0]),
    "jp_private_weight": np.array([0.5, 1.0, 2.0]),
    "jp_linkage": np.round(np.linspace(0.0, 1.0, 5), 2),
}


@dataclass(frozen=True)
class Outcome:
    """Contributions and what they produce.

    Attributes
    ----------
    q_us, q_jp
        Contributions of the United States and Japan.
    public_good
        :math:`Z = (1-\\alpha)(q_{US} + q_{JP})`.
    u_us, u_jp
        Payoffs of the two creditors (each including its linkage term).
    """

    q_us: float
    q_jp: float
    public_good: float
    u_us: float
    u_jp: float

    @property
    def total(self) -> float:
        """Total contribution :math:`q_{US} + q_{JP}`."""
        return self.q_us + self.q_jp

    @property
    def japan_share(self) -> float:
        """Japan's share of the total contribution (NaN if nobody contributes)."""
        return self.q_jp / self.total if self.total > _TOL else float("nan")

    @property
    def welfare(self) -> float:
        """Sum of the two payoffs."""
        return self.u_us + self.u_jp


def _in_range(name: str, value: float, lo: float, hi: float, *, open_lo: bool = False,
              open_hi: bool = False) -> None:
    ok_lo = value > lo if open_lo else value >= lo
    ok_hi = value < hi if open_hi else value <= hi
    if not (isinstance(value, (int, float)) and np.isfinite(value) and ok_lo and ok_hi):
        left = "(" if open_lo else "["
        right = ")" if open_hi else "]"
        raise ParameterError(f"parameter {name!r} is {value!r}; allowed values are in {left}{lo}, {hi}{right}")


def check_parameters(*, private_share: float, power_ratio: float, cost: float,
                     us_private_weight: float = 1.0, jp_private_weight: float = 1.0,
                     jp_linkage: float = 0.0, us_linkage: float = 0.0) -> None:
    """Raise :class:`ParameterError` if a model parameter is out of range.

    Parameters
    ----------
    private_share
        :math:`\\alpha`, the private share of each unit's benefit, in [0, 1].
    power_ratio
        :math:`s_{US}/s_{JP}` with :math:`s_{JP}=1`, in [1, 10] (the US is
        the larger creditor).
    cost
        Marginal cost :math:`c` of a unit of contribution, in (0, 1).
    us_private_weight, jp_private_weight
        :math:`p_{US}`, :math:`p_{JP}`, in (0, 10].
    jp_linkage, us_linkage
        :math:`\\lambda_{JP}`, :math:`\\lambda_{US}`: the weight each
        creditor puts on the other's stake in stability, in [0, 1].
    """
    _in_range("private_share", private_share, *BOUNDS["private_share"])
    _in_range("power_ratio", power_ratio, *BOUNDS["power_ratio"])
    _in_range("cost", cost, *BOUNDS["cost"], open_lo=True, open_hi=True)
    _in_range("us_private_weight", us_private_weight, *BOUNDS["private_weight"], open_lo=True)
    _in_range("jp_private_weight", jp_private_weight, *BOUNDS["private_weight"], open_lo=True)
    _in_range("jp_linkage", jp_linkage, *BOUNDS["linkage"])
    _in_range("us_linkage", us_linkage, *BOUNDS["linkage"])


def effective_stakes(power_ratio: float, *, jp_linkage: float = 0.0, us_linkage: float = 0.0) -> np.ndarray:
    """Each creditor's stake in stability including what comes back through its partner.

    Parameters
    ----------
    power_ratio
        :math:`s_{US}/s_{JP}`, with :math:`s_{JP} = 1`.
    jp_linkage, us_linkage
        :math:`\\lambda_{JP}`, :math:`\\lambda_{US}`.

    Returns
    -------
    numpy.ndarray
        :math:`(\\sigma_{US}, \\sigma_{JP}) = (s_{US} + \\lambda_{US},\\ 1 + \\lambda_{JP} s_{US})`.
    """
    return np.array([power_ratio + us_linkage, 1.0 + jp_linkage * power_ratio])


def _weights(power_ratio: float, us_private_weight: float, jp_private_weight: float,
             jp_linkage: float, us_linkage: float) -> tuple[np.ndarray, np.ndarray]:
    sigma = effective_stakes(power_ratio, jp_linkage=jp_linkage, us_linkage=us_linkage)
    return sigma, np.array([us_private_weight, jp_private_weight])


def _system(alpha: float, s_rows: np.ndarray, p: np.ndarray, cost: float) -> tuple[np.ndarray, np.ndarray]:
    """The matrix A and vector b of the first-order conditions ``b - A q``."""
    g = (1.0 - alpha) ** 2
    a = np.array([[s_rows[0] * g + p[0] * alpha**2, s_rows[0] * g],
                  [s_rows[1] * g, s_rows[1] * g + p[1] * alpha**2]])
    b = s_rows * (1.0 - alpha) + p * alpha - cost
    return a, b


def _solve_lcp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve q >= 0, b - A q <= 0, q'(b - A q) = 0 for two players by enumeration.

    Where A restricted to the contributors is singular (only with
    ``private_share = 0`` and equal effective stakes), the total is determined
    but its split is not; the symmetric (minimum-norm) split is returned.
    """
    for support in ((0, 1), (0,), (1,), ()):
        q = np.zeros(2)
        idx = list(support)
        if idx:
            sub = a[np.ix_(idx, idx)]
            sol, *_ = np.linalg.lstsq(sub, b[idx], rcond=None)
            if not np.allclose(sub @ sol, b[idx], atol=1e-9):
                continue
            q[idx] = sol
        grad = b - a @ q
        if (q >= -_TOL).all() and all(grad[k] <= _TOL for k in range(2) if k not in idx):
            return np.clip(q, 0.0, None)
    raise ParameterError("no equilibrium found; check the model parameters")  # pragma: no cover


def _payoffs(q: np.ndarray, alpha: float, s: np.ndarray, p: np.ndarray, cost: float) -> tuple[float, np.ndarray]:
    z = (1.0 - alpha) * q.sum()
    x = alpha * q
    u = s * (z - 0.5 * z**2) + p * (x - 0.5 * x**2) - cost * q
    return float(z), u


def _outcome(q: np.ndarray, alpha: float, s: np.ndarray, p: np.ndarray, cost: float) -> Outcome:
    z, u = _payoffs(q, alpha, s, p, cost)
    return Outcome(q_us=float(q[0]), q_jp=float(q[1]), public_good=z, u_us=float(u[0]), u_jp=float(u[1]))


def nash(private_share: float, power_ratio: float, *, cost: float = 0.4,
         us_private_weight: float = 1.0, jp_private_weight: float = 1.0,
         jp_linkage: float = 0.0, us_linkage: float = 0.0) -> Outcome:
    """Nash equilibrium contributions of the two creditors.

    Parameters
    ----------
    private_share, power_ratio, cost, us_private_weight, jp_private_weight, jp_linkage, us_linkage
        See :func:`check_parameters`.

    Returns
    -------
    Outcome
    """
    check_parameters(private_share=private_share, power_ratio=power_ratio, cost=cost,
                     us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
                     jp_linkage=jp_linkage, us_linkage=us_linkage)
    s, p = _weights(power_ratio, us_private_weight, jp_private_weight, jp_linkage, us_linkage)
    a, b = _system(private_share, s, p, cost)
    return _outcome(_solve_lcp(a, b), private_share, s, p, cost)


def social_optimum(private_share: float, power_ratio: float, *, cost: float = 0.4,
                   us_private_weight: float = 1.0, jp_private_weight: float = 1.0,
                   jp_linkage: float = 0.0, us_linkage: float = 0.0) -> Outcome:
    """Contributions that maximise the sum of the two payoffs (same arguments as :func:`nash`).

    The linkage terms count: what Japan loses when the US economy suffers is
    a real loss to Japan, so a planner weighs it too.
    """
    check_parameters(private_share=private_share, power_ratio=power_ratio, cost=cost,
                     us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
                     jp_linkage=jp_linkage, us_linkage=us_linkage)
    s, p = _weights(power_ratio, us_private_weight, jp_private_weight, jp_linkage, us_linkage)
    a, b = _system(private_share, np.full(2, s.sum()), p, cost)
    return _outcome(_solve_lcp(a, b), private_share, s, p, cost)


def _broadcast(**arrays: Any) -> dict[str, np.ndarray]:
    values = np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in arrays.values()])
    return dict(zip(arrays, values))


def _lcp_closed_form(alpha: np.ndarray, s_us: np.ndarray, s_jp: np.ndarray, p_us: np.ndarray,
                     p_jp: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised two-player solution of the first-order conditions (see the module docstring)."""
    g = (1.0 - alpha) ** 2
    a11, a12 = s_us * g + p_us * alpha**2, s_us * g
    a21, a22 = s_jp * g, s_jp * g + p_jp * alpha**2
    b1 = s_us * (1.0 - alpha) + p_us * alpha - cost
    b2 = s_jp * (1.0 - alpha) + p_jp * alpha - cost
    det = a11 * a22 - a12 * a21
    with np.errstate(divide="ignore", invalid="ignore"):
        n1, n2 = a22 * b1 - a12 * b2, a11 * b2 - a21 * b1
        both = (det > _TOL) & (n1 > 0) & (n2 > 0)
        us_alone = (b1 > 0) & (n2 <= 0)
        jp_alone = (b2 > 0) & (n1 <= 0) & ~us_alone
        q_us = np.where(both, n1 / det, np.where(us_alone, b1 / a11, 0.0))
        q_jp = np.where(both, n2 / det, np.where(jp_alone, b2 / a22, 0.0))
    # alpha = 0 with equal effective stakes: the total is fixed, the split is not -- split it evenly
    tie = (det <= _TOL) & np.isclose(s_us, s_jp) & (b1 > 0)
    total = np.where(tie, b1 / np.where(a11 > 0, a11, 1.0), 0.0)
    q_us = np.where(tie, total / 2, q_us)
    q_jp = np.where(tie, total / 2, q_jp)
    return q_us, q_jp


def nash_closed_form(private_share: Any, power_ratio: Any, *, cost: Any = 0.4, us_private_weight: Any = 1.0,
                     jp_private_weight: Any = 1.0, jp_linkage: Any = 0.0, us_linkage: Any = 0.0) -> pd.DataFrame:
    """Nash equilibrium from the closed form, for arrays of parameters (broadcast together).

    Parameters
    ----------
    private_share, power_ratio, cost, us_private_weight, jp_private_weight, jp_linkage, us_linkage
        Scalars or arrays; see :func:`check_parameters` for the ranges (not
        checked here, so that large grids stay fast).

    Returns
    -------
    pandas.DataFrame
        One row per broadcast element with ``q_us``, ``q_jp`` and
        ``public_good``.
    """
    v = _broadcast(alpha=private_share, ratio=power_ratio, cost=cost, p_us=us_private_weight,
                   p_jp=jp_private_weight, lam=jp_linkage, mu=us_linkage)
    s_us, s_jp = v["ratio"] + v["mu"], 1.0 + v["lam"] * v["ratio"]
    q_us, q_jp = _lcp_closed_form(v["alpha"], s_us, s_jp, v["p_us"], v["p_jp"], v["cost"])
    return pd.DataFrame({"q_us": q_us.ravel(), "q_jp": q_jp.ravel(),
                         "public_good": ((1.0 - v["alpha"]) * (q_us + q_jp)).ravel()})


def optimum_closed_form(private_share: Any, power_ratio: Any, *, cost: Any = 0.4, us_private_weight: Any = 1.0,
                        jp_private_weight: Any = 1.0, jp_linkage: Any = 0.0, us_linkage: Any = 0.0) -> pd.DataFrame:
    """Social optimum from the closed form (same arguments and result as :func:`nash_closed_form`)."""
    v = _broadcast(alpha=private_share, ratio=power_ratio, cost=cost, p_us=us_private_weight,
                   p_jp=jp_private_weight, lam=jp_linkage, mu=us_linkage)
    both = v["ratio"] + v["mu"] + 1.0 + v["lam"] * v["ratio"]
    q_us, q_jp = _lcp_closed_form(v["alpha"], both, both, v["p_us"], v["p_jp"], v["cost"])
    return pd.DataFrame({"q_us": q_us.ravel(), "q_jp": q_jp.ravel(),
                         "public_good": ((1.0 - v["alpha"]) * (q_us + q_jp)).ravel()})


def best_response(q_other: float, creditor: str, private_share: float, power_ratio: float, *,
                  cost: float = 0.4, us_private_weight: float = 1.0, jp_private_weight: float = 1.0,
                  jp_linkage: float = 0.0, us_linkage: float = 0.0) -> float:
    """Creditor ``creditor``'s payoff-maximising contribution given the other's.

    Parameters
    ----------
    q_other
        The other creditor's contribution (>= 0).
    creditor
        ``"US"`` or ``"JP"``.
    """
    if creditor not in CREDITORS:
        raise ParameterError(f"parameter 'creditor' is {creditor!r}; allowed values are: 'US', 'JP'")
    if not q_other >= 0:
        raise ParameterError(f"parameter 'q_other' is {q_other!r}; it must be >= 0")
    check_parameters(private_share=private_share, power_ratio=power_ratio, cost=cost,
                     us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
                     jp_linkage=jp_linkage, us_linkage=us_linkage)
    s, p = _weights(power_ratio, us_private_weight, jp_private_weight, jp_linkage, us_linkage)
    a, b = _system(private_share, s, p, cost)
    i = CREDITORS.index(creditor)
    j = 1 - i
    if a[i, i] <= _TOL:  # pure public good for a creditor with no stake: never contributes
        return 0.0
    return max(0.0, (b[i] - a[i, j] * q_other) / a[i, i])


def stackelberg(private_share: float, power_ratio: float, *, leader: str = "JP", cost: float = 0.4,
                us_private_weight: float = 1.0, jp_private_weight: float = 1.0,
                jp_linkage: float = 0.0, us_linkage: float = 0.0) -> Outcome:
    """Contributions when ``leader`` commits first and the other best-responds.

    The leader's payoff along the follower's best-response line is piecewise
    quadratic and concave in its own contribution; the maximum is found
    exactly by comparing the stationary point of each piece with the kink.
    """
    if leader not in CREDITORS:
        raise ParameterError(f"parameter 'leader' is {leader!r}; allowed values are: 'US', 'JP'")
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
              jp_linkage=jp_linkage, us_linkage=us_linkage)
    check_parameters(private_share=private_share, power_ratio=power_ratio, **kw)
    s, p = _weights(power_ratio, us_private_weight, jp_private_weight, jp_linkage, us_linkage)
    a, b = _system(private_share, s, p, cost)
    lead = CREDITORS.index(leader)
    fol = 1 - lead

    def follower(q_lead: float) -> float:
        return best_response(q_lead, CREDITORS[fol], private_share, power_ratio, **kw)

    def leader_payoff(q_lead: float) -> float:
        q = np.zeros(2)
        q[lead], q[fol] = q_lead, follower(q_lead)
        return float(_payoffs(q, private_share, s, p, cost)[1][lead])

    # kink: the leader's contribution at which the follower stops contributing
    kink = b[fol] / a[fol, lead] if a[fol, lead] > _TOL and b[fol] > 0 else 0.0
    candidates = {0.0, max(kink, 0.0)}
    # piece 1: follower interior, q_f = (b_f - a_fl q_l)/a_ff; the leader's payoff is then an
    # exact quadratic in q_l, whose vertex is recovered from three points
    if a[fol, fol] > _TOL:
        pts = np.array([0.0, max(kink, 1.0) / 2, max(kink, 1.0)])
        vals = np.array([_quad_piece(x, lead, fol, a, b, private_share, s, p, cost) for x in pts])
        coef = np.polyfit(pts, vals, 2)
        if coef[0] < -_TOL:
            candidates.add(float(-coef[1] / (2 * coef[0])))
    # piece 2: follower at zero -> leader alone: its own best response to 0
    alone = max(0.0, b[lead] / a[lead, lead]) if a[lead, lead] > _TOL else 0.0
    candidates.add(alone)
    feasible = [x for x in candidates if x >= 0]
    best = max(feasible, key=lambda x: (round(leader_payoff(x), 12), -x))
    q = np.zeros(2)
    q[lead], q[fol] = best, follower(best)
    return _outcome(q, private_share, s, p, cost)


def _quad_piece(q_lead: float, lead: int, fol: int, a: np.ndarray, b: np.ndarray, alpha: float,
                s: np.ndarray, p: np.ndarray, cost: float) -> float:
    """Leader's payoff when the follower's interior best response holds (may be negative)."""
    q = np.zeros(2)
    q[lead] = q_lead
    q[fol] = (b[fol] - a[fol, lead] * q_lead) / a[fol, fol]
    return float(_payoffs(q, alpha, s, p, cost)[1][lead])


def grid(private_shares: np.ndarray | list[float], power_ratios: np.ndarray | list[float], *,
         cost: float = 0.4, us_private_weight: float = 1.0, jp_private_weight: float = 1.0,
         jp_linkages: np.ndarray | list[float] | tuple[float, ...] = (0.0,), us_linkage: float = 0.0) -> pd.DataFrame:
    """Nash and optimal outcomes over a grid of private shares, power ratios and Japan's linkages.

    Returns
    -------
    pandas.DataFrame
        One row per ``private_share``, ``power_ratio`` and ``jp_linkage`` with
        ``q_us``, ``q_jp``, ``total``, ``japan_share``, ``public_good`` (Nash),
        ``total_opt``, ``public_good_opt`` (social optimum) and
        ``provision_ratio`` (Nash public good / optimal public good).
    """
    rows = []
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
              us_linkage=us_linkage)
    for alpha, ratio, lam in itertools.product(private_shares, power_ratios, jp_linkages):
        ne = nash(float(alpha), float(ratio), jp_linkage=float(lam), **kw)
        so = social_optimum(float(alpha), float(ratio), jp_linkage=float(lam), **kw)
        rows.append({
            "private_share": float(alpha), "power_ratio": float(ratio), "jp_linkage": float(lam),
            "q_us": ne.q_us, "q_jp": ne.q_jp, "total": ne.total, "japan_share": ne.japan_share,
            "public_good": ne.public_good, "total_opt": so.total, "public_good_opt": so.public_good,
            "provision_ratio": ne.public_good / so.public_good if so.public_good > _TOL else float("nan"),
        })
    return pd.DataFrame(rows)


def entry_threshold(power_ratio: float, *, cost: float = 0.4, us_private_weight: float = 1.0,
                    jp_private_weight: float = 1.0, jp_linkage: float = 0.0, us_linkage: float = 0.0) -> float:
    """The smallest private share at which Japan's Nash contribution is positive.

    Japan enters when its marginal payoff at zero, with the US contributing
    its stand-alone best response, turns positive. The root is found by
    bisection to 1e-10; 0 is returned if Japan contributes even at
    :math:`\\alpha = 0`, and NaN if it never does for :math:`\\alpha \\le 1`.
    """
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
              jp_linkage=jp_linkage, us_linkage=us_linkage)

    def enters(alpha: float) -> bool:
        return nash(alpha, power_ratio, **kw).q_jp > 1e-12

    if enters(0.0):
        return 0.0
    if not enters(1.0):
        return float("nan")
    lo, hi = 0.0, 1.0
    while hi - lo > 1e-10:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if enters(mid) else (mid, hi)
    return hi


def region_grid(region: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Nash and optimal outcomes at every point of a grid of all the parameters.

    Parameters
    ----------
    region
        Values of ``private_share``, ``power_ratio``, ``cost``,
        ``us_private_weight``, ``jp_private_weight`` and ``jp_linkage``
        (default :data:`REGION`); ``us_linkage`` is zero throughout.

    Returns
    -------
    pandas.DataFrame
        One row per combination, with the parameters, the Nash ``q_us``,
        ``q_jp``, ``public_good``, the optimal ``q_us_opt``, ``q_jp_opt``,
        ``public_good_opt``, and ``q_us_alone`` (what the United States
        would give if Japan gave nothing).
    """
    region = REGION if region is None else region
    missing = set(REGION) - set(region)
    if missing:
        raise ParameterError(f"parameter 'region' lacks {sorted(missing)}; give values for each of {list(REGION)}")
    mesh = np.meshgrid(*[np.asarray(region[k], dtype=float) for k in REGION], indexing="ij")
    cols = {k: m.ravel() for k, m in zip(REGION, mesh)}
    kw = dict(cost=cols["cost"], us_private_weight=cols["us_private_weight"],
              jp_private_weight=cols["jp_private_weight"], jp_linkage=cols["jp_linkage"])
    ne = nash_closed_form(cols["private_share"], cols["power_ratio"], **kw)
    so = optimum_closed_form(cols["private_share"], cols["power_ratio"], **kw)
    alpha, ratio = cols["private_share"], cols["power_ratio"]
    g = (1 - alpha) ** 2
    b_us = ratio * (1 - alpha) + cols["us_private_weight"] * alpha - cols["cost"]
    a_us = ratio * g + cols["us_private_weight"] * alpha**2
    with np.errstate(divide="ignore", invalid="ignore"):
        alone = np.where(b_us > 0, b_us / np.where(a_us > 0, a_us, 1.0), 0.0)
    out = pd.DataFrame(cols)
    out[["q_us", "q_jp", "public_good"]] = ne.to_numpy()
    out[["q_us_opt", "q_jp_opt", "public_good_opt"]] = so.to_numpy()
    out["q_us_alone"] = alone
    return out


def _monotone(frame: pd.DataFrame, along: str, column: str, *, rising: bool) -> pd.Series:
    """For each line of the grid along ``along``, whether ``column`` never falls (or never rises)."""
    keys = [k for k in REGION if k != along]
    ordered = frame.sort_values(keys + [along])
    step = ordered.groupby(keys, sort=False)[column].diff()
    ok = (step >= -1e-9) if rising else (step <= 1e-9)
    ok = ok | step.isna()
    return ok.groupby([ordered[k] for k in keys]).all()


def region_claims(frame: pd.DataFrame) -> pd.DataFrame:
    """Count the grid points at which each comparative-statics claim of chapter 1 holds.

    Parameters
    ----------
    frame
        Output of :func:`region_grid`.

    Returns
    -------
    pandas.DataFrame
        Indexed by claim, with ``holds`` (points or lines of the grid where
        the claim holds), ``of`` (points or lines where it applies) and
        ``unit`` (``"points"`` or ``"lines"``). The claims are:

        ``shortfall``
            Nash supplies less stability than the optimum (points with
            :math:`\\alpha < 1` where the optimum supplies some).
        ``shortfall_no_private_motive``
            The same, restricted to points where neither creditor's private
            return on a first unit covers its cost (:math:`p_i\\alpha \\le c`).
        ``overprovision``
            Nash supplies *more* stability than the optimum.
        ``crowding_out``
            The US gives no more than it would alone (points with
            :math:`\\alpha < 1`).
        ``jp_rises_with_alpha``, ``share_rises_with_alpha``
            Japan's contribution, and its share, never fall as :math:`\\alpha`
            rises (lines along :math:`\\alpha`; the share where defined).
        ``jp_falls_with_ratio``
            Japan's contribution never rises with the power ratio (lines).
        ``jp_rises_with_linkage``
            Japan's contribution never falls as its linkage rises (lines).
        ``jp_rises_with_linkage_below_satiation``
            The same, on lines along which Nash stability stays below one,
            the point at which more stability is worth nothing.
        ``jp_rises_with_private_weight``
            Japan's contribution never falls as its private weight
            :math:`p_{JP}` rises (lines).
        ``jp_rises_with_private_weight_below_satiation``
            The same, on lines along which Japan's private output
            :math:`\alpha q_{JP}` stays below one, the point at which more of
            it is worth nothing.
    """
    f = frame
    proper = f["private_share"] < 1
    has_opt = proper & (f["public_good_opt"] > _TOL)
    short = f["public_good"] < f["public_good_opt"] - 1e-9
    over = f["public_good"] > f["public_good_opt"] + 1e-9
    weak = (f["us_private_weight"] * f["private_share"] <= f["cost"]) & (
        f["jp_private_weight"] * f["private_share"] <= f["cost"])
    rows: dict[str, tuple[int, int, str]] = {
        "shortfall": (int((short & has_opt).sum()), int(has_opt.sum()), "points"),
        "shortfall_no_private_motive": (int((short & has_opt & weak).sum()), int((has_opt & weak).sum()), "points"),
        "overprovision": (int((over & has_opt).sum()), int(has_opt.sum()), "points"),
        "crowding_out": (int(((f["q_us"] <= f["q_us_alone"] + 1e-9) & proper).sum()), int(proper.sum()), "points"),
    }
    share = f.assign(japan_share=np.where(f["q_us"] + f["q_jp"] > _TOL, f["q_jp"] / (f["q_us"] + f["q_jp"]), np.nan))
    share = share[share["japan_share"].notna()]
    for name, along, col, rising, data in (
        ("jp_rises_with_alpha", "private_share", "q_jp", True, f),
        ("share_rises_with_alpha", "private_share", "japan_share", True, share),
        ("jp_falls_with_ratio", "power_ratio", "q_jp", False, f),
        ("jp_rises_with_linkage", "jp_linkage", "q_jp", True, f),
    ):
        ok = _monotone(data, along, col, rising=rising)
        rows[name] = (int(ok.sum()), int(ok.size), "lines")
    keys = [k for k in REGION if k != "jp_linkage"]
    below = f.groupby(keys)["public_good"].max() < 1.0
    ok = _monotone(f, "jp_linkage", "q_jp", rising=True)
    ok = ok[below.reindex(ok.index).to_numpy()]
    rows["jp_rises_with_linkage_below_satiation"] = (int(ok.sum()), int(ok.size), "lines")
    ok = _monotone(f, "jp_private_weight", "q_jp", rising=True)
    rows["jp_rises_with_private_weight"] = (int(ok.sum()), int(ok.size), "lines")
    keys = [k for k in REGION if k != "jp_private_weight"]
    below = (f["private_share"] * f["q_jp"]).groupby([f[k] for k in keys]).max() < 1.0
    ok = ok[below.reindex(ok.index).to_numpy()]
    rows["jp_rises_with_private_weight_below_satiation"] = (int(ok.sum()), int(ok.size), "lines")
    return pd.DataFrame.from_dict(rows, orient="index", columns=["holds", "of", "unit"])


def leadership_grid(private_shares: np.ndarray | list[float], power_ratios: np.ndarray | list[float],
                    jp_linkages: np.ndarray | list[float], *, cost: float = 0.4,
                    us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> pd.DataFrame:
    """Simultaneous and sequential outcomes over private shares, power ratios and Japan's linkages.

    Returns
    -------
    pandas.DataFrame
        One row per combination with the Nash contributions (``q_us``,
        ``q_jp``, ``public_good``), Japan's contribution and share when it
        moves first (``q_jp_lead``, ``share_jp_lead``), the US contribution
        when it moves first (``q_us_lead``) and Japan's share then
        (``share_us_lead``).
    """
    rows = []
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    for alpha, ratio, lam in itertools.product(private_shares, power_ratios, jp_linkages):
        args = (float(alpha), float(ratio))
        ne = nash(*args, jp_linkage=float(lam), **kw)
        jp = stackelberg(*args, leader="JP", jp_linkage=float(lam), **kw)
        us = stackelberg(*args, leader="US", jp_linkage=float(lam), **kw)
        rows.append({"private_share": float(alpha), "power_ratio": float(ratio), "jp_linkage": float(lam),
                     "q_us": ne.q_us, "q_jp": ne.q_jp, "public_good": ne.public_good,
                     "q_jp_lead": jp.q_jp, "share_jp_lead": jp.japan_share,
                     "q_us_lead": us.q_us, "share_us_lead": us.japan_share})
    return pd.DataFrame(rows)


def leadership_claims(frame: pd.DataFrame) -> pd.DataFrame:
    """Count the points of a :func:`leadership_grid` at which the claims about moving first hold.

    Parameters
    ----------
    frame
        Output of :func:`leadership_grid`.

    Returns
    -------
    pandas.DataFrame
        Indexed by claim, with ``holds`` and ``of`` (grid points). The claims are:

        ``jp_leader_gives_less``, ``us_leader_gives_less``
            Moving first, the creditor contributes no more than in the
            simultaneous game (all points).
        ``jp_leader_pays_half``
            Moving first, Japan pays at least half of the joint contribution
            (points with :math:`\\alpha < 1`, where part of each unit is public).
        ``jp_leader_pays_half_low_alpha``
            The same, at points where the private share is at most one half.
    """
    f = frame
    proper = f["private_share"] < 1
    low = proper & (f["private_share"] <= 0.5)
    half = f["share_jp_lead"] >= 0.5 - 1e-9
    rows = {
        "jp_leader_gives_less": (int((f["q_jp_lead"] <= f["q_jp"] + 1e-9).sum()), len(f)),
        "us_leader_gives_less": (int((f["q_us_lead"] <= f["q_us"] + 1e-9).sum()), len(f)),
        "jp_leader_pays_half": (int((half & proper).sum()), int(proper.sum())),
        "jp_leader_pays_half_low_alpha": (int((half & low).sum()), int(low.sum())),
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["holds", "of"])


def parity_linkage(power_ratio: float, *, us_linkage: float = 0.0) -> float:
    """The linkage :math:`\\lambda_{JP}` at which Japan's effective stake equals the US's.

    Solves :math:`1 + \\lambda_{JP} s_{US} = s_{US} + \\lambda_{US}`. Above it
    Japan values stability more than the United States does and, in a pure
    public good, supplies it alone.

    Returns
    -------
    float
        :math:`(s_{US} + \\lambda_{US} - 1)/s_{US}`, or NaN if that exceeds one.
    """
    check_parameters(private_share=0.0, power_ratio=power_ratio, cost=0.5, us_linkage=us_linkage)
    lam = (power_ratio + us_linkage - 1.0) / power_ratio
    return lam if lam <= 1.0 else float("nan")


def describe_region(region: dict[str, np.ndarray] | None = None) -> str:
    """The grid of :func:`region_grid` in words, for the chapter's prose.

    Parameters
    ----------
    region
        As for :func:`region_grid` (default :data:`REGION`).
    """
    region = REGION if region is None else region

    def span(values: np.ndarray) -> str:
        v = np.unique(np.asarray(values, dtype=float))
        if len(v) == 1:
            return f"{v[0]:g}"
        steps = np.unique(np.round(np.diff(v), 10))
        if len(steps) == 1 and len(v) > 3:
            return f"from {v[0]:g} to {v[-1]:g} in steps of {steps[0]:g}"
        return ", ".join(f"{x:g}" for x in v[:-1]) + f" and {v[-1]:g}"

    return (f"private shares {span(region['private_share'])}, power ratios {span(region['power_ratio'])}, "
            f"unit costs {span(region['cost'])}, private weights of {span(region['us_private_weight'])} for the "
            f"United States and {span(region['jp_private_weight'])} for Japan, and linkages "
            f"{span(region['jp_linkage'])}")
