"""Charts of chapters 5 and 6: the Latin American debt crisis and the Mexican
peso crisis.

Every function takes the frames of :mod:`analysis.latin_america` and only
draws; every chart carries alt text (``description``).
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import charts, facts
from analysis.countries import name_of
from analysis.errors import ParameterError
from analysis.latin_america import MAJOR_DEBTORS, ROLE_LABELS

ROLE_COLOURS = {
    "leader": charts.PALETTE["Japan"],
    "active_supporter": "#ef8a62",
    "follower": "#f4a582",
    "absent": charts.PALETTE["United States"],
    "na": charts.PALETTE["Other"],
}


def _check_frame(frame: pd.DataFrame, columns: tuple[str, ...], maker: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(f"parameter 'frame' lacks column(s) {missing}; pass the frame of "
                             f"analysis.latin_america.{maker}")
    if frame.empty:
        raise ParameterError(f"parameter 'frame' is empty; nothing to draw (see analysis.latin_america.{maker})")


def timeline_chart(frame: pd.DataFrame, crisis: str, *, width: int = 500) -> alt.Chart:
    """Dated events of a crisis, one row per role Japan played.

    Parameters
    ----------
    frame
        :func:`analysis.latin_america.timeline_frame` of ``crisis``.
    crisis
        A key of :data:`analysis.facts.CRISES` (named in the alt text).
    width
        Chart width in pixels.
    """
    _check_frame(frame, ("date", "when", "role", "japan_role", "description", "fact_id"), "timeline_frame")
    if crisis not in facts.CRISES:
        raise ParameterError(f"parameter 'crisis' is {crisis!r}; allowed values are: {', '.join(facts.CRISES)}")
    df = frame
    roles = [r for r in ROLE_LABELS if r in set(df["japan_role"])]
    domain = [ROLE_LABELS[r] for r in roles]
    colours = [ROLE_COLOURS[r] for r in roles]
    first, last = df["date"].min().year, df["date"].max().year
    short = last - first < 5
    axis = (alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 6}) if short
            else alt.Axis(format="%Y", tickCount=min(12, last - first + 1)))
    chart = (
        alt.Chart(df)
        .mark_circle(size=110, opacity=0.9)
        .encode(
            x=alt.X("date:T", title=None, scale=alt.Scale(padding=12), axis=axis),
            y=alt.Y("role:N", title=None, sort=domain, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("role:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
            tooltip=[alt.Tooltip("when:N", title="Date"), alt.Tooltip("description:N", title="Event"),
                     alt.Tooltip("fact_id:N", title="Chronology record")],
        )
        .properties(
            width=width, height=40 * len(domain) + 20,
            description=(f"Time line of {len(df)} dated events of the {facts.CRISES[crisis]}, {first} to {last}, "
                         "each placed on a row for the role Japan played in it: leading, supporting with money, "
                         "following, absent, or not a creditor action. Hover a point for the event and its record in the chronology."),
        )
    )
    return chart


def _names(debtors: tuple[str, ...]) -> list[str]:
    """The debtors' names in the order of ``debtors`` (the legend's order)."""
    return [name_of(d) for d in debtors]


def bank_claims_chart(frame: pd.DataFrame, *, debtors: tuple[str, ...] = MAJOR_DEBTORS) -> alt.Chart:
    """Cross-border claims of all BIS-reporting banks on the major debtors.

    Parameters
    ----------
    frame
        :func:`analysis.latin_america.bank_claims_frame`.
    debtors
        The debtors in the legend's order.
    """
    _check_frame(frame, ("country", "year", "claims_bn"), "bank_claims_frame")
    names = _names(debtors)
    first, last = int(frame["year"].min()), int(frame["year"].max())
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("claims_bn:Q", title="US$ billion, end of year"),
            color=alt.Color("country:N", sort=names, title=None),
            tooltip=["country:N", "year:Q", alt.Tooltip("claims_bn:Q", format=",.1f", title="US$ bn")],
        )
        .properties(**charts.base(),
                    description=(f"Line chart: cross-border claims of all BIS-reporting banks on {', '.join(names)}, "
                                 f"{first} to {last}, in billions of US dollars at the end of each year."))
    )


#: Axis titles of the debt measures.
DEBT_TITLES = {"external_debt_musd": "External debt, US$ billion", "debt_pct_gni": "External debt, % of GNI",
               "debt_service_pct_exports": "Debt service, % of exports"}


def debt_chart(frame: pd.DataFrame, *, measure: str, debtors: tuple[str, ...] = MAJOR_DEBTORS) -> alt.Chart:
    """External debt stocks (US$ billion) or debt burden (per cent) of the debtors.

    Parameters
    ----------
    frame
        :func:`analysis.latin_america.debt_frame` of ``measure``.
    measure
        The measure the frame holds (names the axis).
    debtors
        The debtors in the legend's order.
    """
    _check_frame(frame, ("country", "year", "value"), "debt_frame")
    if measure not in DEBT_TITLES:
        raise ParameterError(f"parameter 'measure' is {measure!r}; allowed values are: {', '.join(DEBT_TITLES)}")
    names = _names(debtors)
    first, last = int(frame["year"].min()), int(frame["year"].max())
    title = DEBT_TITLES[measure]
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("value:Q", title=title),
            color=alt.Color("country:N", sort=names, title=None),
            tooltip=["country:N", "year:Q", alt.Tooltip("value:Q", format=",.1f", title=title)],
        )
        .properties(**charts.base(),
                    description=f"Line chart: {title[:1].lower() + title[1:]} of {', '.join(names)}, {first} to {last}.")
    )


def with_gaps(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Add an empty row (``oda_musd`` missing) for every year of ``first``-``last``
    that a (debtor, donor) series of :func:`analysis.latin_america.aid_frame` lacks,
    so that a line chart breaks there instead of joining the years on either side."""
    if first > last:
        raise ParameterError(f"parameters 'first'/'last' are {first}/{last}; first must not be after last")
    keys = frame[["donor", "donor_name", "iso3", "country"]].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"year": range(first, last + 1)}), how="cross")
    out = grid.merge(frame, on=["donor", "donor_name", "iso3", "country", "year"], how="left")
    return out.sort_values(["iso3", "donor", "year"], kind="mergesort").reset_index(drop=True)


