"""Charts and tables for chapters 4-6: the Latin American debt crisis and the
Mexican peso crisis.

Every chart carries alt text (``description``) and reads its data through
the loaders or the fact tables; nothing is typed in.
"""
from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from analysis import charts, facts
from analysis.countries import name_of
from analysis.errors import ParameterError, check_choice
from analysis.loaders import aid, bis, fx, gapminder_debt
from analysis.windows import check_years

#: The four largest Latin American debtors of the 1980s (FDIC's grouping).
MAJOR_DEBTORS: tuple[str, ...] = ("MEX", "BRA", "ARG", "VEN")

ROLE_LABELS = {
    "leader": "Japan leads",
    "active_supporter": "Japan supports with money",
    "follower": "Japan follows",
    "absent": "Japan absent",
    "na": "Not a creditor action",
}
ROLE_COLOURS = {
    "leader": charts.PALETTE["Japan"],
    "active_supporter": "#ef8a62",
    "follower": "#f4a582",
    "absent": charts.PALETTE["United States"],
    "na": charts.PALETTE["Other"],
}


def _check_debtors(debtors: tuple[str, ...]) -> list[str]:
    known = set(bis.bank_claims()["iso3"])
    for d in debtors:
        if d not in known:
            raise ParameterError(f"parameter 'debtors' contains {d!r}, which is not a book country with bank data")
    return list(debtors)


def timeline_frame(crisis: str) -> pd.DataFrame:
    """Events of one crisis with Japan's role, ready for :func:`timeline_chart`."""
    check_choice("crisis", crisis, tuple(facts.CRISES))
    ev = facts.load("events")
    ev = ev[ev["crisis"] == crisis].copy()
    ev["role"] = ev["japan_role"].map(ROLE_LABELS)
    ev["when"] = ev["date"].dt.strftime("%Y-%m-%d")
    ev.loc[ev["date_precision"] == "month", "when"] = ev["date"].dt.strftime("%Y-%m")
    ev.loc[ev["date_precision"] == "year", "when"] = ev["date"].dt.strftime("%Y")
    return ev[["fact_id", "date", "when", "date_precision", "role", "japan_role", "description"]].reset_index(drop=True)


def timeline_chart(crisis: str = "debt_1982_91", *, width: int = 500) -> alt.Chart:
    """Dated events of a crisis, one row per role Japan played.

    Parameters
    ----------
    crisis
        A key of :data:`analysis.facts.CRISES`.
    width
        Chart width in pixels.
    """
    df = timeline_frame(crisis)
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


def bank_claims_frame(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1977, last: int = 1998) -> pd.DataFrame:
    """BIS banks' claims on the debtors, US$ billion, long format."""
    check_years((first, last), name="first/last", single_year=False)
    ds = _check_debtors(debtors)
    b = bis.bank_claims()
    b = b[b["iso3"].isin(ds) & b["year"].between(first, last)].dropna(subset=["bank_claims_musd"])
    return pd.DataFrame({"iso3": b["iso3"], "country": b["iso3"].map(name_of), "year": b["year"],
                         "claims_bn": b["bank_claims_musd"] / 1e3}).reset_index(drop=True)


