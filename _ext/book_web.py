"""The HTML edition's page hygiene: nothing a page loads fails or is unused.

- Thebe (live code cells) is not offered: the book is read offline and its
  chapters are rebuilt with the README's command. Jupyter Book still loads
  ``sphinx_thebe``, which registers its configuration script twice (a
  ``SyntaxError`` in every page's console) and a script and a stylesheet that
  point at a CDN. :func:`drop_thebe_assets` removes them from every page.
- The theme's light/dark switch gets a valid default mode (``auto``), so a
  first visit logs no "invalid theme mode" error.
- No page loads the theme's ``_static/scripts/fontawesome.js`` (1.5 MB): it only
  swaps each ``<i class="fa-...">`` icon for an inline SVG, and the theme's
  stylesheet already draws those icons from the Font Awesome webfont. The
  template ``templates/static/webpack-macros.html`` (put first on
  ``templates_path`` by :func:`add_templates`) leaves that one ``<script>`` out
  of the theme's macro; nothing else of the theme's output changes.
- The Vega bundle (``_static/vendor/vega-bundle.js``, 0.9 MB; Jupyter Book adds
  every script of ``_static`` to every page) is kept only on pages that draw a
  chart, and MathJax only on pages with math: Sphinx adds MathJax to a page
  whose toctree merely *includes* a page with math (the book's root), and the
  theme's pages (search, index) need neither. See :func:`load_per_page`.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: Default colour mode of a first visit (the reader's switch overrides it).
DEFAULT_MODE = "auto"
#: Templates that override the theme's (found before the theme's own).
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The offline Vega, Vega-Lite and vega-embed bundle (scripts/vendor_assets.py).
VEGA_BUNDLE = "vendor/vega-bundle.js"
#: The class Sphinx gives every rendered math node (``<span class="math ...">``).
MATH_CLASS = "math"

_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
#: What analysis/charts.py writes for a chart: a ``.book-chart`` container, its
#: spec in ``<script type="application/json" data-book-chart=...>``, and a
#: ``vegaEmbed(...)`` call that needs the bundle.
_CHART_MARK = re.compile(r"\sdata-book-chart\s*=|\bvegaEmbed\s*\(")


def _filename(asset: Any) -> str:
    """The file name of a page asset (``""`` for an inline script)."""
    return str(getattr(asset, "filename", None) or (asset if isinstance(asset, str) else ""))


def _attributes(asset: Any) -> dict[str, Any]:
    return dict(getattr(asset, "attributes", None) or {})


def is_thebe_asset(asset: Any) -> bool:
    """Whether a page asset (a Sphinx ``_JavaScript`` or ``_CascadingStyleSheet``,
    or a plain file name) belongs to sphinx-thebe.

    Parameters
    ----------
    asset
        An entry of the page context's ``script_files`` or ``css_files``.

    Returns
    -------
    bool
        True for the thebe scripts, the inline thebe configuration and the
        thebe stylesheet.
    """
    filename = _filename(asset)
    body = str(_attributes(asset).get("body", ""))
    return "thebe" in filename.lower() or "THEBE_JS_URL" in body


def drop_thebe_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: Any) -> None:
    """``html-page-context`` handler: remove sphinx-thebe's scripts and stylesheet."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not is_thebe_asset(a)]


def class_tokens(html: str) -> set[str]:
    """Every class name used by an element of ``html``."""
    return {token for m in _CLASS_ATTR.finditer(html) for token in (m.group(1) or m.group(2) or "").split()}


def page_has_chart(body: str) -> bool:
    """Whether a rendered page body holds a chart that needs the Vega bundle: a
    ``book-chart`` container, a ``data-book-chart`` spec or a ``vegaEmbed(`` call."""
    return bool(_CHART_MARK.search(body)) or "book-chart" in class_tokens(body)


def math_classes(mathjax3_config: Any) -> set[str]:
    """The classes whose elements MathJax typesets on the book's pages: Sphinx's
    ``math`` and the alternatives of ``mathjax3_config["options"]["processHtmlClass"]``
    (MyST sets it, and marks each page section ``mathjax_ignore``)."""
    options = (mathjax3_config or {}).get("options", {}) if isinstance(mathjax3_config, dict) else {}
    pattern = str(options.get("processHtmlClass", "") or "")
    return {MATH_CLASS} | {c.strip() for c in pattern.split("|") if c.strip()}


def page_has_math(body: str, classes: Iterable[str] = (MATH_CLASS,)) -> bool:
    """Whether a rendered page body has an element MathJax would typeset (an
    element with one of ``classes``)."""
    return not class_tokens(body).isdisjoint(classes)


def is_vega_asset(asset: Any) -> bool:
    """Whether a page asset is the offline Vega bundle."""
    return _filename(asset).replace("\\", "/").endswith(VEGA_BUNDLE)


def is_mathjax_asset(asset: Any, mathjax_path: str) -> bool:
    """Whether a page asset is MathJax (the script at ``mathjax_path``) or the
    inline configuration Sphinx writes before it (``window.MathJax = ...`` for
    MathJax 3, a ``text/x-mathjax-config`` script for MathJax 2)."""
    attrs = _attributes(asset)
    body = str(attrs.get("body", "")).lstrip()
    filename = _filename(asset)
    # Sphinx's add_js_file() files a relative path under _static/ ("_static/../mathjax/x.js")
    names = {mathjax_path, posixpath.join("_static", mathjax_path)} if "://" not in mathjax_path else {mathjax_path}
    return ((bool(mathjax_path) and filename in names)
            or attrs.get("type") == "text/x-mathjax-config"
            or (not filename and body.startswith("window.MathJax")))


def load_per_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    """``html-page-context`` handler (after Sphinx's MathJax one): drop the Vega
    bundle from a page without a chart and MathJax from a page without math,
    judged on the page's rendered body (``context["body"]``; none on the
    theme's search and index pages)."""
    if "script_files" not in context:
        return
    body = str(context.get("body") or "")
    keep_vega = page_has_chart(body)
    keep_math = page_has_math(body, math_classes(getattr(app.config, "mathjax3_config", None)))
    mathjax_path = str(getattr(app.config, "mathjax_path", "") or "")
    context["script_files"] = [
        a for a in context["script_files"]
        if (keep_vega or not is_vega_asset(a)) and (keep_math or not is_mathjax_asset(a, mathjax_path))
    ]


def add_templates(app: Sphinx, config: Any) -> None:
    """``config-inited`` handler: put :data:`TEMPLATES` first on ``templates_path``
    (its ``static/webpack-macros.html`` leaves out the theme's fontawesome.js)."""
    path = str(TEMPLATES)
    current = list(config.templates_path or [])
    if path not in current:
        config.templates_path = [path, *current]


def set_default_mode(app: Sphinx, config: Any) -> None:
    """``config-inited`` handler: give the theme's colour switch a valid default."""
    config.html_context = {"default_mode": DEFAULT_MODE, **(config.html_context or {})}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", set_default_mode)
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    # after sphinx.ext.mathjax's handler (priority 500), which adds MathJax to the page
    app.connect("html-page-context", load_per_page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
