"""Charts and tables of chapters 7 and 8: Japan's and the US's ties with the
Asian crisis economies, the crisis exchange rates, and the rescue packages.

Every function takes the frames of :mod:`analysis.asia`,
:mod:`analysis.asian_crisis` or :mod:`analysis.retest` and only draws or
formats. Every chart carries alt text (``description``) and uses the book's
colours for the two creditors (:func:`analysis.charts.actor_scale`). The
regression table of chapter 8 is :func:`analysis.tables.regression_table`
with the layout of :func:`analysis.asian_crisis.regression_layout`.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from analysis import asia, charts, tables
from analysis.asian_crisis import LABELS as _LABELS
from analysis.asian_crisis import PACKAGES
from analysis.countries import name_of
from analysis.errors import ParameterError

_ACTORS = ["Japan", "United States"]


def _group_lines(df: pd.DataFrame, *, field: str, title: str, legend: str, fmt: str,
                 description: str) -> alt.FacetChart:
    """Japan's and the US's lines of ``field``, one panel per group (Asian five, Latin America)."""
    return (
        alt.Chart(df)
        .mark_line()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y(f"{field}:Q", title=title),
            color=alt.Color("creditor:N", title=legend, scale=charts.actor_scale(_ACTORS)),
            tooltip=["creditor", "group", "year", alt.Tooltip(f"{field}:Q", format=fmt)],
        )
        .properties(width=220, height=220)
        .facet(column=alt.Column("group:N", title=None, sort=[asia.ASIA, asia.LATAM]))
        .properties(description=description)
    )


def _need(frame: pd.DataFrame, columns: tuple[str, ...], maker: str, *, name: str = "frame") -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(f"parameter {name!r} lacks column(s) {missing}; pass the frame of {maker}")


def aid_chart(frame: pd.DataFrame, first: int = 1970, last: int = 2005) -> alt.FacetChart:
    """Net bilateral ODA of Japan and the US to the Asian five and to Latin America.

    Parameters
    ----------
    frame
        :func:`analysis.asia.aid_by_group`.
    first, last
        The years shown.
    """
    _need(frame, ("creditor", "group", "year", "net_oda_usd"), "analysis.asia.aid_by_group")
    df = frame[frame["year"].between(first, last)].assign(oda_bn=lambda d: d["net_oda_usd"] / 1e9)
    return _group_lines(
        df, field="oda_bn", title="Net bilateral ODA, current US$ bn", legend="Donor", fmt=".2f",
        description=(
            f"Two line charts, {first}-{last}: net bilateral aid of Japan and of the United States "
            "to the five Asian crisis economies (left) and to the twenty Latin American recipients "
            "(right), in billions of current US dollars."
        ),
    )


def trade_chart(frame: pd.DataFrame) -> alt.FacetChart:
    """Manufacturing trade of Japan and the US with each group, 1986-2006.

    Parameters
    ----------
    frame
        :func:`analysis.asia.trade_by_group` of the ``"gravity"`` source.
    """
    _need(frame, ("creditor", "group", "year", "trade_musd"), "analysis.asia.trade_by_group")
    df = frame.assign(trade_bn=lambda d: d["trade_musd"] / 1e3)
    return _group_lines(
        df, field="trade_bn", title="Exports plus imports, current US$ bn", legend="Creditor", fmt=".1f",
        description=(
            "Two line charts, 1986-2006: manufacturing trade (exports plus imports) of Japan and of "
            "the United States with the five Asian crisis economies (left) and with the Latin "
            "American recipients covered by the trade data (right), in billions of current US dollars."
        ),
    )


def bank_chart(frame: pd.DataFrame, first: int = 1977, last: int = 2005) -> alt.LayerChart:
    """Claims of all BIS-reporting banks on each group, with the crisis years marked.

    Parameters
    ----------
    frame
        :func:`analysis.asia.bank_claims_by_group`.
    first, last
        The years shown.
    """
    _need(frame, ("group", "year", "bank_claims_musd"), "analysis.asia.bank_claims_by_group")
    df = frame[frame["year"].between(first, last)].assign(claims_bn=lambda d: d["bank_claims_musd"] / 1e3)
    scale = alt.Scale(domain=[asia.ASIA, asia.LATAM],
                      range=[charts.PALETTE["East Asia"], charts.PALETTE["Latin America"]])
    lines = alt.Chart(df).mark_line().encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y("claims_bn:Q", title="Claims of all reporting banks, US$ bn"),
        color=alt.Color("group:N", title=None, scale=scale),
        tooltip=["group", "year", alt.Tooltip("claims_bn:Q", format=".1f")],
    )
    marks = pd.DataFrame({"year": [1982, 1997], "label": ["1982", "1997"]})
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555").encode(x="year:Q")
    return (lines + rules).properties(
        width=490, height=280,
        description=(
            f"Line chart, {first}-{last}: cross-border claims of all BIS-reporting banks on the Latin "
            "American recipients and on the five Asian crisis economies, in billions of US dollars; "
            "dashed lines mark 1982 and 1997."
        ),
    )


def ties_table(frame: pd.DataFrame, *, latin_years: tuple[int, int] = asia.TIES_LATIN_YEARS,
               asia_years: tuple[int, int] = asia.TIES_ASIA_YEARS) -> pd.DataFrame:
    """:func:`analysis.asia.ties_comparison` formatted for publication.

    Parameters
    ----------
    frame
        :func:`analysis.asia.ties_comparison` over the two windows.
    latin_years, asia_years
        The windows of ``frame`` (named in the headers).
    """
    _need(frame, ("measure", "unit", "latin", "asia", "source"), "analysis.asia.ties_comparison")
    ly, ay = latin_years, asia_years
    return pd.DataFrame({
        "Measure": frame["measure"] + " (" + frame["unit"] + ")",
        f"Latin America, {ly[0]}-{ly[1]}": frame["latin"],
        f"Asian crisis five, {ay[0]}-{ay[1]}": frame["asia"],
        "Source": frame["source"],
    })


def country_table(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.asia.country_ties` with country names and readable headers."""
    _need(frame, ("iso3", "jp_oda_musd", "us_oda_musd", "jp_trade_musd", "us_trade_musd", "bank_claims_musd"),
          "analysis.asia.country_ties")
    t = frame
    return pd.DataFrame({
        "Country": [name_of(c) for c in t["iso3"]],
        "Japan's net ODA (US$ m)": t["jp_oda_musd"],
        "US net ODA (US$ m)": t["us_oda_musd"],
        "Japan's manuf. trade (US$ m)": t["jp_trade_musd"],
        "US manuf. trade (US$ m)": t["us_trade_musd"],
        "Claims of all BIS banks (US$ m)": t["bank_claims_musd"],
    })


