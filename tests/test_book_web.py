"""The HTML page hygiene extension (_ext/book_web.py): thebe's assets are
dropped from every page, the colour switch has a valid default, the theme's
fontawesome.js is left out of its template, and the Vega bundle and MathJax
are kept only on the pages that use them."""
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


# --------------------------------------------------------------------------- per-page scripts
CHART = ('<div id="vis-6dfea6c2405f" class="book-chart" role="img" aria-label="Line chart"></div>\n'
         '<script type="application/json" data-book-chart="vis-6dfea6c2405f">{"mark": "line"}</script>\n'
         "<script>(function(){var d='vis-6dfea6c2405f';vegaEmbed('#'+d,s,{actions:false});})();</script>")
MATH = '<p>with <span class="math notranslate nohighlight">\\(q_i &gt; 0\\)</span>.</p>'
PLAIN = ('<section class="tex2jax_ignore mathjax_ignore" id="x"><h1>Charts and math</h1>'
         '<p class="math-note">The book-chart and vegaEmbed of chapter 2; mathematics.</p></section>')
MYST_MATHJAX3 = {"options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"}}


def test_class_tokens_reads_every_class_attribute():
    assert book_web.class_tokens('<a class="x  y"><b class=\'z\'><i CLASS="w">') == {"x", "y", "z", "w"}
    assert book_web.class_tokens('<p data-class="x">class="y"</p>') == set()


def test_page_has_chart_finds_the_chart_markup_only():
    assert book_web.page_has_chart(CHART)
    assert book_web.page_has_chart('<div id="vis-1" class="output book-chart"></div>')
    assert book_web.page_has_chart('<script type="application/json" data-book-chart="vis-1">{}</script>')
    assert book_web.page_has_chart("<script>vegaEmbed('#vis-1', spec)</script>")
    assert not book_web.page_has_chart(PLAIN)
    assert not book_web.page_has_chart('<div class="book-charts">')
    assert not book_web.page_has_chart("")


def test_math_classes_follow_the_mathjax_configuration():
    assert book_web.math_classes(None) == {"math"}
    assert book_web.math_classes("not a dict") == {"math"}
    assert book_web.math_classes(MYST_MATHJAX3) == {"math", "tex2jax_process", "mathjax_process", "output_area"}


def test_page_has_math_finds_elements_mathjax_typesets():
    assert book_web.page_has_math(MATH)
    assert book_web.page_has_math('<div class="math notranslate nohighlight">\\[x\\]</div>')
    assert not book_web.page_has_math(PLAIN)
    assert not book_web.page_has_math(CHART)
    assert not book_web.page_has_math('<div class="output_area">$x$</div>')
    assert book_web.page_has_math('<div class="output_area">$x$</div>', book_web.math_classes(MYST_MATHJAX3))


def test_vega_and_mathjax_assets_are_recognised():
    mj = "../mathjax/startup.js"
    # Sphinx files a relative script under _static/ (add_js_file)
    assert book_web.is_vega_asset(_JavaScript("_static/vendor/vega-bundle.js"))
    assert book_web.is_vega_asset("vendor/vega-bundle.js")
    assert not book_web.is_vega_asset(_JavaScript("_static/vendor/vega-other.js"))
    assert not book_web.is_vega_asset(_JavaScript(None, body="vegaEmbed('#x', s)"))
    assert book_web.is_mathjax_asset(_JavaScript("_static/../mathjax/startup.js", defer="defer"), mj)
    assert book_web.is_mathjax_asset(_JavaScript(mj), mj)
    assert book_web.is_mathjax_asset(_JavaScript("", body='window.MathJax = {"loader": {}}'), mj)
    assert book_web.is_mathjax_asset(_JavaScript("", type="text/x-mathjax-config", body="MathJax.Hub.Config({})"), mj)
    cdn = "https://cdn.example/mathjax@3/es5/tex-chtml.js"
    assert book_web.is_mathjax_asset(_JavaScript(cdn), cdn)
    assert not book_web.is_mathjax_asset(_JavaScript("_static/_static/" + cdn), cdn)
    assert not book_web.is_mathjax_asset(_JavaScript("_static/../mathjax/tex-chtml.js"), mj)
    assert not book_web.is_mathjax_asset(_JavaScript("_static/doctools.js"), mj)
    assert not book_web.is_mathjax_asset(_JavaScript(None, body="DOCUMENTATION_OPTIONS.x = 1"), mj)
    assert not book_web.is_mathjax_asset(_JavaScript("_static/doctools.js"), "")


