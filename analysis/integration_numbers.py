"""The prose numbers of chapter 2 (Japan's integration), one function per section.

Each function takes the frames the chapter already fetched from
:mod:`analysis.integration` (the same frames its figures are drawn from) and
returns a mapping glue key -> :class:`~analysis.numbers.Number` or ``str``,
which the notebook glues with one call to :func:`analysis.preamble.glue_all`.
The functions compute nothing the prose does not print, and they raise rather
than print a number that does not exist: a year the frame lacks is a
:class:`~analysis.errors.DataSchemaError` naming the series and the year, a
frame without the columns a function needs is a
:class:`~analysis.errors.ParameterError` naming the parameter.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis import facts, integration
from analysis.countries import EAST_ASIA, LATIN_AMERICA
from analysis.errors import DataSchemaError, ParameterError
from analysis.numbers import Number, Numbers
from analysis.windows import window_mean

__all__ = [
    "aid_volume_numbers",
    "balance_numbers",
    "banking_numbers",
    "creditor_numbers",
    "opening_numbers",
    "regional_aid_numbers",
    "size_numbers",
    "trade_numbers",
    "us_japan_numbers",
    "yen_numbers",
]


# ------------------------------------------------------------------ helpers


def _require(frame: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    """Raise :class:`ParameterError` naming ``name`` unless ``frame`` is a frame with ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"parameter {name!r} is a {type(frame).__name__}; pass a pandas DataFrame")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"parameter {name!r} lacks the columns {missing}; pass the frame the chapter's "
            "analysis.integration call returns")


def _series(frame: pd.DataFrame, column: str, *, what: str, **where: object) -> pd.Series:
    """``column`` of the rows matching ``where``, indexed by ``year`` (one row per year)."""
    rows = frame
    for col, val in where.items():
        rows = rows[rows[col] == val]
    s = rows.set_index("year")[column]
    if s.index.duplicated().any():
        raise DataSchemaError(f"{what}: more than one row per year; filter the frame to one series")
    return s


def _at(series: pd.Series, year: object, *, what: str) -> float:
    """The value of ``series`` at ``year``, or :class:`DataSchemaError` naming the series and the year."""
    if year not in series.index or pd.isna(series.loc[year]):
        raise DataSchemaError(f"{what} has no value for {year}; pass a frame that covers {year}")
    return float(series.loc[year])


def _window(series: pd.Series, first: int, last: int, *, what: str) -> pd.Series:
    """The years ``first``-``last`` of ``series`` with a value; raises if there is none."""
    s = series.loc[(series.index >= first) & (series.index <= last)].dropna()
    if s.empty:
        raise DataSchemaError(f"{what} has no value in {first}-{last}; pass a frame that covers these years")
    return s


def _mean(frame: pd.DataFrame, column: str, first: int, last: int, **where: object) -> float:
    """Mean over ``first``-``last`` (missing years skipped; none at all raises)."""
    return window_mean(frame, column, (first, last), missing="raise_if_empty", where=where or None,
                       what=column)


# ------------------------------------------------------------------ sections


