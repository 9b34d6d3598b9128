"""Japan's economic integration with the United States and with the two
developing regions of the book (chapter 2 and the introduction's overview).

The module combines the book's loaders into the series chapter 2 discusses:

- size and external balance of Japan and the US: GDP (WDI), current account
  and net international investment position (External Wealth of Nations);
- Japan's standing among the world's creditors (net IIP of every economy);
- aid volumes of the two donors (OECD DAC1 via Gapminder);
- the regional split of Japan's (and the US's) net bilateral aid over the
  book's 26 recipients (WDI, from DAC2a);
- trade of the US (Census, 1985 onwards) and of Japan (manufacturing only,
  gravity panel, 1986-2006) with the two regions and with each other.

Regional sums cover the book's recipients only (20 in Latin America, 6 in
East Asia), never a region as a whole, and only the members a source holds
(``n_countries`` says how many). A region-year without any value stays
missing; a sum is never filled with zeros.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from analysis.countries import EAST_ASIA, LATIN_AMERICA, recipients, region_of
from analysis.errors import ParameterError, check_choice
from analysis.windows import check_years, window_mean

#: The three crises of the book: (label, first year, last year).
CRISES: tuple[tuple[str, int, int], ...] = (
    ("Latin American debt crisis", 1982, 1991),
    ("Mexican peso crisis", 1994, 1995),
    ("Asian financial crisis", 1997, 1998),
)
#: Labels of the two creditors.
CREDITORS = {"JPN": "Japan", "USA": "United States"}
#: The measures of :func:`aid_volumes`.
AID_MEASURES = ("constant 2023 US$ bn", "constant 2007 US$ bn", "% of GNI")
#: The two regions, in the book's order.
REGIONS = (LATIN_AMERICA, EAST_ASIA)


def crises() -> pd.DataFrame:
    """The three crises as a table: ``crisis``, ``start``, ``end`` (years, inclusive)."""
    return pd.DataFrame(CRISES, columns=["crisis", "start", "end"])


def _regional_sum(frame: pd.DataFrame, keys: list[str], values: Iterable[str]) -> pd.DataFrame:
    """Sum ``values`` over the book's recipients by region and ``keys``.

    Rows whose ``iso3`` is not a recipient are dropped. ``n_countries``
    counts the recipients with a value of the first of ``values``; a sum with
    no value at all is missing, not zero.
    """
    values = list(values)
    rec = set(recipients())
    f = frame[frame["iso3"].isin(rec)].copy()
    f["region"] = f["iso3"].map(region_of)
    agg: dict[str, tuple[str, str | Callable[[pd.Series], Any]]] = {
        v: (v, lambda s: s.sum(min_count=1)) for v in values
    }
    agg["n_countries"] = (values[0], "count")
    return f.groupby([*keys, "region"], as_index=False).agg(**agg)


# ------------------------------------------------------------------ size, balance, wealth


def macro_comparison(first: int = 1970, last: int = 2010) -> pd.DataFrame:
    """GDP, current account and net foreign assets of Japan and the US.

    Parameters
    ----------
    first, last
        Years to keep (inclusive).

    Returns
    -------
    pandas.DataFrame
        One row per ``iso3`` (JPN, USA) and ``year``. Columns ``creditor``
        (name), ``gdp_usd`` (WDI, current US$), ``gdp_share_world`` (% of
        world GDP, WDI), ``current_account_musd``, ``net_iip_musd`` and
        ``gdp_musd`` (EWN, current US$ millions), ``ca_pct_gdp`` and
        ``net_iip_pct_gdp`` (per cent of EWN GDP).
    """
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import ewn, wdi_gdp

    wdi = wdi_gdp.gdp_population(["JPN", "USA"]).merge(wdi_gdp.world_gdp(), on="year", how="left")
    wdi["gdp_share_world"] = 100 * wdi["gdp_usd"] / wdi["world_gdp_usd"]
    ext = ewn.external_wealth()
    ext = ext[ext["iso3"].isin(["JPN", "USA"])][["iso3", "year", "current_account_musd", "net_iip_musd", "gdp_musd"]]
    out = wdi[["iso3", "year", "gdp_usd", "gdp_share_world"]].merge(ext, on=["iso3", "year"], how="outer")
    out["ca_pct_gdp"] = 100 * out["current_account_musd"] / out["gdp_musd"]
    out["net_iip_pct_gdp"] = 100 * out["net_iip_musd"] / out["gdp_musd"]
    out.insert(1, "creditor", out["iso3"].map(CREDITORS))
    out = out[out["year"].between(first, last)]
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def gdp_ratio(first: int = 1970, last: int = 2010) -> pd.Series:
    """Japan's GDP as a per cent of US GDP (WDI, current US$), by year."""
    return gdp_ratio_of(macro_comparison(first, last))