def fx_chart(frame: pd.DataFrame, *, base: str = "1997-06") -> alt.Chart:
    """Monthly value of the dollar in each currency, indexed to ``base`` = 100.

    Parameters
    ----------
    frame
        :func:`analysis.asia.fx_index` of the monthly rates, indexed at ``base``.
    base
        The base month of the index (named on the axis).
    """
    _need(frame, ("iso3", "date", "index"), "analysis.asia.fx_index")
    f = frame.assign(country=[name_of(c) for c in frame["iso3"]])
    return (
        alt.Chart(f)
        .mark_line()
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 6})),
            y=alt.Y("index:Q", title=f"US$ in national currency, {base} = 100"),
            # colour and dash share one legend (same field and title), so each currency is named
            color=alt.Color("country:N", title="Currency of"),
            strokeDash=alt.StrokeDash("country:N", title="Currency of"),
            tooltip=["country", alt.Tooltip("date:T", format="%b %Y"), alt.Tooltip("index:Q", format=".0f")],
        )
        .properties(
            width=460, height=300,
            description=(
                "Line chart of monthly exchange rates, indexed so that June 1997 equals 100: the baht, won "
                "and ringgit lose value sharply from July 1997 to early 1998, the won most abruptly in "
                "December 1997; the yen moves far less."
            ),
        )
    )


