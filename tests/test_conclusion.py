"""Chapter 9's prose numbers (analysis.conclusion), against values read from the raw
files and fact tables by hand, and the checks of the prose's stated directions."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis import conclusion
from analysis.errors import DataSchemaError, ParameterError
from analysis.manifest import ROOT
from analysis.numbers import Number


def test_gdp_ratio_from_the_raw_world_bank_rows():
    # datahub_wdi_gdp_population/gdp.csv: Japan 1982 1158731426905.8486, 1998 4098362709531.2407;
    # United States 1982 3343789000000.0, 1998 9062817000000.0
    r = conclusion.gdp_ratio()
    assert r[1982] == pytest.approx(1158731426905.8486 / 3343789000000.0)
    assert r[1998] == pytest.approx(4098362709531.2407 / 9062817000000.0)
    assert r.index.min() == 1982 and r.index.max() == 1998


def test_gdp_ratio_rejects_a_reversed_window():
    with pytest.raises(ParameterError, match="first/last"):
        conclusion.gdp_ratio(1998, 1982)


def _ledger(verdicts: list[str]) -> pd.DataFrame:
    from analysis import findings
    rows = [dict(key=findings.LATIN_SHORT["bank"], evidence="latin_regression", hypothesis="H1",
                 verdict=verdicts[0], n_clusters=19),
            dict(key=findings.ASIA_SHORT["bank"], evidence="asia_regression", hypothesis="H1",
                 verdict=verdicts[1], n_clusters=9),
            dict(key="x", evidence="latin_comparison", hypothesis="H2", verdict="supported", n_clusters=0)]
    return pd.DataFrame(rows)


def test_regression_clause_without_a_decided_result():
    text = conclusion.regression_clause(_ledger(["inconclusive", "inconclusive"]))
    assert text.startswith("no decided result: with 19 Latin American and 9 East Asian countries")


def test_regression_clause_lists_decided_results_only_from_regressions():
    text = conclusion.regression_clause(_ledger(["supported", "inconclusive"]))
    assert text == "decided results for H1 (latin regression, supported)"


def _fact_rows() -> dict[str, list[dict[str, str]]]:
    out = {}
    for path in sorted((ROOT / "data" / "facts").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        if rows and "fact_id" in rows[0] and "verified" in rows[0]:
            out[path.stem] = rows
    return out


def test_data_numbers_count_the_fact_tables_by_hand():
    tables = _fact_rows()
    out = conclusion.data_numbers()
    everything = [r for rows in tables.values() for r in rows]
    assert out["facts_rows"].value == len(everything)
    assert out["facts_recalled"].value == sum(r["verified"] == "recalled" for r in everything)
    assert out["facts_notfound"].value == sum(r["verified"] == "no" for r in everything)
    bank = tables["bank_exposure"]
    assert out["bank_rows"].value == len(bank)
    assert out["bank_rows_unverified"].value == sum(r["verified"] not in ("yes", "local_file") for r in bank)
    assert all(isinstance(out[k], Number) and out[k].digits == 0 for k in ("facts_rows", "bank_rows"))


def test_data_numbers_trade_and_currency_coverage():
    out = conclusion.data_numbers()
    # us_census_trade_by_country: the file starts in 1985 (SOURCE.md title: 1985-2011)
    assert out["census_first"] == "1985"
    # yotov_agtpa_gravity/SOURCE.md: the panel covers 1986-2006 (JPN->THA 1986 verified)
    assert out["gravity_first"] == "1986"
    # fred_daily_fx holds KRW, MYR and THB of the five Asian crisis currencies, not IDR or PHP
    assert out["no_daily_fx"] == "Indonesia and Philippines"


def test_synthesis_numbers_keys_and_digits():
    out = conclusion.synthesis_numbers()
    for short in ("debt", "peso", "asia"):
        for key, digits in conclusion.SYNTHESIS_DIGITS.items():
            assert out[f"{key}_{short}"].digits == digits
    assert out["claims_fall_asia"].value == pytest.approx(-out["claims_change_pct_asia"].value)
    # gdp_ratio_peak_year is in the peso crisis (the prose says so, and the function checks it)
    assert out["gdp_ratio_peak_year"] in ("1994", "1995")
    assert out["gdp_ratio_1982"].value == pytest.approx(1158731426905.8486 / 3343789000000.0)


def test_synthesis_numbers_stop_when_the_prose_no_longer_holds(monkeypatch):
    monkeypatch.setattr(conclusion, "gdp_ratio", lambda: pd.Series({1982: 0.3, 1990: 0.6, 1998: 0.4}))
    with pytest.raises(DataSchemaError, match="peso crisis"):
        conclusion.synthesis_numbers()
