"""Loaders of chapter 3's regressors: PWT, BIS, Gapminder debt, US aid, IMF,
Asonuma-Trebesch. Data contracts (columns, keys, units, coverage, check values
from each folder's SOURCE.md) and bad input (altered copies of raw files)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import countries
from analysis import manifest as mf
from analysis.errors import DataHashError, DataSchemaError, ParameterError
from analysis.loaders import asonuma, bis, gapminder_debt, imf, pwt, us_aid

LA = countries.recipients(countries.LATIN_AMERICA)


def _no_hash_check(monkeypatch):
    monkeypatch.setattr(mf, "verify", lambda p, e: p)


# --------------------------------------------------------------------------- PWT
def test_pwt_contract_and_per_head_definition():
    df = pwt.pwt()
    assert list(df.columns) == ["iso3", "year", "rgdpe_musd", "pop_m", "gdp_pc_usd"]
    assert not df.duplicated(["iso3", "year"]).any()
    assert set(df["iso3"]) == set(countries.countries()["iso3"])
    row = df[(df["iso3"] == "MEX") & (df["year"] == 1985)].iloc[0]
    assert row["gdp_pc_usd"] == pytest.approx(row["rgdpe_musd"] / row["pop_m"])
    # SOURCE.md: every book country has rgdpe and pop for every year 1975-2000
    w = df[df["year"].between(1975, 2000)]
    assert w[["rgdpe_musd", "pop_m"]].notna().all().all()
    assert w.groupby("iso3").size().eq(26).all()
    # plausible magnitudes: Mexico's population in 1985 between 60 and 90 million
    assert 60 < row["pop_m"] < 90


def test_pwt_altered_file_fails_hash_check(scratch_data):
    path = scratch_data("pwt")
    with path.open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(DataHashError, match="pwt10.01.rda"):
        pwt.pwt()


def test_pwt_unreadable_file_names_file(scratch_data, monkeypatch):
    path = scratch_data("pwt")
    path.write_bytes(b"not an R file")
    _no_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError, match="pwt10.01.rda"):
        pwt.pwt()


# --------------------------------------------------------------------------- BIS
def test_bis_uses_flipped_liabilities_column_with_source_check_values():
    df = bis.bank_claims().set_index(["iso3", "year"])
    # SOURCE.md check values of derived_total_liabilities (= claims ON the country)
    assert df.loc[("MEX", 1982), "bank_claims_musd"] == 59441
    assert df.loc[("MEX", 1994), "bank_claims_musd"] == 76882
    assert df.loc[("THA", 1996), "bank_claims_musd"] == 99274
    assert df.loc[("KOR", 1997), "bank_claims_musd"] == 104547
    assert df.loc[("IDN", 1997), "bank_claims_musd"] == 64494


def test_bis_contract_and_coverage():
    df = bis.bank_claims()
    assert not df.duplicated(["iso3", "year"]).any()
    assert set(df["iso3"]) == set(countries.countries()["iso3"])
    w = df[df["year"].between(1977, 2000) & df["iso3"].isin(LA)]
    assert w["bank_claims_musd"].notna().all()
    assert df.loc[df["year"] < 1977, "bank_claims_musd"].isna().all()  # missing, not zero


def test_bis_renamed_column_is_named(scratch_data, monkeypatch):
    path = scratch_data("bis_lbs")
    raw = pd.read_excel(path).rename(columns={"derived_total_liabilities": "claims"})
    raw.to_excel(path, index=False)
    _no_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError, match="derived_total_liabilities"):
        bis.bank_claims()


# --------------------------------------------------------------------------- Gapminder debt
def test_debt_check_values_and_units():
    df = gapminder_debt.debt_indicators().set_index(["iso3", "year"])
    # SOURCE.md: Mexico 1982 86.27bn (current file); Chile 1982 17.31bn (2016 file only)
    assert df.loc[("MEX", 1982), "external_debt_musd"] == pytest.approx(86_270, abs=5)
    assert df.loc[("CHL", 1982), "external_debt_musd"] == pytest.approx(17_310)
    old = gapminder_debt.debt_indicators("gdf2016").set_index(["iso3", "year"])
    assert old.loc[("MEX", 1982), "external_debt_musd"] == pytest.approx(86_080)


def test_splice_rule_one_vintage_per_country_and_indicator():
    table = gapminder_debt.splice_table()
    ext = table[table["variable"] == "external_debt_musd"].set_index("iso3")["vintage"]
    # SOURCE.md: the current vintage lacks these eight; the 2016 one lacks KOR and TTO
    for iso3 in ("CHL", "CRI", "PAN", "URY", "VEN", "MYS"):
        assert ext[iso3] == "gdf2016"
    for iso3 in ("KOR", "TTO"):
        assert ext[iso3] == "none"
    assert ext["MEX"] == "current" and ext["BRA"] == "current"
    spliced = gapminder_debt.debt_indicators()
    assert spliced.loc[spliced["iso3"] == "KOR"].empty  # missing, not zero
    assert not spliced.duplicated(["iso3", "year"]).any()


def test_vintages_agree_where_both_exist():
    cur = gapminder_debt.debt_indicators("current")
    old = gapminder_debt.debt_indicators("gdf2016")
    both = cur.merge(old, on=["iso3", "year"], suffixes=("_c", "_o"))
    both = both[both["year"].between(1980, 1995)].dropna(subset=["external_debt_musd_c", "external_debt_musd_o"])
    ratio = both["external_debt_musd_c"] / both["external_debt_musd_o"]
    assert len(both) > 200
    assert ratio.median() == pytest.approx(1.0, abs=0.02)


def test_debt_bad_vintage_parameter():
    with pytest.raises(ParameterError, match="'vintage'"):
        gapminder_debt.debt_indicators("2019")


def test_debt_non_numeric_value_is_named(scratch_data, monkeypatch):
    path = scratch_data("gapminder_external_debt")
    lines = path.read_text().splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("mex,1982,"))
    lines[i] = "mex,1982,lots"
    path.write_text("\n".join(lines) + "\n")
    _no_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError, match="'lots'"):
        gapminder_debt.debt_indicators()


# --------------------------------------------------------------------------- US aid
def test_us_aid_check_values_obligations_in_millions():
    df = us_aid.us_aid().set_index(["iso3", "year"])["us_aid_musd"]
    # SOURCE.md: Philippines 1985 267.0m, 1990 503.9m; Thailand 1997 14.3m; Korea 1985 232.0m
    assert df[("PHL", 1985)] == pytest.approx(267.0, abs=0.05)
    assert df[("PHL", 1990)] == pytest.approx(503.9, abs=0.05)
    assert df[("THA", 1997)] == pytest.approx(14.3, abs=0.05)
    assert df[("KOR", 1985)] == pytest.approx(232.0, abs=0.05)


def test_us_aid_missing_rows_stay_missing():
    df = us_aid.us_aid()
    assert ("KOR", 1997) not in set(zip(df["iso3"], df["year"]))  # SOURCE.md: no row, not zero
    assert not df.duplicated(["iso3", "year"]).any()


def test_us_aid_transition_quarter_fold_adds_it_to_1976():
    fold = us_aid.us_aid("fold").set_index(["iso3", "year"])["us_aid_musd"]
    drop = us_aid.us_aid("drop").set_index(["iso3", "year"])["us_aid_musd"]
    raw = pd.read_csv(mf.resolve("us_aid"), dtype=str)
    tq = raw[(raw["country_code"] == "PHL") & (raw["fiscal_year"] == "1976tq")
             & (raw["transaction_type_name"] == "Obligations")]
    assert len(tq) == 1
    assert fold[("PHL", 1976)] - drop[("PHL", 1976)] == pytest.approx(float(tq["current_amount"].iloc[0]) / 1e6)
    with pytest.raises(ParameterError, match="'transition_quarter'"):
        us_aid.us_aid("separate")


def test_us_aid_bad_fiscal_year_is_named(scratch_data, monkeypatch):
    path = scratch_data("us_aid")
    text = path.read_text()
    path.write_text(text.replace("Obligations,1985,", "Obligations,FY85,", 1))
    _no_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError, match="fiscal_year.*FY85"):
        us_aid.us_aid()


# --------------------------------------------------------------------------- IMF
def test_imf_arrangements_check_values():
    arr = imf.arrangements()
    mex = arr[arr["iso3"] == "MEX"].set_index("start")
    # SOURCE.md: Mexico SBA 1995-02-01 SDR 12,070.2m; EFF 1983 SDR 3,410.6m; EFF 1989-05-26 SDR 3,729.6m
    assert mex.loc[pd.Timestamp("1995-02-01"), "amount_sdr_m"] == pytest.approx(12070.2)
    assert mex.loc[pd.Timestamp("1983-01-01"), "amount_sdr_m"] == pytest.approx(3410.6)
    assert mex.loc[pd.Timestamp("1989-05-26"), "amount_sdr_m"] == pytest.approx(3729.6)
    fp = imf.arrangements("fund_programs")
    kor = fp[(fp["iso3"] == "KOR") & (fp["start"] == pd.Timestamp("1997-12-04"))]
    assert len(kor) == 1 and kor["amount_sdr_m"].iloc[0] == pytest.approx(15500.0)  # SRF sub-row dropped


def test_imf_in_force_rules():
    df = imf.programme_in_force().set_index(["iso3", "year"])
    assert df.loc[("MEX", 1984), "imf_programme"] == 1 and df.loc[("MEX", 1984), "imf_share_of_year"] == 1
    assert df.loc[("MEX", 1994), "imf_programme"] == 0  # EFF ended May 1993, SBA began Feb 1995
    # Mexico's SBA of 19 November 1986: 43 of 365 days of 1986
    assert df.loc[("MEX", 1986), "imf_share_of_year"] == pytest.approx(43 / 365)
    # Indonesia's 1997 SBA was cancelled on 1998-08-25 and replaced by an EFF the same day
    assert df.loc[("IDN", 1998), "imf_share_of_year"] == 1
    assert (df.xs("MYS", level="iso3")["imf_programme"] == 0).all()


def test_union_days_merges_overlapping_and_adjacent_spans():
    import numpy as np

    day = np.int64(86_400_000_000_000)

    def ns(*dates):
        return np.array([pd.Timestamp(d).value for d in dates], dtype=np.int64)

    assert imf._union_days(ns(), ns(), day) == 0
    assert imf._union_days(ns("1990-01-01"), ns("1990-01-01"), day) == 1
    # overlapping: Jan 1-31 and Jan 15 - Feb 10 -> Jan 1 - Feb 10
    assert imf._union_days(ns("1990-01-15", "1990-01-01"), ns("1990-02-10", "1990-01-31"), day) == 41
    # adjacent (next day) spans join; a one-day gap does not count
    assert imf._union_days(ns("1990-01-01", "1990-01-11"), ns("1990-01-10", "1990-01-20"), day) == 20
    assert imf._union_days(ns("1990-01-01", "1990-01-12"), ns("1990-01-10", "1990-01-20"), day) == 19
    # the same answer as the Timestamp version it replaces
    spans = [(pd.Timestamp("1990-03-01"), pd.Timestamp("1990-06-30")), (pd.Timestamp("1990-06-15"), pd.Timestamp("1991-02-01"))]
    clipped = [(max(s, pd.Timestamp("1990-01-01")), min(e, pd.Timestamp("1990-12-31"))) for s, e in spans]
    assert imf._union_days(ns(*[s for s, _ in clipped]), ns(*[e for _, e in clipped]), day) == imf._covered_days(spans, 1990)


def test_imf_two_compilations_agree_1975_2000():
    a = imf.programme_in_force("arrangements_1952")
    b = imf.programme_in_force("fund_programs")
    m = a.merge(b, on=["iso3", "year"])
    m = m[m["year"].between(1975, 2000)]
    assert (m["imf_programme_x"] == m["imf_programme_y"]).mean() > 0.99


def test_imf_bad_source_and_bad_date(scratch_data, monkeypatch):
    with pytest.raises(ParameterError, match="'source'"):
        imf.programme_in_force("weo")
    path = scratch_data("imf_fund_programs")
    raw = pd.read_excel(path)
    raw["Ended"] = raw["Ended"].astype(object)
    raw.loc[0, "Ended"] = "soon"
    raw.to_excel(path, index=False)
    _no_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError, match="'Ended'.*'soon'"):
        imf.arrangements("fund_programs")


# --------------------------------------------------------------------------- Asonuma-Trebesch
def test_brady_cases_match_source_end_dates():
    cases = asonuma.restructurings()
    brady = cases[cases["brady"]].set_index("iso3")["end"]
    # end dates listed in SOURCE.md
    assert brady["MEX"] == pd.Timestamp("1990-02-04")
    assert brady["VEN"] == pd.Timestamp("1990-12-05")
    assert brady["URY"] == pd.Timestamp("1991-01-31")
    assert brady["ARG"] == pd.Timestamp("1993-04-07")
    assert brady["BRA"] == pd.Timestamp("1994-04-15")
    assert brady["ECU"] == pd.Timestamp("1995-02-28")
    assert brady["PER"] == pd.Timestamp("1997-03-07")
    assert "CHL" not in brady.index  # Chile 1990: rescheduling without debt reduction
    assert brady.between(asonuma.BRADY_FROM, asonuma.BRADY_TO).all()


def test_brady_status_switches_on_in_completion_year():
    st = asonuma.brady_status().set_index(["iso3", "year"])
    assert st.loc[("MEX", 1989), "brady_done"] == 0 and st.loc[("MEX", 1990), "brady_done"] == 1
    assert st.loc[("PER", 1996), "brady_done"] == 0 and st.loc[("PER", 1997), "brady_done"] == 1
    assert (st.xs("CHL", level="iso3")["brady_done"] == 0).all()
    assert st.loc[("MEX", 1983), "in_restructuring"] == 1 and st.loc[("MEX", 1992), "in_restructuring"] == 0
    assert not st.reset_index().duplicated(["iso3", "year"]).any()


def test_brady_rule_fails_loudly_if_a_case_is_missing(scratch_data, monkeypatch, skip_coverage_contract):
    # openpyxl drops the cached values of formula cells on saving, which the coverage contract
    # refuses first; this tests the Brady rule
    path = scratch_data("asonuma_trebesch")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb[asonuma.SHEET]
    for row in ws.iter_rows():
        if any(c.value == "PER" for c in row):
            for c in row:
                if hasattr(c.value, "year") and c.value.year == 1997:
                    c.value = pd.Timestamp("1998-06-01").to_pydatetime()
    wb.save(path)
    _no_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError, match="PER.*1997-03"):
        asonuma.restructurings()
