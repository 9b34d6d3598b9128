"""Chapter 8's prose values and frames (analysis.asian_crisis).

Expected values are read from the fact tables with plain ``csv`` and, for
figures a row states in its words, with a regular expression here (the
module itself reads them from ``stated_figures.csv``).
"""
from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from analysis import asian_crisis as ac
from analysis import facts, findings, retest, tables
from analysis.errors import DataSchemaError, ParameterError
from analysis.numbers import Number, check

FACTS = Path(__file__).resolve().parent.parent / "data" / "facts"


def _rows() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for t in ("packages", "initiatives", "bank_exposure", "events"):
        with open(FACTS / f"{t}.csv", encoding="utf-8") as f:
            rows.update({r["fact_id"]: r for r in csv.DictReader(f)})
    return rows


ROW = _rows()


def amount(fact_id: str) -> float:
    return float(ROW[fact_id]["amount"])


def dollars(fact_id: str, column: str, nth: int = 0) -> str:
    """The nth "$2bn"/"$833m" of a row's words as "2 billion"/"833 million", by regular expression."""
    hits = re.findall(r"\$(\d+(?:\.\d+)?)(bn|m)\b", ROW[fact_id][column])
    num, unit = hits[nth]
    return f"{num} {'billion' if unit == 'bn' else 'million'}"


@cache
def _fits() -> tuple[list, object]:
    return retest.asia_fits(), retest.latin_fit()


def test_every_section_is_well_formed():
    for fn in (ac.fx_numbers, ac.thai_numbers, ac.amf_numbers, ac.indonesia_numbers, ac.japan_banks_numbers,
               ac.korea_numbers, ac.indonesia_1998_numbers, ac.pressure_numbers, ac.nmi_numbers,
               ac.coding_numbers, ac.lenders_numbers):
        check(fn())


def test_fx_numbers_keys_and_bad_window():
    n = ac.fx_numbers()
    assert {"fx_peak_THA", "fx_peak_KOR", "fx_peak_MYS", "fx_peakmonth_KOR"} <= set(n)
    assert all(n[f"fx_peak_{c}"].value > 1 for c in ("THA", "KOR", "MYS"))  # the dollar rose in each
    with pytest.raises(ParameterError):
        ac.fx_numbers(start="2030-01", end="2030-06")
    with pytest.raises(ParameterError, match="June 1997"):
        ac.fx_numbers(start="1998-01", end="1999-06")


def test_package_rows_and_thai_numbers():
    rows = ac.package_rows()
    assert set(rows["package"]) == {"Thailand", "Indonesia", "Korea"}
    n = ac.thai_numbers()
    assert n["thai_total"] == Number(amount("pkg-tha97-total-imf"), digits=1)
    others = [amount(f) for f, r in ROW.items() if f.startswith("pkg-tha97") and r["is_total"] == "false"
              and r["measure"] == "commitment" and r["verified"] in ("yes", "local_file") and r["amount"]
              and r["contributor_code"] not in ac.THAI_NAMED]
    assert n["thai_other_min"].value == min(others) and n["thai_other_max"].value == max(others)


def test_thai_numbers_check_the_prose_claim(monkeypatch):
    real = facts.amount
    monkeypatch.setattr(facts, "amount", lambda f, **k: 1.0 if f == "pkg-tha97-usa" else real(f, **k))
    with pytest.raises(DataSchemaError, match="US gave nothing"):
        ac.thai_numbers()


def test_stated_figures_reach_the_prose():
    amf = ac.amf_numbers()
    assert amf["amf_circulated"] == re.search(r"from (\d{1,2} September)",
                                              ROW["ev-1997-amf-opposition"]["description"]).group(1)
    assert amf["amf_size"] == Number(amount("ini-amf"), digits=0)
    banks = ac.japan_banks_numbers()
    assert banks["yamaichi_debt"] == dollars("ev-1997-yamaichi", "disagreement")
    i98 = ac.indonesia_1998_numbers()
    assert i98["frontload_total"] == dollars("ev-1998-japan-indo-frontload", "description", 0)
    # Hashimoto's call was on the Monday before the MOFA press conference of Friday 16 January 1998,
    # and his meeting with Suharto on Sunday 15 March 1998 (the Jakarta Post of 16 March)
    assert "12" in str(i98["hashi_call_date"]) and "January 1998" in str(i98["hashi_call_date"])
    assert "15" in str(i98["hashi_visit_date"]) and "March 1998" in str(i98["hashi_visit_date"])
    assert i98["frontload_second"] == dollars("ev-1998-japan-indo-frontload", "description", 1)
    assert i98["frontload_exim"] == dollars("ev-1998-japan-indo-frontload", "description", 3)
    p = ac.pressure_numbers()
    assert p["yen_traders"] == dollars("ev-1998-yen-intervention", "disagreement", 1)
    assert p["stim_direct"] == dollars("ev-1998-tax-cut-april", "disagreement", 1)
    assert p["yen_low"] == re.search(r"(\d+\.\d+) on 16 June", ROW["ev-1998-yen-intervention"]["disagreement"]).group(1)
    k = ac.korea_numbers()
    assert k["kor_debt"].value == float(re.search(r"\$(\d+)bn", ROW["ev-1998-korea-debt"]["description"]).group(1))


