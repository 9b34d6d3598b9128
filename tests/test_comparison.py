"""Chapter 4's side-by-side comparison (analysis.comparison): each factor
against an independent computation, the table's shape, and errors."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import comparison
from analysis.errors import DataSchemaError, ParameterError


@pytest.fixture(scope="module")
def fv():
    return comparison.factor_values()


def test_bis_claims_match_the_source_check_value(fv):
    # bis_lbs_totals/SOURCE.md check value: Mexico 1982 = 59,441 (US$ million)
    assert comparison.value("bank_claims", "debt") == pytest.approx(59.441)
    assert comparison.value("bank_claims", "peso") > comparison.value("bank_claims", "debt")


def test_liability_shares_by_hand():
    from analysis.loaders import bis, ewn
    w = ewn.external_wealth().set_index(["iso3", "year"])
    c = bis.bank_claims().set_index(["iso3", "year"])
    liab = w.loc[("MEX", 1994), "total_liabilities_musd"]
    assert comparison.value("bank_share_liab", "peso") == pytest.approx(100 * c.loc[("MEX", 1994), "bank_claims_musd"] / liab)
    eq = 100 * (1 - w.loc[("MEX", 1982), "debt_liabilities_musd"] / w.loc[("MEX", 1982), "total_liabilities_musd"])
    assert comparison.value("equity_share_liab", "debt") == pytest.approx(eq)
    # the form of capital changed: less bank, more equity
    assert comparison.value("equity_share_liab", "peso") > 3 * comparison.value("equity_share_liab", "debt")


def test_growth_from_maddison_raw_rows():
    # Maddison raw GDP, Japan: 1993 3861077308973.93, 1994 3898677010072.69, 1995 4003033419980.69
    g94 = 100 * (3898677010072.69 / 3861077308973.93 - 1)
    g95 = 100 * (4003033419980.69 / 3898677010072.69 - 1)
    assert comparison.value("jp_growth", "peso") == pytest.approx((g94 + g95) / 2)
    # US 1981 6911865219272, 1982 6782206660350: the 1982 recession
    assert comparison.value("us_growth_onset", "debt") == pytest.approx(100 * (6782206660350 / 6911865219272 - 1))


def test_yen_average_independently():
    from analysis import manifest
    raw = pd.read_csv(manifest.resolve("h10_yearly"))
    jp = raw[raw["Country"] == "Japan"].assign(year=lambda f: f["Date"].str[:4].astype(int))
    expected = jp[jp["year"].between(1982, 1991)]["Value"].mean()
    assert comparison.value("yen", "debt") == pytest.approx(expected)


def test_outcome_row_follows_the_coding(fv):
    from analysis import coding
    s = coding.engagement_summary().set_index("crisis")
    row = fv[(fv["key"] == "japan_behaviour") & (fv["period"] == "peso")]["text"].iloc[0]
    assert row == " / ".join(s.loc["peso_1994_95", f"{d}_label"] for d in coding.DIMENSIONS)


def test_fact_cells_cite_the_original_publication(fv):
    """Text cells cite the bibliography key the source registry gives each row's
    source, read here from the CSV files; rows without a source link to the chronology."""
    import csv

    from analysis.manifest import ROOT
    source_of = {}
    for t in ("bank_exposure", "events"):
        with (ROOT / "data" / "facts" / f"{t}.csv").open(encoding="utf-8") as fh:
            source_of.update({r["fact_id"]: r["source_id"] for r in csv.DictReader(fh)})
    with (ROOT / "data" / "facts" / "sources.csv").open(encoding="utf-8") as fh:
        key_of = {r["source_id"]: r["bibkey"] for r in csv.DictReader(fh)}
    text = " ".join(fv["text"])
    for fid in ("bank-la4-us8", "bank-mex94-us", "ev-1995-btm-merger"):
        assert f"{{cite:p}}`{key_of[source_of[fid]]}`" in text
    assert "<fact-bank-mex94-jpn>" in text and "fact row" not in text


def test_table_shape(fv):
    t = comparison.factor_table()
    assert list(t.columns) == ["Factor", "Tests", "Debt crisis, 1982-91", "Peso crisis, 1994-95", "Unit"]
    assert len(t) == fv["key"].nunique()
    assert t["Debt crisis, 1982-91"].str.len().min() > 0


def test_errors():
    with pytest.raises(ParameterError, match="'period'"):
        comparison.value("yen", "asia")
    with pytest.raises(DataSchemaError, match="no factor"):
        comparison.value("nothing", "debt")
    with pytest.raises(DataSchemaError, match="statement"):
        comparison.value("domestic", "debt")


def test_incomplete_window_is_refused(monkeypatch):
    from analysis.loaders import maddison
    real = maddison.real_growth

    def gappy(iso3):
        g = real(iso3)
        return g[g["year"] != 1985]

    monkeypatch.setattr(maddison, "real_growth", gappy)
    with pytest.raises(DataSchemaError, match="9 of 10 years"):
        comparison.factor_values()
