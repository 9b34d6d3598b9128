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
        mf.resolve("wdi_aid_jpn")
    msg = str(err.value)
    assert "dc_dac_jpnl_cd_26recipients.csv" in msg and mf.DATA_DIR_ENV in msg


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


def _write(path, rows, header=mf.MANIFEST_COLUMNS):
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_malformed_manifest_rows_are_rejected_with_line_numbers(tmp_path):
    good = ["x", "a/b.csv", "0" * 64, "10", "https://e/x", "r", "c", "CC BY", "key", ""]
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
    _write(p, [good[:3]], header=mf.MANIFEST_COLUMNS[:3])
    with pytest.raises(DataSchemaError, match="missing from the header"):
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
