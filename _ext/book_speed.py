"""Build speed: two costs of a clean HTML build, removed.

- **pybtex plugin lookups.** sphinxcontrib-bibtex asks pybtex for its style
  plugins once per citation (:func:`pybtex.plugin.find_plugin`), and each
  lookup of an installed plugin scans every installed package's entry points
  (about 8 ms); with a few hundred citations that was a third of a clean
  build. pybtex consults the plugins registered at run time first, so
  :func:`register_pybtex_plugins` registers every installed plugin once, with
  the public :func:`pybtex.plugin.register_plugin`, and later lookups find
  them without a scan.
- **``{numref}`` resolution.** Sphinx 7.4 unpickles the whole doctree of the
  target page for every ``{numref}`` (only to read the target node's type and
  number); the book's pages carry their charts' data, so that cost seconds per
  build. :func:`cache_numref_doctrees` lets that one private method
  (``StandardDomain._resolve_numref_xref``) reuse each page's doctree as long
  as Sphinx's pickled copy of the page (``env._pickled_doctree_cache``) is the
  same object. Both are private, so the patch is applied only on the Sphinx
  release it was checked against (:data:`NUMREF_PATCH_SPHINX`); on any other
  the build is correct, only slower, and ``tests/test_ext_patches.py`` fails
  until someone checks the patch against the new Sphinx and moves the pin.
"""
from __future__ import annotations

from typing import Any

import sphinx
from sphinx.application import Sphinx

#: pybtex's plugin groups (``pybtex.plugin.find_plugin`` accepts only these).
PYBTEX_GROUPS = (
    "pybtex.database.input", "pybtex.database.output", "pybtex.backends", "pybtex.style.labels",
    "pybtex.style.names", "pybtex.style.sorting", "pybtex.style.formatting",
)
#: The Sphinx release whose private ``StandardDomain._resolve_numref_xref`` and
#: ``BuildEnvironment._pickled_doctree_cache`` :func:`cache_numref_doctrees` was checked against.
NUMREF_PATCH_SPHINX = (7, 4, 7)


def register_pybtex_plugins() -> int:
    """Register every installed pybtex plugin (and plugin alias) as a run-time plugin.

    Each name is resolved once with :func:`pybtex.plugin.find_plugin` (so a
    plugin registered at run time before keeps precedence, as does a name over
    an alias) and registered under its group with
    :func:`pybtex.plugin.register_plugin`. A plugin that cannot be loaded is
    left to pybtex's own lookup.

    Returns
    -------
    int
        How many names were registered.
    """
    import pybtex.plugin as plugin

    count = 0
    for group in PYBTEX_GROUPS:
        names = dict.fromkeys([*plugin.enumerate_plugin_names(group),
                               *plugin.enumerate_plugin_names(group + ".aliases")])
        for name in names:
            try:
                klass = plugin.find_plugin(group, name)
            except Exception:  # a broken third-party plugin: pybtex reports it if it is ever asked for
                continue
            plugin.register_plugin(group, name, klass, force=True)
            count += 1
    return count


_NUMREF_TREES: dict[str, tuple[bytes | None, Any]] = {}


def cache_numref_doctrees(version: tuple[int, ...] | None = None) -> bool:
    """Let ``{numref}`` resolution unpickle each target page's doctree once.

    Within ``StandardDomain._resolve_numref_xref`` the doctree is only read, so
    it is reused as long as Sphinx's pickled copy of the page is the same
    object (a re-read page gets a new one). ``env.get_doctree`` elsewhere is
    untouched.

    Parameters
    ----------
    version
        The Sphinx release (default: the installed one). The patch is applied
        only when it is :data:`NUMREF_PATCH_SPHINX`.

    Returns
    -------
    bool
        Whether the method is patched (also when it already was).
    """
    from sphinx.domains.std import StandardDomain

    if tuple(version or sphinx.version_info[:3]) != NUMREF_PATCH_SPHINX:
        return False
    original = StandardDomain._resolve_numref_xref
    if getattr(original, "_book_cached", False):
        return True

    def resolve(self: Any, env: Any, *args: Any, **kwargs: Any) -> Any:
        real = env.get_doctree

        def cached(docname: str) -> Any:
            serialised = env._pickled_doctree_cache.get(docname)
            hit = _NUMREF_TREES.get(docname)
            if hit is not None and serialised is not None and hit[0] is serialised:
                return hit[1]
            tree = real(docname)
            _NUMREF_TREES[docname] = (env._pickled_doctree_cache.get(docname), tree)
            return tree

        env.get_doctree = cached
        try:
            return original(self, env, *args, **kwargs)
        finally:
            del env.get_doctree

    resolve._book_cached = True  # type: ignore[attr-defined]
    resolve.__wrapped__ = original  # type: ignore[attr-defined]
    StandardDomain._resolve_numref_xref = resolve  # type: ignore[method-assign]
    return True


def setup(app: Sphinx) -> dict[str, Any]:
    register_pybtex_plugins()
    cache_numref_doctrees()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
