"""Tests of the ties aggregation of chapter 7 (analysis.asia) and its figures."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis import asia, manifest
from analysis import asian_crisis as ac
from analysis.countries import name_of
from analysis.errors import DataSchemaError, ParameterError
from analysis.figures import asia as fa


def test_groups():
    assert asia.group_of("THA") == asia.ASIA
    assert asia.group_of("MEX") == asia.LATAM
    assert asia.group_of("CHN") is None  # an East Asian recipient, but not a crisis country
    assert asia.group_of("JPN") is None


def test_aid_by_group_matches_raw_file():
    # Independent: read the raw WDI file with the csv module and add up the five.
    path = manifest.resolve("wdi_aid_jpn")
    with open(path, newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["time"] == "1996" and r["geo"].upper() in asia.ASIA_FIVE]
    expected = sum(float(r["dc_dac_jpnl_cd"]) for r in rows)
    got = asia.aid_by_group()
    got = got[(got["creditor"] == "Japan") & (got["group"] == asia.ASIA) & (got["year"] == 1996)]
    assert len(got) == 1
    assert got["net_oda_usd"].iloc[0] == pytest.approx(expected)
    assert got["n_countries"].iloc[0] == len(rows)


def test_aid_by_group_contract():
    df = asia.aid_by_group()
    assert set(df.columns) == {"creditor", "year", "group", "net_oda_usd", "n_countries"}
    assert not df.duplicated(["creditor", "group", "year"]).any()
    assert set(df["creditor"]) == {"Japan", "United States"}
    assert df["n_countries"].max() <= 20


def test_trade_by_group_uses_documented_flows():
    # SOURCE.md of the gravity panel: JPN->THA 1986 = 1,922.5 and JPN->KOR 1986 = 10,356.2 (US$ m).
    t = asia.trade_by_group("gravity")
    jp86 = t[(t["creditor"] == "Japan") & (t["group"] == asia.ASIA) & (t["year"] == 1986)]["trade_musd"].iloc[0]
    assert jp86 > 1922.5 + 10356.2
    assert t["year"].between(1986, 2006).all()
    # both creditors are compared over the same partners
    n = t.groupby(["group", "year"])["n_countries"].nunique()
    assert (n == 1).all()


def test_trade_census_is_us_only():
    t = asia.trade_by_group("census")
    assert set(t["creditor"]) == {"United States"}
    assert t["year"].min() == 1985


def test_bank_claims_documented_values():
    # SOURCE.md of the BIS file: claims on Thailand 1996 99,274; Korea 109,150; Indonesia 57,849.
    c = asia.country_ties(1996).set_index("iso3")["bank_claims_musd"]
    assert c["THA"] == 99274 and c["KOR"] == 109150 and c["IDN"] == 57849
    g = asia.bank_claims_by_group()
    total = g[(g["group"] == asia.ASIA) & (g["year"] == 1996)]["bank_claims_musd"].iloc[0]
    assert total == pytest.approx(c.sum())


def test_ties_comparison_shares_are_consistent():
    t = asia.ties_comparison().set_index("measure")
    for col in ("latin", "asia"):
        jp, us = t.loc["Japan's net bilateral ODA", col], t.loc["US net bilateral ODA", col]
        assert t.loc["Japan's share of Japanese and US aid", col] == pytest.approx(100 * jp / (jp + us))
        r = t.loc["Japan's manufacturing trade", col] / t.loc["US manufacturing trade", col]
        assert t.loc["Japan's trade relative to US trade", col] == pytest.approx(r)
    assert t.notna().all().all()


def test_aid_share_of_japan_bounds():
    s = asia.aid_share_of_japan()
    both = s.pivot(index="year", columns="group", values="share_pct").dropna()
    # the two groups are a subset of the 26 recipients, so together they cannot exceed the total
    # by more than what negative flows elsewhere allow; in the 1990s both are positive and sum below 100
    nineties = both.loc[1990:1999]
    assert (nineties.sum(axis=1) <= 100 + 1e-9).all()


@pytest.mark.parametrize("kwargs", [{"latin_years": (1990, 1980)}, {"asia_years": (1996,)}])
def test_ties_comparison_bad_years(kwargs):
    with pytest.raises(ParameterError, match="years"):
        asia.ties_comparison(**kwargs)


def test_bad_parameters():
    with pytest.raises(ParameterError, match="source"):
        asia.trade_by_group("comtrade")
    with pytest.raises(ParameterError, match="year"):
        asia.country_ties(1980)
    with pytest.raises(ParameterError, match="groups"):
        asia.aid_share_of_japan(("Africa",))


def test_fx_index():
    f = pd.DataFrame({"iso3": ["THA"] * 3, "date": pd.to_datetime(["1997-06-01", "1997-07-01", "1998-01-01"]),
                      "per_usd": [25.0, 30.0, 50.0]})
    out = asia.fx_index(f, base="1997-06")
    assert out["index"].tolist() == [100.0, 120.0, 200.0]
    with pytest.raises(ParameterError, match="base"):
        asia.fx_index(f, base="1996-01")


def test_charts_have_alt_text():
    for chart in (fa.aid_chart(asia.aid_by_group()), fa.trade_chart(asia.trade_by_group("gravity")),
                  fa.bank_chart(asia.bank_claims_by_group())):
        assert chart.to_dict()["description"]
    with pytest.raises(ParameterError, match="aid_by_group"):
        fa.aid_chart(pd.DataFrame({"year": [1990]}))


def test_fx_peaks_and_coverage():
    f = pd.DataFrame({"iso3": ["KOR"] * 3, "date": pd.to_datetime(["1997-06-01", "1998-01-01", "1998-03-01"]),
                      "per_usd": [900.0, 1800.0, 1350.0]})
    p = asia.fx_peaks(f).iloc[0]
    assert p["peak_multiple"] == pytest.approx(2.0) and p["peak_month"] == "January 1998"
    cov = asia.fx_coverage().set_index("iso3")
    # H.10 never published the rupiah or the Philippine peso (fx loader docstring)
    assert not cov.loc["IDN", "h10_monthly"] and not cov.loc["PHL", "fred_daily"]
    assert cov.loc["THA", "h10_monthly"] and cov["imf_annual"].all()


def test_crisis_fx_window_and_annual():
    m = asia.crisis_fx_monthly()
    assert m["date"].min() == pd.Timestamp("1997-01-01") and m["date"].max() == pd.Timestamp("1998-12-01")
    d = asia.annual_depreciation(("THA",)).iloc[0]
    assert d["multiple"] > 1.5  # the baht lost about two fifths of its value between 1996 and 1998
    with pytest.raises(ParameterError):
        asia.crisis_fx_monthly(start="soon")


def test_lender_shares_korea_by_hand():
    s = asia.lender_shares().set_index(["iso3", "lender_code"])
    # Independent's BIS figures for end-June 1997: Korea all banks 103.4, Japanese 22.9, European 36.3 (US$ bn)
    assert s.loc[("KOR", "JPN"), "share_pct"] == pytest.approx(100 * 22.9 / 103.4)
    assert s.loc[("KOR", "EUR"), "share_pct"] == pytest.approx(100 * 36.3 / 103.4)
    assert s.loc[("KOR", "JPN"), "verified"]
    # Thai figures rest on recalled rows, so the share is not verified
    assert not s.loc[("THA", "JPN"), "verified"]
    assert set(s.index.get_level_values("iso3")) == set(asia.ASIA_FIVE)
    with pytest.raises(ParameterError, match="reference_date"):
        asia.lender_shares("1990-01-01")


def test_package_rows_and_table():
    rows = ac.package_rows()
    assert set(rows["package"]) == {"Thailand", "Indonesia", "Korea"}
    tha = rows[rows["package"] == "Thailand"].set_index("contributor_code")
    assert tha.loc["USA", "amount"] == 0 and tha.loc["USA", "line"] == "na"
    t = fa.package_table(rows)
    assert {"Line", "Contributor", "Thailand", "Indonesia", "Korea"} == set(t.columns)
    assert not (t["Contributor"] == "United States").any() or \
        t.loc[t["Contributor"] == "United States", "Thailand"].isna().all()
    jp = t[(t["Contributor"] == "Japan") & (t["Line"] == "second")].iloc[0]
    assert jp["Korea"] == "up to 10" and jp["Indonesia"] == "5"


def test_package_chart_and_lender_chart_alt_text():
    for chart in (fa.package_chart(ac.package_rows()), fa.lender_chart(asia.lender_shares())):
        assert "description" in chart.to_dict()
    assert set(ac.coded_table().columns) >= {"Phase", "Active", "Leadership", "Cooperation"}
    with pytest.raises(ParameterError, match="package_rows"):
        fa.package_table(pd.DataFrame({"package": ["Thailand"]}))


def test_qualitative_checks_contract():
    q = asia.qualitative_checks()
    assert list(q.columns) == ["hypothesis", "expectation", "evidence", "met", "data_verified"]
    assert q["met"].dtype == bool
    # the Thai row rests on recalled BIS figures and must say so
    tha = q[q["hypothesis"].str.contains("Thailand")].iloc[0]
    assert not tha["data_verified"]
    kor = q[q["hypothesis"].str.contains("Korea")].iloc[0]
    assert kor["data_verified"] and "35%" in kor["evidence"]


def test_fx_chart_names_each_currency_and_labels_months():
    spec = fa.fx_chart(asia.fx_index(asia.crisis_fx_monthly(start="1996-07", end="1999-06"))).to_dict()
    enc = spec["encoding"]
    # one merged legend: colour and dash on the same field with the same title, neither suppressed
    assert enc["color"]["field"] == enc["strokeDash"]["field"] == "country"
    assert enc["color"].get("legend", {}) is not None and enc["strokeDash"].get("legend", {}) is not None
    assert enc["color"]["title"] == enc["strokeDash"]["title"]
    assert enc["x"]["axis"]["format"] == "%b %Y"  # a year format on monthly ticks repeats each year


def test_indonesia_check_can_fail_and_follows_the_leadership_code():
    """H1 expects Japan to lead where its banks were the largest lenders; the
    check is met only by a leadership code of 2 in the IMF-led phase (not by
    any spread of codes, which would make it circular)."""
    from analysis import coding

    q = asia.qualitative_checks()
    idn = q[q["hypothesis"].str.contains("Indonesia")].iloc[0]
    eng = coding.load_engagement().set_index("phase")
    assert idn["met"] == (eng.loc["a3_imf_led", "leadership"] == 2)
    assert not idn["data_verified"]  # the total owed to foreign banks is a recalled figure
    assert not q["hypothesis"].str.contains("coherence").any()


# --------------------------------------------------------------------- chapter 7: prose values
def test_ties_numbers_match_the_comparison_table():
    from analysis.numbers import Number, check

    n = check(asia.ties_numbers())
    assert (n["latin_first"], n["latin_last"], n["asia_first"], n["asia_last"]) == ("1986", "1989", "1994", "1996")
    t = asia.ties_comparison().set_index("measure")
    assert n["jp_oda_latin"] == Number(float(t.loc["Japan's net bilateral ODA", "latin"]), digits=2)
    # the share is Japan's aid over both donors' aid, computed here from the two ODA rows
    jp, us = t.loc["Japan's net bilateral ODA", "asia"], t.loc["US net bilateral ODA", "asia"]
    assert n["jp_aid_share_asia"].value == pytest.approx(100 * jp / (jp + us))
    assert len(n) == 4 + 2 * len(asia.TIES_KEYS)
    with pytest.raises(ParameterError, match="latin_years"):
        asia.ties_numbers(latin_years=(1989, 1986))


def test_aid_share_numbers_by_hand():
    share = asia.aid_share_of_japan()
    asia90 = share[(share["group"] == asia.ASIA) & share["year"].between(1994, 1996)]["share_pct"]
    n = asia.aid_share_numbers()
    assert n["jp_aid_to_asia_90s"].value == pytest.approx(asia90.sum() / len(asia90))
    with pytest.raises(ParameterError, match="asia_years"):
        asia.aid_share_numbers(asia_years=(1996, 1994))


def test_first_lasting_lead():
    lead = pd.Series([1.0, 3.0, 1.0, 3.0, 4.0], index=[1990, 1991, 1992, 1993, 1994])
    behind = pd.Series([2.0] * 5, index=lead.index)
    assert asia.first_lasting_lead(lead, behind, until=1994) == 1993
    assert asia.first_lasting_lead(lead, behind, until=1991) == 1991
    with pytest.raises(DataSchemaError, match="not ahead"):
        asia.first_lasting_lead(lead, behind, until=1992)


def test_trade_bank_and_country_numbers():
    from analysis.numbers import check

    t = check(asia.trade_numbers())
    tr = asia.trade_by_group("gravity")
    jp = tr[(tr["creditor"] == "Japan") & (tr["group"] == asia.ASIA)].set_index("year")["trade_musd"]
    assert t["jp_asia_trade_growth"].value == pytest.approx(jp[1996] / jp[1986])
    assert 1986 <= int(t["jp_overtakes_year"]) <= 1996
    b = check(asia.bank_numbers())
    assert b["asia_claims_drop"].value == pytest.approx(b["asia_claims_1996"].value
                                                        - asia.bank_claims_by_group().set_index(["group", "year"])
                                                        .loc[(asia.ASIA, 1998), "bank_claims_musd"])
    c = check(asia.country_numbers(1996))
    ct = asia.country_ties(1996).set_index("iso3")
    assert c["kor_claims"].value == ct.loc["KOR", "bank_claims_musd"] and c["kor_claims"].scale == 1e3
    assert all(ct.loc[iso, "jp_oda_musd"] < 0 for iso in ("MYS", "THA", "IDN", "KOR", "PHL")
               if name_of(iso) in c["neg_jp_oda"])
    with pytest.raises(ParameterError, match="'year'"):
        asia.country_numbers(1950)


@pytest.mark.parametrize("draw", [fa.trade_chart, fa.bank_chart, fa.ties_table, fa.country_table, fa.fx_chart,
                                  fa.lender_chart, fa.package_chart])
def test_figures_refuse_a_frame_of_the_wrong_kind(draw):
    with pytest.raises(ParameterError, match="parameter 'frame'|parameter 'rows'|lacks"):
        draw(pd.DataFrame({"nothing": [1]}))
