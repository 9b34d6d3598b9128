"""Exchange-rate loaders (analysis.loaders.fx): values against SOURCE.md spot
checks, unit handling (inverted H.10 series, '.' as missing), keys, and bad
input named by file, row and column."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.errors import DataHashError, DataSchemaError, ParameterError
from analysis.loaders import fx


def _value(frame, iso3, when, col="date"):
    row = frame[(frame["iso3"] == iso3) & (frame[col] == (pd.Timestamp(when) if col == "date" else when))]
    assert len(row) == 1, (iso3, when)
    return float(row["per_usd"].iloc[0])


# Spot checks documented in /work/shared/data/raw/*/SOURCE.md
def test_h10_monthly_matches_source_spot_checks():
    m = fx.h10_monthly()
    assert _value(m, "MEX", "1994-12-01") == pytest.approx(3.9748)
    assert _value(m, "MEX", "1995-03-01") == pytest.approx(6.7770)
    assert _value(m, "THA", "1997-06-01") == pytest.approx(24.53, abs=0.005)
    assert _value(m, "THA", "1998-01-01") == pytest.approx(52.98, abs=0.005)
    assert _value(m, "KOR", "1998-01-01") == pytest.approx(1707.3, abs=0.05)


def test_fred_daily_spot_checks_and_dot_is_missing():
    d = fx.fred_daily(["THA", "MEX"])
    assert _value(d, "THA", "1997-07-01") == pytest.approx(24.52)
    assert _value(d, "THA", "1997-07-02") == pytest.approx(30.18)
    # 1993-11-11 is written "." in DEXMXUS.csv (Veterans Day, no quote)
    assert math.isnan(_value(d, "MEX", "1993-11-11"))
    assert not (d["per_usd"] == 0).any()


def test_imf_annual_spot_checks():
    i = fx.imf_annual(["IDN", "PHL"])
    assert _value(i, "IDN", 1996, "year") == pytest.approx(2342.3, abs=0.05)
    assert _value(i, "IDN", 1998, "year") == pytest.approx(10013.6, abs=0.05)
    assert _value(i, "PHL", 1997, "year") == pytest.approx(29.47, abs=0.005)
    assert set(i["currency"]) == {"IDR", "PHP"}


def test_series_the_fed_quotes_in_dollars_per_unit_arrive_per_usd():
    """Known levels (hand facts, not from the file): sterling bottomed near
    1.05-1.10 dollars in February 1985; the euro peaked near 1.58 dollars in
    April 2008; the Australian dollar was worth about 1.12 dollars in 1971."""
    m = fx.h10_monthly(["GBR", "EMU", "AUS", "JPN"])
    assert 1.0 < 1 / _value(m, "GBR", "1985-02-01") < 1.2
    assert 1.5 < 1 / _value(m, "EMU", "2008-04-01") < 1.65
    assert 1.05 < 1 / _value(m, "AUS", "1971-01-01") < 1.2
    assert m.loc[m["iso3"] == "GBR", "raw_quote"].str.contains("inverted upstream").all()
    assert (m.loc[m["iso3"] == "JPN", "raw_quote"] == "per US$").all()


def test_daily_average_reproduces_the_monthly_h10_average():
    """An independent computation: H.10 monthly = mean of the daily noon rates."""
    daily = fx.monthly_from_daily(fx.fred_daily("MEX", start="1994-12-01", end="1995-03-31"))
    monthly = fx.h10_monthly("MEX").set_index("date")["per_usd"]
    for _, row in daily.iterrows():
        assert row["per_usd"] == pytest.approx(monthly[row["date"]], abs=1e-3)
    assert daily["days"].between(18, 23).all()


def test_keys_unique_and_units_positive():
    for frame, key in [(fx.h10_monthly(), ["iso3", "date"]), (fx.h10_yearly(), ["iso3", "year"]),
                       (fx.fred_daily(), ["iso3", "date"]), (fx.imf_annual(), ["iso3", "year"])]:
        assert not frame.duplicated(key).any()
        assert (frame["per_usd"].dropna() > 0).all()


def test_coverage_as_documented():
    m = fx.h10_monthly("MEX")
    assert m["date"].min() == pd.Timestamp("1993-11-01")
    y = fx.h10_yearly("JPN")
    assert y["year"].min() == 1971 and y["year"].dtype == "int64"
    assert "IDN" not in set(fx.h10_monthly()["iso3"])  # H.10 never published the rupiah
    assert len(fx.imf_annual()["iso3"].unique()) == 28  # all book countries incl. JPN, USA


def test_yen_yearly_agrees_with_imf_annual_within_a_percent():
    h10 = fx.h10_yearly("JPN").set_index("year")["per_usd"]
    imf = fx.imf_annual("JPN").set_index("year")["per_usd"]
    both = pd.concat([h10, imf], axis=1, keys=["h10", "imf"]).dropna().loc[1980:2000]
    assert len(both) == 21
    assert ((both["h10"] / both["imf"] - 1).abs() < 0.01).all()


def test_unknown_country_parameter_is_named():
    with pytest.raises(ParameterError, match="'countries'.*'IDN'"):
        fx.fred_daily("IDN")
    with pytest.raises(ParameterError, match="'XXX'"):
        fx.h10_monthly(["XXX"])


def test_bad_dates_parameter():
    with pytest.raises(ParameterError, match="start"):
        fx.fred_daily("MEX", start="not a date")


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_bad_value_is_rejected_with_row_and_column(tmp_path):
    p = _write(tmp_path, "m.csv", "Date,Country,Exchange rate\n1994-12-01,Mexico,3.97\n1995-01-01,Mexico,abc\n")
    with pytest.raises(DataSchemaError, match=r"m\.csv.*'Exchange rate'.*'abc'"):
        fx.parse_h10(p, source=str(p), value_column="Exchange rate")


def test_bad_date_negative_rate_and_unknown_country(tmp_path):
    p = _write(tmp_path, "d.csv", "Date,Country,Value\n1994-13-01,Japan,100\n")
    with pytest.raises(DataSchemaError, match=r"'Date' row 2.*1994-13-01"):
        fx.parse_h10(p, source=str(p), value_column="Value")
    p = _write(tmp_path, "n.csv", "DATE,VALUE\n1994-12-01,3.9\n1994-12-02,-1\n")
    with pytest.raises(DataSchemaError, match=r"'VALUE' row 3.*positive"):
        fx.parse_fred(p, source=str(p), iso3="MEX", currency="MXN")
    p = _write(tmp_path, "u.csv", "Date,Country,Value\n1994-01-01,Atlantis,1\n")
    with pytest.raises(DataSchemaError, match="Atlantis"):
        fx.parse_h10(p, source=str(p), value_column="Value")


def test_missing_column_and_duplicate_key(tmp_path):
    p = _write(tmp_path, "c.csv", "Date,Country\n1994-01-01,Japan\n")
    with pytest.raises(DataSchemaError, match="Exchange rate"):
        fx.parse_h10(p, source=str(p), value_column="Exchange rate")
    p = _write(tmp_path, "k.csv", "DATE,VALUE\n1994-12-01,3.9\n1994-12-01,3.8\n")
    with pytest.raises(DataSchemaError, match="not unique"):
        fx.parse_fred(p, source=str(p), iso3="MEX", currency="MXN")


def test_altered_raw_file_fails_its_hash(scratch_data):
    path = scratch_data("fred_dexmxus")
    path.write_bytes(path.read_bytes().replace(b"3.1520", b"3.1521", 1))
    with pytest.raises(DataHashError, match="fred_dexmxus"):
        fx.fred_daily("MEX")
