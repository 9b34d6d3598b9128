"""The manifest and the resolver: every file present with its hash; bad input
fails with a message naming the file and what to do."""
from __future__ import annotations

import csv

import pytest

from analysis import manifest as mf
from analysis.errors import DataFileMissingError, DataHashError, DataSchemaError


def test_every_manifest_file_exists_and_matches_its_hash():
    for item in mf.manifest().values():
        path = mf.resolve(item.file_id, allow_download=False)
        assert path.stat().st_size == item.bytes, item.path


def test_manifest_rows_are_complete():
    for item in mf.manifest().values():
        assert item.citation_key and item.licence
        # every file either has an upstream address or says why not
        assert item.upstream_url.startswith("https://") or item.note, item.file_id


def test_citation_keys_are_in_the_bibliography():
    bib = (mf.ROOT / "references.bib").read_text()
    for item in mf.manifest().values():
        assert "{" + item.citation_key + "," in bib, item.citation_key


def test_altered_file_raises_hash_error_naming_it(scratch_data):
    path = scratch_data("wdi_aid_jpn")
    path.write_bytes(path.read_bytes().replace(b"arg,1961", b"arg,1962", 1))
    with pytest.raises(DataHashError) as err:
        mf.resolve("wdi_aid_jpn")
    assert str(path) in str(err.value) and "wdi_aid_jpn" in str(err.value)


