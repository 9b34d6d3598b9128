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
        src = mf.DEFAULT_DATA_DIR / item.path
        dst = tmp_path / item.path
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        dst.chmod(0o644)
        return dst

    clear_loader_caches()
    yield copy
    clear_loader_caches()
