"""Shared fixtures: a scratch raw-data folder and helpers to corrupt copies of
raw files (never the originals)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import manifest as mf


@pytest.fixture
def scratch_data(tmp_path, monkeypatch):
    """A function that copies manifest files into a scratch raw folder named by
    ``BOOK_DATA_DIR`` and returns the copy's path, so a test can alter it.

    The lru caches of loaders are cleared before and after the test.
    """
    from analysis.loaders import aid

    monkeypatch.setenv(mf.DATA_DIR_ENV, str(tmp_path))

    def copy(file_id: str) -> Path:
        item = mf.entry(file_id)
        src = mf.DEFAULT_DATA_DIR / item.path
        dst = tmp_path / item.path
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        dst.chmod(0o644)
        return dst

    aid._load.cache_clear()
    yield copy
    aid._load.cache_clear()
