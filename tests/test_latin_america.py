"""The frames of chapters 5 and 6 (analysis.latin_america) and their prose values
(analysis.debt_crisis, analysis.peso_crisis).

Expected values are read from the raw files and the fact tables with plain
``csv``/``pandas`` here, not through the loaders the functions use.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import debt_crisis as dc
from analysis import latin_america as lam
from analysis import peso_crisis as pc
from analysis.errors import ParameterError
from analysis.numbers import Number, check

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT.parent / "shared" / "data" / "raw"
FACTS = ROOT / "data" / "facts"


def _fact_rows() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for t in ("packages", "initiatives", "bank_exposure", "events"):
        with open(FACTS / f"{t}.csv", encoding="utf-8") as f:
            rows.update({r["fact_id"]: r for r in csv.DictReader(f)})
    return rows


FACT = _fact_rows()


def _day(iso: str) -> str:
    y, m, d = iso.split("-")
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return f"{int(d)} {months[int(m) - 1]} {y}"


def _raw_daily(name: str) -> pd.Series:
    d = pd.read_csv(RAW / "fred_daily_fx" / f"{name}.csv", na_values=["."])
    return d.assign(DATE=pd.to_datetime(d["DATE"])).set_index("DATE")["VALUE"].dropna()


def _gapminder(indicator: str) -> pd.DataFrame:
    path = RAW / "gapminder_systema_globalis" / "current_2026-02" / f"ddf--datapoints--{indicator}--by--geo--time.csv"
    return pd.read_csv(path)


# --------------------------------------------------------------------- frames
def test_bank_claims_frame_in_billions():
    f = lam.bank_claims_frame().set_index(["iso3", "year"])["claims_bn"]
    assert f[("MEX", 1982)] == pytest.approx(59.441)  # SOURCE.md check value, US$ millions / 1000
    with pytest.raises(ParameterError, match="'debtors'"):
        lam.bank_claims_frame(("XXX",))
    with pytest.raises(ParameterError, match="first"):
        lam.bank_claims_frame(first=1990, last=1980)


def test_timeline_has_every_event_of_the_crisis():
    n = sum(1 for r in FACT.values() if r["fact_id"].startswith("ev-") and r["crisis"] == "peso_1994_95")
    t = lam.timeline_frame("peso_1994_95")
    assert len(t) == n and t["role"].notna().all()
    with pytest.raises(ParameterError, match="'crisis'"):
        lam.timeline_frame("asia")


def test_timeline_leaves_out_background_events_before_the_crisis():
    # the debt crisis's rows include the 1980 exchange law (background for chapter 2); its time line starts in 1982
    early = [r["fact_id"] for r in FACT.values()
             if r["fact_id"].startswith("ev-") and r["crisis"] == "debt_1982_91" and int(r["date"][:4]) < 1982]
    assert early, "the test needs a background row dated before 1982"
    t = lam.timeline_frame("debt_1982_91")
    assert not set(early) & set(t["fact_id"]) and t["date"].dt.year.min() == 1982


def test_debt_frame_against_the_raw_file():
    raw = _gapminder("debt_to_foreigners_by_public_and_private_percent_of_gni")
    arg82 = raw[(raw["geo"] == "arg") & (raw["time"] == 1982)].iloc[0, 2]
    f = lam.debt_frame(measure="debt_pct_gni").set_index(["iso3", "year"])["value"]
    assert f[("ARG", 1982)] == pytest.approx(arg82)
    with pytest.raises(ParameterError, match="'measure'"):
        lam.debt_frame(measure="gdp")


def test_aid_totals_from_the_raw_wdi_file():
    jp = pd.read_csv(RAW / "wdi_bilateral_aid_jpn_usa" / "dc_dac_jpnl_cd_26recipients.csv")
    sub = jp[jp["geo"].isin(["mex", "bra"]) & jp["time"].between(1986, 1991)]
    expected = sub["dc_dac_jpnl_cd"].sum() / 6 / 1e6
    t = lam.aid_totals(lam.MAJOR_DEBTORS, (1986, 1991)).set_index("donor")
    assert t.loc["JPN", "mean_musd"] == pytest.approx(expected)
    assert t["debtors"].iloc[0] == "MEX, BRA"  # US aid to ARG and VEN has gaps in WDI
    with pytest.raises(ParameterError, match="both donors"):
        lam.aid_totals(("VEN",), (1985, 1991))
    with pytest.raises(ParameterError, match="years"):
        lam.aid_totals(lam.MAJOR_DEBTORS, (1991, 1985))


def test_package_frame_only_verified_contributors():
    p = lam.package_frame("mexico_1995")
    assert "JPN" not in set(p["contributor_code"])
    assert set(p["fact_id"]) >= {"pkg-mex95-esf", "pkg-mex95-imf", "pkg-mex95-bis"}
    assert p["amount"].is_monotonic_decreasing
    off = lam.package_frame("mexico_1995", official_only=True)
    assert "private" not in set(off["contributor_type"])
    thai = lam.package_frame("thailand_1997")
    assert "pkg-tha97-wb" not in set(thai["fact_id"])  # recalled, not verified
    with pytest.raises(ParameterError, match="'package'"):
        lam.package_frame("argentina_2001")


def test_peso_frames_and_event_marks():
    d = lam.peso_daily_frame("1994-12-15", "1994-12-31")
    assert d["per_usd"].notna().all()
    assert pd.Timestamp("1994-12-26") not in set(d["date"])  # '.' in the source: no quote
    m = lam.peso_monthly_frame("1994-11", "1995-03")
    assert m.set_index("date").loc[pd.Timestamp("1994-12-01"), "per_usd"] == pytest.approx(3.9748)
    with pytest.raises(ParameterError):
        lam.peso_daily_frame("1980-01-01", "1980-02-01")
    with pytest.raises(ParameterError):
        lam.peso_monthly_frame("1980-01", "1980-02")
    marks = lam.event_marks(("ev-1994-devaluation", "ev-1995-esf"))
    assert marks["date"].dt.strftime("%Y-%m-%d").tolist() == [FACT["ev-1994-devaluation"]["date"],
                                                             FACT["ev-1995-esf"]["date"]]
    assert marks["row"].tolist() == [10, 23]
    with pytest.raises(ParameterError, match="not dated to the day"):
        lam.event_marks(("ev-1983-reschedulings",))
    with pytest.raises(ParameterError, match="not in events.csv"):
        lam.event_marks(("ev-1900-nothing",))


def test_peso_weakest_depends_on_the_stated_window():
    """The acute crisis (Dec 1994 - Mar 1995) and 1995 as a whole have different weakest days."""
    raw = _raw_daily("DEXMXUS")
    acute, year = lam.peso_weakest("1994-12-01", "1995-03-31"), lam.peso_weakest("1995-01-01", "1995-12-31")
    assert acute["date"] == raw["1994-12-01":"1995-03-31"].idxmax() == pd.Timestamp("1995-03-09")
    assert year["date"] == raw["1995-01-01":"1995-12-31"].idxmax() == pd.Timestamp("1995-11-09")
    assert year["per_usd"] > acute["per_usd"] and acute["n_days"] > 60
    with pytest.raises(ParameterError):
        lam.peso_weakest("1980-01-01", "1980-02-01")


def test_debtors_table():
    t = lam.debtors_table()
    assert list(t["Debtor"]) == ["Mexico", "Brazil", "Argentina", "Venezuela"]
    assert t.loc[0, "Bank claims 1982"] == pytest.approx(59.441)
    with pytest.raises(ParameterError, match="'debtors'"):
        lam.debtors_table(("XXX",))


def test_codes_table_words_and_codes():
    t = lam.codes_table("peso_1994_95")
    assert list(t.columns) == ["Phase", "Dimension", "Code", "Why"]
    assert t["Code"].isin(["low (0)", "partial (1)", "high (2)"]).all()
    with pytest.raises(ParameterError, match="'crisis'"):
        lam.codes_table("nope")


# --------------------------------------------------------------------- chapter 5
def _stated_number(fact_id: str, column: str, pattern: str) -> float:
    """A figure read from a fact row's words with a regular expression (the test's independent route)."""
    found = re.search(pattern, FACT[fact_id][column])
    assert found is not None
    return float(found.group(1))


def test_chapter_5_numbers_are_well_formed():
    for fn in (dc.moratorium_numbers, dc.banks_numbers, dc.debt_numbers, dc.baker_numbers, dc.brazil_numbers,
               dc.toronto_numbers, dc.brady_numbers, dc.brady_deals_numbers, dc.aid_numbers, dc.timeline_numbers):
        check(fn())


def test_moratorium_numbers_from_the_fact_tables():
    n = dc.moratorium_numbers()
    assert n["c5_moratorium"] == _day(FACT["ev-1982-moratorium"]["date"])
    assert n["c5_pkg82"] == Number(float(FACT["pkg-mex82-total"]["amount"]), digits=2)
    assert n["c5_pkg82_us"] == Number(float(FACT["pkg-mex82-usa"]["amount"]), digits=3)


def test_banks_numbers():
    n = dc.banks_numbers()
    assert n["c5_claims_mex_1982"] == Number(59.441, digits=1)
    assert n["c5_la4_share"] == Number(float(FACT["bank-la4-1983"]["share_pct"]), digits=0)
    assert n["c5_jba_ldc"] == Number(_stated_number("ev-1987-jba", "coding_note", r"exceeded \$(\d+)bn"), digits=0)
    assert n["c5_mex87_new"] == Number(
        _stated_number("ev-1987-mex-signing", "description", r"up to \$([\d.]+)bn"), digits=1)
    assert n["c5_bra_jp_share"] == re.search(r"held (roughly a \w+) of Brazil",
                                             FACT["ev-1987-brazil-moratorium"]["coding_note"]).group(1)
    assert {f"c5_claims_{i}_{y}" for i in ("mex", "bra", "arg", "ven") for y in (1977, 1982, 1989)} <= set(n)
    with pytest.raises(ParameterError, match="'years'"):
        dc.banks_numbers(years=())
    with pytest.raises(ParameterError):
        dc.banks_numbers(years=(1800,))


def test_debt_numbers_peak_from_the_raw_file():
    raw = _gapminder("debt_to_foreigners_by_public_and_private_percent_of_gni")
    arg = raw[(raw["geo"] == "arg") & raw["time"].between(1982, 1991)].set_index("time").iloc[:, 1]
    n = dc.debt_numbers()
    assert n["c5_arg_gni_peak"] == Number(float(arg.max()), digits=0)
    assert n["c5_arg_gni_peak_year"] == str(int(arg.idxmax()))
    debt = _gapminder("external_debt_total_us_not_inflation_adjusted")
    mex82 = debt[(debt["geo"] == "mex") & (debt["time"] == 1982)].iloc[0, 2]
    assert n["c5_debt_mex_1982"].value == pytest.approx(mex82 / 1e9)
    with pytest.raises(ParameterError, match="peak_years"):
        dc.debt_numbers(peak_years=(1991, 1982))


def test_baker_numbers_yen_from_the_raw_h10_file():
    y = pd.read_csv(RAW / "fed_h10_exchange_rates" / "yearly.csv")
    jp = y[y["Country"] == "Japan"].assign(year=lambda d: d["Date"].str[:4].astype(int)).set_index("year")["Value"]
    n = dc.baker_numbers()
    assert n["c5_yen_1985"] == Number(float(jp[1985]), digits=0)
    assert n["c5_yen_1988"] == Number(float(jp[1988]), digits=0)
    assert 1982 <= int(n["c5_ca_peak_year"]) <= 1991
    assert n["c5_recycle_86"] == Number(float(FACT["ini-recycle-1986"]["amount"]), digits=0)
    with pytest.raises(ParameterError, match="'first'/'last'"):
        dc.japan_current_account(1991, 1982)


def test_brazil_brady_and_toronto_numbers():
    n = dc.brazil_numbers()
    assert n["c5_bra_debt_nyt"] == Number(
        _stated_number("ev-1987-brazil-moratorium", "disagreement", r"about \$(\d+)bn of a"), digits=0)
    assert dc.toronto_numbers()["c5_berlin"] == _day(FACT["ev-1988-berlin"]["date"])
    assert dc.brady_numbers()["c5_jexim_mex_final"] == Number(float(FACT["ini-jexim-mex-final"]["amount"]), digits=2)
    assert dc.brady_deals_numbers()["c5_uru"] == facts_date("ev-1991-uruguay-brady")


def test_country_risk_reserve_numbers_from_the_fact_row():
    """The 1983 reserve account: its month and the band of the glossary, read from the row by hand."""
    n = dc.brazil_numbers()
    assert n["c5_ovres"] == facts_date("ev-1983-mof-country-reserve") == "March 1983"
    band = re.search(r"between (\d+) and (\d+) per cent", FACT["ev-1983-mof-country-reserve"]["description"])
    assert band is not None
    assert n["c5_ovres_floor"] == Number(float(band.group(1)), digits=0)
    assert n["c5_ovres_ceiling"] == Number(float(band.group(2)), digits=0)


def facts_date(fact_id: str) -> str:
    """The date of an event in words at its precision, by hand."""
    iso = FACT[fact_id]["date"]
    if len(iso) == 10:
        return _day(iso)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return f"{months[int(iso[5:7]) - 1]} {iso[:4]}" if len(iso) == 7 else iso


def test_brady_deals_table():
    t = dc.brady_deals_table()
    assert t["Debtor"].tolist()[:2] == ["Mexico", "Costa Rica (agreement)"] and len(t) == 7
    uru = t[t["Debtor"] == "Uruguay"].iloc[0]
    assert pd.isna(uru["Where the sources differ"])  # its only other account is not a source
    mex = t[t["Debtor"] == "Mexico"].iloc[0]
    assert mex["Export-Import Bank of Japan co-financing"].startswith(
        f"pledge of {float(FACT['ini-jexim-mex-1']['amount']):,.0f} billion dollars")


def test_aid_numbers_and_the_trade_window():
    n = dc.aid_numbers()
    assert n["c5_aid_debtors"] == "Mexico and Brazil"
    jp = pd.read_csv(RAW / "wdi_bilateral_aid_jpn_usa" / "dc_dac_jpnl_cd_26recipients.csv")
    sub = jp[jp["geo"].isin(["mex", "bra"]) & jp["time"].between(1986, 1991)]
    assert n["c5_aid_jp_late"].value == pytest.approx(sub["dc_dac_jpnl_cd"].sum() / 6 / 1e6)
    from analysis import comparison

    label = comparison.factor_values().set_index(["key", "period"]).loc[("mex_share_us_trade", "debt"), "factor"]
    assert f"debt window from {n['c5_trade_from']})" in label
    with pytest.raises(ParameterError):
        dc.aid_numbers(early=(1985, 1982))


def test_timeline_numbers():
    years = [int(r["date"][:4]) for r in FACT.values()
             if r["fact_id"].startswith("ev-") and r["crisis"] == "debt_1982_91" and int(r["date"][:4]) >= 1982]
    assert dc.timeline_numbers() == {"c5_tl_first": str(min(years)), "c5_tl_last": str(max(years))}


# --------------------------------------------------------------------- chapter 6
def test_chapter_6_numbers_are_well_formed():
    for fn in (pc.codes_numbers, pc.devaluation_numbers, pc.package_numbers, pc.yen_numbers,
               pc.comparison_numbers, pc.coding_numbers, pc.repercussions_numbers):
        check(fn())


def test_devaluation_numbers_from_the_raw_fred_file():
    raw = _raw_daily("DEXMXUS")
    before = raw[:"1994-12-19"]
    n = pc.devaluation_numbers()
    assert n["c6_rate_before"] == Number(float(before.iloc[-1]), digits=2)
    assert n["c6_rate_before_day"] == f"{before.index[-1].day} December"
    assert n["c6_rate_dec22"] == Number(float(raw["1994-12-22"]), digits=2)
    peak = raw["1994-12-01":"1995-03-31"].max()
    assert n["c6_loss_pct"].value == pytest.approx(100 * (1 - before.iloc[-1] / peak))
    assert n["c6_rate_peak_day"] == "9 March 1995"
    monthly = pd.read_csv(RAW / "fed_h10_exchange_rates" / "monthly.csv")
    mar95 = monthly[(monthly["Country"] == "Mexico") & (monthly["Date"] == "1995-03-01")].iloc[0, 2]
    assert n["c6_m_mar95"] == Number(float(mar95), digits=2)
    with pytest.raises(ParameterError, match="'before'"):
        pc.devaluation_numbers(before="1980-01-01")
    with pytest.raises(ParameterError, match="'before'"):
        pc.devaluation_numbers(before="soon")


def test_day_month():
    assert pc.day_month(pd.Timestamp("1995-03-09")) == "9 March"
    assert pc.day_month(pd.Timestamp("1995-03-09"), year=True) == "9 March 1995"
    with pytest.raises(ParameterError, match="'day'"):
        pc.day_month("soon")  # type: ignore[arg-type]


def test_yen_numbers_from_the_raw_fred_file():
    raw = _raw_daily("DEXJPUS")
    april = raw["1995-04-01":"1995-04-30"]
    y95 = raw["1995-01-01":"1995-12-31"]
    n = pc.yen_numbers()
    assert n["c6_yen_day_low"] == Number(float(april.min()), digits=2)
    assert n["c6_yen_day_low_date"] == f"{april.idxmin().day} April 1995"
    assert n["c6_yen_jan"] == Number(float(y95.iloc[0]), digits=2)
    assert n["c6_yen_rise_pct"].value == pytest.approx(100 * (y95.iloc[0] / april.min() - 1))
    assert {f"c6_jp_growth_{y}" for y in (1992, 1993, 1994, 1995)} <= set(n)
    with pytest.raises(ParameterError):
        pc.yen_numbers(low_window=("1960-01-01", "1960-01-31"))


def test_package_and_repercussion_numbers_from_the_fact_tables():
    n = pc.package_numbers()
    assert n["c6_imf"] == Number(float(FACT["pkg-mex95-imf"]["amount"]), digits=1)
    assert n["c6_esf_date"] == facts_date("ev-1995-esf")
    r = pc.repercussions_numbers()
    assert r["c6_thai_jpn"] == Number(float(FACT["pkg-tha97-jpn"]["amount"]), digits=0)
    assert r["c6_us_banks_arg"] == Number(float(FACT["bank-arg94-us"]["amount"]), digits=1)


def test_comparison_numbers_keys():
    n = pc.comparison_numbers()
    assert {f"c6_{k}_{p}" for k in pc.COMPARED for p in ("debt", "peso")} <= set(n)
    assert n["c6_us_banks"] == Number(float(FACT["bank-mex94-us"]["amount"]), digits=1)


def test_coding_numbers_from_the_first_coding():
    with open(FACTS / "engagement.csv", encoding="utf-8") as f:
        row = [r for r in csv.DictReader(f) if r["crisis"] == "peso_1994_95" and r["phase"] == "p2_rescue"
               and r.get("creditor", "JPN") == "JPN"][0]
    words = {"0": "low", "1": "partial", "2": "high"}
    n = pc.coding_numbers()
    assert n["c6_first_leadership"] == words[row["leadership"]]
    assert n["c6_pred_met"].value <= n["c6_pred_n"].value
    with pytest.raises(ParameterError, match="'phase'"):
        pc.coding_numbers(phase="p9_nothing")