def test_indonesia_korea_nmi_numbers_from_the_fact_tables():
    n = ac.indonesia_numbers()
    assert n["indo_ratio"].value == pytest.approx(amount("pkg-idn97-jpn") / amount("pkg-idn97-usa"))
    assert n["indo_wb"] == Number(amount("pkg-idn97-wb"), digits=1)
    k = ac.korea_numbers()
    assert k["kor_first"].value == amount("pkg-kor97-imf") + amount("pkg-kor97-wb") + amount("pkg-kor97-adb")
    assert ac.nmi_numbers()["nmi_total"] == Number(amount("ini-nmi"), digits=0)


def test_coding_and_lenders_numbers():
    with open(FACTS / "engagement.csv", encoding="utf-8") as f:
        asia_rows = [r for r in csv.DictReader(f) if r["crisis"] == "asia_1997_98" and r.get("creditor", "JPN") == "JPN"]
    c = ac.coding_numbers()
    assert c["asia_phases"].value == len(asia_rows)
    s = ac.lenders_numbers()
    # Korea, end-June 1997 (bank_exposure rows): Japanese banks' claims over all banks' claims
    kor = {r["lender_code"]: float(r["amount"]) for r in ROW.values()
           if r["fact_id"].startswith("bank-") and r["debtor_code"] == "KOR" and r["reference_date"] == "1997-06-30"
           and r["amount"]}
    assert s["jp_share_KOR"].value == pytest.approx(100 * kor["JPN"] / kor["ALL"])
    assert s["jp_share_asia"] == Number(float(ROW["bank-asia97-jpn-share"]["share_pct"]), digits=1)
    assert set(ac.coded_table().columns) >= {"Phase", "Active", "Leadership", "Cooperation"}
    with pytest.raises(ParameterError, match="'crisis'"):
        ac.coded_table("asia")


def test_regression_layout_gives_the_same_table_as_chapter_3_formatter():
    fits, _ = _fits()
    layout = ac.regression_layout(fits)
    assert layout["variables"][0] == "l1_log_bank_claims"
    t = tables.regression_table(fits, **layout)
    assert "Bank claims (log), H1" in set(t[" "]) and t[" "].iloc[-1] == "R²"
    pooled = retest.pooled_fit()
    inter = ac.regression_layout([pooled])["labels"]
    assert inter["l1_log_bank_claims_x_east_asia"] == "× East Asia: Bank claims (log), H1"
    with pytest.raises(ParameterError, match="'fits'"):
        ac.regression_layout([])


def test_retest_numbers_from_the_fits():
    fits, latin = _fits()
    n = check(ac.retest_numbers(fits, latin))
    assert n["rt_n_asia"].value == fits[0].nobs
    assert n["rt_bank_ratio"].value == pytest.approx(fits[0].params["l1_log_bank_claims"]
                                                     / latin.params["l1_log_bank_claims"])
    assert n["rt_ustrade_sign_asia"] == ("negative" if fits[0].params["l1_log_us_trade"] < 0 else "positive")
    with pytest.raises(ParameterError, match="'fits'"):
        ac.retest_numbers(fits[:3], latin)


def test_ledger_numbers_and_verdict_rows():
    led = findings.ledger()
    n = check(ac.ledger_numbers(led))
    assert {f"ledger_v_asia_{s}" for s in findings.ASIA_SHORT} <= set(n)
    assert n["ledger_v_asia_bank"] == findings.verdict(findings.ASIA_SHORT["bank"], table=led)
    rows = ac.verdict_rows(led)
    assert set(rows["evidence"]) <= set(ac.VERDICT_EVIDENCE) and len(rows) > 0
    with pytest.raises(ParameterError, match="'led'"):
        ac.ledger_numbers(pd.DataFrame({"x": [1]}))
    with pytest.raises(ParameterError, match="'led'"):
        ac.verdict_rows(pd.DataFrame({"x": [1]}))


def test_pooled_numbers():
    diff = pd.DataFrame({"variable": ["l1_log_bank_claims", "l1_log_us_trade", "l1_log_pop"],
                         "latin": [0.1, 0.2, 0.3], "asia": [1.1, 0.4, 0.5], "p_difference": [0.04, 0.5, 0.2]})
    n = ac.pooled_numbers(diff, 340)
    assert n["pool_n"] == Number(340, digits=0) and n["pool_bank_asia"].value == 1.1
    assert n["pool_min_other_p"].value == 0.2
    assert n["pool_min_other_var"] == ac.ALLOCATION_LABELS["l1_log_pop"]
    with pytest.raises(ParameterError, match="'diff'"):
        ac.pooled_numbers(diff.iloc[1:], 340)


def test_oor_numbers():
    pred = retest.out_of_region()
    n = check(ac.oor_numbers(pred, retest.in_sample_recovery()))
    by = retest.oor_by_country(pred).sort_values("ratio")
    assert n["oor_low_pcts"] == " and ".join(f"{100 * v:.0f}" for v in by["ratio"].iloc[:2])
    with pytest.raises(ParameterError, match="'pred'"):
        ac.oor_numbers(pd.DataFrame({"x": [1]}), pred)


def test_curve_numbers():
    curve = findings.curve("east_asia")
    n = check(ac.curve_numbers(curve))
    bank = curve[curve["variable"] == "l1_log_bank_claims"]
    assert n["asc_n_specs"].value == curve["spec_id"].nunique()
    assert n["asc_bank_n"].value == bank["spec_id"].nunique()
    assert n["asc_bank_cr1_p"].value == bank.loc[bank["headline"], "p_value"].iloc[0]


def test_curve_numbers_bad_input():
    with pytest.raises(ParameterError, match="'curve'"):
        ac.curve_numbers(pd.DataFrame({"spec_id": [1]}))
