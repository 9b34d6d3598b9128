"""The numbers of the coding and chronology appendices (coding.appendix_numbers,
coding.phase_labels, chronology.appendix_numbers), counted by hand from the CSV files."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis import chronology, coding, facts
from analysis.errors import DataSchemaError, ParameterError
from analysis.manifest import ROOT

FACTS = ROOT / "data" / "facts"


def _csv(name: str) -> list[dict[str, str]]:
    with (FACTS / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_coding_numbers_count_the_adjudication_file():
    rows = _csv("coding_adjudication.csv")
    out = coding.appendix_numbers()
    assert out["cod_n_dis"] == str(len(rows))
    assert out["cod_n_raised"] == str(sum(int(r["resolved"]) > int(r["first"]) for r in rows))
    assert out["cod_n_lowered"] == str(sum(int(r["resolved"]) < int(r["first"]) for r in rows))
    assert out["cod_n_kept"] == str(sum(int(r["resolved"]) == int(r["first"]) for r in rows))


def test_coding_numbers_count_the_predictions_file():
    rows = _csv("predictions.csv")
    out = coding.appendix_numbers()
    for h in coding.HYPOTHESES:
        assert out[f"cod_{h.lower()}_predictions"] == str(sum(r["hypothesis"] == h for r in rows))
        parts = [int(out[f"cod_{h.lower()}_{c}"]) for c in ("met", "half_met", "missed")]
        assert sum(parts) == int(out[f"cod_{h.lower()}_predictions"])


def test_coding_numbers_units_and_thresholds():
    out = coding.appendix_numbers()
    # every phase of engagement.csv is coded for both creditors on each dimension
    units = len(_csv("engagement.csv"))
    assert out["cod_units"] == str(units)
    assert out["cod_codes"] == str(units * len(coding.DIMENSIONS))
    assert out["cod_alpha_hi"].value == 0.8 and out["cod_alpha_lo"].value == 0.667
    assert out["cod_idn_code"] in ("low", "partial", "high")
    assert all(out[f"cod_reading_{d}"] in coding.ALPHA_READING_WORDS.values() for d in coding.DIMENSIONS)


def test_phase_labels():
    codes = pd.DataFrame({"crisis": ["c1", "c1"], "phase": ["p1", "p2"], "phase_label": ["One", "Two"]})
    assert coding.phase_labels(codes) == {("c1", "p1"): "One", ("c1", "p2"): "Two"}
    with pytest.raises(ParameterError, match="phase_label"):
        coding.phase_labels(codes.drop(columns="phase_label"))


def test_chronology_numbers_count_the_fact_tables():
    sources = _csv("sources.csv")
    placeholders = {"UNSOURCED", "NOT_FOUND"}
    located = [r for r in sources if r["source_id"] not in placeholders]
    rows = [r for t in ("events", "packages", "initiatives", "bank_exposure") for r in _csv(f"{t}.csv")]
    out = chronology.appendix_numbers(facts.load_all(), facts.load_sources())
    assert out["chron_n_rows"] == str(len(rows))
    assert out["chron_n_sources"] == str(len(located))
    assert out["chron_n_works"] == str(len({r["bibkey"] for r in located}))
    assert out["chron_n_mirror"] == str(sum(r["copy"] == "mirror" for r in located))
    assert out["chron_n_unsourced"] == str(sum(r["source_id"] in placeholders for r in rows))


def test_chronology_numbers_refuse_a_row_no_table_shows():
    rows = facts.load_all().copy()
    rows.loc[rows.index[0], "crisis"] = "unknown_crisis"
    with pytest.raises(DataSchemaError, match=str(rows["fact_id"].iloc[0])):
        chronology.appendix_numbers(rows, facts.load_sources())