def size_numbers(macro: pd.DataFrame) -> Numbers:
    """Section "Size": Japan's GDP relative to the US and to the world.

    Parameters
    ----------
    macro
        :func:`analysis.integration.macro_comparison` for 1970-2010 (the peak
        of Japan's GDP relative to the US is searched over the frame's years).

    Returns
    -------
    Numbers
        ``int_ratio_*`` (Japan's GDP as a per cent of US GDP in 1970, 1985,
        1988, the peak year, 2000, 2005), ``int_ratio_peak_year``, Japan's and
        the US's shares of world GDP (``int_jp_world_*``, ``int_us_world_peak``)
        and Japan's GDP in US$ trillion (``int_jp_gdp_1985``, ``int_jp_gdp_peak``).
    """
    _require(macro, "macro", ("iso3", "year", "gdp_usd", "gdp_share_world"))
    ratio = integration.gdp_ratio_of(macro)
    if ratio.empty:
        raise DataSchemaError("Japan's GDP relative to the US has no year with both values; check 'macro'")
    peak = int(ratio.idxmax())
    share_jp = _series(macro, "gdp_share_world", what="Japan's share of world GDP", iso3="JPN")
    share_us = _series(macro, "gdp_share_world", what="the US share of world GDP", iso3="USA")
    gdp_jp = _series(macro, "gdp_usd", what="Japan's GDP", iso3="JPN")
    r = "Japan's GDP as a per cent of US GDP"
    return {
        "int_ratio_1970": Number(_at(ratio, 1970, what=r), digits=0),
        "int_ratio_1985": Number(_at(ratio, 1985, what=r), digits=0),
        "int_ratio_1988": Number(_at(ratio, 1988, what=r), digits=0),
        "int_ratio_peak_year": str(peak),
        "int_ratio_peak": Number(_at(ratio, peak, what=r), digits=0),
        "int_ratio_2000": Number(_at(ratio, 2000, what=r), digits=0),
        "int_ratio_2005": Number(_at(ratio, 2005, what=r), digits=0),
        "int_jp_world_1985": Number(_at(share_jp, 1985, what="Japan's share of world GDP"), digits=1),
        "int_jp_world_peak": Number(_at(share_jp, peak, what="Japan's share of world GDP"), digits=1),
        "int_jp_world_2005": Number(_at(share_jp, 2005, what="Japan's share of world GDP"), digits=1),
        "int_us_world_peak": Number(_at(share_us, peak, what="the US share of world GDP"), digits=1),
        "int_jp_gdp_1985": Number(_at(gdp_jp, 1985, what="Japan's GDP"), digits=2, scale=1e12),
        "int_jp_gdp_peak": Number(_at(gdp_jp, peak, what="Japan's GDP"), digits=2, scale=1e12),
    }


def balance_numbers(macro: pd.DataFrame) -> Numbers:
    """Section "Balance": the current accounts of the 1980s and after.

    Parameters
    ----------
    macro
        :func:`analysis.integration.macro_comparison` covering 1980-2000.

    Returns
    -------
    Numbers
        Japan's largest surplus and the US's largest deficit of 1980-1990 (year,
        per cent of GDP, US$ bn; the deficit as a positive number), the two
        cumulative balances of 1983-1990 (US$ bn, the US's as a positive
        deficit) and Japan's surplus as a per cent of the US deficit, Japan's
        balance in 1995 and the US deficit in 2000 (per cent of GDP).
    """
    _require(macro, "macro", ("iso3", "year", "ca_pct_gdp", "current_account_musd"))
    pct_jp = _window(_series(macro, "ca_pct_gdp", what="Japan's current account", iso3="JPN"), 1980, 1990,
                     what="Japan's current account (% of GDP)")
    pct_us = _window(_series(macro, "ca_pct_gdp", what="the US current account", iso3="USA"), 1980, 1990,
                     what="the US current account (% of GDP)")
    musd_jp = _series(macro, "current_account_musd", what="Japan's current account", iso3="JPN")
    musd_us = _series(macro, "current_account_musd", what="the US current account", iso3="USA")
    jp_all = _series(macro, "ca_pct_gdp", what="Japan's current account", iso3="JPN")
    us_all = _series(macro, "ca_pct_gdp", what="the US current account", iso3="USA")
    peak, trough = int(pct_jp.idxmax()), int(pct_us.idxmin())
    cum_jp = float(_window(musd_jp, 1983, 1990, what="Japan's current account (US$ m)").sum())
    cum_us = float(_window(musd_us, 1983, 1990, what="the US current account (US$ m)").sum())
    return {
        "int_ca_jp_peak_year": str(peak),
        "int_ca_jp_peak": Number(float(pct_jp[peak]), digits=1),
        "int_ca_jp_peak_bn": Number(_at(musd_jp, peak, what="Japan's current account (US$ m)"), digits=0,
                                    scale=1e3),
        "int_ca_us_trough_year": str(trough),
        "int_ca_us_trough": Number(-float(pct_us[trough]), digits=1),
        "int_ca_us_trough_bn": Number(-_at(musd_us, trough, what="the US current account (US$ m)"), digits=0,
                                      scale=1e3),
        "int_ca_cum_jp": Number(cum_jp, digits=0, scale=1e3),
        "int_ca_cum_us": Number(-cum_us, digits=0, scale=1e3),
        "int_ca_cum_share": Number(100 * cum_jp / -cum_us, digits=0),
        "int_ca_jp_1995": Number(_at(jp_all, 1995, what="Japan's current account (% of GDP)"), digits=1),
        "int_ca_us_2000": Number(-_at(us_all, 2000, what="the US current account (% of GDP)"), digits=1),
    }