# --------------------------------------------------------------------- chapter 8: lenders and packages
def lender_chart(frame: pd.DataFrame) -> alt.Chart:
    """Share of each lender nationality in the claims on each crisis economy, mid-1997.

    Parameters
    ----------
    frame
        :func:`analysis.asia.lender_shares`.
    """
    _need(frame, ("iso3", "lender", "share_pct", "verified", "measure"), "analysis.asia.lender_shares")
    df = frame.dropna(subset=["share_pct"])
    df = df.assign(country=[name_of(c) for c in df["iso3"]],
                   status=df["verified"].map({True: "verified", False: "not verified (recalled)"}))
    lenders = list(asia.LENDERS.values())
    scale = alt.Scale(domain=lenders, range=[charts.PALETTE["Japan"], charts.PALETTE["United States"],
                                             "#7b3294", "#c2a5cf"])
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort=[name_of(c) for c in asia.ASIA_FIVE]),
            yOffset=alt.YOffset("lender:N", sort=lenders),
            x=alt.X("share_pct:Q", title="Share of claims of all reporting banks, %"),
            color=alt.Color("lender:N", title="Lender", scale=scale, sort=lenders),
            opacity=alt.Opacity("status:N", title="Figure",
                                scale=alt.Scale(domain=["verified", "not verified (recalled)"], range=[1.0, 0.45])),
            tooltip=["country", "lender", alt.Tooltip("share_pct:Q", format=".1f"), "status", "measure"],
        )
        .properties(
            width=435, height=340,
            description=(
                "Grouped horizontal bars: for each of the five Asian crisis economies, the share of Japanese, "
                "US, European and German banks in the claims of all reporting banks at the end of June 1997. "
                "Japanese banks hold the largest share in Thailand, Indonesia and Malaysia; in Korea European "
                "banks hold more than Japanese banks. Faded bars are figures not verified in a source."
            ),
        )
    )


def package_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Contributions by contributor and line of defence, one column per package (US$ bn).

    Parameters
    ----------
    rows
        :func:`analysis.asian_crisis.package_rows`.
    """
    _need(rows, ("package", "contributor", "contributor_code", "line", "amount", "qualifier", "verified"),
          "analysis.asian_crisis.package_rows", name="rows")
    r = rows
    r = r[r["line"] != "na"].copy()
    q = {"up_to": "up to ", "about": "about ", "more_than": "more than "}
    r["cell"] = [
        ("" if pd.isna(a) else f"{q.get(ql, '')}{a:g}") + ("" if v else " *")
        for a, ql, v in zip(r["amount"], r["qualifier"], r["verified"])
    ]
    r["Line"] = r["line"].map({"first": "first", "second": "second"})
    order = {"IMF": 0, "WB": 1, "ADB": 2, "JPN": 3, "USA": 4}
    r["_o"] = r["contributor_code"].map(order).fillna(9)
    r["Contributor"] = r["contributor"].str.replace(r" \((Export-Import Bank of Japan|ESF)\)$", "", regex=True)
    wide = r.pivot_table(index=["Line", "_o", "Contributor"], columns="package", values="cell", aggfunc="first")
    wide = wide.reindex(columns=list(PACKAGES.values())).reset_index().sort_values(["Line", "_o", "Contributor"])
    return wide.drop(columns="_o").rename_axis(columns=None).reset_index(drop=True)


def package_chart(rows: pd.DataFrame) -> alt.Chart:
    """Stacked bars of each package by line of defence and contributor group.

    Parameters
    ----------
    rows
        :func:`analysis.asian_crisis.package_rows`.
    """
    _need(rows, ("package", "contributor", "contributor_code", "line", "amount", "qualifier"),
          "analysis.asian_crisis.package_rows", name="rows")
    r = rows
    r = r[(r["line"] != "na") & r["amount"].notna()].copy()
    group = {"JPN": "Japan", "USA": "United States", "IMF": "IMF", "WB": "World Bank", "ADB": "Asian Development Bank"}
    r["who"] = r["contributor_code"].map(group).fillna("Other governments")
    r["bar"] = r["package"] + ", " + r["line"] + " line"
    domain = ["Japan", "United States", "IMF", "World Bank", "Asian Development Bank", "Other governments"]
    colours = [charts.PALETTE["Japan"], charts.PALETTE["United States"], "#4d4d4d", "#999999", "#dfc27d", "#e0e0e0"]
    order = [f"{p}, {ln} line" for p in PACKAGES.values() for ln in ("first", "second")]
    return (
        alt.Chart(r)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("bar:N", title=None, sort=[o for o in order if o in set(r["bar"])]),
            x=alt.X("sum(amount):Q", title="Commitments, US$ bn"),
            color=alt.Color("who:N", title="Contributor", scale=alt.Scale(domain=domain, range=colours)),
            order=alt.Order("who:N"),
            tooltip=["package", "line", "contributor", alt.Tooltip("amount:Q", format=".2f"), "qualifier"],
        )
        .properties(
            width=365, height=220,
            description=(
                "Stacked horizontal bars of the Thai, Indonesian and Korean rescue packages of 1997, split into "
                "the first line of defence (IMF, World Bank, Asian Development Bank and, for Thailand, bilateral "
                "lenders) and the second line of bilateral pledges. Japan is the largest bilateral contributor "
                "in each; the United States appears only in the second lines for Indonesia and Korea."
            ),
        )
    )


# --------------------------------------------------------------------- chapter 8: retest tables and chart
def slope_table(diff: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.retest.slope_differences` for display."""
    return pd.DataFrame({
        "Variable": [_LABELS.get(v, v) for v in diff["variable"]],
        "Latin America": diff["latin"].map(lambda x: f"{x:.3f}".replace("-", "\u2212")),
        "East Asia": diff["asia"].map(lambda x: f"{x:.3f}".replace("-", "\u2212")),
        "Difference (SE)": [f"{d:.3f}{tables.stars(p)} ({s:.3f})".replace("-", "\u2212")
                            for d, p, s in zip(diff["difference"], diff["p_difference"], diff["se_difference"])],
        "p of difference": diff["p_difference"].map(lambda x: f"{x:.3f}"),
    })


