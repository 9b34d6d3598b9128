"""Chapter 2 analysis (analysis.integration) and its charts and tables
(analysis.figures.integration): regional sums, shares, rankings, and the
figures' alt text. Expected values are derived independently from the loaders
or from SOURCE.md figures, never copied from the functions under test."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import charts, integration
from analysis.countries import EAST_ASIA, LATIN_AMERICA, recipients
from analysis.errors import ParameterError
from analysis.figures import integration as figs
from analysis.loaders import census_trade, ewn, gravity
from analysis.loaders.aid import bilateral_aid


# ------------------------------------------------------------------ helpers


def test_regional_sum_keeps_missing_and_counts_members():
    frame = pd.DataFrame(
        {
            "iso3": ["MEX", "BRA", "THA", "KOR", "JPN", "MEX"],
            "year": [1990, 1990, 1990, 1990, 1990, 1991],
            "v": [1.0, 2.0, float("nan"), float("nan"), 100.0, 5.0],
        }
    )
    out = integration._regional_sum(frame, ["year"], ["v"]).set_index(["year", "region"])
    assert out.loc[(1990, LATIN_AMERICA), "v"] == 3.0
    assert out.loc[(1990, LATIN_AMERICA), "n_countries"] == 2
    # both East Asian values missing: the sum is missing, not zero
    assert pd.isna(out.loc[(1990, EAST_ASIA), "v"])
    assert out.loc[(1990, EAST_ASIA), "n_countries"] == 0
    # JPN is not a recipient and is not summed anywhere
    assert out["v"].max() < 100


def test_latin_share_by_hand():
    frame = pd.DataFrame(
        {"donor": ["JPN"] * 2, "year": [1990, 1990], "region": [LATIN_AMERICA, EAST_ASIA], "x": [1.0, 3.0]}
    )
    out = integration.latin_share(frame, "x")
    assert out.loc[0, "latin_share_pct"] == pytest.approx(25.0)
    with pytest.raises(ParameterError, match="'value'"):
        integration.latin_share(frame, "nope")


def test_period_mean_and_first_year():
    frame = pd.DataFrame({"year": [1, 2, 3], "v": [1.0, float("nan"), 3.0], "g": ["a", "a", "b"]})
    assert integration.period_mean(frame, "v", 1, 3) == 2.0
    assert integration.period_mean(frame, "v", 1, 3, g="a") == 1.0
    with pytest.raises(ParameterError):
        integration.period_mean(frame, "v", 2, 2)
    s = pd.Series([5, -1, -2], index=[1980, 1981, 1982])
    assert integration.first_year(s, lambda x: x < 0) == 1981
    with pytest.raises(ParameterError):
        integration.first_year(s, lambda x: x > 10)


def test_year_window_is_checked():
    with pytest.raises(ParameterError, match="first"):
        integration.macro_comparison(2000, 1990)
    with pytest.raises(ParameterError, match="frequency"):
        integration.yen_dollar("daily")


# ------------------------------------------------------------------ aid by region


def test_regional_aid_equals_direct_sum_of_loader():
    aid = bilateral_aid(("JPN",))
    la = aid[aid["iso3"].isin(recipients(LATIN_AMERICA)) & (aid["year"] == 1989)]["net_oda_usd"].sum()
    ea = aid[aid["iso3"].isin(recipients(EAST_ASIA)) & (aid["year"] == 1989)]["net_oda_usd"].sum()
    out = integration.regional_aid(1989, 1989, donors=("JPN",)).set_index("region")
    assert out.loc[LATIN_AMERICA, "net_oda_usd"] == pytest.approx(la)
    assert out.loc[EAST_ASIA, "net_oda_usd"] == pytest.approx(ea)
    assert out.loc[LATIN_AMERICA, "n_countries"] <= 20 and out.loc[EAST_ASIA, "n_countries"] <= 6


def test_japan_gives_more_to_east_asia_every_year_1975_2000():
    """The overview figure's alt text says so; this guards the statement."""
    s = integration.latin_share(integration.regional_aid(1975, 2000, donors=("JPN",)), "net_oda_usd")
    assert len(s) == 26
    assert (s["east_asia"] > s["latin_america"]).all()


# ------------------------------------------------------------------ macro


def test_macro_comparison_ratios_by_hand():
    m = integration.macro_comparison(1985, 1985).set_index("iso3")
    e = ewn.external_wealth().set_index(["iso3", "year"])
    jp = e.loc[("JPN", 1985)]
    assert m.loc["JPN", "ca_pct_gdp"] == pytest.approx(100 * jp["current_account_musd"] / jp["gdp_musd"])
    assert m.loc["JPN", "net_iip_pct_gdp"] == pytest.approx(100 * jp["net_iip_musd"] / jp["gdp_musd"])
    assert 0 < m.loc["JPN", "gdp_share_world"] < m.loc["USA", "gdp_share_world"] < 100
    ratio = integration.gdp_ratio(1985, 1985)
    assert ratio[1985] == pytest.approx(100 * m.loc["JPN", "gdp_usd"] / m.loc["USA", "gdp_usd"])


