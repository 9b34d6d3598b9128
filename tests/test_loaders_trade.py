"""Trade loaders: US Census goods trade by partner and the Yotov et al. gravity
panel. Data contracts (keys, units, coverage) checked against SOURCE.md values
and independent reads of the raw files; bad input raises clear errors."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis import manifest as mf
from analysis.countries import recipients
from analysis.errors import DataSchemaError, UnknownCountryError
from analysis.loaders import census_trade, gravity

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _skip_hash_check(monkeypatch):
    """Let a deliberately altered scratch copy through the sha256 check, so the
    test reaches the loader's own schema checks."""
    monkeypatch.setattr(mf, "verify", lambda path, expected: path)


def _raw_census_rows(name: str) -> list[dict[str, str]]:
    path = mf.resolve("census_trade")
    with path.open(newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["CTYNAME"] == name]


# ------------------------------------------------------------------ Census


def test_census_keys_columns_and_years():
    df = census_trade.us_trade()
    assert list(df.columns) == ["iso3", "year", "us_exports_musd", "us_imports_musd", "us_trade_musd"]
    assert not df.duplicated(["iso3", "year"]).any()
    assert df["year"].min() == 1985 and df["year"].max() == 2011
    assert "USA" not in set(df["iso3"])


def test_census_covers_recipients_and_japan():
    df = census_trade.us_trade()
    assert set(df["iso3"]) == set(recipients()) | {"JPN"}
    # every recipient except the two listed late has all 27 years, 1985-2011
    counts = df.groupby("iso3")["year"].nunique()
    for iso in set(recipients()) | {"JPN"}:
        expected = 20 if iso in census_trade.LATE_PARTNERS else 27
        assert counts[iso] == expected, iso
    bol = df[df["iso3"] == "BOL"]
    assert bol["year"].min() == 1992


def test_census_annual_equals_sum_of_months_in_raw_file():
    """Independent read with the csv module: the annual EYR/IYR the loader
    returns equal the sum of the twelve monthly columns (USD millions)."""
    df = census_trade.us_trade().set_index(["iso3", "year"])
    for name, iso in (("Japan", "JPN"), ("Mexico", "MEX"), ("Korea, South", "KOR")):
        for row in _raw_census_rows(name):
            year = int(float(row["year"]))
            exp = sum(float(row["E" + m]) for m in MONTHS)
            imp = sum(float(row["I" + m]) for m in MONTHS)
            assert df.loc[(iso, year), "us_exports_musd"] == pytest.approx(exp, abs=0.6)
            assert df.loc[(iso, year), "us_imports_musd"] == pytest.approx(imp, abs=0.6)


def test_census_quoted_names_parse_and_total_is_sum():
    df = census_trade.us_trade()
    kor = df[df["iso3"] == "KOR"]
    assert len(kor) == 27
    assert (df["us_trade_musd"] == df["us_exports_musd"] + df["us_imports_musd"]).all()
    # Japan ran a surplus with the US in every year of the file
    jpn = df[df["iso3"] == "JPN"]
    assert (jpn["us_imports_musd"] > jpn["us_exports_musd"]).all()


def test_census_all_partners_excludes_aggregates():
    allp = census_trade.all_partners()
    assert not allp["cty_code"].str.startswith("0").any()
    assert "OPEC" not in set(allp["partner"])
    assert not allp.duplicated(["cty_code", "year"]).any()
    assert allp["iso3"].isna().any()  # partners outside the book keep a missing code
    assert allp.loc[allp["partner"] == "Hong Kong", "iso3"].isna().all()


def test_census_renamed_column_raises_schema_error(scratch_data, monkeypatch):
    path = scratch_data("census_trade")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",EYR", ",EXPORTS_YR", 1), encoding="utf-8")
    _skip_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError) as err:
        census_trade.us_trade()
    msg = str(err.value)
    assert "COUNTRY-Table 1.csv" in msg and "EYR" in msg


def test_census_renamed_country_raises_unknown_country(scratch_data, monkeypatch):
    path = scratch_data("census_trade")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",Thailand,", ",Thailandia,"), encoding="utf-8")
    _skip_hash_check(monkeypatch)
    with pytest.raises(UnknownCountryError, match="THA"):
        census_trade.us_trade()