def aid_chart(frame: pd.DataFrame, *, first: int, last: int, debtors: tuple[str, ...] = MAJOR_DEBTORS) -> alt.FacetChart:
    """Japan's and the US's net bilateral ODA to each major debtor (small multiples);
    a year without a reported value breaks the line.

    Parameters
    ----------
    frame
        :func:`analysis.latin_america.aid_frame`.
    first, last
        The years of the axis (a year without a value leaves a gap).
    debtors
        The debtors in the panels' order.
    """
    _check_frame(frame, ("donor", "donor_name", "iso3", "country", "year", "oda_musd"), "aid_frame")
    df = with_gaps(frame, first, last)
    names = _names(debtors)
    dom = ["Japan", "United States"]
    return (
        alt.Chart(df)
        .mark_line(point=alt.OverlayMarkDef(size=18), invalid="break-paths-show-domains")
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("oda_musd:Q", title="US$ million"),
            color=alt.Color("donor_name:N", scale=charts.actor_scale(dom), title=None),
            tooltip=["country:N", "donor_name:N", "year:Q", alt.Tooltip("oda_musd:Q", format=",.1f", title="US$ million")],
        )
        .properties(width=210, height=150)
        .facet(facet=alt.Facet("country:N", sort=names, title=None), columns=2)
        .resolve_scale(y="independent")
        .properties(description=(f"Four small line charts, one per debtor ({', '.join(names)}): net bilateral official "
                                 f"development assistance from Japan and from the United States, {first} to {last}, "
                                 "millions of current US dollars; gaps are years without a reported value."))
    )