def oor_chart(pred: pd.DataFrame) -> alt.Chart:
    """Actual and predicted (Latin American model) Japanese aid, by East Asian recipient and year."""
    long = pred.melt(id_vars=["iso3", "year"], value_vars=["actual_musd", "predicted_musd"],
                     var_name="series", value_name="musd")
    long["series"] = long["series"].map({"actual_musd": "Actual", "predicted_musd": "Predicted by Latin American model"})
    long["country"] = [name_of(c) for c in long["iso3"]]
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("musd:Q", title="Net ODA from Japan, US$ m"),
            color=alt.Color("series:N", title=None,
                            scale=alt.Scale(range=[charts.PALETTE["Japan"], charts.PALETTE["Other"]])),
            strokeDash=alt.StrokeDash("series:N", legend=None),
            tooltip=["country", "year", "series", alt.Tooltip("musd:Q", format=",.0f")],
        )
        .properties(width=145, height=130)
        .facet(facet=alt.Facet("country:N", title=None), columns=3)
        .resolve_scale(y="independent")
        .properties(
            description=(
                "Small multiples, one per East Asian recipient: Japan's actual net bilateral aid by year and the "
                "aid predicted by the allocation model estimated on Latin America. The predicted line lies below "
                "the actual one in almost every country and year."
            )
        )
    )


def verdict_table(quant_asia: pd.DataFrame, quant_latin: pd.DataFrame, qualitative: pd.DataFrame) -> pd.DataFrame:
    """The retest verdicts: qualitative checks and the regression verdicts side by side."""
    rows = []
    for _, r in qualitative.iterrows():
        status = "consistent" if r["met"] else "not consistent"
        if not r["data_verified"]:
            status += " (rests on unverified figures)"
        rows.append({"Hypothesis": r["hypothesis"], "Evidence": "Qualitative: " + r["expectation"],
                     "Finding": r["evidence"], "Verdict": status})
    lat = quant_latin.set_index("variable")
    for _, r in quant_asia.iterrows():
        v = r["variable"]
        la = lat.loc[v, "verdict"] if v in lat.index else "–"
        rows.append({"Hypothesis": r["hypothesis"], "Evidence": "Regression: " + _LABELS.get(v, v),
                     "Finding": f"East Asia coef. {r['coef']:.3f} (p = {r['pvalue']:.3f}), robust in {r['robust']}; "
                                f"Latin America, same window: {la}".replace("-", "\u2212"),
                     "Verdict": r["verdict"]})
    return pd.DataFrame(rows)
