"""The download step end to end, offline: a local mirror on 127.0.0.1 serves the
upstream paths of the manifest's files (copies of the verified raw files), and
the book resolves them from an empty data folder and an empty download cache.

Every socket connection made during a test is checked to go to the mirror on
the loopback interface, and the mirror counts the requests per path.
"""
from __future__ import annotations

import functools
import hashlib
import ipaddress
import shutil
import socket
import threading
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from conftest import clear_loader_caches

from analysis import manifest as mf
from analysis.errors import DataFileMissingError, DataHashError
from analysis.loaders import _cache

#: Small downloadable files (tens of kB), for the single-file tests.
SMALL = "gdf2016_aid_given_2007"
ALTERED = "gapminder_aid_given_pct_gni"
GONE = "laeven_valencia_2012"
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def _downloadable() -> list[mf.ManifestEntry]:
    return [e for e in mf.manifest().values() if e.upstream_url.startswith(mf.UPSTREAM_PREFIX + "/")]


def _mirror_path(item: mf.ManifestEntry) -> str:
    """The path the mirror serves ``item`` at, taken from the recorded upstream address."""
    return unquote(urlsplit(item.upstream_url).path)


class Mirror:
    """A local HTTP server over a folder laid out as the upstream paths."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.real: dict[str, Path] = {}  # file id -> verified raw file it was copied from
        mirror = self

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with mirror.lock:
                    mirror.requests[unquote(urlsplit(self.path).path)] += 1
                super().do_GET()

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def file(self, file_id: str) -> Path:
        return self.root / _mirror_path(mf.entry(file_id)).lstrip("/")

    def count(self, file_id: str) -> int:
        with self.lock:
            return self.requests[_mirror_path(mf.entry(file_id))]

    def total(self) -> int:
        with self.lock:
            return sum(self.requests.values())


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    """The mirror, built from the raw files as the book finds them with the normal environment."""
    root = tmp_path_factory.mktemp("upstream")
    m = Mirror(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(mf.TRACE_ENV, raising=False)
        for item in _downloadable():
            src = mf.resolve(item.file_id, allow_download=False)  # verified against the manifest
            dst = m.file(item.file_id)
            if dst.exists():  # two entries at one address must be the same bytes
                assert mf.sha256_of(dst) == item.sha256, item.file_id
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            m.real[item.file_id] = src
    m.thread.start()
    yield m
    m.server.shutdown()
    m.server.server_close()
    m.thread.join(timeout=10)


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket connects to during the test; a connection off
    the loopback interface, or a name look-up of another host, is refused (and
    recorded)."""
    seen: list[tuple[str, int]] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(address: object) -> None:
        if isinstance(address, tuple):
            seen.append((address[0], address[1]))
            try:
                loopback = ipaddress.ip_address(address[0]).is_loopback
            except ValueError:
                loopback = False
            if not loopback:
                raise OSError(f"test_download: connection to {address!r} leaves the loopback interface")

    def connect(self, address):
        check(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):  # no name look-up leaves the machine either
        if host not in ("localhost", "127.0.0.1", "::1"):
            seen.append((str(host), -1))
            raise socket.gaierror(f"test_download: look-up of {host!r} refused (offline test)")
        return real_getaddrinfo(host, *args, **kwargs)

    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return seen


@pytest.fixture
def offline(mirror, connections, tmp_path, monkeypatch):
    """Empty data folder and download cache, the mirror as the only upstream;
    afterwards every connection made must have gone to the mirror."""
    data, downloads = tmp_path / "data", tmp_path / "downloads"
    data.mkdir()
    downloads.mkdir()
    monkeypatch.setenv(mf.UPSTREAM_BASE_ENV, mirror.base)
    monkeypatch.setenv(mf.DATA_DIR_ENV, str(data))
    monkeypatch.setenv(mf.DOWNLOAD_DIR_ENV, str(downloads))
    monkeypatch.setenv(mf.NO_DEFAULT_DIR_ENV, "1")
    monkeypatch.setenv(_cache.NO_CACHE_ENV, "1")
    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "tidy-cache"))
    monkeypatch.delenv(mf.TRACE_ENV, raising=False)
    for var in PROXY_VARS:  # a proxy would take the requests off the loopback interface
        monkeypatch.delenv(var, raising=False)
    with mirror.lock:
        mirror.requests.clear()
    mf.manifest.cache_clear()
    clear_loader_caches()
    yield downloads
    clear_loader_caches()
    assert all(addr == ("127.0.0.1", mirror.port) for addr in connections), connections
    assert not any(data.iterdir()), "the data folder was written to"


def _cached_name(file_id: str) -> str:
    return mf.entry(file_id).path.replace("/", "__")


def test_download_is_fetched_once_verified_and_then_reused(mirror, offline, connections):
    item = mf.entry(SMALL)
    assert item.location == "raw" and item.upstream_url
    path = mf.resolve(SMALL)
    assert path.parent == offline and path.name == _cached_name(SMALL)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == item.sha256
    assert path.stat().st_size == item.bytes
    assert mirror.count(SMALL) == 1 and mirror.total() == 1
    assert connections, "the file was not fetched over a socket"
    assert mf.resolve(SMALL) == path
    assert mirror.count(SMALL) == 1 and mirror.total() == 1


def test_altered_download_cache_is_fetched_again(mirror, offline):
    path = mf.resolve(SMALL)
    path.write_bytes(path.read_bytes()[:-1] + b"9")
    assert mf.resolve(SMALL) == path
    assert mf.sha256_of(path) == mf.entry(SMALL).sha256
    assert mirror.count(SMALL) == 2


