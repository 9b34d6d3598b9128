"""The prose numbers of chapter 2 (analysis.integration_numbers) and the
Introduction (analysis.introduction).

Most tests hand the functions small frames built here, whose expected values
are worked out by hand in the comments (never copied from the functions'
output). A few check real data against a direct computation from the loaders
or the raw fact tables. Bad input must raise an error naming what is wrong.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import findings, introduction, preamble
from analysis import integration_numbers as nums
from analysis.countries import EAST_ASIA, LATIN_AMERICA
from analysis.errors import DataSchemaError, ParameterError
from analysis.numbers import Number, check

ROOT = Path(__file__).resolve().parent.parent
LA, EA = LATIN_AMERICA, EAST_ASIA


def shown(values, key: str) -> str:
    """The text the notebook glues for ``key`` (the formatter of preamble.glue_all)."""
    item = check(values)[key]
    if isinstance(item, Number):
        return preamble.fmt_number(item.value, digits=item.digits, scale=item.scale, signed=item.signed)
    return item


# ------------------------------------------------------------------ synthetic frames


def macro_frame() -> pd.DataFrame:
    """Japan and the US, 1970-2010, with values chosen so that every glued number is easy to work out."""
    rows = []
    for y in range(1970, 2011):
        k = 7 - abs(y - 1995) * 0.2  # Japan's GDP in US$ trn: peak 7 in 1995
        jp_ca = {1986: 4.0, 1995: 2.1}.get(y, 1.0)
        us_ca = {1987: -3.5, 2000: -4.2}.get(y, -1.0)
        rows.append({"iso3": "JPN", "creditor": "Japan", "year": y, "gdp_usd": k * 1e12,
                     "gdp_share_world": float(y - 1960), "ca_pct_gdp": jp_ca,
                     "current_account_musd": 85_000.0 if y == 1986 else 50_000.0,
                     "net_iip_musd": (y - 1975) * 10_000.0, "net_iip_pct_gdp": 27.4 if y == 2000 else 10.0})
        rows.append({"iso3": "USA", "creditor": "United States", "year": y, "gdp_usd": 1e13,
                     "gdp_share_world": 30.0, "ca_pct_gdp": us_ca,
                     "current_account_musd": -160_000.0 if y == 1987 else -100_000.0,
                     "net_iip_musd": (1986 - y) * 20_000.0, "net_iip_pct_gdp": -15.6 if y == 2000 else -5.0})
    return pd.DataFrame(rows)


def ranking_frame() -> pd.DataFrame:
    rows = []
    for y in range(1975, 2011):
        if y < 1985:
            largest, rank = "United States", 2
        elif y in (1990, 1991):
            largest, rank = "Germany", 2
        else:
            largest, rank = "Japan", 1
        rows.append({"year": y, "largest": largest, "largest_net_iip_musd": 1.0, "japan_rank": rank,
                     "japan_net_iip_musd": 1.0, "n_economies": 150 if y == 1990 else 140})
    return pd.DataFrame(rows)


def test_size_numbers_by_hand():
    v = nums.size_numbers(macro_frame())
    # Japan/US GDP = 10 * (7 - 0.2 |year - 1995|) per cent
    assert shown(v, "int_ratio_1970") == "20"
    assert shown(v, "int_ratio_1985") == "50"
    assert shown(v, "int_ratio_1988") == "56"
    assert v["int_ratio_peak_year"] == "1995" and shown(v, "int_ratio_peak") == "70"
    assert shown(v, "int_ratio_2000") == "60" and shown(v, "int_ratio_2005") == "50"
    assert shown(v, "int_jp_world_1985") == "25.0" and shown(v, "int_jp_world_peak") == "35.0"
    assert shown(v, "int_jp_world_2005") == "45.0" and shown(v, "int_us_world_peak") == "30.0"
    assert shown(v, "int_jp_gdp_1985") == "5.00" and shown(v, "int_jp_gdp_peak") == "7.00"


def test_balance_numbers_by_hand():
    v = nums.balance_numbers(macro_frame())
    assert v["int_ca_jp_peak_year"] == "1986" and shown(v, "int_ca_jp_peak") == "4.0"
    assert shown(v, "int_ca_jp_peak_bn") == "85"
    assert v["int_ca_us_trough_year"] == "1987" and shown(v, "int_ca_us_trough") == "3.5"
    assert shown(v, "int_ca_us_trough_bn") == "160"
    # 1983-90: Japan 7 x 50 + 85 = 435; US 7 x 100 + 160 = 860; 435 / 860 = 50.6 per cent
    assert shown(v, "int_ca_cum_jp") == "435" and shown(v, "int_ca_cum_us") == "860"
    assert shown(v, "int_ca_cum_share") == "51"
    assert shown(v, "int_ca_jp_1995") == "2.1" and shown(v, "int_ca_us_2000") == "4.2"


def test_creditor_numbers_by_hand():
    v = nums.creditor_numbers(macro_frame(), ranking_frame())
    assert v["int_top_first"] == "1985" and v["int_top_span"] == "16" and v["int_top_n"] == "14"
    assert v["int_top_exception"] == "1990 (Germany), 1991 (Germany)"
    # Japan: 10 x (year - 1975) US$ bn
    assert [shown(v, f"int_nfa_jp_{y}") for y in (1980, 1985, 1990, 1995, 2000)] == ["50", "100", "150", "200", "250"]
    assert shown(v, "int_nfa_jp_2000_gdp") == "27"
    # US: 20 x (1986 - year): zero in 1986, negative from 1987
    assert v["int_us_negative_year"] == "1987"
    assert shown(v, "int_nfa_us_1980") == "120" and shown(v, "int_nfa_us_1985") == "20"
    assert shown(v, "int_nfa_us_1986") == "0"
    assert shown(v, "int_nfa_us_1990") == "80" and shown(v, "int_nfa_us_2000") == "280"
    assert shown(v, "int_nfa_us_2000_gdp") == "16"
    assert v["int_1985_largest"] == "Japan" and shown(v, "int_nfa_n_economies") == "150"
    assert v["int_us_1980_rank_text"] == "then the largest in the world"
    r = ranking_frame()
    r.loc[r["year"] == 1980, "largest"] = "Saudi Arabia"
    assert nums.creditor_numbers(macro_frame(), r)["int_us_1980_rank_text"] == "then second to that of Saudi Arabia"


def test_creditor_dates_are_the_fact_rows():
    events = pd.read_csv(ROOT / "data" / "facts" / "events.csv", dtype=str).set_index("fact_id")
    v = nums.creditor_numbers(macro_frame(), ranking_frame())
    for key, fid in (("int_mof_date", "ev-1986-jpn-creditor"), ("int_doc_date", "ev-1986-us-debtor")):
        d = pd.Timestamp(events.loc[fid, "date"])
        assert v[key] in (f"{d.day} {d:%B %Y}", f"{d:%B %Y}", f"{d:%Y}")


def aid_frame() -> pd.DataFrame:
    rows = []
    for y in range(1970, 2009):
        inside = 1975 <= y <= 2000
        jp = {"% of GNI": {1989: 0.31, 1995: 0.28}.get(y, 0.30),
              "constant 2007 US$ bn": 10.0,
              "constant 2023 US$ bn": 5 + (y - 1975) * 0.2}
        us = {"% of GNI": (0.40 if y <= 1977 else {1989: 0.15, 1995: 0.10}.get(y, 0.20)) if inside else 0.0,
              "constant 2007 US$ bn": (11.0 if y >= 1990 else 9.0) if inside else 0.0,
              "constant 2023 US$ bn": (5.0 if y in (1989, 1991) else 12.0) if inside else 0.0}
        for m in jp:
            rows.append({"creditor": "Japan", "year": y, "measure": m, "value": jp[m]})
            rows.append({"creditor": "United States", "year": y, "measure": m, "value": us[m]})
    return pd.DataFrame(rows)


def test_aid_volume_numbers_by_hand():
    v = nums.aid_volume_numbers(aid_frame(), 1975, 2000)
    # Japan ahead on GNI in 1978-2000 (the US gives more in 1975-77; years outside the window do not count)
    assert v["int_gni_ahead_n"] == "23" and v["int_gni_ahead_first"] == "1978"
    assert shown(v, "int_gni_jp_1989") == "0.31" and shown(v, "int_gni_us_1989") == "0.15"
    assert shown(v, "int_gni_jp_1995") == "0.28" and shown(v, "int_gni_us_1995") == "0.10"
    assert v["int_ahead_2007_n"] == "15"  # 1975-89
    assert v["int_ahead_2023_n"] == "2" and v["int_ahead_2023_years"] == "1989 and 1991"
    # Japan at 2023 prices: 5 + 0.2 (year - 1975): 6.0 in 1980, 9.0 in 1995, ratio 1.5
    assert shown(v, "int_vol23_jp_1980") == "6.0" and shown(v, "int_vol23_jp_1995") == "9.0"
    assert shown(v, "int_vol23_growth") == "1.5"


def test_aid_volume_numbers_no_year_ahead():
    a = aid_frame()
    a.loc[(a["creditor"] == "United States") & (a["measure"] == "constant 2023 US$ bn"), "value"] = 99.0
    assert nums.aid_volume_numbers(a)["int_ahead_2023_years"] == "no year"
    a.loc[(a["creditor"] == "United States") & (a["measure"] == "% of GNI"), "value"] = 9.0
    with pytest.raises(DataSchemaError, match="no year"):
        nums.aid_volume_numbers(a)


def regional_frame() -> pd.DataFrame:
    def jp_ea(y: int) -> float:
        return 2e9 if y <= 1981 else 4e9 if y <= 1991 else 6e9

    def jp_la(y: int) -> float:
        if y <= 1981:
            return 0.2e9
        if y <= 1991:
            return 0.8e9 if y >= 1989 else 0.5e9
        return 1.4e9 if y == 1996 else 1.0e9

    rows = []
    for y in range(1975, 2001):
        for donor, ea, la in (("JPN", jp_ea(y), jp_la(y)), ("USA", 0.5e9, 1.0e9 if y <= 1987 else 0.6e9)):
            rows.append({"donor": donor, "year": y, "region": EA, "net_oda_usd": ea, "n_countries": 6})
            rows.append({"donor": donor, "year": y, "region": LA, "net_oda_usd": la, "n_countries": 20})
    return pd.DataFrame(rows)


def test_regional_aid_numbers_by_hand():
    v = nums.regional_aid_numbers(regional_frame())
    assert [shown(v, f"int_ea_jp_{t}") for t in ("7581", "8291", "9200")] == ["2.00", "4.00", "6.00"]
    # Latin America: 0.2; (7 x 0.5 + 3 x 0.8) / 10 = 0.59; (8 x 1.0 + 1.4) / 9 = 1.044
    assert [shown(v, f"int_la_jp_{t}") for t in ("7581", "8291", "9200")] == ["0.20", "0.59", "1.04"]
    # shares: 0.2/2.2 = 9.1; (7 x 11.11 + 3 x 16.67)/10 = 12.8; (8 x 14.29 + 18.92)/9 = 14.8
    assert [shown(v, f"int_share_jp_{t}") for t in ("7581", "8291", "9200")] == ["9", "13", "15"]
    # US: (6 x 66.67 + 4 x 54.55) / 10 = 61.8
    assert shown(v, "int_share_us_8291") == "62"
    assert shown(v, "int_la_growth") == "4.0"  # 0.8 / 0.2
    assert v["int_la_jp_over_us_first"] == "1989" and v["int_la_jp_over_us_all"] == "every"
    assert shown(v, "int_la_ratio_1995") == "1.7"  # 1.0 / 0.6
    assert v["int_la_jp_peak_year"] == "1996" and shown(v, "int_la_jp_peak") == "1.40"
    assert shown(v, "int_share_jp_9697") == "17"  # (18.92 + 14.29) / 2


def test_regional_aid_numbers_most_and_never():
    r = regional_frame()
    r.loc[(r["donor"] == "USA") & (r["region"] == LA) & (r["year"] == 1993), "net_oda_usd"] = 5e9
    assert nums.regional_aid_numbers(r)["int_la_jp_over_us_all"] == "most"
    r.loc[(r["donor"] == "USA") & (r["region"] == LA), "net_oda_usd"] = 5e9
    with pytest.raises(ParameterError, match="no year"):
        nums.regional_aid_numbers(r)


def trade_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    us = []
    for y in range(1985, 2001):
        us.append({"year": y, "region": LA, "us_trade_musd": 50_000 + (y - 1985) * 5_000.0, "n_countries": 18,
                   "pct_of_us_trade": {1987: 7.3, 2000: 9.1}.get(y, 8.0)})
        us.append({"year": y, "region": EA, "us_trade_musd": 30_000 + (y - 1985) * 4_000.0, "n_countries": 6,
                   "pct_of_us_trade": {1987: 4.4, 2000: 6.6}.get(y, 5.0)})
    grav = []
    for y in range(1986, 2007):
        grav.append({"reporter": "JPN", "year": y, "region": LA, "n_countries": 11,
                     "trade_musd": {1986: 3_000.0, 1990: 4_000.0}.get(y, 5_000.0),
                     "pct_of_panel_trade": {1986: 2.6, 1990: 3.1, 2000: 1.9, 2003: 9.9}.get(y, 2.0)})
        grav.append({"reporter": "JPN", "year": y, "region": EA, "n_countries": 6,
                     "trade_musd": {1986: 40_000.0, 1990: 60_000.0, 1996: 150_000.0, 1998: 100_000.0}.get(y, 1.0),
                     "pct_of_panel_trade": {1986: 20.3, 2000: 31.7}.get(y, 25.0)})
        grav.append({"reporter": "USA", "year": y, "region": EA, "n_countries": 6,
                     "trade_musd": 200_000.0 if y == 1998 else 1.0, "pct_of_panel_trade": 1.0})
    return pd.DataFrame(us), pd.DataFrame(grav)


def test_trade_numbers_by_hand():
    v = nums.trade_numbers(*trade_frames())
    assert shown(v, "int_us_la_1985") == "50" and shown(v, "int_us_la_2000") == "125"
    assert shown(v, "int_us_ea_1985") == "30" and shown(v, "int_us_ea_2000") == "90"
    assert shown(v, "int_us_la_pct_1987") == "7.3" and shown(v, "int_us_la_pct_2000") == "9.1"
    assert shown(v, "int_us_ea_pct_1987") == "4.4" and shown(v, "int_us_ea_pct_2000") == "6.6"
    assert v["int_us_la_above_all"] == "every" and shown(v, "int_us_la_n_early") == "18"
    assert shown(v, "int_jp_ea_pct_1986") == "20.3" and shown(v, "int_jp_ea_pct_2000") == "31.7"
    assert shown(v, "int_jp_la_pct_1986") == "2.6" and shown(v, "int_jp_la_pct_2000") == "1.9"
    assert shown(v, "int_jp_la_pct_max") == "3.1"  # 9.9 in 2003 is outside 1986-2000
    assert [shown(v, f"int_jp_ea_{y}") for y in (1986, 1996, 1998)] == ["40", "150", "100"]
    assert shown(v, "int_jp_la_1986") == "3.0" and shown(v, "int_jp_ea_la_ratio_1990") == "15"
    assert shown(v, "int_jp_la_n") == "11" and shown(v, "int_us_ea_grav_1998") == "200"


def us_japan_frames() -> tuple[pd.DataFrame, pd.Series]:
    rows = []
    for y in range(1985, 2012):
        rows.append({"year": y, "us_exports_musd": 25_000.0, "us_imports_musd": 70_000.0,
                     "us_balance_musd": -45_000.0, "japan_pct_of_us_imports": {1987: 20.8, 2000: 11.9}.get(y, 15.0),
                     "japan_pct_of_us_deficit": {1987: 37.2, 1991: 62.0, 2000: 18.4, 2005: 99.0}.get(y, 30.0)})
    share = pd.Series({1986: 38.6, 1995: 27.2, 2000: 30.1}, name="us_pct_of_japan_exports")
    return pd.DataFrame(rows), share


def test_us_japan_numbers_by_hand():
    v = nums.us_japan_numbers(*us_japan_frames())
    assert [shown(v, f"int_usj_{k}_1985") for k in ("imp", "exp", "bal")] == ["70", "25", "45"]
    assert shown(v, "int_usj_imp_share_1987") == "20.8" and shown(v, "int_usj_imp_share_2000") == "11.9"
    assert v["int_usj_def_peak_year"] == "1991" and shown(v, "int_usj_def_peak") == "62"  # 2005 is outside
    assert shown(v, "int_usj_def_1987") == "37" and shown(v, "int_usj_def_2000") == "18"
    assert [shown(v, f"int_jx_us_{y}") for y in (1986, 1995, 2000)] == ["39", "27", "30"]


def yen_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    yearly = pd.DataFrame({"year": range(1971, 2006), "yen_per_usd": 150.0})
    for y, r in {1971: 350.0, 1982: 249.1, 1985: 238.6, 1988: 128.2, 1994: 102.2, 1997: 121.0}.items():
        yearly.loc[yearly["year"] == y, "yen_per_usd"] = r
    dates = pd.date_range("1971-01-01", "2005-12-01", freq="MS")
    rate = pd.Series(150.0, index=dates)
    rate[(dates > "1995-04-01") & (dates < "1999-01-01")] = 110.0
    rate[pd.Timestamp("1995-04-01")] = 83.7
    rate[pd.Timestamp("1998-08-01")] = 144.8
    rate[pd.Timestamp("2003-06-01")] = 80.0  # outside 1990-2000
    monthly = pd.DataFrame({"date": dates, "yen_per_usd": rate.to_numpy()})
    return yearly, monthly


def test_yen_numbers_by_hand():
    v = nums.yen_numbers(*yen_frames())
    assert [shown(v, f"int_yen_{y}") for y in (1971, 1982, 1985, 1988, 1994, 1997)] == [
        "350", "249", "239", "128", "102", "121"]
    assert shown(v, "int_yen_rise_8588") == "86"  # 238.6 / 128.2 = 1.861
    assert v["int_yen_strong_month"] == "April 1995" and shown(v, "int_yen_strong") == "83.7"
    assert v["int_yen_weak_month"] == "August 1998" and shown(v, "int_yen_weak") == "144.8"


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("call", [
    lambda: nums.size_numbers(macro_frame().drop(columns="gdp_usd")),
    lambda: nums.balance_numbers([1, 2]),
    lambda: nums.creditor_numbers(macro_frame(), ranking_frame().drop(columns="largest")),
    lambda: nums.aid_volume_numbers(aid_frame().rename(columns={"value": "v"})),
    lambda: nums.aid_volume_numbers(aid_frame(), 2000, 1975),
    lambda: nums.regional_aid_numbers(regional_frame().drop(columns="donor")),
    lambda: nums.trade_numbers(trade_frames()[0], trade_frames()[0]),
    lambda: nums.us_japan_numbers(us_japan_frames()[0], {1986: 1.0}),
    lambda: nums.yen_numbers(yen_frames()[1], yen_frames()[1]),
])
def test_bad_frames_raise_parameter_error_naming_the_parameter(call):
    with pytest.raises(ParameterError, match="parameter"):
        call()


def test_a_missing_year_raises_data_error_naming_the_year():
    m = macro_frame()
    with pytest.raises(DataSchemaError, match="1985"):
        nums.size_numbers(m[m["year"] != 1985])
    with pytest.raises(DataSchemaError, match="2000"):
        nums.balance_numbers(m[m["year"] < 2000])
    y, mo = yen_frames()
    with pytest.raises(DataSchemaError, match="1988"):
        nums.yen_numbers(y[y["year"] != 1988], mo)
    with pytest.raises(DataSchemaError, match="1990-2000"):
        nums.yen_numbers(y, mo[mo["date"].dt.year < 1990])
    u, s = us_japan_frames()
    with pytest.raises(DataSchemaError, match="1995"):
        nums.us_japan_numbers(u, s.drop(1995))


# ------------------------------------------------------------------ real data


def test_size_and_balance_numbers_against_the_loaders():
    from analysis import integration
    from analysis.loaders import ewn, wdi_gdp

    v = nums.size_numbers(integration.macro_comparison(1970, 2010))
    g = wdi_gdp.gdp_population(["JPN", "USA"]).set_index(["iso3", "year"])["gdp_usd"]
    assert v["int_ratio_1985"].value == pytest.approx(100 * g[("JPN", 1985)] / g[("USA", 1985)])
    b = nums.balance_numbers(integration.macro_comparison(1970, 2010))
    e = ewn.external_wealth().set_index(["iso3", "year"])
    cum = sum(e.loc[("JPN", y), "current_account_musd"] for y in range(1983, 1991))
    assert b["int_ca_cum_jp"].value == pytest.approx(cum)
    peak = int(b["int_ca_jp_peak_year"])
    pct = {y: 100 * e.loc[("JPN", y), "current_account_musd"] / e.loc[("JPN", y), "gdp_musd"] for y in range(1980, 1991)}
    assert peak == max(pct, key=lambda y: pct[y])


# ------------------------------------------------------------------ introduction


def test_episode_numbers_are_the_fact_rows():
    tables = [pd.read_csv(ROOT / "data" / "facts" / f"{t}.csv", dtype=str) for t in ("initiatives", "packages")]
    rows = pd.concat(tables, ignore_index=True).set_index("fact_id")
    v = introduction.episode_numbers()
    for key, (fid, digits) in introduction.EPISODE_AMOUNTS.items():
        assert v[key].value == pytest.approx(float(rows.loc[fid, "amount"])) and v[key].digits == digits
    assert set(v) == set(introduction.EPISODE_AMOUNTS) | set(introduction.EPISODE_DATES)
    assert v["intro_cmi_date"].endswith("2000")  # the Chiang Mai Initiative, May 2000


def test_overview_numbers_by_hand():
    rows = []
    for y in range(1975, 2001):
        ea = {1985: 4.0e9, 1997: 5.0e9, 1998: 6.0e9}.get(y, 3.0e9)
        la = {1982: 0.25e9, 1991: 0.85e9, 1994: 0.7e9, 1995: 0.9e9}.get(y, 0.5e9)
        rows += [{"donor": "JPN", "year": y, "region": EA, "net_oda_usd": ea},
                 {"donor": "JPN", "year": y, "region": LA, "net_oda_usd": la}]
    v = introduction.overview_numbers(pd.DataFrame(rows), findings.ledger())
    assert shown(v, "intro_ea_8291") == "3.1"  # (9 x 3 + 4) / 10
    assert shown(v, "intro_la_8291") == "0.51"  # (0.25 + 8 x 0.5 + 0.85) / 10
    assert shown(v, "intro_la_1982") == "0.25" and shown(v, "intro_la_1991") == "0.85"
    assert shown(v, "intro_la_9495") == "0.80" and shown(v, "intro_ea_9798") == "5.5"
    assert all(isinstance(v[f"ledger_v_summary_{ev}"], str) for ev in findings.EVIDENCE)
    with pytest.raises(ParameterError, match="regional"):
        introduction.overview_numbers(pd.DataFrame({"year": [1980]}), findings.ledger())


def test_engagement_numbers_by_hand():
    s = pd.DataFrame({"crisis": ["debt_1982_91", "peso_1994_95", "asia_1997_98"],
                      "active_label": ["high", "low", "medium"], "leadership_label": ["medium", "low", "low"],
                      "cooperation_label": ["high", "low", "high"]})
    v = introduction.engagement_numbers(s)
    assert (v["intro_act_debt"], v["intro_lead_peso"], v["intro_coop_asia"]) == ("high", "low", "high")
    assert len(v) == 9
    with pytest.raises(DataSchemaError, match="peso_1994_95"):
        introduction.engagement_numbers(s[s["crisis"] != "peso_1994_95"])
    with pytest.raises(ParameterError, match="summary"):
        introduction.engagement_numbers(s.drop(columns="active_label"))


# ------------------------------------------------------------------ banks and the opening of the 1980s


def shares_frame() -> pd.DataFrame:
    """Banks in Japan: 5.0% of claims rising by 1 point a year to a peak of 16.0% in 1988, then 12.0%;
    their claims pass the US ones in 1986 (60 vs 50 in US$ bn)."""
    rows = []
    for y in range(1977, 2001):
        jp_pct = 5.0 + (y - 1977) if y <= 1988 else 12.0
        rows.append({"year": y, "total_musd": 1_000_000.0, "japan_musd": 60_000.0 if y >= 1986 else 40_000.0,
                     "us_musd": 50_000.0, "japan_pct": jp_pct, "us_pct": 24.2 if y == 1982 else 10.0,
                     "n_reporters": 15 if y < 1983 else 24})
    return pd.DataFrame(rows)


def test_banking_numbers_by_hand():
    v = nums.banking_numbers(shares_frame())
    assert shown(v, "int_bis_jp_1980") == "8.0" and shown(v, "int_bis_jp_1985") == "13.0"
    assert v["int_bis_jp_peak_year"] == "1988" and shown(v, "int_bis_jp_peak") == "16.0"
    assert shown(v, "int_bis_jp_2000") == "12.0" and v["int_bis_over_year"] == "1986"
    assert shown(v, "int_bis_us_1982") == "24.2"
    assert shown(v, "int_bis_jp_bn_1985") == "40" and shown(v, "int_bis_jp_bn_1990") == "60"
    assert shown(v, "int_bis_n_1982") == "15" and shown(v, "int_bis_n_1983") == "24"
    rows = pd.read_csv(ROOT / "data" / "facts" / "bank_exposure.csv", dtype=str).set_index("fact_id")
    assert v["int_bis_nat_share"].value == float(rows.loc["bank-jpn-1987", "share_pct"])
    assert v["int_bis_nat_year"] == rows.loc["bank-jpn-1987", "reference_date"]


def test_banking_numbers_bad_input():
    s = shares_frame()
    with pytest.raises(ParameterError, match="shares"):
        nums.banking_numbers(s.drop(columns="us_musd"))
    s["japan_musd"] = 1.0
    with pytest.raises(DataSchemaError, match="never"):
        nums.banking_numbers(s)
    with pytest.raises(DataSchemaError, match="1985"):
        nums.banking_numbers(shares_frame().query("year != 1985"))


def test_bank_location_shares_against_the_raw_file():
    from analysis import integration, manifest

    raw = pd.read_excel(manifest.resolve("bis_lbs", allow_download=False))
    raw = raw.dropna(subset=["reported_total_assets"])
    y85 = raw[raw["date"] == 1985]
    jp85 = float(y85.loc[y85["country"] == "Japan", "reported_total_assets"].iloc[0])
    s = integration.bank_location_shares(1977, 2000).set_index("year")
    assert s.loc[1985, "japan_pct"] == pytest.approx(100 * jp85 / y85["reported_total_assets"].sum())
    assert s.loc[1982, "n_reporters"] == (raw["date"] == 1982).sum()
    us90 = float(raw[(raw["date"] == 1990) & (raw["country"] == "United States")]["reported_total_assets"].iloc[0])
    assert s.loc[1990, "us_musd"] == us90
    with pytest.raises(ParameterError):
        integration.bank_location_shares(2000, 1977)


def test_opening_numbers_are_the_fact_rows():
    tables = [pd.read_csv(ROOT / "data" / "facts" / f"{t}.csv", dtype=str) for t in ("initiatives", "events")]
    rows = pd.concat(tables, ignore_index=True).set_index("fact_id")
    v = nums.opening_numbers()
    for key, (fid, digits) in nums.OPENING_AMOUNTS.items():
        assert v[key].value == pytest.approx(float(rows.loc[fid, "amount"])) and v[key].digits == digits
    assert v["int_plaza_date"] == "22 September 1985"  # the G5 announcement
    assert v["int_fxlaw_date"] == "1 December 1980"
    assert v["int_imf9_date"] == "28 June 1990"
    assert set(v) == set(nums.OPENING_AMOUNTS) | set(nums.OPENING_DATES)
