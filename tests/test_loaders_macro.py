"""Macro loaders: WDI GDP and population, External Wealth of Nations,
Gapminder donor aid, OECD DAC2a totals. Data contracts checked against values
in the SOURCE.md files and independent reads of the raw files; bad input
raises clear errors."""
from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from analysis import manifest as mf
from analysis.countries import recipients
from analysis.errors import DataSchemaError, ParameterError, UnknownCountryError
from analysis.loaders import ewn, gapminder_aid, oecd_dac, wdi_gdp

BOOK = set(recipients()) | {"JPN", "USA"}


def _skip_hash_check(monkeypatch):
    """Let an altered scratch copy past the sha256 check so the loader's own
    schema checks are reached."""
    monkeypatch.setattr(mf, "verify", lambda path, expected: path)


# ------------------------------------------------------------------ WDI GDP


def test_wdi_keys_units_and_coverage():
    df = wdi_gdp.gdp_population()
    assert list(df.columns) == ["iso3", "year", "gdp_usd", "population"]
    assert not df.duplicated(["iso3", "year"]).any()
    assert set(df["iso3"]) == BOOK
    # SOURCE.md: JPN, USA, MEX, CHL have GDP for 1960-2023; VEN ends in 2014
    for iso in ("JPN", "USA", "MEX", "CHL"):
        years = df.loc[(df["iso3"] == iso) & df["gdp_usd"].notna(), "year"]
        assert years.min() == 1960 and years.max() == 2023, iso
        assert years.nunique() == 64
    assert df.loc[(df["iso3"] == "VEN") & df["gdp_usd"].notna(), "year"].max() == 2014
    # every book country has GDP and population in every year 1975-2000
    win = df[df["year"].between(1975, 2000)]
    assert win.groupby("iso3")["population"].count().min() == 26


def test_wdi_values_match_an_independent_read():
    path = mf.resolve("wdi_gdp")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = {(r["Country Code"], r["Year"]): float(r["Value"]) for r in csv.DictReader(fh)}
    df = wdi_gdp.gdp_population(["JPN", "USA"]).set_index(["iso3", "year"])
    for iso, year in (("JPN", 1985), ("USA", 1995), ("JPN", 2000)):
        assert df.loc[(iso, year), "gdp_usd"] == rows[(iso, str(year))]
    # current US$, not millions: Japan's GDP in 1985 was over one trillion dollars
    assert df.loc[("JPN", 1985), "gdp_usd"] > 1e12
    world = wdi_gdp.world_gdp().set_index("year")["world_gdp_usd"]
    assert world[1985] == rows[("WLD", "1985")]


def test_wdi_unknown_code_raises():
    with pytest.raises(UnknownCountryError, match="XXX"):
        wdi_gdp.gdp_population(["JPN", "XXX"])


def test_wdi_renamed_column_raises(scratch_data, monkeypatch):
    path = scratch_data("wdi_gdp")
    path.write_text(path.read_text(encoding="utf-8").replace("Value", "GDP", 1), encoding="utf-8")
    scratch_data("wdi_population")
    _skip_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError) as err:
        wdi_gdp.gdp_population()
    assert "gdp.csv" in str(err.value) and "Value" in str(err.value)


# ------------------------------------------------------------------ EWN


def test_ewn_values_documented_in_source_md():
    df = ewn.external_wealth().set_index(["iso3", "year"])
    # SOURCE.md: Japan 1985 debt assets 360.8bn, debt liabilities 257.2bn
    assert df.loc[("JPN", 1985), "debt_assets_musd"] == pytest.approx(360_800, abs=50)
    assert df.loc[("JPN", 1985), "debt_liabilities_musd"] == pytest.approx(257_200, abs=50)


def test_ewn_net_iip_is_in_millions_and_equals_assets_minus_liabilities():
    df = ewn.external_wealth()
    diff = df["total_assets_musd"] - df["total_liabilities_musd"]
    pd.testing.assert_series_equal(df["net_iip_musd"], diff, check_names=False, rtol=1e-9)
    jpn = df[df["iso3"] == "JPN"].set_index("year")
    # Japan's net IIP in 1985: between 100 and 200 billion dollars (in millions)
    assert 100_000 < jpn.loc[1985, "net_iip_musd"] < 200_000
    # the US became a net debtor in the late 1980s
    usa = df[df["iso3"] == "USA"].set_index("year")
    assert usa.loc[1980, "net_iip_musd"] > 0 and usa.loc[1990, "net_iip_musd"] < 0


def test_ewn_independent_read_of_the_workbook():
    path = mf.resolve("ewn")
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb["Dataset"]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows)]
    ci, yi, gi, cai = (header.index(c) for c in ("IFS_Code", "Year", "GDP (US$)", "Current account balance"))
    found = {}
    for r in rows:
        if r[ci] in (158, 111) and r[yi] in (1985, 1995):
            found[(r[ci], r[yi])] = (r[gi], r[cai])
    wb.close()
    df = ewn.external_wealth().set_index(["iso3", "year"])
    for (code, year), (gdp, ca) in found.items():
        iso = "JPN" if code == 158 else "USA"
        assert df.loc[(iso, year), "gdp_musd"] == pytest.approx(gdp)
        assert df.loc[(iso, year), "current_account_musd"] == pytest.approx(ca)
    assert len(found) == 4


