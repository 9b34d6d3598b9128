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

creditor :math:`i`'s payoff is

.. math::

    U_i = s_i \left(Z - \tfrac12 Z^2\right) + p_i \left(x_i - \tfrac12 x_i^2\right) - c\, q_i ,

where :math:`s_i` is the weight of the public good for creditor :math:`i`
(its stake in the system: the *asymmetry of power* is the ratio
:math:`s_{US}/s_{JP}`), :math:`p_i` the weight of its private benefit, and
:math:`c` the marginal cost of a unit of contribution. The first-order
condition of creditor :math:`i` is linear in the contributions:

.. math::

    \partial U_i/\partial q_i = b_i - a_{ii} q_i - a_{ij} q_j, \quad
    a_{ii} = s_i (1-\alpha)^2 + p_i \alpha^2,\; a_{ij} = s_i (1-\alpha)^2,\;
    b_i = s_i (1-\alpha) + p_i \alpha - c .

The Nash equilibrium is the solution of the linear complementarity problem
:math:`q \ge 0,\ b - Aq \le 0,\ q^\top (b - Aq) = 0`, solved exactly by
enumerating the four possible sets of contributors. For :math:`\alpha > 0`
the matrix :math:`A` has a dominant diagonal, so the equilibrium is unique.
The social optimum maximises :math:`U_1 + U_2` and solves the same problem
with :math:`s_i` replaced by :math:`s_1 + s_2` in both rows.

Special cases (tested in ``tests/test_formal.py``):

- :math:`\alpha = 0` (a pure public good): only the creditor with the larger
  stake contributes, the total is :math:`1 - c/\max_i s_i`, below the optimum
  :math:`1 - c/(s_1+s_2)` -- under-provision and the "exploitation of the
  great by the small" :cite:p:`olson1966`;
- :math:`\alpha = 1` (a pure private good): each contributes
  :math:`1 - c/p_i`, which is efficient.

Public API
----------
:func:`check_parameters`
    Validate model parameters (raises :class:`~analysis.errors.ParameterError`
    naming the parameter).
:func:`nash`, :func:`social_optimum`, :func:`stackelberg`
    Equilibrium contributions as an :class:`Outcome`.
:func:`best_response`
    A creditor's best reply to the other's contribution.
:func:`entry_threshold`
    The private share above which Japan contributes.
:func:`grid`
    A tidy table of outcomes over private shares and power ratios (for charts).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

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
}
_TOL = 1e-10


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
        Payoffs of the two creditors.
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
                     us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> None:
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
    """
    _in_range("private_share", private_share, *BOUNDS["private_share"])
    _in_range("power_ratio", power_ratio, *BOUNDS["power_ratio"])
    _in_range("cost", cost, *BOUNDS["cost"], open_lo=True, open_hi=True)
    _in_range("us_private_weight", us_private_weight, *BOUNDS["private_weight"], open_lo=True)
    _in_range("jp_private_weight", jp_private_weight, *BOUNDS["private_weight"], open_lo=True)


def _weights(power_ratio: float, us_private_weight: float, jp_private_weight: float) -> tuple[np.ndarray, np.ndarray]:
    return np.array([power_ratio, 1.0]), np.array([us_private_weight, jp_private_weight])


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
    ``private_share = 0`` and equal stakes), the total is determined but its
    split is not; the symmetric (minimum-norm) split is returned.
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
         us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> Outcome:
    """Nash equilibrium contributions of the two creditors.

    Parameters
    ----------
    private_share, power_ratio, cost, us_private_weight, jp_private_weight
        See :func:`check_parameters`.

    Returns
    -------
    Outcome
    """
    check_parameters(private_share=private_share, power_ratio=power_ratio, cost=cost,
                     us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    s, p = _weights(power_ratio, us_private_weight, jp_private_weight)
    a, b = _system(private_share, s, p, cost)
    return _outcome(_solve_lcp(a, b), private_share, s, p, cost)


def social_optimum(private_share: float, power_ratio: float, *, cost: float = 0.4,
                   us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> Outcome:
    """Contributions that maximise the sum of the two payoffs (same arguments as :func:`nash`)."""
    check_parameters(private_share=private_share, power_ratio=power_ratio, cost=cost,
                     us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    s, p = _weights(power_ratio, us_private_weight, jp_private_weight)
    a, b = _system(private_share, np.full(2, s.sum()), p, cost)
    return _outcome(_solve_lcp(a, b), private_share, s, p, cost)


def best_response(q_other: float, creditor: str, private_share: float, power_ratio: float, *,
                  cost: float = 0.4, us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> float:
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
                     us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    s, p = _weights(power_ratio, us_private_weight, jp_private_weight)
    a, b = _system(private_share, s, p, cost)
    i = CREDITORS.index(creditor)
    j = 1 - i
    if a[i, i] <= _TOL:  # pure public good for a creditor with no stake: never contributes
        return 0.0
    return max(0.0, (b[i] - a[i, j] * q_other) / a[i, i])


def stackelberg(private_share: float, power_ratio: float, *, leader: str = "JP", cost: float = 0.4,
                us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> Outcome:
    """Contributions when ``leader`` commits first and the other best-responds.

    The leader's payoff along the follower's best-response line is piecewise
    quadratic and concave in its own contribution; the maximum is found
    exactly by comparing the stationary point of each piece with the kink.
    """
    if leader not in CREDITORS:
        raise ParameterError(f"parameter 'leader' is {leader!r}; allowed values are: 'US', 'JP'")
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    check_parameters(private_share=private_share, power_ratio=power_ratio, **kw)
    s, p = _weights(power_ratio, us_private_weight, jp_private_weight)
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
         cost: float = 0.4, us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> pd.DataFrame:
    """Nash and optimal outcomes over a grid of private shares and power ratios.

    Returns
    -------
    pandas.DataFrame
        One row per ``private_share`` and ``power_ratio`` with ``q_us``,
        ``q_jp``, ``total``, ``japan_share``, ``public_good`` (Nash),
        ``total_opt``, ``public_good_opt`` (social optimum) and
        ``provision_ratio`` (Nash public good / optimal public good).
    """
    rows = []
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    for alpha, ratio in itertools.product(private_shares, power_ratios):
        ne = nash(float(alpha), float(ratio), **kw)
        so = social_optimum(float(alpha), float(ratio), **kw)
        rows.append({
            "private_share": float(alpha), "power_ratio": float(ratio),
            "q_us": ne.q_us, "q_jp": ne.q_jp, "total": ne.total, "japan_share": ne.japan_share,
            "public_good": ne.public_good, "total_opt": so.total, "public_good_opt": so.public_good,
            "provision_ratio": ne.public_good / so.public_good if so.public_good > _TOL else float("nan"),
        })
    return pd.DataFrame(rows)


def entry_threshold(power_ratio: float, *, cost: float = 0.4, us_private_weight: float = 1.0,
                    jp_private_weight: float = 1.0) -> float:
    """The smallest private share at which Japan's Nash contribution is positive.

    Japan enters when its marginal payoff at zero, with the US contributing
    its stand-alone best response, turns positive. The root is found by
    bisection to 1e-10; 0 is returned if Japan contributes even at
    :math:`\\alpha = 0`, and NaN if it never does for :math:`\\alpha \\le 1`.
    """
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)

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
