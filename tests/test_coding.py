"""Coded engagement (analysis.coding): the committed codes, the summary used
by the Introduction, chapter 4 and the Conclusion, and bad rows rejected."""
from __future__ import annotations

import csv
import shutil

import pytest

from analysis import coding, facts
from analysis.errors import DataFileMissingError, DataSchemaError, ParameterError


def test_every_phase_is_justified_and_rests_on_known_facts():
    df = coding.load_engagement(creditor=None)
    ids = {i for t in ("events", "packages", "initiatives") for i in facts.load(t)["fact_id"]}
    assert set(df["crisis"]) == set(facts.CRISES)
    assert set(df["creditor"]) == {"JPN", "USA"}
    for _, r in df.iterrows():
        assert r["events"] and set(r["events"]) <= ids
        for dim in coding.DIMENSIONS:
            assert r[dim] in (0, 1, 2) and r[f"justification_{dim}"].strip()
    assert (df["end"] >= df["start"]).all()


def test_both_creditors_are_coded_in_every_phase_by_both_coders():
    for c in ("first", "second", "final"):
        df = coding.load_engagement(creditor=None, coding=c)
        counts = df.groupby(["crisis", "phase"])["creditor"].apply(sorted)
        assert all(v == ["JPN", "USA"] for v in counts), c


def test_events_cited_by_a_phase_fall_inside_it_and_its_crisis():
    df = coding.load_engagement(creditor=None, coding="first")
    ev = facts.load("events").set_index("fact_id")
    for _, r in df.iterrows():
        for e in [x for x in r["events"] if x in ev.index]:
            assert ev.loc[e, "crisis"] == r["crisis"], e
            assert r["start"] <= ev.loc[e, "date"] <= r["end"], (e, r["phase"])
            assert ev.loc[e, "phase"] == r["phase"], e


def test_summary_by_hand():
    """Japan's final codes (engagement.csv with coding_adjudication.csv applied), by hand.

    Acute phases only, weighted by months: debt crisis d1 38, d2 32, d3 9,
    d4 34 months with active 0, 2, 2, 2; peso crisis one acute phase, all 0;
    Asia a1 2, a2 2, a3 12 months with leadership 2, 2, 0 and cooperation
    1, 0, 2 (the New Miyazawa Initiative and Chiang Mai are an aftermath).
    """
    s = coding.engagement_summary().set_index("crisis")
    assert list(s.index) == ["debt_1982_91", "peso_1994_95", "asia_1997_98"]
    assert s.loc["debt_1982_91", "active"] == pytest.approx((0 * 38 + 2 * 32 + 2 * 9 + 2 * 34) / 113)
    assert s.loc["peso_1994_95", ["active", "leadership", "cooperation"]].tolist() == [0, 0, 0]
    assert s.loc["asia_1997_98", "active"] == 2
    assert s.loc["asia_1997_98", "leadership"] == pytest.approx((2 * 2 + 2 * 2 + 0 * 12) / 16)
    assert s.loc["asia_1997_98", "cooperation"] == pytest.approx((1 * 2 + 0 * 2 + 2 * 12) / 16)
    assert s.loc["asia_1997_98", "leadership_label"] == "medium"
    assert s.loc["peso_1994_95", "active_label"] == "low"
    assert s["phases"].tolist() == [4, 1, 3]
    equal = coding.engagement_summary(weight="equal", kinds=("prelude", "acute", "aftermath")).set_index("crisis")
    assert equal["phases"].tolist() == [4, 2, 4]
    assert equal.loc["debt_1982_91", "active"] == 1.5


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
    with pytest.raises(ParameterError, match="'creditor'"):
        coding.load_engagement(creditor="GBR")
    with pytest.raises(ParameterError, match="'coding'"):
        coding.load_engagement(coding="third")
    with pytest.raises(ParameterError, match="'kinds'"):
        coding.engagement_summary(kinds=("acute", "crisis"))


def test_engagement_table_and_justifications():
    t = coding.engagement_table(crisis="peso_1994_95")
    assert list(t.columns) == ["Crisis", "Phase", "Period", "Active", "Leadership", "Cooperation", "Events"]
    assert (t["Active"] == "low (0)").all()
    j = coding.justifications()
    assert len(j) == 3 * len(coding.load_engagement())
    assert len(coding.justifications(creditor="USA")) == len(j)


