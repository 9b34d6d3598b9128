"""Fact tables (analysis.facts): schema of the committed tables, verification
rules, rendering with anchors, and bad rows rejected naming file, row and column."""
from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from analysis import facts
from analysis.errors import DataSchemaError, ParameterError


@pytest.fixture
def table_copy(tmp_path):
    """Copy the four fact tables to a scratch folder; return a row editor."""
    for t in facts.TABLES:
        shutil.copyfile(facts.table_path(t), tmp_path / f"{t}.csv")
    shutil.copyfile(facts.sources_path(), tmp_path / facts.SOURCES_FILE)
    facts._load.cache_clear()

    def edit(table: str, target: str, **changes: str):
        path = tmp_path / f"{table}.csv"
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        line = None
        for i, r in enumerate(rows):
            if r["fact_id"] == target:
                r.update(changes)
                line = i + 2
        assert line is not None, target
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        return path, line

    yield edit, tmp_path
    facts._load.cache_clear()


# --- the committed tables -------------------------------------------------
@pytest.mark.parametrize("table", list(facts.TABLES))
def test_committed_tables_validate_and_have_sources(table):
    df = facts.load(table)
    assert len(df) > 10
    assert df["fact_id"].is_unique
    assert (df["source_id"].str.len() > 0).all() and (df["source_title"].str.len() > 0).all()
    located = ~df["source_id"].isin(facts.PLACEHOLDER_SOURCES)
    assert df.loc[located, "source_url"].str.match(r"^(https?://|local:)").all()
    assert df["date"].notna().all()
    assert set(df["date_precision"]) <= {"year", "month", "day"}


def test_amounts_non_negative_with_units():
    for table in ("packages", "initiatives", "bank_exposure"):
        df = facts.load(table)
        has = df["amount"].notna()
        assert (df.loc[has, "amount"] >= 0).all()
        assert df.loc[has, "unit"].isin(facts.UNITS).all()


def test_unverified_rows_are_never_marked_rechecked_or_sourced():
    allf = facts.load_all()
    unver = allf[allf["verified"].isin(["recalled", "no"])]
    assert len(unver) > 0
    assert (unver["rechecked"] == "no").all()
    # rows with a placeholder source are exactly the unverified ones
    assert set(unver["source_id"]) <= set(facts.PLACEHOLDER_SOURCES)
    assert (allf.loc[allf["source_id"].isin(facts.PLACEHOLDER_SOURCES), "verified"].isin(["recalled", "no"])).all()


def test_key_figures_match_what_the_sources_state():
    """Values typed from the sources themselves (IMF News Brief 95/5, the 1995
    Message to Congress, Lustig/Brookings, IMF News Brief 99/16, Masini,
    MOF New Miyazawa text), independent of the CSV."""
    assert facts.amount("pkg-mex95-imf") == 7.8 + 10
    assert facts.amount("pkg-mex95-esf") == 20
    assert facts.amount("pkg-mex95-bis") == 5 + 5
    assert facts.amount("pkg-mex95-total-lustig") == 48.8
    assert facts.amount("pkg-mex82-total") == 4.55 and facts.amount("pkg-mex82-usa") == 3.625
    assert facts.amount("pkg-tha97-total-imf") == 17.2
    assert facts.amount("pkg-tha97-jpn") == 4
    assert facts.amount("ini-amf") == 100
    assert facts.amount("ini-nmi") == 15 + 15
    assert facts.fact("ini-brady")["announced"] == "1989-03-10"
    assert facts.fact("ini-miyazawa-berlin")["announced"] == "1988-09-27"


def test_derived_white_house_total_is_the_sum_of_its_components():
    parts = ["pkg-mex95-esf", "pkg-mex95-bis", "pkg-mex95-can", "pkg-mex95-latam"]
    imf_in_briefing = 17.5  # the White House briefing's medium-term IMF figure
    assert facts.amount("pkg-mex95-total-wh") == pytest.approx(sum(facts.amount(p) for p in parts) + imf_in_briefing)


def test_amount_refuses_unverified_rows_unless_asked():
    with pytest.raises(ParameterError, match="recalled"):
        facts.amount("pkg-tha97-wb")
    assert facts.amount("pkg-tha97-wb", allow_unverified=True) == 1.5
    with pytest.raises(ParameterError, match="no amount"):
        facts.amount("ini-brady")
    with pytest.raises(ParameterError, match="in no fact table"):
        facts.fact("pkg-nothing-here")


def test_partial_dates():
    assert facts.parse_partial_date("1988-06") == (pd.Timestamp("1988-06-01"), "month")
    assert facts.parse_partial_date("1986") == (pd.Timestamp("1986-01-01"), "year")
    for bad in ("1988-13", "88-06-01", "1988/06", "1995-02-30"):
        with pytest.raises(ValueError):
            facts.parse_partial_date(bad)