def creditor_numbers(macro: pd.DataFrame, ranking: pd.DataFrame) -> Numbers:
    """Section "Creditor and debtor": Japan's rank among creditors and the two net positions.

    Parameters
    ----------
    macro
        :func:`analysis.integration.macro_comparison` covering 1980-2000.
    ranking
        :func:`analysis.integration.creditor_ranking` covering 1980-2000.

    Returns
    -------
    Numbers
        The first year Japan holds the largest net foreign assets
        (``int_top_first``), how many of the years from then to 2000 it does
        (``int_top_n`` of ``int_top_span``) and the exceptions with the economy
        ahead (``int_top_exception``); the net positions of Japan and the US
        (US$ bn, the US's from 1990 as a positive net debt; per cent of GDP in
        2000); the first year from 1980 the US position is negative; the largest
        creditor of 1985 and of 1980 (``int_us_1980_rank_text``); the number of
        economies ranked in 1990; the dates of the two official statements of
        1986 (fact rows ``ev-1986-jpn-creditor`` and ``ev-1986-us-debtor``).
    """
    _require(macro, "macro", ("iso3", "year", "net_iip_musd", "net_iip_pct_gdp"))
    _require(ranking, "ranking", ("year", "largest", "japan_rank", "n_economies"))
    rank = ranking.set_index("year")
    is_top = rank["japan_rank"].map(lambda r: bool(not pd.isna(r) and r == 1))
    first_top = integration.first_year(is_top, lambda s: s)
    span = rank.loc[first_top:2000]
    n_top = int(is_top.loc[first_top:2000].sum())
    exceptions = [y for y in span.index if not is_top[y]]
    jp = _series(macro, "net_iip_musd", what="Japan's net foreign assets", iso3="JPN")
    us = _series(macro, "net_iip_musd", what="the US net foreign assets", iso3="USA")
    jp_pct = _series(macro, "net_iip_pct_gdp", what="Japan's net foreign assets (% of GDP)", iso3="JPN")
    us_pct = _series(macro, "net_iip_pct_gdp", what="the US net foreign assets (% of GDP)", iso3="USA")
    us_negative = integration.first_year(us.loc[1980:], lambda s: s < 0)
    largest = rank["largest"]
    for y in (1980, 1985):
        if y not in largest.index:
            raise DataSchemaError(f"the creditor ranking has no row for {y}; pass a ranking that covers {y}")
    out: dict[str, Number | str] = {
        "int_top_first": str(first_top),
        "int_top_n": str(n_top),
        "int_top_span": str(len(span)),
        "int_top_exception": ", ".join(f"{y} ({span.loc[y, 'largest']})" for y in exceptions),
    }
    for y in (1980, 1985, 1990, 1995, 2000):
        out[f"int_nfa_jp_{y}"] = Number(_at(jp, y, what="Japan's net foreign assets"), digits=0, scale=1e3)
    out["int_nfa_jp_2000_gdp"] = Number(_at(jp_pct, 2000, what="Japan's net foreign assets (% of GDP)"), digits=0)
    out["int_us_negative_year"] = str(us_negative)
    out["int_1985_largest"] = str(largest[1985])
    out["int_nfa_us_1985"] = Number(_at(us, 1985, what="the US net foreign assets"), digits=0, scale=1e3)
    out["int_nfa_us_1986"] = Number(_at(us, 1986, what="the US net foreign assets"), digits=0, scale=1e3)
    out["int_mof_date"] = facts.date_text("ev-1986-jpn-creditor")
    out["int_doc_date"] = facts.date_text("ev-1986-us-debtor")
    out["int_nfa_us_1980"] = Number(_at(us, 1980, what="the US net foreign assets"), digits=0, scale=1e3)
    out["int_nfa_us_1990"] = Number(-_at(us, 1990, what="the US net foreign assets"), digits=0, scale=1e3)
    out["int_nfa_us_2000"] = Number(-_at(us, 2000, what="the US net foreign assets"), digits=0, scale=1e3)
    out["int_nfa_us_2000_gdp"] = Number(-_at(us_pct, 2000, what="the US net foreign assets (% of GDP)"), digits=0)
    out["int_nfa_n_economies"] = Number(_at(rank["n_economies"], 1990, what="the number of ranked economies"),
                                        digits=0)
    out["int_us_1980_rank_text"] = (
        "then the largest in the world" if largest[1980] == "United States"
        else f"then second to that of {largest[1980]}")
    return out


