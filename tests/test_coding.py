"""Coded engagement (analysis.coding): the committed codes, the summary used
by the Introduction, chapter 4 and the Conclusion, and bad rows rejected."""
from __future__ import annotations

import csv
import shutil

import pytest

from analysis import coding, facts
from analysis.errors import DataSchemaError, ParameterError


def test_every_phase_is_justified_and_rests_on_known_events():
    df = coding.load_engagement()
    events = set(facts.load("events")["fact_id"])
    assert set(df["crisis"]) == set(facts.CRISES)
    for _, r in df.iterrows():
        assert r["events"] and set(r["events"]) <= events
        for dim in coding.DIMENSIONS:
            assert r[dim] in (0, 1, 2) and r[f"justification_{dim}"].strip()
    assert (df["end"] >= df["start"]).all()


def test_events_cited_by_a_phase_fall_inside_it_and_its_crisis():
    df = coding.load_engagement()
    ev = facts.load("events").set_index("fact_id")
    for _, r in df.iterrows():
        for e in r["events"]:
            assert ev.loc[e, "crisis"] == r["crisis"], e
            assert r["start"] <= ev.loc[e, "date"] <= r["end"], (e, r["phase"])
            assert ev.loc[e, "phase"] == r["phase"], e


def test_summary_by_hand():
    """Means computed by hand from the codes in engagement.csv (equal weights):
    debt crisis active (0+2+2+2)/4, leadership (0+1+2+0)/4, cooperation (1+2+1+2)/4;
    peso crisis all zero; Asia active 2, leadership (2+2+0+2)/4, cooperation (1+0+2+1)/4."""
    s = coding.engagement_summary().set_index("crisis")
    assert list(s.index) == ["debt_1982_91", "peso_1994_95", "asia_1997_98"]
    assert s.loc["debt_1982_91", ["active", "leadership", "cooperation"]].tolist() == [1.5, 0.75, 1.5]
    assert s.loc["peso_1994_95", ["active", "leadership", "cooperation"]].tolist() == [0, 0, 0]
    assert s.loc["asia_1997_98", ["active", "leadership", "cooperation"]].tolist() == [2, 1.5, 1.0]
    assert s.loc["debt_1982_91", "leadership_label"] == "medium"
    assert s.loc["peso_1994_95", "active_label"] == "low"
    assert s.loc["asia_1997_98", "active_label"] == "high"
    assert s["phases"].tolist() == [4, 2, 4]


def test_duration_weights():
    df = coding.load_engagement()
    sub = df[df["crisis"] == "debt_1982_91"]
    expected = (sub["active"] * sub["months"]).sum() / sub["months"].sum()
    s = coding.engagement_summary(weight="duration").set_index("crisis")
    assert s.loc["debt_1982_91", "active"] == pytest.approx(expected)
    # months by hand: Aug 1982-Sep 1985 is 38 months
    assert sub.set_index("phase").loc["d1_rescue", "months"] == 38


def test_labels_and_parameters():
    assert [coding.label_score(x) for x in (0, 0.49, 0.5, 1.49, 1.5, 2)] == ["low", "low", "medium", "medium", "high", "high"]
    with pytest.raises(ParameterError, match="'weight'"):
        coding.engagement_summary(weight="months")
    with pytest.raises(ParameterError, match="'crisis'"):
        coding.engagement_table(crisis="asia")


def test_engagement_table_and_justifications():
    t = coding.engagement_table(crisis="peso_1994_95")
    assert list(t.columns) == ["Crisis", "Phase", "Period", "Active", "Leadership", "Cooperation", "Events"]
    assert (t["Active"] == "low (0)").all()
    j = coding.justifications()
    assert len(j) == 3 * len(coding.load_engagement())


@pytest.fixture
def folder(tmp_path):
    for t in list(facts.TABLES) + ["engagement"]:
        shutil.copyfile(facts.FACTS_DIR / f"{t}.csv", tmp_path / f"{t}.csv")
    coding._load.cache_clear()
    facts._load.cache_clear()
    yield tmp_path
    coding._load.cache_clear()
    facts._load.cache_clear()


def _edit(folder, phase, **changes):
    path = folder / "engagement.csv"
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    line = next(i + 2 for i, r in enumerate(rows) if r["phase"] == phase)
    rows[line - 2].update(changes)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path, line


@pytest.mark.parametrize("changes,column,needle", [
    ({"active": "3"}, "active", "not a code"),
    ({"leadership": "yes"}, "leadership", "not a code"),
    ({"justification_cooperation": ""}, "justification_cooperation", "justification"),
    ({"event_ids": ""}, "event_ids", "no events"),
    ({"event_ids": "ev-1988-berlin;ev-made-up"}, "event_ids", "ev-made-up"),
    ({"end": "1987-01"}, "end", "before start"),
    ({"start": "June 1988"}, "start/end", "not YYYY"),
    ({"crisis": "debt"}, "crisis", "not one of"),
])
def test_bad_coded_row_is_rejected(folder, changes, column, needle):
    path, line = _edit(folder, "d3_miyazawa", **changes)
    with pytest.raises(DataSchemaError) as err:
        coding.load_engagement(folder=folder)
    msg = str(err.value)
    assert str(path) in msg and f"row {line}" in msg and "d3_miyazawa" in msg and column in msg and needle in msg