def test_final_codes_are_the_first_with_each_disagreement_resolved():
    first = coding.load_engagement(creditor=None, coding="first").set_index(["crisis", "phase", "creditor"])
    final = coding.load_engagement(creditor=None, coding="final").set_index(["crisis", "phase", "creditor"])
    d = coding.disagreements()
    assert len(d) and (d["code_first"] != d["code_second"]).all()
    changed = 0
    for dim in coding.DIMENSIONS:
        for key in first.index:
            row = d[(d["crisis"] == key[0]) & (d["phase"] == key[1]) & (d["creditor"] == key[2]) & (d["dimension"] == dim)]
            want = int(row["resolved"].iloc[0]) if len(row) else int(first.loc[key, dim])
            assert final.loc[key, dim] == want, (key, dim)
            changed += int(final.loc[key, dim] != first.loc[key, dim])
    assert changed == int((d["resolved"] != d["code_first"]).sum())


def _alpha_by_hand(a: list[int], b: list[int]) -> float:
    """Krippendorff's ordinal alpha for two coders without missing values,
    from the coincidence matrix (Krippendorff 2011, 'Computing Krippendorff's
    alpha-reliability'), written out independently of the package."""
    values = sorted(set(a) | set(b))
    o = {(c, k): 0.0 for c in values for k in values}
    for x, y in zip(a, b):
        o[(x, y)] += 1
        o[(y, x)] += 1
    n_c = {c: sum(o[(c, k)] for k in values) for c in values}
    n = sum(n_c.values())

    def delta2(c: int, k: int) -> float:
        lo, hi = min(c, k), max(c, k)
        return (sum(n_c[g] for g in values if lo <= g <= hi) - (n_c[c] + n_c[k]) / 2) ** 2

    d_o = sum(o[(c, k)] * delta2(c, k) for c in values for k in values)
    d_e = sum(n_c[c] * n_c[k] * delta2(c, k) for c in values for k in values)
    return 1 - (n - 1) * d_o / d_e


def test_reliability_matches_an_independent_computation_of_alpha():
    first = coding.load_engagement(creditor=None, coding="first")
    second = coding.load_engagement(creditor=None, coding="second")
    keys = ["crisis", "phase", "creditor"]
    both = first.merge(second, on=keys, suffixes=("_1", "_2"))
    r = coding.reliability().set_index("dimension")
    for dim in coding.DIMENSIONS:
        a, b = both[f"{dim}_1"].tolist(), both[f"{dim}_2"].tolist()
        assert r.loc[dim, "alpha"] == pytest.approx(_alpha_by_hand(a, b), abs=1e-12)
        assert r.loc[dim, "agree"] == sum(x == y for x, y in zip(a, b))
        assert r.loc[dim, "units"] == 20


def test_alpha_of_identical_codings_is_one_and_of_a_reversed_scale_is_negative():
    assert _alpha_by_hand([0, 1, 2, 2, 0], [0, 1, 2, 2, 0]) == pytest.approx(1.0)
    assert _alpha_by_hand([0, 0, 2, 2], [2, 2, 0, 0]) < 0


def test_predictions_follow_from_the_stakes_and_can_fail():
    t = coding.prediction_tests()
    assert set(t["hypothesis"]) == {"H1", "H2"}
    assert set(t["predicted"]) <= {0, 2}
    assert (t["result"] == "missed").any() and (t["result"] == "met").any()
    indonesia = t[(t["phase"] == "a3_imf_led") & (t["dimension"] == "leadership")].iloc[0]
    assert indonesia["predicted"] == 2  # Japanese banks the largest lenders: H1 expects Japan to lead
    # a result is the distance between prediction and final code
    for _, r in t.iterrows():
        assert r["result"] == {0: "met", 1: "half met", 2: "missed"}[abs(r["predicted"] - r["code"])]
    s = coding.prediction_scores().set_index("hypothesis")
    for h in ("H1", "H2"):
        sub = t[t["hypothesis"] == h]
        assert s.loc[h, "predictions"] == len(sub)
        assert s.loc[h, "score"] == pytest.approx(((sub["result"] == "met").sum()
                                                   + (sub["result"] == "half met").sum() / 2) / len(sub))


def _clear() -> None:
    for f in (coding._load, coding._adjudicated, coding._predictions, facts._load):
        f.cache_clear()


@pytest.fixture
def folder(tmp_path):
    for t in list(facts.TABLES) + ["engagement", "engagement_second", "coding_adjudication", "predictions"]:
        shutil.copyfile(facts.FACTS_DIR / f"{t}.csv", tmp_path / f"{t}.csv")
    _clear()
    facts._load.cache_clear()
    yield tmp_path
    _clear()


