"""The HTML page hygiene extension (_ext/book_web.py): thebe's assets are
dropped from every page, the colour switch has a valid default."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import book_web  # noqa: E402


def test_thebe_assets_are_recognised():
    assert book_web.is_thebe_asset(_JavaScript("sphinx-thebe.js", **{"async": "async"}))
    assert book_web.is_thebe_asset(_JavaScript(None, body='const THEBE_JS_URL = "https://unpkg.com/x"'))
    assert book_web.is_thebe_asset(_CascadingStyleSheet("sphinx-thebe.css"))
    assert book_web.is_thebe_asset("https://unpkg.com/thebe@0.8.2/lib/index.js")
    assert not book_web.is_thebe_asset(_JavaScript("vendor/vega-bundle.js"))
    assert not book_web.is_thebe_asset(_JavaScript(None, body="var DOCUMENTATION_OPTIONS = {}"))
    assert not book_web.is_thebe_asset(_CascadingStyleSheet("styles/pydata-sphinx-theme.css"))


def test_drop_thebe_assets_keeps_everything_else_in_order():
    keep_js = [_JavaScript("a.js"), _JavaScript(None, body="x = 1"), _JavaScript("b.js")]
    context = {
        "script_files": [keep_js[0], _JavaScript(None, body="const THEBE_JS_URL = 1"), keep_js[1],
                         _JavaScript("sphinx-thebe.js"), _JavaScript(None, body="const THEBE_JS_URL = 1"), keep_js[2]],
        "css_files": [_CascadingStyleSheet("sphinx-thebe.css"), _CascadingStyleSheet("book.css")],
    }
    book_web.drop_thebe_assets(None, "p", "page.html", context, None)  # type: ignore[arg-type]
    assert context["script_files"] == keep_js
    assert [c.filename for c in context["css_files"]] == ["book.css"]


def test_default_mode_is_valid_and_does_not_override_the_config():
    config = SimpleNamespace(html_context=None)
    book_web.set_default_mode(None, config)  # type: ignore[arg-type]
    assert config.html_context == {"default_mode": "auto"}
    assert book_web.DEFAULT_MODE in ("light", "dark", "auto")
    config = SimpleNamespace(html_context={"default_mode": "light", "x": 1})
    book_web.set_default_mode(None, config)  # type: ignore[arg-type]
    assert config.html_context == {"default_mode": "light", "x": 1}