def bank_claims_chart(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1977, last: int = 1998) -> alt.Chart:
    """Cross-border claims of all BIS-reporting banks on the major debtors."""
    df = bank_claims_frame(debtors, first, last)
    names = [name_of(d) for d in debtors]
    return (
        alt.Chart(df)
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


def debt_frame(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1975, last: int = 1998,
               measure: str = "external_debt_musd") -> pd.DataFrame:
    """External-debt indicator of the debtors, long format (``value``)."""
    check_choice("measure", measure, ("external_debt_musd", "debt_pct_gni", "debt_service_pct_exports"))
    check_years((first, last), name="first/last", single_year=False)
    ds = _check_debtors(debtors)
    d = gapminder_debt.debt_indicators()
    d = d[d["iso3"].isin(ds) & d["year"].between(first, last)].dropna(subset=[measure])
    scale = 1e3 if measure == "external_debt_musd" else 1.0
    return pd.DataFrame({"iso3": d["iso3"], "country": d["iso3"].map(name_of), "year": d["year"],
                         "value": d[measure] / scale}).reset_index(drop=True)


def debt_chart(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1975, last: int = 1998,
               measure: str = "external_debt_musd") -> alt.Chart:
    """External debt stocks (US$ billion) or debt burden (per cent) of the debtors."""
    df = debt_frame(debtors, first, last, measure)
    names = [name_of(d) for d in debtors]
    title = {"external_debt_musd": "External debt, US$ billion", "debt_pct_gni": "External debt, % of GNI",
             "debt_service_pct_exports": "Debt service, % of exports"}[measure]
    return (
        alt.Chart(df)
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


def aid_frame(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1975, last: int = 1998) -> pd.DataFrame:
    """Japan's and the US's net bilateral ODA to each debtor, US$ million (long format).

    Country-years that WDI does not report stay absent (US aid to Argentina
    and Venezuela has many gaps); nothing is filled in.
    """
    check_years((first, last), name="first/last", single_year=False)
    ds = _check_debtors(debtors)
    a = aid.bilateral_aid()
    a = a[a["iso3"].isin(ds) & a["year"].between(first, last)].dropna(subset=["net_oda_usd"])
    return pd.DataFrame({
        "donor": a["donor"], "donor_name": a["donor"].map({"JPN": "Japan", "USA": "United States"}),
        "iso3": a["iso3"], "country": a["iso3"].map(name_of), "year": a["year"],
        "oda_musd": a["net_oda_usd"] / 1e6,
    }).reset_index(drop=True)


def aid_totals(debtors: tuple[str, ...], years: tuple[int, int]) -> pd.DataFrame:
    """Mean yearly net ODA of each donor to ``debtors`` together over ``years``.

    Only debtors with a value for both donors in every year of the window are
    summed; the result names them.

    Returns
    -------
    pandas.DataFrame
        ``donor``, ``mean_musd``, ``debtors`` (the ISO3 codes summed).
    """
    first, last = years
    check_years((first, last), name="first/last", single_year=False)
    df = aid_frame(debtors, first, last)
    n = last - first + 1
    full = [d for d in debtors if (df[df["iso3"] == d].groupby("donor")["year"].nunique() == n).sum() == 2]
    if not full:
        raise ParameterError(f"no debtor among {list(debtors)} has aid data from both donors in every year {first}-{last}")
    sub = df[df["iso3"].isin(full)]
    out = sub.groupby("donor")["oda_musd"].sum() / n
    return pd.DataFrame({"donor": out.index, "mean_musd": out.values, "debtors": ", ".join(full)})


def with_gaps(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Add an empty row (``oda_musd`` missing) for every year of ``first``-``last``
    that a (debtor, donor) series of :func:`aid_frame` lacks, so that a line
    chart breaks there instead of joining the years on either side."""
    keys = frame[["donor", "donor_name", "iso3", "country"]].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"year": range(first, last + 1)}), how="cross")
    out = grid.merge(frame, on=["donor", "donor_name", "iso3", "country", "year"], how="left")
    return out.sort_values(["iso3", "donor", "year"], kind="mergesort").reset_index(drop=True)


def aid_chart(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1975, last: int = 1998) -> alt.Chart:
    """Japan's and the US's net bilateral ODA to each major debtor (small multiples);
    a year without a reported value breaks the line."""
    df = with_gaps(aid_frame(debtors, first, last), first, last)
    names = [name_of(d) for d in debtors]
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


def debtors_table(debtors: tuple[str, ...] = MAJOR_DEBTORS, years: tuple[int, ...] = (1982, 1989, 1994)) -> pd.DataFrame:
    """Bank claims and external debt of the debtors in selected years (US$ billion; debt/GNI per cent)."""
    ds = _check_debtors(debtors)
    b = bis.bank_claims().set_index(["iso3", "year"])
    d = gapminder_debt.debt_indicators().set_index(["iso3", "year"])
    rows = []
    for iso in ds:
        rec: dict[str, object] = {"Debtor": name_of(iso)}
        for y in years:
            rec[f"Bank claims {y}"] = b["bank_claims_musd"].get((iso, y), float("nan")) / 1e3
        for y in years:
            rec[f"External debt {y}"] = d["external_debt_musd"].get((iso, y), float("nan")) / 1e3
        for y in years:
            rec[f"Debt/GNI {y} (%)"] = d["debt_pct_gni"].get((iso, y), float("nan"))
        rows.append(rec)
    return pd.DataFrame(rows)


def peso_daily_frame(start: str = "1994-11-01", end: str = "1995-04-28") -> pd.DataFrame:
    """Daily pesos per US dollar (FRED/H.10), days without a quote dropped."""
    d = fx.fred_daily("MEX", start=start, end=end).dropna(subset=["per_usd"])
    if d.empty:
        raise ParameterError(f"no peso quotes between {start!r} and {end!r}")
    return d[["date", "per_usd"]].reset_index(drop=True)


def peso_weakest(start: str, end: str) -> dict[str, Any]:
    """The weakest daily peso quote (most pesos per dollar) in a stated window.

    Parameters
    ----------
    start, end
        The window (inclusive ISO dates); the prose must name it, since the
        weakest point depends on it (the acute crisis of December 1994 to
        March 1995 and the year 1995 as a whole give different answers).

    Returns
    -------
    dict
        ``date`` (Timestamp of the weakest quote, the first if tied),
        ``per_usd``, ``start`` and ``end`` (the window as given) and
        ``n_days`` (quotes in the window).
    """
    d = peso_daily_frame(start, end)
    i = int(d["per_usd"].to_numpy().argmax())
    return {"date": pd.Timestamp(d.loc[i, "date"]), "per_usd": float(d.loc[i, "per_usd"]),
            "start": start, "end": end, "n_days": len(d)}


def peso_daily_chart(start: str = "1994-11-01", end: str = "1995-04-28",
                     event_ids: tuple[str, ...] = ("ev-1994-devaluation", "ev-1994-float", "ev-1995-esf",
                                                   "ev-1995-agreements")) -> alt.Chart:
    """Daily peso rate around the devaluation, with dated events as rules.

    Parameters
    ----------
    start, end
        The window (dates).
    event_ids
        Fact ids of events (``events.csv``) to mark; each must be dated to the day.
    """
    df = peso_daily_frame(start, end)
    ev = facts.load("events").set_index("fact_id")
    marks: list[dict[str, Any]] = []
    for fid in event_ids:
        if fid not in ev.index:
            raise ParameterError(f"event {fid!r} is not in events.csv")
        if ev.loc[fid, "date_precision"] != "day":
            raise ParameterError(f"event {fid!r} is not dated to the day")
        marks.append({"date": ev.loc[fid, "date"], "label": ev.loc[fid, "date"].strftime("%d %b"),
                      "fact_id": fid, "description": ev.loc[fid, "description"], "row": 10 + 13 * (len(marks) % 2)})
    mdf = pd.DataFrame(marks)
    line = alt.Chart(df).mark_line(color=charts.PALETTE["Latin America"]).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 1})),
        y=alt.Y("per_usd:Q", title="Pesos per US dollar (noon rate, New York)", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("date:T", format="%d %b %Y"), alt.Tooltip("per_usd:Q", format=".3f", title="pesos per $")],
    )
    rules = alt.Chart(mdf).mark_rule(color=charts.PALETTE["Other"], strokeDash=[4, 3]).encode(
        x="date:T", tooltip=[alt.Tooltip("label:N", title="Date"), alt.Tooltip("description:N", title="Event"),
                             alt.Tooltip("fact_id:N", title="Chronology record")])
    labels = alt.Chart(mdf).mark_text(align="left", dx=3, dy=-4, fontSize=10, color="#444").encode(
        x="date:T", y=alt.Y("row:Q", scale=None), text="label:N")
    first, last = df["date"].min().strftime("%d %B %Y"), df["date"].max().strftime("%d %B %Y")
    return (line + rules + labels).properties(
        **charts.base(),
        description=(f"Line chart: daily exchange rate of the Mexican peso in pesos per US dollar from {first} to "
                     f"{last}, with dashed vertical lines at {len(mdf)} dated events "
                     f"({', '.join(mdf['label'])}). The rate jumps after the December devaluation and peaks in March 1995."),
    )


def peso_monthly_frame(start: str = "1993-11", end: str = "1997-12") -> pd.DataFrame:
    """Monthly average pesos per US dollar (H.10)."""
    m = fx.h10_monthly("MEX")
    m = m[(m["date"] >= pd.Timestamp(start)) & (m["date"] <= pd.Timestamp(end))]
    if m.empty:
        raise ParameterError(f"no monthly peso rates between {start!r} and {end!r}")
    return m[["date", "per_usd"]].reset_index(drop=True)


def peso_monthly_chart(start: str = "1993-11", end: str = "1997-12") -> alt.Chart:
    """Monthly average peso rate over the crisis and recovery."""
    df = peso_monthly_frame(start, end)
    colour = charts.PALETTE["Latin America"]
    return alt.Chart(df).mark_line(point=alt.OverlayMarkDef(color=colour, size=20), color=colour).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1})),
        y=alt.Y("per_usd:Q", title="Pesos per US dollar, monthly average"),
        tooltip=[alt.Tooltip("date:T", format="%b %Y"), alt.Tooltip("per_usd:Q", format=".3f")],
    ).properties(**charts.base(),
                 description=(f"Line chart: monthly average exchange rate of the Mexican peso, pesos per US dollar, "
                              f"{df['date'].min():%B %Y} to {df['date'].max():%B %Y}."))


def package_frame(package: str = "mexico_1995", *, official_only: bool = False) -> pd.DataFrame:
    """Contributor rows (not totals) of one package with a verified amount.

    Parameters
    ----------
    package
        A ``package`` key of ``packages.csv``.
    official_only
        Drop private contributors (the stalled bank credit of 1995).
    """
    p = facts.load("packages")
    known = sorted(p["package"].unique())
    check_choice("package", package, known)
    p = p[(p["package"] == package) & ~p["is_total"] & (p["measure"] == "commitment")]
    p = p[p["amount"].notna() & p["verified"].isin(["yes", "local_file"])]
    if official_only:
        p = p[p["contributor_type"] != "private"]
    units = set(p["unit"])
    if len(units) > 1:
        raise ParameterError(f"package {package!r} mixes units {sorted(units)}; cannot chart them together")
    out = p[["fact_id", "contributor", "contributor_code", "contributor_type", "line", "amount", "qualifier"]].copy()
    out["line_label"] = out["line"].map({"first": "first line", "second": "second line",
                                         "short_term": "short-term facility", "na": "n/a", "all": "all"})
    return out.sort_values("amount", ascending=False).reset_index(drop=True)



def _package_name(package: str) -> str:
    """A package id such as ``"mexico_1995"`` as prose: ``"Mexico 1995"``."""
    return " ".join(w.capitalize() if w.isalpha() else w for w in package.split("_"))


def package_chart(package: str = "mexico_1995") -> alt.Chart:
    """Official contributions to one rescue package by contributor (verified rows only)."""
    df = package_frame(package, official_only=True)
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
