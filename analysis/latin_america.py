"""The frames of chapters 5 and 6: the Latin American debt crisis and the Mexican peso crisis.

Bank claims (BIS), external debt (World Bank via Gapminder), bilateral aid
(WDI/DAC), the peso and the yen (H.10), the rescue packages and the dated
events (fact tables). The chart functions of :mod:`analysis.figures.latin_america`
take these frames and only draw; the prose values of each chapter section come
from :mod:`analysis.debt_crisis` (chapter 5) and :mod:`analysis.peso_crisis`
(chapter 6).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import coding, facts
from analysis.countries import name_of
from analysis.errors import ParameterError, check_choice
from analysis.loaders import aid, bis, fx, gapminder_debt
from analysis.windows import check_years

#: The four largest Latin American debtors of the 1980s (FDIC's grouping).
MAJOR_DEBTORS: tuple[str, ...] = ("MEX", "BRA", "ARG", "VEN")

#: Japan's role in an event (``events.csv`` ``japan_role``) in words.
ROLE_LABELS: dict[str, str] = {
    "leader": "Japan leads",
    "active_supporter": "Japan supports with money",
    "follower": "Japan follows",
    "absent": "Japan absent",
    "na": "Not a creditor action",
}

#: The debt measures of :func:`debt_frame` (columns of the Gapminder debt loader).
DEBT_MEASURES: tuple[str, ...] = ("external_debt_musd", "debt_pct_gni", "debt_service_pct_exports")

#: The peso events the daily chart of chapter 6 marks.
PESO_EVENTS: tuple[str, ...] = ("ev-1994-devaluation", "ev-1994-float", "ev-1995-esf", "ev-1995-agreements")


def check_debtors(debtors: tuple[str, ...]) -> list[str]:
    """Return ``debtors`` as a list after checking each has BIS bank data.

    Raises
    ------
    ParameterError
        Naming the first code that is not a book country with bank data.
    """
    known = set(bis.bank_claims()["iso3"])
    for d in debtors:
        if d not in known:
            raise ParameterError(f"parameter 'debtors' contains {d!r}, which is not a book country with bank data")
    return list(debtors)


def timeline_frame(crisis: str) -> pd.DataFrame:
    """Events of one crisis with Japan's role, ready for a time-line chart.

    Parameters
    ----------
    crisis
        A key of :data:`analysis.facts.CRISES`.

    Returns
    -------
    pandas.DataFrame
        One row per event of the crisis dated in or after its first year
        (:data:`analysis.facts.CRISIS_START`); earlier background rows are left out.
        ``fact_id``, ``date``, ``when`` (the date at its precision),
        ``date_precision``, ``role`` (words of :data:`ROLE_LABELS`),
        ``japan_role``, ``description``.
    """
    check_choice("crisis", crisis, tuple(facts.CRISES))
    ev = facts.load("events")
    ev = ev[(ev["crisis"] == crisis) & (ev["date"].dt.year >= facts.CRISIS_START[crisis])].copy()
    ev["role"] = ev["japan_role"].map(ROLE_LABELS)
    ev["when"] = ev["date"].dt.strftime("%Y-%m-%d")
    ev.loc[ev["date_precision"] == "month", "when"] = ev["date"].dt.strftime("%Y-%m")
    ev.loc[ev["date_precision"] == "year", "when"] = ev["date"].dt.strftime("%Y")
    return ev[["fact_id", "date", "when", "date_precision", "role", "japan_role", "description"]].reset_index(drop=True)


def bank_claims_frame(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1977, last: int = 1998) -> pd.DataFrame:
    """BIS banks' claims on the debtors, US$ billion, long format.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``country``, ``year``, ``claims_bn``; years without a value are absent.
    """
    check_years((first, last), name="first/last", single_year=False)
    ds = check_debtors(debtors)
    b = bis.bank_claims()
    b = b[b["iso3"].isin(ds) & b["year"].between(first, last)].dropna(subset=["bank_claims_musd"])
    return pd.DataFrame({"iso3": b["iso3"], "country": b["iso3"].map(name_of), "year": b["year"],
                         "claims_bn": b["bank_claims_musd"] / 1e3}).reset_index(drop=True)


def debt_frame(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1975, last: int = 1998,
               measure: str = "external_debt_musd") -> pd.DataFrame:
    """External-debt indicator of the debtors, long format.

    Parameters
    ----------
    debtors
        ISO3 codes.
    first, last
        The years.
    measure
        One of :data:`DEBT_MEASURES`; the debt stock is returned in US$ billion,
        the ratios in per cent.

    Returns
    -------
    pandas.DataFrame
        ``iso3``, ``country``, ``year``, ``value``.
    """
    check_choice("measure", measure, DEBT_MEASURES)
    check_years((first, last), name="first/last", single_year=False)
    ds = check_debtors(debtors)
    d = gapminder_debt.debt_indicators()
    d = d[d["iso3"].isin(ds) & d["year"].between(first, last)].dropna(subset=[measure])
    scale = 1e3 if measure == "external_debt_musd" else 1.0
    return pd.DataFrame({"iso3": d["iso3"], "country": d["iso3"].map(name_of), "year": d["year"],
                         "value": d[measure] / scale}).reset_index(drop=True)


def aid_frame(debtors: tuple[str, ...] = MAJOR_DEBTORS, first: int = 1975, last: int = 1998) -> pd.DataFrame:
    """Japan's and the US's net bilateral ODA to each debtor, US$ million (long format).

    Country-years that WDI does not report stay absent (US aid to Argentina
    and Venezuela has many gaps); nothing is filled in.

    Returns
    -------
    pandas.DataFrame
        ``donor``, ``donor_name``, ``iso3``, ``country``, ``year``, ``oda_musd``.
    """
    check_years((first, last), name="first/last", single_year=False)
    ds = check_debtors(debtors)
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

    Raises
    ------
    ParameterError
        If the years are not a window or no debtor has both donors' aid in every year.
    """
    first, last = check_years(years, name="years", single_year=False)
    df = aid_frame(debtors, first, last)
    n = last - first + 1
    full = [d for d in debtors if (df[df["iso3"] == d].groupby("donor")["year"].nunique() == n).sum() == 2]
    if not full:
        raise ParameterError(f"no debtor among {list(debtors)} has aid data from both donors in every year {first}-{last}")
    sub = df[df["iso3"].isin(full)]
    out = sub.groupby("donor")["oda_musd"].sum() / n
    return pd.DataFrame({"donor": out.index, "mean_musd": out.values, "debtors": ", ".join(full)})