def _page_scripts() -> list[_JavaScript]:
    return [_JavaScript("_static/doctools.js"), _JavaScript("_static/vendor/vega-bundle.js"),
            _JavaScript("", body='window.MathJax = {"options": {}}'),
            _JavaScript("_static/../mathjax/startup.js", defer="defer"),
            _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'p';")]


def _load(body: str | None) -> list[str]:
    app = SimpleNamespace(config=SimpleNamespace(mathjax_path="../mathjax/startup.js", mathjax3_config=MYST_MATHJAX3))
    context: dict = {"script_files": _page_scripts()}
    if body is not None:
        context["body"] = body
    book_web.load_per_page(app, "p", "page.html", context, None)  # type: ignore[arg-type]
    return [str(a.filename or a.attributes.get("body", "")).split(" ")[0] for a in context["script_files"]]


def test_load_per_page_keeps_vega_with_charts_and_mathjax_with_math():
    everything = _load(CHART + MATH)
    assert everything == ["_static/doctools.js", "_static/vendor/vega-bundle.js", "window.MathJax",
                          "_static/../mathjax/startup.js", "DOCUMENTATION_OPTIONS.pagename"]
    assert _load(CHART) == [everything[0], everything[1], everything[4]]
    assert _load(MATH) == [everything[0], everything[2], everything[3], everything[4]]
    assert _load(PLAIN) == [everything[0], everything[4]]
    assert _load(None) == [everything[0], everything[4]]  # the theme's search and index pages
    context = {"body": CHART}
    book_web.load_per_page(SimpleNamespace(config=SimpleNamespace()), "p", "page.html", context, None)  # type: ignore[arg-type]
    assert context == {"body": CHART}


# --------------------------------------------------------------------------- the theme's fontawesome.js
def test_add_templates_puts_the_book_templates_first_once():
    config = SimpleNamespace(templates_path=["_templates"])
    book_web.add_templates(None, config)  # type: ignore[arg-type]
    book_web.add_templates(None, config)  # type: ignore[arg-type]
    assert config.templates_path == [str(book_web.TEMPLATES), "_templates"]
    config = SimpleNamespace(templates_path=None)
    book_web.add_templates(None, config)  # type: ignore[arg-type]
    assert config.templates_path == [str(book_web.TEMPLATES)]
    assert (book_web.TEMPLATES / "static" / "webpack-macros.html").is_file()


def _macros():
    """The book's static/webpack-macros.html and the theme's, loaded the way
    Sphinx's template loader does ("!" names the theme's file)."""
    import jinja2
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"

    class Loader(jinja2.BaseLoader):
        def get_source(self, environment, template):
            path = theme / template[1:] if template.startswith("!") else book_web.TEMPLATES / template
            return path.read_text(encoding="utf-8"), str(path), lambda: True

    env = jinja2.Environment(loader=Loader())
    context = {"pathto": lambda name, resource=0: "../" + name}
    return (env.get_template("static/webpack-macros.html").make_module(context),
            env.get_template("!static/webpack-macros.html").make_module(context))


def test_the_theme_template_without_fontawesome_js_is_otherwise_unchanged():
    ours, theirs = _macros()
    assert "scripts/fontawesome.js" in str(theirs.head_js_preload())
    assert "fontawesome" not in str(ours.head_js_preload())
    kept = [line.strip() for line in str(theirs.head_js_preload()).splitlines()
            if line.strip() and "fontawesome.js" not in line and "custom icons" not in line]
    assert kept and [line.strip() for line in str(ours.head_js_preload()).splitlines() if line.strip()] == kept
    assert "scripts/bootstrap.js" in str(ours.head_js_preload())
    assert str(ours.head_pre_assets()) == str(theirs.head_pre_assets())
    assert str(ours.body_post()) == str(theirs.body_post())
    # every macro of the theme's file is re-exported (the layout calls them all)
    theirs_names = {n for n in dir(theirs) if not n.startswith("_")}
    assert theirs_names and theirs_names <= {n for n in dir(ours) if not n.startswith("_")}


# --------------------------------------------------------------------------- accessibility (issue 13)
TABLE = """<p>Before.</p>
<div class="pst-scrollable-table-container"><table class="table" id="tbl-x">
<caption><span class="caption-number">Table 3.3 </span><span class="caption-text">Core model.</span><a class="headerlink" href="#tbl-x">#</a></caption>
<thead><tr class="row-odd"><th class="head"><p></p></th><th class="head"><p>(1) Pooled</p></th><th class="head"><p>Note</p></th></tr></thead>
<tbody>
<tr class="row-even"><td><p>Bank claims</p></td><td><p>0.21***</p></td><td><p>text</p></td></tr>
<tr class="row-odd"><td><p></p></td><td><p>(0.82)</p></td><td><p>more text</p></td></tr>
<tr class="row-even"><td><p>Year effects</p></td><td><p>Yes</p></td><td><p>1,234</p></td></tr>
<tr class="row-odd"><td><p>N</p></td><td><p>−1,312.5</p></td><td><p>–</p></td></tr>
</tbody></table></div>"""


def test_numeric_cells_and_columns():
    for text in ("0.21", "−0.072", "3.47***", "(0.82)", "[1.5]", "1,234", "12%", "0.15 (−0.2 to 0.4)", "-3",
                 "−6.43 (1.98)", " 42 "):
        assert book_web.is_numeric_cell(text), text
    for text in ("Yes", "H1", "1978–1994", "CC BY 4.0", "1.2.3", "log US$ m", "", "2024-01-02"):
        assert not book_web.is_numeric_cell(text), text
    rows = [["Bank claims", "0.21***", "text"], ["", "(0.82)", "more"], ["Year effects", "Yes", "1,234"],
            ["N", "312", "–"]]
    # column 1: three numbers and a "Yes" (numeric); column 2: one number among two words (not)
    assert book_web.numeric_columns(rows) == {1}
    assert book_web.numeric_columns([["a", "–"], ["b", ""]]) == set()


def _soup(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_table_caption_is_lifted_above_a_labelled_focusable_scroll_box():
    soup = _soup(book_web.accessible_body(TABLE))
    assert soup.find("caption") is None
    wrapper = soup.find(id="tbl-x")
    assert wrapper.name == "div" and wrapper["class"] == ["book-table"]
    caption, container = [c for c in wrapper.children if getattr(c, "name", None)]
    assert caption["class"] == ["book-table-caption"] and caption["id"] == "tbl-x-caption"
    assert caption.get_text().startswith("Table 3.3 Core model.")
    assert "pst-scrollable-table-container" in container["class"]
    assert (container["role"], container["tabindex"], container["aria-labelledby"]) == ("region", "0", "tbl-x-caption")
    table = container.find("table")
    assert table["aria-labelledby"] == "tbl-x-caption" and not table.get("id")
    assert soup.find("p").get_text() == "Before."


def test_numeric_columns_are_right_aligned_head_included():
    soup = _soup(book_web.accessible_body(TABLE))
    for row in soup.find_all("tr"):
        cells = row.find_all(["td", "th"])
        assert [book_web.NUM_CLASS in (c.get("class") or []) for c in cells] == [False, True, False], row


CHART = """<figure class="align-default" id="fig-a">
<div class="cell_output docutils container"><div class="output text_html"><div id="vis-1" class="book-chart" role="img" aria-label="Line chart: x."></div>
<script type="application/json" data-book-chart="vis-1">{}</script>
<script>(function(){var d='vis-1';function go(){var s=1;vegaEmbed('#'+d,s,{actions:false,renderer:'svg'}).catch(function(e){});}go();})();</script></div></div>
<figcaption><p><span class="caption-number">Fig. 5.1 </span><span class="caption-text">Claims.</span><a class="headerlink" href="#fig-a">#</a></p></figcaption>
</figure>"""


def test_chart_sits_in_a_region_named_by_its_caption_and_is_fitted_and_hidden_from_at():
    out = book_web.accessible_body(CHART)
    soup = _soup(out)
    chart = soup.find(id="vis-1")
    region = chart.parent
    assert region["class"] == ["book-chart-scroll"]
    assert (region["role"], region["tabindex"]) == ("region", "0")
    caption = soup.find(id=region["aria-labelledby"])
    assert caption.name == "figcaption" and "Fig. 5.1" in caption.get_text()
    assert out.count(book_web.EMBED_CALL) == 1 and book_web.EMBED_CALL_A11Y in out  # kept as the fallback
    assert "bookEmbed" in out and "aria-hidden" in out and "data-book-drawn" in out
    # idempotent: a second pass adds no second wrapper and no second rewrite
    again = book_web.accessible_body(out)
    assert again.count("book-chart-scroll") == 1 and again.count(book_web.EMBED_CALL_A11Y) == 1


def test_chart_outside_a_figure_is_named_by_its_alt_text():
    soup = _soup(book_web.accessible_body(CHART.split("<figcaption>")[0].replace('<figure class="align-default" id="fig-a">', "")))
    assert soup.find(class_="book-chart-scroll")["aria-label"] == "Line chart: x."


def test_bibliography_entries_are_list_items_and_other_bodies_are_untouched():
    body = '<div role="list" class="citation-list"><div class="citation" id="id1" role="doc-biblioentry">A</div></div>'
    assert 'role="listitem"' in book_web.accessible_body(body) and "doc-biblioentry" not in book_web.accessible_body(body)
    plain = "<p>No table, chart or bibliography &amp; nothing to change.</p>"
    assert book_web.accessible_body(plain) == plain


def test_search_button_template_is_the_themes_without_its_aria_label():
    import pydata_sphinx_theme

    theirs = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "components"
              / "search-button-field.html").read_text(encoding="utf-8")
    ours = (book_web.TEMPLATES / "search-button-field.html").read_text(encoding="utf-8")
    assert ' aria-label="{{ _(\'Search\') }}"' in theirs
    body = ours.split("-#}\n", 1)[1]
    assert body == theirs.replace(' aria-label="{{ _(\'Search\') }}"', "")
    assert "aria-label" not in body


def test_chart_script_goes_with_the_vega_bundle():
    assert book_web.is_vega_asset(_JavaScript("book-charts.js"))
    assert not book_web.is_vega_asset(_JavaScript("book-a11y.js"))


REGRESSION = """<div class="pst-scrollable-table-container"><table class="table" id="tbl-r">
<caption><span class="caption-text">Model.</span></caption>
<thead><tr><th><p></p></th><th><p>(1)</p></th><th><p>(2)</p></th></tr></thead>
<tbody>
<tr class="row-even"><td><p>Bank claims</p></td><td><p>0.21***</p></td><td><p>0.16</p></td></tr>
<tr class="row-odd"><td><p></p></td><td><p>(0.82)</p></td><td><p>(0.77)</p></td></tr>
<tr class="row-even"><td><p>US aid</p></td><td><p>3.47*</p></td><td><p>–</p></td></tr>
<tr class="row-odd"><td><p></p></td><td><p>(1.00)</p></td><td><p></p></td></tr>
<tr class="row-even"><td><p>N</p></td><td><p>312</p></td><td><p>295</p></td></tr>
</tbody></table></div>"""


def test_regression_table_puts_each_standard_error_under_its_coefficient():
    soup = _soup(book_web.accessible_body(REGRESSION))
    rows = soup.find("tbody").find_all("tr")
    assert [r.find("td").get_text() for r in rows] == ["Bank claims", "US aid", "N"]
    cells = [[td.p for td in r.find_all("td")[1:]] for r in rows]
    assert [[c.get_text("|") for c in row] for row in cells] == [
        ["0.21|***|(0.82|)", "0.16|(0.77|)"], ["3.47|*|(1.00|)", "–"], ["312", "295"]]
    assert [len(c.find_all("br")) for c in cells[0] + cells[1]] == [1, 1, 1, 0]


def test_stars_and_closing_parentheses_hang_so_digits_align():
    soup = _soup(book_web.accessible_body(REGRESSION))
    col1 = [r.find_all("td")[1] for r in soup.find("tbody").find_all("tr")]
    assert [str(s) for c in col1 for s in c.p.find_all(string=True, recursive=False)] == [
        "0.21", "(0.82", "3.47", "(1.00", "312"]
    assert [s.get_text() for c in col1 for s in c.find_all(class_=book_web.SUFFIX_CLASS)] == [
        "***", ")", "*", ")", ""]
    assert all(book_web.FIGURE_CLASS in c["class"] for c in col1)
    words = soup.find("tbody").find_all("tr")[1].find_all("td")[2]  # a dash: no figure
    assert book_web.FIGURE_CLASS not in (words.get("class") or [])


def test_env_version_follows_the_module_source(monkeypatch, tmp_path):
    """A change to book_web.py changes its env_version, so Sphinx renders every page again."""
    first = book_web.source_version()
    assert isinstance(first, int) and first == book_web.source_version()
    copy = tmp_path / "book_web.py"
    copy.write_text(Path(book_web.__file__).read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(book_web, "__file__", str(copy))
    assert book_web.source_version() != first


def test_rewritten_tags_keep_their_attribute_order():
    out = book_web.accessible_body(CHART)
    assert '<div id="vis-1" class="book-chart" role="img" aria-label="Line chart: x.">' in out
    assert '<figure class="align-default" id="fig-a">' in out