def peso_daily_chart(frame: pd.DataFrame, marks: pd.DataFrame) -> alt.LayerChart:
    """Daily peso rate around the devaluation, with dated events as rules.

    Parameters
    ----------
    frame
        :func:`analysis.latin_america.peso_daily_frame`.
    marks
        :func:`analysis.latin_america.event_marks`.
    """
    _check_frame(frame, ("date", "per_usd"), "peso_daily_frame")
    _check_frame(marks, ("date", "label", "fact_id", "description", "row"), "event_marks")
    line = alt.Chart(frame).mark_line(color=charts.PALETTE["Latin America"]).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 1})),
        y=alt.Y("per_usd:Q", title="Pesos per US dollar (noon rate, New York)", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("date:T", format="%d %b %Y"), alt.Tooltip("per_usd:Q", format=".3f", title="pesos per $")],
    )
    rules = alt.Chart(marks).mark_rule(color=charts.PALETTE["Other"], strokeDash=[4, 3]).encode(
        x="date:T", tooltip=[alt.Tooltip("label:N", title="Date"), alt.Tooltip("description:N", title="Event"),
                             alt.Tooltip("fact_id:N", title="Chronology record")])
    labels = alt.Chart(marks).mark_text(align="left", dx=3, dy=-4, fontSize=10, color="#444").encode(
        x="date:T", y=alt.Y("row:Q", scale=None), text="label:N")
    first, last = frame["date"].min().strftime("%d %B %Y"), frame["date"].max().strftime("%d %B %Y")
    return (line + rules + labels).properties(
        **charts.base(),
        description=(f"Line chart: daily exchange rate of the Mexican peso in pesos per US dollar from {first} to "
                     f"{last}, with dashed vertical lines at {len(marks)} dated events "
                     f"({', '.join(marks['label'])}). The rate jumps after the December devaluation and peaks in March 1995."),
    )


def peso_monthly_chart(frame: pd.DataFrame) -> alt.Chart:
    """Monthly average peso rate over the crisis and recovery.

    Parameters
    ----------
    frame
        :func:`analysis.latin_america.peso_monthly_frame`.
    """
    _check_frame(frame, ("date", "per_usd"), "peso_monthly_frame")
    colour = charts.PALETTE["Latin America"]
    return alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(color=colour, size=20), color=colour).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1})),
        y=alt.Y("per_usd:Q", title="Pesos per US dollar, monthly average"),
        tooltip=[alt.Tooltip("date:T", format="%b %Y"), alt.Tooltip("per_usd:Q", format=".3f")],
    ).properties(**charts.base(),
                 description=(f"Line chart: monthly average exchange rate of the Mexican peso, pesos per US dollar, "
                              f"{frame['date'].min():%B %Y} to {frame['date'].max():%B %Y}."))


def _package_name(package: str) -> str:
    """A package id such as ``"mexico_1995"`` as prose: ``"Mexico 1995"``."""
    return " ".join(w.capitalize() if w.isalpha() else w for w in package.split("_"))


def package_chart(frame: pd.DataFrame, package: str) -> alt.Chart:
    """Official contributions to one rescue package by contributor (verified rows only).

    Parameters
    ----------
    frame
        :func:`analysis.latin_america.package_frame` of ``package`` (``official_only=True``).
    package
        The package's key (named in the alt text).
    """
    _check_frame(frame, ("contributor", "line_label", "amount", "qualifier", "fact_id"), "package_frame")
    df = frame.copy()
    df["who"] = df["contributor"].str.replace(r" \(.*\)$", "", regex=True)
    palette = {"first line": charts.PALETTE["United States"], "short-term facility": "#92c5de",
               "second line": charts.PALETTE["Japan"], "n/a": charts.PALETTE["Other"]}
    dom = [k for k in palette if k in set(df["line_label"])]
    colour = alt.Color("line_label:N", title="Line", scale=alt.Scale(domain=dom, range=[palette[k] for k in dom]))
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("who:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("amount:Q", title="US$ billion committed"),
        color=colour,
        tooltip=["contributor:N", alt.Tooltip("amount:Q", format=",.2f", title="US$ bn"), "qualifier:N",
                 alt.Tooltip("fact_id:N", title="Chronology record")],
    ).properties(width=390, height=28 * len(df) + 20,
                 description=(f"Bar chart: official commitments to the {_package_name(package)} rescue package by "
                              f"contributor, billions of US dollars, {len(df)} contributors with a verified amount."))
