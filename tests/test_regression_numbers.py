"""Chapter 3's numbers (analysis.regression): each function on frames and fits built
by hand, with expected values worked out here, plus one run on the book's panel."""
from __future__ import annotations

import csv
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import allocation as al
from analysis import findings, models, published, regression, speccurve
from analysis.errors import ParameterError
from analysis.manifest import ROOT
from analysis.numbers import Number


def _panel() -> pd.DataFrame:
    # three countries, four years; net ODA (US$ m) by hand
    oda = {"MEX": [10, 20, 30, 40], "BRA": [5, -1, 5, 11], "ARG": [1, 1, 1, np.nan]}
    rows = []
    for iso, values in oda.items():
        for k, (y, v) in enumerate(zip(range(1980, 1984), values)):
            rows.append({"iso3": iso, "year": y, "net_oda_musd": v, "l1_log_bank_claims": float(k + len(iso)),
                         "l1_log_pop": float(2 * k + (iso == "MEX")), al.MERCANTILE: np.nan if iso == "ARG" else 1.0})
    return pd.DataFrame(rows)


def test_panel_numbers_by_hand():
    raw = _panel()
    out = regression.panel_numbers(raw)
    assert (out["n_countries"].value, out["n_years"].value, out["n_cells"].value) == (3, 4, 12)
    assert out["n_negative"].value == 1 and out["negative_countries"] == "Brazil"
    total = 100 + 20 + 3  # MEX, BRA, ARG sums
    assert out["oda_total_bn"].value == pytest.approx(total / 1e3)
    assert out["top5_share"].value == pytest.approx(100.0)  # three countries: all of it
    assert out["top5_names"] == "Mexico, Brazil and Argentina"
    # yearly totals 16, 20, 36, 51: last three 107/3 over first three 72/3
    assert out["oda_growth"].value == pytest.approx((20 + 36 + 51) / (16 + 20 + 36))
    assert (out["oda_first3"], out["oda_last3"]) == ("1980-82", "1981-83")
    x, y = raw["l1_log_bank_claims"], raw["l1_log_pop"]
    assert out["corr_claims_pop"].value == pytest.approx(float(np.corrcoef(x, y)[0, 1]))


def test_panel_numbers_reject_a_panel_without_aid():
    raw = _panel().assign(net_oda_musd=np.nan)
    with pytest.raises(ParameterError, match="raw"):
        regression.panel_numbers(raw)


def test_coverage_numbers_by_hand():
    out = regression.coverage_numbers(_panel())
    assert out["jp_trade_countries"] == Number(2, digits=0)
    assert out["jp_missing"] == "Argentina"


def test_words_for_parameters_and_bad_values():
    assert regression.dependent_label("net_oda_musd") == "Japan's net ODA, US$ m"
    assert regression.estimator_text("fe").startswith("a model with country and year fixed effects")
    with pytest.raises(ParameterError, match="dependent"):
        regression.dependent_label("gdp")
    with pytest.raises(ParameterError, match="estimator"):
        regression.estimator_text("ols")


def _fit(params: dict[str, float], pvalues: dict[str, float], **kw: object) -> SimpleNamespace:
    return SimpleNamespace(params=pd.Series(params, dtype=float), pvalues=pd.Series(pvalues, dtype=float), **kw)


def test_n_significant_counts_in_words():
    fits = [_fit({"x": 1.0}, {"x": 0.01}), _fit({"x": 1.0}, {"x": 0.08}), _fit({"y": 1.0}, {"y": 0.0})]
    assert regression.n_significant(fits, "x") == "two"
    assert regression.n_significant(fits, "x", 0.05) == "one"
    assert regression.n_significant(fits * 3, "x") == "6"  # words up to five only
    with pytest.raises(ParameterError, match="level"):
        regression.n_significant(fits, "x", 1.5)


def test_residual_autocorrelation_by_hand():
    idx = pd.MultiIndex.from_tuples([("A", 1), ("A", 2), ("A", 3), ("B", 1), ("B", 2), ("B", 3)])
    e = pd.Series([1.0, 2.0, 4.0, -1.0, 0.0, 3.0], index=idx)
    # pairs (e_t, e_t-1) within a country: (2, 1), (4, 2), (0, -1), (3, 0)
    expected = np.corrcoef([2, 4, 0, 3], [1, 2, -1, 0])[0, 1]
    assert regression.residual_autocorrelation(SimpleNamespace(resid=e)) == pytest.approx(expected)


def test_usaid_reading():
    assert regression.usaid_reading(0.5, -0.1, 1.0).startswith("favours burden-sharing, although")
    assert regression.usaid_reading(-0.5, -1.0, -0.2) == (
        "favours a division of labour, and its bootstrap confidence set excludes zero")