def test_ewn_keys_and_coverage():
    df = ewn.external_wealth()
    assert not df.duplicated(["iso3", "year"]).any()
    assert set(df["iso3"]) == BOOK
    assert df["year"].min() == 1970 and df["year"].max() == 2021
    win = df[df["year"].between(1975, 2000) & df["iso3"].isin(["JPN", "USA"])]
    assert win[["net_iip_musd", "current_account_musd", "gdp_musd"]].notna().all().all()
    assert len(win) == 52


def test_ewn_renamed_column_raises(scratch_data, monkeypatch):
    path = scratch_data("ewn")
    wb = openpyxl.load_workbook(path)
    ws = wb["Dataset"]
    for cell in ws[1]:
        if cell.value and str(cell.value).strip() == "Current account balance":
            cell.value = "CA balance"
    wb.save(path)
    _skip_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError) as err:
        ewn.external_wealth()
    assert "EWN-dataset_12-2022.xlsx" in str(err.value) and "Current account balance" in str(err.value)


# ------------------------------------------------------------------ Gapminder aid


def test_gapminder_aid_value_documented_in_source_md():
    df = gapminder_aid.aid_given().set_index(["iso3", "year"])
    # SOURCE.md: Japan's ODA given in 1980 = 6.12bn in 2023 US$
    assert df.loc[("JPN", 1980), "oda_given_const2023_usd"] == pytest.approx(6.12e9, rel=0.002)


def test_gapminder_aid_keys_units_coverage():
    df = gapminder_aid.aid_given()
    assert set(df["iso3"]) == {"JPN", "USA"}
    assert not df.duplicated(["iso3", "year"]).any()
    win = df[df["year"].between(1975, 2000)]
    assert win["oda_given_const2023_usd"].notna().sum() == 52
    assert win["oda_given_pct_gni"].notna().sum() == 52
    # per cent of GNI, not a fraction: between 0.05 and 1 for both donors
    assert win["oda_given_pct_gni"].between(0.05, 1).all()
    # US$, not millions
    assert win["oda_given_const2023_usd"].min() > 1e9


def test_gapminder_aid_all_donors_and_bad_donor():
    alld = gapminder_aid.aid_given(None)
    assert {"DEU", "FRA", "GBR"} <= set(alld["iso3"])
    with pytest.raises(UnknownCountryError, match="MEX"):
        gapminder_aid.aid_given(["MEX"])
    with pytest.raises(ParameterError):
        gapminder_aid.aid_given("JPN")


def test_gapminder_aid_renamed_column_raises(scratch_data, monkeypatch):
    for fid in gapminder_aid.FILES:
        scratch_data(fid)
    path = scratch_data("gapminder_aid_given_pct_gni")
    path.write_text(path.read_text(encoding="utf-8").replace("aid_given_percent_of_gni", "pct", 1), encoding="utf-8")
    _skip_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError) as err:
        gapminder_aid.aid_given()
    assert "aid_given_percent_of_gni" in str(err.value)


# ------------------------------------------------------------------ OECD DAC2a


def test_dac_keys_units_coverage():
    df = oecd_dac.dac_total()
    assert list(df.columns) == ["iso3", "year", "dac_net_oda_const2016_musd"]
    assert set(df["iso3"]) == set(recipients())
    assert not df.duplicated(["iso3", "year"]).any()
    assert df["year"].min() == 1960 and df["year"].max() == 2017


def test_dac_regional_total_equals_sum_of_members():
    """Independent check of parsing and indentation: South America's total is
    the sum of its countries plus 'South America, regional'."""
    a = oecd_dac.all_recipients()
    members = ["Argentina", "Bolivia", "Brazil", "Chile", "Colombia", "Ecuador", "Guyana",
               "Paraguay", "Peru", "Suriname", "Uruguay", "Venezuela", "South America, regional"]
    for year in (1975, 1985, 1995):
        x = a[a["year"] == year].set_index("recipient")["dac_net_oda_const2016_musd"]
        assert x[members].sum() == pytest.approx(x["South America, Total"], abs=0.05)
    lvl = a.drop_duplicates("recipient").set_index("recipient")["level"]
    assert lvl["Developing Countries, Total"] == 0 and lvl["America, Total"] == 1
    assert lvl["Mexico"] == 3


def test_dac_independent_read_with_openpyxl():
    path = mf.resolve("oecd_dac2a_total")
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    years = rows[7]
    col = years.index(1985) if 1985 in years else [str(y) for y in years].index("1985")
    mex = next(r for r in rows if isinstance(r[0], str) and r[0].strip() == "Mexico")
    df = oecd_dac.dac_total().set_index(["iso3", "year"])
    assert df.loc[("MEX", 1985), "dac_net_oda_const2016_musd"] == pytest.approx(float(mex[col]))


def test_dac_wrong_query_header_raises(scratch_data, monkeypatch):
    path = scratch_data("oecd_dac2a_total")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.cell(row=7, column=3).value = "US Dollar, Millions"  # current prices, not 2016
    wb.save(path)
    _skip_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError, match="Unit"):
        oecd_dac.dac_total()


def test_dac_renamed_recipient_raises(scratch_data, monkeypatch):
    path = scratch_data("oecd_dac2a_total")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows(min_col=1, max_col=1):
        if isinstance(row[0].value, str) and row[0].value.strip() == "Thailand":
            row[0].value = "      Siam"
    wb.save(path)
    _skip_hash_check(monkeypatch)
    with pytest.raises(UnknownCountryError, match="THA"):
        oecd_dac.dac_total()
