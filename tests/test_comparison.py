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


# --- the split of factor_values (issue 12): measures, statements, section numbers -------------------------

def _census_rows(name: str) -> dict[int, float]:
    """Imports plus exports (US$ million) by year for a partner (or, for ``world``, the aggregate row 0015, not seasonally adjusted,
    that the book's loader uses), read from the raw Census file."""
    import csv

    from analysis.manifest import resolve
    out = {}
    with open(resolve("census_trade"), encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            if r["CTYNAME"].strip().lower() == name or (name == "world" and r["CTY_CODE"].strip() == "0015"):
                out[int(r["year"])] = float(r["IYR"]) + float(r["EYR"])
    return out


def test_trade_from_is_the_first_year_with_a_world_total():
    # raw Census file: Mexico from 1985, the World aggregate only from 1987
    assert comparison.trade_from() == 1987
    label = comparison.factor_values().query("key == 'mex_share_us_trade'")["factor"].iloc[0]
    assert label.endswith("from 1987)")


def test_mexico_trade_share_from_the_raw_census_rows():
    mex, world = _census_rows("mexico"), _census_rows("world")
    debt = sum(100 * mex[y] / world[y] for y in range(1987, 1992)) / 5
    peso = sum(100 * mex[y] / world[y] for y in (1994, 1995)) / 2
    got = comparison.mexico_trade_share()
    assert got["debt"] == pytest.approx(debt, rel=1e-9)
    assert got["peso"] == pytest.approx(peso, rel=1e-9)


def test_mexico_trade_share_by_hand_1994():
    # raw rows, 1994 and 1995: Mexico 49493.7 + 50843.5 and 62100.4 + 46292.1; World 663251.8 + 512625.1 and
    # 743545 + 584740.4
    peso = (100 * (49493.7 + 50843.5) / (663251.8 + 512625.1) + 100 * (62100.4 + 46292.1) / (743545 + 584740.4)) / 2
    assert comparison.mexico_trade_share()["peso"] == pytest.approx(peso, rel=1e-9)


def test_oda_to_mexico_rejects_an_unknown_donor():
    with pytest.raises(ParameterError, match="donor"):
        comparison.oda_to_mexico("FRA")


def test_measures_hold_every_numeric_factor():
    m = comparison.measures()
    numeric = [k for k, meta in comparison.FACTORS.items() if meta[5] is not None]
    assert sorted(m) == sorted(numeric)
    assert all(set(v) == {"debt", "peso"} for v in m.values())


def test_statements_cover_every_word_factor():
    words = comparison.statements()
    assert sorted(words) == sorted(k for k, meta in comparison.FACTORS.items() if meta[5] is None)
    assert words["creditors"]["peso"] == "United States and Japan"


def test_setting_numbers():
    from analysis.numbers import Number
    out = comparison.setting_numbers()
    # events.csv: ev-1982-moratorium 1982-08-12, ev-1994-devaluation 1994-12-20, ev-1995-esf 1995-01-31
    assert out["c4_moratorium"] == "12 August 1982"
    assert out["c4_devaluation"] == "20 December 1994"
    assert out["c4_esf_date"] == "31 January 1995"
    assert isinstance(out["c4_gdp_debt"], Number) and out["c4_gdp_debt"].digits == 0
    # Japan's real GDP was between a third and a half of the US's in both windows
    assert 30 < out["c4_gdp_debt"].value < 50 and 30 < out["c4_gdp_peso"].value < 50


def test_stakes_numbers_match_the_sources():
    out = comparison.stakes_numbers()
    # bis_lbs_totals/SOURCE.md check value: Mexico 1982 = 59,441 (US$ million)
    assert out["c4_bank_claims_debt"].value == pytest.approx(59.441)
    assert out["c4_bank_claims_debt"].digits == 1
    assert out["c4_bank_share_liab_peso"].digits == 0
    # bank_exposure.csv, row bank-la4-us8: the eight largest US banks, 147 per cent of their capital
    assert out["c4_us8_cap"].value == pytest.approx(147)


def test_linkage_numbers_keys_and_trade_year():
    out = comparison.linkage_numbers()
    assert out["c4_trade_from"] == "1987"
    keys = {f"c4_{k}_{p}" for k in ("mex_share_us_trade", "us_growth", "us_growth_onset", "jp_growth", "jp_ca",
                                    "yen", "jp_oda_mex", "us_oda_mex") for p in ("debt", "peso")}
    assert set(out) == keys | {"c4_trade_from"}
    assert out["c4_yen_debt"].digits == 0


def test_outcome_numbers_count_the_phases_in_the_coding_file():
    import csv

    from analysis.manifest import ROOT
    with (ROOT / "data" / "facts" / "engagement.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cols = rows[0].keys()
    creditor = "creditor" if "creditor" in cols else None
    kind = "kind" if "kind" in cols else None

    def n(crisis: str) -> int:
        return sum(r["crisis"] == crisis and (creditor is None or r[creditor] == "JPN")
                   and (kind is None or r[kind] == "acute") for r in rows)
    out = comparison.outcome_numbers()
    assert out["c4_debt_phases"] == str(n("debt_1982_91"))
    assert out["c4_peso_phases"] == str(n("peso_1994_95"))
    assert out["c4_debt_active"] in ("low", "medium", "high", "partial")
    assert 0 <= out["c4_peso_leadership_score"].value <= 2


def test_factor_table_with_sources():
    t = comparison.factor_table_with_sources()
    assert list(t.columns)[-1] == "Source"
    assert t.set_index("Factor").loc["Yen per US dollar, average of the window", "Source"] == "Fed H.10"


def test_factor_table_with_sources_rejects_an_unnamed_source(monkeypatch):
    bad = dict(comparison.FACTORS)
    bad["yen"] = (*bad["yen"][:4], "unknown_source", 0)
    monkeypatch.setattr(comparison, "FACTORS", bad)
    with pytest.raises(DataSchemaError, match="unknown_source"):
        comparison.factor_table_with_sources()


def test_codes_table_names_the_crisis_without_years():
    t = comparison.codes_table()
    assert set(t["Crisis"]) == {"Latin American debt crisis", "Mexican peso crisis"}
    assert list(t.columns) == ["Crisis", "Phase", "Period", "Active", "Leadership", "Cooperation", "Events"]
