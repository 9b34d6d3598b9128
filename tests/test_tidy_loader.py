"""``tidy_loader``: one decorator resolves, reads, checks (columns and coverage
contract) and caches (memory and disk) every loader; its messages name the
file and what to do."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import manifest as mf
from analysis.errors import DataSchemaError
from analysis.loaders import _cache, _common
from analysis.loaders._common import RawTable, tidy_loader

parsed: list[tuple[str, tuple[object, ...]]] = []


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(_cache.NO_CACHE_ENV, raising=False)
    parsed.clear()


@tidy_loader("wdi_aid_jpn", columns=("geo", "time"), **_common.TEXT_CSV)
def _jpn(raw: RawTable) -> pd.DataFrame:
    parsed.append((raw.file_id, ()))
    return pd.DataFrame({"rows": [len(raw.table)], "source": [raw.source]})


@tidy_loader(columns=("geo", "time"), **_common.TEXT_CSV)
def _by_id(raw: RawTable, file_id: str) -> pd.DataFrame:
    parsed.append((raw.file_id, (file_id,)))
    return pd.DataFrame({"rows": [len(raw.table)]})


@tidy_loader(lambda donor: {"JPN": "wdi_aid_jpn", "USA": "wdi_aid_usa"}[donor],
             columns=lambda donor: ("geo", "time", f"dc_dac_{donor.lower()}l_cd"), **_common.TEXT_CSV)
def _by_donor(raw: RawTable, donor: str) -> pd.DataFrame:
    parsed.append((raw.file_id, (donor,)))
    return pd.DataFrame({"first_geo": [raw.table["geo"].iloc[0]]})


def test_reads_checks_and_parses_once_per_process_and_once_on_disk():
    with _common.coverage_checks() as checked:
        first = _jpn()
    assert checked == ["wdi_aid_jpn"]  # the coverage contract was checked
    assert _jpn() is first  # memory: no second read, no second parse
    assert parsed == [("wdi_aid_jpn", ())]
    assert first["rows"].iloc[0] == mf.entry("wdi_aid_jpn").contract.rows
    assert first["source"].iloc[0] == f"{mf.entry('wdi_aid_jpn').path} (wdi_aid_jpn)"
    _jpn.cache_clear()  # a new process: the disk entry is read, the file still verified
    with mf.recording() as seen:
        again = _jpn()
    assert parsed == [("wdi_aid_jpn", ())] and seen == ["wdi_aid_jpn"]
    pd.testing.assert_frame_equal(again, first)
    assert _jpn.__wrapped__.__qualname__ == _jpn.__qualname__  # the disk-cached function, named as the loader


def test_file_id_from_the_first_argument_or_a_function_of_the_arguments():
    assert _by_id("wdi_aid_usa")["rows"].iloc[0] == mf.entry("wdi_aid_usa").contract.rows
    assert _by_donor("USA")["first_geo"].iloc[0] == _by_donor("JPN")["first_geo"].iloc[0] == "arg"
    assert parsed == [("wdi_aid_usa", ("wdi_aid_usa",)), ("wdi_aid_usa", ("USA",)), ("wdi_aid_jpn", ("JPN",))]


def test_missing_column_names_the_file_the_column_and_what_to_do(monkeypatch):
    monkeypatch.setenv(_cache.NO_CACHE_ENV, "1")

    @tidy_loader("wdi_aid_jpn", columns=("geo", "no_such_column"), **_common.TEXT_CSV)
    def broken(raw: RawTable) -> pd.DataFrame:
        raise AssertionError("not reached: the column check comes first")

    with pytest.raises(DataSchemaError) as err:
        broken()
    msg = str(err.value)
    assert mf.entry("wdi_aid_jpn").path in msg and "(wdi_aid_jpn)" in msg
    assert "'no_such_column'" in msg and "SOURCE.md" in msg


def test_prepare_runs_before_the_checks(monkeypatch):
    monkeypatch.setenv(_cache.NO_CACHE_ENV, "1")
    seen = []

    def add_country(table: pd.DataFrame, source: str) -> pd.DataFrame:
        seen.append(source)
        return table.assign(country=table["geo"].str.upper())

    @tidy_loader("wdi_aid_jpn", columns=("country",), prepare=add_country, **_common.TEXT_CSV)
    def renamed(raw: RawTable) -> pd.DataFrame:
        return raw.table[["country"]]

    assert list(renamed().columns) == ["country"]
    assert seen == [_common.source_label("wdi_aid_jpn")]


def test_unreadable_file_names_the_file_and_its_kind(scratch_data, monkeypatch):
    path = scratch_data("bis_lbs")
    path.write_bytes(b"this is not a workbook")
    monkeypatch.setattr(mf, "verify", lambda p, expected: p)  # past the sha256 check, to the reader

    @tidy_loader("bis_lbs", columns=("country",))
    def bis(raw: RawTable) -> pd.DataFrame:
        raise AssertionError("not reached")

    with pytest.raises(DataSchemaError) as err:
        bis()
    msg = str(err.value)
    assert "locational-statistics.xlsx (bis_lbs), sheet 'Sheet1'" in msg
    assert "could not be read as an Excel workbook" in msg and "SOURCE.md" in msg


def test_source_label_names_the_sheet_or_r_object_of_the_contract():
    assert _common.source_label("ewn").endswith("EWN-dataset_12-2022.xlsx (ewn), sheet 'Dataset'")
    assert _common.source_label("pwt").endswith("pwt10.01.rda (pwt), R object 'pwt10.01'")
    assert _common.source_label("gravity").endswith("Chapter1Application1.dta (gravity)")


def test_no_loader_stacks_caches_or_reads_files_itself():
    """Every loader module reads its files through tidy_loader (or _common) and
    caches through it: no manifest.resolve, pandas reader or disk_cached of its own."""
    import re
    from pathlib import Path

    folder = Path(_common.__file__).parent
    offenders = []
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\bresolve\(", r"pd\.read_(csv|excel|stata)", r"pyreadr\.read_r", r"@disk_cached"):
            if re.search(pattern, text):
                offenders.append(f"{path.name}: {pattern}")
    # fx parses copies at any path for its tests and diagnostics (parse_h10 etc.): its one reader is allowed
    assert offenders == [r"fx.py: pd\.read_(csv|excel|stata)"], offenders