def aid_volume_numbers(aid: pd.DataFrame, first: int = 1975, last: int = 2000) -> Numbers:
    """Section "Aid volumes": Japan's and the US's total ODA, 1975-2000.

    Parameters
    ----------
    aid
        :func:`analysis.integration.aid_volumes` covering ``first``-``last``.
    first, last
        The window the prose compares (inclusive).

    Returns
    -------
    Numbers
        The years Japan gave more than the US as a per cent of GNI (how many,
        the first), and at 2007 and 2023 prices (how many; the 2023-price years
        in words, or "no year"); both donors' ODA/GNI in 1989 and 1995; Japan's
        ODA at 2023 prices in 1980 and 1995 (US$ bn) and their ratio.
    """
    _require(aid, "aid", ("creditor", "year", "measure", "value"))
    gni_ahead = integration.years_japan_ahead(aid, "% of GNI", first, last)
    ahead_2007 = integration.years_japan_ahead(aid, "constant 2007 US$ bn", first, last)
    ahead_2023 = integration.years_japan_ahead(aid, "constant 2023 US$ bn", first, last)
    if not gni_ahead:
        raise DataSchemaError(f"Japan's ODA/GNI exceeds the US's in no year of {first}-{last}; "
                              "the prose's first such year does not exist")
    gni_jp = _series(aid, "value", what="Japan's ODA/GNI", creditor="Japan", measure="% of GNI")
    gni_us = _series(aid, "value", what="the US ODA/GNI", creditor="United States", measure="% of GNI")
    vol = _series(aid, "value", what="Japan's ODA at 2023 prices", creditor="Japan",
                  measure="constant 2023 US$ bn")
    v80 = _at(vol, 1980, what="Japan's ODA at 2023 prices")
    v95 = _at(vol, 1995, what="Japan's ODA at 2023 prices")
    return {
        "int_gni_ahead_n": str(len(gni_ahead)),
        "int_gni_ahead_first": str(min(gni_ahead)),
        "int_gni_jp_1989": Number(_at(gni_jp, 1989, what="Japan's ODA/GNI"), digits=2),
        "int_gni_us_1989": Number(_at(gni_us, 1989, what="the US ODA/GNI"), digits=2),
        "int_gni_jp_1995": Number(_at(gni_jp, 1995, what="Japan's ODA/GNI"), digits=2),
        "int_gni_us_1995": Number(_at(gni_us, 1995, what="the US ODA/GNI"), digits=2),
        "int_ahead_2007_n": str(len(ahead_2007)),
        "int_ahead_2023_n": str(len(ahead_2023)),
        "int_ahead_2023_years": " and ".join(str(y) for y in ahead_2023) if ahead_2023 else "no year",
        "int_vol23_jp_1980": Number(v80, digits=1),
        "int_vol23_jp_1995": Number(v95, digits=1),
        "int_vol23_growth": Number(v95 / v80, digits=1),
    }