def test_census_non_numeric_value_names_column_and_row(scratch_data, monkeypatch):
    path = scratch_data("census_trade")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(k for k, line in enumerate(lines) if ",Japan," in line)
    parts = lines[i].rstrip("\n").split(",")
    parts[-1] = "n/a!"
    lines[i] = ",".join(parts) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    _skip_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError, match="'EYR'"):
        census_trade.us_trade()


def test_census_altered_file_fails_hash_check(scratch_data):
    from analysis.errors import DataHashError

    path = scratch_data("census_trade")
    path.write_text(path.read_text(encoding="utf-8").replace(",EYR", ",EXPORTS_YR", 1), encoding="utf-8")
    with pytest.raises(DataHashError, match="census_trade"):
        census_trade.us_trade()


# ------------------------------------------------------------------ gravity


def test_gravity_values_documented_in_source_md():
    df = gravity.reporter_trade(["JPN"]).set_index(["iso3", "year"])
    assert df.loc[("THA", 1986), "exports_musd"] == pytest.approx(1922.5, abs=0.05)
    assert df.loc[("KOR", 1986), "exports_musd"] == pytest.approx(10356.2, abs=0.05)
    assert df.loc[("USA", 1986), "exports_musd"] == pytest.approx(81153.0, abs=0.05)


def test_gravity_imports_mirror_exports():
    """Japan's imports from the US are the US's exports to Japan (same flow)."""
    df = gravity.reporter_trade()
    jp = df[(df["reporter"] == "JPN") & (df["iso3"] == "USA")].set_index("year")
    us = df[(df["reporter"] == "USA") & (df["iso3"] == "JPN")].set_index("year")
    pd.testing.assert_series_equal(jp["imports_musd"], us["exports_musd"], check_names=False)


def test_gravity_keys_coverage_and_absent_countries():
    df = gravity.reporter_trade()
    assert list(df.columns) == ["reporter", "iso3", "year", "exports_musd", "imports_musd"]
    assert not df.duplicated(["reporter", "iso3", "year"]).any()
    assert set(df["reporter"]) == {"JPN", "USA"}
    assert df["year"].min() == 1986 and df["year"].max() == 2006
    partners = set(df["iso3"])
    assert "VEN" not in partners and "PER" not in partners
    assert len(set(recipients()) & partners) == 17
    # no domestic rows
    assert not (df["reporter"] == df["iso3"]).any()
    # a balanced panel: 21 years for every reporter-partner pair
    assert (df.groupby(["reporter", "iso3"])["year"].nunique() == 21).all()


def test_gravity_all_partners_and_romania_recode():
    df = gravity.reporter_trade(["JPN"], book_only=False)
    assert df["iso3"].nunique() == 68  # 69 countries less Japan itself
    assert "ROU" in set(df["iso3"]) and "ROM" not in set(df["iso3"])


def test_gravity_unknown_reporter_raises():
    with pytest.raises(UnknownCountryError, match="VEN"):
        gravity.reporter_trade(["VEN"])


def test_gravity_renamed_column_raises_schema_error(scratch_data, monkeypatch):
    path = scratch_data("gravity")
    frame = pd.read_stata(path).rename(columns={"trade": "flow"})
    frame.to_stata(path, write_index=False)
    _skip_hash_check(monkeypatch)
    with pytest.raises(DataSchemaError) as err:
        gravity.reporter_trade()
    msg = str(err.value)
    assert "Chapter1Application1.dta" in msg and "trade" in msg


def test_gravity_bad_country_code_raises(scratch_data, monkeypatch, skip_coverage_contract):
    # the coverage contract (69 exporters) would refuse the new code first; this tests the ISO3 check
    path = scratch_data("gravity")
    frame = pd.read_stata(path)
    frame.loc[5, "exporter"] = "J1"
    frame.to_stata(path, write_index=False)
    _skip_hash_check(monkeypatch)
    with pytest.raises(UnknownCountryError, match="exporter"):
        gravity.reporter_trade()


def test_census_world_total_starts_1987_and_bounds_partner_sum():
    world = census_trade.world_total().set_index("year")
    assert world.index.min() == 1987 and world.index.max() == 2011
    partners = census_trade.all_partners().groupby("year")["us_exports_musd"].sum()
    # 1992 onwards every partner is listed: the partners add up to the world total
    assert partners[1995] == pytest.approx(world.loc[1995, "us_exports_musd"], rel=0.001)
    # 1987-91 only about 76 partners are listed: their sum falls short of the world total
    assert partners[1987] < world.loc[1987, "us_exports_musd"]
