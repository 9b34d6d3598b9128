"""Coverage contracts of the raw files (columns ``rows`` ... ``value_pattern`` of
``data/manifest.csv``): every file has one, every current file meets its own,
and a file that falls short is refused even when its hash is what the manifest
expects (the two failures the contracts were made for)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from analysis import manifest as mf
from analysis.errors import DataCoverageError, DataSchemaError
from analysis.loaders import _common
from conftest import clear_loader_caches, load_every_file


def _accept_altered_copy(monkeypatch, file_id, path):
    """Make the test's manifest expect the altered copy's sha256 and size, so
    that only the coverage contract can catch the alteration."""
    item = mf.entry(file_id)
    monkeypatch.setitem(mf.manifest(), file_id, dataclasses.replace(
        item, sha256=mf.sha256_of(path), bytes=path.stat().st_size))
    assert mf.resolve(file_id) == path  # the hash check passes


def test_every_manifest_row_has_a_contract():
    for item in mf.manifest().values():
        c = item.contract
        assert c is not None, item.file_id
        assert c.rows > 0 and c.first_period and c.last_period <= "9999-12-31", item.file_id
        assert c.value_columns and c.value_pattern, item.file_id
        assert bool(c.entity_column) == (c.entity_count is not None), item.file_id
    # the small entity sets are listed in full
    aid = mf.entry("wdi_aid_jpn").contract
    assert aid.entity_count == 26 and len(aid.entities) == 26 and "ven" in aid.entities


def test_every_current_raw_file_satisfies_its_contract(monkeypatch):
    monkeypatch.setenv("BOOK_NO_CACHE", "1")  # parse every file for real
    clear_loader_caches()
    try:
        checked = load_every_file()
    finally:
        clear_loader_caches()
    assert sorted(set(checked)) == sorted(mf.manifest())


def test_fred_file_cut_after_a_partial_value_is_refused(scratch_data, monkeypatch):
    # (a) DEXMXUS.csv cut after the line "1995-03-09,7.": "7." parsed as 7.0 and the
    # series silently ended in March 1995
    from analysis.loaders import fx

    path = scratch_data("fred_dexmxus")
    text = path.read_text()
    path.write_text(text[: text.index("1995-03-09,7.") + len("1995-03-09,7.")])
    _accept_altered_copy(monkeypatch, "fred_dexmxus", path)
    # parsed without its contract, the cut file passes every other check ...
    cut = fx.parse_fred(path, source="cut copy", iso3="MEX", currency="MXN")
    assert cut["date"].max() == pd.Timestamp("1995-03-09") and cut["per_usd"].iloc[-1] == 7.0
    # ... the loader, which checks the contract, refuses it
    with pytest.raises(DataCoverageError) as err:
        fx.fred_daily("MEX")
    msg = str(err.value)
    assert "DEXMXUS.csv" in msg and "fred_dexmxus" in msg
    assert "data rows: expected 5415, found 349" in msg
    assert "last period (DATE): expected 2014-08-08, found 1995-03-09" in msg
    assert "'7.'" in msg and "data row 349" in msg
    assert "new vintage" in msg and "data/manifest.csv on purpose" in msg
    assert isinstance(err.value, DataSchemaError)


def test_japan_aid_without_venezuela_is_refused(scratch_data, monkeypatch):
    # (b) all 61 Venezuela rows deleted from the Japan aid file
    from analysis.loaders import aid

    path = scratch_data("wdi_aid_jpn")
    lines = path.read_text().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("ven,")]
    assert len(lines) - len(kept) == 61
    path.write_text("".join(kept))
    _accept_altered_copy(monkeypatch, "wdi_aid_jpn", path)
    with pytest.raises(DataCoverageError) as err:
        aid.bilateral_aid(("JPN",))
    msg = str(err.value)
    assert "dc_dac_jpnl_cd_26recipients.csv" in msg and "wdi_aid_jpn" in msg
    assert "data rows: expected 1510, found 1449" in msg
    assert "entities (geo): expected 26, found 25" in msg and "missing ven" in msg
    assert "data/manifest.csv on purpose" in msg


def test_extra_entity_and_shifted_period_are_named(scratch_data, monkeypatch):
    from analysis.loaders import aid

    path = scratch_data("wdi_aid_usa")
    path.write_text(path.read_text() + "xyz,2024,5\n")
    _accept_altered_copy(monkeypatch, "wdi_aid_usa", path)
    with pytest.raises(DataCoverageError) as err:
        aid.bilateral_aid(("USA",))
    msg = str(err.value)
    assert "not expected xyz" in msg and "last period (time): expected 2023, found 2024" in msg


def test_typed_workbook_is_checked_on_its_cells(scratch_data, monkeypatch):
    # a workbook read by pandas: the contract sees numbers as text (15 significant digits)
    from analysis.loaders import bis

    path = scratch_data("bis_lbs")
    frame = pd.read_excel(path)
    frame = frame[frame["date"] != 2020]
    frame.to_excel(path, index=False, sheet_name="Sheet1")
    _accept_altered_copy(monkeypatch, "bis_lbs", path)
    with pytest.raises(DataCoverageError, match="last period \\(date\\): expected 2020, found 2019"):
        bis.bank_claims()


def test_file_without_a_contract_is_refused(monkeypatch):
    item = mf.entry("wdi_aid_usa")
    monkeypatch.setitem(mf.manifest(), "wdi_aid_usa", dataclasses.replace(item, contract=None))
    with pytest.raises(DataCoverageError, match="no coverage contract"):
        _common.check_coverage("wdi_aid_usa", pd.DataFrame({"geo": ["arg"]}))


def test_cell_text_and_periods():
    assert _common.cell_text(7.0) == "7" and _common.cell_text(np.nextafter(0.1, 1)) == "0.1"
    assert _common.cell_text(np.float64("nan")) == "" and _common.cell_text(None) == ""
    assert _common.cell_text(np.int64(12)) == "12" and _common.cell_text("7.") == "7."
    assert _common.cell_text(pd.Timestamp("1995-03-09")) == "1995-03-09"
    c = mf.Contract(table="", rows=2, period_column="columns:Y(\\d{4})", first_period="1999",
                    last_period="2001", entity_column="k", entity_count=2, entities=("a", "b"),
                    value_columns="Y\\d{4}", value_pattern="^\\d+$")
    wide = pd.DataFrame({"k": ["a", "b"], "Y1999": [1, 2], "Y2001": [3.0, 4.5]})
    found = _common.measure_coverage(wide, c)
    assert (found.first_period, found.last_period, found.entities) == ("1999", "2001", frozenset("ab"))
    assert found.bad_cells == 1 and "'4.5'" in found.examples[0]
    lists = dataclasses.replace(c, period_column="p")
    assert _common.measure_coverage(pd.DataFrame({"p": ["1988, 1994", None, "1976"]}), lists).first_period == "1976"
