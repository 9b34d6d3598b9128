"""Charts of chapter 3 (and of the Asian retest in chapter 8): the dependent
variable, coefficient plots, predicted against actual allocations, and the
leave-one-country-out check.

Public API
----------
:func:`oda_heatmap`
    Japan's net ODA by recipient and year (diverging colours: negative net
    flows show in blue).
:func:`coefficient_chart`
    Effect of a one-standard-deviation change of each hypothesis variable,
    with 95 per cent intervals, for several models.
:func:`predicted_actual_chart`
    Fitted against actual net ODA summed over the window, by country, with
    the 45-degree line.
:func:`leave_one_out_chart`
    Each hypothesis coefficient re-estimated without each country, against
    the full-sample estimate.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

import altair as alt
import pandas as pd

from analysis import charts
from analysis.countries import name_of
from analysis.models import Fit


def oda_heatmap(panel: pd.DataFrame, *, value: str = "net_oda_musd") -> alt.Chart:
    """Heat map of Japan's net ODA (US$ m) by recipient and year."""
    df = panel[["iso3", "name", "year", value]].dropna().copy()
    df[value] = df[value].round(1)
    order = df.groupby("name")[value].sum().sort_values(ascending=False).index.tolist()
    lim = float(df[value].abs().quantile(0.98))
    first, last = int(df["year"].min()), int(df["year"].max())
    return (
        alt.Chart(df)
        .mark_rect()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, values=list(range(first, last + 1, 2)))),
            y=alt.Y("name:N", title=None, sort=order),
            color=alt.Color(f"{value}:Q", title="Net ODA, US$ m",
                            scale=alt.Scale(scheme="redblue", reverse=True, domain=[-lim, lim], clamp=True)),
            tooltip=["name", "year", alt.Tooltip(f"{value}:Q", format=",.1f", title="US$ m")],
        )
        .properties(
            width=420, height=360,
            description=(
                f"Heat map of Japan's net bilateral ODA to each Latin American recipient, {first}-{last}, in "
                "millions of current US dollars; countries are sorted by their total over the period, largest "
                "at the top. Red cells are positive flows, blue cells negative net flows; colours are capped "
                "at the 98th percentile of absolute values."
            ),
        )
    )