def regional_aid_numbers(regional: pd.DataFrame) -> Numbers:
    """Section "Where the aid went": Japan's and the US's aid to the two regions.

    Parameters
    ----------
    regional
        :func:`analysis.integration.regional_aid` for both donors, 1975-2000.

    Returns
    -------
    Numbers
        Japan's mean aid to each region in 1975-81, 1982-91 and 1992-2000 (US$
        bn) and Latin America's mean share of it (and of the US's in
        1982-91); the growth of Japan's aid to Latin America from 1979-81 to
        1989-91; the first year from 1985 Japan gave Latin America more than the
        US did and whether it did so in "every" or "most" later years; the
        Japan/US ratio of 1995; the peak year and amount of Japan's aid to Latin
        America; Latin America's mean share of Japan's aid in 1996-97.
    """
    _require(regional, "regional", ("donor", "year", "region", "net_oda_usd"))
    share = integration.latin_share(regional, "net_oda_usd")
    sj = share[share["donor"] == "JPN"]
    la_jp = _series(sj, "latin_america", what="Japan's aid to Latin America")
    la_us = _series(share[share["donor"] == "USA"], "latin_america", what="the US aid to Latin America")
    out: dict[str, Number | str] = {}
    windows = {"7581": (1975, 1981), "8291": (1982, 1991), "9200": (1992, 2000)}
    for region, stem in (("east_asia", "ea"), ("latin_america", "la")):
        for tag, (a, b) in windows.items():
            out[f"int_{stem}_jp_{tag}"] = Number(_mean(sj, region, a, b), digits=2, scale=1e9)
    for tag, (a, b) in windows.items():
        out[f"int_share_jp_{tag}"] = Number(_mean(share, "latin_share_pct", a, b, donor="JPN"), digits=0)
    out["int_share_us_8291"] = Number(_mean(share, "latin_share_pct", 1982, 1991, donor="USA"), digits=0)
    out["int_la_growth"] = Number(_mean(sj, "latin_america", 1989, 1991) / _mean(sj, "latin_america", 1979, 1981),
                                  digits=1)
    both = pd.concat([la_jp.rename("jp"), la_us.rename("us")], axis=1).loc[1985:]
    over = both["jp"] > both["us"]
    first_over = integration.first_year(over, lambda s: s)
    out["int_la_jp_over_us_first"] = str(first_over)
    out["int_la_jp_over_us_all"] = "every" if over.loc[first_over:2000].all() else "most"
    out["int_la_ratio_1995"] = Number(_at(la_jp, 1995, what="Japan's aid to Latin America")
                                      / _at(la_us, 1995, what="the US aid to Latin America"), digits=1)
    peak = int(la_jp.idxmax())
    out["int_la_jp_peak_year"] = str(peak)
    out["int_la_jp_peak"] = Number(float(la_jp[peak]), digits=2, scale=1e9)
    out["int_share_jp_9697"] = Number(_mean(sj, "latin_share_pct", 1996, 1997), digits=0)
    return out


def trade_numbers(us_trade: pd.DataFrame, gravity_trade: pd.DataFrame) -> Numbers:
    """Section "Trade": the weight of the two regions in each creditor's trade.

    Parameters
    ----------
    us_trade
        :func:`analysis.integration.us_regional_trade` covering 1985-2000.
    gravity_trade
        :func:`analysis.integration.gravity_regional_trade` covering 1986-2000
        (both reporters).

    Returns
    -------
    Numbers
        US trade with each region (US$ bn, 1985 and 2000; per cent of US trade,
        1987 and 2000), whether the Latin American sum exceeds the East Asian in
        "every" or "most" years, how many Latin American recipients the 1985
        Census file holds; Japan's manufacturing trade with each region (per
        cent of its panel trade 1986, 2000 and the Latin American maximum of
        1986-2000; US$ bn in 1986, 1996, 1998), the East Asia/Latin America
        ratio of 1990, how many Latin American recipients the panel holds; US
        manufacturing trade with East Asia in 1998 (US$ bn).
    """
    _require(us_trade, "us_trade", ("year", "region", "us_trade_musd", "pct_of_us_trade", "n_countries"))
    _require(gravity_trade, "gravity_trade",
             ("reporter", "year", "region", "trade_musd", "pct_of_panel_trade", "n_countries"))
    la, ea = LATIN_AMERICA, EAST_ASIA

    def us(region: str, col: str) -> pd.Series:
        return _series(us_trade, col, what=f"US trade with {region} ({col})", region=region)

    def jp(region: str, col: str, reporter: str = "JPN") -> pd.Series:
        return _series(gravity_trade, col, what=f"{reporter} trade with {region} ({col})",
                       region=region, reporter=reporter)

    u_la, u_ea = us(la, "us_trade_musd"), us(ea, "us_trade_musd")
    both = pd.concat([u_la.rename("la"), u_ea.rename("ea")], axis=1)
    j_la, j_ea = jp(la, "trade_musd"), jp(ea, "trade_musd")
    j_la_pct, j_ea_pct = jp(la, "pct_of_panel_trade"), jp(ea, "pct_of_panel_trade")
    w = "the series"
    return {
        "int_us_la_1985": Number(_at(u_la, 1985, what=w + " US-Latin America"), digits=0, scale=1e3),
        "int_us_ea_1985": Number(_at(u_ea, 1985, what=w + " US-East Asia"), digits=0, scale=1e3),
        "int_us_la_2000": Number(_at(u_la, 2000, what=w + " US-Latin America"), digits=0, scale=1e3),
        "int_us_ea_2000": Number(_at(u_ea, 2000, what=w + " US-East Asia"), digits=0, scale=1e3),
        "int_us_la_pct_1987": Number(_at(us(la, "pct_of_us_trade"), 1987, what="US-Latin America share"), digits=1),
        "int_us_la_pct_2000": Number(_at(us(la, "pct_of_us_trade"), 2000, what="US-Latin America share"), digits=1),
        "int_us_ea_pct_1987": Number(_at(us(ea, "pct_of_us_trade"), 1987, what="US-East Asia share"), digits=1),
        "int_us_ea_pct_2000": Number(_at(us(ea, "pct_of_us_trade"), 2000, what="US-East Asia share"), digits=1),
        "int_us_la_above_all": "every" if bool((both["la"] > both["ea"]).all()) else "most",
        "int_us_la_n_early": Number(_at(us(la, "n_countries"), 1985, what="US-Latin America coverage"), digits=0),
        "int_jp_ea_pct_1986": Number(_at(j_ea_pct, 1986, what="Japan-East Asia share"), digits=1),
        "int_jp_ea_pct_2000": Number(_at(j_ea_pct, 2000, what="Japan-East Asia share"), digits=1),
        "int_jp_la_pct_1986": Number(_at(j_la_pct, 1986, what="Japan-Latin America share"), digits=1),
        "int_jp_la_pct_2000": Number(_at(j_la_pct, 2000, what="Japan-Latin America share"), digits=1),
        "int_jp_la_pct_max": Number(float(_window(j_la_pct, 1986, 2000, what="Japan-Latin America share").max()),
                                    digits=1),
        "int_jp_ea_1986": Number(_at(j_ea, 1986, what="Japan-East Asia trade"), digits=0, scale=1e3),
        "int_jp_ea_1996": Number(_at(j_ea, 1996, what="Japan-East Asia trade"), digits=0, scale=1e3),
        "int_jp_ea_1998": Number(_at(j_ea, 1998, what="Japan-East Asia trade"), digits=0, scale=1e3),
        "int_jp_la_1986": Number(_at(j_la, 1986, what="Japan-Latin America trade"), digits=1, scale=1e3),
        "int_jp_ea_la_ratio_1990": Number(_at(j_ea, 1990, what="Japan-East Asia trade")
                                          / _at(j_la, 1990, what="Japan-Latin America trade"), digits=0),
        "int_jp_la_n": Number(_at(jp(la, "n_countries"), 1986, what="Japan-Latin America coverage"), digits=0),
        "int_us_ea_grav_1998": Number(_at(jp(ea, "trade_musd", "USA"), 1998, what="US-East Asia manufacturing"),
                                      digits=0, scale=1e3),
    }