def gdp_ratio_of(macro: pd.DataFrame) -> pd.Series:
    """Japan's GDP as a per cent of US GDP, by year, from a :func:`macro_comparison` frame.

    Parameters
    ----------
    macro
        A frame with ``iso3`` (JPN and USA rows), ``year`` and ``gdp_usd``.

    Returns
    -------
    pandas.Series
        ``jpn_pct_of_usa`` indexed by ``year``; years without both values are dropped.

    Raises
    ------
    ParameterError
        If ``macro`` lacks a column or has no Japanese or no US row.
    """
    missing = [c for c in ("iso3", "year", "gdp_usd") if c not in macro.columns]
    if missing:
        raise ParameterError(f"parameter 'macro' lacks the columns {missing}; pass macro_comparison(...)")
    df = macro.pivot(index="year", columns="iso3", values="gdp_usd")
    for iso in ("JPN", "USA"):
        if iso not in df.columns:
            raise ParameterError(f"parameter 'macro' has no {iso} rows; pass macro_comparison(...) unfiltered")
    return (100 * df["JPN"] / df["USA"]).rename("jpn_pct_of_usa").dropna()


def creditor_ranking(first: int = 1975, last: int = 2010) -> pd.DataFrame:
    """Japan's place among the world's net creditors, by year (EWN, all economies).

    Returns
    -------
    pandas.DataFrame
        One row per ``year``: ``largest`` (name of the economy with the
        largest net IIP), ``largest_net_iip_musd``, ``japan_rank`` (1 =
        largest), ``japan_net_iip_musd``, ``n_economies`` (with a value).
    """
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import ewn
    from analysis.loaders.ewn import IFS_TO_ISO3

    japan_code = next(code for code, (iso, _) in IFS_TO_ISO3.items() if iso == "JPN")
    df = ewn.net_iip_all_economies().dropna(subset=["net_iip_musd"])
    df = df[df["year"].between(first, last)]
    rows = []
    for year, g in df.groupby("year"):
        g = g.sort_values("net_iip_musd", ascending=False).reset_index(drop=True)
        jp = g.index[g["ifs_code"] == japan_code]
        rows.append(
            {
                "year": int(year),
                "largest": g.loc[0, "country"],
                "largest_net_iip_musd": g.loc[0, "net_iip_musd"],
                "japan_rank": int(jp[0]) + 1 if len(jp) else pd.NA,
                "japan_net_iip_musd": g.loc[jp[0], "net_iip_musd"] if len(jp) else float("nan"),
                "n_economies": len(g),
            }
        )
    return pd.DataFrame(rows)


def first_year(series: pd.Series, condition) -> int:
    """The first index value (year) where ``condition(series)`` holds.

    Raises
    ------
    ParameterError
        If the condition never holds (there is then no such year to report).
    """
    hit = series[condition(series)]
    if hit.empty:
        raise ParameterError("the condition holds in no year of the series; there is no first year to report")
    return int(hit.index[0])


# ------------------------------------------------------------------ aid


def aid_volumes(first: int = 1970, last: int = 2010) -> pd.DataFrame:
    """Total ODA given by Japan and the US (Gapminder/OECD DAC1), long form.

    Returns
    -------
    pandas.DataFrame
        Columns ``creditor``, ``year``, ``measure`` (one of
        :data:`AID_MEASURES`), ``value``. The two constant-price series come
        from different Gapminder vintages and are never spliced (see
        :mod:`analysis.loaders.gapminder_aid`).
    """
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import gapminder_aid

    df = gapminder_aid.aid_given(["JPN", "USA"])
    df = df[df["year"].between(first, last)]
    parts = [
        df.assign(measure=AID_MEASURES[0], value=df["oda_given_const2023_usd"] / 1e9),
        df.assign(measure=AID_MEASURES[1], value=df["oda_given_const2007_usd"] / 1e9),
        df.assign(measure=AID_MEASURES[2], value=df["oda_given_pct_gni"]),
    ]
    out = pd.concat(parts, ignore_index=True)[["iso3", "year", "measure", "value"]].dropna(subset=["value"])
    out.insert(0, "creditor", out.pop("iso3").map(CREDITORS))
    return out.sort_values(["measure", "creditor", "year"]).reset_index(drop=True)


