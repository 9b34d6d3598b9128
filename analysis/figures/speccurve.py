"""The specification-curve figure of chapters 3 and 8 (issue 9).

Public API
----------
:func:`spec_curve_chart`
    The standard two-panel specification curve of one hypothesis variable:
    above, the standardised estimates of every specification sorted from the
    smallest to the largest, with their 95 per cent intervals and coloured by
    verdict; below, a dot matrix of the choices each specification makes,
    aligned on the same horizontal axis (the specification's rank). In the
    web edition a drop-down per choice fades the specifications that do not
    make the chosen value; the default ("All") is the printed view.

The function takes the frame of :func:`analysis.speccurve.spec_curve` and
loads no data. It sets no description: the caller gives the alt text with
``chart.properties(description=...)``.
"""
from __future__ import annotations

import json

from collections.abc import Mapping

import altair as alt
import pandas as pd

from analysis import inference as inf
from analysis import speccurve as sc
from analysis.errors import ParameterError

#: Colour of each verdict of :data:`analysis.inference.VERDICTS`.
VERDICT_COLOURS = {
    "supported": "#1a9641",
    "contradicted": "#d7191c",
    "informative null": "#2c7bb6",
    "inconclusive": "#9e9e9e",
}
#: Width of both panels in pixels (fits a ``width="container"`` page column).
WIDTH = 420  # with the choice labels, the figure fits the text column of a 1280 px page
#: Titles of the choice dimensions in the dot matrix.
CHOICE_TITLES = {
    "dependent": "Scale",
    "estimator": "Estimator",
    "window": "Window",
    "controls": "Controls",
    "influence": "Observations",
}


def _value_label(choice: str, value: object) -> str:
    names: dict[str, dict[str, str]] = {
        "dependent": sc.DEPENDENT_LABELS, "estimator": sc.ESTIMATOR_LABELS, "controls": sc.CONTROL_LABELS,
        "influence": sc.INFLUENCE_LABELS,
    }
    text = str(value)
    return f"{CHOICE_TITLES[choice]}: {names.get(choice, {}).get(text, text)}"


def spec_curve_chart(curve: pd.DataFrame, *, variable: str, labels: Mapping[str, str]) -> alt.VConcatChart:
    """The two-panel specification curve of one hypothesis variable.

    Parameters
    ----------
    curve
        From :func:`analysis.speccurve.spec_curve` (one region).
    variable
        The hypothesis variable (a value of ``curve["variable"]``).
    labels
        ``{variable: label}`` for the title (e.g. :data:`analysis.allocation.LABELS`).

    Returns
    -------
    altair.VConcatChart
        Two vertically concatenated panels sharing the x scale (the rank of
        the specification, 1 = smallest standardised estimate): the estimates
        with intervals, coloured by verdict, with a dashed rule at zero and a
        ring around the headline specification; and one row of dots per
        choice value, a dot where the specification makes that choice.

    Raises
    ------
    ParameterError
        If ``variable`` has no row in ``curve``.
    """
    df = curve[curve["variable"] == variable].copy()
    if df.empty:
        raise ParameterError(f"parameter 'variable' is {variable!r}, which has no row in the curve; "
                             f"the curve has: {sorted(curve['variable'].unique())}")
    df = df.sort_values(["std_estimate", "spec_id"], kind="mergesort").reset_index(drop=True)
    df["rank"] = range(1, len(df) + 1)
    n = len(df)
    x_scale = alt.Scale(domain=[0.5, n + 0.5], nice=False, zero=False)
    x_title = f"Specification, sorted by the standardised estimate (1 to {n})"
    verdict_scale = alt.Scale(domain=list(inf.VERDICTS), range=[VERDICT_COLOURS[v] for v in inf.VERDICTS])
    # One compact data set for both panels (the notebook stores it inline): the
    # choices enter as label columns that the bottom panel folds into rows.
    # Each choice value is stored as its row number in the bottom panel (labels
    # come from an axis expression), which keeps the inline data small.
    choice_cols = {choice: f"c{i}" for i, choice in enumerate(sc.CHOICES)}
    data = df[["rank", "std_estimate", "std_ci_low", "std_ci_high", "verdict", "headline"]].copy()
    order: list[str] = []
    for choice in sc.CHOICES:  # the order of the specifications: headline values first
        order += [_value_label(choice, v) for v in dict.fromkeys(curve[choice]) if v in set(df[choice])]
    order = list(dict.fromkeys(order))
    position = {label: i for i, label in enumerate(order)}
    for choice, col in choice_cols.items():
        data[col] = [position[_value_label(choice, v)] for v in df[choice]]
    label_expr = "[" + ", ".join(json.dumps(o) for o in order) + "][datum.value]"
    params, keep = choice_filters(data, choice_cols, order)
    faded = alt.condition("datum.keep", alt.value(1.0), alt.value(FADED))
    base = alt.Chart(data).transform_calculate(keep=keep).encode(
        x=alt.X("rank:Q", title=None, scale=x_scale, axis=alt.Axis(labels=False, ticks=False)))
    bars = base.mark_rule().encode(
        y=alt.Y("std_ci_low:Q", title="Standardised effect (SD of aid per SD of regressor)"),
        y2="std_ci_high:Q",
        color=alt.Color("verdict:N", title="Verdict (CR1, 95%)", scale=verdict_scale,
                        legend=alt.Legend(orient="top")),
        opacity=alt.condition("datum.keep", alt.value(0.45), alt.value(FADED)),
    )
    points = base.mark_point(filled=True, size=14).encode(
        y="std_estimate:Q",
        color=alt.Color("verdict:N", scale=verdict_scale, legend=None),
        opacity=faded,
        tooltip=[alt.Tooltip("std_estimate:Q", format=".3f", title="standardised"), "verdict:N"],
    )
    ring = base.transform_filter(alt.datum.headline).mark_point(size=140, color="#000", strokeWidth=1.5).encode(
        y="std_estimate:Q")
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#444", strokeDash=[4, 3]).encode(y="y:Q")
    top = alt.layer(zero, bars, points, ring).properties(
        width=WIDTH, height=240, title=alt.TitleParams(f"{labels.get(variable, variable)}: {n} specifications",
                                                       anchor="start"))
    bottom = alt.Chart(data).transform_calculate(keep=keep).transform_fold(
        list(choice_cols.values()), as_=["choice", "value"]).mark_square(size=10, color="#333").encode(
        x=alt.X("rank:Q", title=x_title, scale=x_scale),
        y=alt.Y("value:O", title=None, sort="ascending", axis=alt.Axis(labelLimit=260, labelExpr=label_expr)),
        opacity=faded,
        tooltip=["rank:Q"],
    ).properties(width=WIDTH, height=12 * len(order), title=alt.TitleParams("Choices of each specification",
                                                                              anchor="start", fontSize=11))
    return alt.vconcat(top, bottom, spacing=6).resolve_scale(x="shared").add_params(*params)


