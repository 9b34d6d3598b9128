"""Tests of the Laeven-Valencia crisis-years loader (analysis.loaders.laeven)."""
from __future__ import annotations

import openpyxl
import pytest

from analysis.errors import DataSchemaError, ParameterError
from analysis.loaders import laeven


def test_documented_years():
    # Values stated in SOURCE.md of the laeven_valencia folder (2018 file).
    d = laeven.crisis_years()
    have = set(map(tuple, d[["iso3", "kind", "year"]].to_numpy().tolist()))
    for row in [("MEX", "banking", 1981), ("MEX", "banking", 1994), ("MEX", "sovereign_debt", 1982),
                ("MEX", "restructuring", 1990), ("THA", "banking", 1997), ("THA", "currency", 1998),
                ("KOR", "banking", 1997), ("JPN", "banking", 1997), ("USA", "banking", 1988),
                ("USA", "banking", 2007), ("IDN", "restructuring", 2002)]:
        assert row in have, row


def test_contract():
    d = laeven.crisis_years()
    assert list(d.columns) == ["iso3", "kind", "year"]
    assert not d.duplicated().any()
    assert set(d["kind"]) <= set(laeven.KINDS.values())
    assert d["year"].between(1970, 2017).all()
    assert set(laeven.crisis_years(("banking",))["kind"]) == {"banking"}


def test_bad_kind():
    with pytest.raises(ParameterError, match="kinds"):
        laeven.crisis_years(("bank",))


def test_corrupt_cell(scratch_data, monkeypatch):
    from analysis import manifest as mf

    path = scratch_data(laeven.FILE_ID)
    monkeypatch.setattr(mf, "verify", lambda p, e: p)
    wb = openpyxl.load_workbook(path)
    ws = wb[laeven.SHEET]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "Japan":
            row[1].value = "late nineties"
    wb.save(path)
    with pytest.raises(DataSchemaError, match="late nineties"):
        laeven.crisis_years()


def test_years_parser():
    assert laeven._years("1981, 1994", source="s", row=2, column="c") == [1981, 1994]
    assert laeven._years(float("nan"), source="s", row=2, column="c") == []
    with pytest.raises(DataSchemaError, match="row 7"):
        laeven._years("soon", source="s", row=7, column="c")