def test_creditor_ranking_against_direct_sort():
    rank = integration.creditor_ranking(1988, 1988).set_index("year")
    allx = ewn.net_iip_all_economies()
    y = allx[allx["year"] == 1988].dropna(subset=["net_iip_musd"]).sort_values("net_iip_musd", ascending=False)
    assert rank.loc[1988, "largest"] == y.iloc[0]["country"]
    pos = list(y["country"]).index("Japan") + 1
    assert rank.loc[1988, "japan_rank"] == pos


def test_aid_volumes_and_years_ahead():
    vol = integration.aid_volumes(1975, 2000)
    assert set(vol["measure"]) == set(integration.AID_MEASURES)
    gni = vol[vol["measure"] == "% of GNI"].pivot(index="year", columns="creditor", values="value")
    expected = [int(y) for y in gni.index if gni.loc[y, "Japan"] > gni.loc[y, "United States"]]
    assert integration.aid_years_japan_ahead("% of GNI", 1975, 2000) == expected
    with pytest.raises(ParameterError):
        integration.aid_years_japan_ahead("nominal")


# ------------------------------------------------------------------ trade


def test_us_regional_trade_matches_census_sum_and_world_share():
    us = integration.us_regional_trade(1990, 1990).set_index("region")
    c = census_trade.us_trade()
    c = c[(c["year"] == 1990) & c["iso3"].isin(recipients(EAST_ASIA))]
    assert us.loc[EAST_ASIA, "us_trade_musd"] == pytest.approx(c["us_trade_musd"].sum())
    world = census_trade.world_total().set_index("year").loc[1990, "us_trade_musd"]
    assert us.loc[EAST_ASIA, "pct_of_us_trade"] == pytest.approx(100 * c["us_trade_musd"].sum() / world)
    early = integration.us_regional_trade(1985, 1986)
    assert early["pct_of_us_trade"].isna().all()  # no world total before 1987


def test_gravity_regional_trade_latin_sum_covers_eleven():
    g = integration.gravity_regional_trade(1986, 1986)
    jp_la = g[(g["reporter"] == "JPN") & (g["region"] == LATIN_AMERICA)].iloc[0]
    assert jp_la["n_countries"] == 11
    raw = gravity.reporter_trade(["JPN"])
    raw = raw[(raw["year"] == 1986) & raw["iso3"].isin(recipients(LATIN_AMERICA))]
    assert jp_la["trade_musd"] == pytest.approx((raw["exports_musd"] + raw["imports_musd"]).sum())


def test_us_japan_trade_balance_and_share():
    t = integration.us_japan_trade(1990, 1990).iloc[0]
    c = census_trade.us_trade().set_index(["iso3", "year"]).loc[("JPN", 1990)]
    assert t["us_balance_musd"] == pytest.approx(c["us_exports_musd"] - c["us_imports_musd"])
    assert 10 < t["japan_pct_of_us_imports"] < 30
    share = integration.japan_exports_to_us_share(1986, 1986)
    # SOURCE.md: JPN->USA 1986 81,153.0; the share must be that over a larger total
    assert 0 < share[1986] < 100


def test_trade_links_keeps_the_two_measures_apart():
    t = integration.trade_links(1985, 2000)
    assert t.groupby("creditor")["measure"].nunique().max() == 1
    assert t[t["creditor"] == "Japan"]["year"].min() == 1986
    assert t[t["creditor"] == "United States"]["year"].min() == 1985


def test_yen_dollar_monthly_and_yearly():
    m = integration.yen_dollar("monthly", 1985, 1985)
    y = integration.yen_dollar("yearly", 1985, 1985)
    assert len(m) == 12 and len(y) == 1
    assert y["yen_per_usd"].iloc[0] == pytest.approx(m["yen_per_usd"].mean(), rel=0.02)


# ------------------------------------------------------------------ figures and tables


#: Each chart and the analysis call whose frame it is handed (as the chapters call them).
CHART_FRAMES = {
    "overview_chart": lambda: integration.regional_aid(1975, 2000, donors=("JPN",)),
    "gdp_chart": lambda: integration.macro_comparison(1970, 2010),
    "current_account_chart": lambda: integration.macro_comparison(1970, 2010),
    "net_iip_chart": lambda: integration.macro_comparison(1970, 2010),
    "aid_volume_chart": lambda: integration.aid_volumes(1970, 2008),
    "regional_aid_chart": lambda: integration.regional_aid(1975, 2000),
    "latin_share_chart": lambda: integration.latin_share(integration.regional_aid(1975, 2000), "net_oda_usd"),
    "trade_chart": lambda: integration.trade_links(1985, 2000),
    "us_japan_trade_chart": lambda: integration.us_japan_trade(1985, 2005),
    "yen_chart": lambda: integration.yen_dollar("monthly", 1971, 2005),
    "bank_location_chart": lambda: integration.bank_location_shares(1977, 2000),
}