def debtors_table(debtors: tuple[str, ...] = MAJOR_DEBTORS, years: tuple[int, ...] = (1982, 1989, 1994)) -> pd.DataFrame:
    """Bank claims and external debt of the debtors in selected years (US$ billion; debt/GNI per cent).

    Returns
    -------
    pandas.DataFrame
        One row per debtor: ``Debtor``, then ``Bank claims <year>``,
        ``External debt <year>`` and ``Debt/GNI <year> (%)`` for each year
        (NaN where the source has no value).
    """
    ds = check_debtors(debtors)
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
    """Daily pesos per US dollar (FRED/H.10), days without a quote dropped.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``per_usd``.

    Raises
    ------
    ParameterError
        If the window holds no quote.
    """
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


def peso_monthly_frame(start: str = "1993-11", end: str = "1997-12") -> pd.DataFrame:
    """Monthly average pesos per US dollar (H.10).

    Returns
    -------
    pandas.DataFrame
        ``date`` (first of the month), ``per_usd``.

    Raises
    ------
    ParameterError
        If the window holds no month.
    """
    m = fx.h10_monthly("MEX")
    m = m[(m["date"] >= pd.Timestamp(start)) & (m["date"] <= pd.Timestamp(end))]
    if m.empty:
        raise ParameterError(f"no monthly peso rates between {start!r} and {end!r}")
    return m[["date", "per_usd"]].reset_index(drop=True)


def event_marks(event_ids: tuple[str, ...] = PESO_EVENTS) -> pd.DataFrame:
    """Dated events to mark on a daily chart, alternating between two label rows.

    Parameters
    ----------
    event_ids
        Fact ids of events (``events.csv``); each must be dated to the day.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``label`` ("20 Dec"), ``fact_id``, ``description``, ``row``
        (the label's height in pixels).

    Raises
    ------
    ParameterError
        If an id is not an event or the event is not dated to the day.
    """
    ev = facts.load("events").set_index("fact_id")
    marks: list[dict[str, Any]] = []
    for fid in event_ids:
        if fid not in ev.index:
            raise ParameterError(f"event {fid!r} is not in events.csv")
        if ev.loc[fid, "date_precision"] != "day":
            raise ParameterError(f"event {fid!r} is not dated to the day")
        marks.append({"date": ev.loc[fid, "date"], "label": ev.loc[fid, "date"].strftime("%d %b"),
                      "fact_id": fid, "description": ev.loc[fid, "description"], "row": 10 + 13 * (len(marks) % 2)})
    return pd.DataFrame(marks)


#: The lines of defence of ``packages.csv`` in words.
LINE_LABELS: dict[str, str] = {"first": "first line", "second": "second line", "short_term": "short-term facility",
                               "na": "n/a", "all": "all"}


def package_frame(package: str = "mexico_1995", *, official_only: bool = False) -> pd.DataFrame:
    """Contributor rows (not totals) of one package with a verified amount.

    Parameters
    ----------
    package
        A ``package`` key of ``packages.csv``.
    official_only
        Drop private contributors (the stalled bank credit of 1995).

    Returns
    -------
    pandas.DataFrame
        ``fact_id``, ``contributor``, ``contributor_code``, ``contributor_type``,
        ``line``, ``amount``, ``qualifier``, ``line_label``, largest amount first.
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
    out["line_label"] = out["line"].map(LINE_LABELS)
    return out.sort_values("amount", ascending=False).reset_index(drop=True)


def codes_table(crisis: str) -> pd.DataFrame:
    """Japan's final codes of one crisis with their justifications, for display.

    Parameters
    ----------
    crisis
        A key of :data:`analysis.facts.CRISES`.

    Returns
    -------
    pandas.DataFrame
        ``Phase``, ``Dimension``, ``Code`` ("high (2)") and ``Why``.
    """
    check_choice("crisis", crisis, tuple(facts.CRISES))
    j = coding.justifications(crisis=crisis)
    return pd.DataFrame({
        "Phase": j["phase_label"], "Dimension": j["dimension"],
        "Code": j["code"].map(coding.CODE_WORDS) + " (" + j["code"].astype(str) + ")",
        "Why": j["justification"],
    })