def us_japan_numbers(us_japan: pd.DataFrame, export_share: pd.Series) -> Numbers:
    """Section "The United States and Japan": bilateral trade and Japan's dependence on the US market.

    Parameters
    ----------
    us_japan
        :func:`analysis.integration.us_japan_trade` covering 1985-2000.
    export_share
        :func:`analysis.integration.japan_exports_to_us_share` covering 1986-2000.

    Returns
    -------
    Numbers
        US imports from and exports to Japan and the deficit with it in 1985
        (US$ bn); Japan's share of US imports (1987, 2000); Japan's share of the
        US deficit (peak year of 1987-2000 and its value, 1987, 2000); the US
        share of Japan's manufacturing exports (1986, 1995, 2000).
    """
    _require(us_japan, "us_japan", ("year", "us_imports_musd", "us_exports_musd", "us_balance_musd",
                                    "japan_pct_of_us_imports", "japan_pct_of_us_deficit"))
    if not isinstance(export_share, pd.Series):
        raise ParameterError(f"parameter 'export_share' is a {type(export_share).__name__}; pass the Series "
                             "analysis.integration.japan_exports_to_us_share returns")
    usj = us_japan.set_index("year")
    deficit = _window(usj["japan_pct_of_us_deficit"], 1987, 2000, what="Japan's share of the US deficit")
    peak = int(deficit.idxmax())
    d = "Japan's share of the US deficit"
    x = "the US share of Japan's exports"
    return {
        "int_usj_imp_1985": Number(_at(usj["us_imports_musd"], 1985, what="US imports from Japan"), digits=0,
                                   scale=1e3),
        "int_usj_exp_1985": Number(_at(usj["us_exports_musd"], 1985, what="US exports to Japan"), digits=0,
                                   scale=1e3),
        "int_usj_bal_1985": Number(-_at(usj["us_balance_musd"], 1985, what="the US balance with Japan"), digits=0,
                                   scale=1e3),
        "int_usj_imp_share_1987": Number(_at(usj["japan_pct_of_us_imports"], 1987, what="Japan's share"), digits=1),
        "int_usj_imp_share_2000": Number(_at(usj["japan_pct_of_us_imports"], 2000, what="Japan's share"), digits=1),
        "int_usj_def_peak_year": str(peak),
        "int_usj_def_peak": Number(float(deficit[peak]), digits=0),
        "int_usj_def_1987": Number(_at(usj["japan_pct_of_us_deficit"], 1987, what=d), digits=0),
        "int_usj_def_2000": Number(_at(usj["japan_pct_of_us_deficit"], 2000, what=d), digits=0),
        "int_jx_us_1986": Number(_at(export_share, 1986, what=x), digits=0),
        "int_jx_us_1995": Number(_at(export_share, 1995, what=x), digits=0),
        "int_jx_us_2000": Number(_at(export_share, 2000, what=x), digits=0),
    }