@pytest.mark.parametrize("builder", sorted(CHART_FRAMES))
def test_every_chart_has_alt_text_and_renders(builder):
    chart = getattr(figs, builder)(CHART_FRAMES[builder]())
    spec = chart.to_dict()
    assert len(charts.description_of(spec)) > 60
    assert charts.html_output(spec).startswith("<div id=\"vis-")


@pytest.mark.parametrize("builder", sorted(CHART_FRAMES))
def test_charts_take_frames_and_reject_others(builder):
    with pytest.raises(ParameterError, match="parameter"):
        getattr(figs, builder)(pd.DataFrame({"year": [1990]}))


def test_chart_window_follows_the_frame_or_first_last():
    macro = integration.macro_comparison(1970, 2010)
    assert "1970-2010" in charts.description_of(figs.current_account_chart(macro).to_dict())
    assert "1980-1990" in charts.description_of(figs.current_account_chart(macro, 1980, 1990).to_dict())
    with pytest.raises(ParameterError, match="no row in 2050-2060"):
        figs.current_account_chart(macro, 2050, 2060)


def test_trade_links_from_given_frames_equals_fetched():
    us, grav = integration.us_regional_trade(1985, 2000), integration.gravity_regional_trade(1986, 2006)
    given = integration.trade_links(1985, 2000, us=us, gravity=grav)
    pd.testing.assert_frame_equal(given, integration.trade_links(1985, 2000))


def test_years_japan_ahead_from_frame():
    aid = integration.aid_volumes(1970, 2008)
    assert integration.years_japan_ahead(aid, "% of GNI", 1975, 2000) == integration.aid_years_japan_ahead(
        "% of GNI", 1975, 2000)
    with pytest.raises(ParameterError, match="aid"):
        integration.years_japan_ahead(aid.drop(columns="value"), "% of GNI", 1975, 2000)


def test_gdp_ratio_of_needs_both_countries():
    m = integration.macro_comparison(1985, 1985)
    with pytest.raises(ParameterError, match="USA"):
        integration.gdp_ratio_of(m[m["iso3"] == "JPN"])


def test_snapshot_table_units():
    t = figs.snapshot_table(integration.macro_comparison(1970, 2010), integration.aid_volumes(1970, 2008), (1985,))
    jp = t[t["Country"] == "Japan"].iloc[0]
    e = ewn.external_wealth().set_index(["iso3", "year"]).loc[("JPN", 1985)]
    assert jp["Net foreign assets, US$ bn"] == pytest.approx(e["net_iip_musd"] / 1e3)
    with pytest.raises(ParameterError):
        figs.snapshot_table(integration.macro_comparison(1985, 1985), integration.aid_volumes(1985, 1985), ())


def test_trade_share_table_shape():
    t = figs.trade_share_table(integration.us_regional_trade(1985, 2000),
                               integration.gravity_regional_trade(1986, 2006), (1987, 2000))
    assert list(t["Year"]) == ["1987", "2000"]
    assert t.filter(like="%").notna().all().all()


def test_engagement_overview_from_coding_summary():
    from analysis import coding

    s = coding.engagement_summary()
    t = figs.engagement_overview(s)
    assert list(t["Crisis"]) == list(s["crisis_label"])
    assert list(t.columns) == ["Crisis", "Acute phases", "Active", "Leadership", "Cooperation"]
    first = t.iloc[0]["Active"]
    assert first.startswith(s.iloc[0]["active_label"]) and f"{s.iloc[0]['active']:.2f}" in first


def test_crises_table_matches_the_book_plan():
    c = integration.crises()
    assert list(c["start"]) == [1982, 1994, 1997] and list(c["end"]) == [1991, 1995, 1998]


def _year_domains(spec: dict) -> list[object]:
    """The x-scale domain of every layer of a chart spec that encodes ``year`` on x."""
    out = []
    for layer in spec.get("layer", [spec]):
        x = layer.get("encoding", {}).get("x", {})
        if x.get("field") == "year":
            out.append(x.get("scale", {}).get("domain"))
        out += _year_domains(layer) if "layer" in layer else []
    return out


def test_bank_location_chart_year_axis_spans_the_data_not_zero():
    # a layer without the domain made the shared year scale start at 0 (seen in a screenshot)
    shares = integration.bank_location_shares(1977, 2000)
    spec = figs.bank_location_chart(shares).to_dict()
    domains = _year_domains(spec)
    assert len(domains) >= 2 and all(d == [1977, 2000] for d in domains), domains
