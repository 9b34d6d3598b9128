"""Charts of chapter 1: the joint-product model of :mod:`analysis.formal`.

Each chart is drawn from a frame computed in :mod:`analysis.theory`
(:func:`~analysis.theory.model_grid`, :func:`~analysis.theory.linkage_frame`);
the chapter's table of regimes is :func:`analysis.theory.regimes`.

Public API
----------
:func:`contributions_chart`
    Interactive: Nash contributions of the US and Japan against the private
    share, with sliders for the power ratio and for Japan's linkage (the PDF
    shows the chart at the notebook's ``power_ratio`` and no linkage).
:func:`japan_share_chart`
    Heat map of Japan's share of the joint contribution over private share and
    power ratio.
:func:`provision_chart`
    The public good supplied in equilibrium and at the optimum, by private share.
:func:`linkage_chart`
    Japan's entry threshold against its linkage to the US stake, for several
    power ratios.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from analysis import charts
from analysis.theory import RATIOS, SLIDER_RATIOS, THRESHOLD_RATIOS

_ACTORS = ["United States", "Japan"]


def contributions_chart(grid: pd.DataFrame, *, power_ratio: float) -> alt.LayerChart:
    """Nash contributions by private share, with sliders for the power ratio and Japan's linkage.

    Parameters
    ----------
    grid
        Output of :func:`analysis.theory.model_grid`.
    power_ratio
        The ratio slider's initial value (the ratio shown in the static image);
        the linkage slider starts at zero.
    """
    ratio = round(float(power_ratio), 4)
    keep = grid["power_ratio"].isin([*SLIDER_RATIOS.tolist(), ratio])
    wide = grid.loc[keep, ["private_share", "power_ratio", "jp_linkage", "q_us", "q_jp", "total_opt"]]
    wide = wide.rename(columns={"private_share": "alpha", "power_ratio": "ratio", "jp_linkage": "link",
                                "q_us": "US", "q_jp": "JP", "total_opt": "opt"})
    ratio_param = alt.param(
        name="power_ratio", value=ratio,
        bind=alt.binding_range(min=float(SLIDER_RATIOS.min()), max=float(SLIDER_RATIOS.max()), step=0.5,
                               name="Power ratio s_US / s_JP  "),
    )
    link_param = alt.param(
        name="jp_linkage", value=0.0,
        bind=alt.binding_range(min=0.0, max=1.0, step=0.25, name="Japan's linkage to the US stake λ  "),
    )
    domain = ["United States", "Japan", "Optimal total (both)"]
    colour = alt.Scale(domain=domain, range=[charts.PALETTE["United States"], charts.PALETTE["Japan"],
                                             charts.PALETTE["Other"]])
    base = (
        alt.Chart(wide)
        .transform_filter((alt.datum.ratio == ratio_param) & (alt.datum.link == link_param))
        .transform_fold(["US", "JP", "opt"], as_=["key", "value"])
        .transform_calculate(series=("datum.key == 'US' ? 'United States' : "
                                     "(datum.key == 'JP' ? 'Japan' : 'Optimal total (both)')"))
    )
    lines = base.mark_line(strokeWidth=2.5).encode(
        x=alt.X("alpha:Q", title="Private share of each unit's benefit (α)", axis=alt.Axis(format=".1f")),
        y=alt.Y("value:Q", title="Contribution in equilibrium"),
        color=alt.Color("series:N", title=None, scale=colour, legend=alt.Legend(orient="top")),
        strokeDash=alt.condition(alt.datum.series == "Optimal total (both)", alt.value([5, 4]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("alpha:Q", format=".2f", title="α"),
                 alt.Tooltip("value:Q", format=".3f")],
    )
    return (
        lines.add_params(ratio_param, link_param)
        .properties(
            width=560, height=300,
            description=(
                "Line chart: Nash equilibrium contributions of the United States (blue) and Japan (red), "
                "and the socially optimal total (grey dashes), as the private share of each unit's benefit "
                "rises from 0 to 1. One slider sets the ratio of the US stake to Japan's, another the weight "
                "Japan puts on the US stake; the static image shows a ratio of "
                f"{power_ratio:g} and no linkage. Japan contributes nothing while the private share is "
                "low and joins in once it passes a threshold, which a stronger linkage lowers."
            ),
        )
    )


def japan_share_chart(grid: pd.DataFrame) -> alt.Chart:
    """Heat map of Japan's share of the Nash contributions."""
    g = grid[grid["power_ratio"].isin(RATIOS) & (grid["jp_linkage"] == 0)].copy()
    g["japan_share_pct"] = (100 * g["japan_share"]).round(1)
    return (
        alt.Chart(g)
        .mark_rect()
        .encode(
            x=alt.X("private_share:O", title="Private share of each unit's benefit (α)",
                    axis=alt.Axis(values=[0.0, 0.2, 0.4, 0.6, 0.8, 1.0], labelAngle=0, format=".1f")),
            y=alt.Y("power_ratio:O", title="Power ratio s_US / s_JP", sort="descending"),
            color=alt.Color("japan_share_pct:Q", title="Japan's share, %",
                            scale=alt.Scale(scheme="reds", domain=[0, 50])),
            tooltip=[alt.Tooltip("private_share:Q", title="α", format=".2f"),
                     alt.Tooltip("power_ratio:Q", title="power ratio"),
                     alt.Tooltip("japan_share_pct:Q", title="Japan's share, %")],
        )
        .properties(
            width=480, height=240,
            description=(
                "Heat map: Japan's share of the two creditors' Nash contributions, for private shares "
                "from 0 to 1 (horizontal) and ratios of the US stake to Japan's from 1 to 4 (vertical). "
                "The share is zero in the lower-left region of low private shares and rises towards one "
                "half as the private share grows, faster when the two stakes are closer."
            ),
        )
    )


