"""The loaders' disk cache: hits return the same frame, still verify the raw
files, follow changes of code and manifest, and can be bypassed; cache files
are parquet (data only: a planted pickle is never executed), written
atomically, and every real loader's frame round-trips exactly."""
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
    for f in _cache.cache_dir().glob("*" + _cache.SUFFIX):
        f.write_bytes(b"not a parquet file")
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


# --------------------------------------------------------------------------- parquet, exactness, safety
frames: dict[str, object] = {}


def _give(name: str) -> object:
    calls.append(name)
    return frames[name]


cached_give = _cache.disk_cached(_give)


def _odd_frame() -> pd.DataFrame:
    import numpy as np

    idx = pd.Index(["b", "a", "c"], name="key")
    df = pd.DataFrame(
        {
            "cat": pd.Categorical(["lo", "hi", "lo"], categories=["lo", "hi"], ordered=True),
            "str": pd.Series(["x", None, "z"], dtype="str", index=idx),
            "string": pd.Series(["x", pd.NA, "z"], dtype="string", index=idx),
            "nullable": pd.array([1, None, 3], dtype="Int64"),
            "float": [0.1, -0.0, np.nan],
            "when": pd.to_datetime(["1995-03-09", "1997-07-02", None]),
            "flag": [True, False, True],
        },
        index=idx,
    )
    df.attrs = {"unit": "US$"}
    return df


@pytest.mark.parametrize("columns", [
    None,  # string labels
    [1995, 1996, 1997, 1998, 1999, 2000, 2001],  # integer labels
    [0.5, "a", None, True, 3, pd.Timestamp("2000-01-01"), "z"],  # mixed labels
    pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1), ("b", 2), ("c", 1), ("c", 2), ("d", 1)],
                              names=["top", None]),
    pd.Index(list("abcdefg"), name="variable"),
])
def test_frames_round_trip_exactly(columns):
    df = _odd_frame()
    if columns is not None:
        df.columns = columns
    frames["odd"] = df
    first = cached_give("odd")
    second = cached_give("odd")
    assert calls == ["odd"]  # the second call was a hit
    pd.testing.assert_frame_equal(first, second, check_exact=True, check_index_type=True,
                                  check_column_type=True)
    assert second.attrs == df.attrs and second is not df
    assert list(_cache.cache_dir().glob("*" + _cache.SUFFIX))


def test_frame_that_cannot_be_stored_exactly_is_not_cached():
    frames["mixed"] = pd.DataFrame({"a": [1, "x", 2.5]}, dtype=object)  # parquet cannot hold it
    assert cached_give("mixed") is frames["mixed"]
    cached_give("mixed")
    assert calls == ["mixed", "mixed"]
    assert not list(_cache.cache_dir().glob("*"))  # neither a cache file nor a temporary file


def test_results_that_are_not_frames_are_returned_uncached():
    frames["series"] = pd.Series([1.0, 2.0], name="s")
    frames["tuple"] = ("a", "b")
    pd.testing.assert_series_equal(cached_give("series"), frames["series"])
    assert cached_give("tuple") == ("a", "b") and cached_give("tuple") == ("a", "b")
    assert calls == ["series", "tuple", "tuple"]
    assert not list(_cache.cache_dir().glob("*"))


def test_planted_pickle_is_never_executed(tmp_path):
    import pickle

    marker = tmp_path / "executed"

    class Payload:
        def __reduce__(self):
            return (marker.touch, ())

    blob = pickle.dumps((["wdi_aid_jpn"], Payload()))
    path = _cache.cache_path(_reader, ("wdi_aid_jpn",))
    path.parent.mkdir(parents=True)
    path.write_bytes(blob)  # where the cache looks
    path.with_suffix(".pkl").write_bytes(blob)  # where the old pickle cache looked
    frame = cached_reader("wdi_aid_jpn")
    assert not marker.exists()
    assert calls == ["wdi_aid_jpn"]  # a miss: computed afresh
    assert frame["bytes"].iloc[0] == mf.entry("wdi_aid_jpn").bytes
    assert path.read_bytes()[:4] == b"PAR1"  # replaced by a parquet entry
    cached_reader("wdi_aid_jpn")
    assert calls == ["wdi_aid_jpn"] and not marker.exists()


def test_truncated_or_foreign_cache_file_is_a_miss(tmp_path):
    cached_reader("wdi_aid_jpn")
    path = _cache.cache_path(_reader, ("wdi_aid_jpn",))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # truncated
    cached_reader("wdi_aid_jpn")
    assert calls == ["wdi_aid_jpn", "wdi_aid_jpn"]
    pd.DataFrame({"bytes": [1]}).to_parquet(path)  # a parquet file without the cache's record
    assert cached_reader("wdi_aid_jpn")["bytes"].iloc[0] == mf.entry("wdi_aid_jpn").bytes
    assert len(calls) == 3


def test_writes_are_atomic(monkeypatch):
    import os

    moves = []
    real = os.replace

    def spy(src, dst):
        moves.append((os.fspath(src), os.fspath(dst)))
        return real(src, dst)

    monkeypatch.setattr(_cache.os, "replace", spy)
    cached_reader("wdi_aid_usa")
    (src, dst), = moves
    path = _cache.cache_path(_reader, ("wdi_aid_usa",))
    assert dst == str(path) and src.endswith(".tmp") and os.path.dirname(src) == str(path.parent)
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_every_cached_loader_output_equals_the_uncached_one(monkeypatch):
    from conftest import clear_loader_caches, load_every_file

    seen = []
    real = _cache.cache_path

    def record(fn, args, key_globs=()):
        path = real(fn, args, key_globs)
        seen.append((fn, args, path))
        return path

    monkeypatch.setattr(_cache, "cache_path", record)
    clear_loader_caches()
    try:
        load_every_file()  # fills the (empty) cache
        assert len(seen) >= 40
        for fn, args, path in list(seen):  # the hits below record more
            assert path.is_file(), f"{fn.__module__}.{fn.__qualname__}{args} was not cached"
            cached = _cache.disk_cached(fn)(*args)  # a hit, read from parquet
            uncached = fn(*args)  # the undecorated loader
            pd.testing.assert_frame_equal(cached, uncached, check_exact=True, check_index_type=True,
                                          check_column_type=True)
    finally:
        clear_loader_caches()


def test_parallel_misses_compute_once(tmp_path):
    """Two processes that miss the same entry at once: the second waits for the
    first and reads its result (the computation runs once)."""
    import subprocess
    import sys
    import textwrap

    log = tmp_path / "calls.log"
    code = textwrap.dedent(f"""
        import time, pandas as pd
        from analysis.loaders import _cache

        def slow(n):
            with open({str(log)!r}, "a") as f:
                f.write("call\\n")
            time.sleep(1.5)
            return pd.DataFrame({{"n": [n]}})

        slow.__module__ = "parallel_test"
        print(_cache.disk_cached(slow)(7)["n"].iloc[0])
    """)
    env = {**__import__("os").environ, "BOOK_CACHE_DIR": str(_cache.cache_dir())}
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert outs == ["7", "7"]
    assert log.read_text().count("call") == 1