#: Opacity of the specifications a reader's filter leaves out (still visible, for context).
FADED = 0.08


def choice_filters(data: pd.DataFrame, choice_cols: Mapping[str, str],
                   order: list[str]) -> tuple[list[alt.Parameter], str]:
    """One drop-down per choice (an interactive filter of the web edition) and
    the Vega expression that is true for the specifications every filter keeps.

    Each drop-down offers "All" (the default, so the printed figure shows
    every specification) and the values of its choice present in ``data``;
    values are the row numbers of the dot matrix (``order``).
    """
    params: list[alt.Parameter] = []
    tests: list[str] = []
    for i, (choice, col) in enumerate(choice_cols.items()):
        values = sorted({int(v) for v in data[col]})
        prefix = f"{CHOICE_TITLES[choice]}: "
        names = [order[v][len(prefix):] if order[v].startswith(prefix) else order[v] for v in values]
        name = f"filter_{i}"
        params.append(alt.param(name=name, value=-1, bind=alt.binding_select(
            options=[-1, *values], labels=["All", *names], name=prefix)))
        tests.append(f"({name} < 0 || datum.{col} == {name})")
    return params, " && ".join(tests)


def shares_table(shares: pd.DataFrame, *, labels: Mapping[str, str]) -> pd.DataFrame:
    """The shares of a specification curve as a book table (whole per cent).

    Parameters
    ----------
    shares
        From :func:`analysis.speccurve.curve_shares`.
    labels
        ``{variable: label}`` for the first column.

    Returns
    -------
    pandas.DataFrame
        Variable, Specifications, and the per cent with the expected sign and
        with each verdict.
    """
    need = {"variable", "n_specs", "share_expected_sign", "share_supported", "share_contradicted",
            "share_informative_null", "share_inconclusive"}
    if not need <= set(shares.columns):
        raise ParameterError(f"parameter 'shares' lacks columns {sorted(need - set(shares.columns))}")

    def pct(col: str) -> list[int]:
        return [int(round(100 * float(x))) for x in shares[col]]

    return pd.DataFrame({
        "Variable": [labels.get(v, v) for v in shares["variable"]],
        "Specifications": [int(n) for n in shares["n_specs"]],
        "Expected sign, %": pct("share_expected_sign"),
        "Supported, %": pct("share_supported"),
        "Contradicted, %": pct("share_contradicted"),
        "Informative null, %": pct("share_informative_null"),
        "Inconclusive, %": pct("share_inconclusive"),
    })