def provision_chart(grid: pd.DataFrame, *, power_ratio: float) -> alt.Chart:
    """Public good supplied in the Nash equilibrium and at the optimum, at one power ratio."""
    g = grid[np.isclose(grid["power_ratio"], power_ratio) & (grid["jp_linkage"] == 0)]
    long = g.melt(id_vars=["private_share"], value_vars=["public_good", "public_good_opt"],
                  var_name="regime", value_name="public_good_value")
    long["regime"] = long["regime"].map({"public_good": "Nash equilibrium", "public_good_opt": "Social optimum"})
    scale = alt.Scale(domain=["Nash equilibrium", "Social optimum"],
                      range=[charts.PALETTE["Japan"], charts.PALETTE["Other"]])
    return (
        alt.Chart(long)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("private_share:Q", title="Private share of each unit's benefit (α)", axis=alt.Axis(format=".1f")),
            y=alt.Y("public_good_value:Q", title="Public good Z (financial stability)"),
            color=alt.Color("regime:N", title=None, scale=scale, legend=alt.Legend(orient="top")),
            tooltip=["regime", alt.Tooltip("private_share:Q", format=".2f"),
                     alt.Tooltip("public_good_value:Q", format=".3f")],
        )
        .properties(
            width=560, height=260,
            description=(
                f"Line chart at a power ratio of {power_ratio:g}: the amount of the public good produced in "
                "the Nash equilibrium and at the social optimum as the private share rises. The equilibrium "
                "line lies below the optimum everywhere except at a private share of one, where no public "
                "good is produced at all."
            ),
        )
    )


def linkage_chart(frame: pd.DataFrame) -> alt.Chart:
    """Japan's entry threshold against its linkage, one line per power ratio (from :func:`analysis.theory.linkage_frame`)."""
    g = frame.dropna(subset=["threshold"]).assign(ratio_label=lambda d: d["power_ratio"].map("{:g}".format))
    order = [f"{r:g}" for r in THRESHOLD_RATIOS]
    return (
        alt.Chart(g)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("jp_linkage:Q", title="Japan's weight on the US stake (λ)", axis=alt.Axis(format=".1f")),
            y=alt.Y("threshold:Q", title="Private share at which Japan joins"),
            color=alt.Color("ratio_label:N", title="Power ratio", sort=order,
                            scale=alt.Scale(scheme="reds", domain=order), legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip("ratio_label:N", title="power ratio"),
                     alt.Tooltip("jp_linkage:Q", title="λ", format=".2f"),
                     alt.Tooltip("threshold:Q", title="threshold α", format=".3f")],
        )
        .properties(
            width=560, height=260,
            description=(
                "Line chart: the private share above which Japan contributes, against the weight Japan puts "
                "on the US stake in stability, with one line for each ratio of the US stake to Japan's. "
                "Every line falls as the linkage grows and reaches zero once Japan's stake, including what it "
                "shares in the US stake, is as large as the US stake itself."
            ),
        )
    )