def yen_numbers(yearly: pd.DataFrame, monthly: pd.DataFrame) -> Numbers:
    """Section "The yen": the dollar rate from 1971 to the Asian crisis.

    Parameters
    ----------
    yearly
        :func:`analysis.integration.yen_dollar` ``("yearly", ...)`` covering 1971-1997.
    monthly
        :func:`analysis.integration.yen_dollar` ``("monthly", ...)`` covering 1990-2000.

    Returns
    -------
    Numbers
        Yearly averages (1971, 1982, 1985, 1988, 1994, 1997), the yen's rise of
        1985-88 (per cent more dollars per yen), its strongest month of
        1990-2000 and the weakest month from then to December 1998 (month in
        words and rate).
    """
    _require(yearly, "yearly", ("year", "yen_per_usd"))
    _require(monthly, "monthly", ("date", "yen_per_usd"))
    y = yearly.set_index("year")["yen_per_usd"]
    m = monthly.set_index("date")["yen_per_usd"].sort_index()
    m = m.loc[(m.index >= pd.Timestamp("1990-01-01")) & (m.index < pd.Timestamp("2001-01-01"))].dropna()
    if m.empty:
        raise DataSchemaError("the monthly yen has no value in 1990-2000; pass a frame that covers these years")
    strong = m.idxmin()
    after = m.loc[(m.index >= strong) & (m.index < pd.Timestamp("1999-01-01"))]
    weak = after.idxmax()
    w = "the yearly yen"
    out: dict[str, Number | str] = {f"int_yen_{yr}": Number(_at(y, yr, what=w), digits=0)
                                    for yr in (1971, 1985, 1988)}
    out["int_yen_rise_8588"] = Number(100 * (_at(y, 1985, what=w) / _at(y, 1988, what=w) - 1), digits=0)
    out["int_yen_strong_month"] = strong.strftime("%B %Y")
    out["int_yen_strong"] = Number(float(m[strong]), digits=1)
    out["int_yen_weak_month"] = weak.strftime("%B %Y")
    out["int_yen_weak"] = Number(float(m[weak]), digits=1)
    for yr in (1982, 1994, 1997):
        out[f"int_yen_{yr}"] = Number(_at(y, yr, what=w), digits=0)
    return out


#: Fact row of the nationality-basis share of Japanese banks in international bank assets (Rosenbluth 1991).
NATIONALITY_SHARE_FACT = "bank-jpn-1987"
#: Glue key -> fact row of the dated events of the section "Opening up" (dates in words).
OPENING_DATES: dict[str, str] = {
    "int_fxlaw_date": "ev-1980-fx-law",
    "int_wb_date": "ev-1984-wb-shareholder",
    "int_plaza_date": "ev-1985-plaza",
    "int_imf_rank_date": "ev-1990-imf-rank",
    "int_imf9_date": "ev-1990-imf-ninth",
    "int_recycle_ibrd_date": "ini-recycle-ibrd",
    "int_recycle_30_date": "ini-recycle-30",
    "int_recycle_65_date": "ini-recycle-65",
    "int_jexim_recycle_date": "ini-recycle-jexim",
    "int_jexim_parallel_date": "ini-jexim-parallel",
    "int_jexim_parallel_10_date": "ini-jexim-parallel-10",
}
#: Glue key -> (fact row, decimals) of the amounts of that section (US$ bn).
OPENING_AMOUNTS: dict[str, tuple[str, int]] = {
    "int_recycle_ibrd": ("ini-recycle-ibrd", 0),
    "int_recycle_30": ("ini-recycle-30", 0),
    "int_recycle_65": ("ini-recycle-65", 0),
    "int_jexim_recycle": ("ini-recycle-jexim", 1),
    "int_jexim_parallel": ("ini-jexim-parallel", 1),
    "int_jexim_parallel_10": ("ini-jexim-parallel-10", 0),
}


