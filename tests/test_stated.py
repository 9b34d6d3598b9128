"""The stated-figures table (analysis.stated): figures a fact row gives only in its words."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import stated
from analysis.errors import DataSchemaError, ParameterError

FACTS = Path(__file__).resolve().parent.parent / "data" / "facts"


def _events() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for t in ("events", "bank_exposure"):
        with open(FACTS / f"{t}.csv", encoding="utf-8") as f:
            rows.update({r["fact_id"]: r for r in csv.DictReader(f)})
    return rows


PARENTS = pd.DataFrame([
    {"fact_id": "ev-1998-x", "description": "The IMF holds back $3bn and later $2.5bn.", "disagreement": "",
     "coding_note": "", "verified": "yes"},
    {"fact_id": "ev-1998-y", "description": "Rumoured $7bn.", "disagreement": "", "coding_note": "",
     "verified": "recalled"},
])
GOOD = {"stated_id": "st-x", "fact_id": "ev-1998-x", "column": "description", "stated": "later $2.5bn",
        "value": "2.5", "unit": "USD bn", "attributed_to": ""}


def _check(**change: str) -> pd.DataFrame:
    return stated.validate(pd.DataFrame([{**GOOD, **change}]), PARENTS, path="stated_figures.csv")


def test_the_book_table_validates_and_matches_its_rows():
    t = stated.load()
    assert t["stated_id"].is_unique and len(t) > 20
    rows = _events()
    for _, r in t.iterrows():
        assert rows[r["fact_id"]][r["column"]].count(r["stated"]) == 1


def test_values_read_the_figure_as_written():
    rows = _events()
    nyfed = re.search(r"sells \$(\d+)m", rows["ev-1998-yen-intervention"]["description"]).group(1)
    assert stated.value("st-yen-nyfed") == float(nyfed)
    assert stated.usd_words("st-yen-nyfed") == f"{nyfed} million"
    share = re.search(r"about (\d+)% in 1994", rows["bank-asia97-jpn-share"]["description"]).group(1)
    assert stated.value("st-asia-jp-share-94") == float(share)
    assert stated.text("st-mal-rate") == re.search(r"\((\d+\.\d+) per dollar\)",
                                                   rows["ev-1998-malaysia-controls"]["disagreement"]).group(1)
    assert stated.text("st-amf-circulated") == "10 September"


def test_a_missing_table_is_named(tmp_path):
    from analysis.errors import DataFileMissingError

    with pytest.raises(DataFileMissingError, match="stated_figures.csv"):
        stated.load(folder=tmp_path)


def test_bad_reads_are_refused():
    with pytest.raises(ParameterError, match="not in stated_figures.csv"):
        stated.value("st-nothing-here")
    with pytest.raises(ParameterError, match="not a number"):
        stated.value("st-amf-circulated")
    with pytest.raises(ParameterError, match="not US dollars"):
        stated.usd_words("st-mal-rate")


def test_validate_types_a_good_row():
    t = _check()
    assert t.loc[0, "number"] == 2.5 and t.loc[0, "verified"] == "yes"
    words = _check(stated="holds back", value="holds back", unit="words")
    assert pd.isna(words.loc[0, "number"])


@pytest.mark.parametrize(("change", "column"), [
    ({"stated_id": "x-1"}, "stated_id"),
    ({"fact_id": "ev-1900-none"}, "fact_id"),
    ({"column": "source_title"}, "column"),
    ({"stated": "$4bn"}, "stated"),
    ({"stated": "bn"}, "stated"),  # occurs twice
    ({"unit": "EUR bn"}, "unit"),
    ({"value": "two and a half"}, "value"),
    ({"value": "2.6"}, "value"),  # not the number written
    ({"value": ""}, "value"),
])
def test_validate_names_the_bad_column(change, column):
    with pytest.raises(DataSchemaError, match=f"column '{column}'"):
        _check(**change)


def test_validate_refuses_a_repeated_id_and_a_missing_column():
    with pytest.raises(DataSchemaError, match="repeats"):
        stated.validate(pd.DataFrame([GOOD, GOOD]), PARENTS, path="f.csv")
    with pytest.raises(DataSchemaError, match="missing"):
        stated.validate(pd.DataFrame([GOOD]).drop(columns="unit"), PARENTS, path="f.csv")


def test_an_unverified_row_is_refused_unless_asked(monkeypatch):
    frame = stated.validate(pd.DataFrame([{**GOOD, "stated_id": "st-y", "fact_id": "ev-1998-y", "stated": "$7bn",
                                           "value": "7"}]), PARENTS, path="f.csv")
    monkeypatch.setattr(stated, "load", lambda **_: frame)
    with pytest.raises(ParameterError, match="allow_unverified"):
        stated.value("st-y")
    assert stated.value("st-y", allow_unverified=True) == 7.0
