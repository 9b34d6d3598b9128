"""The recipient-year panel: keys, lags, coverage, transformations and bad
parameters. Expected values come from the sources' SOURCE.md files or from
the loaders read independently, never from the panel itself."""
from __future__ import annotations

import numpy as np
import pytest

from analysis import countries, panel
from analysis.errors import ParameterError, UnknownCountryError
from analysis.loaders import bis, pwt

LA = countries.recipients(countries.LATIN_AMERICA)


@pytest.fixture(scope="module")
def la():
    return panel.build_panel(countries.LATIN_AMERICA, 1978, 1994)


def test_unique_keys_and_every_country_year(la):
    assert not la.duplicated(["iso3", "year"]).any()
    assert len(la) == 20 * 17
    assert set(la["iso3"]) == set(LA)
    assert la["year"].min() == 1978 and la["year"].max() == 1994
    assert (la["region"] == countries.LATIN_AMERICA).all()


def test_lag_is_previous_calendar_year_with_source_value(la):
    row = la[(la["iso3"] == "MEX") & (la["year"] == 1983)].iloc[0]
    assert row["l1_log_bank_claims"] == pytest.approx(np.log(59441))  # SOURCE.md: Mexico 1982 = 59,441
    assert row["log_bank_claims"] == pytest.approx(np.log(72058))  # BIS file, Mexico 1983
    p = pwt.pwt().set_index(["iso3", "year"])
    assert row["l1_log_pop"] == pytest.approx(np.log(p.loc[("MEX", 1982), "pop_m"]))


def test_lags_follow_calendar_years_not_rows(monkeypatch):
    real = panel._sources

    def gappy(codes, years):
        df = real(codes, years)
        return df[~((df["iso3"] == "ARG") & (df["year"] == 1980))]

    monkeypatch.setattr(panel, "_sources", gappy)
    df = panel.build_panel(["ARG", "BRA"], 1979, 1983).set_index(["iso3", "year"])
    assert np.isnan(df.loc[("ARG", 1981), "l1_log_bank_claims"])  # 1980 is absent: no lag, not 1979's
    claims = bis.bank_claims().set_index(["iso3", "year"])["bank_claims_musd"]
    assert df.loc[("ARG", 1982), "l1_log_bank_claims"] == pytest.approx(np.log(claims[("ARG", 1981)]))


def test_lag_two_years():
    df = panel.build_panel(["MEX"], 1984, 1986, lag=2).set_index("year")
    assert df.loc[1984, "l2_log_bank_claims"] == pytest.approx(np.log(59441))


def test_coverage_of_each_source(la):
    # SOURCE.md of the aid data: Japan has every year 1975-2000 for every Latin American recipient
    assert la["net_oda_musd"].notna().all()
    # bank claims start 1977, so the lag exists from 1978
    assert la["l1_log_bank_claims"].notna().all()
    # US trade begins in 1985 (lag from 1986); Bolivia and Nicaragua only from 1992 (lag from 1993)
    us = la.dropna(subset=["l1_log_us_trade"])
    assert us["year"].min() == 1986
    assert us[us["iso3"].isin(["BOL", "NIC"])]["year"].min() == 1993
    # Japan's manufacturing trade from 1986 (lag from 1987), not for Venezuela or Peru
    jp = la.dropna(subset=["l1_log_jp_trade"])
    assert jp["year"].min() == 1987
    assert not {"VEN", "PER"} & set(jp["iso3"])
    # Trinidad and Tobago has no debt data in either vintage
    assert la.loc[la["iso3"] == "TTO", "l1_debt_service_pct_exports"].isna().all()


def test_missing_values_are_not_filled(la):
    # US aid: Argentina has fiscal years without a row in 1977-94 -> missing in the panel
    arg = la[la["iso3"] == "ARG"]
    assert arg["us_aid_musd"].isna().any()
    zero = panel.build_panel(["ARG"], 1978, 1994, us_aid_absent_as_zero=True)
    assert zero["l1_asinh_us_aid"].notna().sum() > arg["l1_asinh_us_aid"].notna().sum()


def test_dependent_variable_transformations(la):
    assert (la["net_oda_musd"] < 0).any()  # negative net flows exist and are kept
    np.testing.assert_allclose(la["net_oda_asinh"], np.arcsinh(la["net_oda_musd"]))
    neg = la[la["net_oda_musd"] < 0]
    assert (neg["net_oda_asinh"] < 0).all()
    shares = la.groupby("year")["oda_share_pct"].sum()
    np.testing.assert_allclose(shares, 100.0)
    row = la[(la["iso3"] == "MEX") & (la["year"] == 1990)].iloc[0]
    assert row["oda_per_capita_usd"] == pytest.approx(row["net_oda_musd"] / row["pop_m"])


def test_missing_report_counts(la):
    rep = panel.missing_report(la, ["net_oda_musd", "l1_log_jp_trade"]).set_index("variable")
    assert rep.loc["net_oda_musd", "missing"] == 0
    assert rep.loc["l1_log_jp_trade", "observed"] + rep.loc["l1_log_jp_trade", "missing"] == len(la)
    assert "VEN" in rep.loc["l1_log_jp_trade", "missing_in"]
    assert rep.loc["l1_log_jp_trade", "hypothesis"] == "Mercantilism"
    with pytest.raises(ParameterError, match="nonsense"):
        panel.missing_report(la, ["nonsense"])


def test_every_regressor_has_a_lag_and_a_registry_entry(la):
    for name in panel.REGRESSORS:
        assert panel.lag_name(name) in la.columns
        assert panel.VARIABLES[name].hypothesis in {"H1", "H2", "US strategic interest", "Mercantilism", "Control"}
    assert set(panel.DEPENDENTS) == {"net_oda_musd", "net_oda_asinh", "oda_share_pct", "oda_per_capita_usd"}


def test_east_asia_panel_for_chapter_8():
    ea = panel.build_panel(countries.EAST_ASIA, 1990, 2000)
    assert set(ea["iso3"]) == set(countries.recipients(countries.EAST_ASIA))
    assert not ea.duplicated(["iso3", "year"]).any()
    # Korea has no debt data in either vintage and leaves Japan's ODA list after 1999
    assert ea.loc[ea["iso3"] == "KOR", "l1_debt_service_pct_exports"].isna().all()
    assert np.isnan(ea.set_index(["iso3", "year"]).loc[("KOR", 2000), "net_oda_musd"])


@pytest.mark.parametrize(
    "kwargs, name",
    [(dict(start_year=1970, end_year=1990), "start_year"), (dict(start_year=1985, end_year=1984), "end_year"),
     (dict(start_year=1985, end_year=2030), "end_year"), (dict(start_year=1985.5, end_year=1990), "start_year"),
     (dict(start_year=1985, end_year=1990, lag=0), "lag")],
)
def test_bad_window_names_the_parameter(kwargs, name):
    with pytest.raises(ParameterError, match=f"'{name}'"):
        panel.check_window(**kwargs)


def test_bad_recipients():
    with pytest.raises(UnknownCountryError, match="'USA'"):
        panel.build_panel(["MEX", "USA"])
    with pytest.raises(ParameterError, match="'region'"):
        panel.build_panel("Africa")
    with pytest.raises(ParameterError, match="repeats"):
        panel.build_panel(["MEX", "MEX"])