def test_period_numbers_by_hand():
    per = [_fit({al.H1_BURDEN: 0.25}, {al.H1_BURDEN: 0.004}, label="1978–1985", last_year=1985),
           _fit({"x": 1.0}, {"x": 0.5}, label="1986–1988", last_year=1988)]
    out = regression.period_numbers(per)
    assert out["per_burden_1978_1985"] == Number(0.25, digits=2)
    assert "per_burden_1986_1988" not in out
    assert out["early_label"] == "1978–1985" and out["early_when"] == "before Japan's recycling programme"
    assert out["early_burden_p"] == Number(0.004, digits=3)
    empty = regression.period_numbers([])
    assert empty == {"early_label": "the first period", "early_when": "the first period of the window"}


def test_fit_numbers_by_hand(monkeypatch):
    pva = pd.DataFrame({"entity": ["MEX", "BRA", "ARG", "VEN", "CHL", "PER", "BOL"],
                        "actual": [100.0, 50.0, 40.0, 10.0, 31.0, 5.0, 20.0],
                        "predicted": [80.0, 55.0, 30.0, 10.0, 10.0, 15.0, 19.0]})
    monkeypatch.setattr(models, "predicted_vs_actual", lambda head: pva.copy())
    out = regression.fit_numbers(SimpleNamespace())
    # gaps: CHL 21, MEX 20, ARG 10, BOL 1, VEN 0, BRA -5, PER -10
    assert out["over_names"] == "Chile, Mexico and Argentina"
    assert out["under_names"] == "Peru, Brazil and Venezuela"
    assert out["over_gap"].value == 51
    assert out["over_share"].value == pytest.approx(100 * 171 / 256)
    assert out["big4_actual"].value == 200 and out["big4_pred"].value == 175
    assert out["big4_fit"] == "too low"  # actual 200 over predicted 175: 14 per cent above
    assert out["pva_corr"].value == pytest.approx(np.corrcoef(pva["actual"], pva["predicted"])[0, 1])


def test_robustness_numbers_by_hand():
    loo = pd.DataFrame({"variable": [al.H1_EXPOSURE] * 3 + [al.H1_BURDEN] * 2 + [al.US_AID] * 2,
                        "coef": [0.5, 0.2, -0.1, 1.0, 2.0, 0.3, 0.4],
                        "pvalue": [0.01, 0.20, 0.01, 0.04, 0.001, 0.5, 0.5]})
    head = _fit({al.H1_EXPOSURE: 1.0, al.H1_BURDEN: -1.0}, {al.H1_EXPOSURE: 0.01, al.H1_BURDEN: 0.01},
                label="PCSE")
    other = _fit({al.H1_EXPOSURE: 1.0}, {al.H1_EXPOSURE: 0.30}, label="FE")
    alt = _fit({al.H1_BURDEN: 0.2}, {al.H1_BURDEN: 0.02}, label="asinh")
    fits = regression.ChapterFits(fits=[head, other], head=head, link=[], per=[],
                                  rob=[("Dependent variable", "asinh", alt)], others=[other])
    out = regression.robustness_numbers(fits, loo)
    assert (out["loo_bank_ok"].value, out["loo_bank_n"].value) == (1, 3)
    assert (out["loo_bank_lo"].value, out["loo_bank_hi"].value) == (-0.1, 0.5)
    assert out["loo_burden_ok"].value == 2 and out["loo_usaid_ok"].value == 0
    # supported H1 estimates: bank claims in the headline, debt burden with the asinh dependent variable
    assert out["h1_support"].value == 2
    assert out["h1_support_list"] == (f"{al.LABELS[al.H1_EXPOSURE].lower()} in the specification “PCSE”; "
                                      f"{al.LABELS[al.H1_BURDEN].lower()} with the dependent variable “asinh”")
    assert out["h1_tests"].value == 4 and out["n_robust"].value == 2


def test_curve_numbers_by_hand(monkeypatch):
    shares = pd.DataFrame({"variable": list(regression.CURVE_VARIABLES.values()), "n_specs": [10, 8, 6, 4, 2],
                           "share_expected_sign": [0.5, 0.25, 1.0, 0.0, 0.5], "share_supported": [0.1] * 5,
                           "share_contradicted": [0.0] * 5})
    agree = pd.DataFrame({"agree": [True, False, True], "cr1_p": [0.01, 0.2, 0.5], "wild_p": [0.02, 0.1, 0.4]})
    monkeypatch.setattr(speccurve, "curve_shares", lambda c: shares)
    monkeypatch.setattr(speccurve, "headline_agreement", lambda c: agree)
    out = regression.curve_numbers(pd.DataFrame({"spec_id": [1, 1, 2, 3]}))
    assert out["sc_n_specs"].value == 3
    assert out["sc_bank_sign"].value == 50 and out["sc_burden_sign"].value == 25 and out["sc_jptrade_n"].value == 2
    assert (out["sc_agree"].value, out["sc_agree_n"].value, out["sc_cr1_lower"].value) == (2, 3, 1)


