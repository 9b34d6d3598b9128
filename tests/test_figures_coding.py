"""Presentation of the coding appendix (analysis/figures/coding.py): built
from small hand-made frames, so each test checks the layout and not the data."""
from __future__ import annotations

import pandas as pd

from analysis.figures import coding as fc


def _codes() -> pd.DataFrame:
    base = {"crisis": "c1", "phase": "p1", "phase_label": "First", "start": pd.Timestamp("1990-01-01"),
            "end": pd.Timestamp("1990-03-31"), "kind": "acute", "months": 3}
    return pd.DataFrame([
        {**base, "creditor": "JPN", "active": 2, "leadership": 0, "cooperation": 1},
        {**base, "creditor": "USA", "active": 1, "leadership": 2, "cooperation": 0},
    ])


def test_phases_table_puts_both_creditors_codes_on_one_row():
    t = fc.phases_table(_codes(), crisis_labels={"c1": "Crisis one"})
    assert t.to_dict("records") == [{"Crisis": "Crisis one", "Phase": "First", "Period": "Jan 1990 – Mar 1990",
                                     "Kind": "acute", "Months": "3", "Japan": "2 / 0 / 1",
                                     "United States": "1 / 2 / 0"}]


def test_reliability_table_formats_shares_and_alpha():
    r = pd.DataFrame([{"dimension": "cooperation", "units": 20, "agree": 14, "agreement": 0.7, "alpha": 0.78543}])
    t = fc.reliability_table(r).iloc[0]
    assert (t["Dimension"], t["Identical"], t["Agreement"], t["Krippendorff's alpha (ordinal)"]) == (
        "Cooperation", "14", "70%", "0.79")


def test_disagreements_and_predictions_tables_name_phase_and_codes():
    labels = {("c1", "p1"): "First"}
    d = pd.DataFrame([{"crisis": "c1", "phase": "p1", "creditor": "USA", "dimension": "active",
                       "code_first": 2, "code_second": 1, "resolved": 1, "reason": "rule"}])
    row = fc.disagreements_table(d, phase_labels=labels).iloc[0]
    assert (row["Phase"], row["Creditor"], row["First"], row["Resolved"]) == ("First", "United States", "high (2)",
                                                                              "partial (1)")
    p = pd.DataFrame([{"crisis": "c1", "phase": "p1", "hypothesis": "H1", "dimension": "leadership",
                       "predicted": 2, "unverified_indicator": True, "code": 0, "result": "missed", "basis": "b"}])
    row = fc.predictions_table(p, phase_labels=labels).iloc[0]
    assert (row["Predicted"], row["Coded"], row["Result"]) == ("high (2) *", "low (0)", "missed")
    s = pd.DataFrame([{"hypothesis": "H1", "predictions": 4, "met": 2, "half_met": 1, "missed": 1, "score": 0.625}])
    assert fc.scores_table(s).iloc[0].tolist() == ["H1", "4", "2", "1", "1"]
