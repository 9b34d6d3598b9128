"""The Sphinx extensions' dealings with other packages' internals (``_ext/book_speed.py``,
``_ext/book_latex.py``).

- pybtex is sped up through its public ``register_plugin`` only: after
  :func:`book_speed.register_pybtex_plugins`, lookups no longer scan the
  installed packages' entry points, and pybtex's private lookup is untouched.
- The ``{numref}`` doctree cache patches a private Sphinx method. It is pinned
  to the Sphinx release it was checked against: **this test fails when Sphinx
  is upgraded**, so that someone reads the new ``StandardDomain._resolve_numref_xref``,
  checks the patch (or drops it if Sphinx no longer unpickles a doctree per
  ``{numref}``) and moves ``NUMREF_PATCH_SPHINX``.
- ``book_latex`` replaces Sphinx's ``Table.is_longtable`` (a table of more than
  30 rows that fits one page stays unbroken); pinned the same way
  (``LONGTABLE_PATCH_SPHINX``).
"""
from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest
import sphinx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import book_latex  # noqa: E402
import book_speed  # noqa: E402


def test_numref_patch_is_pinned_to_the_installed_sphinx():
    installed = tuple(sphinx.version_info[:3])
    assert installed == book_speed.NUMREF_PATCH_SPHINX, (
        f"Sphinx {'.'.join(map(str, installed))} is installed, but _ext/book_speed.py's numref cache was checked "
        f"against {'.'.join(map(str, book_speed.NUMREF_PATCH_SPHINX))}: read the new "
        "StandardDomain._resolve_numref_xref, check cache_numref_doctrees against it (or remove it), "
        "then update NUMREF_PATCH_SPHINX"
    )


def test_the_private_sphinx_code_the_patch_relies_on_is_still_there():
    """The cause of the patch: the method unpickles the target page's doctree; the env caches pickles."""
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment

    method = StandardDomain._resolve_numref_xref
    original = getattr(method, "__wrapped__", method)
    assert "env.get_doctree(" in inspect.getsource(original)
    assert list(inspect.signature(original).parameters)[:3] == ["self", "env", "fromdocname"]
    assert "_pickled_doctree_cache" in inspect.getsource(BuildEnvironment)


@pytest.fixture
def restore_numref():
    from sphinx.domains.std import StandardDomain

    saved = StandardDomain.__dict__["_resolve_numref_xref"]
    yield StandardDomain
    StandardDomain._resolve_numref_xref = saved  # type: ignore[method-assign]


def test_numref_patch_applies_only_on_the_pinned_release(restore_numref):
    domain = restore_numref
    before = domain.__dict__["_resolve_numref_xref"]
    if getattr(before, "_book_cached", False):  # patched by an earlier test in this process: start clean
        domain._resolve_numref_xref = before.__wrapped__
        before = before.__wrapped__
    assert book_speed.cache_numref_doctrees((7, 4, 6)) is False
    assert domain.__dict__["_resolve_numref_xref"] is before
    assert book_speed.cache_numref_doctrees(book_speed.NUMREF_PATCH_SPHINX) is True
    patched = domain.__dict__["_resolve_numref_xref"]
    assert patched is not before and patched.__wrapped__ is before
    assert book_speed.cache_numref_doctrees(book_speed.NUMREF_PATCH_SPHINX) is True  # idempotent
    assert domain.__dict__["_resolve_numref_xref"] is patched


def test_pybtex_lookups_skip_the_entry_point_scan_after_registration(monkeypatch):
    import pybtex.plugin as plugin

    assert book_speed.register_pybtex_plugins() > 10
    assert getattr(plugin._load_entry_point, "cache_info", None) is None  # no monkeypatch of pybtex

    def no_scan(**kwargs):
        raise AssertionError(f"entry points scanned for {kwargs}")

    monkeypatch.setattr(plugin, "entry_points", no_scan)
    from pybtex.style.formatting.plain import Style

    assert plugin.find_plugin("pybtex.style.formatting", "plain") is Style
    assert plugin.find_plugin("pybtex.style.formatting") is plugin.find_plugin("pybtex.style.formatting", "unsrt")
    for group, name in [("pybtex.backends", "docutils"), ("pybtex.backends", "plaintext"),
                        ("pybtex.style.labels", "number"), ("pybtex.style.names", "plain"),
                        ("pybtex.style.sorting", "none"), ("pybtex.database.input", "bibtex")]:
        assert isinstance(plugin.find_plugin(group, name), type)


def test_pdf_title_page_escaping_is_sphinx_s(tmp_path):
    """The PDF metadata are escaped by ``sphinx.util.texescape``: LaTeX specials
    escaped as before, a hyphen as Sphinx's ``\\sphinxhyphen{}`` (printed ``-``,
    also in the PDF's metadata)."""
    import book_version

    from tools import meta

    info = book_version.pdf_info(ROOT, "xelatex")
    title = meta.read_book_config(ROOT)["title"]
    assert f"pdftitle={{{title.replace('-', chr(92) + 'sphinxhyphen{}')}}}" in info
    for name in ("_config.yml", "CITATION.cff", "analysis"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "_config.yml").write_text("title: 'R&D_50% {x} #1 $'\nauthor: A\n", encoding="utf-8")
    (tmp_path / "CITATION.cff").write_text("abstract: An abstract. More.\nkeywords: [k]\n", encoding="utf-8")
    assert book_version.pdf_info(tmp_path, "xelatex").startswith(r"\hypersetup{pdftitle={R\&D\_50\% \{x\} \#1 \$}, ")


def test_longtable_patch_is_pinned_to_the_installed_sphinx_and_its_method():
    from sphinx.writers.latex import Table

    installed = tuple(sphinx.version_info[:3])
    assert installed == book_latex.LONGTABLE_PATCH_SPHINX, (
        f"Sphinx {'.'.join(map(str, installed))} is installed, but _ext/book_latex.py's keep_unbroken_tables_whole "
        "was checked against another release: read the new sphinx.writers.latex.Table.is_longtable, check the "
        "patch against it, then update LONGTABLE_PATCH_SPHINX"
    )
    method = Table.is_longtable
    original = getattr(method, "__wrapped__", method)
    assert "self.row > 30 or 'longtable' in self.classes" in inspect.getsource(original)
    assert book_latex.keep_unbroken_tables_whole((7, 4, 6)) is False
    assert Table.is_longtable is method