def regional_aid(first: int = 1975, last: int = 2000, *, donors: tuple[str, ...] = ("JPN", "USA")) -> pd.DataFrame:
    """Net bilateral ODA of each donor to the book's recipients, by region and year.

    Only the book's 26 recipients count (20 in Latin America, 6 in East
    Asia): these are sums over them, not regional totals.

    Returns
    -------
    pandas.DataFrame
        Columns ``donor`` (ISO3), ``creditor`` (name), ``year``, ``region``,
        ``net_oda_usd`` (current US$), ``n_countries`` (recipients with a
        value that year).
    """
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders.aid import bilateral_aid

    df = bilateral_aid(donors)
    df = df[df["year"].between(first, last)]
    out = _regional_sum(df, ["donor", "year"], ["net_oda_usd"])
    out.insert(1, "creditor", out["donor"].map(CREDITORS))
    return out.sort_values(["donor", "year", "region"]).reset_index(drop=True)


def latin_share(frame: pd.DataFrame, value: str, *, by: Iterable[str] = ("donor",)) -> pd.DataFrame:
    """Latin America's per cent of the two regions' sum, by ``by`` and year.

    Parameters
    ----------
    frame
        A regional table with ``region``, ``year``, the ``by`` columns and ``value``.
    value
        The column to share out.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``year``, ``latin_america``, ``east_asia``,
        ``total`` and ``latin_share_pct``. Missing where either region is missing.
    """
    by = list(by)
    if value not in frame.columns:
        raise ParameterError(f"parameter 'value' is {value!r}; the frame has columns {list(frame.columns)}")
    wide = frame.pivot_table(index=[*by, "year"], columns="region", values=value, aggfunc="first").reset_index()
    wide = wide.rename(columns={LATIN_AMERICA: "latin_america", EAST_ASIA: "east_asia"})
    wide.columns.name = None
    wide["total"] = wide["latin_america"] + wide["east_asia"]
    wide["latin_share_pct"] = 100 * wide["latin_america"] / wide["total"]
    return wide


def period_mean(frame: pd.DataFrame, value: str, first: int, last: int, **where: object) -> float:
    """Mean of ``value`` over the years ``first``-``last`` among rows matching ``where``
    (:func:`analysis.windows.window_mean`: missing years are skipped).

    Raises
    ------
    ParameterError
        If no row has a value (a mean of nothing must not be reported).
    """
    return window_mean(frame, value, (first, last), missing="raise_if_empty", where=where)


# ------------------------------------------------------------------ trade


def us_regional_trade(first: int = 1985, last: int = 2000) -> pd.DataFrame:
    """US goods trade with the book's recipients by region (US Census).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``region``, ``us_exports_musd``, ``us_imports_musd``,
        ``us_trade_musd`` (current US$ millions), ``n_countries``, and
        ``pct_of_us_trade`` (share of US trade with the world; missing for
        1985-86, when the file has no world total).
    """
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import census_trade

    df = census_trade.us_trade()
    df = df[df["year"].between(first, last)]
    out = _regional_sum(df, ["year"], ["us_trade_musd", "us_exports_musd", "us_imports_musd"])
    world = census_trade.world_total()[["year", "us_trade_musd"]].rename(columns={"us_trade_musd": "world"})
    out = out.merge(world, on="year", how="left")
    out["pct_of_us_trade"] = 100 * out["us_trade_musd"] / out["world"]
    return out.drop(columns="world").sort_values(["year", "region"]).reset_index(drop=True)


