"""The loaders' disk cache: hits return the same frame, still verify the raw
files, follow changes of code and manifest, and can be bypassed."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import manifest as mf
from analysis.errors import DataHashError
from analysis.loaders import _cache

calls: list[str] = []


def _reader(file_id: str) -> pd.DataFrame:
    calls.append(file_id)
    path = mf.resolve(file_id)
    return pd.DataFrame({"bytes": [path.stat().st_size]})


cached_reader = _cache.disk_cached(_reader)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(_cache.NO_CACHE_ENV, raising=False)
    calls.clear()


def test_second_call_is_a_hit_with_an_equal_frame():
    first = cached_reader("wdi_aid_jpn")
    second = cached_reader("wdi_aid_jpn")
    assert calls == ["wdi_aid_jpn"]
    pd.testing.assert_frame_equal(first, second)
    assert first["bytes"].iloc[0] == mf.entry("wdi_aid_jpn").bytes


def test_hit_still_verifies_and_traces_the_raw_file(monkeypatch, tmp_path):
    cached_reader("wdi_aid_usa")
    seen = []
    monkeypatch.setattr(mf, "_trace", lambda fid: seen.append(fid))
    monkeypatch.setattr(mf, "verify", lambda p, e: (_ for _ in ()).throw(DataHashError(f"{p} altered")))
    with pytest.raises(DataHashError, match="altered"):
        cached_reader("wdi_aid_usa")
    assert seen == ["wdi_aid_usa"] and calls == ["wdi_aid_usa"]


def test_arguments_and_key_files_change_the_key(monkeypatch):
    k1 = _cache.cache_key(_reader, ("wdi_aid_jpn",))
    assert k1 == _cache.cache_key(_reader, ("wdi_aid_jpn",))
    assert k1 != _cache.cache_key(_reader, ("wdi_aid_usa",))
    real = _cache.KEY_FILES
    monkeypatch.setattr(_cache, "KEY_FILES", real[:-1])  # as if the manifest's content changed
    assert _cache.cache_key(_reader, ("wdi_aid_jpn",)) != k1


def test_bypass_reads_every_time(monkeypatch):
    monkeypatch.setenv(_cache.NO_CACHE_ENV, "1")
    cached_reader("pwt")
    cached_reader("pwt")
    assert calls == ["pwt", "pwt"]


def test_corrupt_entry_is_a_miss():
    cached_reader("wdi_aid_jpn")
    for f in _cache.cache_dir().glob("*.pkl"):
        f.write_bytes(b"not a pickle")
    cached_reader("wdi_aid_jpn")
    assert calls == ["wdi_aid_jpn", "wdi_aid_jpn"]


def test_real_loader_gives_the_same_frame_cached_and_uncached(monkeypatch):
    from analysis.loaders import ewn

    fn = ewn._load.__wrapped__  # below lru_cache: the disk-cached function
    a = fn()
    b = fn()
    monkeypatch.setenv(_cache.NO_CACHE_ENV, "1")
    c = fn()
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
