"""The HTML edition's page hygiene: nothing a page loads fails or is unused.

- Thebe (live code cells) is not offered: the book is read offline and its
  chapters are rebuilt with the README's command. Jupyter Book still loads
  ``sphinx_thebe``, which registers its configuration script twice (a
  ``SyntaxError`` in every page's console) and a script and a stylesheet that
  point at a CDN. :func:`drop_thebe_assets` removes them from every page.
- The theme's light/dark switch gets a valid default mode (``auto``), so a
  first visit logs no "invalid theme mode" error.
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

#: Default colour mode of a first visit (the reader's switch overrides it).
DEFAULT_MODE = "auto"


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
    filename = str(getattr(asset, "filename", None) or (asset if isinstance(asset, str) else ""))
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in filename.lower() or "THEBE_JS_URL" in body


def drop_thebe_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: Any) -> None:
    """``html-page-context`` handler: remove sphinx-thebe's scripts and stylesheet."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not is_thebe_asset(a)]


def set_default_mode(app: Sphinx, config: Any) -> None:
    """``config-inited`` handler: give the theme's colour switch a valid default."""
    config.html_context = {"default_mode": DEFAULT_MODE, **(config.html_context or {})}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", set_default_mode)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
