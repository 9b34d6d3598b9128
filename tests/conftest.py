"""Shared fixtures: a scratch raw-data folder and helpers to corrupt copies of
raw files (never the originals)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import manifest as mf


def clear_loader_caches() -> None:
    """Clear every ``functools.lru_cache`` in the loader modules (and facts)."""
    import importlib
    import pkgutil

    import analysis
    import analysis.loaders

    names = [f"analysis.loaders.{m.name}" for m in pkgutil.iter_modules(analysis.loaders.__path__)]
    names += [f"analysis.{m.name}" for m in pkgutil.iter_modules(analysis.__path__)]
    for name in names:
        try:
            mod = importlib.import_module(name)
        except Exception:
            continue
        for obj in vars(mod).values():
            if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", None) == name:
                obj.cache_clear()


@pytest.fixture
def scratch_data(tmp_path, monkeypatch):
    """A function that copies manifest files into a scratch raw folder named by
    ``BOOK_DATA_DIR`` and returns the copy's path, so a test can alter it.

    The lru caches of loaders are cleared before and after the test.
    """
    monkeypatch.setenv(mf.DATA_DIR_ENV, str(tmp_path))
    # altered copies have the manifest's hash keys: bypass the tidy-frame disk cache
    monkeypatch.setenv("BOOK_NO_CACHE", "1")

    def copy(file_id: str) -> Path:
        item = mf.entry(file_id)
        src = (mf.REPO_DATA_DIR if item.location == "repo" else mf.DEFAULT_DATA_DIR) / item.path
        dst = tmp_path / item.path
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        dst.chmod(0o644)
        return dst

    clear_loader_caches()
    yield copy
    clear_loader_caches()


@pytest.fixture
def skip_coverage_contract(monkeypatch):
    """Turn the coverage-contract check off (in ``_common`` and every loader
    module that imported it), for tests of a loader's own later checks on an
    altered copy that the contract would otherwise refuse first."""
    import importlib
    import pkgutil

    import analysis.loaders

    def skip(file_id, table):
        return None

    for m in pkgutil.iter_modules(analysis.loaders.__path__):
        mod = importlib.import_module(f"analysis.loaders.{m.name}")
        if hasattr(mod, "check_coverage"):
            monkeypatch.setattr(mod, "check_coverage", skip)


#: One call of each public loader, reaching every manifest file that has a loader.
LOADER_CALLS: tuple[tuple[str, str, tuple[object, ...]], ...] = (
    ("aid", "bilateral_aid", ()),
    ("census_trade", "all_partners", ()),
    ("gravity", "flows", ()),
    ("wdi_gdp", "gdp_population", ()),
    ("ewn", "external_wealth", ()),
    ("gapminder_aid", "aid_given", ()),
    ("oecd_dac", "dac_total", ()),
    ("fx", "h10_monthly", ()),
    ("fx", "h10_yearly", ()),
    ("fx", "fred_daily", ()),
    ("fx", "imf_annual", ()),
    ("maddison", "maddison", ()),
    ("pwt", "pwt", ()),
    ("bis", "bank_claims", ()),
    ("gapminder_debt", "debt_indicators", ()),
    ("us_aid", "us_aid", ()),
    ("imf", "arrangements", ("arrangements_1952",)),
    ("imf", "arrangements", ("fund_programs",)),
    ("asonuma", "restructurings", ()),
    ("laeven", "crisis_years", ()),
)


def load_every_file() -> list[str]:
    """Run every loader (see :data:`LOADER_CALLS`), then read the files no
    loader reads with :func:`analysis.loaders._common.read_raw`; return the ids
    of the files whose coverage contract was checked and held, in order."""
    import importlib

    from analysis.loaders import _common

    with _common.coverage_checks() as ids:
        for module, name, args in LOADER_CALLS:
            getattr(importlib.import_module(f"analysis.loaders.{module}"), name)(*args)
        for file_id in mf.manifest():
            if file_id not in ids:
                _common.read_raw(file_id)
    return list(ids)