def gravity_regional_trade(first: int = 1986, last: int = 2006) -> pd.DataFrame:
    """Manufacturing trade of Japan and the US with the book's recipients by
    region (gravity panel), and its share of the reporter's trade with all
    68 partner countries of the panel.

    Venezuela, Peru and seven smaller Latin American recipients are not in
    the panel: the Latin American sum covers the 11 that are.

    Returns
    -------
    pandas.DataFrame
        Columns ``reporter``, ``creditor``, ``year``, ``region``,
        ``exports_musd``, ``imports_musd``, ``trade_musd`` (current US$
        millions), ``n_countries`` and ``pct_of_panel_trade``.
    """
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import gravity

    df = gravity.reporter_trade(["JPN", "USA"], book_only=False)
    df = df[df["year"].between(first, last)].copy()
    df["trade_musd"] = df["exports_musd"] + df["imports_musd"]
    out = _regional_sum(df, ["reporter", "year"], ["trade_musd", "exports_musd", "imports_musd"])
    total = df.groupby(["reporter", "year"], as_index=False)["trade_musd"].sum().rename(columns={"trade_musd": "panel"})
    out = out.merge(total, on=["reporter", "year"], how="left")
    out["pct_of_panel_trade"] = 100 * out["trade_musd"] / out["panel"]
    out.insert(1, "creditor", out["reporter"].map(CREDITORS))
    return out.drop(columns="panel").sort_values(["reporter", "year", "region"]).reset_index(drop=True)


def trade_links(first: int = 1985, last: int = 2000, *, us: pd.DataFrame | None = None,
                gravity: pd.DataFrame | None = None) -> pd.DataFrame:
    """Trade of each creditor with each region from the source that has it.

    The US series are US goods trade (Census); the Japanese series are
    Japan's manufacturing trade (gravity panel, from 1986): the two are not
    the same concept and are kept apart by ``measure``.

    Parameters
    ----------
    first, last
        Years to keep (inclusive).
    us, gravity
        Frames already fetched with :func:`us_regional_trade` and
        :func:`gravity_regional_trade` (any wider window; they are cut to
        ``first``-``last``). Fetched here when not given.

    Returns
    -------
    pandas.DataFrame
        Columns ``creditor``, ``region``, ``year``, ``trade_bn`` (current US$
        billions), ``measure``, ``n_countries``.
    """
    check_years((first, last), name="first/last", single_year=True)
    us_f = us_regional_trade(first, last) if us is None else us[us["year"].between(first, last)]
    jp = (gravity_regional_trade(max(first, 1986), min(last, 2006)) if gravity is None
          else gravity[gravity["year"].between(first, last)])
    us_f = us_f.assign(
        creditor="United States", measure="US goods trade (Census)", trade_bn=lambda d: d["us_trade_musd"] / 1e3
    )
    jp = jp[jp["reporter"] == "JPN"].assign(
        measure="Japan's manufacturing trade (gravity panel)", trade_bn=lambda d: d["trade_musd"] / 1e3
    )
    cols = ["creditor", "region", "year", "trade_bn", "measure", "n_countries"]
    return pd.concat([us_f[cols], jp[cols]], ignore_index=True)


def us_japan_trade(first: int = 1985, last: int = 2011) -> pd.DataFrame:
    """US goods trade with Japan (Census), with Japan's share of US imports.

    Returns
    -------
    pandas.DataFrame
        One row per ``year``: ``us_exports_musd``, ``us_imports_musd``,
        ``us_balance_musd`` (exports minus imports), ``japan_pct_of_us_imports``
        and ``japan_pct_of_us_deficit`` (missing before 1987: no world total).
    """
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import census_trade

    df = census_trade.us_trade()
    df = df[(df["iso3"] == "JPN") & df["year"].between(first, last)].drop(columns=["iso3", "us_trade_musd"])
    world = census_trade.world_total().rename(
        columns={"us_exports_musd": "w_exp", "us_imports_musd": "w_imp", "us_trade_musd": "w_trade"}
    )
    df = df.merge(world, on="year", how="left")
    df["us_balance_musd"] = df["us_exports_musd"] - df["us_imports_musd"]
    df["japan_pct_of_us_imports"] = 100 * df["us_imports_musd"] / df["w_imp"]
    df["japan_pct_of_us_deficit"] = 100 * df["us_balance_musd"] / (df["w_exp"] - df["w_imp"])
    return df.drop(columns=["w_exp", "w_imp", "w_trade"]).reset_index(drop=True)