def test_every_download_address_is_served_by_the_mirror(mirror, offline):
    items = _downloadable()
    raw = [e for e in mf.manifest().values() if e.location == "raw"]
    assert items and len(items) == len(raw), "a raw file has no download address under the replaced prefix"
    for item in items:
        url = mf.download_url(item)
        assert url == mirror.base + urlsplit(item.upstream_url).path, item.file_id
        assert mirror.file(item.file_id).is_file(), item.file_id
        assert mirror.file(item.file_id).stat().st_size == item.bytes, item.file_id
    assert mirror.total() == 0


def test_every_downloadable_file_downloads_and_verifies(mirror, offline):
    items = _downloadable()
    for item in items:
        path = mf.resolve(item.file_id)
        assert path.parent == offline, item.file_id
        assert mf.sha256_of(path) == item.sha256, item.file_id
    assert sorted(p.name for p in offline.iterdir()) == sorted(_cached_name(e.file_id) for e in items)
    assert all(mirror.count(e.file_id) == 1 for e in items), mirror.requests
    assert mirror.total() == len(items)


def test_loader_reads_its_frame_from_downloaded_files(mirror, offline, monkeypatch):
    from analysis.loaders import gapminder_aid

    with mf.recording() as ids:
        frame = gapminder_aid.aid_given()
    assert sorted(set(ids)) == sorted(gapminder_aid.FILES)
    for file_id in gapminder_aid.FILES:
        assert mirror.count(file_id) == 1, file_id
        assert (offline / _cached_name(file_id)).is_file(), file_id
    assert mirror.total() == len(gapminder_aid.FILES)
    assert set(frame["iso3"]) == {"JPN", "USA"} and frame["year"].min() == 1960
    assert frame["oda_given_const2023_usd"].notna().sum() > 100

    # the same frame as from the raw-data folder, without another request
    clear_loader_caches()
    real = mirror.real[SMALL]
    monkeypatch.setenv(mf.DATA_DIR_ENV, str(real.parents[len(Path(mf.entry(SMALL).path).parts) - 1]))
    for file_id in gapminder_aid.FILES:
        assert mf.resolve(file_id) == mirror.real[file_id]
    pd.testing.assert_frame_equal(gapminder_aid.aid_given(), frame)
    assert mirror.total() == len(gapminder_aid.FILES)


@pytest.fixture
def altered(mirror):
    """The mirror's copy of ``ALTERED`` with one byte changed (restored afterwards)."""
    target = mirror.file(ALTERED)
    original = target.read_bytes()
    i = original.index(b",", 100) + 1
    target.write_bytes(original[:i] + (b"8" if original[i:i + 1] != b"8" else b"7") + original[i + 1:])
    yield target
    target.write_bytes(original)


def test_altered_upstream_file_is_refused_and_not_kept(mirror, offline, altered):
    item = mf.entry(ALTERED)
    assert altered.stat().st_size == item.bytes  # same size, one byte differs
    with pytest.raises(DataHashError) as err:
        mf.resolve(ALTERED)
    msg = str(err.value)
    assert item.path in msg and repr(ALTERED) in msg and item.sha256 in msg
    assert mf.download_url(item) in msg
    assert mf.DATA_DIR_ENV in msg and "Do not edit the manifest" in msg  # what to do
    assert mirror.count(ALTERED) == 1
    assert not (offline / _cached_name(ALTERED)).exists()
    assert list(offline.iterdir()) == []  # no temporary file left either


def test_altered_upstream_file_is_refused_every_time(mirror, offline, altered):
    for _ in range(2):
        with pytest.raises(DataHashError):
            mf.resolve(ALTERED)
    assert mirror.count(ALTERED) == 2 and list(offline.iterdir()) == []


@pytest.fixture
def gone(mirror):
    """The mirror without ``GONE`` (restored afterwards)."""
    target = mirror.file(GONE)
    aside = target.with_name(target.name + ".aside")
    target.rename(aside)
    yield target
    aside.rename(target)


def test_missing_upstream_file_is_a_clear_error(mirror, offline, gone):
    item = mf.entry(GONE)
    with pytest.raises(DataFileMissingError) as err:
        mf.resolve(GONE)
    msg = str(err.value)
    assert repr(GONE) in msg and item.path in msg and mf.download_url(item) in msg
    assert "404" in msg and mf.DATA_DIR_ENV in msg
    assert mirror.count(GONE) == 1
    assert list(offline.iterdir()) == []


def test_upstream_base_without_scheme_is_not_a_hash_error(mirror, offline, monkeypatch):
    monkeypatch.setenv(mf.UPSTREAM_BASE_ENV, f"127.0.0.1:{mirror.port}")
    with pytest.raises(DataFileMissingError) as err:
        mf.resolve(SMALL)
    msg = str(err.value)
    assert repr(SMALL) in msg and mf.download_url(mf.entry(SMALL)) in msg
    assert list(offline.iterdir()) == []


def test_no_download_without_permission(mirror, offline):
    with pytest.raises(DataFileMissingError, match="not allowed"):
        mf.resolve(SMALL, allow_download=False)
    assert mirror.total() == 0


def test_files_without_download_address_resolve_without_a_request(mirror, offline, connections):
    local = [e for e in mf.manifest().values() if not e.upstream_url.startswith(mf.UPSTREAM_PREFIX + "/")]
    assert local, "the manifest has no file without a download address (the repository files wdi_aid_*)"
    for item in local:
        path = mf.resolve(item.file_id)
        assert item.location == "repo" and path == mf.REPO_DATA_DIR / item.path, item.file_id
    assert mirror.total() == 0 and connections == []
    assert list(offline.iterdir()) == []