def banking_numbers(shares: pd.DataFrame) -> Numbers:
    """Section "The banks go abroad": the banks located in Japan in international banking.

    Parameters
    ----------
    shares
        :func:`analysis.integration.bank_location_shares` covering 1977-2000.

    Returns
    -------
    Numbers
        The share (per cent) of the banks located in Japan in the cross-border
        claims of all BIS reporting banks in 1980, 1985 and 2000, its peak year
        and value over 1977-2000, the first year their claims exceeded those of
        the banks located in the US, the US share of 1982, the claims of the
        banks in Japan in 1985 and 1990 (US$ bn), the number of reporting
        countries in 1982 and 1983, and the nationality-basis share of Japanese
        banks that the fact row :data:`NATIONALITY_SHARE_FACT` gives, with the
        row's date (the year Japanese banks overtook US banks on that basis).

    Raises
    ------
    ParameterError
        If ``shares`` lacks a column, or the fact row is unverified or has no share.
    DataSchemaError
        If a year the prose needs is missing, or the Japanese claims never exceed the US ones.
    """
    _require(shares, "shares", ("year", "japan_musd", "us_musd", "japan_pct", "us_pct", "n_reporters"))
    s = shares.set_index("year")
    jp = _window(s["japan_pct"], 1977, 2000, what="the share of the banks in Japan")
    peak = int(jp.idxmax())
    over = (s["japan_musd"] > s["us_musd"]).loc[1977:2000]
    if not over.any():
        raise DataSchemaError("the banks in Japan never hold more cross-border claims than those in the US "
                              "in 1977-2000; the prose's crossing year does not exist")
    row = facts.fact(NATIONALITY_SHARE_FACT)
    if row["verified"] not in ("yes", "local_file") or pd.isna(row["share_pct"]):
        raise ParameterError(f"fact {NATIONALITY_SHARE_FACT!r} is unverified or has no share_pct; "
                             "the prose must not print it")
    w = "the share of the banks in Japan"
    return {
        "int_bis_jp_1980": Number(_at(s["japan_pct"], 1980, what=w), digits=1),
        "int_bis_jp_1985": Number(_at(s["japan_pct"], 1985, what=w), digits=1),
        "int_bis_jp_2000": Number(_at(s["japan_pct"], 2000, what=w), digits=1),
        "int_bis_jp_peak_year": str(peak),
        "int_bis_jp_peak": Number(float(jp[peak]), digits=1),
        "int_bis_over_year": str(int(over.idxmax())),
        "int_bis_us_1982": Number(_at(s["us_pct"], 1982, what="the share of the banks in the US"), digits=1),
        "int_bis_jp_bn_1985": Number(_at(s["japan_musd"], 1985, what="the claims of the banks in Japan"),
                                     digits=0, scale=1e3),
        "int_bis_jp_bn_1990": Number(_at(s["japan_musd"], 1990, what="the claims of the banks in Japan"),
                                     digits=0, scale=1e3),
        "int_bis_n_1982": Number(_at(s["n_reporters"], 1982, what="the number of reporting countries"), digits=0),
        "int_bis_n_1983": Number(_at(s["n_reporters"], 1983, what="the number of reporting countries"), digits=0),
        "int_bis_nat_share": Number(float(row["share_pct"]), digits=0),
        "int_bis_nat_year": facts.date_text(NATIONALITY_SHARE_FACT),
    }


def opening_numbers() -> Numbers:
    """Sections "Opening up" and "A seat at the table": dates and amounts from fact rows.

    Returns
    -------
    Numbers
        The keys of :data:`OPENING_DATES` (dates in words) and of
        :data:`OPENING_AMOUNTS` (US$ bn, from :func:`analysis.facts.amount`).

    Raises
    ------
    ParameterError
        If a row is unverified or has no amount.
    """
    return facts.row_numbers(OPENING_AMOUNTS, OPENING_DATES)