# --- bad rows --------------------------------------------------------------
@pytest.mark.parametrize("table,fid,changes,column,needle", [
    ("packages", "pkg-mex95-esf", {"amount": "-20"}, "amount", "non-negative"),
    ("packages", "pkg-mex95-esf", {"amount": "twenty"}, "amount", "not a number"),
    ("packages", "pkg-mex95-esf", {"unit": ""}, "unit", "needs a unit"),
    ("packages", "pkg-mex95-esf", {"announced": "31/01/1995"}, "announced", "not YYYY"),
    ("packages", "pkg-mex95-esf", {"source_url": ""}, "source_url", "not an address"),
    ("packages", "pkg-mex95-esf", {"source_id": "", "source_title": ""}, "source_id", "needs a source"),
    ("packages", "pkg-mex95-esf", {"line": "third"}, "line", "not one of"),
    ("packages", "pkg-tha97-wb", {"verified": "yes"}, "verified", "cannot be verified"),
    ("packages", "pkg-mex95-imf", {"amount_max": "10"}, "amount_max", "below amount"),
    ("events", "ev-1988-berlin", {"japan_role": "hero"}, "japan_role", "not one of"),
    ("events", "ev-1988-berlin", {"fact_id": "EV 1988"}, "fact_id", "lower-case"),
    ("events", "ev-1988-berlin", {"fact_id": "ev-1988-toronto"}, "fact_id", "repeats row"),
    ("bank_exposure", "bank-mex94-us", {"share_pct": "-3"}, "share_pct", "non-negative"),
    ("initiatives", "ini-nmi", {"crisis": "asia"}, "crisis", "not one of"),
    ("initiatives", "ini-nmi", {"source_date": "October 1998"}, "source_date", "n.d."),
    ("initiatives", "ini-nmi", {"description": " "}, "description", "own words"),
])
def test_bad_row_is_rejected_naming_file_row_and_column(table_copy, table, fid, changes, column, needle):
    edit, folder = table_copy
    path, line = edit(table, fid, **changes)
    with pytest.raises(DataSchemaError) as err:
        facts.load(table, folder=folder)
    msg = str(err.value)
    assert str(path) in msg and f"row {line}" in msg and f"column {column!r}" in msg and needle in msg


def test_missing_column_is_named(table_copy):
    edit, folder = table_copy
    path = folder / "events.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="japan_role")
    df.to_csv(path, index=False)
    with pytest.raises(DataSchemaError, match="japan_role"):
        facts.load("events", folder=folder)


def test_source_id_with_two_titles_is_rejected(table_copy):
    edit, folder = table_copy
    edit("events", "ev-1995-agreements", source_title="Another title")
    with pytest.raises(DataSchemaError, match="CLINTON_MSG"):
        facts.load_all(folder=folder)


def test_fact_id_must_carry_its_table_prefix(table_copy):
    """Prefixes keep ids unique across tables: an events id in packages is refused."""
    edit, folder = table_copy
    path, line = edit("packages", "pkg-mex95-esf", fact_id="ev-1995-esf")
    with pytest.raises(DataSchemaError, match=rf"row {line}.*start with 'pkg-'"):
        facts.load("packages", folder=folder)


def test_missing_table_and_bad_parameter(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        facts.load("events", folder=tmp_path)
    with pytest.raises(ParameterError, match="'table'"):
        facts.load("rescues")


def test_reads_are_traced(monkeypatch, tmp_path):
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv("BOOK_DATA_TRACE", str(trace))
    facts.load("packages")
    assert "data/facts/packages.csv" in trace.read_text().split()


def test_date_text_follows_precision():
    assert facts.date_text("ev-1982-moratorium") == "12 August 1982"
    assert facts.date_text("ev-1988-toronto") == "June 1988"
    assert facts.date_text("ev-1986-recycling") == "1986"


def test_crisis_start_years_match_the_crisis_labels():
    assert set(facts.CRISIS_START) == set(facts.CRISES)
    for key, year in facts.CRISIS_START.items():
        assert str(year) in key and f", {year}-" in facts.CRISES[key]


def test_amount_number_and_row_numbers_read_the_rows_as_written():
    from analysis.numbers import Number

    with open(facts.FACTS_DIR / "initiatives.csv", newline="", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["fact_id"] == "ini-recycle-65")
    assert facts.amount_number("ini-recycle-65", 0) == Number(float(row["amount"]), digits=0)
    got = facts.row_numbers({"k_amt": ("ini-recycle-65", 1)}, {"k_date": "ini-recycle-65"})
    assert got == {"k_amt": Number(float(row["amount"]), digits=1), "k_date": facts.date_text("ini-recycle-65")}
    assert row["announced"] == "1989-07" and "1989" in got["k_date"]
    with pytest.raises(ParameterError, match="no-such-row|not"):
        facts.amount_number("no-such-row", 0)
