"""Chapter 1's computations on the joint-product model of :mod:`analysis.formal`:
the frames its charts draw, its table, and its prose numbers.

Frames: :func:`model_grid` (Nash and optimal outcomes over private shares,
power ratios and linkages), :func:`linkage_frame` (Japan's entry threshold
against its linkage) and :func:`regimes` (the four ways of playing the game).
The charts of :mod:`analysis.figures.theory` are drawn from these frames.

Prose numbers, one function per section of the chapter, each returning glue
key -> :class:`~analysis.numbers.Number` or ``str`` for
:func:`analysis.preamble.glue_all`: :func:`equilibrium_numbers` (the simple
game, leaders and followers), :func:`linkage_numbers` (Japan's linkage to the
US stake), :func:`region_numbers` (where each comparative-statics claim holds)
and :func:`leadership_numbers` (leading and following over the whole grid).
Where the prose says "every", the function checks it and raises
:class:`~analysis.errors.DataSchemaError` if a change of parameters makes it false.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import formal
from analysis.errors import DataSchemaError
from analysis.numbers import Number

#: Private shares drawn (step 0.05; kept coarse so that the stored charts stay small).
SHARES = np.round(np.linspace(0.0, 1.0, 21), 2)
#: Power ratios drawn in the heat map (step 0.25).
RATIOS = np.round(np.arange(1.0, 4.0001, 0.25), 2)
#: Power ratios offered by the slider of the contributions chart (step 0.5).
SLIDER_RATIOS = np.round(np.arange(1.0, 4.0001, 0.5), 2)
#: Japan's linkages offered by the second slider (step 0.25).
LINKAGES = np.round(np.linspace(0.0, 1.0, 5), 2)
#: Linkages and power ratios of the threshold chart (:func:`linkage_frame`).
THRESHOLD_LINKAGES = np.round(np.linspace(0.0, 1.0, 21), 2)
THRESHOLD_RATIOS = (1.5, 2.0, 3.0, 4.0)


def _revise(holds: bool, what: str) -> None:
    if not holds:
        raise DataSchemaError(f"{what}; revise the prose of chapter 1")


def model_grid(*, power_ratio: float, cost: float, us_private_weight: float = 1.0,
               jp_private_weight: float = 1.0) -> pd.DataFrame:
    """Nash and optimal outcomes on :data:`SHARES` x (:data:`RATIOS` plus ``power_ratio``) x :data:`LINKAGES`.

    Only the slider ratios (:data:`SLIDER_RATIOS` and ``power_ratio``) are
    computed for linkages above zero. Values are rounded to four decimals so
    that the chart specifications (and the notebook outputs that embed them)
    are small and stable.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`analysis.formal.grid`.
    """
    ratio = round(float(power_ratio), 4)
    flat = formal.grid(SHARES, sorted({*RATIOS.tolist(), ratio}), cost=cost,
                       us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    linked = formal.grid(SHARES, sorted({*SLIDER_RATIOS.tolist(), ratio}), cost=cost,
                         us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
                         jp_linkages=LINKAGES[1:])
    return pd.concat([flat, linked], ignore_index=True).round(4)


def linkage_frame(*, cost: float, us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> pd.DataFrame:
    """Japan's entry threshold at each of :data:`THRESHOLD_LINKAGES` and :data:`THRESHOLD_RATIOS`.

    The linkage at which Japan's effective stake equals the US stake
    (:func:`analysis.formal.parity_linkage`) is added for each ratio, so
    that the lines reach zero where the model says they do.

    Returns
    -------
    pandas.DataFrame
        Columns ``power_ratio``, ``jp_linkage`` and ``threshold`` (the
        smallest private share at which Japan contributes; NaN where it never
        does), rounded to four decimals.

    Raises
    ------
    DataSchemaError
        If the threshold rises with the linkage for some power ratio (the prose says it falls).
    """
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    rows = []
    for r in THRESHOLD_RATIOS:
        parity = formal.parity_linkage(float(r))
        linkages = sorted({*THRESHOLD_LINKAGES.tolist(), *([round(parity, 4)] if np.isfinite(parity) else [])})
        rows += [{"power_ratio": float(r), "jp_linkage": float(lam),
                  "threshold": formal.entry_threshold(float(r), jp_linkage=float(lam), **kw)} for lam in linkages]
    frame = pd.DataFrame(rows).round(4)
    _revise(all((part.sort_values("jp_linkage")["threshold"].diff().dropna() <= 1e-9).all()
                for _, part in frame.groupby("power_ratio")), "the threshold rises with linkage")
    return frame


def regimes(*, private_share: float, power_ratio: float, cost: float, us_private_weight: float = 1.0,
            jp_private_weight: float = 1.0, jp_linkage: float = 0.0) -> pd.DataFrame:
    """Outcomes of the four ways of playing the game at one set of parameters.

    Returns
    -------
    pandas.DataFrame
        One row per regime (simultaneous, either creditor leading, social optimum): ``Regime``,
        both contributions, Japan's share in per cent (NaN if nobody contributes), the public
        good and both payoffs.
    """
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
              jp_linkage=jp_linkage)
    outcomes = {
        "Simultaneous (Nash)": formal.nash(private_share, power_ratio, **kw),
        "US leads, Japan follows": formal.stackelberg(private_share, power_ratio, leader="US", **kw),
        "Japan leads, US follows": formal.stackelberg(private_share, power_ratio, leader="JP", **kw),
        "Social optimum": formal.social_optimum(private_share, power_ratio, **kw),
    }
    rows = []
    for label, o in outcomes.items():
        rows.append({"Regime": label, "US contribution": o.q_us, "Japan's contribution": o.q_jp,
                     "Japan's share (%)": 100 * o.japan_share if o.total > 0 else float("nan"),
                     "Public good Z": o.public_good, "US payoff": o.u_us, "Japan's payoff": o.u_jp})
    return pd.DataFrame(rows)


def _n(value: float, digits: int) -> Number:
    return Number(float(value), digits=digits)


def equilibrium_numbers(*, private_share: float, power_ratio: float, cost: float, us_private_weight: float = 1.0,
                        jp_private_weight: float = 1.0) -> dict[str, Number | str]:
    """Numbers of the sections on the simple game and on leaders and followers (no linkage).

    Parameters
    ----------
    private_share, power_ratio, cost, us_private_weight, jp_private_weight
        The chapter's parameters (checked by :func:`analysis.formal.check_parameters`).

    Returns
    -------
    dict
        The parameters (``p_alpha``, ``p_ratio``, ``p_cost``, ``p_wus``, ``p_wjp``); the Nash
        equilibrium (``ne_*``) and optimum (``so_*``), also without private benefits (``ne0_*``,
        ``so0_*``); the provision rate and gap in per cent (``ne_provision``, ``ne0_gap``); Japan's
        entry threshold at the chapter's ratio and at ratio 4 (``thr_alpha``, ``thr_alpha_hi``); the
        Stackelberg outcomes (``lead_*``).

    Raises
    ------
    ParameterError
        If a parameter is out of range.
    """
    formal.check_parameters(private_share=private_share, power_ratio=power_ratio, cost=cost,
                            us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    ne = formal.nash(private_share, power_ratio, **kw)
    so = formal.social_optimum(private_share, power_ratio, **kw)
    ne0 = formal.nash(0.0, power_ratio, **kw)
    so0 = formal.social_optimum(0.0, power_ratio, **kw)
    lead_jp = formal.stackelberg(private_share, power_ratio, leader="JP", **kw)
    lead_us = formal.stackelberg(private_share, power_ratio, leader="US", **kw)
    lead_us0 = formal.stackelberg(0.0, power_ratio, leader="US", **kw)
    return {
        "p_alpha": _n(private_share, 2), "p_ratio": _n(power_ratio, 2), "p_cost": _n(cost, 2),
        "p_wus": _n(us_private_weight, 2), "p_wjp": _n(jp_private_weight, 2),
        "ne_q_us": _n(ne.q_us, 2), "ne_q_jp": _n(ne.q_jp, 2), "ne_share_jp": _n(100 * ne.japan_share, 0),
        "ne_z": _n(ne.public_good, 2), "so_z": _n(so.public_good, 2),
        "ne_provision": _n(100 * ne.public_good / so.public_good, 0),
        "ne0_q_us": _n(ne0.q_us, 2), "ne0_z": _n(ne0.public_good, 2), "so0_z": _n(so0.public_good, 2),
        "ne0_gap": _n(100 * (1 - ne0.public_good / so0.public_good), 0),
        "thr_alpha": _n(formal.entry_threshold(power_ratio, **kw), 2),
        "thr_alpha_hi": _n(formal.entry_threshold(4.0, **kw), 2),
        "lead_jp_share": _n(100 * lead_jp.japan_share, 0), "lead_us_share": _n(100 * lead_us.japan_share, 0),
        "lead_jp_q": _n(lead_jp.q_jp, 2), "lead_us0_q_jp": _n(lead_us0.q_jp, 2),
        "lead_jp_z": _n(lead_jp.public_good, 2), "lead_us_z": _n(lead_us.public_good, 2),
    }


def linkage_numbers(*, private_share: float, power_ratio: float, cost: float, linkage: float,
                    us_private_weight: float = 1.0, jp_private_weight: float = 1.0) -> dict[str, Number | str]:
    """Numbers of the section on Japan's linkage to the US stake (H2).

    Parameters
    ----------
    private_share, power_ratio, cost, us_private_weight, jp_private_weight
        The chapter's parameters.
    linkage
        :math:`\\lambda_{JP}`, the weight of the US stake in Japan's payoff, in [0, 1].

    Returns
    -------
    dict
        ``p_link``; ``ne_q_us_alone`` (the US best response to no Japanese contribution);
        ``jp_peak_alpha`` and ``z_peak_alpha`` (the private shares, on a grid of step 0.01, at which
        Japan's contribution and the public good peak); ``thr_alpha_link`` and the Nash outcome with the
        linkage (``ne_link_*``); ``parity_link`` (the linkage at which Japan's stake equals the US's, two
        decimals, or words if above one).

    Raises
    ------
    ParameterError
        If a parameter is out of range.
    """
    formal.check_parameters(private_share=private_share, power_ratio=power_ratio, cost=cost,
                            us_private_weight=us_private_weight, jp_private_weight=jp_private_weight,
                            jp_linkage=linkage)
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    ne_link = formal.nash(private_share, power_ratio, jp_linkage=linkage, **kw)
    fine = formal.grid(np.linspace(0.0, 1.0, 101), [power_ratio], cost=cost, us_private_weight=us_private_weight,
                       jp_private_weight=jp_private_weight)
    parity = formal.parity_linkage(power_ratio)
    return {
        "p_link": _n(linkage, 2),
        "ne_q_us_alone": _n(formal.best_response(0.0, "US", private_share, power_ratio, **kw), 2),
        "jp_peak_alpha": _n(fine.loc[fine["q_jp"].idxmax(), "private_share"], 2),
        "z_peak_alpha": _n(fine.loc[fine["public_good"].idxmax(), "private_share"], 2),
        "thr_alpha_link": _n(formal.entry_threshold(power_ratio, jp_linkage=linkage, **kw), 2),
        "ne_link_q_jp": _n(ne_link.q_jp, 2), "ne_link_q_us": _n(ne_link.q_us, 2),
        "ne_link_share_jp": _n(100 * ne_link.japan_share, 0), "ne_link_z": _n(ne_link.public_good, 2),
        "parity_link": f"{parity:.2f}" if np.isfinite(parity) else "above one, out of reach",
    }


#: Glue stem -> (grid, claim of :func:`analysis.formal.region_claims`) of the claims the prose counts.
#: Grids: ``full`` (every parameter of :data:`analysis.formal.REGION`), ``full0`` (its points without
#: linkage), ``core`` (at the chapter's cost and private weights) and ``core0``.
REGION_CLAIMS: dict[str, tuple[str, str]] = {
    "c_share_core0": ("core0", "share_rises_with_alpha"), "c_share_full": ("full", "share_rises_with_alpha"),
    "c_crowd_full": ("full", "crowding_out"),
    "c_ratio_core0": ("core0", "jp_falls_with_ratio"), "c_ratio_full0": ("full0", "jp_falls_with_ratio"),
    "c_ratio_core": ("core", "jp_falls_with_ratio"),
    "c_short_core": ("core", "shortfall"), "c_over_full": ("full", "overprovision"),
    "c_short_weak": ("full", "shortfall_no_private_motive"),
    "c_link_sat": ("full", "jp_rises_with_linkage_below_satiation"), "c_link_full": ("full", "jp_rises_with_linkage"),
    "c_link_core": ("core", "jp_rises_with_linkage"),
    "c_pw_sat": ("full", "jp_rises_with_private_weight_below_satiation"),
    "c_pw_full": ("full", "jp_rises_with_private_weight"),
}
#: Claims the prose says hold at "every" point of their grid.
EVERY: tuple[tuple[str, str], ...] = (
    ("core0", "share_rises_with_alpha"), ("full", "crowding_out"), ("core0", "jp_falls_with_ratio"),
    ("core", "shortfall"), ("full", "shortfall_no_private_motive"), ("full", "jp_rises_with_linkage_below_satiation"),
    ("core", "jp_rises_with_linkage"), ("full", "jp_rises_with_private_weight_below_satiation"),
)


def region_numbers(*, cost: float, us_private_weight: float = 1.0,
                   jp_private_weight: float = 1.0) -> dict[str, Number | str]:
    """Where each comparative-statics claim holds: counts over the wider grid and over its region at the
    chapter's cost and private weights.

    Returns
    -------
    dict
        ``region_text`` (the grid in words) and, for each stem of :data:`REGION_CLAIMS`,
        ``<stem>_holds`` and ``<stem>_of`` (points where the claim holds, points where it applies).

    Raises
    ------
    DataSchemaError
        If a claim of :data:`EVERY` fails somewhere on its grid, or no point over-provides.
    """
    wide = formal.region_grid()
    core_region = {**formal.REGION, "cost": np.array([cost]), "us_private_weight": np.array([us_private_weight]),
                   "jp_private_weight": np.array([jp_private_weight])}
    core = formal.region_grid(core_region)
    claims = {
        "full": formal.region_claims(wide),
        "full0": formal.region_claims(wide[wide["jp_linkage"] == 0]),
        "core": formal.region_claims(core),
        "core0": formal.region_claims(core[core["jp_linkage"] == 0]),
    }
    for grid_name, claim in EVERY:
        row = claims[grid_name].loc[claim]
        _revise(row["holds"] == row["of"], f"claim {claim!r} no longer holds on all of grid {grid_name!r}")
    _revise(claims["full"].loc["overprovision", "holds"] > 0, "no point of the grid over-provides")
    out: dict[str, Number | str] = {"region_text": formal.describe_region()}
    for key, (grid_name, claim) in REGION_CLAIMS.items():
        row = claims[grid_name].loc[claim]
        out[f"{key}_holds"] = _n(row["holds"], 0)
        out[f"{key}_of"] = _n(row["of"], 0)
    return out


#: Glue stem -> claim of :func:`analysis.formal.leadership_claims`.
LEADERSHIP_CLAIMS: dict[str, str] = {
    "lead_less_jp": "jp_leader_gives_less", "lead_less_us": "us_leader_gives_less",
    "lead_half": "jp_leader_pays_half", "lead_half_low": "jp_leader_pays_half_low_alpha",
}


def leadership_numbers(*, cost: float, us_private_weight: float = 1.0,
                       jp_private_weight: float = 1.0) -> dict[str, Number | str]:
    """Leading and following over the private shares, power ratios and linkages of
    :data:`analysis.formal.REGION`, at the chapter's cost and private weights.

    Returns
    -------
    dict
        ``<stem>_holds`` and ``<stem>_of`` for each stem of :data:`LEADERSHIP_CLAIMS`;
        ``lead_half_min_alpha`` (the smallest private share below one at which a Japanese leader pays
        half or more).

    Raises
    ------
    DataSchemaError
        If stability reaches satiation on the grid, a leader does not always give less, a Japanese
        leader pays half without linkage, or never pays half.
    """
    kw = dict(cost=cost, us_private_weight=us_private_weight, jp_private_weight=jp_private_weight)
    lead = formal.leadership_grid(formal.REGION["private_share"], formal.REGION["power_ratio"],
                                  formal.REGION["jp_linkage"], **kw)
    claims = formal.leadership_claims(lead)
    _revise(bool((lead["public_good"] < 1).all()), "stability reaches satiation on the leadership grid")
    for claim in ("jp_leader_gives_less", "us_leader_gives_less"):
        _revise(claims.loc[claim, "holds"] == claims.loc[claim, "of"], f"claim {claim!r} no longer always holds")
    half = lead[(lead["private_share"] < 1) & (lead["share_jp_lead"] >= 0.5 - 1e-9)]
    _revise(bool((half["jp_linkage"] > 0).all()), "a Japanese leader pays half without linkage")
    _revise(not half.empty, "a Japanese leader never pays half")
    out: dict[str, Number | str] = {}
    for key, claim in LEADERSHIP_CLAIMS.items():
        out[f"{key}_holds"] = _n(claims.loc[claim, "holds"], 0)
        out[f"{key}_of"] = _n(claims.loc[claim, "of"], 0)
    out["lead_half_min_alpha"] = _n(half["private_share"].min(), 2)
    return out