def test_verdict_numbers_by_hand():
    led = pd.DataFrame({"key": [findings.LATIN_SHORT["bank"], findings.LATIN_SHORT["early"],
                                findings.LATIN_SHORT["usaid"]],
                        "p_pcse": [0.01, 0.02, 0.01], "p_wild": [0.30, 0.20, 0.01]})
    out = regression.verdict_numbers(led)
    assert out["pcse_only_n"].value == 2
    assert out["pcse_only_list"] == f"{al.LABELS[al.H1_EXPOSURE].lower()}; debt service, 1978-1985"
    none = regression.verdict_numbers(led.assign(p_pcse=0.9))
    assert none["pcse_only_list"] == "none"


def test_agreement_pattern_by_hand():
    comp = pd.DataFrame({"dimension": ["need", "jp_econ", "us_strategic", "us_econ"],
                         "agreement": ["both null", "disagree", "disagree", "disagree"],
                         "study_sign": ["0", "+", "0", "-"], "book_p": [0.5, 0.4, 0.01, 0.01]})
    text = regression.agreement_pattern(comp)
    need = published.DIMENSIONS["need"]
    assert text.startswith(f"The agreements concern {need[0].lower() + need[1:]}.")
    assert f"The disagreements over {published.DIMENSIONS['jp_econ']} are all of one kind" in text
    assert f"Over {published.DIMENSIONS['us_strategic']}, this chapter finds an effect" in text
    assert text.endswith("In 1 further pairs both find an effect, with opposite signs.")
    empty = comp.assign(agreement="not comparable")
    assert regression.agreement_pattern(empty) == "No pair of a study and a motive can be compared."


def test_study_labels():
    studies = pd.DataFrame({"study_id": ["a", "b"], "study_key": ["katada2001", "x2000"]})
    assert regression.study_labels(studies) == {
        "a": "{cite:t}`katada2001`, chapter 3 as the Introduction previews it", "b": "{cite:t}`x2000`"}


def test_variables_table_lists_every_regressor():
    t = regression.variables_table("net_oda_musd")
    assert len(t) == 1 + len(regression.USED)
    assert t["Hypothesis"].iloc[0] == "DV"
    us = t.set_index("Variable (lagged one year)").loc[al.LABELS[al.US_AID], "Expected sign"]
    assert us.startswith("+ (burden-sharing)")


@pytest.fixture(scope="module")
def book():
    data = regression.chapter_data(1978, 1994, "net_oda_musd", "pcse")
    return data, regression.fit_all(data)


def test_chapter_data_rejects_bad_parameters():
    with pytest.raises(ParameterError):
        regression.chapter_data(1978, 1994, "net_oda_musd", "ols")


def test_model_numbers_on_the_book_panel(book):
    data, fits = book
    out = regression.model_numbers(fits, data.df)
    complete = data.df.dropna(subset=[*al.CORE, "net_oda_musd"])
    assert out["head_n"].value == fits.head.nobs
    assert out["head_n"].value <= len(complete)
    assert out["head_countries"].value == fits.head.n_entities <= data.raw["iso3"].nunique()
    assert out["bank_sig_cols"] in (*regression.COUNT_WORDS, *map(str, range(6, 20)))
    assert out["ustrade_direction"] in ("less", "more", "neither more nor less")


def test_missing_table_on_the_book_panel(book):
    data, _ = book
    t = regression.missing_table(data.raw, "net_oda_musd")
    assert list(t.columns) == ["Variable", "Observed", "Missing", "From", "To", "No value for"]
    assert (t["Observed"] + t["Missing"] == len(data.raw)).all()


def test_published_numbers_count_the_csv(book):
    data, _ = book
    with (ROOT / "data" / "facts" / "published_studies.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    led = findings.latin_rows(1978, 1994, "net_oda_musd")
    studies = published.load()
    pub_book = published.book_estimates(led, start_year=1978, end_year=1994, dependent="net_oda_musd")
    comp = published.comparison(studies, pub_book)
    out = regression.published_numbers(studies, pub_book, comp)
    assert out["pub_n_studies"].value == len(rows)
    assert out["pub_n_abstract"].value == sum(r["detail"] == "abstract only" for r in rows)
    n = out["pub_n_same"].value + out["pub_n_null"].value + out["pub_n_disagree"].value
    assert out["pub_n_pairs"].value == n


def test_missing_caption_counts_the_rows_it_is_given():
    import pandas as pd

    from analysis import regression
    from analysis.errors import ParameterError

    raw = pd.DataFrame({"iso3": ["ARG", "BRA", "MEX"], "year": [1980, 1980, 1981]})
    cap = regression.missing_caption(raw, 1978, 1994)
    assert "1978-1994" in cap and "(3 country-years)" in cap and "never filled" in cap
    with pytest.raises(ParameterError, match="start_year"):
        regression.missing_caption(raw, 1995, 1994)