def coefficient_chart(coefs: pd.DataFrame, *, variables: Sequence[str], labels: Mapping[str, str]) -> alt.LayerChart:
    """One-SD effects with 95 per cent intervals (from :func:`analysis.models.coefficients`)."""
    df = coefs[coefs["variable"].isin(variables)].copy()
    df["measure"] = df["variable"].map(lambda v: labels.get(v, v))
    order = [labels.get(v, v) for v in variables if v in set(df["variable"])]
    models = list(dict.fromkeys(df["model"]))
    for c in ("sd_effect", "sd_lower", "sd_upper"):
        df[c] = df[c].round(3)
    base = alt.Chart(df).encode(
        y=alt.Y("measure:N", title=None, sort=order),
        yOffset=alt.YOffset("model:N", sort=models),
        color=alt.Color("model:N", title="Model", sort=models, legend=alt.Legend(orient="bottom", columns=2)),
    )
    rules = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("sd_lower:Q", title="Effect of a one-standard-deviation increase on Japan's net ODA"),
        x2="sd_upper:Q",
    )
    points = base.mark_point(filled=True, size=60).encode(
        x="sd_effect:Q",
        tooltip=["measure", "model", alt.Tooltip("sd_effect:Q", format=".2f", title="effect"),
                 alt.Tooltip("sd_lower:Q", format=".2f", title="lower"),
                 alt.Tooltip("sd_upper:Q", format=".2f", title="upper")],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#444", strokeDash=[4, 3]).encode(x="x:Q")
    # no layer has a facet encoding, so alt.layer gives a LayerChart, never a FacetChart
    return (
        cast(alt.LayerChart, alt.layer(zero, rules, points))
        .properties(
            width=480, height=70 * max(len(order), 1),
            description=(
                "Coefficient plot: for each hypothesis variable (rows), the estimated change in Japan's net ODA "
                "to a debtor associated with a one-standard-deviation increase of the variable in the previous "
                "year, with 95 per cent confidence intervals, under several estimators (colours). A dashed "
                "vertical line marks zero; intervals that cross it are not significant at the 5 per cent level."
            ),
        )
    )


def predicted_actual_chart(f: Fit) -> alt.LayerChart:
    """Fitted against actual net ODA, summed by country over the estimation sample."""
    df = pd.DataFrame({"actual": f.actual, "predicted": f.fitted}).groupby(level=0).sum()
    df = df.reset_index(names="iso3")
    df["country"] = [name_of(c) for c in df["iso3"]]
    df[["actual", "predicted"]] = df[["actual", "predicted"]].round(1)
    hi = float(max(df["actual"].max(), df["predicted"].max())) * 1.05
    lo = float(min(0.0, df["actual"].min(), df["predicted"].min()))
    line = alt.Chart(pd.DataFrame({"x": [lo, hi], "y": [lo, hi]})).mark_line(color="#888", strokeDash=[4, 3]).encode(
        x="x:Q", y="y:Q")
    pts = alt.Chart(df).mark_circle(size=70, color=charts.PALETTE["Japan"]).encode(
        x=alt.X("predicted:Q", title=f"Predicted net ODA, sum {f.first_year}–{f.last_year}, US$ m",
                scale=alt.Scale(domain=[lo, hi])),
        y=alt.Y("actual:Q", title="Actual net ODA, US$ m", scale=alt.Scale(domain=[lo, hi])),
        tooltip=["country", alt.Tooltip("predicted:Q", format=",.0f"), alt.Tooltip("actual:Q", format=",.0f")],
    )
    text = pts.mark_text(align="left", dx=6, dy=-4, fontSize=10, color="#333").encode(text="country:N")
    # no layer has a facet encoding, so alt.layer gives a LayerChart, never a FacetChart
    return cast(alt.LayerChart, alt.layer(line, pts, text)).properties(
        width=460, height=460,
        description=(
            f"Scatter plot: for each Latin American recipient, Japan's actual net ODA summed over "
            f"{f.first_year}-{f.last_year} (vertical) against the sum predicted by the model '{f.label}' "
            "(horizontal), in millions of US dollars. Points above the dashed 45-degree line received more than "
            "the model predicts, points below less."
        ),
    )


def leave_one_out_chart(loo: pd.DataFrame, full: Fit, *, variables: Sequence[str],
                        labels: Mapping[str, str]) -> alt.FacetChart:
    """Strip plot of each coefficient re-estimated without one country at a time."""
    df = loo[loo["variable"].isin(variables)].copy()
    df["measure"] = df["variable"].map(lambda v: labels.get(v, v))
    df["country"] = [name_of(c) for c in df["dropped"]]
    df["significant"] = df["pvalue"].map(lambda p: "p < 0.05" if p < 0.05 else "not significant")
    df["coef"] = df["coef"].round(3)
    ref = pd.DataFrame({"variable": [v for v in variables if v in full.params.index]})
    ref["measure"] = ref["variable"].map(lambda v: labels.get(v, v))
    ref["coef"] = [round(float(full.params[v]), 3) for v in ref["variable"]]
    order = [labels.get(v, v) for v in variables]
    pts = alt.Chart().mark_circle(size=55, opacity=0.8).encode(
        x=alt.X("coef:Q", title="Coefficient without the named country", scale=alt.Scale(zero=False)),
        color=alt.Color("significant:N", title=None,
                        scale=alt.Scale(domain=["p < 0.05", "not significant"],
                                        range=[charts.PALETTE["Japan"], charts.PALETTE["Other"]])),
        tooltip=["country", alt.Tooltip("coef:Q", format=".3f"), alt.Tooltip("pvalue:Q", format=".3f")],
    )
    rule = alt.Chart().mark_rule(color="#222", strokeDash=[4, 3]).encode(x="coef:Q")
    zero = alt.Chart().mark_rule(color="#bbb").encode(x=alt.datum(0))
    data = pd.concat([df.assign(layer="loo"), ref.assign(layer="full")], ignore_index=True)
    layered = alt.layer(zero, rule.transform_filter(alt.datum.layer == "full"),
                        pts.transform_filter(alt.datum.layer == "loo"), data=data)
    return (
        layered.properties(width=500, height=40)
        .facet(row=alt.Row("measure:N", title=None, sort=order, header=alt.Header(labelAngle=0, labelAlign="left",
                                                                                  labelOrient="top")))
        .resolve_scale(x="independent")
        .properties(
            description=(
                "Strip plots, one per hypothesis variable: each dot is the coefficient estimated after dropping "
                "one Latin American country (red if significant at the 5 per cent level, grey if not); the dashed "
                "line is the estimate with all countries and the light line marks zero."
            ),
        )
    )