def _edit(folder, _phase, *, _file="engagement.csv", _creditor="JPN", _match=None, **changes):
    path = folder / _file
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    match = _match or {"phase": _phase, "creditor": _creditor}
    line = next(i + 2 for i, r in enumerate(rows) if all(r.get(k) == v for k, v in match.items()))
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


@pytest.mark.parametrize("changes,column,needle", [
    ({"creditor": "GBR"}, "creditor", "not one of"),
    ({"kind": "chronic"}, "kind", "not one of"),
    ({"start": "1988-07"}, "phase_label/start/end/kind", "differs from the same phase"),
])
def test_bad_creditor_kind_or_inconsistent_phase_is_rejected(folder, changes, column, needle):
    path, line = _edit(folder, None, _match={"phase": "d3_miyazawa", "creditor": "USA"}, **changes)
    with pytest.raises(DataSchemaError) as err:
        coding.load_engagement(folder=folder, coding="first")
    msg = str(err.value)
    assert str(path) in msg and f"row {line}" in msg and column in msg and needle in msg


def test_unresolved_disagreement_is_rejected(folder):
    # the second coder now disagrees on a code nobody adjudicated
    _edit(folder, "a2_amf", _file="engagement_second.csv", leadership="1")
    with pytest.raises(DataSchemaError, match=r"not resolved.*asia_1997_98/a2_amf/JPN/leadership.*add a row"):
        coding.load_engagement(folder=folder)


@pytest.mark.parametrize("changes,needle", [
    ({"resolved": "3"}, "column 'resolved'"),
    ({"reason": " "}, "column 'reason'"),
    ({"first": "2"}, "copy the codes exactly"),
])
def test_bad_adjudication_row_is_rejected(folder, changes, needle):
    path, line = _edit(folder, None, _file="coding_adjudication.csv",
                       _match={"phase": "d1_rescue", "creditor": "JPN", "dimension": "cooperation"}, **changes)
    with pytest.raises(DataSchemaError) as err:
        coding.disagreements(folder=folder)
    msg = str(err.value)
    assert str(path) in msg and f"row {line}" in msg and needle in msg


def test_adjudicating_an_agreement_is_rejected(folder):
    path = folder / "coding_adjudication.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("asia_1997_98,a2_amf,JPN,active,2,2,2,both coders agree\n")
    with pytest.raises(DataSchemaError, match="agree here"):
        coding.disagreements(folder=folder)


@pytest.mark.parametrize("changes,needle", [
    ({"predicted": "1"}, "column 'predicted'"),
    ({"hypothesis": "H3"}, "column 'hypothesis'"),
    ({"indicator_ids": "bank-made-up"}, "bank-made-up"),
    ({"phase": "a4_nmi_cmi"}, "not an acute phase"),
])
def test_bad_prediction_row_is_rejected(folder, changes, needle):
    path, line = _edit(folder, None, _file="predictions.csv",
                       _match={"phase": "a1_thai", "hypothesis": "H1", "dimension": "leadership"}, **changes)
    with pytest.raises(DataSchemaError) as err:
        coding.prediction_tests(folder=folder)
    msg = str(err.value)
    assert str(path) in msg and f"row {line}" in msg and needle in msg


def test_missing_second_coding_names_the_file(folder):
    (folder / "engagement_second.csv").unlink()
    with pytest.raises(DataFileMissingError, match="engagement_second.csv"):
        coding.load_engagement(folder=folder)


def test_alpha_reading_follows_krippendorffs_thresholds():
    assert [coding.alpha_reading(a) for a in (0.95, 0.8, 0.79, 0.667, 0.6)] == [
        "reliable", "reliable", "tentative", "tentative", "unreliable"]
    with pytest.raises(DataSchemaError):
        coding.alpha_reading(float("nan"))


def test_code_phrase_names_each_final_code_in_words():
    eng = coding.load_engagement().set_index("phase")
    phrase = coding.code_phrase("debt_1982_91", "d2_baker_recycling")
    words = [coding.CODE_WORDS[int(eng.loc["d2_baker_recycling", d])] for d in coding.DIMENSIONS]
    assert phrase == f"{words[0]} activity, {words[1]} leadership and {words[2]} cooperation"
    with pytest.raises(ParameterError, match="'phase'"):
        coding.code_phrase("debt_1982_91", "a1_thai")


def test_relation_words():
    assert [coding.relation(*p) for p in ((1.0, 0.5), (0.5, 1.0), (0.5, 0.5 + 1e-12))] == [
        "above", "below", "the same as"]
