"""Shared fixtures: a scratch raw-data folder and helpers to corrupt copies of
raw files (never the originals); the strict PDF build that the PDF tests read."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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


# --------------------------------------------------------------------------- the PDF build
ROOT = Path(__file__).resolve().parent.parent
#: Where the PDF tests build the book: the checkout, or ``BOOK_TEST_BUILD_DIR``.
OUT = Path(os.environ.get("BOOK_TEST_BUILD_DIR", ROOT))
LATEX = OUT / "_build" / "latex"
JB = [str(Path(sys.executable).parent / "jupyter-book")]
PDF_TOOLS = ("xelatex", "latexmk", "pdfinfo", "pdftotext", "pdftohtml", "pdfimages", "pdffonts")


def _tools_missing() -> list[str]:
    return [t for t in PDF_TOOLS if shutil.which(t) is None]


@pytest.fixture(scope="session")
def pdf_build() -> Path:
    """The PDF book, built once per test run by Jupyter Book's LaTeX builder,
    strict (-W -n); a LaTeX error fails the build. Skipped where TeX Live or
    poppler-utils are missing, except under CI, where that fails."""
    missing = _tools_missing()
    if missing and not os.environ.get("CI"):
        pytest.skip(f"PDF tools not installed: {missing} (see README)")
    assert not missing, f"CI must have the PDF tools: {missing}"
    cmd = [*JB, "build", str(ROOT), "--builder", "pdflatex", "-W", "-n", "--keep-going"]
    if OUT != ROOT:
        cmd += ["--path-output", str(OUT)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    log = LATEX / "book.log"
    errors = ""
    if log.is_file():
        errors = "\n".join(re.findall(r"^! .*(?:\n.*){0,3}", log.read_text(errors="replace"), re.M))[:3000]
    assert proc.returncode == 0, ("strict PDF build failed:\n" + proc.stdout[-3000:] + proc.stderr[-3000:]
                                  + "\nLaTeX errors:\n" + errors)
    pdf = LATEX / "book.pdf"
    assert pdf.is_file()
    return pdf