def japan_exports_to_us_share(first: int = 1986, last: int = 2006) -> pd.Series:
    """The US's per cent of Japan's manufacturing exports to the panel's 68 partners."""
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import gravity

    df = gravity.reporter_trade(["JPN"], book_only=False)
    df = df[df["year"].between(first, last)]
    total = df.groupby("year")["exports_musd"].sum()
    us = df[df["iso3"] == "USA"].set_index("year")["exports_musd"]
    return (100 * us / total).rename("us_pct_of_japan_exports")


# ------------------------------------------------------------------ exchange rate


def yen_dollar(frequency: str = "monthly", first: int = 1971, last: int = 2005) -> pd.DataFrame:
    """The yen per US dollar (Federal Reserve H.10).

    Parameters
    ----------
    frequency
        ``"monthly"`` or ``"yearly"`` averages.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (monthly) or ``year`` (yearly), and ``yen_per_usd``.
    """
    check_choice("frequency", frequency, ("monthly", "yearly"))
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import fx

    if frequency == "monthly":
        df = fx.h10_monthly(["JPN"])
        df = df[df["date"].dt.year.between(first, last)]
        key = "date"
    else:
        df = fx.h10_yearly(["JPN"])
        df = df[df["year"].between(first, last)]
        key = "year"
    return df[[key, "per_usd"]].rename(columns={"per_usd": "yen_per_usd"}).reset_index(drop=True)


def aid_years_japan_ahead(measure: str, first: int = 1975, last: int = 2000) -> list[int]:
    """Years in which Japan's total ODA exceeds the US's on ``measure``
    (one of :data:`AID_MEASURES`), among years where both have a value."""
    return years_japan_ahead(aid_volumes(first, last), measure, first, last)


def years_japan_ahead(aid: pd.DataFrame, measure: str, first: int, last: int) -> list[int]:
    """Years of ``first``-``last`` in which Japan's total ODA exceeds the US's on
    ``measure``, from an :func:`aid_volumes` frame (years where both have a value).

    Raises
    ------
    ParameterError
        If ``measure`` is not one of :data:`AID_MEASURES`, or ``aid`` lacks a column.
    """
    check_choice("measure", measure, AID_MEASURES)
    check_years((first, last), name="first/last", single_year=True)
    missing = [c for c in ("creditor", "year", "measure", "value") if c not in aid.columns]
    if missing:
        raise ParameterError(f"parameter 'aid' lacks the columns {missing}; pass aid_volumes(...)")
    df = aid[(aid["measure"] == measure) & aid["year"].between(first, last)]
    w = df.pivot(index="year", columns="creditor", values="value").reindex(columns=list(CREDITORS.values()))
    w = w.dropna()
    return [int(y) for y in w.index[w["Japan"] > w["United States"]]]


# ------------------------------------------------------------------ international banking


def bank_location_shares(first: int = 1977, last: int = 2000) -> pd.DataFrame:
    """Shares of the banks located in Japan and in the US in the cross-border
    claims of all BIS reporting banks (locational statistics, residence basis).

    The denominator is the sum over the reporting countries of each year, a
    set that grows (offshore centres join in 1983): ``n_reporters`` says how
    many. The shares are by where a bank's office is, not by who owns it, so
    they are not the shares of Japanese- or US-owned banks.

    Returns
    -------
    pandas.DataFrame
        One row per ``year``: ``total_musd``, ``japan_musd``, ``us_musd``
        (current US$ millions), ``japan_pct``, ``us_pct`` and ``n_reporters``.

    Raises
    ------
    ParameterError
        If the years are not a window.
    """
    check_years((first, last), name="first/last", single_year=True)
    from analysis.loaders import bis

    r = bis.reported_claims()
    r = r[r["year"].between(first, last)]
    total = r.groupby("year")["reported_claims_musd"].agg(["sum", "count"])
    by_iso = r.dropna(subset=["iso3"]).pivot(index="year", columns="iso3", values="reported_claims_musd")
    out = pd.DataFrame({"total_musd": total["sum"], "japan_musd": by_iso.get("JPN"), "us_musd": by_iso.get("USA"),
                        "n_reporters": total["count"].astype("int64")})
    out["japan_pct"] = 100 * out["japan_musd"] / out["total_musd"]
    out["us_pct"] = 100 * out["us_musd"] / out["total_musd"]
    return out.reset_index()[["year", "total_musd", "japan_musd", "us_musd", "japan_pct", "us_pct", "n_reporters"]]