def test_missing_file_without_download_names_file_and_env(monkeypatch, tmp_path):
    monkeypatch.setenv(mf.DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(mf, "DEFAULT_DATA_DIR", tmp_path / "nowhere")
    with pytest.raises(DataFileMissingError) as err:
        mf.resolve("pwt", allow_download=False)
    msg = str(err.value)
    assert "pwt10.01.rda" in msg and mf.DATA_DIR_ENV in msg and "not allowed" in msg


def test_missing_repository_file_says_it_has_no_download_address(monkeypatch, tmp_path):
    monkeypatch.delenv(mf.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(mf, "REPO_DATA_DIR", tmp_path / "nowhere")
    with pytest.raises(DataFileMissingError) as err:
        mf.resolve("wdi_aid_jpn")
    msg = str(err.value)
    assert "dc_dac_jpnl_cd_26recipients.csv" in msg and "no download address" in msg


def test_repository_files_are_resolved_from_the_checkout(monkeypatch, tmp_path):
    monkeypatch.delenv(mf.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(mf, "DEFAULT_DATA_DIR", tmp_path / "nowhere")  # the shared folder is not needed
    for fid in ("wdi_aid_jpn", "wdi_aid_usa"):
        item = mf.entry(fid)
        assert item.location == "repo" and not item.upstream_url
        path = mf.resolve(fid)
        assert path == mf.REPO_DATA_DIR / item.path and path.is_relative_to(mf.ROOT)
    provenance = (mf.REPO_DATA_DIR / "wdi_bilateral_aid_jpn_usa" / "PROVENANCE.md").read_text()
    for text in ("World Bank, World Development Indicators, CC BY 4.0",
                 "open-numbers/ddf--open_numbers--world_development_indicators",
                 mf.entry("wdi_aid_jpn").upstream_commit, "ddf--datapoints--dc_dac_usal_cd--by--geo--time.csv"):
        assert text in provenance


def test_altered_repository_file_is_refused_with_git_advice(monkeypatch, tmp_path):
    monkeypatch.delenv(mf.DATA_DIR_ENV, raising=False)
    item = mf.entry("wdi_aid_usa")
    copy = tmp_path / item.path
    copy.parent.mkdir(parents=True)
    copy.write_bytes((mf.REPO_DATA_DIR / item.path).read_bytes().replace(b"slv,1987,356000000", b"slv,1987,356000001"))
    monkeypatch.setattr(mf, "REPO_DATA_DIR", tmp_path)
    with pytest.raises(DataHashError, match="git checkout"):
        mf.resolve("wdi_aid_usa")


def test_every_raw_file_keeps_a_download_address():
    for item in mf.manifest().values():
        if item.location == "raw":
            assert item.upstream_url.startswith(mf.UPSTREAM_PREFIX + "/"), item.file_id
            assert item.upstream_commit in item.upstream_url, item.file_id


def test_failed_download_is_a_clear_missing_file_error(monkeypatch, tmp_path):
    monkeypatch.setenv(mf.DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(mf, "DEFAULT_DATA_DIR", tmp_path / "nowhere")
    import pooch

    def boom(**_):
        raise OSError("network unreachable")

    monkeypatch.setattr(pooch, "retrieve", boom)
    with pytest.raises(DataFileMissingError) as err:
        mf.resolve("pwt")
    assert "pwt10.01.rda" in str(err.value) and "network unreachable" in str(err.value)


def test_unknown_file_id_lists_known_ids():
    with pytest.raises(DataSchemaError, match="known ids"):
        mf.entry("no_such_file")


HEADER = (*mf.MANIFEST_COLUMNS, *mf.CONTRACT_COLUMNS)
CONTRACT = ["raw", "", "3", "year", "1990", "1992", "iso3", "2", "ARG|BRA", "value", r"^\d+$"]


def _write(path, rows, header=HEADER):
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_malformed_manifest_rows_are_rejected_with_line_numbers(tmp_path):
    good = ["x", "a/b.csv", "0" * 64, "10", "https://e/x", "r", "c", "CC BY", "key", "", *CONTRACT]
    p = tmp_path / "m.csv"
    _write(p, [good, good])
    with pytest.raises(DataSchemaError, match="line 3.*twice"):
        mf.read_manifest(p)
    _write(p, [good[:2] + ["abc"] + good[3:]])
    with pytest.raises(DataSchemaError, match="line 2.*64 hex"):
        mf.read_manifest(p)
    _write(p, [good[:7] + [""] + good[8:]])
    with pytest.raises(DataSchemaError, match="licence"):
        mf.read_manifest(p)
    _write(p, [good[:3]], header=HEADER[:3])
    with pytest.raises(DataSchemaError, match="missing from the header"):
        mf.read_manifest(p)


def test_contract_columns_are_parsed_and_checked(tmp_path):
    good = ["x", "a/b.csv", "0" * 64, "10", "https://e/x", "r", "c", "CC BY", "key", "", *CONTRACT]
    p = tmp_path / "m.csv"
    _write(p, [good])
    item = mf.read_manifest(p)["x"]
    assert item.location == "raw" and item.contract == mf.Contract(
        table="", rows=3, period_column="year", first_period="1990", last_period="1992",
        entity_column="iso3", entity_count=2, entities=("ARG", "BRA"), value_columns="value",
        value_pattern=r"^\d+$")
    no_contract = good[:11] + [""] * 10
    _write(p, [no_contract])
    assert mf.read_manifest(p)["x"].contract is None
    for i, bad, match in ((10, "cloud", "location"), (12, "many", "whole numbers"),
                          (17, "3", "lists 2 entities"), (20, "(", "not a regular expression"),
                          (14, "", "'first_period' is empty")):
        row = list(good)
        row[i] = bad
        _write(p, [row])
        with pytest.raises(DataSchemaError, match=match):
            mf.read_manifest(p)
    repo_with_url = list(good)
    repo_with_url[10] = "repo"
    _write(p, [repo_with_url])
    with pytest.raises(DataSchemaError, match="no download address"):
        mf.read_manifest(p)


def test_trace_records_each_verified_load(monkeypatch, tmp_path):
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv(mf.TRACE_ENV, str(trace))
    mf.resolve("wdi_aid_usa")
    mf.resolve("pwt")
    assert trace.read_text().split() == ["wdi_aid_usa", "pwt"]


def test_raw_folder_is_never_written(tmp_path):
    before = {p: p.stat().st_mtime_ns for p in mf.DEFAULT_DATA_DIR.rglob("*") if p.is_file()}
    for fid in mf.manifest():
        mf.resolve(fid, allow_download=False)
    after = {p: p.stat().st_mtime_ns for p in mf.DEFAULT_DATA_DIR.rglob("*") if p.is_file()}
    assert before == after


def test_nested_recordings_with_equal_contents_close_cleanly():
    with mf.recording() as outer:
        with mf.recording() as inner:  # both empty, equal by value
            pass
        mf.resolve("wdi_aid_jpn")
    assert outer == ["wdi_aid_jpn"] and inner == []
    assert mf._RECORDERS == []
